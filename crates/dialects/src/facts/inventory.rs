//! The source inventory: `pages` of `facts.yaml` lists every public page of the provider's
//! webhook documentation with the version read, how much of it was captured, and every JSON
//! example on it, each a fixture or left out with the reason. A fixture listed on a page must be
//! cited by a fact from that page (so it is embedded and validated), and a fixture a fact cites
//! must be listed on one of the fact's pages: nothing read goes unlisted, and nothing listed goes
//! unchecked.

use indexmap::IndexMap;
use serde::Deserialize;

use super::{Claim, Fact, Page};
use crate::data::{DataFile, Folder};
use hookspec_problem::Problem;

/// A public page of the provider's documentation, and what was read of it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadPage {
    /// What the page is, as a reader would name it.
    pub title: String,
    /// Its address.
    pub url: String,
    /// The version read, in words: the source at a commit, or the archived copies read and when.
    pub read: String,
    /// For a page built from a public docs repository: the repository, commit and files read.
    #[serde(default)]
    pub source: Option<RepoSource>,
    /// How much of it could be read.
    pub captured: Captured,
    /// For an older revision of a page: the key of the page that is its newest revision read. The
    /// document follows the newest; what changed is listed under `changes`.
    #[serde(default)]
    pub superseded_by: Option<String>,
    /// Every JSON example on the page, in page order.
    #[serde(default)]
    pub examples: Vec<PageExample>,
}

impl ReadPage {
    /// The page, as a source cites it.
    pub fn page(&self) -> Page {
        Page { title: self.title.clone(), url: self.url.clone() }
    }
}

/// The files of a public repository at one commit that a page is built from: `{repo, commit,
/// path}`, or `paths` where one page is built from several files.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepoSource {
    /// The repository, `OWNER/NAME`.
    pub repo: String,
    /// The commit read, in full.
    pub commit: String,
    /// The one file read.
    #[serde(default)]
    pub path: Option<String>,
    /// The files read, where the page is built from several.
    #[serde(default)]
    pub paths: Vec<String>,
}

impl RepoSource {
    /// The files read.
    pub fn files(&self) -> Vec<&str> {
        self.path.iter().chain(&self.paths).map(String::as_str).collect()
    }

    /// The source as Markdown: each file linked at the commit (`[path](https://github.com/...)`),
    /// after the repository and the commit's first seven characters.
    pub fn markdown(&self) -> String {
        let files: Vec<String> = self
            .files()
            .into_iter()
            .map(|path| format!("[`{path}`](https://github.com/{}/blob/{}/{path})", self.repo, self.commit))
            .collect();
        format!("{} at `{}`: {}", self.repo, &self.commit[..7.min(self.commit.len())], files.join(", "))
    }

    /// What is wrong with the source as written, if anything.
    pub fn problem(&self) -> Option<String> {
        if self.repo.split('/').filter(|part| !part.is_empty()).count() != 2 {
            return Some(format!("`repo: {}` is not OWNER/NAME", self.repo));
        }
        if self.commit.len() != 40 || !self.commit.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return Some(format!("`commit: {}` is not a full 40-character commit id", self.commit));
        }
        if self.path.is_some() != self.paths.is_empty() {
            return Some(
                "a source names its file with `path`, or its files with `paths`: one of the two".into(),
            );
        }
        None
    }
}

/// How much of a page could be read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Captured {
    /// All of it.
    Whole,
    /// Part of it: what was not, and why.
    Partial(String),
    /// None of it: why.
    NotCaptured(String),
}

/// One JSON example on a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageExample {
    /// Where on the page: its section and part.
    pub at: String,
    /// The fixture that holds it verbatim.
    #[serde(default)]
    pub fixture: Option<String>,
    /// Why it is not a fixture.
    #[serde(default)]
    pub left_out: Option<String>,
    /// How many examples of the section `at` the reason leaves out together (those of an API
    /// the webhook documentation does not describe); 1 unless given.
    #[serde(default)]
    pub count: Option<usize>,
}

impl PageExample {
    /// How many examples the entry stands for.
    pub fn examples(&self) -> usize {
        self.count.unwrap_or(1)
    }
}

