//! Certification in the window (headless, MinimalPlugins): a plan's calls one after another with
//! fixed seeds, no trainer view or retries, scores only between calls, and a signed result that
//! `verify` accepts. A file of its own: it points the station folder at a temporary one.
#![cfg(feature = "app")]

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use callsim::app::exam::ExamRun;
use callsim::app::state::Call;
use callsim::app::{Command, Screen, Settings, SimulatorState};
use callsim::results::store::{self, Filter};
use callsim::results::{CallStatus, Mode, certificate};
use callsim::scenario::Action;
use callsim::sim::Source;

fn send(app: &mut App, c: Command) {
    app.world_mut().write_message(c);
    app.update();
}

fn until_debrief(app: &mut App) {
    for _ in 0..200 {
        if *app.world().resource::<Screen>() == Screen::Debrief {
            return;
        }
        app.update();
    }
    panic!("the call never ended");
}

#[test]
fn a_certification_in_the_window_runs_the_plan_and_signs_the_result() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this process, set before any thread reads the environment.
    unsafe { std::env::set_var("CALLSIM_HOME", home.path()) };
    let plans = home.path().join("plans");
    std::fs::create_dir_all(&plans).unwrap();
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    std::fs::write(
        plans.join("desk.ron"),
        format!(
            "(title: \"Desk\", calls: [(scenario: \"{0}/irate-outage.ron\", seed: 21, time_limit: 20), (scenario: \"{0}/irate-double-charge.ron\", seed: 22)], rule: (pass: 1, at: 60), attempts: 1)",
            scenarios.display()
        ),
    )
    .unwrap();
    let db = home.path().join("lab.sqlite3");
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(500)))
        .add_plugins(SimulatorState {
            scenarios: scenarios.clone(),
            settings: Settings {
                trainer: true,
                records: home.path().join("records"),
                trainee: Some("ana".into()),
                store: Some(db.display().to_string()),
                plans,
                ..Default::default()
            },
            store_results: true,
        });
    app.update();
    send(&mut app, Command::StartExam(0));
    assert_eq!(*app.world().resource::<Screen>(), Screen::Call);
    assert!(!app.world().resource::<Settings>().trainer, "no trainer view in a certification");
    send(&mut app, Command::ToggleTrainer);
    assert!(!app.world().resource::<Settings>().trainer);
    assert_eq!(app.world().resource::<Call>().seed, 21);
    // The first call has a 20 s limit: saying nothing more, it ends there and cannot pass.
    until_debrief(&mut app);
    let said = app.world().resource::<ExamRun>().said.clone();
    assert_eq!(said.len(), 1);
    assert!(said[0].starts_with("Call 1 of 2:") && said[0].contains("INTERRUPTED"), "{said:?}");
    // No retry during an attempt.
    send(&mut app, Command::TryAgain);
    assert_eq!(*app.world().resource::<Screen>(), Screen::Debrief);

    send(&mut app, Command::NextExamCall);
    assert_eq!(app.world().resource::<Call>().seed, 22);
    send(&mut app, Command::Say("Hello, I'm so sorry you were charged twice.".into(), Source::Typed));
    send(&mut app, Command::Act(Action::EndCall));
    until_debrief(&mut app);
    let run = app.world().resource::<ExamRun>();
    assert!(run.done && run.exam.is_none());
    let last = run.said.last().unwrap().clone();
    assert!(last.starts_with("NOT PASSED: 0 of 2 calls passed"), "{last}");
    let path = last.rsplit("Signed result: ").next().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let key = certificate::read_key(home.path().join("station.pub").to_str().unwrap()).unwrap();
    let v = certificate::verify(&text, Some(&key));
    assert!(v.valid, "{:?}", v.findings);
    assert_eq!(v.certificate.unwrap().calls.iter().map(|c| c.seed).collect::<Vec<_>>(), [21, 22]);

    let mut s = store::open(Some(db.to_str().unwrap())).unwrap();
    let attempts = s.attempts(Some("ana"), None).unwrap();
    assert_eq!((attempts.len(), attempts[0].status, attempts[0].passed), (1, CallStatus::Finished, false));
    let calls = s.calls(&Filter::default()).unwrap();
    assert_eq!(calls.len(), 2);
    assert!(calls.iter().all(|c| c.mode == Mode::Test && c.certification.as_deref() == Some(&attempts[0].id)));
    send(&mut app, Command::BackToPicker);
    assert_eq!(*app.world().resource::<Screen>(), Screen::Picker);
    // The plan allows one attempt: a second is refused, with the reason shown.
    send(&mut app, Command::StartExam(0));
    assert_eq!(*app.world().resource::<Screen>(), Screen::Picker);
    let said = &app.world().resource::<ExamRun>().said;
    assert!(said[0].contains("has used 1 of 1 attempts"), "{said:?}");
}
