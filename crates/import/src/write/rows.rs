//! Table rows, parameters and the repairs the import makes to a description's schemas.

use serde_json::{Map, Value, json};

use super::compact;
use crate::openapi::{self, escape};

/// A parameter as the table writes it.
pub(super) fn table_parameter(parameter: &Value) -> Value {
    let name = parameter["name"].as_str().unwrap_or_default();
    let location = parameter["in"].as_str().unwrap_or_default();
    let mut out = json!({
        "name": name,
        "in": location,
        "description": parameter["description"].as_str().map_or_else(|| format!("The {location} parameter `{name}`."), |text| text.trim().to_owned()),
        "schema": openapi::to_31(&parameter["schema"]),
    });
    if parameter["required"] == json!(true) {
        out["required"] = json!(true);
    }
    out
}

/// A parameter as a fact's row states it: its place, whether it is required, and its schema's
/// type, default and constraints.
pub(super) fn parameter_row(parameter: &Value) -> Value {
    let mut row = constraints(&parameter["schema"]);
    row["in"] = parameter["in"].clone();
    row["name"] = parameter["name"].clone();
    row["required"] = json!(parameter["required"] == json!(true));
    row
}

/// A schema's type, default and constraints, as a fact's row states them (a 3.0 schema's
/// `nullable` as the row's).
pub(super) fn constraints(schema: &Value) -> Value {
    let mut row = json!({});
    for (from, to) in [
        ("type", "type"),
        ("nullable", "nullable"),
        ("default", "default"),
        ("enum", "enum"),
        ("minimum", "minimum"),
        ("maximum", "maximum"),
        ("minLength", "min_length"),
        ("maxLength", "max_length"),
        ("pattern", "pattern"),
        ("format", "format"),
    ] {
        if let Some(value) = schema.get(from) {
            row[to] = value.clone();
        }
    }
    row
}

/// Removes every `description: ""` below `schema`; whether there was one.
pub(super) fn drop_empty_descriptions(schema: &mut Value) -> bool {
    match schema {
        Value::Object(members) => {
            let mut dropped = members.get("description") == Some(&json!(""))
                && members.shift_remove("description").is_some();
            for member in members.values_mut() {
                dropped |= drop_empty_descriptions(member);
            }
            dropped
        }
        Value::Array(items) => {
            items.iter_mut().fold(false, |dropped, item| drop_empty_descriptions(item) | dropped)
        }
        _ => false,
    }
}

/// The rows of a body table for the properties of `schema` (written out, not referred to), and of
/// the objects written out in it, each named by its path (`config.url`); and each property's text
/// in the description, as the quotes.
pub(super) fn field_rows(schema: &Value, prefix: &str, rows: &mut Vec<Value>, quotes: &mut Vec<Value>) {
    let required: Vec<&Value> = schema["required"].as_array().into_iter().flatten().collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let mut row = constraints(property);
        row["name"] = json!(format!("{prefix}{name}"));
        row["required"] = json!(required.contains(&&json!(name)));
        rows.push(row);
        quotes.push(json!(format!("{name:?}: {}", compact(property))));
        if property.get("properties").is_some() {
            field_rows(property, &format!("{prefix}{name}."), rows, quotes);
        }
    }
}

/// Rewrites every schema below `schema` whose only type is `null` but which also has a choice or
/// a reference (no value satisfies both) as that choice or `null`, recording each one's pointer.
pub(super) fn null_beside_a_choice(schema: &mut Value, at: &str, repaired: &mut Vec<String>) {
    match schema {
        Value::Object(members) => {
            let only_null = matches!(members.get("type"), Some(Value::String(kind)) if kind == "null")
                || members.get("type") == Some(&json!(["null"]));
            let choice =
                ["allOf", "anyOf", "oneOf", "$ref"].iter().any(|keyword| members.contains_key(*keyword));
            if only_null && choice {
                members.shift_remove("type");
                let mut outer = Map::new();
                for key in ["title", "description", "examples", "deprecated", "readOnly", "writeOnly"] {
                    if let Some(value) = members.shift_remove(key) {
                        outer.insert(key.into(), value);
                    }
                }
                let inner = Value::Object(std::mem::take(members));
                outer.insert("anyOf".into(), json!([inner, {"type": "null"}]));
                *members = outer;
                repaired.push(at.to_owned());
            }
            for (key, member) in members.iter_mut() {
                null_beside_a_choice(member, &format!("{at}/{}", escape(key)), repaired);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                null_beside_a_choice(item, &format!("{at}/{index}"), repaired);
            }
        }
        _ => {}
    }
}