/// Holds the inventory of `file` (a provider folder's `facts.yaml`) and the claims to each other:
/// every example listed on a page is a fixture a fact from that page cites, or left out with the
/// reason; every fixture a fact cites is listed on one of its pages.
pub fn check(
    file: DataFile,
    folder: &Folder,
    pages: &IndexMap<String, ReadPage>,
    claims: &[Claim],
) -> Result<(), Problem> {
    let cited_on = |fixture: &str, page: &ReadPage| {
        claims.iter().any(|claim| {
            claim_fixture(claim).is_some_and(|cited| cited == format!("{}/fixtures/{fixture}", folder.name))
                && claim.sources.iter().any(|source| source.page == page.page())
        })
    };
    for (key, page) in pages {
        let error = |needle: &str, message: String| file.error_at(&format!("\n  {key}:"), needle, message);
        if let Some(problem) = page.source.as_ref().and_then(RepoSource::problem) {
            return Err(error("source:", problem));
        }
        if let Some(newer) = &page.superseded_by
            && !pages.contains_key(newer)
        {
            return Err(error("superseded_by:", format!("`superseded_by: {newer}` names no page")));
        }
        let mut listed: Vec<&str> = Vec::new();
        for example in &page.examples {
            match (&example.fixture, &example.left_out) {
                (Some(fixture), None) if example.count.is_some() => {
                    return Err(error(fixture, "a `count` groups examples left out, not a fixture".into()));
                }
                (Some(fixture), None) => {
                    if folder.file(&format!("fixtures/{fixture}")).is_none() {
                        return Err(error(
                            fixture,
                            format!("no fixture `{fixture}` in {}/fixtures/", folder.name),
                        ));
                    }
                    if !cited_on(fixture, page) {
                        return Err(error(
                            fixture,
                            format!(
                                "`{fixture}` is listed on page `{key}`, but no fact from that page cites it: \
                                 cite it where it belongs, so that it is embedded and validated"
                            ),
                        ));
                    }
                    if listed.contains(&fixture.as_str()) {
                        return Err(error(fixture, format!("`{fixture}` is listed twice on page `{key}`")));
                    }
                    listed.push(fixture);
                }
                (None, Some(reason)) if !reason.trim().is_empty() => {}
                _ => {
                    return Err(error(
                        &example.at,
                        format!(
                            "the example at `{}` is either a `fixture` or `left_out` with the reason",
                            example.at
                        ),
                    ));
                }
            }
        }
    }
    for claim in claims {
        let Some(cited) = claim_fixture(claim) else { continue };
        let name = cited.trim_start_matches(&format!("{}/fixtures/", folder.name)).to_owned();
        let listed = claim.sources.iter().any(|source| {
            pages.values().any(|page| {
                page.page() == source.page
                    && page.examples.iter().any(|example| example.fixture.as_deref() == Some(name.as_str()))
            })
        });
        if !listed {
            let (path, line) = match claim.declared.rsplit_once(':') {
                Some((path, line)) if line.parse::<usize>().is_ok() => (path.to_owned(), line.parse().ok()),
                _ => (claim.declared.clone(), None),
            };
            return Err(Problem {
                at: path,
                line,
                column: None,
                message: format!(
                    "`{name}` is cited from {}, whose `examples` do not list it: list every example of a page \
                     in its inventory",
                    claim
                        .sources
                        .iter()
                        .map(|source| format!("`{}`", source.page.title))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// The embedded name (`<folder>/fixtures/<file>`) of the fixture a claim cites, if any.
fn claim_fixture(claim: &Claim) -> Option<&'static str> {
    match &claim.fact {
        Fact::Example { fixture, .. } | Fact::Structure { fixture, .. } => Some(fixture.file.name),
        _ => None,
    }
}

/// What a provider's inventory counts: its pages, those not wholly captured, and its examples,
/// fixtures and examples left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Pages listed.
    pub pages: usize,
    /// Pages read only in part, or not at all.
    pub not_captured: usize,
    /// JSON examples listed.
    pub examples: usize,
    /// Of those, the fixtures.
    pub fixtures: usize,
    /// Of those, the ones left out.
    pub left_out: usize,
}

/// The counts of an inventory.
pub fn counts(pages: &IndexMap<String, ReadPage>) -> Counts {
    let examples = pages.values().flat_map(|page| &page.examples);
    Counts {
        pages: pages.len(),
        not_captured: pages.values().filter(|page| page.captured != Captured::Whole).count(),
        examples: examples.clone().map(PageExample::examples).sum(),
        fixtures: examples.clone().filter(|example| example.fixture.is_some()).count(),
        left_out: examples.filter(|example| example.left_out.is_some()).map(PageExample::examples).sum(),
    }
}
