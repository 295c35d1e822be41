//! What the simulator is showing and doing, as Bevy resources and systems. No drawing here: the
//! same systems run headless in tests (MinimalPlugins) and under the window.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use bevy::prelude::*;

use super::exam::{ExamRun, Plans};
use super::results::Results;
use crate::grade::{Scorecard, grade};
use crate::record::{Header, RecordWriter};
use crate::results::exam::Exam;
use crate::results::{CallResult, Mode};
use crate::scenario::library::find_files;
use crate::scenario::validate::validate;
use crate::scenario::{Action, Mood, Scenario, load_file};
use crate::sim::{Conversation, Event, Seconds, Source, Timed};
use crate::understand::{Lexicon, Understander};

/// One scenario file and its last good version.
pub struct Entry {
    pub path: PathBuf,
    pub scenario: Option<Arc<Scenario>>,
    /// The diagnostics of the file as it is on disk now (empty when it is valid).
    pub problems: Vec<String>,
    modified: Option<SystemTime>,
}

impl Entry {
    fn load(path: PathBuf, last_good: Option<Arc<Scenario>>) -> Entry {
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let (scenario, problems) = match load_file(&path) {
            Ok(loaded) => {
                let problems: Vec<_> = validate(&loaded).into_iter().filter(|p| p.is_error()).collect();
                if problems.is_empty() {
                    (Some(Arc::new(loaded.scenario)), Vec::new())
                } else {
                    (last_good, problems.iter().map(|p| p.to_string()).collect())
                }
            }
            Err(problems) => (last_good, problems.iter().map(|p| p.to_string()).collect()),
        };
        Entry { path, scenario, problems, modified }
    }
}

/// The scenarios the picker offers, reloaded when their files change.
#[derive(Resource)]
pub struct Library {
    pub entries: Vec<Entry>,
    since_check: f32,
}

impl Library {
    pub fn load(dir: &std::path::Path) -> Library {
        let files = find_files(&[dir.to_path_buf()]).unwrap_or_default();
        Library { entries: files.into_iter().map(|p| Entry::load(p, None)).collect(), since_check: 0.0 }
    }
}

#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Picker,
    Call,
    Debrief,
}

#[derive(Resource, Debug, Clone, Default)]
pub struct Settings {
    /// Show the current node and the moves found in each line.
    pub trainer: bool,
    /// A fixed seed (certification); otherwise each call picks one.
    pub seed: Option<u64>,
    /// Where session records go.
    pub records: PathBuf,
    /// Who signs in first (`--trainee`); else the one remembered on this station.
    pub trainee: Option<String>,
    /// The results store (`--store`); else `$CALLSIM_STORE`, else the station's own file.
    pub store: Option<String>,
    /// Where certification plans are offered from (`assets/plans`).
    pub plans: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    Caller,
    You,
    /// Hold, escalation and other things that happened.
    Note,
}

#[derive(Debug, Clone)]
pub struct Line {
    pub t: Seconds,
    pub who: Who,
    pub text: String,
    pub turn: Option<u32>,
    /// Moves found in a trainee line; the node a caller line belongs to.
    pub detail: String,
}

/// A call in progress.
#[derive(Resource)]
pub struct Call {
    pub entry: usize,
    pub scenario: Arc<Scenario>,
    pub conv: Conversation,
    /// Bevy time (seconds) when the call connected.
    pub started: f64,
    pub transcript: Vec<Line>,
    /// Caller lines waiting for their moment.
    pub pending: VecDeque<(Seconds, String, String)>,
    pub input: String,
    /// The call's time at the last frame.
    pub clock: Seconds,
    /// The trainee started speaking then; the call's clock waits for their words.
    pub talking_since: Option<Seconds>,
    pub seed: u64,
    pub writer: Option<RecordWriter>,
    pub record_path: PathBuf,
    /// A problem worth one line in the window (recording failed, voice unavailable).
    pub notice: Option<String>,
    /// Reads the lines again for the trainer view's branch report (the same reader as the call).
    pub understander: Arc<Understander>,
    /// The caller's mood after the last events taken in: the mood a new line is answered in.
    pub mood_seen: Mood,
    /// The call as the results store keeps it.
    pub result: CallResult,
    /// A certification call's time limit: past it the call ends and cannot pass.
    pub time_limit: Option<Seconds>,
}

