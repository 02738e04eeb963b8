//! The gate: each change judged, matched with the accepted changes, and the version rule applied.
//!
//! A change fails the gate when its severity reaches `--fail-on` and no accepted change names
//! it; a document whose `info.version` does not move as its changes need fails it too. An
//! accepted change that matches nothing is stale: reported, and failing only with
//! `--fail-on warning`.
//!
//! The accepted changes of a dialect are `spec/<dialect>/accepted-changes.yaml`, a list:
//!
//! ```yaml
//! - pointer: /components/schemas/Webhook/properties/metadata
//!   kind: property-removed
//!   reason: The provider dropped metadata in its v3 (changelog of 2026-11-02).
//! ```
//!
//! An entry matches every change with that pointer and kind, in any of the dialect's documents
//! (a delivery's pointer under `webhooks` also matches the 3.0 document's `x-webhooks`).

use hookspec_toolkit::Problem;
use hookspec_toolkit::breaking::{self, Change, Party, Severity};
use serde::Deserialize;

use crate::lines::Lines;
use crate::source::{Group, Text};

/// Everything the report says.
#[derive(Debug)]
pub struct Outcome {
    /// The base revision, with `--base`.
    pub base: Option<String>,
    /// The least severity that fails.
    pub fail_on: Severity,
    /// Every document compared, added or removed.
    pub documents: Vec<Document>,
    /// Accepted changes that match no change.
    pub stale: Vec<Stale>,
}

impl Outcome {
    /// Whether the gate passes.
    pub fn passed(&self) -> bool {
        self.documents.iter().all(|document| {
            document.version.is_none() && document.findings.iter().all(|finding| !finding.fails)
        }) && (self.fail_on > Severity::Warning || self.stale.is_empty())
    }
}

/// One document's verdict.
#[derive(Debug)]
pub struct Document {
    /// Its dialect (or, for two files, the new one's name).
    pub dialect: String,
    /// The document, as reports name it.
    pub path: String,
    /// Compared, or new or gone since the base.
    pub state: State,
    /// `info.version` before and after.
    pub versions: (String, String),
    /// Its changes, the most severe first.
    pub findings: Vec<Finding>,
    /// How it breaks the version rule, if it does.
    pub version: Option<String>,
    /// The line of `info.version` (with `--format github`).
    pub version_line: Option<usize>,
}

/// Whether a document was there before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Both: compared.
    Compared,
    /// New since the base.
    Added,
    /// Gone since the base.
    Removed,
}

/// One change, as the gate sees it.
#[derive(Debug)]
pub struct Finding {
    /// The change.
    pub change: Change,
    /// The reason it was accepted, if it was.
    pub accepted: Option<String>,
    /// Whether it fails the gate.
    pub fails: bool,
    /// The line of the changed node in the new document (with `--format github`).
    pub line: Option<usize>,
}

/// An accepted change that matches none.
#[derive(Debug)]
pub struct Stale {
    /// The accepted-changes file.
    pub file: String,
    /// The entry's line.
    pub line: Option<usize>,
    /// What it names.
    pub pointer: String,
    /// Its kind.
    pub kind: String,
}

/// One entry of an accepted-changes file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    pointer: String,
    kind: String,
    reason: String,
}

