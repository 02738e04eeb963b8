//! The maintainers' command line, thin over the hookspec crates: argument parsing, file I/O and
//! reporting.
//!
//! Exit codes: 0 success; 1 `spec --check` found drift, `diff` found a breaking change, or
//! `verify` refused a signature; 2 bad usage or any other error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use hookspec_assembly::spec_folder::{self, Drift, Written};
use hookspec_signature::{VerifyOptions, sign, verify};

/// Exit code when `spec --check` finds files that differ from what would be generated.
pub const DRIFT: u8 = 1;
/// Exit code when `diff` finds a change that breaks clients or receivers.
pub const BREAKING: u8 = 1;
/// Exit code when `verify` refuses a signature.
pub const INVALID: u8 = 1;
/// Exit code for bad usage or any other error.
pub const FAILURE: u8 = 2;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

  spec [--check] [--dialect NAME]... [--spec-dir DIR]
      Regenerate the documents under spec/ for every dialect (or the ones named).
      --check writes nothing; it exits 1 with a diff when spec/ is not what would be generated.
      --spec-dir is the folder to write or check (default: spec/ in the workspace).

  diff OLD NEW [--format text|json]
      Compare two OpenAPI documents (3.0 or 3.1), each a file or REV:PATH read from git, and list
      every change with its JSON pointer and whom it breaks: API clients, delivery receivers or
      nobody. Exits 0 when nothing breaks, 1 when something does.

  mock --dialect NAME [--addr 127.0.0.1:PORT] [--time-scale F]
      Serve the provider's API from memory, checked against its document, and deliver signed
      events: POST /_hookspec/trigger {\"event\": NAME, \"data\": {...}}, GET /_hookspec/deliveries.
      Runs the hookspec-sandbox crate (built on first use; `spec` never builds it).

  deliver --dialect NAME --to URL (--secret S | --secret-env VAR) [--event NAME]
          [--body-file F] [--timestamp UNIX_SECONDS]
      Send one delivery exactly as the provider would; exit 0 on a 2xx answer, 1 otherwise.

  sign --dialect NAME (--secret S | --secret-env VAR) --body-file FILE [--timestamp UNIX_SECONDS]
      Print the signature header the provider would send with FILE's bytes as the body.

  verify --dialect NAME (--secret S | --secret-env VAR) --header 'NAME: VALUE' --body-file FILE
         [--tolerance SECONDS] [--now UNIX_SECONDS]
      Say `valid` (exit 0) for a genuine delivery, or why it is not (exit 1).
      --tolerance bounds the age of a timestamped signature (default 300).";

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

fn dispatch(args: &[String], out: &mut dyn Write) -> anyhow::Result<u8> {
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("spec") => spec(&Flags::parse(rest, &["--check"], &["--dialect", "--spec-dir"])?, out),
        Some("diff") => {
            let (documents, options) = rest.split_at(rest.len().min(2));
            if documents.len() < 2 || documents.iter().any(|document| document.starts_with("--")) {
                bail!("`diff` needs two documents, OLD and NEW\n{USAGE}");
            }
            diff_command(&documents[0], &documents[1], &Flags::parse(options, &[], &["--format"])?, out)
        }
        Some(command @ ("mock" | "deliver")) => sandbox(command, rest),
        Some("sign") => sign_command(
            &Flags::parse(
                rest,
                &[],
                &["--dialect", "--secret", "--secret-env", "--body-file", "--timestamp"],
            )?,
            out,
        ),
        Some("verify") => verify_command(
            &Flags::parse(
                rest,
                &[],
                &["--dialect", "--secret", "--secret-env", "--header", "--body-file", "--tolerance", "--now"],
            )?,
            out,
        ),
        Some("help" | "--help" | "-h") | None => {
            writeln!(out, "{USAGE}")?;
            Ok(0)
        }
        Some(other) => bail!("unknown command `{other}`\n{USAGE}"),
    }
}

/// Parsed `--flag` and `--option value` arguments.
struct Flags {
    switches: Vec<String>,
    values: BTreeMap<String, Vec<String>>,
}

