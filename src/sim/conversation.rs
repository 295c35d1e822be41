//! A live call: the scripted customer answering the trainee, deterministic for a given
//! scenario, seed and timed inputs. Time is always passed in; nothing here reads a clock.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::scenario::{Action, Archetype, Mood, MoodChange, Outcome, Scenario};
use crate::understand::{Context, Move, Understander, Understanding};

use super::archetype::{self, Behaviour};
use super::condition::{Now, holds, is_state_only};
use super::event::{Event, Seconds, Source, Timed};
use super::mood::{self, HANG_UP_ANGER, change};

/// Patience lost per second on hold.
pub const HOLD_DRAIN: f32 = 0.002;
/// Silence after the caller finishes that is still normal thinking time.
pub const SILENCE_GRACE: Seconds = 5.0;
/// Patience lost per second of silence beyond the grace.
pub const SILENCE_DRAIN: f32 = 0.01;
/// Silence after which the caller asks if anyone is there.
pub const DEAD_AIR_AFTER: Seconds = 15.0;
/// How long a caller who has said goodbye stays on the line for the trainee's close.
pub const CLOSING_GRACE: Seconds = 20.0;

/// How long the caller stays after their last line: a satisfied or transferred caller waits for
/// the trainee's goodbye; one who hangs up or leaves for the rival is gone when the line ends.
fn closing_grace(outcome: Outcome) -> Seconds {
    match outcome {
        Outcome::CustomerHungUp | Outcome::WentToRival => 0.0,
        _ => CLOSING_GRACE,
    }
}
/// Speaking pace of a caller line: a fixed lead plus words per second.
const LINE_LEAD: Seconds = 0.8;
const WORDS_PER_SECOND: Seconds = 2.6;
const GAP_BETWEEN_LINES: Seconds = 0.4;
const FIRST_LINE_DELAY: Seconds = 0.6;

#[derive(Debug, Clone, Copy)]
struct Hold {
    since: Seconds,
    last_check_in: Seconds,
}

/// A caller line scheduled for delivery.
#[derive(Debug, Clone)]
struct Scheduled {
    until: Seconds,
    line: String,
}

pub struct Conversation {
    scenario: Arc<Scenario>,
    understander: Arc<Understander>,
    behaviour: Behaviour,
    rng: ChaCha8Rng,
    node: String,
    mood: Mood,
    now: Seconds,
    speaking_until: Seconds,
    scheduled: Vec<Scheduled>,
    /// Start of the current silence: the caller finished, or the trainee last spoke.
    quiet_since: Seconds,
    dead_air_reported: bool,
    /// Patience when the last mood sample was logged, to log slow drains in steps.
    sampled_patience: f32,
    hold: Option<Hold>,
    supervisor_requested: bool,
    /// Everything the caller has said, for paraphrase and "asking again".
    caller_lines: Vec<String>,
    last_reply: Option<Understanding>,
    turn: u32,
    /// The caller has said their last line; the call ends at the trainee's close.
    closing: Option<Outcome>,
    ended: Option<Outcome>,
    /// The trainee left before the call ended (their input closed).
    left: bool,
    /// Something other than a branch pushed the caller past a limit: anger to the top (they hang
    /// up) or, for a choice-shopper, trust to the bottom (they leave for the rival).
    limit: Option<Outcome>,
    /// State reactions that have fired and not yet become false again.
    state_fired: Vec<bool>,
    log: Vec<Timed>,
}

