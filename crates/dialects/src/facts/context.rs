//! What every row of `facts.yaml` is read with: its file, folder, pages and line, its sources, and
//! the operations it names.

use indexmap::IndexMap;
use serde::Deserialize;

use super::*;
use crate::data::{DataError, DataFile, Folder};

/// `[page, section, part]`.
pub(super) type SourceRow = (String, String, String);

/// One operation, or several: `operation: listWebhooks` or `operation: [a, b]`.
#[derive(Deserialize)]
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
    pub(super) fn error(&self, message: String) -> DataError {
        DataError { path: self.file.path(), line: self.line, column: None, message }
    }

    /// `file:line` of the row, for messages about it.
    pub(super) fn declared(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file.path()),
            None => self.file.path(),
        }
    }

    pub(super) fn source(&self, (page, section, part): &SourceRow) -> Result<Source, DataError> {
        let found = self.pages.get(page).ok_or_else(|| {
            self.error(format!(
                "the page `{page}` is not listed under `pages` (they are: {})",
                self.pages.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(Source { page: found.page(), section: section.clone(), part: part.clone() })
    }

    pub(super) fn fixture(&self, name: &str) -> Result<Fixture, DataError> {
        self.folder
            .file(&format!("fixtures/{name}"))
            .map(Fixture::verbatim)
            .ok_or_else(|| self.error(format!("no fixture `{name}` in {}/fixtures/", self.folder.name)))
    }
}
