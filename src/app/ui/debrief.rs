//! The debrief: the score, auto-fails, each point with the line it is about, the caller's mood
//! over time, and the transcript with the evidence highlighted.

use bevy_egui::egui;
use egui_plot::{Legend, Line as PlotLine, Plot, PlotPoints};

use super::call::clock;
use crate::app::exam::ExamRun;
use crate::app::state::{Command, Debrief, Library};
use crate::grade::{Dimension, Status};

pub fn show(ui: &mut egui::Ui, d: &Debrief, library: &Library, send: &mut impl FnMut(Command)) {
    let card = &d.card;
    let ctx = ui.ctx().clone();
    if ctx.input(|i| i.key_pressed(egui::Key::R)) {
        send(Command::TryAgain);
    }
    if ctx.input(|i| i.key_pressed(egui::Key::N)) {
        send(Command::NextScenario);
    }
    if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        send(Command::BackToPicker);
    }
    egui::Panel::top("debrief_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading(format!("Debrief: {}", card.title));
            let text = card.verdict();
            let colour = match (&card.interrupted, card.passed) {
                (Some(_), _) => egui::Color32::from_rgb(200, 140, 30),
                (None, true) => egui::Color32::from_rgb(40, 150, 80),
                (None, false) => egui::Color32::from_rgb(200, 60, 50),
            };
            ui.label(egui::RichText::new(text).strong().size(22.0).color(colour));
            ui.label(egui::RichText::new(format!("{} / 100 (pass {})", card.total, card.pass_mark)).size(20.0));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Back to calls (Esc)").clicked() {
                    send(Command::BackToPicker);
                }
                if ui.button("Next scenario (N)").clicked() {
                    send(Command::NextScenario);
                }
                if ui.button("Try again (R)").clicked() {
                    send(Command::TryAgain);
                }
            });
        });
        let outcome = card.outcome.map_or("not finished".into(), |o| format!("{o:?}"));
        ui.label(format!("Outcome: {outcome}.  Record: {}", d.record_path.display()));
        if let Some(why) = &d.saved {
            ui.colored_label(egui::Color32::from_rgb(190, 50, 40), why);
        }
    });
    egui::Panel::left("debrief_scores").resizable(true).default_size(560.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for a in &card.auto_fails {
                egui::Frame::new().fill(egui::Color32::from_rgb(253, 232, 232)).inner_margin(6.0).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        egui::RichText::new(format!("Auto-fail: {}", a.title))
                            .strong()
                            .color(egui::Color32::from_rgb(180, 40, 40)),
                    );
                    if evidence_row(ui, a.evidence.turn, &a.evidence.words, &a.evidence.note) {
                        send(Command::FocusTurn(a.evidence.turn.unwrap_or(0)));
                    }
                });
            }
            for c in &card.caps {
                egui::Frame::new().fill(egui::Color32::from_rgb(253, 243, 224)).inner_margin(6.0).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        egui::RichText::new(format!("Capped at {}: {}", c.limit, c.title))
                            .strong()
                            .color(egui::Color32::from_rgb(150, 90, 0)),
                    );
                    ui.label(&c.evidence.note);
                });
            }
            for s in &card.dimensions {
                ui.horizontal(|ui| {
                    ui.add_sized([170.0, 20.0], egui::Label::new(s.dimension.title()));
                    ui.add(
                        egui::ProgressBar::new(s.score as f32 / 100.0)
                            .text(format!("{} (weight {})", s.score, s.weight)),
                    );
                });
            }
            for dim in Dimension::ALL {
                ui.add_space(6.0);
                ui.label(egui::RichText::new(dim.title()).strong());
                for c in card.criteria.iter().filter(|c| c.dimension == dim && c.status != Status::NotApplicable) {
                    let (mark, colour) = if c.status == Status::Met {
                        ("✔", egui::Color32::from_rgb(40, 150, 80))
                    } else {
                        ("✖", egui::Color32::from_rgb(200, 60, 50))
                    };
                    ui.label(egui::RichText::new(format!("{mark} {}", c.title)).color(colour));
                    for e in c.evidence.iter().take(3) {
                        if evidence_row(ui, e.turn, &e.words, &e.note)
                            && let Some(t) = e.turn
                        {
                            send(Command::FocusTurn(t));
                        }
                        if c.status == Status::Missed
                            && let Some(g) = &e.good
                        {
                            ui.label(
                                egui::RichText::new(format!("    What good looks like: “{g}”"))
                                    .color(egui::Color32::from_rgb(30, 110, 60)),
                            );
                        }
                    }
                    if c.status == Status::Missed {
                        ui.label(egui::RichText::new(format!("    {}", c.tip)).italics());
                    }
                }
            }
        });
    });
    egui::CentralPanel::default().show(ui, |ui| {
        ui.label(egui::RichText::new("Caller's mood").strong());
        let end = card.transcript.last().map_or(1.0, |l| l.t).max(1.0);
        // A step line: mood holds its value until the next change, up to the end of the call.
        let series = |get: fn(&crate::scenario::Mood) -> f32| -> PlotPoints<'static> {
            let mut pts: Vec<[f64; 2]> = Vec::new();
            for (t, m) in &card.mood {
                if let Some(last) = pts.last().copied() {
                    pts.push([*t, last[1]]);
                }
                pts.push([*t, f64::from(get(m))]);
            }
            if let Some(last) = pts.last().copied() {
                pts.push([end, last[1]]);
            }
            PlotPoints::from(pts)
        };
        Plot::new("mood")
            .height(170.0)
            .include_x(0.0)
            .include_x(end)
            .include_y(0.0)
            .include_y(1.0)
            .legend(Legend::default())
            .allow_scroll(false)
            .show(ui, |p| {
                p.line(PlotLine::new("anger", series(|m| m.anger)).color(egui::Color32::from_rgb(200, 60, 50)));
                p.line(PlotLine::new("trust", series(|m| m.trust)).color(egui::Color32::from_rgb(40, 120, 190)));
                p.line(PlotLine::new("patience", series(|m| m.patience)).color(egui::Color32::from_rgb(220, 150, 30)));
            });
        ui.label(egui::RichText::new("Transcript").strong());
        let highlighted = card.evidence_turns();
        let caller = library
            .entries
            .get(d.entry)
            .and_then(|e| e.scenario.as_ref())
            .map_or("Caller".to_string(), |s| s.customer.name.clone());
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            for l in &card.transcript {
                let marked = l.turn.is_some_and(|t| highlighted.contains(&t));
                let fill = if marked {
                    egui::Color32::from_rgb(253, 232, 232)
                } else if l.who == "you" {
                    egui::Color32::from_rgb(226, 238, 250)
                } else {
                    egui::Color32::from_gray(240)
                };
                let who = match l.who.as_str() {
                    "caller" => caller.clone(),
                    "you" => "You".into(),
                    _ => String::new(),
                };
                let r = egui::Frame::new()
                    .fill(fill)
                    .inner_margin(4.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal_wrapped(|ui| {
                            ui.label(egui::RichText::new(clock(l.t)).small().color(egui::Color32::GRAY));
                            if who.is_empty() {
                                ui.label(egui::RichText::new(&l.text).italics().color(egui::Color32::DARK_GRAY));
                            } else {
                                ui.label(egui::RichText::new(who).strong());
                                ui.label(&l.text);
                            }
                        });
                    })
                    .response;
                if d.focus_turn.is_some() && l.turn == d.focus_turn && l.who == "you" {
                    r.scroll_to_me(Some(egui::Align::Center));
                }
            }
        });
    });
}

