//! Push-to-talk through the real capture path: cpal opens ALSA's default capture device, which
//! this test defines as ALSA's `file` plugin reading its `infile` over a `null` slave, in
//! whatever rate, channel count and format cpal negotiates. `play --voice` runs with a
//! terminal on stdin (a pty), Enter starts and stops the recording, and the trainee's words are
//! spoken by espeak-ng into the device. Needs the model and espeak-ng (`bash .ci/setup`).
//!
//! The infile is a FIFO, not the WAV itself: the null slave has no clock, so a plain file would be
//! read at CPU speed, long before Enter is pressed. Through a FIFO the device delivers exactly
//! what the test writes, when it writes it, and its reads block (rather than spin) in between.
#![cfg(all(feature = "speech", target_os = "linux"))]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// The model and the tools these tests need, or None to skip (a failure in CI).
fn ready() -> Option<PathBuf> {
    common::speech_ready(&["espeak-ng", "sox"])
}

/// espeak-ng's words as the raw interleaved frames a capture device in the given configuration
/// ("44100", "2", "f32") delivers, converted by sox.
fn spoken_pcm(dir: &Path, text: &str, rate: &str, channels: &str, format: &str) -> Vec<u8> {
    let wav = dir.join("said.wav");
    let ok = Command::new("espeak-ng").args(["-v", "en-us", "-s", "160", "-w"]).arg(&wav).arg(text).status().unwrap();
    assert!(ok.success());
    let encoding: &[&str] = match format {
        "f32" => &["-e", "floating-point", "-b", "32"],
        "i16" => &["-e", "signed", "-b", "16"],
        other => panic!("the app captures f32 or i16, cpal chose {other}"),
    };
    let raw = dir.join("said.raw");
    let ok = Command::new("sox")
        .arg(&wav)
        .args(["-t", "raw", "-r", rate, "-c", channels])
        .args(encoding)
        .arg(&raw)
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::read(raw).unwrap()
}

/// A pty whose slave end becomes the child's stdin (so `play` takes the call interactively);
/// echo is off so nothing typed needs reading back. Returns (master, slave).
fn pty() -> (std::fs::File, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty fills two descriptors, which are owned from here on.
    unsafe {
        assert_eq!(
            libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), std::ptr::null()),
            0,
            "openpty"
        );
        let mut t: libc::termios = std::mem::zeroed();
        assert_eq!(libc::tcgetattr(slave, &mut t), 0);
        t.c_lflag &= !libc::ECHO;
        assert_eq!(libc::tcsetattr(slave, libc::TCSANOW, &t), 0);
        (std::fs::File::from_raw_fd(master), OwnedFd::from_raw_fd(slave))
    }
}

/// The child's stdout, line by line, and everything seen so far (for failure messages).
struct Screen {
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Screen {
    /// Waits for a line containing `wanted`; fails with the whole screen after `secs`.
    fn wait_for(&mut self, wanted: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(wanted) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {wanted:?} within {secs} s; the screen:\n{}", self.seen.join("\n")),
            }
        }
    }
}

/// FIFO capacity: Linux's default fs.pipe-max-size (1 MiB), 2.7 s of 48 kHz stereo f32.
const PIPE: usize = 1 << 20;

