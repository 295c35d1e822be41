//! The simulated call: conversation engine, customer mood, archetype behaviour, events.

pub mod archetype;
pub mod condition;
pub mod conversation;
pub mod event;
pub mod mood;

pub use conversation::Conversation;
pub use event::{Event, Seconds, Source, Timed};