impl Conversation {
    /// Connects the call at t = 0: the caller's opening lines are in `log()`.
    pub fn new(scenario: Arc<Scenario>, understander: Arc<Understander>, seed: u64) -> Conversation {
        let mood = scenario.customer.mood;
        let start = scenario.start.clone();
        let reactions = scenario.reactions.len();
        let mut c = Conversation {
            behaviour: archetype::behaviour(scenario.archetype),
            scenario,
            understander,
            rng: ChaCha8Rng::seed_from_u64(seed),
            node: start.clone(),
            mood,
            now: 0.0,
            speaking_until: 0.0,
            scheduled: Vec::new(),
            quiet_since: 0.0,
            dead_air_reported: false,
            sampled_patience: mood.patience,
            hold: None,
            supervisor_requested: false,
            caller_lines: Vec::new(),
            last_reply: None,
            turn: 0,
            closing: None,
            ended: None,
            left: false,
            limit: None,
            state_fired: vec![false; reactions],
            log: Vec::new(),
        };
        c.emit(Event::CallStarted { mood });
        c.enter(&start);
        c
    }

    pub fn log(&self) -> &[Timed] {
        &self.log
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn node(&self) -> &str {
        &self.node
    }

    pub fn mood(&self) -> Mood {
        self.mood
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.ended
    }

    /// The call has ended, or the trainee has left it.
    pub fn is_over(&self) -> bool {
        self.ended.is_some() || self.left
    }

    /// The caller has said their last line and the call ends on its own soon.
    pub fn is_closing(&self) -> bool {
        self.closing.is_some() && !self.is_over()
    }

    /// The trainee leaves the call at `t` without ending it (their input closed): recorded as
    /// such, so the debrief says the call was interrupted rather than hung up.
    pub fn leave(&mut self, t: Seconds, reason: &str) -> Vec<Timed> {
        let mark = self.log.len();
        if !self.is_over() {
            self.now = self.now.max(t);
            self.left = true;
            self.hold = None;
            self.emit(Event::TraineeLeft { reason: reason.to_string() });
        }
        self.log[mark..].to_vec()
    }

    pub fn on_hold(&self) -> bool {
        self.hold.is_some()
    }

    /// Seconds since the last check-in, while on hold.
    pub fn hold_waited(&self, t: Seconds) -> Option<Seconds> {
        self.hold.map(|h| (t - h.last_check_in).max(0.0))
    }

    /// When the caller finishes their current lines.
    pub fn caller_speaking_until(&self) -> Seconds {
        self.speaking_until
    }

    pub fn supervisor_requested(&self) -> bool {
        self.supervisor_requested
    }

    pub fn turn(&self) -> u32 {
        self.turn
    }

    /// The trainee says something at time `t`. Returns the events it caused.
    pub fn say(&mut self, text: &str, source: Source, t: Seconds) -> Vec<Timed> {
        let mark = self.log.len();
        self.advance(t);
        if self.is_over() {
            return self.log[mark..].to_vec();
        }
        self.turn += 1;
        let interrupted = self.hold.is_none() && self.now < self.speaking_until - 0.05;
        let understood = self.understander.understand(text, Context { customer_said: &self.caller_lines });
        self.emit(Event::TraineeSaid {
            turn: self.turn,
            node: self.node.clone(),
            text: text.to_string(),
            source,
            understood: understood.clone(),
        });
        self.last_reply = Some(understood.clone());
        if let Some(outcome) = self.closing {
            self.end(outcome);
        } else if let Some(hold) = &mut self.hold {
            // Speaking to a caller on hold is a check-in: the hold timer starts again.
            let waited = self.now - hold.last_check_in;
            hold.last_check_in = self.now;
            self.emit(Event::CheckedIn { waited });
        } else {
            self.quiet_since = self.now;
            self.dead_air_reported = false;
            self.reply(&understood, interrupted);
        }
        self.after_change();
        self.log[mark..].to_vec()
    }

    /// The trainee presses a button at time `t`.
    pub fn act(&mut self, action: Action, t: Seconds) -> Vec<Timed> {
        let mark = self.log.len();
        self.advance(t);
        if self.is_over() {
            return self.log[mark..].to_vec();
        }
        self.turn += 1;
        self.emit(Event::TraineeAction { turn: self.turn, node: self.node.clone(), action });
        match action {
            Action::Hold if self.hold.is_none() => {
                let asked_first = self.last_reply.as_ref().is_some_and(|u| u.has(Move::RequestHold));
                self.emit(Event::HoldStarted { asked_first });
                self.hold = Some(Hold { since: self.now, last_check_in: self.now });
                self.cut_caller_off();
                if !asked_first {
                    self.change_mood(&change(0.1, -0.1, -0.05), "put on hold without being asked");
                }
                self.take_branch(None, Some(action), false);
            }
            Action::Resume if self.hold.is_some() => {
                if let Some(h) = self.hold.take() {
                    self.emit(Event::HoldEnded { held: self.now - h.since });
                }
                self.quiet_since = self.now;
                self.dead_air_reported = false;
                self.take_branch(None, Some(action), false);
            }
            // The caller is already saying goodbye (or hanging up): the call ends as it was going to.
            Action::Escalate if self.closing.is_some() => {
                let outcome = self.closing.unwrap_or(Outcome::Escalated);
                self.end(outcome);
            }
            Action::Escalate => {
                if !self.take_branch(None, Some(action), false) {
                    self.end(Outcome::Escalated);
                }
            }
            Action::EndCall => {
                let outcome = self.closing.unwrap_or(Outcome::AgentHungUp);
                self.end(outcome);
            }
            Action::Hold | Action::Resume => {}
        }
        self.after_change();
        self.log[mark..].to_vec()
    }

    /// Lets time pass to `t` with no input: hold complaints, dead air, the caller's goodbye.
    pub fn tick(&mut self, t: Seconds) -> Vec<Timed> {
        let mark = self.log.len();
        self.advance(t);
        self.log[mark..].to_vec()
    }

    /// The next time at which something happens on its own, if anything is due.
    pub fn next_deadline(&self) -> Option<Seconds> {
        if self.is_over() {
            return None;
        }
        let mut due: Vec<Seconds> = Vec::new();
        if let Some(outcome) = self.closing {
            due.push(self.speaking_until + closing_grace(outcome));
        }
        if let Some(h) = self.hold {
            due.push(h.last_check_in + f64::from(self.scenario.hold_limit));
            for s in self.state_thresholds(true) {
                due.push(h.last_check_in + s + 0.001);
            }
        } else if self.closing.is_none() {
            let quiet = self.quiet_since.max(self.speaking_until);
            if !self.dead_air_reported {
                due.push(quiet + DEAD_AIR_AFTER);
            }
            for s in self.state_thresholds(false) {
                due.push(quiet + s + 0.001);
            }
        }
        due.into_iter().filter(|d| *d > self.now).min_by(f64::total_cmp)
    }

    fn state_thresholds(&self, hold: bool) -> Vec<Seconds> {
        fn walk(w: &crate::scenario::When, hold: bool, out: &mut Vec<Seconds>) {
            use crate::scenario::When;
            match w {
                When::HoldLongerThan(s) if hold => out.push(f64::from(*s)),
                When::SilenceLongerThan(s) if !hold => out.push(f64::from(*s)),
                When::All(p) | When::Any(p) => p.iter().for_each(|w| walk(w, hold, out)),
                When::Not(inner) => walk(inner, hold, out),
                _ => {}
            }
        }
        let mut out = Vec::new();
        for r in self.scenario.reactions.iter().filter(|r| is_state_only(&r.when)) {
            walk(&r.when, hold, &mut out);
        }
        out
    }

    // ---- internals ----

    fn emit(&mut self, event: Event) {
        self.log.push(Timed { t: self.now, event });
    }

    /// Moves the clock to `t`, handling everything that falls due on the way, at its own time.
    fn advance(&mut self, t: Seconds) {
        let t = t.max(self.now);
        while !self.is_over() {
            match self.next_deadline() {
                Some(due) if due <= t => {
                    self.drain_to(due);
                    self.on_deadline();
                }
                _ => break,
            }
        }
        if self.ended.is_none() {
            self.drain_to(t);
            self.after_change();
        }
        self.now = self.now.max(t);
    }

    /// Patience drains on hold and in dead air; logged in steps of 0.05.
    fn drain_to(&mut self, t: Seconds) {
        let from = self.now;
        if t <= from {
            return;
        }
        let lost = if self.hold.is_some() {
            HOLD_DRAIN * (t - from) as f32
        } else if self.closing.is_none() {
            let grace_end = self.quiet_since.max(self.speaking_until) + SILENCE_GRACE;
            SILENCE_DRAIN * (t - from.max(grace_end)).max(0.0) as f32
        } else {
            0.0
        };
        self.now = t;
        if lost > 0.0 {
            self.mood = mood::apply(self.mood, &change(0.0, 0.0, -lost));
            if self.sampled_patience - self.mood.patience >= 0.05 {
                let cause = if self.hold.is_some() { "waiting on hold" } else { "silence" };
                self.sample(cause);
            }
        }
    }

    fn on_deadline(&mut self) {
        if let Some(outcome) = self.closing {
            if self.now >= self.speaking_until + closing_grace(outcome) {
                self.end(outcome);
            }
            return;
        }
        if let Some(h) = self.hold {
            let waited = self.now - h.last_check_in;
            if waited >= f64::from(self.scenario.hold_limit) {
                self.emit(Event::HoldWarning { waited });
                let line = self.behaviour.hold_complaint;
                self.say_lines(&[line.to_string()]);
                self.change_mood(&change(0.15, -0.1, -0.1), "left on hold without a check-in");
                // The complaint restarts the clock: the caller complains again after another limit.
                if let Some(h) = &mut self.hold {
                    h.last_check_in = self.now;
                }
            }
        } else {
            let silence = self.now - self.quiet_since.max(self.speaking_until);
            if !self.dead_air_reported && silence >= DEAD_AIR_AFTER {
                self.dead_air_reported = true;
                self.emit(Event::DeadAir { silence });
                let line = self.behaviour.dead_air_line;
                self.say_lines(&[line.to_string()]);
                self.change_mood(&change(0.05, 0.0, -0.05), "dead air");
            }
        }
        self.after_change();
    }

    /// The caller answers a reply (not on hold, not closing).
    fn reply(&mut self, understood: &Understanding, interrupted: bool) {
        if interrupted {
            self.emit(Event::Interrupted { turn: self.turn, caller_until: self.speaking_until });
            let effect = self.behaviour.interrupted;
            self.change_mood(&effect, "interrupted");
            let unheard = self.cut_caller_off();
            if self.behaviour.interruption_blocks_reply {
                // The irate caller is not done venting: they say so and finish what they had to say.
                let mut lines = vec![self.behaviour.interrupted_line.to_string()];
                lines.extend(unheard);
                self.say_lines(&lines);
                return;
            }
        }
        if self.supervisor_requested && understood.has(Move::RefuseEscalation) {
            self.emit(Event::SupervisorRefused { turn: self.turn });
            self.change_mood(&change(0.3, -0.3, -0.1), "refused a supervisor");
        }
        for (effect, cause) in archetype::reply_effects(self.scenario.archetype, understood) {
            self.change_mood(&effect, cause);
        }
        if self.utterance_reactions(understood, interrupted) || self.ended.is_some() {
            return;
        }
        self.check_limits();
        // A limit reached: the caller is saying goodbye, and no branch answers the line.
        if self.ended.is_some() || self.closing.is_some() {
            return;
        }
        if !self.take_branch(Some(understood), None, interrupted) {
            self.emit(Event::NoBranchMatched { node: self.node.clone() });
            self.change_mood(&change(0.0, 0.0, -0.05), "no answer to what was asked");
            let nudge = self.behaviour.nudge.to_string();
            self.say_lines(&[nudge]);
        }
    }

    /// The state of the call for conditions, with no reply or action in it.
    fn state_now(&self, interrupted: bool) -> Now<'static> {
        Now {
            said: None,
            action: None,
            interrupted,
            mood: self.mood,
            on_hold_for: self.hold_waited(self.now),
            silence: if self.hold.is_some() {
                0.0
            } else {
                (self.now - self.quiet_since.max(self.speaking_until)).max(0.0)
            },
        }
    }

