//! The `callsim` command line: check, graph, play, playtest, explain, grade.

mod calibrate;
mod certify;
mod check;
mod explain;
mod grade;
mod graph;
mod play;
mod playtest;
mod results;
mod show;
#[cfg(feature = "speech")]
mod speech;
mod train;
mod try_line;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "callsim",
    version,
    about = "Call-center agent training simulator: scripted customers, graded debriefs"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check scenario files: syntax, references, reachability, rubric. Exit 1 on any error.
    Check {
        /// Files or folders (default: scenarios/).
        paths: Vec<PathBuf>,
    },
    /// Print a scenario's branch graph (Graphviz dot or Mermaid).
    Graph {
        scenario: PathBuf,
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Take a call in the terminal. Type your lines; /hold /resume /escalate /end. Reads a pipe too.
    Play {
        /// The scenario file (default: pick from scenarios/).
        scenario: Option<PathBuf>,
        /// Seed for the caller's line variants (same seed + same inputs = same call).
        #[arg(long)]
        seed: Option<u64>,
        /// Where to write the session record (default: a new records/<scenario>-<seed>-<time>.jsonl).
        #[arg(long)]
        record: Option<PathBuf>,
        /// Replace the --record file if it exists (never a scenario).
        #[arg(long)]
        force: bool,
        /// Show the current node and the moves found in each of your lines.
        #[arg(long)]
        trainer: bool,
        /// Answer by speaking: Enter starts and stops recording (needs a microphone and a model).
        #[arg(long)]
        voice: bool,
        /// The ggml Whisper model for --voice (default: $CALLSIM_WHISPER_MODEL, else assets/models/ggml-tiny.en.bin).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Who is taking the call (default: $CALLSIM_TRAINEE, else asked; remembered on this station).
        #[arg(long)]
        trainee: Option<String>,
        /// The results store: a SQLite file or postgres://… (default: $CALLSIM_STORE, else the station's own file).
        #[arg(long)]
        store: Option<String>,
    },
    /// Results per trainee, per scenario and per dimension, and the criteria most missed.
    Report {
        #[arg(long)]
        trainee: Option<String>,
        /// A scenario id.
        #[arg(long)]
        scenario: Option<String>,
        /// Calls started on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = results::ReportFormat::Text)]
        format: results::ReportFormat,
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        store: Option<String>,
    },
    /// Take a certification: the plan's calls with fixed seeds and time limits, no trainer view or
    /// hints, the result signed with this station's key. Exit 0 passed, 1 not passed.
    Certify {
        plan: PathBuf,
        #[arg(long)]
        trainee: Option<String>,
        #[arg(long)]
        store: Option<String>,
        /// Where to write the signed result (default: certificates/ beside the store).
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Check a signed certification result: valid, or exactly what does not match.
    Verify {
        result: PathBuf,
        /// The station's public key (64 hex digits, or a file such as station.pub).
        #[arg(long)]
        key: Option<String>,
    },
    /// Results for an LMS: xAPI statements (cmi5 conventions), one JSON array.
    Export {
        /// Write xAPI statements (the only format so far).
        #[arg(long, required = true)]
        xapi: bool,
        /// The IRI activities and trainee accounts are named under.
        #[arg(long, default_value = "https://callsim.local/xapi")]
        base: String,
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[arg(long)]
        force: bool,
        #[arg(long)]
        store: Option<String>,
    },
    /// Print this station's public signing key (made on first use), for `verify --key`.
    Key {
        #[arg(long)]
        store: Option<String>,
    },
    /// Run a scripted trainee and check its expectations (exit 1 when one fails), or explore.
    Playtest {
        /// The scenario; or a playtest script alone, when its `scenario:` names the scenario.
        scenario: PathBuf,
        /// The playtest script (RON); not needed with --explore.
        script: Option<PathBuf>,
        /// Drive random seeded trainees through the scenario and report what is never reached.
        #[arg(long)]
        explore: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Calls to play when exploring.
        #[arg(long, default_value_t = 300)]
        calls: usize,
        /// Also write the session record here (a scripted run only: exploring plays hundreds of calls).
        #[arg(long, conflicts_with = "explore")]
        record: Option<PathBuf>,
        /// Replace the --record file if it exists (never a scenario or the script).
        #[arg(long)]
        force: bool,
        /// Print only the outcome, the score and failures.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Try a line at a node: the branch it takes and why, what was read, the mood change, and the
    /// branches it missed with what they needed. With no line, a prompt that follows the call.
    #[command(name = "try")]
    Try {
        scenario: PathBuf,
        /// The line a trainee might say (leave out for a prompt).
        line: Option<String>,
        /// The node to try it at (default: the scenario's start).
        #[arg(long)]
        node: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show the moves, intents and timelines found in a line, and which phrase fired each.
    Explain {
        text: String,
        /// What the caller had just said (for paraphrase and asking again).
        #[arg(long)]
        caller: Option<String>,
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// A lexicon file to use instead of the built-in one.
        #[arg(long)]
        lexicon: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Score the understanding on labelled lines: per-move precision, recall, F1 and exact-line
    /// accuracy, on the training and the test part of the corpus (or the files given).
    Eval {
        /// Labelled files or folders (default: tests/data/corpus/train and tests/data/corpus/test).
        files: Vec<PathBuf>,
        /// The scenario folder: a line's scenario id is looked up here (default: the double-charge call).
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Read with the phrase lexicon only, as when the encoder is absent.
        #[arg(long)]
        lexicon_only: bool,
        /// List every utterance not understood exactly.
        #[arg(long)]
        errors: bool,
    },
    /// Measure scenario intents matched by meaning on labelled lines: exact-line accuracy,
    /// precision and recall by threshold, against the words alone.
    EvalIntents {
        /// `scenario<TAB>intent or -<TAB>line` files (default: tests/data/intents/tune.tsv and test.tsv).
        files: Vec<PathBuf>,
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
    },
    /// Play and grade expert-labelled calls: expert vs callsim, pass/fail agreement, ±10 points,
    /// Spearman; exit 1 below the calibration targets.
    Calibrate {
        /// Folders of labelled calls (default: tests/data/calibration/tune and …/test).
        dirs: Vec<PathBuf>,
    },
    /// Train the learned reader's move heads on the corpus's training part.
    Train {
        #[arg(long, default_value = "tests/data/corpus/train")]
        corpus: PathBuf,
        #[arg(long, default_value = "assets/models/reader")]
        out: PathBuf,
        /// Hidden layer width (0: one logistic regression per move).
        #[arg(long, default_value_t = 0)]
        hidden: usize,
        #[arg(long, default_value_t = 400)]
        steps: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[arg(long, default_value_t = 0.05)]
        lr: f64,
        #[arg(long, default_value_t = 0.01)]
        weight_decay: f64,
        /// Train on this share of the lines only (a learning curve), 0 < share <= 1.
        #[arg(long, default_value_t = 1.0)]
        share: f64,
        /// Fine-tune the encoder's top layers with the heads.
        #[arg(long)]
        fine_tune: bool,
        /// With --fine-tune: how many top layers are trained.
        #[arg(long, default_value_t = 3)]
        layers: usize,
        #[arg(long, default_value_t = 4)]
        epochs: usize,
        /// The precision critical moves' thresholds must reach on the cross-writer scores.
        #[arg(long, default_value_t = 0.98)]
        critical_precision: f64,
        /// Only choose the thresholds again, from the kept cross-writer scores in OUT.
        #[arg(long)]
        rethreshold: bool,
        /// With --fine-tune: the encoder layers' learning rate.
        #[arg(long, default_value_t = 1e-4)]
        encoder_lr: f64,
    },
    /// Transcribe a WAV file with whisper and print the text and timing.
    #[cfg(feature = "speech")]
    Transcribe {
        wav: PathBuf,
        /// The ggml Whisper model (default: $CALLSIM_WHISPER_MODEL, else assets/models/ggml-tiny.en.bin).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Decoding threads (default: $CALLSIM_WHISPER_THREADS, else 2; always clamped to 1..=the cores).
        #[arg(long)]
        threads: Option<i32>,
        /// Bias recognition toward this scenario's names and terms.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Speak sentences with espeak-ng, transcribe them: word error rate and understanding per sentence.
    #[cfg(feature = "speech")]
    SpeechEval {
        #[arg(default_value = "tests/data/speech-eval.tsv")]
        file: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        threads: Option<i32>,
        #[arg(long, default_value = "scenarios/irate-double-charge.ron")]
        scenario: PathBuf,
    },
    /// Open the desktop simulator (also what `callsim` alone does when there is a display).
    #[cfg(feature = "app")]
    App {
        /// The scenario folder.
        #[arg(long, default_value = "scenarios")]
        scenarios: PathBuf,
        /// Start with the trainer view on (F2 toggles it).
        #[arg(long)]
        trainer: bool,
        /// A fixed seed for every call (certification).
        #[arg(long)]
        seed: Option<u64>,
        /// Answer by speaking: hold Space (with the answer box empty). Needs a microphone and a model.
        #[arg(long)]
        voice: bool,
        /// Who signs in first (default: the trainee remembered on this station).
        #[arg(long)]
        trainee: Option<String>,
        /// The results store: a SQLite file or postgres://… (default: $CALLSIM_STORE, else the station's own file).
        #[arg(long)]
        store: Option<String>,
        /// Scripted run: pick this call (1 = first; 0 = stay on the picker)…
        #[arg(long, hide = true, default_value_t = 1)]
        pick: usize,
        /// …say these lines (repeatable)…
        #[arg(long, hide = true)]
        say: Vec<String>,
        /// …then save a screenshot of the call…
        #[arg(long, hide = true)]
        screenshot: Option<PathBuf>,
        /// …end it with this button (escalate or end)…
        #[arg(long, hide = true)]
        end_with: Option<String>,
        /// …save a screenshot of the debrief, and quit.
        #[arg(long, hide = true)]
        debrief_screenshot: Option<PathBuf>,
    },
    /// Grade a session record.
    Grade {
        record: PathBuf,
        #[arg(long, value_enum, default_value_t = CardFormat::Text)]
        format: CardFormat,
        /// The scenario (default: the path stored in the record).
        #[arg(long)]
        scenario: Option<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Replace the output file if it exists (never the record itself).
        #[arg(long)]
        force: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardFormat {
    Text,
    Json,
    Html,
}

/// `callsim` alone: the window when there is a display, else the terminal picker.
fn no_command() -> u8 {
    #[cfg(feature = "app")]
    if std::env::var_os("DISPLAY").is_some() || !cfg!(target_os = "linux") {
        let settings = crate::app::Settings {
            records: PathBuf::from("records"),
            plans: PathBuf::from("assets/plans"),
            ..Default::default()
        };
        return crate::app::run(crate::app::AppOptions {
            scenarios: PathBuf::from("scenarios"),
            voice: false,
            settings,
            smoke: None,
        });
    }
    play::run(
        None,
        play::Options {
            seed: None,
            record: None,
            force: false,
            trainer: false,
            voice: false,
            model: None,
            trainee: None,
            store: None,
        },
    )
}

/// Exit codes: 0 fine, 1 a problem found (invalid scenario, failed expectation), 2 usage error.
pub const USAGE: u8 = 2;

pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Some(Command::Check { paths }) => check::run(paths),
        Some(Command::Graph { scenario, format }) => graph::run(&scenario, format),
        Some(Command::Play { scenario, seed, record, force, trainer, voice, model, trainee, store }) => {
            play::run(scenario, play::Options { seed, record, force, trainer, voice, model, trainee, store })
        }
        Some(Command::Report { trainee, scenario, since, format, output, force, store }) => {
            results::report(results::ReportArgs { store, trainee, scenario, since, format, output, force })
        }
        Some(Command::Certify { plan, trainee, store, output }) => certify::certify(&plan, trainee, store, output),
        Some(Command::Verify { result, key }) => certify::verify(&result, key),
        Some(Command::Export { xapi: _, base, output, force, store }) => {
            results::export_xapi(store, &base, output, force)
        }
        Some(Command::Key { store }) => results::key(store),
        Some(Command::Playtest { scenario, script, explore, seed, calls, record, force, quiet }) => {
            if explore {
                playtest::explore(&scenario, seed, calls)
            } else if let Some(script) = script {
                playtest::run(&scenario, &script, record.map(|r| (r, force)), quiet)
            } else if let Some(named) = playtest::scenario_named_by(&scenario) {
                // `callsim playtest script.ron`: the script's own `scenario:` names the scenario.
                playtest::run(&named, &scenario, record.map(|r| (r, force)), quiet)
            } else {
                eprintln!(
                    "error: playtest needs a SCRIPT, or --explore ({} is a scenario, or a script with no `scenario:`)\n\nUsage: callsim playtest SCENARIO SCRIPT\n       callsim playtest SCRIPT   (its `scenario:` names the scenario)\n       callsim playtest --explore SCENARIO [--seed N]",
                    scenario.display()
                );
                USAGE
            }
        }
        Some(Command::Try { scenario, line, node, json }) => try_line::run(&scenario, node, line, json),
        Some(Command::Explain { text, caller, scenario, lexicon, json }) => {
            explain::run(&text, caller, scenario, lexicon, json)
        }
        #[cfg(feature = "speech")]
        Some(Command::Transcribe { wav, model, threads, scenario }) => {
            speech::transcribe(&wav, model, threads, scenario)
        }
        #[cfg(feature = "speech")]
        Some(Command::SpeechEval { file, model, threads, scenario }) => speech::eval(&file, model, threads, &scenario),
        Some(Command::Eval { files, scenarios, lexicon_only, errors }) => {
            explain::eval(&files, &scenarios, lexicon_only, errors)
        }
        Some(Command::EvalIntents { files, scenarios }) => explain::eval_intents(&files, &scenarios),
        Some(Command::Calibrate { dirs }) => {
            let dirs = if dirs.is_empty() {
                vec![PathBuf::from("tests/data/calibration/tune"), PathBuf::from("tests/data/calibration/test")]
            } else {
                dirs
            };
            calibrate::run(&dirs)
        }
        Some(Command::Train {
            corpus,
            out,
            hidden,
            steps,
            seed,
            lr,
            weight_decay,
            share,
            fine_tune,
            layers,
            epochs,
            encoder_lr,
            critical_precision,
            rethreshold,
        }) => {
            if rethreshold {
                return ExitCode::from(train::rethreshold(&out, &corpus, share, critical_precision));
            }
            train::run(train::Options {
                corpus: &corpus,
                out: &out,
                hidden,
                steps,
                seed,
                learning_rate: lr,
                weight_decay,
                critical_precision,
                share,
                fine_tune: fine_tune.then(|| crate::understand::model::settings::FineTune {
                    layers,
                    epochs,
                    encoder_lr,
                    seed,
                    ..Default::default()
                }),
            })
        }
        Some(Command::Grade { record, format, scenario, output, force }) => {
            grade::run(&record, format, scenario, output, force)
        }
        #[cfg(feature = "app")]
        Some(Command::App {
            scenarios,
            trainer,
            seed,
            voice,
            trainee,
            store,
            pick,
            say,
            screenshot,
            end_with,
            debrief_screenshot,
        }) => {
            let smoke =
                (!say.is_empty() || screenshot.is_some() || debrief_screenshot.is_some()).then(|| crate::app::Smoke {
                    pick: pick.checked_sub(1),
                    say,
                    call_screenshot: screenshot,
                    end_with: match end_with.as_deref() {
                        Some("escalate") => Some(crate::scenario::Action::Escalate),
                        Some(_) => Some(crate::scenario::Action::EndCall),
                        None => None,
                    },
                    debrief_screenshot,
                    ..Default::default()
                });
            let settings = crate::app::Settings {
                trainer,
                seed,
                records: PathBuf::from("records"),
                trainee,
                store,
                plans: PathBuf::from("assets/plans"),
            };
            crate::app::run(crate::app::AppOptions { scenarios, voice, settings, smoke })
        }
        None => no_command(),
    };
    ExitCode::from(code)
}
