//! The maintainers' command line, thin over the hookspec crates: argument parsing (clap, with the
//! options shared with the sandbox in `hookspec-cli`), file I/O and reporting.
//!
//! The documents themselves are generated when the xtask is built (`build.rs`), so
//! `cargo xtask spec [--check]` compares or writes what the sources give.
//!
//! Exit codes: 0 success; 1 `spec --check` found drift, `diff`'s gate failed, or `verify`
//! refused a signature; 2 bad usage or any other error.

pub mod import;
pub mod sources;
pub mod spec_folder;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use hookspec_cli::{DiffArgs, SandboxCommand, SchemeChoice, SignArgs, VerifyArgs};
use hookspec_signature::{Scheme, Signing, VerifyOptions};

use crate::spec_folder::{Drift, Written};

mod generated {
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

/// Exit code when `spec --check` finds files that differ from what would be generated.
pub const DRIFT: u8 = 1;
/// Exit code when `verify` refuses a signature.
pub const INVALID: u8 = 1;
/// Exit code for bad usage or any other error.
pub const FAILURE: u8 = 2;

/// `cargo xtask`.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", about = "hookspec's maintainer commands.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the documents under spec/ for every dialect (or the one named).
    Spec {
        /// Write nothing: exit 1 with a diff when spec/ is not what the sources generate.
        #[arg(long)]
        check: bool,
        #[command(flatten)]
        #[allow(missing_docs)]
        dialect: hookspec_cli::Dialect<false>,
        /// The folder to write or check (default: spec/ in the workspace).
        #[arg(long, value_name = "DIR")]
        spec_dir: Option<PathBuf>,
    },
    /// Say whom the changes between two API descriptions break, and gate on it: severities for
    /// API clients and delivery receivers, the accepted changes, the version rule. Runs the
    /// release build of `hookspec-diff`.
    Diff(DiffArgs),
    /// Check every quote of the pages read from a provider's docs repository against a local clone:
    /// each must stand in the page's files at its pinned commit (whitespace collapsed). With
    /// --latest, against the clone's HEAD instead, reporting the drift: quotes no longer there,
    /// cited files removed, JSON examples the inventory does not list. Exits 1 on any.
    Sources {
        /// A docs repository and its local clone, `OWNER/NAME=DIR` (repeatable).
        #[arg(long = "docs", value_name = "OWNER/NAME=DIR", required = true)]
        docs: Vec<String>,
        /// Check against the clone's HEAD, not the pinned commits.
        #[arg(long)]
        latest: bool,
    },
    /// Write the generated part of a provider folder from the provider's published OpenAPI
    /// descriptions, as the folder's `import.yaml` selects; never the files written by hand.
    Import {
        /// The provider folder (`crates/dialects/src/github`).
        #[arg(value_name = "FOLDER")]
        folder: PathBuf,
        /// A description import.yaml names, and its file (JSON or YAML), `NAME=FILE` (repeatable).
        #[arg(long = "description", value_name = "NAME=FILE", required_unless_present = "packages")]
        descriptions: Vec<String>,
        /// A `node_modules` folder that holds the packages import.yaml names, at the versions it
        /// pins: each description is the package's file there.
        #[arg(long, value_name = "DIR", conflicts_with = "descriptions")]
        packages: Option<PathBuf>,
        /// Write nothing: exit 1 naming each file that is not what the descriptions give.
        #[arg(long)]
        check: bool,
        /// Also write the descriptions restricted to what import.yaml imports (one OpenAPI 3.1
        /// document) to FILE, for `cargo xtask diff` against the published document.
        #[arg(long, value_name = "FILE")]
        restricted: Option<PathBuf>,
    },
    /// Print the headers a provider (or a scheme) sends with the body file's bytes.
    Sign(SignArgs),
    /// Say `valid` (exit 0) for a genuine delivery, or why it is not (exit 1).
    Verify(VerifyArgs),
    /// The dialects, as the registry lists them (JSON with --json, for CI).
    Dialects {
        /// One JSON object per line: name, protocol, base path, the headers a fuzzer authenticates
        /// with, and for JSON-RPC the endpoint, the documented error codes, the wrapper and login
        /// methods.
        #[arg(long)]
        json: bool,
    },
    #[command(flatten)]
    Sandbox(SandboxCommand),
}

/// Runs the command line `args` (without the program name), writing to `out` and `err`, and
/// returns the process exit code.
pub fn run(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let cli: Cli =
        match hookspec_cli::parse(std::iter::once("cargo xtask".to_owned()).chain(args.iter().cloned())) {
            Ok(cli) => cli,
            Err(refusal) => return refusal.print(out, err),
        };
    match dispatch(cli.command, args, out) {
        Ok(code) => code,
        Err(error) => {
            let _ = writeln!(err, "error: {error:#}");
            FAILURE
        }
    }
}

