//! The document toolkit: reads, looks into, validates, samples and compares any OpenAPI document
//! (3.0 or 3.1) held as JSON. It knows nothing of dialects or of how a document was made, so the
//! sandbox and `cargo xtask diff` use it without the generator.
//!
//! - [`lookup`]: operations, deliveries, parameters, references, servers and URL routing.
//! - [`form`]: form bodies and bracketed query strings, read into the value a schema describes.
//! - [`validate`]: JSON Schema validators for the document's schemas.
//! - [`sample`]: values synthesised from a schema.
//! - [`breaking`]: which changes between two documents break API clients or delivery receivers.
//! - [`textdiff`]: unified diffs of two texts.
//! - [`Problem`]: something wrong in what hookspec reads, and where.

pub mod breaking;
pub mod form;
pub mod lookup;
pub mod sample;
pub mod textdiff;
pub mod validate;

pub use hookspec_problem::Problem;

use serde_json::Value;

/// Reads an OpenAPI 3.0 or 3.1 document, YAML or JSON, named `name` in errors.
pub fn parse(text: &str, name: &str) -> Result<Value, Problem> {
    let document = read(text, name)?;
    openapi(document, name)
}

/// Reads what [`breaking`] compares: an OpenAPI 3.0 or 3.1 document, or an OpenRPC 1.x one,
/// YAML or JSON, named `name` in errors.
pub fn parse_description(text: &str, name: &str) -> Result<Value, Problem> {
    let document = read(text, name)?;
    match document.get("openrpc").and_then(Value::as_str) {
        Some(version) if version.starts_with("1.") => Ok(document),
        Some(version) => Err(Problem::new(name, format!("OpenRPC {version}; only 1.x is read"))),
        None => openapi(document, name),
    }
}

/// YAML or JSON; JSON is read by the JSON parser, several times faster on a large document.
fn read(text: &str, name: &str) -> Result<Value, Problem> {
    if text.trim_start().starts_with('{')
        && let Ok(document) = serde_json::from_str(text)
    {
        return Ok(document);
    }
    yaml_serde::from_str(text).map_err(|error| Problem {
        line: error.location().map(|at| at.line()),
        column: error.location().map(|at| at.column()),
        ..Problem::new(name, format!("not YAML or JSON: {error}"))
    })
}

fn openapi(document: Value, name: &str) -> Result<Value, Problem> {
    match document.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") || version.starts_with("3.1.") => Ok(document),
        Some(version) => Err(Problem::new(name, format!("OpenAPI {version}; only 3.0 and 3.1 are read"))),
        None => Err(Problem::new(name, "not an OpenAPI document: it has no `openapi` version")),
    }
}
