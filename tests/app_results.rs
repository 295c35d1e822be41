//! The window's results (headless, MinimalPlugins): the signed-in trainee's call is saved to the
//! store when it starts and again when it is graded, and shows in their history and the cohort.
//! A file of its own: it points the station folder at a temporary one for the whole process.
#![cfg(feature = "app")]

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use callsim::app::results::Results;
use callsim::app::state::{Debrief, Library};
use callsim::app::{Command, Screen, Settings, SimulatorState};
use callsim::results::store::{self, Filter};
use callsim::results::{CallStatus, Mode};
use callsim::scenario::Action;
use callsim::sim::Source;

#[test]
fn a_call_in_the_window_is_stored_for_the_signed_in_trainee() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this process, set before any thread reads the environment.
    unsafe { std::env::set_var("CALLSIM_HOME", home.path()) };
    let db = home.path().join("lab.sqlite3");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(500)))
        .add_plugins(SimulatorState {
            scenarios: Path::new("scenarios").to_path_buf(),
            settings: Settings {
                seed: Some(7),
                records: home.path().join("records"),
                trainee: Some("ana".into()),
                store: Some(db.display().to_string()),
                ..Default::default()
            },
            store_results: true,
        });
    app.update();
    assert!(app.world().resource::<Results>().status.contains("lab.sqlite3"));
    let lib = app.world().resource::<Library>();
    let i = lib.entries.iter().position(|e| e.scenario.as_ref().is_some_and(|s| s.id == "irate-outage")).unwrap();
    app.world_mut().write_message(Command::Pick(i));
    app.update();
    // Saved as soon as it starts: a crash from here on leaves a call to recover.
    let started = store::open(Some(db.to_str().unwrap())).unwrap().calls(&Filter::default()).unwrap();
    assert_eq!(started.len(), 1);
    assert_eq!((started[0].trainee.as_str(), started[0].status), ("ana", CallStatus::InProgress));

    app.world_mut().write_message(Command::Say("Hello, I'm so sorry your internet is down.".into(), Source::Typed));
    app.update();
    app.world_mut().write_message(Command::Act(Action::EndCall));
    for _ in 0..100 {
        if *app.world().resource::<Screen>() == Screen::Debrief {
            break;
        }
        app.update();
    }
    let card = app.world().resource::<Debrief>().card.clone();
    assert_eq!(app.world().resource::<Debrief>().saved, None, "stored without a problem");
    let stored = store::open(Some(db.to_str().unwrap())).unwrap().calls(&Filter::default()).unwrap();
    assert_eq!(stored.len(), 1);
    let c = &stored[0];
    assert_eq!((c.status, c.mode, c.seed), (CallStatus::Finished, Mode::Practice, 7));
    assert_eq!(c.scorecard.as_ref(), Some(&card));
    assert!(c.record.as_ref().unwrap().contains("so sorry your internet is down"));

    let mut results = app.world_mut().resource_mut::<Results>();
    results.refresh();
    assert_eq!(results.history.len(), 1);
    assert_eq!(results.history[0].total(), Some(card.total));
    assert_eq!(results.cohort.as_ref().unwrap().trainees[0].trainee, "ana");
    // The station remembers who signed in.
    assert_eq!(std::fs::read_to_string(home.path().join("trainee")).unwrap().trim(), "ana");
}
