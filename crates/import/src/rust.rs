//! Rust wire types from a description's component schemas: a generator of hookspec's own.
//!
//! The types only read what a provider's API answers (the conversion to the canonical model
//! reads them); the document publishes the description's schemas themselves, so no schema is
//! derived from these types and they need no schemars derive. That is why this is not typify,
//! whose types derive schemars 0.8 schemas and whose build (syn, prettyplease) would join the
//! xtask's: a few dozen lines do what is needed here. An object becomes a struct, each property
//! a field: a property that is not required, or may be null, is an `Option`; a choice of types
//! (`oneOf`, `anyOf`) or an object with no properties is JSON (`serde_json::Value`, a map).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::openapi::referenced;

/// The source of `wire.rs`: a struct for each of `roots` and each object schema they refer to.
pub fn types(schemas: &BTreeMap<String, Value>, roots: &[String]) -> Result<String, String> {
    let mut out = String::from(
        "//! Wire types, written by `cargo xtask import` from the description's schemas (import.yaml's \
         `wire`):\n//! each reads the JSON as the API answers it. Do not edit: import again.\n",
    );
    let mut pending = Vec::new();
    for name in roots.iter().rev() {
        let schema = schemas
            .get(name)
            .ok_or_else(|| format!("`wire` names the schema `{name}`, which the import does not reach"))?;
        pending.push((pascal(name), schema.clone()));
    }
    let mut done = Vec::new();
    while let Some((name, schema)) = pending.pop() {
        if done.contains(&name) {
            continue;
        }
        done.push(name.clone());
        out.push('\n');
        out.push_str(&object(&name, &schema, schemas, &mut pending)?);
    }
    Ok(out)
}

/// The struct `name` of the object schema `schema`.
fn object(
    name: &str,
    schema: &Value,
    schemas: &BTreeMap<String, Value>,
    pending: &mut Vec<(String, Value)>,
) -> Result<String, String> {
    let properties = schema["properties"]
        .as_object()
        .ok_or_else(|| format!("the wire type `{name}` is not an object with properties"))?;
    let required: Vec<&str> =
        schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut out = doc(schema, &format!("The `{name}` object."), "");
    out.push_str("#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]\n");
    out.push_str(&format!("pub struct {name} {{\n"));
    for (field, property) in properties {
        let (kind, nullable) = rust_type(property, &format!("{name}{}", pascal(field)), schemas, pending);
        let present = required.contains(&field.as_str());
        let resolved = referenced(property, "schemas").and_then(|name| schemas.get(name)).unwrap_or(property);
        out.push_str(&doc(resolved, &format!("The `{field}` field."), "    "));
        let ident = ident(field);
        if ident.trim_start_matches("r#") != field {
            out.push_str(&format!("    #[serde(rename = {field:?})]\n"));
        }
        if !present {
            out.push_str("    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n");
            out.push_str(&format!("    pub {ident}: Option<{kind}>,\n"));
        } else if nullable {
            // Always there, and may be null: written as null.
            out.push_str(&format!("    pub {ident}: Option<{kind}>,\n"));
        } else {
            out.push_str(&format!("    pub {ident}: {kind},\n"));
        }
    }
    out.push_str("}\n");
    Ok(out)
}

/// The Rust type of `schema`, and whether it may be null; an object with properties is a struct,
/// named as its component or, written out, `hint`.
fn rust_type(
    schema: &Value,
    hint: &str,
    schemas: &BTreeMap<String, Value>,
    pending: &mut Vec<(String, Value)>,
) -> (String, bool) {
    if let Some(name) = referenced(schema, "schemas") {
        let Some(target) = schemas.get(name) else { return ("serde_json::Value".into(), true) };
        return rust_type(target, &pascal(name), schemas, pending);
    }
    if schema.get("properties").is_some() {
        pending.push((hint.to_owned(), schema.clone()));
        let nullable = schema["type"].as_array().is_some_and(|kinds| kinds.contains(&Value::from("null")));
        return (hint.to_owned(), nullable);
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let nullable = types.contains(&"null");
    let types: Vec<&str> = types.into_iter().filter(|kind| *kind != "null").collect();
    let kind = match types.as_slice() {
        ["string"] => "String".to_owned(),
        ["integer"] => "i64".to_owned(),
        ["number"] => "f64".to_owned(),
        ["boolean"] => "bool".to_owned(),
        ["array"] => {
            format!("Vec<{}>", rust_type(&schema["items"], &format!("{hint}Item"), schemas, pending).0)
        }
        ["object"] => "serde_json::Map<String, serde_json::Value>".to_owned(),
        _ => return ("serde_json::Value".into(), true),
    };
    (kind, nullable)
}

/// A doc comment of the schema's title and description, or `fallback`.
fn doc(schema: &Value, fallback: &str, indent: &str) -> String {
    let words: Vec<&str> =
        ["title", "description"].iter().filter_map(|key| schema[*key].as_str()).map(str::trim).collect();
    let text = if words.is_empty() { fallback.to_owned() } else { words.join(": ") };
    text.lines()
        .map(|line| format!("{indent}///{}{line}\n", if line.is_empty() { "" } else { " " }))
        .collect()
}

/// `hook-delivery-item` as a type name, `HookDeliveryItem`.
pub fn pascal(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A property name as a field name.
fn ident(name: &str) -> String {
    let snake: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    match snake.as_str() {
        "type" | "ref" | "self" | "match" | "use" | "mod" | "move" | "fn" | "struct" | "enum" | "impl" => {
            format!("r#{snake}")
        }
        _ => snake,
    }
}
