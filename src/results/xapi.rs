//! Results as xAPI statements for a learning management system, following cmi5's conventions:
//! per call a `completed` statement (when it ended) and a `passed` or `failed` one with the
//! scaled score and `success`, each with its `duration` and the session id extension; and one
//! `answered` statement per graded criterion, with its dimension, weight and the line it is about.
//! (The Rust xAPI crates are GPL: these are our own serde types.)

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{CallResult, CallStatus};
use crate::grade::Status;

pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const SESSION_ID: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
pub const MASTERY_SCORE: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub id: String,
    pub actor: Agent,
    pub verb: Verb,
    pub object: Activity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<XResult>,
    pub context: Context,
    pub timestamp: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    pub name: String,
    pub account: Account,
}

#[derive(Debug, Clone, Serialize)]
pub struct Account {
    #[serde(rename = "homePage")]
    pub home_page: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verb {
    pub id: String,
    pub display: BTreeMap<&'static str, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    pub id: String,
    pub definition: Definition,
}

#[derive(Debug, Clone, Serialize)]
pub struct Definition {
    pub name: BTreeMap<&'static str, String>,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Score {
    pub scaled: f64,
    pub raw: u32,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct XResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<Score>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub extensions: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContextActivities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<Reference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parent: Vec<Reference>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    #[serde(rename = "objectType")]
    pub object_type: &'static str,
    pub id: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Context {
    pub registration: String,
    #[serde(rename = "contextActivities")]
    pub context_activities: ContextActivities,
    pub extensions: BTreeMap<String, Value>,
}

/// A UUID made from a name (its sha256, version and variant bits set), so exporting the same
/// calls twice gives the same statement ids and an LRS can tell repeats.
fn uuid_from(name: &str) -> String {
    let h = Sha256::digest(name.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = hex::encode(b);
    format!("{}-{}-{}-{}-{}", &x[0..8], &x[8..12], &x[12..16], &x[16..20], &x[20..32])
}

fn en(s: impl Into<String>) -> BTreeMap<&'static str, String> {
    BTreeMap::from([("en-US", s.into())])
}

fn verb(name: &str) -> Verb {
    Verb { id: format!("http://adlnet.gov/expapi/verbs/{name}"), display: en(name) }
}

/// ISO 8601 duration, to the hundredth of a second.
fn duration(seconds: f64) -> String {
    format!("PT{:.2}S", seconds.max(0.0))
}

/// A call's statements; `base` is the IRI the activities and the trainees' accounts hang from.
pub fn statements(call: &CallResult, base: &str) -> Vec<Statement> {
    let Some(card) = call.scorecard.as_ref().filter(|_| call.status != CallStatus::InProgress) else {
        return Vec::new();
    };
    let base = base.trim_end_matches('/');
    let actor = Agent {
        object_type: "Agent",
        name: call.trainee.clone(),
        account: Account { home_page: base.to_string(), name: call.trainee.clone() },
    };
    let scenario = Activity {
        object_type: "Activity",
        id: format!("{base}/scenarios/{}", call.scenario_id),
        definition: Definition { name: en(&card.title), kind: "http://adlnet.gov/expapi/activities/simulation".into() },
    };
    let registration = uuid_from(call.certification.as_deref().unwrap_or(&call.id));
    let timestamp = call.ended_at.clone().unwrap_or_else(|| call.started_at.clone());
    let seconds = call.ended_at.as_deref().map_or(0.0, |e| super::seconds_between(&call.started_at, e));
    let cmi5 = |moveon: bool| ContextActivities {
        category: std::iter::once(CMI5_CATEGORY)
            .chain(moveon.then_some(MOVEON_CATEGORY))
            .map(|id| Reference { object_type: "Activity", id: id.into() })
            .collect(),
        parent: Vec::new(),
    };
    let session = BTreeMap::from([(SESSION_ID.to_string(), Value::String(call.id.clone()))]);
    let mut out = Vec::new();
    if call.status == CallStatus::Finished {
        out.push(Statement {
            id: uuid_from(&format!("{}/completed", call.id)),
            actor: actor.clone(),
            verb: verb("completed"),
            object: scenario.clone(),
            result: Some(XResult {
                score: None,
                success: None,
                completion: Some(true),
                duration: Some(duration(seconds)),
                extensions: BTreeMap::new(),
            }),
            context: Context {
                registration: registration.clone(),
                context_activities: cmi5(true),
                extensions: session.clone(),
            },
            timestamp: timestamp.clone(),
        });
    }
    let passed = call.passed();
    let mut judged = session.clone();
    judged.insert(MASTERY_SCORE.into(), serde_json::json!(f64::from(card.pass_mark) / 100.0));
    out.push(Statement {
        id: uuid_from(&format!("{}/{}", call.id, if passed { "passed" } else { "failed" })),
        actor: actor.clone(),
        verb: verb(if passed { "passed" } else { "failed" }),
        object: scenario.clone(),
        result: Some(XResult {
            score: Some(Score { scaled: f64::from(card.total) / 100.0, raw: card.total, min: 0, max: 100 }),
            success: Some(passed),
            completion: None,
            duration: Some(duration(seconds)),
            extensions: BTreeMap::new(),
        }),
        context: Context { registration: registration.clone(), context_activities: cmi5(true), extensions: judged },
        timestamp: timestamp.clone(),
    });
    for c in card.criteria.iter().filter(|c| c.status != Status::NotApplicable) {
        let mut ext = BTreeMap::new();
        ext.insert(format!("{base}/extensions/dimension"), Value::String(c.dimension.title().into()));
        ext.insert(format!("{base}/extensions/weight"), serde_json::json!(c.weight));
        if let Some(e) = c.evidence.first() {
            ext.insert(format!("{base}/extensions/evidence"), Value::String(e.words.clone()));
        }
        out.push(Statement {
            id: uuid_from(&format!("{}/criterion/{}", call.id, c.id)),
            actor: actor.clone(),
            verb: verb("answered"),
            object: Activity {
                object_type: "Activity",
                id: format!("{base}/scenarios/{}/criteria/{}", call.scenario_id, c.id),
                definition: Definition {
                    name: en(&c.title),
                    kind: "http://adlnet.gov/expapi/activities/cmi.interaction".into(),
                },
            },
            result: Some(XResult {
                score: None,
                success: Some(c.status == Status::Met),
                completion: None,
                duration: None,
                extensions: ext,
            }),
            context: Context {
                registration: registration.clone(),
                context_activities: ContextActivities {
                    category: Vec::new(),
                    parent: vec![Reference { object_type: "Activity", id: scenario.id.clone() }],
                },
                extensions: session.clone(),
            },
            timestamp: timestamp.clone(),
        });
    }
    out
}

/// Every call's statements as one JSON array (what an LRS's statements endpoint takes).
pub fn export(calls: &[CallResult], base: &str) -> String {
    let all: Vec<Statement> = calls.iter().flat_map(|c| statements(c, base)).collect();
    serde_json::to_string_pretty(&all).unwrap_or_default() + "\n"
}
