//! The call screen: who is calling, their mood, the timers, the transcript, and the answer box.

use bevy::prelude::Time;
use bevy_egui::egui;

use super::archetype_colour;
use crate::app::state::{Call, Command, Library, Settings, VoiceUi, Who};
use crate::scenario::Action;
use crate::sim::Source;

/// The guidance: check back on a held caller within two minutes.
const CHECK_IN: f64 = 120.0;

pub fn show(
    ui: &mut egui::Ui,
    call: &mut Call,
    library: &Library,
    settings: &Settings,
    time: &Time,
    voice: &mut VoiceUi,
    send: &mut impl FnMut(Command),
) {
    let now = call.now(time);
    let ctx = ui.ctx().clone();
    let on_hold = call.conv.on_hold();
    // Keyboard: Enter sends (in the box), F5 hold/resume, F6 escalate, F8 end call.
    if ctx.input(|i| i.key_pressed(egui::Key::F5)) {
        send(Command::Act(if on_hold { Action::Resume } else { Action::Hold }));
    }
    if ctx.input(|i| i.key_pressed(egui::Key::F6)) {
        send(Command::Act(Action::Escalate));
    }
    if ctx.input(|i| i.key_pressed(egui::Key::F8)) {
        send(Command::Act(Action::EndCall));
    }
    let sc = call.scenario.clone();
    egui::Panel::top("call_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(&sc.customer.name);
            ui.label(egui::RichText::new(sc.archetype.label()).strong().color(archetype_colour(sc.archetype)));
            ui.label(format!("— {}", sc.title));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(egui::RichText::new(clock(now)).monospace().size(20.0));
                ui.label("call");
            });
        });
    });
    egui::Panel::left("call_side").resizable(false).exact_size(260.0).show(ui, |ui| {
        ui.add_space(6.0);
        ui.label(egui::RichText::new("Caller's mood").strong());
        let m = call.mood();
        meter(ui, "anger", m.anger, egui::Color32::from_rgb(200, 60, 50));
        meter(ui, "trust", m.trust, egui::Color32::from_rgb(40, 120, 190));
        meter(ui, "patience", m.patience, egui::Color32::from_rgb(220, 150, 30));
        ui.add_space(10.0);
        if let Some(waited) = call.conv.hold_waited(now) {
            let left = CHECK_IN - waited;
            let colour =
                if left < 30.0 { egui::Color32::from_rgb(200, 60, 50) } else { egui::Color32::from_rgb(60, 140, 60) };
            ui.label(egui::RichText::new("ON HOLD").strong().color(colour));
            ui.add(
                egui::ProgressBar::new((waited / CHECK_IN).clamp(0.0, 1.0) as f32)
                    .fill(colour)
                    .text(format!("{} since check-in", clock(waited))),
            );
            ui.label(if left > 0.0 { format!("Check in within {}", clock(left)) } else { "Check in now!".to_string() });
        }
        if call.conv.supervisor_requested() {
            ui.colored_label(egui::Color32::from_rgb(200, 130, 20), "The caller asked for a supervisor.");
        }
        if voice.available {
            let (text, colour) = if voice.recording {
                ("● Recording — release Space to send", egui::Color32::from_rgb(200, 60, 50))
            } else {
                ("Hold Space to talk (answer box empty)", egui::Color32::DARK_GRAY)
            };
            ui.colored_label(colour, text);
        } else if !voice.status.is_empty() && settings.trainer {
            ui.colored_label(egui::Color32::DARK_GRAY, &voice.status);
        }
        if let Some(n) = &call.notice {
            ui.colored_label(egui::Color32::from_rgb(200, 60, 50), n);
        }
        if settings.trainer {
            ui.separator();
            ui.label(egui::RichText::new("Trainer view").strong());
            ui.label(format!("node: {}", call.conv.node()));
            ui.label(format!("seed: {}", call.seed));
            if let Some(e) = library.entries.get(call.entry)
                && !e.problems.is_empty()
            {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 60, 50),
                    format!(
                        "File changed with errors (this call uses the last good version):\n{}",
                        e.problems.join("\n")
                    ),
                );
            }
        }
    });
    egui::Panel::bottom("call_bottom").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let hint = if call.caller_speaking() {
                "The caller is still talking…"
            } else {
                "Type what you say, Enter to send"
            };
            let response = ui.add(
                egui::TextEdit::singleline(&mut call.input).hint_text(hint).desired_width(ui.available_width() - 330.0),
            );
            // Push-to-talk: Space held with nothing typed records; the space itself is not text.
            if voice.available {
                let space = ui.ctx().input(|i| i.key_down(egui::Key::Space));
                if call.input == " " || (voice.held && call.input.trim().is_empty()) {
                    call.input.clear();
                }
                voice.held = space && call.input.is_empty();
            }
            if response.lost_focus() && ui.ctx().input(|i| i.key_pressed(egui::Key::Enter)) {
                send(Command::Say(std::mem::take(&mut call.input), Source::Typed));
            }
            // Keep the answer box focused so the trainee can just type.
            if !response.has_focus() {
                response.request_focus();
            }
            let hold = if on_hold { "Resume (F5)" } else { "Hold (F5)" };
            if ui.button(hold).clicked() {
                send(Command::Act(if on_hold { Action::Resume } else { Action::Hold }));
            }
            if ui.button("Escalate (F6)").clicked() {
                send(Command::Act(Action::Escalate));
            }
            if ui.button(egui::RichText::new("End call (F8)").color(egui::Color32::from_rgb(200, 60, 50))).clicked() {
                send(Command::Act(Action::EndCall));
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().stick_to_bottom(true).auto_shrink([false, false]).show(ui, |ui| {
            for line in &call.transcript {
                transcript_line(ui, line, &sc.customer.name, settings.trainer);
            }
        });
    });
}

pub(super) fn transcript_line(
    ui: &mut egui::Ui,
    line: &crate::app::state::Line,
    caller: &str,
    trainer: bool,
) -> egui::Response {
    let (who, fill) = match line.who {
        Who::Caller => (caller.to_string(), egui::Color32::from_gray(238)),
        Who::You => ("You".to_string(), egui::Color32::from_rgb(226, 238, 250)),
        Who::Note => (String::new(), egui::Color32::TRANSPARENT),
    };
    egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(egui::RichText::new(clock(line.t)).small().color(egui::Color32::GRAY));
                if line.who == Who::Note {
                    ui.label(egui::RichText::new(&line.text).italics().color(egui::Color32::DARK_GRAY));
                } else {
                    ui.label(egui::RichText::new(who).strong());
                    ui.label(&line.text);
                }
                if trainer && !line.detail.is_empty() {
                    ui.label(
                        egui::RichText::new(format!("[{}]", line.detail))
                            .small()
                            .color(egui::Color32::from_rgb(120, 90, 160)),
                    );
                }
            });
        })
        .response
}

fn meter(ui: &mut egui::Ui, name: &str, value: f32, colour: egui::Color32) {
    ui.add(egui::ProgressBar::new(value).fill(colour).text(format!("{name} {:.0}%", value * 100.0)));
}

pub(super) fn clock(secs: f64) -> String {
    let s = secs.max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
