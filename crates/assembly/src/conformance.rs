//! Checks a dialect's documented claims against its document and embeds the documented examples.
//!
//! Every claim either holds or carries an erratum. A claim that does not hold without an erratum
//! is a disagreement between the document and the provider's documentation; an erratum on a claim
//! that holds is stale. Both are problems, so the conformance report can only list real errata.

use std::collections::BTreeMap;

use hookspec_dialects::{Claim, Fact, Fixture, Method, ParamIn, Place, Source};
use serde_json::{Map, Value, json};

use crate::Problem;
use crate::document::{self, escape};

/// The outcome of checking one claim.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The claim.
    pub claim: Claim,
    /// How the claim maps onto the document (where an example was embedded, which operation a
    /// URL reaches), for the report.
    pub detail: String,
    /// What does not hold, for a claim that is an erratum.
    pub mismatch: Option<String>,
}

/// Every claim of a dialect, checked.
#[derive(Debug, Clone)]
pub struct Conformance {
    /// The checked claims, in the dialect's order.
    pub checked: Vec<Checked>,
}

impl Conformance {
    /// The claims that are documentation errata.
    pub fn errata(&self) -> impl Iterator<Item = &Checked> {
        self.checked.iter().filter(|checked| checked.mismatch.is_some())
    }
}

/// Formats a source for messages and the report.
pub fn cite(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|source| format!("{}, \"{}\", {}", source.document, source.section, source.part))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A short description of what a fact states.
pub fn describe(fact: &Fact) -> String {
    match fact {
        Fact::Example { name, fixture, at, schema } => format!(
            "example `{name}` ({}) at {}{}",
            fixture.path(),
            place(at),
            schema.as_ref().map(|schema| format!(" as `{schema}`")).unwrap_or_default()
        ),
        Fact::Request { method, url, .. } => format!("`{} {url}`", method.key().to_uppercase()),
        Fact::Parameter { operation, location, name, required, default, schema_type } => format!(
            "{operation}: {} parameter `{name}`, {}{}{}",
            location.key(),
            schema_type.as_ref().map(|kind| format!("{kind}, ")).unwrap_or_default(),
            if *required { "required" } else { "optional" },
            default.as_ref().map(|default| format!(", default {default}")).unwrap_or_default()
        ),
        Fact::BodyField { operation, name, required } => {
            format!("{operation}: body field `{name}`, {}", if *required { "required" } else { "optional" })
        }
        Fact::Echo { operation, url, .. } => {
            format!("{operation}: the response to `{url}` echoes the request")
        }
        Fact::Structure { fixture, at } => format!("structure ({}) of {}", fixture.path(), place(at)),
        Fact::Observation { text } => text.clone(),
    }
}

fn place(at: &Place) -> String {
    match at {
        Place::Request { operation } => format!("{operation} request"),
        Place::Response { operation, status } => format!("{operation} response {status}"),
        Place::Properties { schema } => format!("the properties of {schema}"),
    }
}

