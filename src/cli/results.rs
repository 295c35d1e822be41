//! `callsim report`, `export --xapi` and `key`: what the results store holds, for trainers and
//! for an LMS.

use std::path::PathBuf;

use super::USAGE;
use crate::record::guard::may_write;
use crate::results::store::{Filter, Store};
use crate::results::{certificate, report, report_html};

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Csv,
    Json,
    Html,
}

fn open(spec: Option<&str>) -> Option<Store> {
    match crate::results::store::open(spec) {
        Ok(mut s) => {
            if let Ok(lines) = crate::results::recover::recover(&mut s) {
                lines.iter().for_each(|l| eprintln!("note: {l}"));
            }
            Some(s)
        }
        Err(e) => {
            eprintln!("error: {e}");
            None
        }
    }
}

/// `--since`: a date (`2026-12-01`) or an RFC 3339 time.
fn since(s: Option<String>) -> Result<Option<String>, String> {
    let Some(s) = s else { return Ok(None) };
    let date = time::macros::format_description!("[year]-[month]-[day]");
    if time::Date::parse(&s, &date).is_ok()
        || time::OffsetDateTime::parse(&s, &time::format_description::well_known::Rfc3339).is_ok()
    {
        Ok(Some(s))
    } else {
        Err(format!("--since {s}: give a date as YYYY-MM-DD (or an RFC 3339 time)"))
    }
}

fn write_out(text: &str, output: Option<PathBuf>, force: bool) -> u8 {
    if let Some(path) = &output
        && let Err(e) = may_write(path, &[], force)
    {
        eprintln!("error: {e}");
        return 1;
    }
    super::show::emit(text, output.as_deref())
}

pub struct ReportArgs {
    pub store: Option<String>,
    pub trainee: Option<String>,
    pub scenario: Option<String>,
    pub since: Option<String>,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
    pub force: bool,
}

pub fn report(a: ReportArgs) -> u8 {
    let since = match since(a.since) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    let Some(mut store) = open(a.store.as_deref()) else { return 1 };
    let filter = Filter { trainee: a.trainee.clone(), scenario: a.scenario.clone(), since, status: None };
    let calls = match store.calls(&filter) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if calls.is_empty() {
        eprintln!("note: no calls in {} match; take a call with `callsim play` or the window first", store.place());
    }
    let r = report::build(&calls);
    let pass_mark = calls.iter().find_map(|c| c.scorecard.as_ref().map(|s| s.pass_mark)).unwrap_or(70);
    let title = match (&a.trainee, &a.scenario) {
        (Some(t), _) => format!("callsim results: {t}"),
        (None, Some(s)) => format!("callsim results: {s}"),
        (None, None) => "callsim cohort results".to_string(),
    };
    let text = match a.format {
        ReportFormat::Text => report::to_text(&r),
        ReportFormat::Csv => report::to_csv(&r),
        ReportFormat::Json => report::to_json(&r),
        ReportFormat::Html => report_html::to_html(&r, &title, pass_mark),
    };
    write_out(&text, a.output, a.force)
}

pub fn export_xapi(store: Option<String>, base: &str, output: Option<PathBuf>, force: bool) -> u8 {
    let Some(mut store) = open(store.as_deref()) else { return 1 };
    match store.calls(&Filter::default()) {
        Ok(calls) => write_out(&crate::results::xapi::export(&calls, base), output, force),
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Prints the station's public key (made now if it has none), for `verify --key`.
pub fn key(store: Option<String>) -> u8 {
    let Some(store) = open(store.as_deref()) else { return 1 };
    match certificate::station_key(store.key_dir()) {
        Ok(k) => {
            println!("{}", certificate::public_hex(&k));
            eprintln!("(also in {})", store.key_dir().join("station.pub").display());
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
