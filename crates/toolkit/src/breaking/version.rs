//! The version rule, as Oxide's dropshot-api-manager enforces it: a document that changes gets a
//! new `info.version`, and a change that breaks clients or receivers a new major one.
//!
//! Versions are `MAJOR.MINOR.PATCH` (a pre-release or build suffix is ignored). Below 1.0.0 the
//! first non-zero part is the major one, as Cargo reads it: 0.3.1 -> 0.4.0 is a major bump.

use std::fmt;

use super::{Report, Severity};

/// How much a version moved, or must move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Words or examples changed, nothing a client or receiver can see.
    Patch,
    /// Something was added, loosened or deprecated.
    Minor,
    /// Something breaks clients or receivers.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// The bump the changes of `report` need: none when the documents are the same.
pub fn needed(report: &Report) -> Option<Bump> {
    if report.breaking() {
        Some(Bump::Major)
    } else if !report.changes.is_empty() {
        Some(Bump::Minor)
    } else if report.differs {
        Some(Bump::Patch)
    } else {
        None
    }
}

/// Why `report`'s documents break the version rule, if they do.
pub fn check(report: &Report) -> Option<String> {
    let needed = needed(report)?;
    let (old, new) = (&report.versions.0, &report.versions.1);
    let (Some(from), Some(to)) = (parse(old), parse(new)) else {
        let bad = if parse(old).is_none() { old } else { new };
        return Some(format!(
            "info.version `{bad}` is not MAJOR.MINOR.PATCH, so the version rule cannot be checked"
        ));
    };
    if to < from {
        return Some(format!("info.version went down, {old} -> {new}"));
    }
    let made = made(from, to);
    if made >= Some(needed) {
        return None;
    }
    let because = match needed {
        Bump::Major => {
            let parties: Vec<String> = report.broken().iter().map(ToString::to_string).collect();
            format!("a change that breaks {}", parties.join(" and "))
        }
        Bump::Minor if report.count(Severity::Warning) > 0 => "a deprecation or other warning".to_owned(),
        Bump::Minor => "a change clients or receivers can see".to_owned(),
        Bump::Patch => "a change to the document".to_owned(),
    };
    let what = if made.is_none() {
        format!("info.version is still {new}")
    } else {
        format!("info.version {old} -> {new}")
    };
    Some(format!("{what}: {because} needs a {needed} bump, to {} at least", next(from, needed)))
}

/// `MAJOR.MINOR.PATCH`, without a pre-release or build suffix.
fn parse(version: &str) -> Option<(u64, u64, u64)> {
    let core = version.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
    let version = (parts.next()??, parts.next()??, parts.next()??);
    parts.next().is_none().then_some(version)
}

/// The bump from `from` to `to`, none when they are equal.
fn made(from: (u64, u64, u64), to: (u64, u64, u64)) -> Option<Bump> {
    let major = |(major, minor, patch): (u64, u64, u64)| match (major, minor) {
        (0, 0) => (0, 0, patch),
        (0, minor) => (0, minor, 0),
        (major, _) => (major, 0, 0),
    };
    if major(to) > major(from) {
        Some(Bump::Major)
    } else if (to.0, to.1) > (from.0, from.1) {
        Some(Bump::Minor)
    } else if to > from {
        Some(Bump::Patch)
    } else {
        None
    }
}

/// The smallest version after `from` that makes `bump`.
fn next((major, minor, patch): (u64, u64, u64), bump: Bump) -> String {
    let (major, minor, patch) = match (bump, major, minor) {
        (Bump::Major, 0, 0) => (0, 0, patch + 1),
        (Bump::Major, 0, _) => (0, minor + 1, 0),
        (Bump::Major, _, _) => (major + 1, 0, 0),
        (Bump::Minor, _, _) => (major, minor + 1, 0),
        (Bump::Patch, _, _) => (major, minor, patch + 1),
    };
    format!("{major}.{minor}.{patch}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bump_is_read_as_cargo_reads_it() {
        let bump =
            |from: &str, to: &str| made(parse(from).expect("a version"), parse(to).expect("a version"));
        assert_eq!(bump("2.0.0", "3.0.0"), Some(Bump::Major));
        assert_eq!(bump("2.0.0", "2.1.0"), Some(Bump::Minor));
        assert_eq!(bump("2.0.0", "2.0.1"), Some(Bump::Patch));
        assert_eq!(bump("2.0.0", "2.0.0"), None);
        assert_eq!(bump("0.3.1", "0.4.0"), Some(Bump::Major));
        assert_eq!(bump("0.0.1", "0.0.2"), Some(Bump::Major));
        assert_eq!(bump("1.2.3-beta.1", "1.2.3"), None);
        assert_eq!(parse("2.0"), None);
        assert_eq!(parse("v2.0.0"), None);
        assert_eq!(next((0, 3, 1), Bump::Major), "0.4.0");
        assert_eq!(next((2, 3, 1), Bump::Minor), "2.4.0");
    }
}
