//! Evaluating documented shapes: a field of a schema or body, the constraints of a value, and
//! "structure" blocks (a body's JSON with type names in place of values).

use hookspec_dialects::Fixture;
use hookspec_dialects::facts::{Constraints, FieldOf, Required};
use hookspec_toolkit::lookup::escape;
use serde_json::{Value, json};

use super::Assertion;
use super::verdict::{Evaluation, parse_json, unknown_operation, verdict};
use crate::Problem;
use crate::document::{BodyAt, MediaAt, Node, OpenApi, SchemaAt, SchemaRoot, Step, reference};

/// Compares documented constraints with the schema at `at` (following a reference), noting each
/// that differs and backing each that agrees.
pub(super) fn compare_constraints(
    document: &OpenApi,
    at: &SchemaAt,
    constraints: &Constraints,
    mismatches: &mut Vec<String>,
    backs: &mut Vec<Assertion>,
) {
    let (at, schema) = document.resolve_at(at);
    let Some(schema) = schema else {
        mismatches.push(format!("`{at}` is not in the document"));
        return;
    };
    let allowed = types(document, schema);
    if let Some(kind) = &constraints.schema_type
        && !allowed.iter().any(|allowed| allowed == kind || (allowed == "number" && kind == "integer"))
    {
        mismatches.push(format!("the document types it {}", allowed.join(" or ")));
    }
    if let Some(nullable) = constraints.nullable
        && allowed.iter().any(|allowed| allowed == "null") != nullable
    {
        mismatches.push(format!("the document {} null", if nullable { "refuses" } else { "allows" }));
    }
    for (documented_keyword, documented) in constraints.keywords() {
        // One documented value may be stated as `const`, the same constraint as a one-value `enum`.
        let (keyword, actual) = match (documented_keyword, schema.get("const")) {
            ("enum", Some(value)) if schema.get("enum").is_none() => ("const", Some(json!([value]))),
            _ => (documented_keyword, schema.get(documented_keyword).cloned()),
        };
        match actual.as_ref() {
            Some(actual) if *actual == documented => {
                backs.push(Assertion::new(Node::Schema(at.clone()), keyword))
            }
            Some(actual) => {
                mismatches.push(format!("the document's {keyword} is {actual}, not {documented}"))
            }
            None => mismatches.push(format!("the document has no {keyword} (documented: {documented})")),
        }
    }
}

pub(super) fn required_word(required: bool) -> &'static str {
    if required { "required" } else { "optional" }
}

/// The JSON types a schema allows, following references and `oneOf`/`anyOf` alternatives.
pub(super) fn types(document: &OpenApi, schema: &Value) -> Vec<String> {
    let schema = document.resolve(schema);
    let mut found: Vec<String> = match (&schema["type"], schema.get("const")) {
        (Value::String(kind), _) => vec![kind.clone()],
        (Value::Array(kinds), _) => {
            kinds.iter().filter_map(|kind| kind.as_str().map(str::to_owned)).collect()
        }
        (_, Some(value)) => vec![hookspec_toolkit::lookup::json_type(value).to_owned()],
        _ => Vec::new(),
    };
    for alternative in
        document.alternatives(schema).into_iter().filter(|alternative| !std::ptr::eq(*alternative, schema))
    {
        found.extend(types(document, alternative));
    }
    found.sort();
    found.dedup();
    found
}

/// The schemas whose `properties` describe an object: the schema itself, and its `oneOf`/`anyOf`
/// alternatives, references resolved.
pub(super) fn property_owners<'a>(document: &'a OpenApi, schema: &'a Value) -> Vec<&'a Value> {
    let schema = document.resolve(schema);
    let mut owners = vec![schema];
    owners.extend(
        document.alternatives(schema).into_iter().filter(|alternative| !std::ptr::eq(*alternative, schema)),
    );
    owners
}

pub(super) fn listed(schema: &Value, name: &str) -> bool {
    schema["required"].as_array().is_some_and(|list| list.iter().any(|field| field == name))
}