    /// Reactions to what was said; true when one moved the call elsewhere.
    fn utterance_reactions(&mut self, understood: &Understanding, interrupted: bool) -> bool {
        let scenario = Arc::clone(&self.scenario);
        for (i, r) in scenario.reactions.iter().enumerate() {
            if is_state_only(&r.when) {
                continue;
            }
            let now = Now { said: Some(understood), ..self.state_now(interrupted) };
            if holds(&r.when, &now) && self.fire(i) {
                return true;
            }
        }
        false
    }

    /// Fires reaction `i`; true when it moved the call (goto or end).
    fn fire(&mut self, i: usize) -> bool {
        let scenario = Arc::clone(&self.scenario);
        let r = &scenario.reactions[i];
        self.emit(Event::ReactionFired { index: i, condition: crate::scenario::graph::describe(&r.when) });
        self.say_lines(&r.say);
        if !r.mood.is_zero() {
            self.change_mood(&r.mood, "reaction");
        }
        if let Some(outcome) = r.end {
            self.end(outcome);
            return true;
        }
        if let Some(to) = &r.goto {
            self.enter(to);
            return true;
        }
        false
    }

    /// State reactions fire once each time their condition becomes true.
    fn state_reactions(&mut self) {
        let scenario = Arc::clone(&self.scenario);
        for (i, r) in scenario.reactions.iter().enumerate() {
            if self.ended.is_some() {
                return;
            }
            if !is_state_only(&r.when) {
                continue;
            }
            let now = self.state_now(false);
            let on = holds(&r.when, &now);
            if on && !self.state_fired[i] {
                self.state_fired[i] = true;
                self.fire(i);
            } else if !on {
                self.state_fired[i] = false;
            }
        }
    }

