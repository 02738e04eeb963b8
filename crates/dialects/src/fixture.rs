//! A documented JSON text, stored verbatim in a provider folder's `fixtures/`, and how one that does
//! not parse is read (its repair, which an erratum states).

use serde::Deserialize;

use crate::data::DataFile;

/// A documented JSON text stored verbatim in the provider's `fixtures/` folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// The file, embedded.
    pub file: DataFile,
    /// How the text is read where the documented JSON does not parse; an erratum says so.
    pub repair: Option<Repair>,
}

/// How a documented JSON text that does not parse is read. The fixture stays verbatim; the
/// erratum says what is wrong with it and how it is read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repair {
    /// What is wrong with the documented JSON, and how it is read.
    pub erratum: String,
    /// Whether a comma after a last member or item is dropped.
    #[serde(default)]
    pub trailing_commas: bool,
    /// Each `[from, to]`: the text `from`, which the fixture must hold, is read as `to` (a
    /// missing quote or comma, an unquoted value).
    #[serde(default)]
    pub replace: Vec<(String, String)>,
}

impl Fixture {
    /// The fixture `file`, read verbatim.
    pub fn verbatim(file: DataFile) -> Fixture {
        Fixture { file, repair: None }
    }

    /// The JSON text the fixture is read as: verbatim, or repaired as its [`Repair`] says.
    pub fn json_text(&self) -> String {
        let Some(repair) = &self.repair else { return self.file.text.to_owned() };
        let mut text = self.file.text.to_owned();
        for (from, to) in &repair.replace {
            text = text.replacen(from.as_str(), to, 1);
        }
        if repair.trailing_commas { without_trailing_commas(&text) } else { text }
    }

    /// The first replacement of its repair whose text the fixture does not hold, if any.
    pub fn missing_replacement(&self) -> Option<&str> {
        let repair = self.repair.as_ref()?;
        repair.replace.iter().map(|(from, _)| from.as_str()).find(|from| !self.file.text.contains(from))
    }

    /// The file's path from the workspace root, for messages.
    pub fn path(&self) -> String {
        self.file.path()
    }

    /// The file's contents.
    pub fn text(&self) -> &'static str {
        self.file.text
    }
}

/// `text` without the commas that follow, across whitespace, a last member or item; commas inside
/// strings stay.
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let chars: Vec<char> = text.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_string = true;
        } else if c == ','
            && chars[index + 1..].iter().find(|c| !c.is_whitespace()).is_some_and(|c| *c == '}' || *c == ']')
        {
            continue;
        }
        out.push(c);
    }
    out
}
