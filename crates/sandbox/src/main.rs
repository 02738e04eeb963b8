//! `hookspec-sandbox mock` serves a provider's API; `hookspec-sandbox deliver` sends one signed
//! delivery. `cargo xtask mock` and `cargo xtask deliver` run this binary.
//!
//! Exit codes: 0 success (for `deliver`, the receiver answered 2xx); 1 the receiver answered
//! otherwise; 2 bad usage or any other error.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;

use hookspec_sandbox::deliveries::{self, Target};
use hookspec_sandbox::{DIALECTS, Options};

const USAGE: &str = "\
usage: hookspec-sandbox <command> [options]

  mock --dialect NAME [--addr 127.0.0.1:PORT] [--time-scale F]
      Serve the provider's API from memory under its production path, plus
      POST /_hookspec/trigger {\"event\": NAME, \"data\": {...}} and GET /_hookspec/deliveries.
      The first line printed is `listening on http://ADDR`. --time-scale multiplies every
      retry delay (0.001 turns a minute into 60 ms). Stops on SIGTERM or Ctrl-C.

  deliver --dialect NAME --to URL (--secret S | --secret-env VAR) [--event NAME]
          [--body-file F] [--timestamp UNIX_SECONDS]
      Send one delivery exactly as the provider would and print the receiver's answer.
      Without --body-file the body is the documented example or one synthesised from the
      document. Exits 0 on a 2xx answer, 1 otherwise.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<u8, String> {
    let (command, rest) = args.split_first().ok_or_else(|| USAGE.to_owned())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the runtime: {error}"))?;
    match command.as_str() {
        "mock" => {
            let flags = flags(rest, &["--dialect", "--addr", "--time-scale"])?;
            let dialect = required(&flags, "--dialect")?;
            let time_scale = match flags.get("--time-scale") {
                Some(text) => text
                    .parse::<f64>()
                    .ok()
                    .filter(|scale| scale.is_finite() && *scale >= 0.0)
                    .ok_or_else(|| format!("--time-scale must be a number of 0 or more, not `{text}`"))?,
                None => 1.0,
            };
            let app = hookspec_sandbox::app(dialect, Options { time_scale })?;
            let addr = flags.get("--addr").map_or("127.0.0.1:8080", String::as_str);
            runtime.block_on(async {
                let listener = tokio::net::TcpListener::bind(addr)
                    .await
                    .map_err(|error| format!("cannot listen on {addr}: {error}"))?;
                let bound = listener.local_addr().map_err(|error| error.to_string())?;
                println!("listening on http://{bound}");
                let _ = std::io::stdout().flush();
                hookspec_sandbox::serve(listener, app).await.map_err(|error| error.to_string())
            })?;
            Ok(0)
        }
        "deliver" => {
            let flags = flags(
                rest,
                &["--dialect", "--to", "--secret", "--secret-env", "--event", "--body-file", "--timestamp"],
            )?;
            let dialect = required(&flags, "--dialect")?;
            let scheme = hookspec_sandbox::scheme(dialect)?;
            let secret = secret(&flags)?;
            let body = match (flags.get("--body-file"), flags.get("--event")) {
                (Some(path), _) => std::fs::read(path).map_err(|error| format!("{path}: {error}"))?,
                (None, event) => {
                    let event = event.map_or("event", String::as_str);
                    serde_json::to_vec(&hookspec_sandbox::sample_payload(dialect, event)?)
                        .map_err(|error| error.to_string())?
                }
            };
            let timestamp = match flags.get("--timestamp") {
                Some(text) => {
                    text.parse().map_err(|_| format!("--timestamp must be unix seconds, not `{text}`"))?
                }
                None => deliveries::now(),
            };
            let target = Target {
                webhook: String::new(),
                url: required(&flags, "--to")?.clone(),
                secret: Some(secret),
                headers: Vec::new(),
            };
            let headers = deliveries::headers(&scheme, &target, &body, timestamp);
            let (status, answer) =
                runtime.block_on(deliveries::post(&deliveries::client(), &target.url, &headers, body))?;
            println!("HTTP {status}");
            if !answer.is_empty() {
                println!("{answer}");
            }
            Ok(if (200..300).contains(&status) { 0 } else { 1 })
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(format!("unknown command `{other}`; the dialects are {}\n{USAGE}", DIALECTS.join(", "))),
    }
}

/// The secret from `--secret`, or from the environment variable `--secret-env` names.
fn secret(flags: &BTreeMap<String, String>) -> Result<String, String> {
    match (flags.get("--secret"), flags.get("--secret-env")) {
        (Some(secret), None) => Ok(secret.clone()),
        (None, Some(variable)) => std::env::var(variable)
            .map_err(|_| format!("--secret-env names `{variable}`, which is not set (or not Unicode)")),
        _ => Err("give the secret with exactly one of --secret S and --secret-env VAR".into()),
    }
}

fn required<'a>(flags: &'a BTreeMap<String, String>, name: &str) -> Result<&'a String, String> {
    flags.get(name).ok_or_else(|| format!("{name} is required\n{USAGE}"))
}

/// `--name value` pairs, each name among `known` and given once.
fn flags(args: &[String], known: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let mut flags = BTreeMap::new();
    let mut args = args.iter();
    while let Some(name) = args.next() {
        if !known.contains(&name.as_str()) {
            return Err(format!("unknown option `{name}`\n{USAGE}"));
        }
        let value = args.next().ok_or_else(|| format!("{name} needs a value"))?;
        if flags.insert(name.clone(), value.clone()).is_some() {
            return Err(format!("{name} is given twice"));
        }
    }
    Ok(flags)
}