    /// Built-in limits: hang-up at the anger limit, the choice-shopper leaving, the demanding
    /// caller asking for a supervisor.
    fn check_limits(&mut self) {
        if self.ended.is_some() || self.closing.is_some() {
            return;
        }
        match self.limit {
            // The caller says goodbye and is gone when the line ends (see `closing_grace`).
            Some(Outcome::WentToRival) => {
                let goodbye = archetype::rival_goodbye(&self.scenario);
                self.say_lines(&[goodbye]);
                self.closing = Some(Outcome::WentToRival);
                return;
            }
            Some(outcome) => {
                let line = self.behaviour.hang_up_line.to_string();
                self.say_lines(&[line]);
                self.closing = Some(outcome);
                return;
            }
            None => {}
        }
        let archetype = self.scenario.archetype;
        if archetype == Archetype::Demanding
            && self.mood.anger >= archetype::DEMANDS_SUPERVISOR_AT
            && !self.supervisor_requested
        {
            self.supervisor_requested = true;
            self.emit(Event::SupervisorRequested { node: self.node.clone() });
            self.say_lines(&[archetype::SUPERVISOR_DEMAND.to_string()]);
        }
    }

    fn after_change(&mut self) {
        if self.ended.is_none() {
            self.state_reactions();
            self.check_limits();
        }
    }

