//! `callsim play`: a call in the terminal. Interactive at a natural pace on a terminal; from a
//! pipe, each line is taken as said two seconds after the caller finishes.

use std::collections::VecDeque;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::show::{event_line, load_scenario};
use crate::grade::{Scorecard, grade, render::to_text};
use crate::record::guard::may_write;
use crate::record::{Header, RecordWriter};
use crate::results::store::Store;
use crate::results::{self, CallResult, Mode, station};
use crate::scenario::library::{find_files, load_valid};
use crate::scenario::{Action, Loaded};
use crate::sim::{Conversation, Event, Seconds, Source, Timed};
use crate::understand::{Lexicon, Understander};

const HELP: &str = "Type what you say and press Enter. Commands: /hold /resume /escalate /end /help";

/// How to take the call: typed, or spoken with push-to-talk.
pub struct Options {
    pub seed: Option<u64>,
    pub record: Option<PathBuf>,
    /// Replace the `record` file if it exists.
    pub force: bool,
    pub trainer: bool,
    pub voice: bool,
    pub model: Option<PathBuf>,
    /// Who is taking the call (default: asked, or the one remembered on this station).
    pub trainee: Option<String>,
    /// The results store (default: `$CALLSIM_STORE`, else the station's own SQLite file).
    pub store: Option<String>,
}

pub fn run(scenario: Option<PathBuf>, opts: Options) -> u8 {
    let Options { seed, record, force, trainer, voice, model, trainee, store } = opts;
    let path = match scenario {
        Some(p) => p,
        None => match pick() {
            Some(p) => p,
            None => return 2,
        },
    };
    let Some(loaded) = load_scenario(&path) else { return 1 };
    // Practice calls vary by default; the seed is printed so any call can be replayed.
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs() % 100_000)
    });
    // A record named on the command line must not be a scenario or an earlier call (unless
    // --force); the default name is new for every call, so replays never replace each other.
    if let Some(r) = &record
        && let Err(e) = may_write(r, &[&loaded.path], force)
    {
        eprintln!("error: {e}");
        return 1;
    }
    let trainee = station::who(trainee.as_deref());
    let mut store = open_store(store.as_deref());
    let call = CallSpec {
        loaded: &loaded,
        seed,
        record,
        force,
        trainer,
        voice,
        model,
        trainee,
        mode: Mode::Practice,
        time_limit: None,
        certification: None,
    };
    let taken = take_call(&call, store.as_mut());
    println!("\n{}", to_text(&taken.card));
    if let Some(r) = &taken.record {
        println!("Record saved to {} (grade again with: callsim grade {})", r.display(), r.display());
    }
    if let Some(s) = &store {
        println!("Result saved for {} in {}", call.trainee, s.place());
    }
    0
}

/// The results store, with what crashed calls of this station left open finished; or one
/// warning and no store (the call still goes on and its record is still written).
pub fn open_store(spec: Option<&str>) -> Option<Store> {
    match results::store::open(spec) {
        Ok(mut s) => {
            match results::recover::recover(&mut s) {
                Ok(lines) => lines.iter().for_each(|l| println!("note: {l}")),
                Err(e) => eprintln!("warning: {e}"),
            }
            Some(s)
        }
        Err(e) => {
            eprintln!("warning: {e}; this call's result will not be stored (its record is still written)");
            None
        }
    }
}

/// One call to take: the scenario, its fixed or chosen seed, who and how.
pub struct CallSpec<'a> {
    pub loaded: &'a Loaded,
    pub seed: u64,
    pub record: Option<PathBuf>,
    pub force: bool,
    pub trainer: bool,
    pub voice: bool,
    pub model: Option<PathBuf>,
    pub trainee: String,
    pub mode: Mode,
    /// Seconds; past it the call ends (the trainee left) and cannot pass.
    pub time_limit: Option<Seconds>,
    pub certification: Option<String>,
}

/// A call taken: its scorecard, where its record is, and its result as stored.
pub struct Taken {
    pub card: Scorecard,
    pub record: Option<PathBuf>,
    pub result: CallResult,
}

