//! Reading a provider's data files: strictly (an unknown or misspelt field is an error), with
//! errors that name the file and, where the text allows, the line and column.

use hookspec_problem::Problem;

use serde::de::DeserializeOwned;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where the provider folders are, from the workspace root, for messages.
pub const SOURCE_ROOT: &str = "crates/dialects/src";

/// A data file of a provider folder: embedded at compile time, or made in memory by a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataFile {
    /// Its path under the provider folders (`gigapay/api.yaml`).
    pub name: &'static str,
    /// Its contents.
    pub text: &'static str,
}

/// The files of one provider folder, by their paths under `src/` (`gigapay/api.yaml`), in path
/// order: the embedded folder of a registered provider, or one a test makes in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder's name under `src/` (`equals_money`).
    pub name: &'static str,
    files: Vec<DataFile>,
}

impl Folder {
    /// The folder `name` as compiled into the crate.
    pub fn embedded(name: &'static str) -> Folder {
        let prefix = format!("{name}/");
        let files = embedded::FILES
            .iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .map(|(path, text)| DataFile { name: path, text })
            .collect();
        Folder { name, files }
    }

    /// A folder made in memory, from `(path within the folder, text)` pairs: for tests, which build
    /// a provider without a folder on disk. The texts live as long as the process.
    pub fn in_memory(name: &str, files: &[(&str, &str)]) -> Folder {
        let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
        let name = leak(name.to_owned());
        let mut files: Vec<DataFile> = files
            .iter()
            .map(|(path, text)| DataFile {
                name: leak(format!("{name}/{path}")),
                text: leak((*text).to_owned()),
            })
            .collect();
        files.sort_by_key(|file| file.name);
        Folder { name, files }
    }

    /// Every file of the folder, as `(path within the folder, text)`, in path order.
    pub fn files(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.files.iter().map(|file| (&file.name[self.name.len() + 1..], file.text))
    }

    /// The file at `path` within the folder (`fixtures/list.json`), if there is one.
    pub fn file(&self, path: &str) -> Option<DataFile> {
        let name = format!("{}/{path}", self.name);
        self.files.binary_search_by(|file| file.name.cmp(&name)).ok().map(|index| self.files[index])
    }

    /// The file at `path` within the folder, or an error saying the folder has none.
    pub fn required(&self, path: &str) -> Result<DataFile, Problem> {
        self.file(path).ok_or_else(|| Problem {
            at: format!("{SOURCE_ROOT}/{}/{path}", self.name),
            line: None,
            column: None,
            message: format!("the provider folder has no {path}"),
        })
    }

    /// Every file whose path within the folder starts with `prefix` (`fixtures/`), in path order.
    pub fn under<'a>(&'a self, prefix: &str) -> impl Iterator<Item = DataFile> + 'a {
        let prefix = format!("{}/{prefix}", self.name);
        self.files.iter().copied().filter(move |file| file.name.starts_with(&prefix))
    }

    /// The path of `path` within the folder from the workspace root, for messages.
    pub fn path(&self, path: &str) -> String {
        format!("{SOURCE_ROOT}/{}/{path}", self.name)
    }
}

/// How many times each data file has been parsed in this process, by its path under `src/`: a
/// provider is loaded once, so no file should be parsed twice.
pub fn parse_counts() -> std::collections::BTreeMap<&'static str, usize> {
    PARSED.lock().map(|parsed| parsed.clone()).unwrap_or_default()
}

static PARSED: std::sync::Mutex<std::collections::BTreeMap<&'static str, usize>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

impl DataFile {
    /// The file's path from the workspace root.
    pub fn path(&self) -> String {
        format!("{SOURCE_ROOT}/{}", self.name)
    }

    /// Parses the file as YAML into `T`, whose types refuse unknown fields. An enum's variant is
    /// written as its name, or as a map of its name to its contents (`{doubling: {first: 60}}`).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Problem> {
        if let Ok(mut parsed) = PARSED.lock() {
            *parsed.entry(self.name).or_default() += 1;
        }
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
                Problem {
                    at: self.path(),
                    line: location.as_ref().map(|location| location.line()),
                    column: location.as_ref().map(|location| location.column()),
                    message,
                }
            },
        )
    }

    /// An error about this file, at the first line holding `anchor` and then `needle` (each
    /// searched after the previous one), or without a line when the text does not have them.
    pub fn error_at(&self, anchor: &str, needle: &str, message: String) -> Problem {
        let line = self.text.find(anchor).and_then(|start| {
            let after = start + self.text[start..].find(needle)?;
            Some(self.text[..after].matches('\n').count() + 1)
        });
        Problem { at: self.path(), line, column: None, message }
    }
}
