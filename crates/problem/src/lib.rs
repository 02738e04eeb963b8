//! The one error type for input that is wrong, shared by every crate that reads input: a crate
//! of its own, with no dependencies, so that the data crate does not wait for the document
//! toolkit's build (jsonschema) to start its own.

use std::fmt;

/// Something wrong in what hookspec reads, and where: a data file (with its line and column where
/// known), a place in a generated document (`openapi.yaml#/pointer`), or the source a claim cites.
/// The one error type for input that is wrong: readers gather every problem (`Vec<Problem>`) rather
/// than stop at the first, and `Display` writes `at:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: a file from the workspace root, a document place, or a cited source.
    pub at: String,
    /// The line, from 1, where known.
    pub line: Option<usize>,
    /// The column, from 1, where known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl Problem {
    /// A problem at `at`, with no line or column.
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self { at: at.into(), line: None, column: None, message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.at)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

/// One problem, where a reader gathers them: `?` on a `Result<_, Problem>` in a function that
/// returns `Result<_, Vec<Problem>>`.
impl From<Problem> for Vec<Problem> {
    fn from(problem: Problem) -> Self {
        vec![problem]
    }
}