fn dispatch(command: Command, args: &[String], out: &mut dyn Write) -> anyhow::Result<u8> {
    match command {
        Command::Spec { check, dialect, spec_dir } => {
            let names: Vec<String> = dialect.name.into_iter().collect();
            spec(check, &names, spec_dir, out)
        }
        Command::Diff(_) => release("hookspec-diff", args.get(1..).unwrap_or_default()),
        Command::Sources { docs, latest } => {
            let clones =
                docs.iter().map(|arg| sources::clone_arg(arg)).collect::<anyhow::Result<Vec<_>>>()?;
            let providers =
                hookspec_dialects::providers().map_err(|problems| anyhow::anyhow!("{}", problems[0]))?;
            sources::report(&providers, &clones, latest, out)
        }
        Command::Import { folder, descriptions, packages, check, restricted } => {
            import::run(&folder, &descriptions, packages.as_deref(), check, restricted.as_deref(), out)
        }
        Command::Sign(sign) => sign_command(&sign, out),
        Command::Verify(verify) => verify_command(&verify, out),
        Command::Dialects { json } => dialects(json, out),
        Command::Sandbox(_) => release("hookspec-sandbox", args),
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
    let broken: Vec<String> = report.broken().iter().map(|party| format!("breaks {party}")).collect();
    let mut line = if broken.is_empty() {
        format!("{} change(s), none breaking", report.changes.len())
    } else {
        format!("{} change(s): {}", report.changes.len(), broken.join(" and "))
    };
    if let Some(problem) = breaking::version::check(&report) {
        line.push_str(&format!("; {problem}"));
    }
    line
}

fn default_spec_dir() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).join("spec")
}

/// The files published for the dialects `names` (all, and the canonical model's schemas, when
/// `names` is empty, with the index of the dialects), and the folders of `spec/` they own (none:
/// the whole of `spec/`).
fn published(names: &[String]) -> anyhow::Result<(Vec<spec_folder::Output<'static>>, Vec<&'static str>)> {
    let known = || generated::DIALECTS.iter().map(|(name, _)| *name).collect::<Vec<_>>().join(", ");
    let mut selected = Vec::new();
    for name in names {
        match generated::DIALECTS.iter().find(|(known, _)| known == name) {
            Some(entry) => selected.push(entry),
            None => bail!("unknown dialect `{name}`; the dialects are: {}", known()),
        }
    }
    if names.is_empty() {
        selected = generated::DIALECTS.iter().collect();
    }
    let mut outputs = Vec::new();
    let mut problems = Vec::new();
    for (_, result) in &selected {
        match result {
            Ok(files) => outputs.extend(files.iter().copied()),
            Err(problem) => problems.push(*problem),
        }
    }
    if !problems.is_empty() {
        bail!("{}\nnothing was written", problems.join("\n"));
    }
    if names.is_empty() {
        outputs.extend(generated::SHARED.iter().copied());
        return Ok((outputs, Vec::new()));
    }
    Ok((outputs, selected.iter().map(|(name, _)| *name).collect()))
}

