//! The scenario's key points: what a good call covers ("offer the $15 credit", "state the
//! 12-month term"). Each one missed costs its points in accuracy.

use super::{Criterion, Ctx, Dimension::Accuracy, Status, caps::met_by, criterion};

/// What a key point costs when the scenario does not say.
pub const KEY_POINT: u32 = 4;

pub(super) fn criteria(ctx: &Ctx) -> Vec<Criterion> {
    let none = ctx.d.turns.is_empty();
    ctx.sc
        .rubric
        .key_points
        .iter()
        .map(|kp| {
            let met = met_by(ctx, &kp.when);
            let status = match (&met, none) {
                (_, true) => Status::NotApplicable,
                (Some(_), _) => Status::Met,
                (None, _) => Status::Missed,
            };
            let missed = format!("Cover this before the call ends: {}.", kp.title.to_lowercase());
            let mut c = criterion(
                Accuracy,
                "key-point",
                &kp.title,
                kp.points.unwrap_or(KEY_POINT),
                status,
                ("You covered this key point.", &missed),
                met.into_iter().collect(),
            );
            if c.status == Status::Missed {
                c.evidence.push(ctx.event(ctx.d.end_t, "[whole call]", format!("never covered: {}", kp.title)));
            }
            c
        })
        .collect()
}
