//! JSON Schema validation of values against an OpenAPI document's schemas: draft 2020-12, formats
//! asserted, only the components a schema reaches compiled.

use serde_json::Value;

use crate::lookup;

/// A JSON Schema validator (draft 2020-12, formats checked) for `schema`, whose references point
/// into `document`'s components. Only the components it reaches are compiled.
pub fn validator(document: &Value, schema: &Value) -> Result<jsonschema::Validator, String> {
    let root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/$defs/target",
        "$defs": { "target": schema },
        "components": { "schemas": reachable(document, schema) },
    });
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&root)
        .map_err(|error| format!("the schema does not compile: {error}"))
}

/// The component schemas `schema` refers to, directly or not, by name.
fn reachable(document: &Value, schema: &Value) -> serde_json::Map<String, Value> {
    let components = &document["components"]["schemas"];
    let mut found = serde_json::Map::new();
    let mut pending = Vec::new();
    lookup::references(schema, &mut pending);
    while let Some(name) = pending.pop() {
        if found.contains_key(&name) {
            continue;
        }
        let component = components.get(&name).cloned().unwrap_or(Value::Null);
        lookup::references(&component, &mut pending);
        found.insert(name, component);
    }
    found
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
    let closest = lookup::alternatives(document, schema)
        .into_iter()
        .filter(|alternative| !std::ptr::eq(*alternative, lookup::resolve(document, schema)))
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
    let validator = validator(document, schema)?;
    Ok(validator
        .iter_errors(value)
        .map(|error| {
            let path = error.instance_path().to_string();
            format!("at `{}`: {error}", if path.is_empty() { "/" } else { &path })
        })
        .collect())
}