    /// Takes the first branch of the current node that holds; false when none does.
    fn take_branch(&mut self, said: Option<&Understanding>, action: Option<Action>, interrupted: bool) -> bool {
        let scenario = Arc::clone(&self.scenario);
        let Some(node) = scenario.nodes.get(&self.node) else {
            return false;
        };
        let now = Now { said, action, ..self.state_now(interrupted) };
        let Some(branch) = node.next.iter().find(|b| holds(&b.when, &now)) else {
            return false;
        };
        self.emit(Event::BranchTaken {
            from: self.node.clone(),
            condition: crate::scenario::graph::describe(&branch.when),
            goto: branch.goto.clone(),
            end: branch.end,
        });
        if !branch.mood.is_zero() {
            // The script decides where an angry caller goes next (a last chance, a hang-up
            // node), so a branch's own effect never trips the built-in hang-up.
            let before = self.mood;
            self.mood = mood::apply(self.mood, &branch.mood);
            if self.mood != before {
                self.sample("branch");
            }
        }
        if let Some(outcome) = branch.end {
            self.end(outcome);
        } else if let Some(to) = &branch.goto {
            self.enter(to);
        }
        true
    }

    fn enter(&mut self, name: &str) {
        let scenario = Arc::clone(&self.scenario);
        let Some(node) = scenario.nodes.get(name) else {
            return;
        };
        self.node = name.to_string();
        self.emit(Event::NodeEntered { node: name.to_string() });
        let variant = if node.variants.is_empty() { 0 } else { self.rng.random_range(0..=node.variants.len()) };
        self.say_lines(scenario.lines(name, variant));
        if node.requests_escalation && !self.supervisor_requested {
            self.supervisor_requested = true;
            self.emit(Event::SupervisorRequested { node: name.to_string() });
        }
        if let Some(outcome) = node.end {
            self.closing = Some(outcome);
        }
    }

