//! The file format of `facts.yaml`: the rows as written, and how each becomes [`Claim`]s and
//! [`Assumption`]s.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::*;
use crate::data::{DataError, DataFile};

/// The claims and assumptions of `file`, the `facts.yaml` of the provider folder `folder`.
pub(super) fn read(file: DataFile, folder: &str) -> Result<(Vec<Claim>, Vec<Assumption>), DataError> {
    let parsed: FactsFile = file.parse()?;
    let fact_lines = row_lines(file.text, "facts:");
    let mut claims = Vec::new();
    for (index, row) in parsed.facts.into_iter().enumerate() {
        let context = RowContext { file, folder, pages: &parsed.pages, line: fact_lines.get(index).copied() };
        claims.extend(row.expand(&context)?);
    }
    let assumption_lines = row_lines(file.text, "assumptions:");
    let mut assumptions = Vec::new();
    for (index, row) in parsed.assumptions.into_iter().enumerate() {
        let line = assumption_lines.get(index).copied();
        let context = RowContext { file, folder, pages: &parsed.pages, line };
        assumptions.push(Assumption {
            at: row.at.targets(&context)?,
            assumed: row.assumed,
            because: row.because,
            declared: context.declared(),
        });
    }
    claims.extend(catalogue_claims(folder, &parsed.pages)?);
    Ok((claims, assumptions))
}

/// An example claim of every sample of the provider's event catalogue (`events.yaml`): each is an
/// instance of the payload component it documents.
fn catalogue_claims(folder: &str, pages: &IndexMap<String, Page>) -> Result<Vec<Claim>, DataError> {
    let Some(file) = DataFile::find(&format!("{folder}/events.yaml")) else { return Ok(Vec::new()) };
    let catalogue: crate::events::Catalogue = file.parse()?;
    let context = RowContext { file, folder, pages, line: None };
    let claim = |sample: &str, from: &SourceRow, schema: String, anchor: &str| -> Result<Claim, DataError> {
        let context = RowContext { line: file.error_at(anchor, sample, String::new()).line, ..context };
        Ok(Claim {
            sources: vec![context.source(from)?],
            fact: Fact::Example {
                // Named as its fixture: a payload may have several samples.
                name: sample.trim_end_matches(".json").rsplit('/').next().unwrap_or(sample).to_owned(),
                fixture: context.fixture(sample)?,
                at: Place::Schema { schema },
                schema: None,
                corrected: Vec::new(),
            },
            erratum: None,
            declared: context.declared(),
        })
    };
    let mut claims = Vec::new();
    let mut sample_claims =
        |sample: &crate::events::Sample, schema: String, anchor: &str| -> Result<(), DataError> {
            let mut example = claim(&sample.file, &sample.from, schema, anchor)?;
            if let Some(repaired) = &sample.repaired {
                if let Fact::Example { fixture, .. } = &mut example.fact {
                    fixture.trailing_commas = true;
                }
                claims.push(Claim {
                    fact: Fact::Observation {
                        text: format!("The documented JSON of `{}` does not parse.", sample.file),
                    },
                    erratum: Some(repaired.clone()),
                    ..example.clone()
                });
            }
            claims.push(example);
            Ok(())
        };
    for (name, payload) in &catalogue.payloads {
        for sample in &payload.samples {
            sample_claims(sample, name.clone(), &format!("{name}:"))?;
        }
    }
    for event in &catalogue.events {
        if let Some(sample) = &event.sample {
            sample_claims(sample, event.component(), &event.name)?;
        }
    }
    Ok(claims)
}

/// The line (from 1) of each row of the top-level list `heading` (`facts:`), in order.
fn row_lines(text: &str, heading: &str) -> Vec<usize> {
    let mut inside = false;
    let mut lines = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if !line.starts_with([' ', '-', '#']) && !line.is_empty() {
            inside = line.starts_with(heading);
        } else if inside && line.trim_start().starts_with("- ") && line.len() - line.trim_start().len() <= 2 {
            lines.push(number + 1);
        }
    }
    lines
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    pages: IndexMap<String, Page>,
    facts: Vec<Row>,
    #[serde(default)]
    assumptions: Vec<AssumptionRow>,
}

