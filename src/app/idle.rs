//! A lab of 20-40 stations: an idle simulator must not burn a core.

use bevy::prelude::*;
use bevy::winit::{UpdateMode, WinitSettings};
use bevy_egui::{EguiInput, egui};

use super::state::{Call, Screen};

/// bevy_egui 0.42 pushes an unchanged `ModifiersChanged` event every frame, which egui takes as
/// a reason to repaint, so the window never idles. Drop the ones that change nothing.
pub fn drop_unchanged_modifiers(mut inputs: Query<&mut EguiInput>, mut last: Local<Option<egui::Modifiers>>) {
    for mut input in &mut inputs {
        let before = *last;
        input.events.retain(|e| match e {
            egui::Event::ModifiersChanged(m) => {
                let changed = before != Some(*m);
                *last = Some(*m);
                changed
            }
            _ => true,
        });
    }
}

/// Redraw only on input while nothing moves; on the call screen, tick often enough for the
/// caller's pace and the timers (continuous while the caller is talking).
pub fn update_mode(screen: Res<Screen>, call: Option<Res<Call>>, mut winit: ResMut<WinitSettings>) {
    let wanted = match (*screen, call) {
        (Screen::Call, Some(c)) if c.caller_speaking() => WinitSettings::continuous(),
        // Timers on screen: four redraws a second, focused or not.
        (Screen::Call, _) => {
            let every = UpdateMode::reactive(std::time::Duration::from_millis(250));
            WinitSettings { focused_mode: every, unfocused_mode: every }
        }
        _ => WinitSettings::desktop_app(),
    };
    if winit.focused_mode != wanted.focused_mode {
        *winit = wanted;
    }
}
