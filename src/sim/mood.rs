//! How the caller's mood moves.

use crate::scenario::{Mood, MoodChange};

/// The anger at which a caller hangs up.
pub const HANG_UP_ANGER: f32 = 1.0;

/// Applies a change. An impatient caller angers faster: a rise in anger is scaled by
/// `1.5 - patience` (×1.5 with no patience left, ×0.5 with full patience).
pub fn apply(mood: Mood, change: &MoodChange) -> Mood {
    let anger = if change.anger > 0.0 { change.anger * (1.5 - mood.patience) } else { change.anger };
    Mood {
        anger: (mood.anger + anger).clamp(0.0, 1.0),
        trust: (mood.trust + change.trust).clamp(0.0, 1.0),
        patience: (mood.patience + change.patience).clamp(0.0, 1.0),
    }
}

pub fn change(anger: f32, trust: f32, patience: f32) -> MoodChange {
    MoodChange { anger, trust, patience }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impatient_callers_anger_faster_and_mood_stays_in_range() {
        let calm = Mood { anger: 0.5, trust: 0.5, patience: 1.0 };
        let worn = Mood { patience: 0.0, ..calm };
        assert!((apply(calm, &change(0.2, 0.0, 0.0)).anger - 0.6).abs() < 1e-6);
        assert!((apply(worn, &change(0.2, 0.0, 0.0)).anger - 0.8).abs() < 1e-6);
        let m = apply(calm, &change(-2.0, 3.0, -5.0));
        assert_eq!((m.anger, m.trust, m.patience), (0.0, 1.0, 0.0));
    }
}