impl Call {
    pub fn now(&self, time: &Time) -> Seconds {
        time.elapsed_secs_f64() - self.started
    }

    pub fn mood(&self) -> Mood {
        self.conv.mood()
    }

    /// Takes in a turn's events: saved to the record, caller lines queued, the rest shown.
    fn take(&mut self, events: Vec<Timed>) {
        if let Some(w) = &mut self.writer
            && let Err(e) = w.append(&events)
        {
            self.notice = Some(format!("{e}; this call is no longer being saved"));
            self.writer = None;
        }
        // What the line did at its node, as `callsim try` shows it: for the trainer view.
        let trial = crate::playtest::trial::trial_of(&self.scenario, &self.understander, &events, self.mood_seen);
        self.mood_seen = self.conv.mood();
        for e in events {
            let note = |text: String| Line { t: e.t, who: Who::Note, text, turn: None, detail: String::new() };
            match e.event {
                Event::CustomerSays { line, at, node, .. } => self.pending.push_back((at, line, node)),
                Event::HoldStarted { .. } => self.pending.retain(|p| p.0 <= e.t),
                Event::Interrupted { .. } => {
                    self.pending.retain(|p| p.0 <= e.t);
                    self.transcript.push(note("You interrupted the caller.".into()));
                }
                Event::TraineeSaid { turn, text, understood, .. } => {
                    let mut detail = understood.trainer_labels().join(", ");
                    if let Some(trial) = &trial {
                        detail.push_str(&format!(" — {}", trial.summary()));
                    }
                    self.transcript.push(Line { t: e.t, who: Who::You, text, turn: Some(turn), detail });
                }
                Event::TraineeAction { turn, action, .. } => self.transcript.push(Line {
                    t: e.t,
                    who: Who::Note,
                    text: format!("[{action:?}]"),
                    turn: Some(turn),
                    detail: String::new(),
                }),
                Event::HoldWarning { waited } => {
                    self.transcript.push(note(format!("On hold {waited:.0} s without a check-in.")))
                }
                Event::DeadAir { silence } => self.transcript.push(note(format!("{silence:.0} s of silence."))),
                Event::SupervisorRequested { .. } => {
                    self.transcript.push(note("The caller asks for a supervisor.".into()))
                }
                Event::CallEnded { outcome } => self.transcript.push(note(format!("Call ended: {outcome:?}"))),
                _ => {}
            }
        }
    }

    /// Moves caller lines whose time has come into the transcript.
    fn reveal(&mut self, now: Seconds) {
        while self.pending.front().is_some_and(|p| p.0 <= now) {
            if let Some((at, line, node)) = self.pending.pop_front() {
                self.transcript.push(Line { t: at, who: Who::Caller, text: line, turn: None, detail: node });
            }
        }
    }

    /// The caller is still delivering lines (as of the last frame).
    pub fn caller_speaking(&self) -> bool {
        !self.pending.is_empty() || self.clock < self.conv.caller_speaking_until()
    }
}

/// The finished call's scorecard.
#[derive(Resource)]
pub struct Debrief {
    pub entry: usize,
    pub card: Scorecard,
    pub record_path: PathBuf,
    /// The transcript turn the trainee clicked in the evidence.
    pub focus_turn: Option<u32>,
    /// Why the result was not stored, when it was not.
    pub saved: Option<String>,
}

/// Push-to-talk as the window sees it: the key, and what to show.
#[derive(Resource, Debug, Clone, Default)]
pub struct VoiceUi {
    pub available: bool,
    /// Space is held (with the answer box empty).
    pub held: bool,
    pub recording: bool,
    /// Why voice is unavailable, when it is.
    pub status: String,
}

