//! `hookspec-sandbox mock` serves a provider's API; `hookspec-sandbox deliver` sends one signed
//! delivery. `cargo xtask mock` and `cargo xtask deliver` run this binary; both parse the options
//! `hookspec-cli` defines.
//!
//! Exit codes: 0 success (for `deliver`, the receiver answered 2xx); 1 the receiver answered
//! otherwise; 2 bad usage or any other error.

use std::io::Write;
use std::process::ExitCode;

use hookspec_cli::{DeliverArgs, MockArgs, Sandbox, SandboxCommand};
use hookspec_sandbox::Options;
use hookspec_sandbox::deliveries::{self, Target};

fn main() -> ExitCode {
    let sandbox: Sandbox = match hookspec_cli::parse(std::env::args()) {
        Ok(sandbox) => sandbox,
        Err(refusal) => return ExitCode::from(refusal.print(&mut std::io::stdout(), &mut std::io::stderr())),
    };
    match run(sandbox.command) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: SandboxCommand) -> Result<u8, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("cannot start the runtime: {error}"))?;
    match command {
        SandboxCommand::Mock(args) => mock(&runtime, &args),
        SandboxCommand::Deliver(args) => deliver(&runtime, &args),
    }
}

fn mock(runtime: &tokio::runtime::Runtime, args: &MockArgs) -> Result<u8, String> {
    let provider = hookspec_sandbox::provider(args.dialect.name())?;
    let app = hookspec_sandbox::app(
        provider,
        Options { time_scale: args.time_scale, insecure: args.tls.insecure },
    )?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(&args.addr)
            .await
            .map_err(|error| format!("cannot listen on {}: {error}", args.addr))?;
        let bound = listener.local_addr().map_err(|error| error.to_string())?;
        let stop =
            hookspec_sandbox::stop_signal().map_err(|error| format!("cannot handle signals: {error}"))?;
        println!("listening on http://{bound}");
        let _ = std::io::stdout().flush();
        hookspec_sandbox::serve(listener, app, stop).await.map_err(|error| error.to_string())
    })?;
    Ok(0)
}

fn deliver(runtime: &tokio::runtime::Runtime, args: &DeliverArgs) -> Result<u8, String> {
    let provider = hookspec_sandbox::provider(args.dialect.name())?;
    let scheme = &provider.scheme;
    let secret = String::from_utf8(args.secret.bytes()?).map_err(|_| "the secret is not UTF-8".to_owned())?;
    let body = match (&args.body_file.path, &args.event) {
        (Some(path), _) => std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?,
        (None, event) => {
            let event = event.as_deref().unwrap_or("event");
            serde_json::to_vec(&hookspec_sandbox::sample_payload(provider, event)?)
                .map_err(|error| error.to_string())?
        }
    };
    let timestamp = args.timestamp.unix_seconds.unwrap_or_else(deliveries::now);
    let target = Target {
        owner: String::new(),
        webhook: String::new(),
        url: args.to.clone(),
        secret: Some(secret),
        headers: Vec::new(),
        fields: serde_json::Map::new(),
        form: None,
    };
    let event = args.event.as_deref().unwrap_or("event");
    let headers = deliveries::headers(scheme, &target, event, &body, timestamp, &deliveries::identifier(1));
    let answered = runtime
        .block_on(deliveries::post(
            &deliveries::client(hookspec_sandbox::timeouts(provider), args.tls.insecure)?,
            &target.url,
            &headers,
            body,
        ))
        .map_err(|(_, error)| error)?;
    println!("HTTP {}", answered.status);
    if !answered.body.is_empty() {
        println!("{}", answered.body);
    }
    Ok(if (200..300).contains(&answered.status) { 0 } else { 1 })
}