fn spec(check: bool, names: &[String], spec_dir: Option<PathBuf>, out: &mut dyn Write) -> anyhow::Result<u8> {
    let spec_dir = spec_dir.unwrap_or_else(default_spec_dir);
    let (outputs, scope) = published(names)?;
    let shown = spec_dir.display();
    if !check {
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
        return Ok(0);
    }
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
            && let Some((_, contents)) = outputs.iter().find(|(generated, _)| generated == path)
        {
            let committed = std::fs::read_to_string(spec_dir.join(path)).unwrap_or_default();
            writeln!(out, "  {path}: {}", classify(&committed, contents))?;
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
    Ok(DRIFT)
}

/// Runs the release build of `package` (the sandbox, the differ) with `args`: `cargo run
/// --release -p PACKAGE -- ARGS`. They live in their own crates so that `cargo xtask spec` never
/// builds them (the async stack; the YAML parser that keeps positions), and they run optimised,
/// as users start them. On Unix the process becomes cargo (and cargo the program), so signals
/// reach a server.
fn release(package: &str, args: &[String]) -> anyhow::Result<u8> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut run = std::process::Command::new(cargo);
    run.args(["run", "--quiet", "--release", "--package", package, "--"]).args(args);
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

/// The scheme chosen: a dialect's, a built-in profile, or a file.
fn scheme(choice: &SchemeChoice) -> anyhow::Result<Scheme> {
    match (&choice.dialect.name, &choice.scheme) {
        (Some(_), Some(_)) => {
            bail!("`--dialect NAME` cannot be used with `--scheme NAME|FILE`: give one of them")
        }
        (Some(name), None) => Ok(provider(name)?.scheme.clone()),
        (None, Some(name)) => match hookspec_signature::scheme::builtin(name) {
            Some(scheme) => Ok(scheme),
            None if Path::new(name).exists() => {
                let text = std::fs::read_to_string(name).with_context(|| format!("cannot read {name}"))?;
                hookspec_signature::scheme::parse(&text, name).map_err(anyhow::Error::msg)
            }
            None => bail!(
                "`--scheme {name}` is neither a built-in scheme ({}) nor a file",
                hookspec_signature::scheme::builtin_names().join(", ")
            ),
        },
        (None, None) => bail!("give `--dialect NAME` or `--scheme NAME|FILE`"),
    }
}

fn read_body(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read the body file `{}`", path.display()))
}

fn sign_command(args: &SignArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let scheme = scheme(&args.scheme)?;
    let secret = args.secret.bytes().map_err(anyhow::Error::msg)?;
    let body = read_body(args.body_file.path())?;
    let timestamp = args.timestamp.unix_seconds.unwrap_or_else(hookspec_signature::unix_now);
    let signs_id =
        scheme.signed.contains("{id}") || scheme.headers.values().any(|value| value.contains("{id}"));
    let id = match (&args.id, signs_id) {
        (Some(id), _) => id.clone(),
        (None, true) => bail!("the scheme signs a delivery id: give `--id ID`"),
        (None, false) => String::new(),
    };
    for (name, value) in hookspec_signature::sign(&scheme, &secret, &body, &Signing { timestamp, id: &id })? {
        writeln!(out, "{name}: {value}")?;
    }
    Ok(0)
}

fn verify_command(args: &VerifyArgs, out: &mut dyn Write) -> anyhow::Result<u8> {
    let scheme = scheme(&args.scheme)?;
    let secret = args.secret.bytes().map_err(anyhow::Error::msg)?;
    let body = read_body(args.body_file.path())?;
    let mut headers = Vec::new();
    for header in &args.header {
        let (name, value) = header
            .split_once(':')
            .with_context(|| format!("`--header` takes `Name: value`, not `{header}`"))?;
        headers.push((name.trim(), value.trim()));
    }
    let options = VerifyOptions { tolerance: args.tolerance.map(Duration::from_secs), now: args.now };
    match hookspec_signature::verify(&scheme, &secret, &headers, &body, &options) {
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

/// The registered provider `name`, loaded.
fn provider(name: &str) -> anyhow::Result<&'static hookspec_dialects::Provider> {
    let registered = hookspec_dialects::find(name).with_context(|| {
        let known: Vec<String> = hookspec_dialects::registry().iter().map(|entry| entry.name()).collect();
        format!("unknown dialect `{name}`; the dialects are: {}", known.join(", "))
    })?;
    registered.provider().map_err(|problems| {
        anyhow::anyhow!(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    })
}

/// The operations of `behaviour` whose parameters exclude each other: lists paged by two cursors.
fn exclusive(behaviour: &hookspec_dialects::behaviour::Behaviour) -> Vec<String> {
    use hookspec_dialects::behaviour::Paging;
    behaviour
        .operations
        .iter()
        .filter(|(_, action)| {
            action
                .listing()
                .is_some_and(|listing| matches!(listing.paging, Some(Paging::Cursor { before: Some(_), .. })))
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn dialects(json: bool, out: &mut dyn Write) -> anyhow::Result<u8> {
    for registered in hookspec_dialects::registry() {
        let dialect = provider(&registered.name())?;
        let table = &dialect.table;
        let protocol = if dialect.protocol.jsonrpc().is_some() { "json-rpc" } else { "rest" };
        let base_path = table.servers.first().map(|server| server.base_path()).unwrap_or_default();
        let behaviour = &dialect.behaviour;
        let mut headers =
            table.example_credentials(behaviour.keys.as_ref().map(|keys| keys.example.as_str()));
        // The header that says whose webhooks a request acts on (an integration) names one.
        if let Some(hookspec_dialects::behaviour::Owner::Header(name)) = &behaviour.webhooks.owner {
            headers.push(format!("{name}: example"));
        }
        if json {
            let mut line = serde_json::json!({
                "name": dialect.name,
                "provider": table.provider,
                "protocol": protocol,
                "base_path": base_path,
                "headers": headers,
                "unsupported": table.unsupported,
                // Operations whose parameters exclude each other (a list's two cursors), which a
                // schema cannot state: the mock refuses them together with 400.
                "exclusive": exclusive(behaviour),
            });
            // The status a request without credentials gets (a fuzzer's auth check expects 401 or 403).
            if let hookspec_dialects::Protocol::Rest { refusals } = &dialect.protocol {
                line["unauthenticated"] = refusals.unauthenticated.status.into();
            }
            if let hookspec_dialects::Protocol::JsonRpc { api, behaviour: rpc } = &dialect.protocol {
                line["path"] = api.path.clone().into();
                line["error_codes"] = api.errors.iter().map(|error| error.code).collect::<Vec<_>>().into();
                line["call"] = api.call.as_ref().map(|call| call.method.clone()).into();
                let login = rpc.login.as_ref().map(|login| login.method.clone());
                let arity = login
                    .as_ref()
                    .and_then(|name| api.methods.iter().find(|method| method.name == *name))
                    .map(|method| match &method.params {
                        hookspec_dialects::table::Params::Positional(params) => params.len(),
                        hookspec_dialects::table::Params::Undocumented(_) => 0,
                    });
                line["login"] = serde_json::json!({"method": login, "params": arity});
            }
            writeln!(out, "{line}")?;
        } else {
            writeln!(out, "{:<16} {:<14} {protocol:<9} {base_path}", dialect.name, table.provider)?;
        }
    }
    Ok(0)
}
