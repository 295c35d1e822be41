//! A scripted run of the real window, for CI and for the README's screenshots: pick a call,
//! say some lines, take a screenshot of the call, end it, take one of the debrief, quit.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::window::screenshot::{Screenshot, save_to_disk};

use super::state::{Call, Command, Screen};
use crate::scenario::Action;
use crate::sim::Source;

#[derive(Resource, Debug, Clone, Default)]
pub struct Smoke {
    /// Index of the call to pick in the picker; none: capture the picker itself and quit.
    pub pick: Option<usize>,
    /// Lines to say, each once the caller has finished speaking.
    pub say: Vec<String>,
    pub call_screenshot: Option<PathBuf>,
    /// Ends the call (this button) and captures the debrief.
    pub end_with: Option<Action>,
    pub debrief_screenshot: Option<PathBuf>,
    /// Where the run is.
    pub(crate) step: usize,
    pub(crate) wait_until: f64,
}

pub fn drive(
    mut smoke: ResMut<Smoke>,
    screen: Res<Screen>,
    call: Option<Res<Call>>,
    time: Res<Time>,
    mut out: MessageWriter<Command>,
    mut commands: Commands,
    mut exit: MessageWriter<AppExit>,
) {
    let now = time.elapsed_secs_f64();
    if now < smoke.wait_until {
        return;
    }
    let said = smoke.say.len();
    // Lines are said, and screenshots taken, only while the caller is quiet.
    let quiet = call.is_some_and(|c| !c.caller_speaking());
    match (smoke.step, *screen) {
        (0, Screen::Picker) if now > 1.0 => match smoke.pick {
            Some(i) => {
                out.write(Command::Pick(i));
                smoke.step = 1;
            }
            None => {
                if let Some(path) = smoke.call_screenshot.clone() {
                    commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
                }
                smoke.step = said + 4;
                smoke.wait_until = now + 1.0;
            }
        },
        (n, Screen::Call) if (1..=said).contains(&n) && quiet => {
            out.write(Command::Say(smoke.say[n - 1].clone(), Source::Typed));
            smoke.step += 1;
            smoke.wait_until = now + 1.5;
        }
        (n, Screen::Call) if n == said + 1 && quiet => {
            if let Some(path) = smoke.call_screenshot.clone() {
                commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
            }
            smoke.step += 1;
            smoke.wait_until = now + 2.0;
        }
        (n, Screen::Call) if n == said + 2 => match smoke.end_with {
            Some(action) => {
                out.write(Command::Act(action));
                smoke.step += 1;
            }
            None => {
                exit.write(AppExit::Success);
            }
        },
        (n, Screen::Debrief) if n >= said + 2 && n <= said + 3 => {
            if let Some(path) = smoke.debrief_screenshot.clone() {
                commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
            }
            smoke.step = said + 4;
            smoke.wait_until = now + 2.0;
        }
        (n, _) if n == said + 4 => {
            exit.write(AppExit::Success);
        }
        _ => {}
    }
}
