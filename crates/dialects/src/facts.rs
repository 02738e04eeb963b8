//! What providers document, as checkable facts, read from each provider's `facts.yaml`.
//!
//! Provider documentation is the ground truth, and it is sometimes wrong. Each [`Claim`] records
//! one documented fact with its [`Source`]. The assembly checks every claim against the generated
//! document: a claim that does not hold must carry an erratum saying what the docs get wrong and
//! what the document models instead, and an erratum on a claim that holds is an error too, so the
//! list of errata can never go stale.
//!
//! In `facts.yaml`, `pages` names the documents cited, and `facts` has one row per documented
//! fact (a table row per row of a documented table): `from: [page, section, part]`, optionally
//! `also` (further sources) and `erratum`, and exactly one of the fact kinds below.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use crate::data::{DataError, DataFile};
use crate::table::{Method, ParamIn};

/// Where in the provider's documentation a fact was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The documentation page.
    pub document: String,
    /// The section heading.
    pub section: String,
    /// The part of the section: a code sample, a table, a JSON block.
    pub part: String,
}

/// A documented JSON text stored verbatim in the provider's `fixtures/` folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixture {
    /// The file, embedded.
    pub file: DataFile,
}

impl Fixture {
    /// The file's path from the workspace root, for messages.
    pub fn path(&self) -> String {
        self.file.path()
    }

    /// The file's contents.
    pub fn text(&self) -> &'static str {
        self.file.text
    }
}

/// The place in the API a JSON body belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The request body of an operation.
    Request {
        /// The operation's `operationId`.
        operation: String,
    },
    /// A response body of an operation.
    Response {
        /// The operation's `operationId`.
        operation: String,
        /// The HTTP status the body is answered with.
        status: u16,
    },
    /// Properties of a component schema: the example is an object whose members are each an
    /// example of the schema's property of the same name.
    Properties {
        /// The component schema's name.
        schema: String,
    },
}

/// A single documented fact, in a form the assembly can check.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// A JSON example, which must validate against the schema at `at` and is embedded there
    /// under `name`.
    Example {
        /// The example's key in the document, unique within its place.
        name: String,
        /// The example, verbatim.
        fixture: Fixture,
        /// Where it belongs.
        at: Place,
        /// The component schema the example documents, when the body at `at` is a union
        /// (`oneOf`/`anyOf`) of them: the example is validated against this alternative, which
        /// must be one of the union's.
        schema: Option<String>,
    },
    /// A request line (an "HTTP Request" line or a code sample's target), which must resolve,
    /// through one of the servers and path templates, to `operation`. A `:name` segment is a
    /// path placeholder.
    Request {
        /// The operation the docs present it for.
        operation: String,
        /// The method.
        method: Method,
        /// The absolute URL.
        url: String,
    },
    /// A row of a parameter table, which must match the operation's parameter (or, for a header
    /// that carries credentials, its security requirement).
    Parameter {
        /// The operation the table belongs to.
        operation: String,
        /// Where the parameter travels.
        location: ParamIn,
        /// The parameter's name.
        name: String,
        /// Whether the table marks it required.
        required: bool,
        /// The documented default, where the table gives a literal one.
        default: Option<Value>,
        /// The documented JSON Schema type (`string`, `integer`, `boolean`), where the table
        /// gives one.
        schema_type: Option<String>,
    },
    /// A row of a request-body table, which must match a property of the request schema.
    BodyField {
        /// The operation the table belongs to.
        operation: String,
        /// The property's name.
        name: String,
        /// Whether the table marks it required.
        required: bool,
    },
    /// A "structure" block: the JSON shape of a body with type names in place of values
    /// (`"count": integer`, `"id": "string"`, `"enabled": boolean`). Its property names must be
    /// the schema's, and each type must be one the schema allows.
    Structure {
        /// The block, verbatim.
        fixture: Fixture,
        /// The body it describes.
        at: Place,
    },
    /// A documented exchange: the response example must echo the path parameters of `url` and
    /// every top-level field of the request example.
    Echo {
        /// The operation of the exchange.
        operation: String,
        /// The request URL of the exchange.
        url: String,
        /// The name of the request example, if the request has a body.
        request: Option<String>,
        /// The name of the response example.
        response: String,
    },
    /// A flaw in the documentation that no check can express; always an erratum.
    Observation {
        /// What the documentation says.
        text: String,
    },
}

