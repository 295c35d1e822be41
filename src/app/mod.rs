//! The desktop simulator (feature `app`): Bevy + egui screens over the core. The app is a thin
//! layer: the rules live in `scenario`, `understand`, `sim` and `grade`.

pub mod exam;
mod idle;
pub mod results;
mod smoke;
pub mod state;
mod ui;
#[cfg(feature = "speech")]
mod voice;

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::{PresentMode, WindowResolution};
use bevy_egui::{EguiPlugin, EguiPreUpdateSet, EguiPrimaryContextPass};

pub use smoke::Smoke;
pub use state::{Command, Screen, Settings, SimulatorState};

pub struct AppOptions {
    pub scenarios: PathBuf,
    /// Answer by speaking (hold Space); needs a microphone and the speech model.
    pub voice: bool,
    pub settings: Settings,
    /// Scripted run for CI and README screenshots.
    pub smoke: Option<Smoke>,
}

/// Why the window cannot open, before Bevy tries (and panics).
fn no_display() -> Option<&'static str> {
    if cfg!(target_os = "linux") && std::env::var_os("DISPLAY").is_none() {
        return Some("there is no display (DISPLAY is not set)");
    }
    None
}

/// Opens the simulator window. Returns the process exit code.
pub fn run(opts: AppOptions) -> u8 {
    if let Some(why) = no_display() {
        eprintln!(
            "callsim: cannot open the simulator window: {why}.\nTake calls in the terminal instead: callsim play (or run under a desktop session / xvfb-run)."
        );
        return 2;
    }
    let smoke = opts.smoke.is_some();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut app = App::new();
        app.add_plugins(
            DefaultPlugins
                .set(WindowPlugin {
                    primary_window: Some(Window {
                        title: "callsim".into(),
                        resolution: WindowResolution::new(1280, 720),
                        present_mode: PresentMode::AutoVsync,
                        ..default()
                    }),
                    ..default()
                })
                // main() has set up logging already.
                .disable::<bevy::log::LogPlugin>(),
        )
        .add_plugins(EguiPlugin::default())
        .add_plugins(SimulatorState { scenarios: opts.scenarios, settings: opts.settings, store_results: true })
        .insert_resource(ClearColor(Color::srgb(0.97, 0.97, 0.97)))
        .add_systems(Startup, |mut commands: Commands| {
            commands.spawn(Camera2d);
        })
        .add_systems(
            PreUpdate,
            idle::drop_unchanged_modifiers.after(EguiPreUpdateSet::ProcessInput).before(EguiPreUpdateSet::BeginPass),
        )
        .add_systems(EguiPrimaryContextPass, (ui::style, ui::draw).chain());
        #[cfg(feature = "speech")]
        {
            // The prompt is set per call from its scenario when the trainee starts speaking.
            let prompt = String::new();
            app.insert_non_send(voice::open(opts.voice, prompt))
                .add_systems(Update, voice::push_to_talk.before(state::apply_commands));
        }
        if let Some(s) = opts.smoke {
            // A scripted run keeps drawing so it moves on without input.
            app.insert_resource(s)
                .insert_resource(bevy::winit::WinitSettings::continuous())
                .add_systems(Update, smoke::drive);
        } else {
            app.add_systems(Update, idle::update_mode);
        }
        app.run()
    }));
    match result {
        Ok(AppExit::Success) => 0,
        Ok(AppExit::Error(code)) => code.get(),
        Err(_) => {
            eprintln!(
                "callsim: the simulator window failed (see the message above). Take calls in the terminal instead: callsim play"
            );
            if smoke { 1 } else { 2 }
        }
    }
}