impl Flags {
    fn parse(args: &[String], switches: &[&str], options: &[&str]) -> anyhow::Result<Flags> {
        let mut flags = Flags { switches: Vec::new(), values: BTreeMap::new() };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            if switches.contains(&arg.as_str()) {
                flags.switches.push(arg.clone());
            } else if options.contains(&arg.as_str()) {
                let value = args.next().with_context(|| format!("`{arg}` needs a value\n{USAGE}"))?;
                flags.values.entry(arg.clone()).or_default().push(value.clone());
            } else {
                bail!("unknown argument `{arg}`\n{USAGE}");
            }
        }
        Ok(flags)
    }

    fn has(&self, switch: &str) -> bool {
        self.switches.iter().any(|given| given == switch)
    }

    fn all(&self, option: &str) -> &[String] {
        self.values.get(option).map_or(&[], Vec::as_slice)
    }

    fn one(&self, option: &str) -> anyhow::Result<Option<&str>> {
        match self.all(option) {
            [] => Ok(None),
            [value] => Ok(Some(value)),
            _ => bail!("`{option}` is given more than once"),
        }
    }

    fn required(&self, option: &str) -> anyhow::Result<&str> {
        self.one(option)?.with_context(|| format!("`{option}` is required\n{USAGE}"))
    }

    fn number(&self, option: &str) -> anyhow::Result<Option<u64>> {
        self.one(option)?
            .map(|value| {
                value.parse().with_context(|| format!("`{option}` takes a whole number, not `{value}`"))
            })
            .transpose()
    }
}

/// What a change to a published document does to its readers, in one line.
fn classify(committed: &str, generated: &str) -> String {
    use hookspec_toolkit::breaking;
    let (old, new) = match (
        hookspec_toolkit::parse(committed, "the committed document"),
        hookspec_toolkit::parse(generated, "the generated document"),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(error), _) | (_, Err(error)) => return format!("not classified: {error}"),
    };
    let report = breaking::compare(&old, &new);
    let broken: Vec<String> = report.broken().iter().map(ToString::to_string).collect();
    let mut line = if broken.is_empty() {
        format!("{} change(s), none breaking", report.changes.len())
    } else {
        format!("{} change(s): {}", report.changes.len(), broken.join(" and "))
    };
    if report.version_unchanged() {
        line.push_str(&format!("; info.version is still {}: bump the major version", report.versions.1));
    }
    line
}

/// Reads a document given as a file or as `REV:PATH` from git.
fn read_document(spec: &str) -> anyhow::Result<String> {
    if Path::new(spec).exists() {
        return std::fs::read_to_string(spec).with_context(|| format!("cannot read {spec}"));
    }
    if spec.contains(':') {
        let output = std::process::Command::new("git")
            .args(["show", spec])
            .output()
            .with_context(|| format!("cannot run git to read {spec}"))?;
        if output.status.success() {
            return String::from_utf8(output.stdout).with_context(|| format!("{spec} is not UTF-8"));
        }
        bail!("cannot read {spec} from git: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    bail!("{spec}: no such file (a git revision is written REV:PATH)")
}

fn diff_command(old: &str, new: &str, flags: &Flags, out: &mut dyn Write) -> anyhow::Result<u8> {
    use hookspec_toolkit::breaking;
    let format = flags.one("--format")?.unwrap_or("text");
    if !matches!(format, "text" | "json") {
        bail!("`--format` is `text` or `json`, not `{format}`");
    }
    let parse = |spec: &str| -> anyhow::Result<serde_json::Value> {
        hookspec_toolkit::parse(&read_document(spec)?, spec).map_err(anyhow::Error::msg)
    };
    let report = breaking::compare(&parse(old)?, &parse(new)?);
    match format {
        "json" => writeln!(out, "{:#}", report.json())?,
        _ => write!(out, "{}", report.text())?,
    }
    Ok(if report.breaking() { BREAKING } else { 0 })
}

fn default_spec_dir() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).join("spec")
}

