//! The real window under Xvfb with software rendering (Mesa lavapipe): pick a call, send a
//! line, save a screenshot, and check it shows something.
#![cfg(feature = "app")]

use std::process::Command;

/// (width, height, distinct colours, share of the most common colour)
fn look_at(png_path: &std::path::Path) -> (u32, u32, usize, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let mut counts = std::collections::HashMap::new();
    for px in buf[..info.buffer_size()].chunks(channels) {
        *counts.entry(px[..3].to_vec()).or_insert(0usize) += 1;
    }
    let total = (info.width * info.height) as f64;
    let top = *counts.values().max().unwrap() as f64;
    (info.width, info.height, counts.len(), top / total)
}

#[test]
fn the_call_screen_renders_under_xvfb_after_a_line_is_sent() {
    if Command::new("xvfb-run").arg("--help").output().is_err() {
        assert!(std::env::var("CI").is_err(), "CI must have xvfb-run (bash .ci/setup)");
        eprintln!("skipping: xvfb-run is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("call.png");
    let out = Command::new("timeout")
        .args(["300", "xvfb-run", "-a", "-s", "-screen 0 1280x720x24"])
        .arg(env!("CARGO_BIN_EXE_callsim"))
        .args(["app", "--pick", "5", "--say", "Hello, I'm so sorry, that sounds really frustrating.", "--screenshot"])
        .arg(&shot)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_RUNTIME_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (w, h, colours, top) = look_at(&shot);
    assert_eq!((w, h), (1280, 720));
    // A blank or single-colour frame has a handful of colours; text and meters give hundreds.
    assert!(colours > 100, "only {colours} colours");
    assert!(top < 0.9, "{:.0}% of the screen is one colour", top * 100.0);
}
