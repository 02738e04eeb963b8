//! The maintainers' command line, thin over `hookspec-spec`: argument parsing and reporting.
//!
//! Exit codes: 0 success, 1 `spec --check` found drift, 2 bad usage or a generation error.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use hookspec_spec::drift::{self, Drift, Written};

/// Exit code when `--check` finds files that differ from what would be generated.
pub const DRIFT: u8 = 1;
/// Exit code for bad usage or a generation error.
pub const FAILURE: u8 = 2;

const USAGE: &str = "\
usage: cargo xtask spec [--check] [--dialect NAME]... [--spec-dir DIR]

  spec                 regenerate the documents under spec/ for every dialect
  --check              write nothing; exit 1 and show a diff if spec/ is not what would be generated
  --dialect NAME       only this dialect (repeatable)
  --spec-dir DIR       the folder to write or check (default: spec/ in the workspace)";

/// Runs the command line `args` (without the program name), writing to `out` and `err`, and
/// returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match dispatch(args, out) {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

struct SpecArgs {
    check: bool,
    dialects: Vec<String>,
    spec_dir: PathBuf,
}

fn dispatch(args: &[String], out: &mut dyn Write) -> anyhow::Result<u8> {
    match args.first().map(String::as_str) {
        Some("spec") => spec(parse_spec(&args[1..])?, out),
        Some("help" | "--help" | "-h") | None => {
            writeln!(out, "{USAGE}")?;
            Ok(0)
        }
        Some(other) => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

fn parse_spec(args: &[String]) -> anyhow::Result<SpecArgs> {
    let mut parsed = SpecArgs { check: false, dialects: Vec::new(), spec_dir: default_spec_dir() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value =
            |flag: &str| args.next().cloned().with_context(|| format!("`{flag}` needs a value\n{USAGE}"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--dialect" => parsed.dialects.push(value("--dialect")?),
            "--spec-dir" => parsed.spec_dir = PathBuf::from(value("--spec-dir")?),
            other => bail!("unknown argument `{other}`\n{USAGE}"),
        }
    }
    Ok(parsed)
}

fn default_spec_dir() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).join("spec")
}

fn spec(args: SpecArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let dialects = hookspec_spec::select(&args.dialects)?;
    let outputs = hookspec_spec::generate_all(&dialects)?;
    let scope: Vec<&str> = if args.dialects.is_empty() {
        Vec::new()
    } else {
        dialects.iter().map(|dialect| dialect.name()).collect()
    };
    let shown = args.spec_dir.display();
    if args.check {
        let drift = drift::compare(&args.spec_dir, &outputs, &scope)?;
        if drift.is_empty() {
            writeln!(out, "spec: {} files in {shown} are up to date", outputs.len())?;
            return Ok(0);
        }
        writeln!(out, "spec: {} file(s) in {shown} differ from what the sources generate:", drift.len())?;
        for entry in &drift {
            match entry {
                Drift::Stale { path, .. } => writeln!(out, "  stale:      {path}")?,
                Drift::Missing { path } => writeln!(out, "  missing:    {path}")?,
                Drift::Unexpected { path } => writeln!(out, "  unexpected: {path} (nothing generates it)")?,
            }
        }
        for entry in &drift {
            if let Drift::Stale { diff, .. } = entry {
                write!(out, "\n{diff}")?;
            }
        }
        writeln!(out, "\nTo fix it, run: cargo xtask spec{}", fix_arguments(&args))?;
        return Ok(DRIFT);
    }
    let written = drift::write(&args.spec_dir, &outputs, &scope)?;
    let mut unchanged = 0;
    for entry in &written {
        match entry {
            Written::Updated(path) => writeln!(out, "spec: wrote {path}")?,
            Written::Removed(path) => writeln!(out, "spec: removed {path} (nothing generates it)")?,
            Written::Unchanged(_) => unchanged += 1,
        }
    }
    writeln!(out, "spec: {} files in {shown}, {unchanged} already up to date", outputs.len())?;
    Ok(0)
}

/// The arguments that repeat this run without `--check`.
fn fix_arguments(args: &SpecArgs) -> String {
    let mut fix = String::new();
    for dialect in &args.dialects {
        fix.push_str(&format!(" --dialect {dialect}"));
    }
    if args.spec_dir != default_spec_dir() {
        fix.push_str(&format!(" --spec-dir {}", args.spec_dir.display()));
    }
    fix
}