/// What the trainee asks for: from buttons, keys, or tests.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum Command {
    Pick(usize),
    Say(String, Source),
    /// A transcript, said at the time the trainee started speaking.
    Spoken(String, Seconds),
    Act(Action),
    TryAgain,
    NextScenario,
    BackToPicker,
    ToggleTrainer,
    FocusTurn(u32),
    /// Start a certification attempt at the plan with this number.
    StartExam(usize),
    /// The attempt's next call.
    NextExamCall,
}

/// Applies commands: starting calls, lines said, buttons, moving between screens.
#[allow(clippy::too_many_arguments)]
pub fn apply_commands(
    mut commands: MessageReader<Command>,
    mut world: Commands,
    mut screen: ResMut<Screen>,
    mut settings: ResMut<Settings>,
    library: Res<Library>,
    time: Res<Time>,
    mut call: Option<ResMut<Call>>,
    mut debrief: Option<ResMut<Debrief>>,
    mut results: ResMut<Results>,
    plans: Option<Res<Plans>>,
    mut exam: Option<ResMut<ExamRun>>,
) {
    let in_exam = ExamRun::active(exam.as_deref());
    for command in commands.read() {
        // During a certification attempt there are no retries, no other calls, no trainer view,
        // and no leaving it.
        let blocked = matches!(
            command,
            Command::Pick(_)
                | Command::TryAgain
                | Command::NextScenario
                | Command::ToggleTrainer
                | Command::StartExam(_)
                | Command::BackToPicker
        );
        if in_exam && blocked {
            continue;
        }
        match command.clone() {
            Command::StartExam(i) => {
                let Some((lp, scenarios)) =
                    plans.as_deref().and_then(|p| p.entries.get(i)).and_then(|e| e.ready.as_ref().ok())
                else {
                    continue;
                };
                let trainee = results.signed_in();
                let begun = match results.store() {
                    Some(mut store) => Exam::begin(lp.clone(), scenarios.clone(), &trainee, &mut store),
                    None => Err("a certification needs the results store, and it is not open".into()),
                };
                let mut run = ExamRun::default();
                match begun {
                    Ok(e) => {
                        settings.trainer = false;
                        run.exam = Some(e);
                        if let Some(c) = exam_call(&mut run, &settings, &time, &mut results) {
                            world.insert_resource(c);
                            world.remove_resource::<Debrief>();
                            *screen = Screen::Call;
                        }
                    }
                    Err(e) => {
                        run.said.push(e);
                        run.done = true;
                    }
                }
                world.insert_resource(run);
            }
            Command::NextExamCall => {
                let Some(run) = exam.as_deref_mut() else { continue };
                if let Some(c) = exam_call(run, &settings, &time, &mut results) {
                    world.insert_resource(c);
                    world.remove_resource::<Debrief>();
                    *screen = Screen::Call;
                }
            }
            Command::Pick(i) => {
                if let Some(c) = start_call(&library, i, &settings, &time, &mut results) {
                    world.insert_resource(c);
                    world.remove_resource::<Debrief>();
                    *screen = Screen::Call;
                }
            }
            Command::TryAgain | Command::NextScenario => {
                let Some(d) = debrief.as_deref() else { continue };
                let n = library.entries.len().max(1);
                let next = if *command == Command::TryAgain { d.entry } else { (d.entry + 1) % n };
                if let Some(c) = start_call(&library, next, &settings, &time, &mut results) {
                    world.insert_resource(c);
                    world.remove_resource::<Debrief>();
                    *screen = Screen::Call;
                }
            }
            Command::BackToPicker => {
                world.remove_resource::<Call>();
                world.remove_resource::<Debrief>();
                world.remove_resource::<ExamRun>();
                *screen = Screen::Picker;
            }
            Command::ToggleTrainer => settings.trainer = !settings.trainer,
            Command::Say(text, source) => {
                if let Some(c) = call.as_deref_mut()
                    && !text.trim().is_empty()
                {
                    let now = c.now(&time);
                    let events = c.conv.say(text.trim(), source, now);
                    c.take(events);
                }
            }
            Command::Spoken(text, since) => {
                if let Some(c) = call.as_deref_mut() {
                    let events = c.conv.say(&text, Source::Spoken, since);
                    c.take(events);
                    c.talking_since = None;
                }
            }
            Command::Act(action) => {
                if let Some(c) = call.as_deref_mut() {
                    let now = c.now(&time);
                    let events = c.conv.act(action, now);
                    c.take(events);
                }
            }
            Command::FocusTurn(turn) => {
                if let Some(d) = debrief.as_deref_mut() {
                    d.focus_turn = Some(turn);
                }
            }
        }
    }
}