/// `[page, section, part]`.
type SourceRow = (String, String, String);

/// One operation, or several: `operation: listWebhooks` or `operation: [a, b]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Operations {
    One(String),
    Several(Vec<String>),
}

impl Operations {
    fn names(&self) -> Vec<String> {
        match self {
            Operations::One(name) => vec![name.clone()],
            Operations::Several(names) => names.clone(),
        }
    }
}

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
    fields: Option<FieldTable>,
    #[serde(default)]
    structure: Option<StructureRow>,
    #[serde(default)]
    echo: Option<EchoRow>,
    #[serde(default)]
    status: Option<StatusRow>,
    #[serde(default)]
    signature: Option<SignatureRow>,
    #[serde(default)]
    retries: Option<RetriesRow>,
    #[serde(default)]
    security: Option<SecurityRow>,
    #[serde(default)]
    method: Option<MethodRow>,
    #[serde(default)]
    statement: Option<String>,
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
    instance: Option<String>,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    corrected: IndexMap<String, Value>,
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
    operation: Operations,
    rows: Vec<FieldRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BodyTable {
    operation: String,
    rows: Vec<FieldRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldTable {
    schema: String,
    rows: Vec<FieldRow>,
}

/// A row of a parameter, body or field table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRow {
    #[serde(default, rename = "in")]
    location: Option<ParamIn>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    required: Option<Required>,
    #[serde(default, rename = "type")]
    schema_type: Option<String>,
    #[serde(default)]
    nullable: Option<bool>,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    default: Option<Value>,
    #[serde(default, rename = "enum")]
    values: Option<Vec<Value>>,
    #[serde(default)]
    minimum: Option<Value>,
    #[serde(default)]
    maximum: Option<Value>,
    #[serde(default)]
    max_length: Option<u64>,
    #[serde(default)]
    pattern: Option<String>,
    #[serde(default)]
    erratum: Option<String>,
}

impl FieldRow {
    fn constraints(&self) -> Constraints {
        Constraints {
            schema_type: self.schema_type.clone(),
            nullable: self.nullable,
            format: self.format.clone(),
            default: self.default.clone(),
            values: self.values.clone(),
            minimum: self.minimum.clone(),
            maximum: self.maximum.clone(),
            max_length: self.max_length,
            pattern: self.pattern.clone(),
        }
    }
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusRow {
    #[serde(default)]
    operation: Option<Operations>,
    #[serde(default)]
    delivery: Option<String>,
    status: crate::table::Status,
}

/// `retries:` of a fact: `{delivery, count?, delays?, every?, lasting?, backoff?: exponential}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetriesRow {
    delivery: String,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default)]
    delays: Option<Vec<u64>>,
    #[serde(default)]
    every: Option<u64>,
    #[serde(default)]
    lasting: Option<u64>,
    #[serde(default)]
    backoff: Option<Backoff>,
}