/// Takes one call in the terminal: the record written turn by turn, the result saved in the
/// store when the call starts (so a crash leaves a trace) and again when it is graded.
pub fn take_call(spec: &CallSpec, mut store: Option<&mut Store>) -> Taken {
    let loaded = spec.loaded;
    let seed = spec.seed;
    let header = Header::new(&loaded.scenario.id, &loaded.path, loaded.source.inner(), seed);
    let created = match &spec.record {
        Some(path) => RecordWriter::create(path, &header, spec.force),
        None => RecordWriter::create_fresh(Path::new("records"), &header),
    };
    let mut writer = match created {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: {e}; the call will not be saved");
            None
        }
    };
    let record_path =
        writer.as_ref().map_or_else(|| spec.record.clone().unwrap_or_default(), |w| w.path().to_path_buf());
    let mut result = CallResult::start(
        &spec.trainee,
        &loaded.scenario.id,
        &header.scenario_sha256,
        seed,
        spec.mode,
        &record_path.display().to_string(),
        spec.certification.clone(),
    );
    save(&mut store, &result);
    let sc = &loaded.scenario;
    println!("{} — {} caller, difficulty {}", sc.title, sc.archetype.label(), sc.difficulty);
    if !sc.brief.is_empty() {
        println!("Brief: {}", sc.brief);
    }
    match spec.time_limit {
        Some(limit) => println!("Seed {seed}. Time limit {limit:.0} s. {HELP}\n"),
        None => println!("Seed {seed} (replay with --seed {seed}). {HELP}\n"),
    }

    let understander = Arc::new(Understander::new(&Lexicon::built_in(), Some(sc)));
    let mut conv = Conversation::new(Arc::new(sc.clone()), understander, seed);
    let mut session = Session {
        caller: sc.customer.name.clone(),
        trainer: spec.trainer,
        writer: writer.take(),
        queue: VecDeque::new(),
        limit: spec.time_limit,
    };
    session.handle(conv.log().to_vec());

    if std::io::stdin().is_terminal() {
        let voice = if spec.voice { open_voice(spec.model.as_deref(), sc.speech_prompt()) } else { None };
        interactive(&mut conv, &mut session, voice);
    } else {
        piped(&mut conv, &mut session);
    }
    let card = grade(&loaded.scenario, conv.log());
    let record = session.writer.as_ref().map(|w| w.path().to_path_buf());
    let text = record.as_ref().and_then(|r| std::fs::read_to_string(r).ok());
    result.finish(card.clone(), text);
    save(&mut store, &result);
    Taken { card, record, result }
}

fn save(store: &mut Option<&mut Store>, result: &CallResult) {
    if let Some(s) = store
        && let Err(e) = s.save_call(result)
    {
        eprintln!("warning: {e}; the result is not stored (the record is still written)");
    }
}

struct Session {
    caller: String,
    trainer: bool,
    writer: Option<RecordWriter>,
    /// Caller lines waiting for their time to be shown.
    queue: VecDeque<(Seconds, String)>,
    /// The call's time limit (certification), in call seconds.
    limit: Option<Seconds>,
}

impl Session {
    /// Saves a turn's events and queues or prints what the trainee should see.
    fn handle(&mut self, events: Vec<Timed>) {
        let earlier = self.queue.len();
        if let Some(w) = &mut self.writer
            && let Err(e) = w.append(&events)
        {
            eprintln!("warning: {e}; recording stopped");
            self.writer = None;
        }
        for e in &events {
            match &e.event {
                Event::CustomerSays { line, at, .. } => self.queue.push_back((*at, line.clone())),
                // The call is over. Lines queued by earlier turns and not yet due were cut off;
                // lines of this turn are the caller's last words (a hang-up's goodbye) and come
                // before the end. Nothing the caller says is printed after it.
                Event::CallEnded { .. } | Event::TraineeLeft { .. } => {
                    let mut i = 0;
                    self.queue.retain(|(at, _)| {
                        i += 1;
                        i > earlier || *at <= e.t
                    });
                    self.reveal(None);
                    if let Some(l) = event_line(e, &self.caller) {
                        println!("{l}");
                    }
                }
                // Cut off (interrupted, or put on hold): what they had not said yet is dropped.
                Event::Interrupted { .. } | Event::HoldStarted { .. } => {
                    self.queue.retain(|(at, _)| *at <= e.t);
                    if let Some(l) =
                        event_line(e, &self.caller).filter(|_| matches!(e.event, Event::HoldStarted { .. }))
                    {
                        println!("{l}");
                    }
                }
                Event::TraineeSaid { .. }
                | Event::TraineeAction { .. }
                | Event::NodeEntered { .. }
                | Event::MoodChanged { .. }
                | Event::BranchTaken { .. } => {
                    if self.trainer
                        && let Some(l) = event_line(e, &self.caller)
                    {
                        println!("        ({})", l.trim());
                    }
                }
                _ => {
                    if let Some(l) = event_line(e, &self.caller) {
                        println!("{l}");
                    }
                }
            }
        }
    }

