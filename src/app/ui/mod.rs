//! The screens, drawn with egui. They read the state and send `Command`s; no rules live here.

mod call;
mod debrief;
mod picker;

use bevy::prelude::*;
use bevy_egui::{EguiContexts, egui};

use super::exam::{ExamRun, Plans};
use super::results::Results;
use super::state::{Call, Command, Debrief, Library, Screen, Settings, VoiceUi};

/// A root `Ui` covering the window (egui 0.36 panels are shown inside a `Ui`).
fn root_ui(ctx: &egui::Context) -> egui::Ui {
    egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.viewport_rect()),
    )
}

/// Readable at 1280×720 and up; no blinking caret (it would keep redrawing an idle window).
pub fn style(mut contexts: EguiContexts, mut done: Local<bool>) -> Result {
    if *done {
        return Ok(());
    }
    let ctx = contexts.ctx_mut()?;
    // Light: a lab room is lit, and the transcript colours are made for it.
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|s| {
        s.visuals.text_cursor.blink = false;
        for (text_style, font) in s.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 24.0,
                egui::TextStyle::Small => 13.0,
                _ => 16.0,
            };
        }
        s.spacing.item_spacing = egui::vec2(8.0, 6.0);
    });
    *done = true;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn draw(
    mut contexts: EguiContexts,
    screen: Res<Screen>,
    library: Res<Library>,
    settings: Res<Settings>,
    time: Res<Time>,
    call: Option<ResMut<Call>>,
    debrief: Option<Res<Debrief>>,
    mut voice: ResMut<VoiceUi>,
    mut results: ResMut<Results>,
    plans: Res<Plans>,
    exam: Option<Res<ExamRun>>,
    mut out: MessageWriter<Command>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    let mut ui = root_ui(&ctx);
    let mut send = |c: Command| {
        out.write(c);
    };
    if ctx.input(|i| i.key_pressed(egui::Key::F2)) {
        send(Command::ToggleTrainer);
    }
    match *screen {
        Screen::Picker => {
            results.refresh();
            let refused = exam.as_deref().map(|r| r.said.join("\n"));
            picker::show(&mut ui, &library, &settings, &mut results, (&plans, refused), &mut send)
        }
        Screen::Call => {
            if let Some(mut call) = call {
                call::show(&mut ui, &mut call, &library, &settings, &time, &mut voice, &mut send);
            }
        }
        Screen::Debrief => match (debrief, exam) {
            (Some(_), Some(run)) => debrief::exam(&mut ui, &run, &mut send),
            (Some(d), None) => debrief::show(&mut ui, &d, &library, &mut send),
            _ => {}
        },
    }
    Ok(())
}

/// Archetype colours, the same on every screen.
fn archetype_colour(a: crate::scenario::Archetype) -> egui::Color32 {
    match a {
        crate::scenario::Archetype::Irate => egui::Color32::from_rgb(200, 60, 50),
        crate::scenario::Archetype::Demanding => egui::Color32::from_rgb(200, 130, 20),
        crate::scenario::Archetype::ChoiceShopping => egui::Color32::from_rgb(40, 120, 190),
    }
}
