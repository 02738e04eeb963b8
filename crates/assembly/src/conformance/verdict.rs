//! What checking one fact finds, and the JSON reading every check shares.

use hookspec_dialects::Fixture;
use serde_json::Value;

use super::Assertion;
use crate::Problem;

/// Parses a fixture, naming the file, line and column of a syntax error.
pub fn parse_fixture(fixture: &Fixture) -> Result<Value, Problem> {
    parse_json(&fixture.path(), &fixture.json_text())
}

pub(super) fn parse_json(path: &str, text: &str) -> Result<Value, Problem> {
    serde_json::from_str(text).map_err(|error| Problem {
        line: Some(error.line()),
        column: Some(error.column()),
        ..Problem::new(path, format!("not valid JSON: {error}"))
    })
}

/// What checking one fact found.
pub(super) enum Evaluation {
    /// The fact holds; how it maps onto the document, and the assertions it backs.
    Holds(String, Vec<Assertion>),
    /// The fact does not hold; how it maps onto the document, and what differs.
    Fails(String, String),
    /// The fact is malformed: it names an operation or place the dialect does not have.
    Broken(String),
    /// The fact's fixture did not parse; the problem is already recorded.
    Unparsed,
}

/// Holds when there are no mismatches; fails with all of them otherwise.
pub(super) fn verdict(detail: String, mismatches: Vec<String>, backs: Vec<Assertion>) -> Evaluation {
    if mismatches.is_empty() {
        Evaluation::Holds(detail, backs)
    } else {
        Evaluation::Fails(detail, mismatches.join("; "))
    }
}

/// A claim that names an operation the document does not have.
pub(super) fn unknown_operation(operation: &str) -> Evaluation {
    Evaluation::Broken(format!("the claim names operation `{operation}`, which the document does not have"))
}
