//! `hookspec-diff`, which `cargo xtask diff` runs: see [`hookspec_diff::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code =
        hookspec_diff::run(std::path::Path::new("."), &args, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}
