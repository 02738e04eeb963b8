//! Helpers shared by the workspace-level tests.

use std::path::{Path, PathBuf};

use hookspec_dialects::{Fact, Fixture, Provider};
use serde_json::Value;

/// The workspace root.
pub fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or_else(|| Path::new("."))
}

/// The registered provider named `name`, loaded.
pub fn dialect(name: &str) -> &'static Provider {
    hookspec_dialects::find(name)
        .unwrap_or_else(|| panic!("no dialect `{name}`"))
        .provider()
        .unwrap_or_else(|problems| panic!("{name} does not load: {}", problems[0]))
}

/// Every registered provider, loaded.
pub fn providers() -> Vec<&'static Provider> {
    hookspec_dialects::providers()
        .unwrap_or_else(|problems| panic!("a provider does not load: {}", problems[0]))
}

/// Every file `cargo xtask spec` publishes, generated once per test run.
pub fn published() -> &'static [hookspec_assembly::Output] {
    static PUBLISHED: std::sync::OnceLock<Vec<hookspec_assembly::Output>> = std::sync::OnceLock::new();
    PUBLISHED.get_or_init(|| hookspec_assembly::publish(&[]).unwrap_or_else(|error| panic!("{error}")).0)
}

/// The generated file `path` (relative to `spec/`).
pub fn generated(path: &str) -> String {
    published()
        .iter()
        .find(|output| output.path == path)
        .unwrap_or_else(|| panic!("nothing generates {path}"))
        .contents
        .clone()
}

/// The generated OpenAPI document of a dialect, as JSON.
pub fn document(dialect: &str) -> Value {
    let yaml = generated(&format!("{dialect}/openapi.yaml"));
    yaml_serde::from_str(&yaml).unwrap_or_else(|error| panic!("{error}"))
}

/// The fixture of the example claim named `name` at the operation `operation`.
pub fn example(dialect: &str, operation: &str, request: bool, name: &str) -> Fixture {
    self::dialect(dialect)
        .facts
        .claims
        .iter()
        .find_map(|claim| match &claim.fact {
            Fact::Example { name: found, fixture, at, .. }
                if found == name && place_matches(at, operation, request) =>
            {
                Some(fixture.clone())
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no example `{name}` at {operation}"))
}

fn place_matches(at: &hookspec_dialects::Place, operation: &str, request: bool) -> bool {
    match at {
        hookspec_dialects::Place::Request { operation: found } => request && *found == operation,
        hookspec_dialects::Place::Response { operation: found, .. } => !request && *found == operation,
        hookspec_dialects::Place::Properties { .. } | hookspec_dialects::Place::Schema { .. } => false,
    }
}

/// A fresh, empty folder, unique to this call: tests run in parallel.
pub fn scratch(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let unique = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("hookspec-test-{}-{unique}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    dir
}

/// Runs the xtask command line; returns the exit code, stdout and stderr.
pub fn xtask(args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(&args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}
