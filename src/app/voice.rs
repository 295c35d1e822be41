//! Push-to-talk in the window: hold Space (with the answer box empty) to speak. The microphone
//! stream is tied to the main thread, so the voice is a non-send resource.

use bevy::prelude::*;

use super::state::{Call, Command, VoiceUi};
use crate::speech::push_to_talk::Voice;

/// The voice, or why there is none (shown once on the call screen; typing still works).
pub enum AppVoice {
    Ready(Voice),
    Unavailable(String),
}

/// Starts and stops recording with the key, and turns transcripts into spoken lines said at
/// the moment the trainee started speaking.
pub fn push_to_talk(
    voice: Option<NonSendMut<AppVoice>>,
    mut talk: ResMut<VoiceUi>,
    time: Res<Time>,
    mut call: Option<ResMut<Call>>,
    mut out: MessageWriter<Command>,
) {
    let Some(mut voice) = voice else { return };
    let v = match &mut *voice {
        AppVoice::Ready(v) => v,
        AppVoice::Unavailable(why) => {
            talk.status.clone_from(why);
            return;
        }
    };
    talk.available = true;
    talk.recording = v.recording();
    let Some(call) = call.as_deref_mut() else { return };
    let now = call.now(&time);
    if talk.held != v.recording() {
        // Bias recognition toward this call's names and amounts.
        v.prompt = call.scenario.speech_prompt();
        let said = v.toggle(now);
        if talk.held {
            call.talking_since = Some(now);
        }
        info!("{said}");
    }
    for heard in v.heard() {
        match heard {
            Ok((text, since)) if !text.is_empty() => {
                out.write(Command::Spoken(text, since));
            }
            Ok(_) => call.notice = Some("Nothing was heard; hold Space while you speak.".into()),
            Err(e) => call.notice = Some(e),
        }
    }
    if !v.busy() && call.talking_since.is_some() && !talk.held {
        call.talking_since = None;
    }
}

pub fn open(enabled: bool, prompt: String) -> AppVoice {
    if !enabled {
        return AppVoice::Unavailable("Voice is off (start with --voice to answer by speaking).".into());
    }
    match Voice::open(None, prompt) {
        Ok(v) => AppVoice::Ready(v),
        Err(e) => AppVoice::Unavailable(format!("Voice is not available: {e}")),
    }
}