fn start_call(
    library: &Library,
    index: usize,
    settings: &Settings,
    time: &Time,
    results: &mut Results,
) -> Option<Call> {
    let entry = library.entries.get(index)?;
    let scenario = entry.scenario.clone()?;
    let seed = settings.seed.unwrap_or_else(|| {
        SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(1, |d| d.as_secs() % 100_000)
    });
    let text = std::fs::read_to_string(&entry.path).unwrap_or_default();
    let how = How { mode: Mode::Practice, certification: None, time_limit: None, record: None };
    Some(begin_call(index, &entry.path, &text, scenario, seed, settings, time, results, how))
}

/// The attempt's next call, with the plan's seed, time limit and record place.
fn exam_call(run: &mut ExamRun, settings: &Settings, time: &Time, results: &mut Results) -> Option<Call> {
    let exam = run.exam.as_ref()?;
    let i = exam.next()?;
    let pc = &exam.plan.plan.calls[i];
    let loaded = &exam.scenarios[i];
    let record = results.store().map(|s| exam.record_path(&s, i));
    let how = How {
        mode: Mode::Test,
        certification: Some(exam.attempt.id.clone()),
        time_limit: pc.time_limit.map(f64::from),
        record,
    };
    let scenario = Arc::new(loaded.scenario.clone());
    Some(begin_call(0, &loaded.path, loaded.source.inner(), scenario, pc.seed, settings, time, results, how))
}

/// How a call is taken: practice, or one call of a certification attempt.
struct How {
    mode: Mode,
    certification: Option<String>,
    time_limit: Option<Seconds>,
    /// Where its record goes (default: a new file in the records folder).
    record: Option<PathBuf>,
}

#[allow(clippy::too_many_arguments)]
fn begin_call(
    index: usize,
    path: &std::path::Path,
    text: &str,
    scenario: Arc<Scenario>,
    seed: u64,
    settings: &Settings,
    time: &Time,
    results: &mut Results,
    how: How,
) -> Call {
    let understander = Arc::new(Understander::new(&Lexicon::built_in(), Some(&scenario)));
    let conv = Conversation::new(scenario.clone(), understander.clone(), seed);
    let mood_seen = conv.mood();
    let header = Header::new(&scenario.id, path, text, seed);
    let created = match &how.record {
        Some(r) => RecordWriter::create(r, &header, false),
        None => RecordWriter::create_fresh(&settings.records, &header),
    };
    let (writer, mut notice) = match created {
        Ok(w) => (Some(w), None),
        Err(e) => (None, Some(format!("{e}; this call will not be saved"))),
    };
    let record_path = writer.as_ref().map_or_else(|| settings.records.clone(), |w| w.path().to_path_buf());
    let result = CallResult::start(
        &results.signed_in(),
        &scenario.id,
        &header.scenario_sha256,
        seed,
        how.mode,
        &record_path.display().to_string(),
        how.certification,
    );
    notice = notice.or(results.save(&result));
    let mut call = Call {
        entry: index,
        scenario,
        conv,
        started: time.elapsed_secs_f64(),
        transcript: Vec::new(),
        pending: VecDeque::new(),
        input: String::new(),
        clock: 0.0,
        talking_since: None,
        seed,
        writer,
        record_path,
        notice,
        understander,
        mood_seen,
        result,
        time_limit: how.time_limit,
    };
    let opening = call.conv.log().to_vec();
    call.take(opening);
    call
}

