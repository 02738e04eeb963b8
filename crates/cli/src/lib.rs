//! The command-line options hookspec's binaries share, defined once with clap's derive: the
//! xtask (`cargo xtask`) and the sandbox binary (`hookspec-sandbox`, which `cargo xtask mock` and
//! `cargo xtask deliver` run) parse the same structs, so `--secret`/`--secret-env`, the signing
//! options and the sandbox's commands are written here and nowhere else. `--help` is generated;
//! a usage error exits 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The secret a delivery is signed with: given, or read from an environment variable so that it
/// stays out of the shell's history.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
#[group(required = true, multiple = false)]
pub struct Secret {
    /// The webhook's secret.
    #[arg(long, value_name = "S")]
    pub secret: Option<String>,
    /// The environment variable that holds the webhook's secret.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
}

impl Secret {
    /// The secret's bytes.
    pub fn bytes(&self) -> Result<Vec<u8>, String> {
        match (&self.secret, &self.secret_env) {
            (Some(secret), _) => Ok(secret.clone().into_bytes()),
            (None, Some(variable)) => std::env::var(variable)
                .map(String::into_bytes)
                .map_err(|_| format!("`--secret-env` names `{variable}`, which is not set (or not Unicode)")),
            (None, None) => Err("give the secret with `--secret S` or `--secret-env VAR`".into()),
        }
    }
}

/// An option defined once and taken by several commands, required by some and optional for
/// others: `REQUIRED` says which.
macro_rules! shared_option {
    ($(#[$doc:meta])* $name:ident { $field:ident: $value:ty, id: $id:literal, long: $long:literal,
      value_name: $value_name:literal, help: $help:literal }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name<const REQUIRED: bool = true> {
            #[doc = $help]
            pub $field: Option<$value>,
        }

        impl<const REQUIRED: bool> clap::FromArgMatches for $name<REQUIRED> {
            fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
                Ok($name { $field: matches.get_one::<$value>($id).cloned() })
            }

            fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
                *self = Self::from_arg_matches(matches)?;
                Ok(())
            }
        }

        impl<const REQUIRED: bool> Args for $name<REQUIRED> {
            fn augment_args(command: clap::Command) -> clap::Command {
                command.arg(
                    clap::Arg::new($id)
                        .long($long)
                        .value_name($value_name)
                        .help($help)
                        .required(REQUIRED)
                        .value_parser(clap::value_parser!($value)),
                )
            }

            fn augment_args_for_update(command: clap::Command) -> clap::Command {
                Self::augment_args(command)
            }
        }
    };
}

shared_option! {
    /// `--dialect NAME`: the dialect a command acts on.
    Dialect { name: String, id: "dialect", long: "dialect", value_name: "NAME",
              help: "The dialect, by its name (`cargo xtask dialects` lists them)." }
}

impl Dialect<true> {
    /// The dialect's name, which the command line requires.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or_default()
    }
}

shared_option! {
    /// `--body-file F`: the file whose bytes are a delivery's body.
    BodyFile { path: PathBuf, id: "body_file", long: "body-file", value_name: "F",
               help: "The file whose bytes are the body." }
}

impl BodyFile<true> {
    /// The file, which the command line requires.
    pub fn path(&self) -> &std::path::Path {
        self.path.as_deref().unwrap_or(std::path::Path::new(""))
    }
}

/// `--timestamp UNIX_SECONDS`: when a delivery is signed.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Timestamp {
    /// When the delivery is signed, in unix seconds (default: now).
    #[arg(long = "timestamp", value_name = "UNIX_SECONDS")]
    pub unix_seconds: Option<u64>,
}

/// Whose signature scheme: a dialect's, or a built-in profile's or a file's (one of the two).
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SchemeChoice {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub dialect: Dialect<false>,
    /// A built-in scheme (`standard-webhooks`), or a file describing one in the format of a
    /// provider's `signature.yaml`.
    #[arg(long, value_name = "NAME|FILE")]
    pub scheme: Option<String>,
}

/// `sign`: the headers a delivery of these body bytes carries.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct SignArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub scheme: SchemeChoice,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub secret: Secret,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub body_file: BodyFile,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub timestamp: Timestamp,
    /// The delivery's identifier, for schemes that sign one (default: a fresh one).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

/// `verify`: whether a delivery's headers carry a genuine signature of its body.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub scheme: SchemeChoice,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub secret: Secret,
    /// A header of the delivery, `Name: value`; repeat it for every header the scheme uses.
    #[arg(long, value_name = "'NAME: VALUE'", required = true)]
    pub header: Vec<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub body_file: BodyFile,
    /// The largest age of a timestamped signature, in seconds (default: the scheme's, else 300).
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,
    /// The current time, in unix seconds (default: the clock).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub now: Option<u64>,
}

/// How deliveries reach `https://` receivers.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct Tls {
    /// Accept any certificate from an `https://` receiver (a self-signed one, as local tunnels
    /// have); by default a certificate is verified against the system's roots.
    #[arg(long)]
    pub insecure: bool,
}

/// `mock`: the provider's API from memory, and its deliveries.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct MockArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub dialect: Dialect,
    /// Where to listen.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Multiplies every retry delay: 0.001 turns a minute into 60 ms.
    #[arg(long, value_name = "F", default_value_t = 1.0, value_parser = scale, allow_negative_numbers = true)]
    pub time_scale: f64,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub tls: Tls,
}

/// `deliver`: one delivery, sent as the provider sends it.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct DeliverArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub dialect: Dialect,
    /// The receiver's URL.
    #[arg(long, value_name = "URL")]
    pub to: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub secret: Secret,
    /// The event to deliver (default: the provider's first documented one).
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,
    /// The body to send (default: the event's documented sample).
    #[command(flatten)]
    pub body_file: BodyFile<false>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub timestamp: Timestamp,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub tls: Tls,
}

