//! The file format of `facts.yaml`: the rows as written, and how each becomes [`Claim`]s and
//! [`Assumption`]s.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::context::{Operations, RowContext, SourceRow};
use super::*;
use crate::data::{DataFile, Folder};
use hookspec_problem::Problem;

/// The pages, claims and assumptions of `file`, a facts file of the provider folder `folder`
/// (its `facts.yaml`, or the imported `description/facts.yaml`), with the claims of the
/// catalogue's samples when `catalogue` is given.
pub(super) fn read(
    file: DataFile,
    folder: &Folder,
    catalogue: Option<&crate::events::Catalogue>,
) -> Result<Facts, Problem> {
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
    if let Some(catalogue) = catalogue {
        claims.extend(super::catalogue::catalogue_claims(folder, catalogue, &parsed.pages)?);
    }
    let change_lines = row_lines(file.text, "changes:");
    let mut changes = Vec::new();
    for (index, row) in parsed.changes.into_iter().enumerate() {
        let context =
            RowContext { file, folder, pages: &parsed.pages, line: change_lines.get(index).copied() };
        for side in [&row.was, &row.now] {
            context.source(&(side.page.clone(), String::new(), String::new()))?;
            if side.quote.trim().is_empty() {
                return Err(context.error("a change quotes both revisions".into()));
            }
        }
        if row.was.page == row.now.page {
            return Err(
                context.error("a change quotes two revisions: `was` and `now` cite different pages".into())
            );
        }
        changes.push(Change {
            what: row.what,
            was: row.was,
            now: row.now,
            changed: row.changed,
            declared: context.declared(),
        });
    }
    Ok(Facts { pages: parsed.pages, claims, assumptions, changes })
}

/// The JSON Schema of `facts.yaml`, from the types that read it.
pub(crate) fn format(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<FactsFile>()
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

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FactsFile {
    pages: IndexMap<String, ReadPage>,
    facts: Vec<Row>,
    #[serde(default)]
    assumptions: Vec<super::assumptions::AssumptionRow>,
    #[serde(default)]
    changes: Vec<ChangeRow>,
}

/// A row of `changes:`: what a newer revision of the documentation changed, with both revisions'
/// words.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChangeRow {
    what: String,
    was: Revision,
    now: Revision,
    changed: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Row {
    from: SourceRow,
    #[serde(default)]
    also: Vec<SourceRow>,
    #[serde(default)]
    quote: Option<super::context::QuoteRow>,
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
    response_header: Option<ResponseHeaderRow>,
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
    backs: Option<super::assumptions::TargetRow>,
    #[serde(default)]
    observation: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
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
    #[serde(default)]
    repaired: Option<Repair>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RequestRow {
    operation: String,
    method: Method,
    url: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ParameterTable {
    operation: Operations,
    rows: Vec<FieldRow>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BodyTable {
    operation: String,
    rows: Vec<FieldRow>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct FieldTable {
    schema: String,
    rows: Vec<FieldRow>,
}

/// A row of a parameter, body or field table.
#[derive(Deserialize, schemars::JsonSchema)]
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
    min_length: Option<u64>,
    #[serde(default)]
    max_length: Option<u64>,
    #[serde(default)]
    pattern: Option<String>,
    /// Whether the documentation marks the field deprecated (quote its words).
    #[serde(default)]
    deprecated: Option<bool>,
    #[serde(default)]
    description: Option<String>,
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
            min_length: self.min_length,
            max_length: self.max_length,
            pattern: self.pattern.clone(),
            deprecated: self.deprecated,
        }
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct StructureRow {
    fixture: String,
    response: String,
    status: u16,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct EchoRow {
    operation: String,
    url: String,
    #[serde(default)]
    request: Option<String>,
    response: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct ResponseHeaderRow {
    operation: String,
    status: crate::table::Status,
    name: String,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct StatusRow {
    #[serde(default)]
    operation: Option<Operations>,
    #[serde(default)]
    delivery: Option<String>,
    status: crate::table::Status,
}

/// `retries:` of a fact: `{delivery, count?, delays?, every?, lasting?, backoff?: exponential}`.
#[derive(Deserialize, schemars::JsonSchema)]
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

#[derive(Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Backoff {
    Exponential,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct SignatureRow {
    delivery: String,
    header: String,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    signed: Option<String>,
    #[serde(default)]
    tolerance: Option<u64>,
    encoding: hookspec_signature::Encoding,
    sent: Signed,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct SecurityRow {
    scheme: String,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    http: Option<String>,
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct MethodRow {
    name: String,
    #[serde(default)]
    params: Option<Vec<String>>,
}

impl Row {
    /// The claims of the row: one, or one per row of a table (and operation).
    fn expand(self, context: &RowContext<'_>) -> Result<Vec<Claim>, Problem> {
        let mut sources = vec![context.source(&self.from)?];
        for source in &self.also {
            sources.push(context.source(source)?);
        }
        let cited: Vec<&SourceRow> = std::iter::once(&self.from).chain(&self.also).collect();
        let quotes = context.quotes(&cited, self.quote)?;
        let kinds = [
            self.example.is_some(),
            self.request.is_some(),
            self.parameters.is_some(),
            self.body_fields.is_some(),
            self.fields.is_some(),
            self.structure.is_some(),
            self.echo.is_some(),
            self.status.is_some(),
            self.response_header.is_some(),
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
                 status, response_header, signature, retries, security, method, statement and observation"
                    .into(),
            ));
        }
        if self.backs.is_some() && self.statement.is_none() {
            return Err(context.error("`backs` belongs to a statement".into()));
        }
        let declared = context.declared();
        let claim = |fact: Fact, erratum: Option<String>| Claim {
            sources: sources.clone(),
            quotes: quotes.clone(),
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
                    let fact = Fact::Field {
                        of: of.clone(),
                        name: row.name,
                        required: row.required,
                        constraints,
                        description: row.description,
                    };
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
            let fact = Fact::Example {
                name: example.name,
                fixture: context.fixture(&example.fixture)?,
                at,
                schema: example.schema,
                corrected: example.corrected.into_iter().collect(),
            };
            if example.repaired.is_some() {
                // The erratum is the repair's; the example, read repaired, holds or carries its own.
                return super::repaired(claim(fact, self.erratum), example.repaired.as_ref());
            }
            fact
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
        } else if let Some(header) = self.response_header {
            Fact::ResponseHeader { operation: header.operation, status: header.status.0, name: header.name }
        } else if let Some(signature) = self.signature {
            Fact::Signature {
                delivery: signature.delivery,
                header: signature.header,
                format: signature.format,
                signed: signature.signed,
                tolerance: signature.tolerance,
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
            Fact::Security { scheme: security.scheme, header: security.header, http: security.http }
        } else if let Some(method) = self.method {
            Fact::Method { name: method.name, params: method.params }
        } else if let Some(text) = self.statement {
            let backs = match self.backs {
                Some(target) => target.targets(context)?,
                None => Vec::new(),
            };
            Fact::Statement { text, backs }
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
