//! The scenario picker: a card per scenario, grouped by archetype, with the brief.

use bevy_egui::egui;

use super::archetype_colour;
use crate::app::state::{Command, Library, Settings};
use crate::scenario::Archetype;

pub fn show(ui: &mut egui::Ui, library: &Library, settings: &Settings, send: &mut impl FnMut(Command)) {
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
        ui.label("Press the number of a call, or click it. Calls are graded on listening, expectation setting and escalation.");
    });
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
    for (i, key) in keys.iter().enumerate() {
        if ui.ctx().input(|inp| inp.key_pressed(*key)) && library.entries.get(i).is_some_and(|e| e.scenario.is_some()) {
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
