//! After a crash: calls and certification attempts left "in progress" by a process that is no
//! longer running are finished from their session records (graded INTERRUPTED when the call never
//! ended), so nothing is silently lost and nothing interrupted passes.

use std::path::Path;

use super::store::{Filter, Store, StoreError};
use super::{CallResult, CallStatus};
use crate::grade::{Scorecard, grade};
use crate::scenario::library::load_valid;

/// A record graded against its scenario (found beside the record or where it was), and the
/// record's text.
pub fn grade_record(path: &Path) -> Result<(Scorecard, String), String> {
    let rec = crate::record::read(path).map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let scenario = rec
        .header
        .scenario_candidates(path)
        .into_iter()
        .filter(|p| p.is_file())
        .find_map(|p| load_valid(&p).ok().filter(|l| l.scenario.id == rec.header.scenario_id))
        .ok_or_else(|| format!("the scenario `{}` of {} is not found", rec.header.scenario_id, path.display()))?;
    Ok((grade(&scenario.scenario, &rec.events), text))
}

/// Whether a process of this station is still running.
fn alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        // Signal 0 checks without signalling; EPERM means it exists under another user.
        let r = unsafe { libc::kill(pid as libc::pid_t, 0) };
        r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Whether an in-progress row was left by a process of this station that has stopped.
fn orphaned(station: &str, pid: u32) -> bool {
    station == super::station::name() && pid != std::process::id() && !alive(pid)
}

/// Finishes what crashed processes of this station left open; returns one line per item.
pub fn recover(store: &mut Store) -> Result<Vec<String>, StoreError> {
    let mut said = Vec::new();
    // Only the rows left open are read: this runs whenever a callsim opens the store.
    let open: Vec<CallResult> = store
        .calls(&Filter { status: Some(CallStatus::InProgress), ..Default::default() })?
        .into_iter()
        .filter(|c| orphaned(&c.station, c.pid))
        .collect();
    for mut call in open {
        match grade_record(Path::new(&call.record_path)) {
            Ok((card, text)) => {
                call.finish(card, Some(text));
                said.push(format!(
                    "recovered the call {} of {} on {} from {} ({})",
                    &call.id[..8],
                    call.trainee,
                    call.scenario_id,
                    call.record_path,
                    call.verdict()
                ));
            }
            Err(e) => {
                call.status = CallStatus::Interrupted;
                call.ended_at = Some(super::now());
                said.push(format!("the call {} of {} was interrupted and {e}", &call.id[..8], call.trainee));
            }
        }
        // A crashed call never counts as finished, even if its record reached the ending:
        // the trainee did not see the debrief being saved.
        if call.certification.is_some() {
            call.status = CallStatus::Interrupted;
        }
        store.save_call(&call)?;
    }
    for mut a in store.open_attempts()? {
        if orphaned(&a.station, a.pid) {
            a.status = CallStatus::Interrupted;
            a.passed = false;
            a.ended_at = Some(super::now());
            a.summary = format!("interrupted (the program stopped); {}", a.summary);
            said.push(format!("the certification attempt {} of {} was interrupted", &a.id[..8], a.trainee));
            store.save_attempt(&a)?;
        }
    }
    Ok(said)
}
