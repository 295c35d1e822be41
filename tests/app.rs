//! The simulator's systems headless (Bevy MinimalPlugins): a whole call from picker to debrief,
//! and hot reload keeping the last good version of a broken file.
#![cfg(feature = "app")]

use std::path::Path;
use std::time::Duration;

use bevy::prelude::*;
use bevy::time::TimeUpdateStrategy;
use callsim::app::state::{Call, Debrief, Library, Who};
use callsim::app::{Command, Screen, Settings, SimulatorState};
use callsim::scenario::{Action, Outcome};
use callsim::sim::Source;

fn app(scenarios: &Path, records: &Path) -> App {
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        // Each update moves the clock half a second, whatever the machine's speed.
        .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_millis(500)))
        .add_plugins(SimulatorState {
            scenarios: scenarios.to_path_buf(),
            settings: Settings { trainer: true, seed: Some(7), records: records.to_path_buf(), ..Default::default() },
            store_results: false,
        });
    app.update();
    app
}

fn send(app: &mut App, c: Command) {
    app.world_mut().write_message(c);
    app.update();
}

/// Lets the caller finish what they are saying.
fn wait_for_caller(app: &mut App) {
    for _ in 0..200 {
        if app.world().get_resource::<Call>().is_none_or(|c| !c.caller_speaking()) {
            return;
        }
        app.update();
    }
    panic!("the caller never stopped talking");
}

/// Updates until the debrief shows (the caller's last lines are still delivered at their pace).
fn finish(app: &mut App) {
    for _ in 0..100 {
        if *app.world().resource::<Screen>() == Screen::Debrief {
            return;
        }
        app.update();
    }
    panic!("the call never ended");
}

fn index_of(app: &App, id: &str) -> usize {
    let lib = app.world().resource::<Library>();
    lib.entries.iter().position(|e| e.scenario.as_ref().is_some_and(|s| s.id == id)).unwrap()
}

#[test]
fn a_whole_call_from_picker_to_debrief() {
    let records = tempfile::tempdir().unwrap();
    let mut app = app(Path::new("scenarios"), records.path());
    assert_eq!(*app.world().resource::<Screen>(), Screen::Picker);
    assert_eq!(app.world().resource::<Library>().entries.len(), 6);

    let i = index_of(&app, "irate-double-charge");
    send(&mut app, Command::Pick(i));
    assert_eq!(*app.world().resource::<Screen>(), Screen::Call);
    // The caller's lines arrive at their pace, not all at once.
    let shown = |app: &App| app.world().resource::<Call>().transcript.iter().filter(|l| l.who == Who::Caller).count();
    assert!(shown(&app) <= 1);
    wait_for_caller(&mut app);
    assert_eq!(shown(&app), 3);

    send(&mut app, Command::Say("Hello, I'm so sorry, that sounds really frustrating.".into(), Source::Typed));
    let call = app.world().resource::<Call>();
    assert_eq!(call.conv.node(), "calmer");
    let mine = call.transcript.iter().find(|l| l.who == Who::You).unwrap();
    // The trainer view shows each move with its learned score ("Greet 0.56, Acknowledge 0.64, …"),
    // then, as `callsim try` does, the branch the line took and any near misses.
    let (moves, branch) = mine.detail.split_once(" — ").unwrap_or((&mine.detail, ""));
    let moves: Vec<&str> = moves.split(", ").map(|m| m.split(' ').next().unwrap_or("")).collect();
    assert_eq!(moves, ["Greet", "Acknowledge", "Apologize"], "{}", mine.detail);
    assert!(branch.starts_with("branch 1 (") && branch.contains("→ calmer"), "{}", mine.detail);
    wait_for_caller(&mut app);

    send(&mut app, Command::Say("May I place you on hold for two minutes while I check?".into(), Source::Typed));
    send(&mut app, Command::Act(Action::Hold));
    assert!(app.world().resource::<Call>().conv.on_hold());
    send(&mut app, Command::Act(Action::Resume));
    send(&mut app, Command::Say("Of course, I will get my supervisor for you now.".into(), Source::Typed));
    send(&mut app, Command::Act(Action::Escalate));
    finish(&mut app);
    assert_eq!(*app.world().resource::<Screen>(), Screen::Debrief);
    let d = app.world().resource::<Debrief>();
    assert_eq!(d.card.outcome, Some(Outcome::Escalated));
    assert_eq!(d.card.criterion("acknowledge-early").unwrap().status, callsim::grade::Status::Met);
    assert_eq!(d.card.criterion("explain-transfer").unwrap().status, callsim::grade::Status::Met);
    // The record was written as the call went, and grades to the same card.
    let rec = callsim::record::read(&d.record_path).unwrap();
    let sc = callsim::scenario::library::load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario;
    assert_eq!(callsim::grade::grade(&sc, &rec.events), d.card);

    send(&mut app, Command::TryAgain);
    assert_eq!(*app.world().resource::<Screen>(), Screen::Call);
    assert_eq!(app.world().resource::<Call>().scenario.id, "irate-double-charge");
    send(&mut app, Command::Act(Action::EndCall));
    finish(&mut app);
    let d = app.world().resource::<Debrief>();
    assert!(d.card.auto_fails.iter().any(|a| a.id == "hung-up"));
    send(&mut app, Command::BackToPicker);
    assert_eq!(*app.world().resource::<Screen>(), Screen::Picker);
}

#[test]
fn hot_reload_shows_the_problem_and_keeps_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("call.ron");
    let good = std::fs::read_to_string("scenarios/irate-outage.ron").unwrap();
    std::fs::write(&file, &good).unwrap();
    let records = tempfile::tempdir().unwrap();
    let mut app = app(dir.path(), records.path());
    let title = |app: &App| app.world().resource::<Library>().entries[0].scenario.as_ref().unwrap().title.clone();
    assert_eq!(title(&app), "Internet down on a work day");

    // Make sure the modification time moves on filesystems with coarse timestamps.
    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&file, good.replacen("goto: \"listening\"", "goto: \"listenin\"", 1)).unwrap();
    for _ in 0..3 {
        app.update();
    }
    let entry = &app.world().resource::<Library>().entries[0];
    assert_eq!(entry.problems.len(), 1);
    assert!(
        entry.problems[0].contains("call.ron:40:73:") && entry.problems[0].contains("`listenin`"),
        "{:?}",
        entry.problems
    );
    assert_eq!(title(&app), "Internet down on a work day", "the last good version stays");

    std::thread::sleep(Duration::from_millis(1100));
    std::fs::write(&file, good.replacen("Internet down on a work day", "Internet down again", 1)).unwrap();
    for _ in 0..3 {
        app.update();
    }
    assert!(app.world().resource::<Library>().entries[0].problems.is_empty());
    assert_eq!(title(&app), "Internet down again");
}