/// Checks `claims` against `document` and embeds every valid documented example into it.
pub fn check(document: &mut Value, claims: &[Claim]) -> Result<Conformance, Vec<Problem>> {
    let mut problems = Vec::new();
    let examples = parse_examples(claims, &mut problems);
    let mut checked = Vec::new();
    for claim in claims {
        let outcome = evaluate(document, &claim.fact, &examples);
        let at = || match &claim.fact {
            Fact::Example { fixture, .. } => fixture.path(),
            _ => cite(&claim.sources),
        };
        match (outcome, &claim.erratum) {
            (Evaluation::Unparsed, _) => {}
            (Evaluation::Broken(message), _) => problems.push(Problem { at: at(), message }),
            (Evaluation::Holds(detail), None) => {
                checked.push(Checked { claim: claim.clone(), detail, mismatch: None })
            }
            (Evaluation::Fails(detail, mismatch), Some(_)) => {
                checked.push(Checked { claim: claim.clone(), detail, mismatch: Some(mismatch) })
            }
            (Evaluation::Fails(detail, mismatch), None) => problems.push(Problem {
                at: at(),
                message: format!(
                    "{} disagrees with the document{}: {mismatch}. Fix the dialect; if the documentation \
                     is wrong, give the claim an erratum.",
                    describe(&claim.fact),
                    if detail.is_empty() { String::new() } else { format!(" ({detail})") }
                ),
            }),
            (Evaluation::Holds(_), Some(_)) => problems.push(Problem {
                at: at(),
                message: format!(
                    "{} holds, but the claim is listed as an erratum; remove the erratum.",
                    describe(&claim.fact)
                ),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    embed_examples(document, &checked, &examples);
    Ok(Conformance { checked })
}

/// The parsed examples, keyed by [`example_key`].
type Examples = BTreeMap<(String, bool, String), Value>;

/// An example's operation, whether it is a request, and its name.
fn example_key(name: &str, at: &Place) -> (String, bool, String) {
    match at {
        Place::Request { operation } => (operation.clone(), true, name.to_owned()),
        Place::Response { operation, .. } => (operation.clone(), false, name.to_owned()),
        Place::Properties { schema } => (schema.clone(), false, name.to_owned()),
    }
}

fn parse_examples(claims: &[Claim], problems: &mut Vec<Problem>) -> Examples {
    let mut examples = Examples::new();
    for claim in claims {
        let Fact::Example { name, fixture, at, .. } = &claim.fact else {
            continue;
        };
        match parse_fixture(fixture) {
            Ok(value) => {
                if examples.insert(example_key(name, at), value).is_some() {
                    problems.push(Problem {
                        at: fixture.path(),
                        message: format!("a second example named `{name}` at {}", self::place(at)),
                    });
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    examples
}

/// Parses a fixture, naming the file, line and column of a syntax error.
pub fn parse_fixture(fixture: &Fixture) -> Result<Value, Problem> {
    parse_json(&fixture.path(), fixture.text())
}

fn parse_json(path: &str, text: &str) -> Result<Value, Problem> {
    serde_json::from_str(text).map_err(|error| Problem {
        at: format!("{path}:{}:{}", error.line(), error.column()),
        message: format!("not valid JSON: {error}"),
    })
}

enum Evaluation {
    /// The claim holds; how it maps onto the document.
    Holds(String),
    /// The claim does not hold; how it maps onto the document, and what differs.
    Fails(String, String),
    /// The claim is malformed: it names an operation or place the dialect does not have.
    Broken(String),
    /// The claim's fixture did not parse; the problem is already recorded.
    Unparsed,
}

fn evaluate(document: &Value, fact: &Fact, examples: &Examples) -> Evaluation {
    match fact {
        Fact::Example { name, at, schema: alternative, .. } => {
            let Some(value) = examples.get(&example_key(name, at)) else {
                return Evaluation::Unparsed;
            };
            if let Place::Properties { schema } = at {
                return check_properties(document, schema, value);
            }
            match media_pointer(document, at) {
                Ok(pointer) => {
                    let mut schema =
                        document.pointer(&pointer).map_or(Value::Null, |media| media["schema"].clone());
                    let mut detail = format!("`{pointer}`");
                    if let Some(alternative) = alternative {
                        let target = format!("#/components/schemas/{alternative}");
                        let listed = alternatives(document, &schema).iter().any(|candidate| {
                            std::ptr::eq(*candidate, document::resolve(document, &json!({"$ref": target})))
                        });
                        if !listed {
                            return Evaluation::Broken(format!(
                                "`{alternative}` is not one of the alternatives of the body at `{pointer}`"
                            ));
                        }
                        detail = format!("`{target}`, an alternative at {detail}");
                        schema = json!({"$ref": target});
                    }
                    match validate(document, &schema, value) {
                        Ok(()) => Evaluation::Holds(detail),
                        Err(errors) => Evaluation::Fails(detail, errors),
                    }
                }
                Err(message) => Evaluation::Broken(message),
            }
        }
        Fact::Request { operation, method, url } => check_request(document, operation, *method, url),
        Fact::Parameter { operation, location, name, required, default, schema_type } => {
            let row = ParameterRow {
                location: *location,
                name,
                required: *required,
                default: default.as_ref(),
                schema_type: schema_type.as_deref(),
            };
            match document::operation(document, operation) {
                Some(found) => check_parameter(document, found, &row),
                None => unknown_operation(operation),
            }
        }
        Fact::Structure { fixture, at } => match media_pointer(document, at) {
            Ok(pointer) => {
                let schema = document.pointer(&format!("{pointer}/schema")).unwrap_or(&Value::Null);
                check_structure(document, schema, fixture, format!("`{pointer}`"))
            }
            Err(message) => Evaluation::Broken(message),
        },
        Fact::BodyField { operation, name, required } => match document::operation(document, operation) {
            Some(found) => check_body_field(document, found, name, *required),
            None => unknown_operation(operation),
        },
        Fact::Echo { operation, url, request, response } => {
            check_echo(document, examples, operation, url, request.as_deref(), response)
        }
        Fact::Observation { .. } => {
            Evaluation::Fails(String::new(), "a documentation flaw no check can express".to_owned())
        }
    }
}

fn unknown_operation(operation: &str) -> Evaluation {
    Evaluation::Broken(format!("the claim names operation `{operation}`, which the document does not have"))
}

/// Validates each member of `value` against the property of the same name of the component
/// schema `schema`.
fn check_properties(document: &Value, schema: &str, value: &Value) -> Evaluation {
    let pointer = format!("/components/schemas/{}/properties", escape(schema));
    let (Some(properties), Some(members)) = (document.pointer(&pointer), value.as_object()) else {
        return Evaluation::Broken(format!(
            "`{pointer}` is not in the document, or the example is not an object"
        ));
    };
    let mut mismatches = Vec::new();
    for (name, member) in members {
        match properties.get(name) {
            Some(property) => {
                if let Err(errors) = validate(document, property, member) {
                    mismatches.push(format!("`{name}`: {errors}"));
                }
            }
            None => mismatches.push(format!("`{name}` is not a property of {schema}")),
        }
    }
    let detail = format!("`{pointer}`");
    if mismatches.is_empty() {
        Evaluation::Holds(detail)
    } else {
        Evaluation::Fails(detail, mismatches.join("; "))
    }
}

/// JSON Pointer to the `application/json` media type object of a place, following a reference to
/// a shared response.
fn media_pointer(document: &Value, at: &Place) -> Result<String, String> {
    let (id, pointer) = match at {
        Place::Request { operation } => (operation, "/requestBody".to_owned()),
        Place::Response { operation, status } => (operation, format!("/responses/{status}")),
        Place::Properties { schema } => return Err(format!("{schema}'s properties are not a body")),
    };
    let operation = document::operation(document, id)
        .ok_or_else(|| format!("the claim names operation `{id}`, which the document does not have"))?;
    let mut pointer = format!("{}{pointer}", operation.pointer());
    if let Some(target) = document.pointer(&pointer).and_then(|value| value["$ref"].as_str()) {
        pointer = target.trim_start_matches('#').to_owned();
    }
    pointer.push_str("/content/application~1json");
    match document.pointer(&pointer) {
        Some(media) if media.get("schema").is_some() => Ok(pointer),
        _ => Err(format!("{} has no JSON body in the document (looked at `{pointer}`)", place(at))),
    }
}

/// Validates `value` against `schema`, whose references point into the document's components.
/// Formats (`uri`, `uuid`, `date-time`, ...) are asserted. The error lists every violation with
/// its JSON pointer in `value`.
pub fn validate(document: &Value, schema: &Value, value: &Value) -> Result<(), String> {
    let errors = violations(document, schema, value)?;
    if errors.is_empty() {
        return Ok(());
    }
    // A failed `oneOf`/`anyOf` says only that no alternative matched: name the closest one and
    // what it lacks, which is what a reader needs.
    let closest = alternatives(document, schema)
        .into_iter()
        .filter(|alternative| !std::ptr::eq(*alternative, document::resolve(document, schema)))
        .filter_map(|alternative| {
            let errors = violations(document, alternative, value).ok()?;
            let name = alternative["title"]
                .as_str()
                .map_or_else(|| "an alternative".to_owned(), |title| format!("`{title}`"));
            Some((errors, name))
        })
        .min_by_key(|(errors, _)| errors.len());
    match closest {
        Some((closest, name)) if !closest.is_empty() => Err(format!(
            "it matches none of the alternatives; the closest, {name}, fails {}",
            closest.join("; ")
        )),
        _ => Err(errors.join("; ")),
    }
}

/// Every way `value` breaks `schema`, each with its JSON pointer in `value`.
fn violations(document: &Value, schema: &Value, value: &Value) -> Result<Vec<String>, String> {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/target",
        "$defs": { "target": schema },
        "components": document.get("components").cloned().unwrap_or(Value::Null),
    });
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&root)
        .map_err(|error| format!("the schema does not compile: {error}"))?;
    Ok(validator
        .iter_errors(value)
        .map(|error| {
            let path = error.instance_path().to_string();
            format!("at `{}`: {error}", if path.is_empty() { "/" } else { &path })
        })
        .collect())
}

fn check_request(document: &Value, operation: &str, method: Method, url: &str) -> Evaluation {
    if document::operation(document, operation).is_none() {
        return unknown_operation(operation);
    }
    let Some((path, _)) = document::route(document, url) else {
        return Evaluation::Fails(
            String::new(),
            format!("`{url}` is on no server of the document, or matches none of its paths"),
        );
    };
    let detail = format!("`{} {path}`", method.key().to_uppercase());
    match document["paths"][path][method.key()]["operationId"].as_str() {
        Some(id) if id == operation => Evaluation::Holds(detail),
        Some(id) => Evaluation::Fails(detail, format!("it reaches `{id}`, not `{operation}`")),
        None => {
            Evaluation::Fails(detail, format!("`{path}` has no {} operation", method.key().to_uppercase()))
        }
    }
}

/// A row of a documented parameter table.
struct ParameterRow<'a> {
    location: ParamIn,
    name: &'a str,
    required: bool,
    default: Option<&'a Value>,
    schema_type: Option<&'a str>,
}

fn check_parameter(
    document: &Value,
    operation: document::Operation<'_>,
    row: &ParameterRow<'_>,
) -> Evaluation {
    let same_name = |candidate: &str| match row.location {
        ParamIn::Header => candidate.eq_ignore_ascii_case(row.name),
        ParamIn::Query | ParamIn::Path => candidate == row.name,
    };
    if row.location == ParamIn::Header
        && let Some(scheme) = credential_scheme(document, row.name)
    {
        let requirements = document::security(document, operation);
        let enforced = !requirements.is_empty()
            && requirements.iter().all(|requirement| requirement.get(&scheme).is_some());
        let detail = format!("security scheme `{scheme}`");
        return if enforced == row.required {
            Evaluation::Holds(detail)
        } else {
            Evaluation::Fails(detail, format!("the document makes it {}", required_word(enforced)))
        };
    }
    let found = document::parameters(document, operation).into_iter().find(|parameter| {
        parameter["in"].as_str() == Some(row.location.key())
            && parameter["name"].as_str().is_some_and(same_name)
    });
    let Some(parameter) = found else {
        return Evaluation::Fails(
            String::new(),
            format!("the operation has no {} parameter `{}`", row.location.key(), row.name),
        );
    };
    let schema = document::resolve(document, &parameter["schema"]);
    let mut mismatches = Vec::new();
    let actual_required = parameter["required"].as_bool().unwrap_or(false);
    if actual_required != row.required {
        mismatches.push(format!("the document makes it {}", required_word(actual_required)));
    }
    if let Some(documented) = row.default
        && schema.get("default") != Some(documented)
    {
        mismatches.push(format!(
            "the document's default is {}",
            schema.get("default").map_or("absent".to_owned(), Value::to_string)
        ));
    }
    if let Some(kind) = row.schema_type {
        let allowed = types(document, schema);
        if !allowed.iter().any(|allowed| allowed == kind) {
            mismatches.push(format!("the document types it {}", allowed.join(" or ")));
        }
    }
    let detail =
        format!("{} parameter `{}`", row.location.key(), parameter["name"].as_str().unwrap_or(row.name));
    if mismatches.is_empty() {
        Evaluation::Holds(detail)
    } else {
        Evaluation::Fails(detail, mismatches.join(", "))
    }
}

fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// The JSON types a schema allows, following references and `oneOf`/`anyOf` alternatives.
fn types(document: &Value, schema: &Value) -> Vec<String> {
    let schema = document::resolve(document, schema);
    let mut found: Vec<String> = match &schema["type"] {
        Value::String(kind) => vec![kind.clone()],
        Value::Array(kinds) => kinds.iter().filter_map(|kind| kind.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    for alternative in
        alternatives(document, schema).into_iter().filter(|alternative| !std::ptr::eq(*alternative, schema))
    {
        found.extend(types(document, alternative));
    }
    found.sort();
    found.dedup();
    found
}

/// The alternatives of a `oneOf`/`anyOf` schema, references resolved; the schema itself otherwise.
fn alternatives<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = document::resolve(document, schema);
    match schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        Some(list) => list.iter().map(|alternative| document::resolve(document, alternative)).collect(),
        None => vec![schema],
    }
}

/// Reads a "structure" block: its bare type names become the strings `<integer>`, `<boolean>`,
/// `<number>`, so the block parses as JSON.
fn parse_structure(fixture: &Fixture) -> Result<Value, Problem> {
    let mut json = String::with_capacity(fixture.text().len());
    let mut chars = fixture.text().chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            json.push(c);
            match c {
                '\\' => json.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
        } else if c.is_ascii_alphabetic() {
            let mut word = String::from(c);
            while let Some(next) = chars.next_if(char::is_ascii_alphanumeric) {
                word.push(next);
            }
            match word.as_str() {
                "true" | "false" | "null" => json.push_str(&word),
                _ => json.push_str(&format!("\"<{word}>\"")),
            }
        } else {
            in_string = c == '"';
            json.push(c);
        }
    }
    parse_json(&fixture.path(), &json)
}

/// The JSON type a structure block names with `value`.
fn structure_type(value: &Value) -> &str {
    match value {
        Value::String(text) => {
            text.strip_prefix('<').and_then(|rest| rest.strip_suffix('>')).unwrap_or("string")
        }
        Value::Bool(_) => "boolean",
        Value::Null => "null",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check_structure(document: &Value, schema: &Value, fixture: &Fixture, detail: String) -> Evaluation {
    match parse_structure(fixture) {
        Ok(structure) => {
            let mut mismatches = Vec::new();
            compare_structure(document, schema, &structure, String::new(), &mut mismatches);
            if mismatches.is_empty() {
                Evaluation::Holds(detail)
            } else {
                Evaluation::Fails(detail, mismatches.join("; "))
            }
        }
        Err(problem) => Evaluation::Broken(problem.message),
    }
}

/// Compares a structure block with a schema: the same property names, and types the schema allows.
fn compare_structure(
    document: &Value,
    schema: &Value,
    structure: &Value,
    at: String,
    mismatches: &mut Vec<String>,
) {
    let schema = document::resolve(document, schema);
    let allowed = types(document, schema);
    let kind = structure_type(structure);
    let accepts = allowed.iter().any(|allowed| allowed == kind || (allowed == "number" && kind == "integer"));
    if !accepts {
        let shown = if at.is_empty() { "/" } else { &at };
        mismatches
            .push(format!("`{shown}` is {kind} in the structure but {} in the schema", allowed.join(" or ")));
        return;
    }
    match structure {
        Value::Object(fields) => {
            let properties: Vec<(&String, &Value)> = alternatives(document, schema)
                .into_iter()
                .filter_map(|alternative| alternative.get("properties").and_then(Value::as_object))
                .flatten()
                .collect();
            for (name, value) in fields {
                match properties.iter().find(|(property, _)| *property == name) {
                    Some((_, property)) => compare_structure(
                        document,
                        property,
                        value,
                        format!("{at}/{}", escape(name)),
                        mismatches,
                    ),
                    None => {
                        mismatches.push(format!("`{at}/{name}` is in the structure but not in the schema"))
                    }
                }
            }
            let mut missing: Vec<&str> = properties
                .iter()
                .map(|(property, _)| property.as_str())
                .filter(|property| !fields.contains_key(*property))
                .collect();
            missing.dedup();
            for property in missing {
                mismatches.push(format!("`{at}/{property}` is in the schema but not in the structure"));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                compare_structure(document, &schema["items"], item, format!("{at}/{index}"), mismatches);
            }
        }
        _ => {}
    }
}

/// The security scheme that carries credentials in the header `name`, if any.
fn credential_scheme(document: &Value, name: &str) -> Option<String> {
    let schemes = document.pointer("/components/securitySchemes")?.as_object()?;
    schemes.iter().find_map(|(scheme, definition)| {
        let carries = match definition["type"].as_str() {
            Some("apiKey") => {
                definition["in"] == "header"
                    && definition["name"].as_str().is_some_and(|header| header.eq_ignore_ascii_case(name))
            }
            Some("http") => name.eq_ignore_ascii_case("Authorization"),
            _ => false,
        };
        carries.then(|| scheme.clone())
    })
}

fn check_body_field(
    document: &Value,
    operation: document::Operation<'_>,
    name: &str,
    required: bool,
) -> Evaluation {
    let Some(schema) = operation.object.pointer("/requestBody/content/application~1json/schema") else {
        return Evaluation::Fails(String::new(), "the operation has no JSON request body".to_owned());
    };
    // With `oneOf`/`anyOf` alternatives, a field exists if any alternative has it and is
    // required only if every alternative requires it.
    let alternatives = alternatives(document, schema);
    let has = |alternative: &&Value| alternative.pointer(&format!("/properties/{}", escape(name))).is_some();
    if !alternatives.iter().any(has) {
        return Evaluation::Fails(String::new(), format!("the request body has no property `{name}`"));
    }
    let actual = alternatives.iter().all(|alternative| {
        alternative["required"].as_array().is_some_and(|list| list.iter().any(|field| field == name))
    });
    let detail = format!("property `{name}`");
    if actual == required {
        Evaluation::Holds(detail)
    } else {
        Evaluation::Fails(detail, format!("the document makes it {}", required_word(actual)))
    }
}

fn check_echo(
    document: &Value,
    examples: &Examples,
    operation: &str,
    url: &str,
    request: Option<&str>,
    response: &str,
) -> Evaluation {
    let Some(found) = document::operation(document, operation) else {
        return unknown_operation(operation);
    };
    let Some((path, variables)) = document::route(document, url).filter(|(path, _)| *path == found.path)
    else {
        return Evaluation::Broken(format!("`{url}` does not reach `{operation}`"));
    };
    let lookup = |is_request: bool, name: &str| {
        examples.get(&(operation.to_owned(), is_request, name.to_owned())).ok_or_else(|| {
            format!("the claim names example `{name}` of `{operation}`, which no example claim defines")
        })
    };
    let answer = match lookup(false, response) {
        Ok(answer) => answer,
        Err(message) => return Evaluation::Broken(message),
    };
    let mut sent: Vec<(String, Value)> =
        variables.into_iter().map(|(name, value)| (name, Value::String(value))).collect();
    if let Some(request) = request {
        match lookup(true, request) {
            Ok(body) => sent.extend(body.as_object().into_iter().flat_map(Map::clone)),
            Err(message) => return Evaluation::Broken(message),
        }
    }
    let differences: Vec<String> = sent
        .iter()
        .filter(|(name, value)| answer.get(name) != Some(value))
        .map(|(name, value)| {
            format!(
                "`{name}` is sent as {value} but answered as {}",
                answer.get(name).unwrap_or(&Value::Null)
            )
        })
        .collect();
    let detail = format!("`{path}`");
    if differences.is_empty() {
        Evaluation::Holds(detail)
    } else {
        Evaluation::Fails(detail, differences.join("; "))
    }
}

/// Embeds each valid example under the media type it belongs to, in the dialect's order.
fn embed_examples(document: &mut Value, checked: &[Checked], examples: &Examples) {
    for entry in checked.iter().filter(|entry| entry.mismatch.is_none()) {
        let Fact::Example { name, at, .. } = &entry.claim.fact else {
            continue;
        };
        if let Place::Properties { schema } = at {
            embed_property_examples(document, schema, examples.get(&example_key(name, at)));
            continue;
        }
        let (Some(value), Ok(pointer)) = (examples.get(&example_key(name, at)), media_pointer(document, at))
        else {
            continue;
        };
        let Some(media) = document.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
            continue;
        };
        let embedded = media.entry("examples").or_insert_with(|| Value::Object(Map::new()));
        if let Some(embedded) = embedded.as_object_mut() {
            embedded.insert(
                (*name).to_owned(),
                json!({
                    "summary": "As documented by the provider",
                    "description": format!("Verbatim from {}.", cite(&entry.claim.sources)),
                    "value": value,
                }),
            );
        }
    }
}

/// Appends each member of a properties example to its property's `examples`.
fn embed_property_examples(document: &mut Value, schema: &str, value: Option<&Value>) {
    let Some(members) = value.and_then(Value::as_object) else { return };
    for (name, member) in members {
        let pointer = format!("/components/schemas/{}/properties/{}", escape(schema), escape(name));
        let Some(property) = document.pointer_mut(&pointer).and_then(Value::as_object_mut) else { continue };
        let examples = property.entry("examples").or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = examples.as_array_mut()
            && !list.contains(member)
        {
            list.push(member.clone());
        }
    }
}