/// `diff`: whom the changes between two versions of the API descriptions break, as a CI gate.
#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct DiffArgs {
    /// The old document (OpenAPI 3.0 or 3.1, or OpenRPC): a file, or REV:PATH read from git.
    #[arg(required_unless_present = "base", conflicts_with = "base", requires = "new")]
    pub old: Option<String>,
    /// The new document: a file (the accepted changes beside it apply), or REV:PATH.
    pub new: Option<String>,
    /// Compare every dialect's documents under spec/ with the same files at this git revision
    /// (`origin/main` in a pull request).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// The report's format: text, json, markdown (a pull-request comment), github (workflow
    /// commands that annotate the changed lines) or junit.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// The least severity that fails the gate (exit 1) unless accepted.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = FailOn::Breaking)]
    pub fail_on: FailOn,
}

/// The formats of `diff`'s report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For a terminal.
    Text,
    /// For programs.
    Json,
    /// A pull-request comment: a summary table, the details folded.
    Markdown,
    /// GitHub Actions workflow commands, at the line of each changed node.
    Github,
    /// JUnit XML: a test case per change, failed when it fails the gate.
    Junit,
}

/// The least severity that fails `diff`'s gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only changes that break clients or receivers (and the version rule).
    Breaking,
    /// Warnings too: new enum values where a party reads, deprecations, removed examples, stale
    /// accepted changes.
    Warning,
}

/// `hookspec-diff`, the binary `cargo xtask diff` runs.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(name = "cargo xtask diff", about = "Whom a change to the API descriptions breaks.")]
pub struct Diff {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub args: DiffArgs,
}

fn scale(text: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|scale| scale.is_finite() && *scale >= 0.0)
        .ok_or_else(|| format!("a number of 0 or more, not `{text}`"))
}

/// The sandbox's commands: what `hookspec-sandbox` takes, and `cargo xtask` passes on to it.
#[derive(Debug, Clone, PartialEq, Subcommand)]
pub enum SandboxCommand {
    /// Serve the provider's API from memory under its production path, checked against its
    /// document, plus POST /_hookspec/trigger {"event": NAME, "data": {...}} and
    /// GET /_hookspec/deliveries. The first line printed is `listening on http://ADDR`; stops on
    /// SIGTERM or Ctrl-C.
    Mock(MockArgs),
    /// Send one delivery exactly as the provider would and print the receiver's answer: exit 0 on
    /// a 2xx answer, 1 otherwise.
    Deliver(DeliverArgs),
}

/// `hookspec-sandbox`.
#[derive(Debug, Clone, PartialEq, Parser)]
#[command(name = "hookspec-sandbox", about = "A provider's API and deliveries, locally.")]
pub struct Sandbox {
    #[command(subcommand)]
    #[allow(missing_docs)]
    pub command: SandboxCommand,
}

/// Parses `args` (the program name first) as `P`: the parsed value, or the exit code and text of
/// a refusal (help and version exit 0 on standard output; usage errors exit 2 on standard error).
pub fn parse<P: Parser>(args: impl IntoIterator<Item = String>) -> Result<P, Refusal> {
    P::try_parse_from(args).map_err(|error| Refusal {
        code: u8::try_from(error.exit_code()).unwrap_or(2),
        to_stdout: !error.use_stderr(),
        text: error.render().to_string(),
    })
}

/// Why parsing did not give a command: help asked for, or a usage error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The exit code: 0 for help, 2 for a usage error.
    pub code: u8,
    /// Whether the text goes to standard output (help) rather than standard error.
    pub to_stdout: bool,
    /// What to print.
    pub text: String,
}

impl Refusal {
    /// Writes the text where it belongs (help to `out`, a usage error to `err`) and returns the exit
    /// code.
    pub fn print(&self, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> u8 {
        let _ = if self.to_stdout { write!(out, "{}", self.text) } else { write!(err, "{}", self.text) };
        self.code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sandbox(args: &[&str]) -> Result<Sandbox, Refusal> {
        parse(std::iter::once("hookspec-sandbox").chain(args.iter().copied()).map(str::to_owned))
    }

    #[test]
    fn the_secret_is_given_once_one_way_or_the_other() {
        let base = ["deliver", "--dialect", "d", "--to", "http://x"];
        let with = |extra: &[&str]| sandbox(&[&base[..], extra].concat());
        assert!(with(&["--secret", "s"]).is_ok());
        assert!(with(&["--secret-env", "S"]).is_ok());
        assert_eq!(with(&[]).err().map(|refusal| refusal.code), Some(2), "a secret is required");
        assert_eq!(with(&["--secret", "s", "--secret-env", "S"]).err().map(|refusal| refusal.code), Some(2));
    }

    #[test]
    fn help_exits_0_and_usage_errors_exit_2() {
        let help = sandbox(&["--help"]).expect_err("help is a refusal");
        assert_eq!((help.code, help.to_stdout), (0, true));
        assert!(help.text.contains("mock") && help.text.contains("deliver"), "{}", help.text);
        let unknown = sandbox(&["mock", "--dialect", "d", "--port", "1"]).expect_err("unknown flag");
        assert_eq!((unknown.code, unknown.to_stdout), (2, false));
        assert!(unknown.text.contains("--port"), "{}", unknown.text);
        let scale = sandbox(&["mock", "--dialect", "d", "--time-scale", "-1"]).expect_err("a bad scale");
        assert!(scale.text.contains("0 or more"), "{}", scale.text);
    }
}
