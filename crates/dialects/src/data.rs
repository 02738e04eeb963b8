//! Reading a provider's data files: strictly (an unknown or misspelt field is an error), with
//! errors that name the file and, where the text allows, the line and column.

use std::fmt;

use serde::de::DeserializeOwned;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where the provider folders are, from the workspace root, for messages.
pub const SOURCE_ROOT: &str = "crates/dialects/src";

/// A data file of a provider folder, embedded at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile {
    /// Its path under the provider folders (`gigapay/api.yaml`).
    pub name: &'static str,
    /// Its contents.
    pub text: &'static str,
}

impl DataFile {
    /// The embedded file `name` (`gigapay/fixtures/list.json`), if there is one.
    pub fn find(name: &str) -> Option<DataFile> {
        embedded::FILES
            .binary_search_by(|(path, _)| (*path).cmp(name))
            .ok()
            .map(|index| DataFile { name: embedded::FILES[index].0, text: embedded::FILES[index].1 })
    }

    /// Every embedded file whose path starts with `prefix`, in path order.
    pub fn under(prefix: &str) -> impl Iterator<Item = DataFile> + '_ {
        embedded::FILES
            .iter()
            .filter(move |(path, _)| path.starts_with(prefix))
            .map(|(name, text)| DataFile { name, text })
    }

    /// The file's path from the workspace root.
    pub fn path(&self) -> String {
        format!("{SOURCE_ROOT}/{}", self.name)
    }

    /// Parses the file as YAML into `T`, whose types refuse unknown fields. An enum's variant is
    /// written as its name, or as a map of its name to its contents (`{doubling: {first: 60}}`).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, DataError> {
        let deserializer = yaml_serde::Deserializer::from_str(self.text);
        yaml_serde::with::singleton_map_recursive::deserialize(deserializer).map_err(
            |error: yaml_serde::Error| {
                let location = error.location();
                let message = error.to_string();
                // The location is reported in front, as `file:line:column`; drop yaml's own suffix.
                let message = match message.rfind(" at line ") {
                    Some(cut) if location.is_some() => message[..cut].to_owned(),
                    _ => message,
                };
                DataError {
                    path: self.path(),
                    line: location.as_ref().map(|location| location.line()),
                    column: location.as_ref().map(|location| location.column()),
                    message,
                }
            },
        )
    }

    /// An error about this file, at the first line holding `anchor` and then `needle` (each
    /// searched after the previous one), or without a line when the text does not have them.
    pub fn error_at(&self, anchor: &str, needle: &str, message: String) -> DataError {
        let line = self.text.find(anchor).and_then(|start| {
            let after = start + self.text[start..].find(needle)?;
            Some(self.text[..after].matches('\n').count() + 1)
        });
        DataError { path: self.path(), line, column: None, message }
    }
}

/// Something wrong in a provider's data files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file, from the workspace root.
    pub path: String,
    /// The line, from 1, where known.
    pub line: Option<usize>,
    /// The column, from 1, where known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for DataError {}