/// Lets the call's time pass: timers, the caller's pace, the end of the call.
pub fn advance_call(
    mut world: Commands,
    time: Res<Time>,
    call: Option<ResMut<Call>>,
    mut screen: ResMut<Screen>,
    mut results: ResMut<Results>,
    mut exam: Option<ResMut<ExamRun>>,
) {
    let Some(mut call) = call else { return };
    let now = call.now(&time);
    call.clock = now;
    if let Some(limit) = call.time_limit.filter(|l| now >= *l && !call.conv.is_over()) {
        let events = call.conv.leave(limit, "the time limit was reached");
        call.take(events);
        call.pending.clear();
    }
    // While the trainee speaks, the caller waits to hear it (no dead air, no new lines).
    if call.talking_since.is_none() {
        let events = call.conv.tick(now);
        call.take(events);
    }
    call.reveal(now);
    if call.conv.is_over() && call.pending.is_empty() {
        let card = grade(&call.scenario, call.conv.log());
        let saved = results.finish(&mut call.result, &card);
        if let Some(run) = exam.as_deref_mut() {
            exam_call_ended(run, &card, &call.result, &mut results);
        }
        world.insert_resource(Debrief {
            entry: call.entry,
            card,
            record_path: call.record_path.clone(),
            focus_turn: None,
            saved,
        });
        world.remove_resource::<Call>();
        *screen = Screen::Debrief;
    }
}

/// A certification call is graded: added to the attempt; after the last, the result is signed.
fn exam_call_ended(run: &mut ExamRun, card: &Scorecard, result: &CallResult, results: &mut Results) {
    let Some(exam) = run.exam.as_mut() else { return };
    exam.add(card, result.record.clone().unwrap_or_default());
    run.said.push(exam.last_call_line());
    if exam.next().is_some() {
        return;
    }
    let exam = run.exam.take().expect("checked above");
    let finished = match results.store() {
        Some(mut store) => exam.finish(&mut store, None),
        None => Err("the results store closed; the attempt is recorded as interrupted".into()),
    };
    run.said.push(match finished {
        Ok(o) => format!(
            "{}: {}. Signed result: {}",
            if o.passed { "PASSED" } else { "NOT PASSED" },
            o.summary,
            o.path.display()
        ),
        Err(e) => e,
    });
    run.done = true;
    results.stale = true;
}

/// How often scenario files are checked for changes.
const RELOAD_EVERY: f32 = 0.5;

/// Hot reload: a changed file is loaded again; if it is invalid, its diagnostics are shown and
/// the last good version stays in use.
pub fn hot_reload(time: Res<Time>, mut library: ResMut<Library>) {
    library.since_check += time.delta_secs();
    if library.since_check < RELOAD_EVERY {
        return;
    }
    library.since_check = 0.0;
    for entry in &mut library.entries {
        let modified = std::fs::metadata(&entry.path).and_then(|m| m.modified()).ok();
        if modified != entry.modified {
            *entry = Entry::load(entry.path.clone(), entry.scenario.clone());
            info!("reloaded {} ({} problems)", entry.path.display(), entry.problems.len());
        }
    }
}

/// The headless part of the simulator: state, commands, the call clock, hot reload.
pub struct SimulatorState {
    pub scenarios: PathBuf,
    pub settings: Settings,
    /// Open the results store (off in tests that do not look at results).
    pub store_results: bool,
}

impl Plugin for SimulatorState {
    fn build(&self, app: &mut App) {
        let results = if self.store_results {
            Results::open(self.settings.store.as_deref(), self.settings.trainee.as_deref())
        } else {
            Results::none()
        };
        app.insert_resource(Library::load(&self.scenarios))
            .insert_resource(Plans::load(&self.settings.plans))
            .insert_resource(results)
            .insert_resource(self.settings.clone())
            .init_resource::<Screen>()
            .init_resource::<VoiceUi>()
            .add_message::<Command>()
            .add_systems(Update, (apply_commands, advance_call, hot_reload).chain());
    }
}
