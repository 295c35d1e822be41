//! This station: its name, its own folder (the default store, the signing key, the trainee last
//! signed in), and who is taking the call.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

/// The station's name in results (the host name).
pub fn name() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}

/// The station's folder: `$CALLSIM_HOME`, else the user's data folder + `callsim`.
pub fn home() -> PathBuf {
    if let Some(dir) = std::env::var_os("CALLSIM_HOME") {
        return PathBuf::from(dir);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("callsim")
}

fn trainee_file() -> PathBuf {
    home().join("trainee")
}

/// The trainee who last signed in on this station.
pub fn remembered_trainee() -> Option<String> {
    let text = std::fs::read_to_string(trainee_file()).ok()?;
    clean(&text)
}

/// Remembers who signed in, for the next call on this station.
pub fn remember_trainee(id: &str) {
    let path = trainee_file();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&path, format!("{id}\n")) {
        eprintln!("note: could not remember the trainee in {}: {e}", path.display());
    }
}

/// A trainee name or id as typed: trimmed, one line, at most 80 characters; empty is none.
pub fn clean(text: &str) -> Option<String> {
    let one: String = text.lines().next().unwrap_or("").trim().chars().take(80).collect();
    (!one.is_empty()).then_some(one)
}

/// Who is taking the call: `--trainee`, else `$CALLSIM_TRAINEE`; on a terminal the trainee is
/// asked (Enter keeps the one remembered); from a pipe the remembered one, else "unknown".
pub fn who(given: Option<&str>) -> String {
    if let Some(id) = given.and_then(clean).or_else(|| std::env::var("CALLSIM_TRAINEE").ok().and_then(|t| clean(&t))) {
        remember_trainee(&id);
        return id;
    }
    let last = remembered_trainee();
    if std::io::stdin().is_terminal() {
        match &last {
            Some(l) => print!("Who is taking the call? (name or id; Enter for {l}): "),
            None => print!("Who is taking the call? (name or id): "),
        }
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if let Some(id) = clean(&answer) {
            remember_trainee(&id);
            return id;
        }
    }
    last.unwrap_or_else(|| "unknown".to_string())
}
