//! Tamper-evident certification results: the result's exact bytes signed with the station's
//! ed25519 key, the key made on first use and kept beside the store. `verify` checks the
//! signature, the key, each embedded record's hash, and grades every record again.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::record::sha256_hex;

pub const FORMAT: &str = "callsim-certificate/1";
const BEGIN: &str = "-----BEGIN CALLSIM SIGNATURE-----\n";
const END: &str = "-----END CALLSIM SIGNATURE-----\n";

/// One call of the assessment, with everything needed to grade it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertifiedCall {
    pub scenario_id: String,
    pub scenario_sha256: String,
    pub scenario_text: String,
    pub seed: u64,
    pub pass_mark: u32,
    pub total: Option<u32>,
    pub verdict: String,
    pub passed: bool,
    pub critical_items: Vec<String>,
    pub record_sha256: String,
    pub record: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Certificate {
    pub format: String,
    pub attempt: String,
    pub trainee: String,
    pub station: String,
    pub plan_title: String,
    pub plan_sha256: String,
    pub plan_text: String,
    pub rule: String,
    pub rule_pass: usize,
    pub rubric: String,
    pub callsim: String,
    pub started_at: String,
    pub ended_at: String,
    pub passed: bool,
    pub summary: String,
    pub calls: Vec<CertifiedCall>,
}

/// The station's signing key: `station.key` in `dir` (made on first use, readable by its owner
/// only), its public half in `station.pub`.
pub fn station_key(dir: &Path) -> Result<SigningKey, String> {
    let path = dir.join("station.key");
    if let Ok(text) = std::fs::read_to_string(&path) {
        let bytes: [u8; 32] = hex::decode(text.trim())
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| format!("{} is not a callsim station key (64 hex digits)", path.display()))?;
        return Ok(SigningKey::from_bytes(&bytes));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| format!("no random source for a new key: {e}"))?;
    let key = SigningKey::from_bytes(&secret);
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write_private(&path, &format!("{}\n", hex::encode(secret)))?;
    std::fs::write(dir.join("station.pub"), format!("{}\n", hex::encode(key.verifying_key().as_bytes())))
        .map_err(|e| format!("cannot write the public key: {e}"))?;
    Ok(key)
}

fn write_private(path: &Path, text: &str) -> Result<(), String> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    use std::io::Write;
    open.open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|_| f.sync_all()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The public key as hex (what `callsim key` prints and `verify --key` takes).
pub fn public_hex(key: &SigningKey) -> String {
    hex::encode(key.verifying_key().as_bytes())
}

/// The certificate as a signed file: its JSON, then the key and the signature of those exact bytes.
pub fn sign(cert: &Certificate, key: &SigningKey) -> String {
    let payload = serde_json::to_string_pretty(cert).unwrap_or_default() + "\n";
    let signature = key.sign(payload.as_bytes());
    format!("{payload}{BEGIN}key: {}\nsignature: {}\n{END}", public_hex(key), hex::encode(signature.to_bytes()))
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Nothing wrong was found.
    pub valid: bool,
    /// What matched, and exactly what did not.
    pub findings: Vec<String>,
    pub certificate: Option<Certificate>,
}

/// A key given as 64 hex digits or as a file holding them.
pub fn read_key(given: &str) -> Result<VerifyingKey, String> {
    let text = if Path::new(given).is_file() {
        std::fs::read_to_string(given).map_err(|e| format!("cannot read the key {given}: {e}"))?
    } else {
        given.to_string()
    };
    let bytes: [u8; 32] = hex::decode(text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| format!("the key {given} is not 64 hex digits (an ed25519 public key)"))?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| format!("the key {given} is not a valid ed25519 public key: {e}"))
}

fn field<'a>(block: &'a str, name: &str) -> Option<&'a str> {
    block.lines().find_map(|l| l.strip_prefix(name)).map(str::trim)
}

/// Checks a signed result: the signature over its exact bytes, the key (against `expected` when
/// given), each record's hash, the scenarios' hashes, and each call graded again.
pub fn verify(text: &str, expected: Option<&VerifyingKey>) -> Verdict {
    let mut findings = Vec::new();
    let bad = |findings: &mut Vec<String>, f: String| findings.push(format!("MISMATCH: {f}"));
    let Some(split) = text.find(BEGIN) else {
        return Verdict {
            valid: false,
            findings: vec![
                "MISMATCH: no signature block: this is not a signed callsim result, or its end was cut off".into(),
            ],
            certificate: None,
        };
    };
    let (payload, block) = text.split_at(split);
    let block = &block[BEGIN.len()..];
    if !block.ends_with(END) || block.len() != block.find(END).unwrap_or(0) + END.len() {
        bad(&mut findings, "the signature block is damaged or has text after it".into());
    }
    let key = field(block, "key:").and_then(|k| hex::decode(k).ok()).and_then(|b| <[u8; 32]>::try_from(b).ok());
    let sig = field(block, "signature:").and_then(|s| hex::decode(s).ok()).and_then(|b| <[u8; 64]>::try_from(b).ok());
    match (key.and_then(|k| VerifyingKey::from_bytes(&k).ok()), sig) {
        (None, _) => bad(&mut findings, "the signing key in the file is not a valid ed25519 public key".into()),
        (_, None) => bad(&mut findings, "the signature is not 128 hex digits".into()),
        (Some(k), Some(s)) => {
            let fingerprint = &hex::encode(k.as_bytes())[..16];
            match k.verify(payload.as_bytes(), &Signature::from_bytes(&s)) {
                Ok(()) => findings.push(format!("ok: the signature matches the content (key {fingerprint}…)")),
                Err(_) => bad(
                    &mut findings,
                    "the signature does not match the content: the result was changed after it was signed".into(),
                ),
            }
            match expected {
                Some(e) if e != &k => bad(
                    &mut findings,
                    format!(
                        "signed by key {fingerprint}…, not by the expected key {}…",
                        &hex::encode(e.as_bytes())[..16]
                    ),
                ),
                Some(_) => findings.push("ok: signed by the expected key".into()),
                None => findings
                    .push("note: no --key given: the signature was checked against the key in the file only".into()),
            }
        }
    }
    let cert: Option<Certificate> = match serde_json::from_str(payload) {
        Ok(c) => Some(c),
        Err(e) => {
            bad(&mut findings, format!("the result's content does not read as a certificate: {e}"));
            None
        }
    };
    if let Some(c) = &cert {
        check_content(c, &mut findings);
    }
    let valid = !findings.iter().any(|f| f.starts_with("MISMATCH"));
    Verdict { valid, findings, certificate: cert }
}

