//! Shared printing: diagnostics with source snippets, and one line per call event.

use std::io::IsTerminal;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::scenario::Problem;
use crate::sim::{Event, Timed};

/// A problem as miette renders it: file:line:col, the source lines, the hint.
pub fn diagnostic(p: &Problem) -> String {
    let theme =
        if std::io::stderr().is_terminal() { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let mut out = String::new();
    if GraphicalReportHandler::new_themed(theme).render_report(&mut out, &p.shown()).is_err() {
        out = format!("{p}\n");
    }
    out
}

/// A valid scenario for a command, or its problems printed (the caller then exits 1).
pub fn load_scenario(path: &std::path::Path) -> Option<crate::scenario::Loaded> {
    crate::scenario::library::load_valid(path).map_err(|problems| print_problems(&problems)).ok()
}

pub fn print_problems(problems: &[Problem]) {
    for p in problems {
        eprintln!("{}", diagnostic(p));
    }
}

/// One line for a call event, or None for events a reader does not need.
pub fn event_line(e: &Timed, caller: &str) -> Option<String> {
    let t = e.t;
    Some(match &e.event {
        Event::CustomerSays { line, at, .. } => format!("{at:>6.1}s  {caller}: {line}"),
        Event::TraineeSaid { text, understood, .. } => {
            let moves = understood.trainer_labels();
            format!("{t:>6.1}s  you: {text}   [{}]", moves.join(", "))
        }
        Event::TraineeAction { action, .. } => format!("{t:>6.1}s  you: [{action:?}]"),
        Event::NodeEntered { node } => format!("{t:>6.1}s  → node {node}"),
        Event::BranchTaken { from, condition, goto, end } => {
            let to = goto.clone().or(end.map(|o| format!("end {o:?}"))).unwrap_or_default();
            format!("{t:>6.1}s  branch {from} → {to} ({condition})")
        }
        Event::ReactionFired { index, condition } => {
            format!("{t:>6.1}s  reaction #{index} ({condition})")
        }
        Event::NoBranchMatched { node } => format!("{t:>6.1}s  no branch of {node} matched"),
        Event::MoodChanged { mood, cause } => {
            format!(
                "{t:>6.1}s  mood anger {:.2} trust {:.2} patience {:.2} ({cause})",
                mood.anger, mood.trust, mood.patience
            )
        }
        Event::Interrupted { .. } => format!("{t:>6.1}s  ! interrupted the caller"),
        Event::SupervisorRequested { .. } => {
            format!("{t:>6.1}s  ! the caller asks for a supervisor")
        }
        Event::SupervisorRefused { .. } => format!("{t:>6.1}s  ! supervisor request refused"),
        Event::HoldStarted { asked_first } => {
            format!("{t:>6.1}s  on hold{}", if *asked_first { "" } else { " (without asking)" })
        }
        Event::CheckedIn { waited } => format!("{t:>6.1}s  checked in after {waited:.0} s on hold"),
        Event::HoldWarning { waited } => {
            format!("{t:>6.1}s  ! on hold {waited:.0} s without a check-in")
        }
        Event::HoldEnded { held } => format!("{t:>6.1}s  off hold after {held:.0} s"),
        Event::DeadAir { silence } => format!("{t:>6.1}s  ! {silence:.0} s of silence"),
        Event::CallEnded { outcome } => format!("{t:>6.1}s  call ended: {outcome:?}"),
        Event::TraineeLeft { reason } => format!("{t:>6.1}s  you left the call ({reason}); it counts as interrupted"),
        Event::CallStarted { .. } => return None,
    })
}

/// Writes a command's output to `output`, or prints it; exit 0, or 1 when the file cannot be written.
pub fn emit(text: &str, output: Option<&std::path::Path>) -> u8 {
    match output {
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => {
                println!("wrote {}", path.display());
                0
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                1
            }
        },
        None => {
            print!("{text}");
            0
        }
    }
}
