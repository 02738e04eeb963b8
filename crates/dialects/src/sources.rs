//! Evidence anyone can re-check: every quote of a page read from a provider's docs repository must
//! stand in the files the page names, at the commit it pins (`facts.yaml`'s `pages: {source}`).
//! With `latest`, the same is asked of the repository's newest commit, which reports the drift a
//! dialect must follow: quotes that no longer stand, cited files that are gone, and JSON examples
//! the inventory does not list.
//!
//! This module does no I/O: the repository is read through [`Docs`] (the xtask's reads a local
//! clone with git). Whitespace is collapsed before comparing; nothing else is loosened.

use std::collections::BTreeSet;

use crate::Provider;

/// A local copy of a docs repository, read at any commit.
pub trait Docs {
    /// The text of `path` at `commit`: `Ok(None)` when the commit has no such file, an error when
    /// the commit cannot be read.
    fn read(&self, commit: &str, path: &str) -> Result<Option<String>, String>;
    /// The newest commit (the checkout's `HEAD`), in full.
    fn head(&self) -> Result<String, String>;
}

/// What a check found wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finding {
    /// A quote that is not in any of its page's files at the commit checked.
    Missing {
        /// Where the fact is declared (`crates/dialects/src/<provider>/facts.yaml:LINE`).
        declared: String,
        /// The page, by its key.
        page: String,
        /// The quote.
        quote: String,
    },
    /// A file the page cites that the commit checked does not have.
    FileRemoved {
        /// The page, by its key.
        page: String,
        /// The file.
        path: String,
    },
    /// A JSON example in a cited file at the newest commit that the pinned commit did not have and
    /// no fixture holds.
    UnlistedExample {
        /// The page, by its key.
        page: String,
        /// The file.
        path: String,
        /// Its first line in the file, from 1.
        line: usize,
        /// Its first line of text.
        first: String,
    },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::Missing { declared, page, quote } => {
                write!(
                    f,
                    "{declared}: the quote from page `{page}` is not in its files: \"{}\"",
                    shorten(quote)
                )
            }
            Finding::FileRemoved { page, path } => write!(f, "page `{page}`: `{path}` is gone"),
            Finding::UnlistedExample { page, path, line, first } => write!(
                f,
                "page `{page}`: `{path}:{line}` has a JSON example the inventory does not list: {}",
                shorten(first)
            ),
        }
    }
}

/// What checking one provider's quotes against one repository found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The pages read from the repository (for `latest`, those that are not superseded).
    pub pages: usize,
    /// Their quotes, each counted once.
    pub quotes: usize,
    /// Of those, the ones found.
    pub found: usize,
    /// Everything wrong, in order.
    pub findings: Vec<Finding>,
}

/// Checks every quote of `provider`'s pages read from the repository `repo` (`OWNER/NAME`)
/// against `docs`: at each page's pinned commit, or with `latest` at the newest commit, where it
/// also reports cited files that are gone and JSON examples the pinned commit did not have. A page
/// an `superseded_by` names an older revision, which `latest` leaves alone.
pub fn check(provider: &Provider, repo: &str, docs: &dyn Docs, latest: bool) -> Result<Report, String> {
    let head = if latest { Some(docs.head()?) } else { None };
    let fixtures: BTreeSet<String> =
        provider.folder.under("fixtures/").map(|file| collapse(file.text)).collect();
    let mut report = Report::default();
    for (key, page) in &provider.facts.pages {
        let Some(source) = page.source.as_ref().filter(|source| source.repo == repo) else { continue };
        if latest && page.superseded_by.is_some() {
            continue;
        }
        report.pages += 1;
        let commit = head.as_deref().unwrap_or(&source.commit);
        let mut texts = Vec::new();
        for path in source.files() {
            match docs.read(commit, path)? {
                Some(text) => {
                    if latest {
                        let pinned = docs.read(&source.commit, path)?.unwrap_or_default();
                        report.findings.extend(unlisted_examples(key, path, &text, &pinned, &fixtures));
                    }
                    texts.push(collapse(&text));
                }
                None => {
                    report.findings.push(Finding::FileRemoved { page: key.clone(), path: path.to_owned() })
                }
            }
        }
        for (declared, quote) in quotes(provider, key) {
            report.quotes += 1;
            let wanted = collapse(&quote);
            if texts.iter().any(|text| text.contains(&wanted)) {
                report.found += 1;
            } else {
                report.findings.push(Finding::Missing { declared, page: key.clone(), quote });
            }
        }
    }
    Ok(report)
}

/// Every quote from the page `key`, each once, with where it is declared, in the order declared.
fn quotes(provider: &Provider, key: &str) -> Vec<(String, String)> {
    let mut seen = BTreeSet::new();
    let mut found = Vec::new();
    let from_claims = provider.facts.claims.iter().flat_map(|claim| {
        claim
            .quotes
            .iter()
            .filter(|quote| quote.page == key)
            .map(|quote| (claim.declared.clone(), quote.text.clone()))
    });
    let from_changes = provider.facts.changes.iter().flat_map(|change| {
        [&change.was, &change.now]
            .into_iter()
            .filter(|side| side.page == key)
            .map(|side| (change.declared.clone(), side.quote.clone()))
    });
    for (declared, text) in from_claims.chain(from_changes) {
        if seen.insert((declared.clone(), text.clone())) {
            found.push((declared, text));
        }
    }
    found
}

/// The JSON examples of `text` (`path` at the newest commit) that `pinned` (the same file at the
/// pinned commit) does not have and no fixture holds.
fn unlisted_examples(
    page: &str,
    path: &str,
    text: &str,
    pinned: &str,
    fixtures: &BTreeSet<String>,
) -> Vec<Finding> {
    let known: BTreeSet<String> =
        json_examples(pinned).into_iter().map(|(_, body)| collapse(&body)).collect();
    json_examples(text)
        .into_iter()
        .filter(|(_, body)| {
            let body = collapse(body);
            !known.contains(&body) && !fixtures.contains(&body)
        })
        .map(|(line, body)| Finding::UnlistedExample {
            page: page.to_owned(),
            path: path.to_owned(),
            line,
            first: body.lines().next().unwrap_or_default().trim().to_owned(),
        })
        .collect()
}

/// The JSON examples of a Markdown text: each fenced code block whose content starts with `{` or
/// `[`, whatever its language tag, with the line (from 1) its content starts on.
pub fn json_examples(text: &str) -> Vec<(usize, String)> {
    let mut examples = Vec::new();
    let mut open: Option<(String, usize, Vec<&str>)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let fence: String = trimmed.chars().take_while(|c| *c == '`' || *c == '~').collect();
        match &mut open {
            Some((opened, start, body)) => {
                if fence.len() >= opened.len() && fence.starts_with(&opened[..1]) && trimmed.trim() == fence {
                    let content = body.join("\n");
                    if content.trim_start().starts_with(['{', '[']) {
                        examples.push((*start, content));
                    }
                    open = None;
                } else {
                    body.push(line);
                }
            }
            None if fence.len() >= 3 => open = Some((fence, index + 2, Vec::new())),
            None => {}
        }
    }
    examples
}

/// `text` with every run of whitespace one space.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(text: &str) -> String {
    let text = collapse(text);
    match text.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