/// Judges `groups`; `with_lines` finds the line of every change (for annotations).
pub fn evaluate(
    groups: Vec<Group>,
    base: Option<String>,
    fail_on: Severity,
    with_lines: bool,
) -> Result<Outcome, Problem> {
    let mut outcome = Outcome { base, fail_on, documents: Vec::new(), stale: Vec::new() };
    for group in groups {
        let (entries, entry_lines) = match &group.accepted {
            Some(file) => read_accepted(file)?,
            None => (Vec::new(), None),
        };
        let mut used = vec![false; entries.len()];
        for pair in group.pairs {
            let mut document = Document {
                dialect: group.dialect.clone(),
                path: pair.path.clone(),
                state: State::Compared,
                versions: (String::new(), String::new()),
                findings: Vec::new(),
                version: None,
                version_line: None,
            };
            let changes = match (&pair.old, &pair.new) {
                (None, None) => continue,
                (None, Some(_)) => {
                    document.state = State::Added;
                    Vec::new()
                }
                (Some(_), None) => {
                    document.state = State::Removed;
                    let why = format!("{} removed: everything it described is gone", pair.path);
                    vec![Change {
                        pointer: String::new(),
                        kind: "document-removed",
                        party: Party::Clients,
                        severity: Severity::Breaking,
                        why,
                    }]
                }
                (Some(old), Some(new)) => {
                    let (old_value, new_value) = (parse(old)?, parse(new)?);
                    let report = breaking::compare(&old_value, &new_value);
                    document.version = breaking::version::check(&report);
                    document.versions = report.versions;
                    report.changes
                }
            };
            let lines = match (&pair.new, with_lines) {
                (Some(new), true) => {
                    Some(Lines::read(&new.text).map_err(|error| Problem::new(&new.name, error.to_string()))?)
                }
                _ => None,
            };
            document.version_line = lines.as_ref().and_then(|lines| lines.line("/info/version"));
            for change in changes {
                let matched = entries.iter().position(|entry| {
                    entry.kind == change.kind && same_place(&entry.pointer, &change.pointer)
                });
                if let Some(index) = matched {
                    used[index] = true;
                }
                let accepted = matched.map(|index| entries[index].reason.clone());
                let fails = accepted.is_none() && change.severity >= fail_on;
                let line = lines.as_ref().and_then(|lines| lines.line(&change.pointer));
                document.findings.push(Finding { change, accepted, fails, line });
            }
            document.findings.sort_by_key(|finding| std::cmp::Reverse(finding.change.severity));
            outcome.documents.push(document);
        }
        if let Some(file) = &group.accepted {
            for (index, entry) in entries.iter().enumerate().filter(|(index, _)| !used[*index]) {
                let line = entry_lines.as_ref().and_then(|lines| lines.line(&format!("/{index}")));
                outcome.stale.push(Stale {
                    file: file.name.clone(),
                    line,
                    pointer: entry.pointer.clone(),
                    kind: entry.kind.clone(),
                });
            }
        }
    }
    Ok(outcome)
}

fn parse(text: &Text) -> Result<serde_json::Value, Problem> {
    hookspec_toolkit::parse_description(&text.text, &text.name)
}

/// Whether an accepted pointer names the place of a change: the same pointer, a delivery's
/// under `webhooks` or `x-webhooks` alike.
fn same_place(accepted: &str, changed: &str) -> bool {
    let normal = |pointer: &str| match pointer.strip_prefix("/x-webhooks/") {
        Some(rest) => format!("/webhooks/{rest}"),
        None => pointer.to_owned(),
    };
    normal(accepted) == normal(changed)
}

/// The entries of an accepted-changes file, and where each stands.
fn read_accepted(file: &Text) -> Result<(Vec<Entry>, Option<Lines>), Problem> {
    if file.text.trim().is_empty() {
        return Ok((Vec::new(), None));
    }
    let entries: Vec<Entry> = yaml_serde::from_str(&file.text).map_err(|error| {
        Problem::new(&file.name, format!("{error} (each entry is a pointer, a kind and a reason)"))
    })?;
    let lines = Lines::read(&file.text).ok();
    for (index, entry) in entries.iter().enumerate() {
        if entry.reason.trim().is_empty() || entry.kind.trim().is_empty() {
            return Err(Problem {
                line: lines.as_ref().and_then(|lines| lines.line(&format!("/{index}"))),
                ..Problem::new(&file.name, "an accepted change needs its kind and the reason it was accepted")
            });
        }
    }
    Ok((entries, lines))
}

#[cfg(test)]
mod tests {
    use super::same_place;

    #[test]
    fn an_accepted_delivery_change_matches_in_the_3_0_document_too() {
        assert!(same_place("/webhooks/hook/post/parameters/0", "/x-webhooks/hook/post/parameters/0"));
        assert!(same_place("/x-webhooks/hook/post", "/webhooks/hook/post"));
        assert!(!same_place("/webhooks/hook/post", "/webhooks/other/post"));
        assert!(!same_place("/paths/~1x-webhooks~1a/get", "/paths/~1webhooks~1a/get"));
    }
}
