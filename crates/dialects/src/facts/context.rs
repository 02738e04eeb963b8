//! What every row of `facts.yaml` is read with: its file, folder, pages and line, its sources, and
//! the operations it names.

use indexmap::IndexMap;
use serde::Deserialize;

use super::*;
use crate::data::{DataFile, Folder};
use hookspec_problem::Problem;

/// `[page, section, part]`.
pub(super) type SourceRow = (String, String, String);

/// `quote:` of a row: the words, or a list of them, each from the row's first page unless it
/// names another it cites (`{page: errors, text: ...}`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum QuoteRow {
    One(String),
    Several(Vec<QuoteItem>),
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(crate) enum QuoteItem {
    Text(String),
    On { page: String, text: String },
}

/// One operation, or several: `operation: listWebhooks` or `operation: [a, b]`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub(super) enum Operations {
    One(String),
    Several(Vec<String>),
}

impl Operations {
    pub(super) fn names(&self) -> Vec<String> {
        match self {
            Operations::One(name) => vec![name.clone()],
            Operations::Several(names) => names.clone(),
        }
    }
}

pub(super) struct RowContext<'a> {
    pub(super) file: DataFile,
    pub(super) folder: &'a Folder,
    pub(super) pages: &'a IndexMap<String, ReadPage>,
    pub(super) line: Option<usize>,
}

impl RowContext<'_> {
    pub(super) fn error(&self, message: String) -> Problem {
        Problem { at: self.file.path(), line: self.line, column: None, message }
    }

    /// `file:line` of the row, for messages about it.
    pub(super) fn declared(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file.path()),
            None => self.file.path(),
        }
    }

    pub(super) fn source(&self, (page, section, part): &SourceRow) -> Result<Source, Problem> {
        let found = self.pages.get(page).ok_or_else(|| {
            self.error(format!(
                "the page `{page}` is not listed under `pages` (they are: {})",
                self.pages.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(Source { page: found.page(), section: section.clone(), part: part.clone() })
    }

    /// The quotes of a row citing `cited` (its `from` first), which every fact must have.
    pub(super) fn quotes(
        &self,
        cited: &[&SourceRow],
        quote: Option<QuoteRow>,
    ) -> Result<Vec<Quote>, Problem> {
        let from = &cited[0].0;
        let items = match quote {
            None => {
                return Err(self.error(
                    "the fact has no `quote:`: give the source's own words that state it, verbatim".into(),
                ));
            }
            Some(QuoteRow::One(text)) => vec![QuoteItem::Text(text)],
            Some(QuoteRow::Several(items)) => items,
        };
        let mut quotes = Vec::new();
        for item in items {
            let (page, text) = match item {
                QuoteItem::Text(text) => (from.clone(), text),
                QuoteItem::On { page, text } => (page, text),
            };
            if !cited.iter().any(|source| source.0 == page) {
                return Err(self.error(format!("a quote from `{page}`, which the fact does not cite")));
            }
            if text.trim().is_empty() {
                return Err(self.error("an empty quote".into()));
            }
            quotes.push(Quote { page, text });
        }
        if quotes.is_empty() {
            return Err(self.error("`quote:` lists no words".into()));
        }
        Ok(quotes)
    }

    pub(super) fn fixture(&self, name: &str) -> Result<Fixture, Problem> {
        self.folder
            .file(&format!("fixtures/{name}"))
            .map(Fixture::verbatim)
            .ok_or_else(|| self.error(format!("no fixture `{name}` in {}/fixtures/", self.folder.name)))
    }
}
