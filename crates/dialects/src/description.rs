//! A provider's own machine-readable description of its API, where it publishes one: what it
//! states, as a structural extract (`description/extract.txt`: one line per operation, parameter,
//! field and event type, written by the folder's `make.py` from the description or the SDKs
//! generated from it), and where hookspec's document deliberately says otherwise, each difference
//! with its reason (`description/differences.yaml`). A test holds the document to the extract both
//! ways; the conformance report lists the differences.

use serde::Deserialize;

use crate::data::Folder;
use hookspec_problem::Problem;

/// The extract of a provider's own description, and the declared differences from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// Where the extract comes from: its first comment line (repository and commit).
    pub source: String,
    /// Its lines.
    pub extract: Vec<String>,
    /// The differences hookspec's document makes deliberately.
    pub differences: Vec<Difference>,
}

/// A line one side states and the other does not, and why that is right.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Difference {
    /// The line, as the extract writes lines.
    pub line: String,
    /// The side that states it.
    pub only_in: Side,
    /// Why the difference is right.
    pub because: String,
}

/// A side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// hookspec's document.
    Hookspec,
    /// The provider's own description.
    Provider,
}

impl Description {
    /// The description in the provider folder `folder`, if it has one.
    pub fn of(folder: &Folder) -> Result<Option<Description>, Problem> {
        let Some(extract) = folder.file("description/extract.txt") else {
            return Ok(None);
        };
        let differences = match folder.file("description/differences.yaml") {
            Some(file) => file.parse()?,
            None => Vec::new(),
        };
        let mut comments = extract.text.lines().filter_map(|line| line.strip_prefix("# "));
        Ok(Some(Description {
            source: comments.next().unwrap_or_default().to_owned(),
            extract: extract
                .text
                .lines()
                .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            differences,
        }))
    }
}