    /// Prints queued caller lines due by `t` (all of them when `t` is None).
    fn reveal(&mut self, t: Option<Seconds>) {
        while let Some((at, line)) = self.queue.front() {
            if t.is_some_and(|t| *at > t) {
                break;
            }
            println!("{}: {line}", self.caller);
            self.queue.pop_front();
        }
        let _ = std::io::stdout().flush();
    }
}

enum Input {
    Say(String),
    Do(Action),
    Help,
    Nothing,
}

fn parse(line: &str) -> Input {
    match line.trim() {
        "" => Input::Nothing,
        "/hold" => Input::Do(Action::Hold),
        "/resume" => Input::Do(Action::Resume),
        "/escalate" | "/transfer" => Input::Do(Action::Escalate),
        "/end" | "/hangup" | "/quit" => Input::Do(Action::EndCall),
        s if s.starts_with('/') => Input::Help,
        s => Input::Say(s.to_string()),
    }
}

fn apply(conv: &mut Conversation, session: &mut Session, input: Input, t: Seconds) {
    let events = match input {
        Input::Say(text) => conv.say(&text, Source::Typed, t),
        Input::Do(action) => conv.act(action, t),
        Input::Help => {
            println!("{HELP}");
            return;
        }
        Input::Nothing => return,
    };
    session.handle(events);
}

#[cfg(feature = "speech")]
type Voice = crate::speech::push_to_talk::Voice;
/// Without the speech feature there is never a voice.
#[cfg(not(feature = "speech"))]
enum Voice {}

#[cfg_attr(not(feature = "speech"), allow(unused_mut))]
fn interactive(conv: &mut Conversation, session: &mut Session, mut voice: Option<Voice>) {
    let rx = trainee_lines().lock().unwrap_or_else(|e| e.into_inner());
    let start = Instant::now();
    let elapsed = || start.elapsed().as_secs_f64();
    loop {
        session.reveal(Some(elapsed()));
        if conv.is_over() && session.queue.is_empty() {
            break;
        }
        if let Some(limit) = session.limit.filter(|l| elapsed() >= *l && !conv.is_over()) {
            time_up(conv, session, limit);
            break;
        }
        #[cfg(feature = "speech")]
        if let Some(v) = &mut voice {
            for heard in v.heard() {
                match heard {
                    Ok((text, since)) if !text.is_empty() => {
                        println!("you (spoken): {text}");
                        let events = conv.say(&text, Source::Spoken, since);
                        session.handle(events);
                    }
                    Ok(_) => println!("(nothing heard)"),
                    Err(e) => println!("({e})"),
                }
            }
        }
        // While the trainee is speaking, the call's clock waits for their words.
        #[cfg(feature = "speech")]
        let speaking = voice.as_ref().is_some_and(|v| v.busy());
        #[cfg(not(feature = "speech"))]
        let speaking = voice.is_some();
        let next =
            session.queue.front().map(|q| q.0).into_iter().chain(conv.next_deadline()).fold(f64::INFINITY, f64::min);
        let wait = (next - elapsed()).clamp(0.01, 0.25);
        match rx.recv_timeout(Duration::from_secs_f64(wait)) {
            #[cfg(feature = "speech")]
            Ok(line) if line.trim().is_empty() && voice.is_some() => {
                if let Some(v) = &mut voice {
                    println!("{}", v.toggle(elapsed()));
                }
            }
            Ok(line) => apply(conv, session, parse(&line), elapsed()),
            Err(RecvTimeoutError::Timeout) if speaking => {}
            Err(RecvTimeoutError::Timeout) => {
                let events = conv.tick(elapsed());
                session.handle(events);
            }
            Err(RecvTimeoutError::Disconnected) => {
                session.handle(end_of_input(conv, elapsed()));
                session.reveal(None);
                break;
            }
        }
    }
}