/// The content against itself: hashes, each call graded again, the rule.
fn check_content(c: &Certificate, findings: &mut Vec<String>) {
    if c.format != FORMAT {
        findings.push(format!("MISMATCH: format `{}`, expected `{FORMAT}`", c.format));
    }
    if sha256_hex(c.plan_text.as_bytes()) != c.plan_sha256 {
        findings.push("MISMATCH: the embedded plan does not match its sha256".into());
    }
    let regrade = c.rubric == super::RUBRIC_VERSION;
    if !regrade {
        findings.push(format!(
            "note: graded with rubric `{}`; this callsim has `{}`, so the calls are not graded again",
            c.rubric,
            super::RUBRIC_VERSION
        ));
    }
    let mut passed = 0;
    for (i, call) in c.calls.iter().enumerate() {
        let n = i + 1;
        if sha256_hex(call.record.as_bytes()) != call.record_sha256 {
            findings.push(format!(
                "MISMATCH: call {n} ({}): the embedded record does not match its sha256",
                call.scenario_id
            ));
        }
        if sha256_hex(call.scenario_text.as_bytes()) != call.scenario_sha256 {
            findings.push(format!(
                "MISMATCH: call {n} ({}): the embedded scenario does not match its sha256",
                call.scenario_id
            ));
        }
        if regrade {
            match regrade_call(call) {
                Ok((total, verdict)) if Some(total) == call.total && verdict == call.verdict => {
                    findings.push(format!("ok: call {n} ({}) grades {total} {verdict} again", call.scenario_id))
                }
                Ok((total, verdict)) => findings.push(format!(
                    "MISMATCH: call {n} ({}): its record grades {total} {verdict}, the result says {} {}",
                    call.scenario_id,
                    call.total.map_or("-".into(), |t| t.to_string()),
                    call.verdict
                )),
                Err(e) => findings.push(format!("MISMATCH: call {n} ({}): {e}", call.scenario_id)),
            }
        }
        let call_passes = call.verdict == "PASS" && call.total.is_some_and(|t| t >= call.pass_mark);
        if call_passes != call.passed {
            findings.push(format!(
                "MISMATCH: call {n} ({}): marked {} but scored {} {} against a pass mark of {}",
                call.scenario_id,
                if call.passed { "passed" } else { "failed" },
                call.total.map_or("-".into(), |t| t.to_string()),
                call.verdict,
                call.pass_mark
            ));
        }
        passed += usize::from(call_passes);
    }
    if (passed >= c.rule_pass) != c.passed {
        findings.push(format!(
            "MISMATCH: {passed} calls pass and the rule needs {}, but the result says {}",
            c.rule_pass,
            if c.passed { "PASSED" } else { "NOT PASSED" }
        ));
    }
}

fn regrade_call(call: &CertifiedCall) -> Result<(u32, String), String> {
    let loaded = crate::scenario::load_str(&format!("{}.ron", call.scenario_id), call.scenario_text.clone())
        .map_err(|_| "the embedded scenario does not load".to_string())?;
    let rec = crate::record::read_str(Path::new("embedded record"), &call.record)
        .map_err(|e| format!("the embedded record does not read: {e}"))?;
    if rec.header.scenario_id != loaded.scenario.id || rec.header.seed != call.seed {
        return Err(format!(
            "the record is of `{}` seed {}, the result says `{}` seed {}",
            rec.header.scenario_id, rec.header.seed, call.scenario_id, call.seed
        ));
    }
    let card = crate::grade::grade(&loaded.scenario, &rec.events);
    Ok((card.total, card.verdict().to_string()))
}

/// Where a result is written by default: `certificates/` beside the store.
pub fn default_path(key_dir: &Path, trainee: &str, attempt: &str) -> PathBuf {
    let safe: String = trainee.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    key_dir.join("certificates").join(format!("{safe}-{}.callsim-cert", &attempt[..8.min(attempt.len())]))
}