    /// Schedules caller lines one after another at a natural pace.
    fn say_lines(&mut self, lines: &[String]) {
        let mut at = if self.speaking_until > self.now {
            self.speaking_until + GAP_BETWEEN_LINES
        } else {
            self.now + FIRST_LINE_DELAY
        };
        for line in lines {
            let words = line.split_whitespace().count() as Seconds;
            let until = at + LINE_LEAD + words / WORDS_PER_SECOND;
            self.emit(Event::CustomerSays { node: self.node.clone(), line: line.clone(), at, until });
            self.scheduled.push(Scheduled { until, line: line.clone() });
            self.caller_lines.push(line.clone());
            self.speaking_until = until;
            at = until + GAP_BETWEEN_LINES;
        }
    }

    /// Stops the caller mid-speech; returns the lines they had not finished.
    fn cut_caller_off(&mut self) -> Vec<String> {
        let now = self.now;
        let unheard: Vec<String> = self.scheduled.iter().filter(|s| s.until > now).map(|s| s.line.clone()).collect();
        self.scheduled.retain(|s| s.until <= now);
        self.speaking_until = self.speaking_until.min(now);
        unheard
    }

    /// A change from outside the script (reply effects, reactions, time). Anger pushed up to the
    /// limit this way makes the caller hang up.
    fn change_mood(&mut self, effect: &MoodChange, cause: &str) {
        let before = self.mood;
        self.mood = mood::apply(self.mood, effect);
        if effect.anger > 0.0 && self.mood.anger >= HANG_UP_ANGER {
            self.limit = Some(Outcome::CustomerHungUp);
        } else if self.scenario.archetype == Archetype::ChoiceShopping
            && effect.trust < 0.0
            && self.mood.trust < archetype::LEAVES_BELOW_TRUST
            && self.limit.is_none()
        {
            self.limit = Some(Outcome::WentToRival);
        }
        if self.mood != before {
            self.sample(cause);
        }
    }

    fn sample(&mut self, cause: &str) {
        self.sampled_patience = self.mood.patience;
        self.emit(Event::MoodChanged { mood: self.mood, cause: cause.to_string() });
    }

    fn end(&mut self, outcome: Outcome) {
        if self.ended.is_none() {
            self.ended = Some(outcome);
            self.hold = None;
            self.emit(Event::CallEnded { outcome });
        }
    }
}