#[test]
fn push_to_talk_on_an_alsa_capture_device_answers_the_caller() {
    let Some(model) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("mic.fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain libc call on a path we own.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
    // Opened read-write, which on Linux does not wait for the other end: ALSA's opens of the
    // infile (cpal opens the device more than once) then never block either.
    let mut mic = std::fs::OpenOptions::new().read(true).write(true).open(&fifo).unwrap();
    // Room for the whole utterance, so that one write lands in the FIFO at once: a read that
    // caught up with a write in progress would come back short, and ALSA's file plugin fills
    // the rest of that period with the null slave's silence, cutting gaps into the words.
    // SAFETY: fcntl on a descriptor we own.
    let size = unsafe { libc::fcntl(std::os::fd::AsRawFd::as_raw_fd(&mic), libc::F_SETPIPE_SZ, PIPE as libc::c_int) };
    assert!(size >= PIPE as libc::c_int, "F_SETPIPE_SZ: {}", std::io::Error::last_os_error());
    // ALSA_CONFIG_PATH replaces the system configuration; plug, file and null are built into
    // alsa-lib, so this file is all the device needs.
    let conf = dir.path().join("asound.conf");
    // No `plug` in front: alsa-lib 1.2.8's conversions reach the file plugin through mmap, where
    // its infile is read out of step with the periods (words come out doubled and shifted).
    // Without it the null slave takes whatever cpal asks for, and the test writes that format.
    std::fs::write(
        &conf,
        format!(
            "pcm.!default {{ type file slave.pcm {{ type null }} file \"/dev/null\" infile \"{}\" format \"raw\" }}\n",
            fifo.display()
        ),
    )
    .unwrap();
    let record = dir.path().join("call.jsonl");

    let (mut keys, tty) = pty();
    let mut child = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args([
            "play",
            "scenarios/demanding-late-delivery.ron",
            "--voice",
            "--seed",
            "3",
            "--trainee",
            "sam",
            "--record",
        ])
        .arg(&record)
        .env("CALLSIM_HOME", dir.path())
        .env_remove("CALLSIM_STORE")
        .env("ALSA_CONFIG_PATH", &conf)
        .env("CALLSIM_WHISPER_MODEL", &model)
        .env("CALLSIM_WHISPER_THREADS", "2")
        .stdin(Stdio::from(tty))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut screen = Screen { lines: rx, seen: Vec::new() };

    // The voice line names the device cpal opened; "Voice is not available" would fail here.
    let voice = screen.wait_for("Voice", 60);
    assert!(voice.starts_with("Voice: press Enter to start talking"), "{voice}\n{}", screen.seen.join("\n"));
    // "(default, 44100 Hz, 2 ch, f32)": what cpal negotiated, and so what the device must carry.
    let config = voice.split_once("(default, ").and_then(|(_, rest)| rest.split_once(')')).map(|(c, _)| c);
    let Some(config) = config else { panic!("no device configuration in {voice:?}") };
    let fields: Vec<&str> = config.split(", ").collect();
    let [rate, channels, format] = fields[..] else { panic!("{config}") };
    eprintln!("capture device negotiated by cpal: {config}");
    let said = spoken_pcm(
        dir.path(),
        "Can I have the order number, please?",
        rate.trim_end_matches(" Hz"),
        channels.trim_end_matches(" ch"),
        format,
    );
    screen.wait_for("Marcus Bell: I want a delivery date. An exact one.", 20);
    // Let the caller finish (7 words at 2.6 words a second): speaking over him is an interruption.
    std::thread::sleep(Duration::from_secs(4));

    keys.write_all(b"\n").unwrap();
    screen.wait_for("(recording: speak, then press Enter)", 10);
    // The words and a little silence after them, in one write; then wait until the device has
    // read all of it (FIONREAD: bytes still in the FIFO).
    let mut utterance = said.clone();
    utterance.extend(vec![0u8; (said.len() / 10).min(PIPE.saturating_sub(said.len()))]);
    assert!(utterance.len() <= PIPE, "{} bytes do not fit the FIFO", utterance.len());
    assert_eq!(mic.write(&utterance).unwrap(), utterance.len());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut left: libc::c_int = 0;
        // SAFETY: ioctl on a descriptor we own, into a c_int.
        assert_eq!(unsafe { libc::ioctl(std::os::fd::AsRawFd::as_raw_fd(&mic), libc::FIONREAD, &mut left) }, 0);
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the capture device stopped reading ({left} bytes left)");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    keys.write_all(b"\n").unwrap();
    screen.wait_for("(transcribing…)", 10);
    let heard = screen.wait_for("you (spoken):", 60);
    assert_eq!(heard, "you (spoken): Can I have the order number, please?");
    let reply = screen.wait_for("Marcus Bell:", 20);
    assert_eq!(reply, "Marcus Bell: ORD-55219. It was supposed to arrive last Tuesday.");

    // Closing the FIFO lets the capture thread's blocked read return, so the stream can stop.
    drop(mic);
    keys.write_all(b"/end\n").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("play did not end after /end; the screen:\n{}", screen.seen.join("\n"));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(status.success(), "{status}: {err}");
    // The spoken turn is in the record, marked as spoken.
    let rec = std::fs::read_to_string(&record).unwrap();
    assert!(rec.contains(r#""source":"Spoken""#), "{rec}");
    assert!(rec.contains("Can I have the order number, please?"), "{rec}");
}