pub(super) fn check_field(
    document: &OpenApi,
    of: &FieldOf,
    name: Option<&str>,
    required: Option<Required>,
    constraints: &Constraints,
    description: Option<&str>,
) -> Evaluation {
    let owner = match of {
        FieldOf::Body(operation) => match document.operation(operation) {
            Some(found) => {
                let media = found.operation.request_body.iter().flat_map(|body| body.content.keys()).next();
                let media = media.map_or(crate::openapi::JSON, String::as_str).to_owned();
                SchemaAt::root(SchemaRoot::Media(MediaAt { body: BodyAt::Request(found.at), media }))
            }
            None => return unknown_operation(operation),
        },
        FieldOf::Schema(schema) => SchemaAt::component(schema),
    };
    let (mut owner, schema) = document.resolve_at(&owner);
    let Some(mut schema) = schema else {
        return Evaluation::Broken(format!("`{owner}` is not in the document"));
    };
    // A field of a nested object is named by its path (`config.url`).
    let mut name = name;
    while let Some((parent, rest)) = name.and_then(|name| name.split_once('.')) {
        let (nested, found) = document.resolve_at(&owner.property(parent));
        let Some(found) = found else {
            return Evaluation::Fails(String::new(), format!("`{owner}` has no property `{parent}`"));
        };
        (owner, schema, name) = (nested, found, Some(rest));
    }
    let mut backs = Vec::new();
    let mut mismatches = Vec::new();
    let Some(name) = name else {
        compare_constraints(document, &owner, constraints, &mut mismatches, &mut backs);
        return verdict(format!("`{owner}`"), mismatches, backs);
    };
    let property = owner.property(name);
    let owners = property_owners(document, schema);
    if !owners.iter().any(|candidate| Step::Property(name.to_owned()).child(candidate).is_some()) {
        return Evaluation::Fails(String::new(), format!("`{owner}` has no property `{name}`"));
    }
    let always = listed(schema, name);
    let sometimes = owners.iter().skip(1).any(|alternative| listed(alternative, name));
    let actual = match (always, sometimes) {
        (true, _) => Required::Yes,
        (false, true) => Required::Either,
        (false, false) => Required::No,
    };
    match required {
        Some(documented) if documented != actual => {
            mismatches.push(format!("the document makes it {}", describe_required(actual)));
        }
        Some(Required::Yes | Required::Either) => {
            backs.push(Assertion::new(Node::Schema(property.clone()), "required"))
        }
        _ => {}
    }
    compare_constraints(document, &property, constraints, &mut mismatches, &mut backs);
    if let Some(description) = description {
        let actual = document.schema_at(&property).and_then(|property| property.get("description"));
        let actual = actual.and_then(Value::as_str).unwrap_or_default();
        if !actual.starts_with(description) {
            mismatches.push(format!("the document describes it as `{actual}`"));
        }
    }
    verdict(format!("`{property}`"), mismatches, backs)
}

pub(super) fn describe_required(required: Required) -> &'static str {
    match required {
        Required::Yes => "required",
        Required::No => "optional",
        Required::Either => "required unless another field stands in for it",
    }
}

/// Reads a "structure" block: its bare type names become the strings `<integer>`, `<boolean>`,
/// `<number>`, so the block parses as JSON.
pub(super) fn parse_structure(fixture: &Fixture) -> Result<Value, Problem> {
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
pub(super) fn structure_type(value: &Value) -> &str {
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

pub(super) fn check_structure(
    document: &OpenApi,
    schema: &Value,
    fixture: &Fixture,
    detail: String,
) -> Evaluation {
    match parse_structure(fixture) {
        Ok(structure) => {
            let mut mismatches = Vec::new();
            let mut backs = Vec::new();
            compare_structure(document, schema, &structure, String::new(), &mut mismatches, &mut backs);
            verdict(detail, mismatches, backs)
        }
        Err(problem) => Evaluation::Broken(problem.message),
    }
}

/// Compares a structure block with a schema: the same property names, and types the schema
/// allows. A field the block lists is documented present: it backs the schema's `required`.
pub(super) fn compare_structure(
    document: &OpenApi,
    schema: &Value,
    structure: &Value,
    at: String,
    mismatches: &mut Vec<String>,
    backs: &mut Vec<Assertion>,
) {
    let owner = reference(schema).map(SchemaAt::component);
    let schema = document.resolve(schema);
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
            let properties: Vec<(&String, &Value)> = property_owners(document, schema)
                .into_iter()
                .filter_map(|owner| owner.get("properties").and_then(Value::as_object))
                .flatten()
                .collect();
            for (name, value) in fields {
                match properties.iter().find(|(property, _)| *property == name) {
                    Some((_, property)) => {
                        if let Some(owner) = &owner
                            && listed(schema, name)
                        {
                            backs.push(Assertion::new(Node::Schema(owner.property(name)), "required"));
                        }
                        compare_structure(
                            document,
                            property,
                            value,
                            format!("{at}/{}", escape(name)),
                            mismatches,
                            backs,
                        )
                    }
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
                compare_structure(
                    document,
                    &schema["items"],
                    item,
                    format!("{at}/{index}"),
                    mismatches,
                    backs,
                );
            }
        }
        _ => {}
    }
}
