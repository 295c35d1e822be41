//! The window's results: who is signed in at this station, each call saved to the store as it
//! starts and when it is graded, the trainee's own history and (trainer view) the cohort.

use std::sync::Mutex;

use bevy::prelude::*;

use crate::grade::Scorecard;
use crate::results::report::{self, Report};
use crate::results::store::{Filter, Store};
use crate::results::{CallResult, station};

#[derive(Resource)]
pub struct Results {
    store: Option<Mutex<Store>>,
    /// The sign-in box: a name or id, remembered on this station.
    pub trainee: String,
    /// Where results go, or why they do not (shown on the picker).
    pub status: String,
    /// The signed-in trainee's calls, newest first (refreshed on the picker).
    pub history: Vec<CallResult>,
    /// Everyone's, for the trainer view.
    pub cohort: Option<Report>,
    /// The history is out of date (a call ended, another trainee signed in).
    pub stale: bool,
}

impl Results {
    /// Opens the store (`spec`, else `$CALLSIM_STORE`, else the station's file), finishing what
    /// a crashed window or terminal left open. Without a store the calls still run and their
    /// records are still written.
    pub fn open(spec: Option<&str>, trainee: Option<&str>) -> Results {
        let trainee = trainee.and_then(station::clean).or_else(station::remembered_trainee).unwrap_or_default();
        let (store, status) = match crate::results::store::open(spec) {
            Ok(mut s) => {
                let recovered = crate::results::recover::recover(&mut s).map(|l| l.len()).unwrap_or(0);
                let status = match recovered {
                    0 => format!("Results are saved in {}", s.place()),
                    n => format!("Results are saved in {} ({n} interrupted calls recovered)", s.place()),
                };
                (Some(Mutex::new(s)), status)
            }
            Err(e) => (None, format!("Results are not being saved: {e}")),
        };
        Results { store, trainee, status, history: Vec::new(), cohort: None, stale: true }
    }

    /// A store that keeps nothing (tests that do not look at results).
    pub fn none() -> Results {
        Results {
            store: None,
            trainee: String::new(),
            status: "Results are not being saved".into(),
            history: Vec::new(),
            cohort: None,
            stale: false,
        }
    }

    /// Who takes the next call: the sign-in box, else "unknown". Remembered for the next start.
    pub fn signed_in(&mut self) -> String {
        match station::clean(&self.trainee) {
            Some(t) => {
                if station::remembered_trainee().as_deref() != Some(t.as_str()) {
                    station::remember_trainee(&t);
                }
                t
            }
            None => "unknown".into(),
        }
    }

    /// The store, when there is one (certification needs it).
    pub fn store(&self) -> Option<std::sync::MutexGuard<'_, Store>> {
        self.store.as_ref().map(|s| s.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Saves a call (started, or graded); a failure is shown, never fatal.
    pub fn save(&mut self, call: &CallResult) -> Option<String> {
        self.store()?
            .save_call(call)
            .err()
            .map(|e| format!("{e}; this result is not stored (its record is still written)"))
    }

    /// Marks a call graded and saves it.
    pub fn finish(&mut self, call: &mut CallResult, card: &Scorecard) -> Option<String> {
        let text = std::fs::read_to_string(&call.record_path).ok();
        call.finish(card.clone(), text);
        self.stale = true;
        self.save(call)
    }

    /// Reads the trainee's history and the cohort again when something changed.
    pub fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        self.stale = false;
        let Some(all) = self.store().map(|mut s| s.calls(&Filter::default()).unwrap_or_default()) else { return };
        let me = station::clean(&self.trainee).unwrap_or_else(|| "unknown".into());
        let mut mine: Vec<CallResult> = all.iter().filter(|c| c.trainee == me).cloned().collect();
        mine.reverse();
        self.history = mine;
        self.cohort = Some(report::build(&all));
    }
}