/// A documented fact with its sources and, when the docs are wrong, the erratum.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Where the fact is documented; the first is the primary source.
    pub sources: Vec<Source>,
    /// The fact.
    pub fact: Fact,
    /// When the fact does not hold: what the documentation gets wrong and what the document
    /// models instead.
    pub erratum: Option<String>,
}

/// The claims of the provider folder `folder`, from its `facts.yaml` and `fixtures/`. Every
/// fixture must be cited by a fact.
pub fn load(folder: &str) -> Result<Vec<Claim>, DataError> {
    let file = DataFile::find(&format!("{folder}/facts.yaml")).ok_or_else(|| DataError {
        path: format!("{}/{folder}/facts.yaml", crate::data::SOURCE_ROOT),
        line: None,
        column: None,
        message: "the provider folder has no facts.yaml".into(),
    })?;
    let parsed: FactsFile = file.parse()?;
    let rows = row_lines(file.text);
    let mut claims = Vec::new();
    for (index, row) in parsed.facts.into_iter().enumerate() {
        let context = RowContext { file, folder, pages: &parsed.pages, line: rows.get(index).copied() };
        claims.extend(row.expand(&context)?);
    }
    for fixture in DataFile::under(&format!("{folder}/fixtures/")) {
        let cited = claims.iter().any(|claim| match &claim.fact {
            Fact::Example { fixture: cited, .. } | Fact::Structure { fixture: cited, .. } => {
                cited.file == fixture
            }
            _ => false,
        });
        if !cited {
            return Err(DataError {
                path: fixture.path(),
                line: None,
                column: None,
                message: format!("no fact in {} cites this fixture", file.path()),
            });
        }
    }
    Ok(claims)
}

/// The line (from 1) of each row of the top-level `facts:` list, in order.
fn row_lines(text: &str) -> Vec<usize> {
    let mut in_facts = false;
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '-', '#']) && !line.is_empty() {
            in_facts = line.starts_with("facts:");
        } else if in_facts && line.trim_start().starts_with("- ") && line.len() - line.trim_start().len() <= 2
        {
            lines.push(number + 1);
        }
    }
    lines
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    pages: IndexMap<String, String>,
    facts: Vec<Row>,
}

