//! The scenario picker: a card per scenario, grouped by archetype, with the brief.

use bevy_egui::egui;

use super::archetype_colour;
use crate::app::exam::Plans;
use crate::app::results::Results;
use crate::app::state::{Command, Library, Settings};
use crate::scenario::Archetype;

pub fn show(
    ui: &mut egui::Ui,
    library: &Library,
    settings: &Settings,
    results: &mut Results,
    (plans, refused): (&Plans, Option<String>),
    send: &mut impl FnMut(Command),
) {
    egui::Panel::top("picker_top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("callsim — choose a call");
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let label = if settings.trainer { "Trainer view: on (F2)" } else { "Trainer view: off (F2)" };
                if ui.button(label).clicked() {
                    send(Command::ToggleTrainer);
                }
            });
        });
        ui.horizontal(|ui| {
            ui.label("Taking the calls:");
            let signed = ui.add(
                egui::TextEdit::singleline(&mut results.trainee).hint_text("your name or id").desired_width(220.0),
            );
            if signed.lost_focus() || signed.changed() {
                results.stale = true;
            }
            ui.label(egui::RichText::new(&results.status).small().weak());
        });
        ui.label("Press the number of a call, or click it. Calls are graded on listening, expectation setting and escalation.");
    });
    history(ui, settings, results);
    // Number keys start the call with that number.
    let keys = [
        egui::Key::Num1,
        egui::Key::Num2,
        egui::Key::Num3,
        egui::Key::Num4,
        egui::Key::Num5,
        egui::Key::Num6,
        egui::Key::Num7,
        egui::Key::Num8,
        egui::Key::Num9,
    ];
    // Typing a name in the sign-in box is not choosing a call.
    let typing = ui.ctx().memory(|m| m.focused().is_some());
    for (i, key) in keys.iter().enumerate() {
        if !typing
            && ui.ctx().input(|inp| inp.key_pressed(*key))
            && library.entries.get(i).is_some_and(|e| e.scenario.is_some())
        {
            send(Command::Pick(i));
        }
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for archetype in [Archetype::Irate, Archetype::Demanding, Archetype::ChoiceShopping] {
                ui.add_space(6.0);
                ui.label(
                    egui::RichText::new(archetype.label().to_uppercase()).strong().color(archetype_colour(archetype)),
                );
                for (i, entry) in library.entries.iter().enumerate() {
                    let Some(sc) = &entry.scenario else { continue };
                    if sc.archetype != archetype {
                        continue;
                    }
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            if ui.button(egui::RichText::new(format!("{}. {}", i + 1, sc.title)).strong()).clicked() {
                                send(Command::Pick(i));
                            }
                            ui.label(format!("{}  ·  {}", "★".repeat(sc.difficulty as usize), sc.customer.name));
                        });
                        ui.label(&sc.brief);
                        if !entry.problems.is_empty() {
                            ui.colored_label(
                                egui::Color32::from_rgb(200, 60, 50),
                                format!(
                                    "The file has errors; using the last good version:\n{}",
                                    entry.problems.join("\n")
                                ),
                            );
                        }
                    });
                }
            }
            if !plans.entries.is_empty() {
                ui.add_space(6.0);
                ui.label(egui::RichText::new("CERTIFICATION").strong());
                if let Some(why) = &refused {
                    ui.colored_label(egui::Color32::from_rgb(200, 60, 50), why);
                }
                for (i, p) in plans.entries.iter().enumerate() {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        match &p.ready {
                            Ok(_) => {
                                if ui.button(egui::RichText::new(format!("Start: {}", p.title())).strong()).clicked() {
                                    send(Command::StartExam(i));
                                }
                                ui.label("Fixed callers, time limits, no trainer view or hints, no retries; the result is signed.");
                            }
                            Err(e) => {
                                ui.colored_label(egui::Color32::from_rgb(200, 60, 50), e);
                            }
                        }
                    });
                }
            }
            let broken: Vec<_> = library.entries.iter().filter(|e| e.scenario.is_none()).collect();
            if !broken.is_empty() {
                ui.add_space(8.0);
                ui.label(egui::RichText::new("NOT LOADED").strong());
                for e in broken {
                    ui.colored_label(egui::Color32::from_rgb(200, 60, 50), e.problems.join("\n"));
                }
            }
        });
    });
}

/// The signed-in trainee's own calls; with the trainer view, the whole cohort.
fn history(ui: &mut egui::Ui, settings: &Settings, results: &Results) {
    egui::Panel::right("history").default_size(360.0).show(ui, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading("Your calls");
            if results.history.is_empty() {
                ui.label("No calls yet.");
            }
            egui::Grid::new("my_calls").striped(true).show(ui, |ui| {
                for c in results.history.iter().take(12) {
                    ui.label(c.started_at.get(..16).unwrap_or(&c.started_at).replace('T', " "));
                    ui.label(&c.scenario_id);
                    ui.label(c.total().map_or("–".into(), |t| t.to_string()));
                    let verdict = c.verdict();
                    let colour = if verdict == "PASS" {
                        egui::Color32::from_rgb(30, 130, 80)
                    } else {
                        egui::Color32::from_rgb(190, 50, 40)
                    };
                    ui.colored_label(colour, verdict);
                    ui.end_row();
                }
            });
            if settings.trainer
                && let Some(r) = &results.cohort
            {
                ui.add_space(10.0);
                ui.heading("Cohort");
                egui::Grid::new("cohort").striped(true).show(ui, |ui| {
                    for h in ["trainee", "calls", "passed", "best", "last", "trend"] {
                        ui.label(egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    for t in &r.trainees {
                        ui.label(&t.trainee);
                        ui.label(t.attempts.to_string());
                        ui.label(t.passed.to_string());
                        ui.label(t.best.map_or("–".into(), |v| v.to_string()));
                        ui.label(t.last.map_or("–".into(), |v| v.to_string()));
                        ui.label(t.trend.map_or("–".into(), |v| format!("{v:+.1}")));
                        ui.end_row();
                    }
                });
                if let Some(w) = r.weakest.first() {
                    ui.add_space(6.0);
                    ui.label(format!("Most missed: {} ({} of {} calls)", w.title, w.missed, w.applied));
                }
            }
        });
    });
}