/// One piece of evidence; true when clicked (to show its line in the transcript).
fn evidence_row(ui: &mut egui::Ui, turn: Option<u32>, words: &str, note: &str) -> bool {
    let at = turn.map_or(String::new(), |t| format!("turn {t}: "));
    ui.add(egui::Label::new(format!("    {at}“{words}” — {note}")).sense(egui::Sense::click()))
        .on_hover_text("Show this line in the transcript")
        .clicked()
}

/// Between and after certification calls: only the scores, no debrief (its model answers are
/// practice-only), then the signed result.
pub fn exam(ui: &mut egui::Ui, run: &ExamRun, send: &mut impl FnMut(Command)) {
    egui::CentralPanel::default().show(ui, |ui| {
        ui.heading("Certification");
        if let Some(e) = &run.exam {
            ui.label(format!(
                "{} — {}, attempt {} of {}. {}",
                e.plan.plan.title,
                e.attempt.trainee,
                e.number,
                e.plan.plan.attempts,
                e.plan.plan.rule_text()
            ));
        }
        ui.add_space(8.0);
        for line in &run.said {
            ui.label(egui::RichText::new(line).size(18.0));
        }
        ui.add_space(8.0);
        if run.done {
            if ui.button("Back to calls (Esc)").clicked() || ui.ctx().input(|i| i.key_pressed(egui::Key::Escape)) {
                send(Command::BackToPicker);
            }
        } else if ui.button("Next call (Enter)").clicked() || ui.ctx().input(|i| i.key_pressed(egui::Key::Enter)) {
            send(Command::NextExamCall);
        }
    });
}