fn piped(conv: &mut Conversation, session: &mut Session) {
    let rx = trainee_lines().lock().unwrap_or_else(|e| e.into_inner());
    let mut t: Seconds = 0.0;
    session.reveal(None);
    // The call may end on any line; the lines after it belong to the next call (certification).
    while !conv.is_over() {
        let Ok(line) = rx.recv() else { break };
        let input = parse(&line);
        if matches!(input, Input::Nothing) {
            continue;
        }
        t = t.max(conv.caller_speaking_until()) + crate::playtest::script::DEFAULT_WAIT;
        if let Some(limit) = session.limit.filter(|l| t >= *l) {
            time_up(conv, session, limit);
            return;
        }
        if let Input::Say(text) = &input {
            println!("you: {text}");
        }
        apply(conv, session, input, t);
        session.reveal(None);
    }
    session.handle(end_of_input(conv, t));
    session.reveal(None);
}

/// A certification call's time limit is reached: the call ends there (and cannot pass).
fn time_up(conv: &mut Conversation, session: &mut Session, limit: Seconds) {
    println!("(the time limit of {limit:.0} s is reached)");
    session.handle(conv.leave(limit, "the time limit was reached"));
    session.reveal(None);
}

/// The trainee's input lines, read by one thread for the whole program: a certification takes
/// several calls from the same terminal or pipe, and a line belongs to whichever call is on.
fn trainee_lines() -> &'static Mutex<mpsc::Receiver<String>> {
    static LINES: OnceLock<Mutex<mpsc::Receiver<String>>> = OnceLock::new();
    LINES.get_or_init(|| {
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in input_lines(std::io::stdin().lock()) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Mutex::new(rx)
    })
}

/// The input ran out at `t`. A caller already saying goodbye finishes and the call ends as it
/// was going to; otherwise the trainee has left the call (recorded so: not a hang-up).
fn end_of_input(conv: &mut Conversation, t: Seconds) -> Vec<Timed> {
    if conv.is_closing()
        && let Some(due) = conv.next_deadline()
    {
        return conv.tick(due.max(t));
    }
    conv.leave(t, "the input ended before the call did")
}

/// The trainee's lines. Bytes that are not UTF-8 become U+FFFD and the line is still said (with
/// a note): one bad byte must not end the call or lose what follows. A read error ends the input.
fn input_lines(input: impl BufRead) -> impl Iterator<Item = String> {
    input.split(b'\n').map_while(Result::ok).map(|bytes| {
        let text = String::from_utf8_lossy(&bytes);
        if matches!(text, std::borrow::Cow::Owned(_)) {
            eprintln!("note: part of that line was not text; it was replaced with \u{fffd}");
        }
        text.trim_end_matches('\r').to_string()
    })
}

/// The microphone and speech model, or one message saying why not (typed answers still work).
fn open_voice(model: Option<&std::path::Path>, prompt: String) -> Option<Voice> {
    #[cfg(feature = "speech")]
    {
        match Voice::open(model, prompt) {
            Ok(v) => {
                println!(
                    "Voice: press Enter to start talking, Enter again to stop ({}). You can still type.\n",
                    v.device()
                );
                Some(v)
            }
            Err(e) => {
                println!("Voice is not available: {e}\n");
                None
            }
        }
    }
    #[cfg(not(feature = "speech"))]
    {
        let _ = (model, prompt);
        println!("Voice is not available: this callsim was built without the `speech` feature. Typed answers work.\n");
        None
    }
}

/// Lets the trainee choose a bundled scenario by number.
fn pick() -> Option<PathBuf> {
    let files = find_files(&[PathBuf::from("scenarios")]).unwrap_or_default();
    let loaded: Vec<(PathBuf, String)> = files
        .iter()
        .filter_map(|f| {
            load_valid(f).ok().map(|l| {
                (
                    f.clone(),
                    format!(
                        "{} — {} (difficulty {})",
                        l.scenario.title,
                        l.scenario.archetype.label(),
                        l.scenario.difficulty
                    ),
                )
            })
        })
        .collect();
    if loaded.is_empty() {
        eprintln!("error: no scenarios found in ./scenarios; give one: callsim play path/to/scenario.ron");
        return None;
    }
    println!("Choose a call:");
    for (i, (_, title)) in loaded.iter().enumerate() {
        println!("  {:>2}. {title}", i + 1);
    }
    print!("Number: ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).ok()?;
    match answer.trim().parse::<usize>() {
        Ok(n) if (1..=loaded.len()).contains(&n) => Some(loaded[n - 1].0.clone()),
        _ => {
            eprintln!("error: choose a number from 1 to {}", loaded.len());
            None
        }
    }
}
