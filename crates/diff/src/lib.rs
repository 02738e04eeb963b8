//! `cargo xtask diff`: the breaking-change gate CI runs. It compares two API descriptions, or
//! every dialect's documents under `spec/` with the same files at a git revision (`--base`),
//! judges each change for API clients and for delivery receivers (`hookspec_toolkit::breaking`),
//! applies the accepted changes and the version rule ([`gate`]), and reports in the format a CI
//! system reads ([`format`]).
//!
//! It is its own crate, with a binary the xtask runs in release through cargo, so that
//! `cargo xtask spec` builds none of it (the YAML parser that keeps positions, for annotations)
//! and the differ runs optimised, as users start it.
//!
//! Exit codes: 0 the gate passes; 1 it fails; 2 bad usage, or a document or accepted-changes
//! file that cannot be read (named, with the place).

pub mod format;
pub mod gate;
pub mod lines;
pub mod source;

use std::io::Write;
use std::path::Path;

use hookspec_cli::{Diff, DiffFormat, FailOn};
use hookspec_toolkit::breaking::Severity;

/// Exit code when the gate fails.
pub const FAILED: u8 = 1;
/// Exit code for bad usage or a document that cannot be read.
pub const ERROR: u8 = 2;

/// Runs `cargo xtask diff ARGS` (`args` without the program name) in `dir`, writing the report to
/// `out` and errors to `err`; returns the exit code.
pub fn run(dir: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let program = std::iter::once("cargo xtask diff".to_owned());
    let Diff { args } = match hookspec_cli::parse::<Diff>(program.chain(args.iter().cloned())) {
        Ok(diff) => diff,
        Err(refusal) => return refusal.print(out, err),
    };
    let fail_on = match args.fail_on {
        FailOn::Breaking => Severity::Breaking,
        FailOn::Warning => Severity::Warning,
    };
    let groups = match (&args.base, &args.old, &args.new) {
        (Some(base), _, _) => source::base(dir, base),
        (None, Some(old), Some(new)) => source::two(dir, old, new).map(|group| vec![group]),
        _ => Err(hookspec_toolkit::Problem::new("cargo xtask diff", "give OLD and NEW, or `--base REF`")),
    };
    let with_lines = args.format == DiffFormat::Github;
    let outcome =
        match groups.and_then(|groups| gate::evaluate(groups, args.base.clone(), fail_on, with_lines)) {
            Ok(outcome) => outcome,
            Err(error) => {
                let _ = writeln!(err, "error: {error}");
                return ERROR;
            }
        };
    let report = match args.format {
        DiffFormat::Text => format::text(&outcome),
        DiffFormat::Json => format!("{:#}\n", format::json(&outcome)),
        DiffFormat::Markdown => format::markdown(&outcome),
        DiffFormat::Github => format::github(&outcome),
        DiffFormat::Junit => format::junit(&outcome),
    };
    if write!(out, "{report}").is_err() {
        return ERROR;
    }
    if outcome.passed() { 0 } else { FAILED }
}