fn spec(flags: &Flags, out: &mut dyn Write) -> anyhow::Result<u8> {
    let names = flags.all("--dialect");
    let spec_dir = flags.one("--spec-dir")?.map_or_else(default_spec_dir, PathBuf::from);
    let (outputs, scope) = hookspec_assembly::publish(names)?;
    let shown = spec_dir.display();
    if flags.has("--check") {
        let drift = spec_folder::compare(&spec_dir, &outputs, &scope)?;
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
            if let Drift::Stale { path, .. } = entry
                && path.contains("openapi")
                && let Some(output) = outputs.iter().find(|output| output.path == *path)
            {
                let committed = std::fs::read_to_string(spec_dir.join(path)).unwrap_or_default();
                writeln!(out, "  {path}: {}", classify(&committed, &output.contents))?;
            }
        }
        for entry in &drift {
            if let Drift::Stale { diff, .. } = entry {
                write!(out, "\n{diff}")?;
            }
        }
        let mut fix = String::from("cargo xtask spec");
        for name in names {
            fix.push_str(&format!(" --dialect {name}"));
        }
        if spec_dir != default_spec_dir() {
            fix.push_str(&format!(" --spec-dir {shown}"));
        }
        writeln!(out, "\nTo fix it, run: {fix}")?;
        return Ok(DRIFT);
    }
    let written = spec_folder::write(&spec_dir, &outputs, &scope)?;
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

/// Runs `cargo run -p hookspec-sandbox -- COMMAND ARGS`: the sandbox's async stack lives in its
/// own crate so that `cargo xtask spec` never builds it. On Unix the process becomes cargo (and
/// cargo the sandbox), so signals reach the server.
fn sandbox(command: &str, args: &[String]) -> anyhow::Result<u8> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut run = std::process::Command::new(cargo);
    run.args(["run", "--quiet", "--package", "hookspec-sandbox", "--", command]).args(args);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let error = run.exec();
        bail!("cannot run cargo: {error}")
    }
    #[cfg(not(unix))]
    {
        let status = run.status().context("cannot run cargo")?;
        Ok(status.code().and_then(|code| u8::try_from(code).ok()).unwrap_or(FAILURE))
    }
}

/// The signature scheme of the dialect named by `--dialect`, the secret and the body.
fn signing_inputs(flags: &Flags) -> anyhow::Result<(hookspec_model::SignatureScheme, Vec<u8>, Vec<u8>)> {
    let name = flags.required("--dialect")?;
    let dialect =
        hookspec_assembly::select(&[name.to_owned()])?.into_iter().next().context("no dialect selected")?;
    let secret = match (flags.one("--secret")?, flags.one("--secret-env")?) {
        (Some(secret), None) => secret.to_owned(),
        (None, Some(variable)) => std::env::var(variable).with_context(|| {
            format!("`--secret-env` names `{variable}`, which is not set (or not Unicode)")
        })?,
        _ => bail!("give the secret with exactly one of `--secret S` and `--secret-env VAR`\n{USAGE}"),
    }
    .into_bytes();
    let path = flags.required("--body-file")?;
    let body = std::fs::read(path).with_context(|| format!("cannot read the body file `{path}`"))?;
    Ok((dialect.signature()?, secret, body))
}

fn sign_command(flags: &Flags, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (scheme, secret, body) = signing_inputs(flags)?;
    let timestamp = match flags.number("--timestamp")? {
        Some(timestamp) => timestamp,
        None => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs(),
    };
    writeln!(out, "{}: {}", scheme.header, sign(&scheme, &secret, &body, timestamp))?;
    Ok(0)
}

fn verify_command(flags: &Flags, out: &mut dyn Write) -> anyhow::Result<u8> {
    let (scheme, secret, body) = signing_inputs(flags)?;
    let header = flags.required("--header")?;
    let (name, value) =
        header.split_once(':').with_context(|| format!("`--header` takes `Name: value`, not `{header}`"))?;
    let options = VerifyOptions {
        tolerance: flags
            .number("--tolerance")?
            .map_or(hookspec_signature::DEFAULT_TOLERANCE, Duration::from_secs),
        now: flags.number("--now")?,
    };
    // Header names are case-insensitive; another header than the scheme's carries no signature.
    let value = name.trim().eq_ignore_ascii_case(&scheme.header).then_some(value.trim());
    match verify(&scheme, &secret, value, &body, &options) {
        Ok(()) => {
            writeln!(out, "valid")?;
            Ok(0)
        }
        Err(reason) => {
            writeln!(out, "invalid: {reason}")?;
            Ok(INVALID)
        }
    }
}
