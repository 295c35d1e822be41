//! A scorecard as a terminal table, JSON, or a self-contained HTML debrief.

mod html;
mod svg;
mod text;

pub(crate) use html::esc;
pub use html::to_html;
pub use svg::mood_svg;
pub use text::to_text;

use super::Scorecard;

pub fn to_json(card: &Scorecard) -> String {
    // Plain data: serialization cannot fail.
    serde_json::to_string_pretty(card).unwrap_or_default()
}
