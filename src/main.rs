use clap::Parser;

fn main() -> std::process::ExitCode {
    // Piping into `head` closes stdout early; exit quietly as other Unix tools do rather than
    // panic on the broken pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default SIGPIPE action at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    callsim::cli::run(callsim::cli::Cli::parse())
}
