//! `cargo xtask import`: the generated part of a provider folder, made from the provider's own
//! published OpenAPI descriptions (OpenAPI 3.0 or 3.1, JSON or YAML) and the folder's selection
//! file, `import.yaml` (which operations, which webhooks, and what the descriptions cannot say
//! about the delivery).
//!
//! The import writes, each marked as written by it:
//!
//! - `api.yaml`: the selected operations, their parameters and responses, and the delivery;
//! - `events.yaml`: one event per webhook of the description, each with the description's payload
//!   schema and the name a webhook subscribes to it by;
//! - `schemas.json`: every component schema the selection reaches, verbatim (a 3.0 description's
//!   `nullable` written as 3.1's type arrays), which the document publishes as they are;
//! - `wire.rs`: Rust types that read the objects the canonical conversion needs (`import.yaml`'s
//!   `wire`), generated here: plain serde structs, since the published schemas are the
//!   description's own and no schema is derived from them;
//! - `description/facts.yaml`: a fact per operation, parameter, status, response header and
//!   example, each citing the description by package, version and JSON pointer, with the
//!   description's own words as its quote;
//! - `description/differences.yaml`: where the document and the descriptions differ (what
//!   `import.yaml` adds, with its reasons, and what the document cannot hold), each with the side
//!   that states it;
//! - `fixtures/description/`: the description's examples, verbatim.
//!
//! What no description says (the signature scheme, retries, the sandbox's behaviour, the
//! conversion to the canonical model, the facts from the provider's prose) is written by hand in
//! the same folder; the import never writes those files. The same descriptions and selection give
//! byte-identical files, so `--check` says whether a folder is what its descriptions give.

mod openapi;
mod rust;
mod selection;
mod write;

use hookspec_problem::Problem;
use indexmap::IndexMap;
use serde_json::Value;

pub use selection::{DescriptionRef, Selection};

/// What an import makes: the files it writes, and the descriptions restricted to what it imports
/// (one OpenAPI 3.1 document, for `cargo xtask diff` against the published one; not written into
/// the folder).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The files.
    pub files: Vec<Written>,
    /// The restricted description.
    pub restricted: Value,
}

/// A file the import writes, by its path within the provider folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its path within the provider folder (`api.yaml`, `fixtures/description/hook.json`).
    pub path: String,
    /// Its contents.
    pub text: String,
}

/// The files the import writes for the provider folder `folder` (its path from the workspace
/// root, for messages), from its selection (`import.yaml`'s text) and the descriptions it names,
/// read (by the name the selection gives each).
pub fn import(
    folder: &str,
    selection: &str,
    descriptions: &IndexMap<String, Value>,
) -> Result<Imported, Vec<Problem>> {
    let at = format!("{folder}/import.yaml");
    let selection = parse_selection(&at, selection)?;
    let mut problems = Vec::new();
    for name in selection.descriptions.keys() {
        if !descriptions.contains_key(name) {
            problems.push(Problem::new(&at, format!("the description `{name}` was not given")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    write::files(&at, &selection, descriptions)
}

/// Reads a selection file (`import.yaml`, at `at`).
pub fn parse_selection(at: &str, text: &str) -> Result<Selection, Problem> {
    yaml_serde::from_str(text).map_err(|error| selection::problem(at, &error))
}

/// Reads a description file's text: JSON, or YAML (`path` is for messages).
pub fn read_description(path: &str, text: &str) -> Result<Value, Problem> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| Problem {
            at: path.into(),
            line: Some(error.line()),
            column: Some(error.column()),
            message: format!("not JSON: {error}"),
        })
    } else {
        yaml_serde::from_str(text).map_err(|error| selection::problem(path, &error))
    }
}

/// The names of the files the import writes in any folder, beside those under
/// `fixtures/description/`: what `--check` compares and what a hand must not edit.
pub const GENERATED: [&str; 6] = [
    "api.yaml",
    "events.yaml",
    "schemas.json",
    "wire.rs",
    "description/facts.yaml",
    "description/differences.yaml",
];

/// The folder of the description's examples, within the provider folder.
pub const EXAMPLES: &str = "fixtures/description";
