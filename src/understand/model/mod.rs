//! The learned reader's machinery, apart from the domain rules: the sentence encoder (tensors,
//! tokenizer), the move heads, and their training.

#[cfg(feature = "encoder")]
pub mod encoder;
#[cfg(feature = "encoder")]
pub mod finetune;
pub mod heads;
#[cfg(feature = "encoder")]
pub mod layer;
pub mod settings;
#[cfg(feature = "encoder")]
pub mod train;