#[derive(Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Backoff {
    Exponential,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureRow {
    delivery: String,
    header: String,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    signed: Option<String>,
    encoding: hookspec_signature::Encoding,
    sent: Signed,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SecurityRow {
    scheme: String,
    #[serde(default)]
    header: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodRow {
    name: String,
    #[serde(default)]
    params: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssumptionRow {
    at: TargetRow,
    assumed: String,
    because: String,
}

/// `at:` of an assumption: `{operation|delivery, status}`, `{operation|delivery, in, parameter,
/// keyword?}` or `{schema, property?, keyword}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetRow {
    #[serde(default)]
    operation: Option<Operations>,
    #[serde(default)]
    delivery: Option<String>,
    #[serde(default)]
    status: Option<crate::table::Status>,
    #[serde(default, rename = "in")]
    location: Option<ParamIn>,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    schema: Option<String>,
    #[serde(default)]
    property: Option<String>,
    #[serde(default)]
    keyword: Option<String>,
    #[serde(default)]
    retries: Option<String>,
}

impl TargetRow {
    fn targets(self, context: &RowContext<'_>) -> Result<Vec<Target>, DataError> {
        let responders: Vec<Option<Responder>> = match (&self.operation, &self.delivery) {
            (Some(operations), None) => {
                operations.names().into_iter().map(|id| Some(Responder::Operation(id))).collect()
            }
            (None, Some(delivery)) => vec![Some(Responder::Delivery(delivery.clone()))],
            (None, None) => vec![None],
            (Some(_), Some(_)) => {
                return Err(context.error("an assumption is about an operation or a delivery".into()));
            }
        };
        responders.into_iter().map(|responder| self.target(responder, context)).collect()
    }

    fn target(&self, responder: Option<Responder>, context: &RowContext<'_>) -> Result<Target, DataError> {
        if let Some(keyword) = &self.retries {
            return match responder {
                Some(Responder::Delivery(delivery)) if self.keyword.is_none() => {
                    Ok(Target::Retries { delivery, keyword: keyword.clone() })
                }
                _ => {
                    Err(context.error("an assumption about retries is `{delivery, retries: <part>}`".into()))
                }
            };
        }
        match (responder, &self.status, &self.parameter, self.location, &self.schema) {
            (Some(of), Some(status), None, None, None)
                if self.keyword.is_none() && self.property.is_none() =>
            {
                Ok(Target::Status(of, status.0.clone()))
            }
            (Some(of), None, Some(name), Some(location), None) if self.property.is_none() => {
                Ok(Target::Parameter { of, location, name: name.clone(), keyword: self.keyword.clone() })
            }
            (None, None, None, None, Some(schema)) => match &self.keyword {
                Some(keyword) => Ok(Target::Schema {
                    schema: schema.clone(),
                    property: self.property.clone(),
                    keyword: keyword.clone(),
                }),
                None => Err(context.error("an assumption about a schema names its `keyword`".into())),
            },
            _ => Err(context.error(
                "`at` is `{operation|delivery, status}`, `{operation|delivery, in, parameter, keyword?}` or \
                 `{schema, property?, keyword}`"
                    .into(),
            )),
        }
    }
}

struct RowContext<'a> {
    file: DataFile,
    folder: &'a str,
    pages: &'a IndexMap<String, Page>,
    line: Option<usize>,
}

impl RowContext<'_> {
    fn error(&self, message: String) -> DataError {
        DataError { path: self.file.path(), line: self.line, column: None, message }
    }

    /// `file:line` of the row, for messages about it.
    fn declared(&self) -> String {
        match self.line {
            Some(line) => format!("{}:{line}", self.file.path()),
            None => self.file.path(),
        }
    }

    fn source(&self, (page, section, part): &SourceRow) -> Result<Source, DataError> {
        let found = self.pages.get(page).ok_or_else(|| {
            self.error(format!(
                "the page `{page}` is not listed under `pages` (they are: {})",
                self.pages.keys().cloned().collect::<Vec<_>>().join(", ")
            ))
        })?;
        Ok(Source { page: found.clone(), section: section.clone(), part: part.clone() })
    }

    fn fixture(&self, name: &str) -> Result<Fixture, DataError> {
        DataFile::find(&format!("{}/fixtures/{name}", self.folder))
            .map(|file| Fixture { file, trailing_commas: false })
            .ok_or_else(|| self.error(format!("no fixture `{name}` in {}/fixtures/", self.folder)))
    }
}