/// `[page, section, part]`.
type SourceRow = (String, String, String);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    from: SourceRow,
    #[serde(default)]
    also: Vec<SourceRow>,
    #[serde(default)]
    erratum: Option<String>,
    #[serde(default)]
    example: Option<ExampleRow>,
    #[serde(default)]
    request: Option<RequestRow>,
    #[serde(default)]
    parameters: Option<ParameterTable>,
    #[serde(default)]
    body_fields: Option<BodyTable>,
    #[serde(default)]
    structure: Option<StructureRow>,
    #[serde(default)]
    echo: Option<EchoRow>,
    #[serde(default)]
    observation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleRow {
    name: String,
    fixture: String,
    #[serde(default)]
    request: Option<String>,
    #[serde(default)]
    response: Option<String>,
    #[serde(default)]
    status: Option<u16>,
    #[serde(default)]
    properties: Option<String>,
    #[serde(default)]
    schema: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestRow {
    operation: String,
    method: Method,
    url: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterTable {
    operation: String,
    rows: Vec<ParameterRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParameterRow {
    #[serde(rename = "in")]
    location: ParamIn,
    name: String,
    required: bool,
    #[serde(default)]
    default: Option<Value>,
    #[serde(default, rename = "type")]
    schema_type: Option<String>,
    #[serde(default)]
    erratum: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyTable {
    operation: String,
    rows: Vec<BodyRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyRow {
    name: String,
    required: bool,
    #[serde(default)]
    erratum: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StructureRow {
    fixture: String,
    response: String,
    status: u16,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EchoRow {
    operation: String,
    url: String,
    #[serde(default)]
    request: Option<String>,
    response: String,
}

struct RowContext<'a> {
    file: DataFile,
    folder: &'a str,
    pages: &'a IndexMap<String, String>,
    line: Option<usize>,
}

impl RowContext<'_> {
    fn error(&self, message: String) -> DataError {
        DataError { path: self.file.path(), line: self.line, column: None, message }
    }

    fn source(&self, (page, section, part): &SourceRow) -> Result<Source, DataError> {
        let document = self.pages.get(page).ok_or_else(|| {
            self.error(format!(
                "the page `{page}` is not listed under `pages` (they are: {})",
                self.pages.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(Source { document: document.clone(), section: section.clone(), part: part.clone() })
    }

    fn fixture(&self, name: &str) -> Result<Fixture, DataError> {
        DataFile::find(&format!("{}/fixtures/{name}", self.folder))
            .map(|file| Fixture { file })
            .ok_or_else(|| self.error(format!("no fixture `{name}` in {}/fixtures/", self.folder)))
    }
}

impl Row {
    /// The claims of the row: one, or one per row of a table.
    fn expand(self, context: &RowContext<'_>) -> Result<Vec<Claim>, DataError> {
        let mut sources = vec![context.source(&self.from)?];
        for source in &self.also {
            sources.push(context.source(source)?);
        }
        let kinds = [
            self.example.is_some(),
            self.request.is_some(),
            self.parameters.is_some(),
            self.body_fields.is_some(),
            self.structure.is_some(),
            self.echo.is_some(),
            self.observation.is_some(),
        ];
        if kinds.iter().filter(|&&kind| kind).count() != 1 {
            return Err(context.error(
                "a fact needs exactly one of example, request, parameters, body_fields, structure, echo \
                 and observation"
                    .into(),
            ));
        }
        let claim = |fact: Fact, erratum: Option<String>| Claim { sources: sources.clone(), fact, erratum };
        let table_erratum =
            || context.error("a table's errata go on the rows they concern, not on the table".into());
        if let Some(table) = self.parameters {
            if self.erratum.is_some() {
                return Err(table_erratum());
            }
            return Ok(table
                .rows
                .into_iter()
                .map(|row| {
                    let fact = Fact::Parameter {
                        operation: table.operation.clone(),
                        location: row.location,
                        name: row.name,
                        required: row.required,
                        default: row.default,
                        schema_type: row.schema_type,
                    };
                    claim(fact, row.erratum)
                })
                .collect());
        }
        if let Some(table) = self.body_fields {
            if self.erratum.is_some() {
                return Err(table_erratum());
            }
            return Ok(table
                .rows
                .into_iter()
                .map(|row| {
                    let fact = Fact::BodyField {
                        operation: table.operation.clone(),
                        name: row.name,
                        required: row.required,
                    };
                    claim(fact, row.erratum)
                })
                .collect());
        }
        let fact = if let Some(example) = self.example {
            let at = match (example.request, example.response, example.status, example.properties) {
                (Some(operation), None, None, None) => Place::Request { operation },
                (None, Some(operation), Some(status), None) => Place::Response { operation, status },
                (None, None, None, Some(schema)) => Place::Properties { schema },
                _ => {
                    return Err(context.error(
                        "an example belongs to one place: `request: <operation>`, `response: <operation>` \
                         with `status`, or `properties: <schema>`"
                            .into(),
                    ));
                }
            };
            Fact::Example {
                name: example.name,
                fixture: context.fixture(&example.fixture)?,
                at,
                schema: example.schema,
            }
        } else if let Some(request) = self.request {
            Fact::Request { operation: request.operation, method: request.method, url: request.url }
        } else if let Some(structure) = self.structure {
            Fact::Structure {
                fixture: context.fixture(&structure.fixture)?,
                at: Place::Response { operation: structure.response, status: structure.status },
            }
        } else if let Some(echo) = self.echo {
            Fact::Echo {
                operation: echo.operation,
                url: echo.url,
                request: echo.request,
                response: echo.response,
            }
        } else {
            Fact::Observation { text: self.observation.unwrap_or_default() }
        };
        Ok(vec![claim(fact, self.erratum)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_lines_are_the_lines_of_the_top_level_facts_list() {
        let text = "pages:\n  a: b\nfacts:\n  - from: [a, b, c]\n    also:\n      - [a, b, c]\n  - from: [a, b, c]\n";
        assert_eq!(row_lines(text), [4, 7]);
    }
}