impl Row {
    /// The claims of the row: one, or one per row of a table (and operation).
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
            self.fields.is_some(),
            self.structure.is_some(),
            self.echo.is_some(),
            self.status.is_some(),
            self.signature.is_some(),
            self.retries.is_some(),
            self.security.is_some(),
            self.method.is_some(),
            self.statement.is_some(),
            self.observation.is_some(),
        ];
        if kinds.iter().filter(|&&kind| kind).count() != 1 {
            return Err(context.error(
                "a fact needs exactly one of example, request, parameters, body_fields, fields, structure, echo, \
                 status, signature, retries, security, method, statement and observation"
                    .into(),
            ));
        }
        let declared = context.declared();
        let claim = |fact: Fact, erratum: Option<String>| Claim {
            sources: sources.clone(),
            fact,
            erratum,
            declared: declared.clone(),
        };
        let tables = [&self.parameters.is_some(), &self.body_fields.is_some(), &self.fields.is_some()];
        if tables.iter().any(|&&table| table) && self.erratum.is_some() {
            return Err(
                context.error("a table's errata go on the rows they concern, not on the table".into())
            );
        }
        if let Some(table) = self.parameters {
            let mut claims = Vec::new();
            for operation in table.operation.names() {
                for row in &table.rows {
                    let (Some(location), Some(name)) = (row.location, row.name.clone()) else {
                        return Err(context.error("a parameter row names its `in` and `name`".into()));
                    };
                    let required = match row.required {
                        Some(Required::Yes) => true,
                        Some(Required::No) => false,
                        _ => {
                            return Err(
                                context.error(format!("parameter `{name}`: `required` is true or false"))
                            );
                        }
                    };
                    let fact = Fact::Parameter {
                        operation: operation.clone(),
                        location,
                        name,
                        required,
                        constraints: row.constraints(),
                    };
                    claims.push(claim(fact, row.erratum.clone()));
                }
            }
            return Ok(claims);
        }
        if let Some((of, rows)) = self
            .body_fields
            .map(|table| (FieldOf::Body(table.operation), table.rows))
            .or_else(|| self.fields.map(|table| (FieldOf::Schema(table.schema), table.rows)))
        {
            return rows
                .into_iter()
                .map(|row| {
                    if row.location.is_some() {
                        return Err(context.error("a field row has no `in`".into()));
                    }
                    let constraints = row.constraints();
                    let fact =
                        Fact::Field { of: of.clone(), name: row.name, required: row.required, constraints };
                    Ok(claim(fact, row.erratum))
                })
                .collect();
        }
        let fact = if let Some(example) = self.example {
            let at = match (
                example.request,
                example.response,
                example.status,
                example.properties,
                example.instance,
            ) {
                (Some(operation), None, None, None, None) => Place::Request { operation },
                (None, Some(operation), Some(status), None, None) => Place::Response { operation, status },
                (None, None, None, Some(schema), None) => Place::Properties { schema },
                (None, None, None, None, Some(schema)) => Place::Schema { schema },
                _ => {
                    return Err(context.error(
                        "an example belongs to one place: `request: <operation>`, `response: <operation>` \
                         with `status`, `properties: <schema>` or `instance: <schema>`"
                            .into(),
                    ));
                }
            };
            Fact::Example {
                name: example.name,
                fixture: context.fixture(&example.fixture)?,
                at,
                schema: example.schema,
                corrected: example.corrected.into_iter().collect(),
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
        } else if let Some(status) = self.status {
            let responders: Vec<Responder> = match (status.operation, status.delivery) {
                (Some(operations), None) => {
                    operations.names().into_iter().map(Responder::Operation).collect()
                }
                (None, Some(delivery)) => vec![Responder::Delivery(delivery)],
                _ => return Err(context.error("a status belongs to `operation` or to `delivery`".into())),
            };
            return Ok(responders
                .into_iter()
                .map(|of| claim(Fact::Status { of, status: status.status.0.clone() }, self.erratum.clone()))
                .collect());
        } else if let Some(signature) = self.signature {
            Fact::Signature {
                delivery: signature.delivery,
                header: signature.header,
                format: signature.format,
                signed: signature.signed,
                encoding: signature.encoding,
                sent: signature.sent,
            }
        } else if let Some(retries) = self.retries {
            Fact::Retries {
                delivery: retries.delivery,
                count: retries.count,
                delays: retries.delays,
                every: retries.every,
                lasting: retries.lasting,
                exponential: retries.backoff == Some(Backoff::Exponential),
            }
        } else if let Some(security) = self.security {
            Fact::Security { scheme: security.scheme, header: security.header }
        } else if let Some(method) = self.method {
            Fact::Method { name: method.name, params: method.params }
        } else if let Some(text) = self.statement {
            Fact::Statement { text }
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
    fn row_lines_are_the_lines_of_the_top_level_list() {
        let text = "pages:\n  a: b\nfacts:\n  - from: [a, b, c]\n    also:\n      - [a, b, c]\n  - from: [a, b, c]\n\
                    assumptions:\n  - at: {}\n";
        assert_eq!(row_lines(text, "facts:"), [4, 7]);
        assert_eq!(row_lines(text, "assumptions:"), [9]);
    }
}
