//! Values synthesised from a schema, for a delivery that comes without a payload and for tests:
//! each property as the schema describes it (its first example, its default, its first allowed
//! value, or a plain value of its type and format).

use serde_json::{Map, Value, json};

use crate::lookup;

/// How much of an object to fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Every property.
    All,
    /// The required properties only.
    Required,
}

/// A value of `schema`, whose references point into `document`'s components.
pub fn value(document: &Value, schema: &Value, fill: Fill) -> Value {
    synthesise(document, schema, fill, 0)
}

/// The value a schema gives itself: its `const`, `default` or first example.
fn given(schema: &Value) -> Option<Value> {
    let object = schema.as_object()?;
    ["const", "default"].iter().find_map(|keyword| object.get(*keyword).cloned()).or_else(|| {
        object.get("examples").and_then(Value::as_array).and_then(|values| values.first()).cloned()
    })
}

/// References are followed this deep at most, so a recursive schema ends.
const DEPTH: usize = 12;

fn synthesise(document: &Value, schema: &Value, fill: Fill, depth: usize) -> Value {
    if depth > DEPTH {
        return Value::Null;
    }
    // What the place itself says comes first: a reference's own `examples` (3.1 allows them beside
    // `$ref`) describe this use of the referenced schema.
    if let Some(value) = given(schema) {
        return value;
    }
    let schema = lookup::resolve(document, schema);
    let Some(object) = schema.as_object() else {
        return json!({});
    };
    if let Some(value) = given(schema) {
        return value;
    }
    if let Some(first) = ["enum", "x-extensible-enum"]
        .iter()
        .find_map(|keyword| object.get(*keyword).and_then(Value::as_array).and_then(|values| values.first()))
    {
        return first.clone();
    }
    // Every branch of an `allOf` holds at once: their values are merged, a later branch's members
    // over an earlier's (GitHub's `forkee`: a repository, then the fields a fork narrows).
    if let Some(branches) = object.get("allOf").and_then(Value::as_array) {
        let mut merged = Value::Null;
        for branch in branches {
            merged = merge(merged, synthesise(document, branch, fill, depth + 1));
        }
        let mut own = object.clone();
        own.remove("allOf");
        if own.contains_key("type") || own.contains_key("properties") {
            merged = merge(merged, synthesise(document, &Value::Object(own), fill, depth + 1));
        }
        return merged;
    }
    let alternatives = ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| object.get(*keyword).and_then(Value::as_array))
        .map(Vec::as_slice)
        .unwrap_or_default();
    if !object.contains_key("type") && !object.contains_key("properties") {
        let not_null = alternatives
            .iter()
            .find(|alternative| lookup::resolve(document, alternative).get("type") != Some(&json!("null")));
        return not_null.map_or(json!({}), |alternative| synthesise(document, alternative, fill, depth + 1));
    }
    let kind = match object.get("type") {
        Some(Value::String(kind)) => kind.as_str(),
        Some(Value::Array(kinds)) => {
            kinds.iter().filter_map(Value::as_str).find(|kind| *kind != "null").unwrap_or("null")
        }
        _ if object.contains_key("properties") => "object",
        _ => return json!({}),
    };
    match kind {
        "object" => {
            // The object's own required properties, and those of its first alternative (an `anyOf`
            // that requires one of several properties).
            let required: Vec<&str> =
                [object.get("required"), alternatives.first().and_then(|first| first.get("required"))]
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_array)
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
            let mut filled = Map::new();
            for (name, property) in object.get("properties").and_then(Value::as_object).into_iter().flatten()
            {
                if fill == Fill::All || required.contains(&name.as_str()) {
                    filled.insert(name.clone(), synthesise(document, property, fill, depth + 1));
                }
            }
            Value::Object(filled)
        }
        "array" => match object.get("prefixItems").and_then(Value::as_array) {
            Some(positions) => {
                let required =
                    object.get("minItems").and_then(Value::as_u64).and_then(|min| usize::try_from(min).ok());
                let count =
                    if fill == Fill::All { positions.len() } else { required.unwrap_or(positions.len()) };
                positions
                    .iter()
                    .take(count)
                    .map(|position| synthesise(document, position, fill, depth + 1))
                    .collect()
            }
            None => match object.get("items") {
                Some(items) if items.is_object() => {
                    Value::Array(vec![synthesise(document, items, fill, depth + 1)])
                }
                _ => json!([]),
            },
        },
        "string" => Value::String(string(object)),
        "integer" => object.get("minimum").cloned().unwrap_or(json!(1)),
        "number" => object.get("minimum").cloned().unwrap_or(json!(1.5)),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// `later` over `earlier`: objects member by member (recursively), anything else replaced.
fn merge(earlier: Value, later: Value) -> Value {
    match (earlier, later) {
        (Value::Object(mut earlier), Value::Object(later)) => {
            for (key, value) in later {
                let merged = match earlier.remove(&key) {
                    Some(before) => merge(before, value),
                    None => value,
                };
                earlier.insert(key, merged);
            }
            Value::Object(earlier)
        }
        (_, later) => later,
    }
}

/// A string of the schema's format, or matching its pattern where the pattern is a run of one
/// character class (`^[0-9a-f]{32}$`).
fn string(schema: &Map<String, Value>) -> String {
    match schema.get("format").and_then(Value::as_str) {
        Some("uri") => return "https://example.com/hook".into(),
        Some("uuid") => return "3fa85f64-5717-4562-b3fc-2c963f66afa6".into(),
        Some("date-time") => return "2024-01-09T10:33:33Z".into(),
        Some("date") => return "2024-01-09".into(),
        Some("email") => return "octocat@example.com".into(),
        Some("hostname") => return "example.com".into(),
        _ => {}
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && let Some(run) = character_run(pattern)
    {
        return run;
    }
    let length = schema.get("minLength").and_then(Value::as_u64).unwrap_or(1).max(1);
    "x".repeat(usize::try_from(length).unwrap_or(1))
}

/// `^[<class>]{n}$` as n times the class's first character.
fn character_run(pattern: &str) -> Option<String> {
    let inner = pattern.strip_prefix("^[")?.strip_suffix('$')?;
    let (class, count) = inner.split_once("]{")?;
    let count: usize = count.strip_suffix('}')?.parse().ok()?;
    let first = class.chars().next()?;
    Some(first.to_string().repeat(count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_gets_each_property_as_its_schema_describes_it() {
        let document = json!({"components": {"schemas": {"Id": {"type": "string", "format": "uuid"}}}});
        let schema = json!({"type": "object", "required": ["id"], "properties": {
            "id": {"$ref": "#/components/schemas/Id"},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "session": {"type": ["string", "null"], "pattern": "^[0-9a-f]{4}$"},
            "tags": {"type": "array", "items": {"type": "integer", "minimum": 3}}
        }});
        assert_eq!(
            value(&document, &schema, Fill::All),
            json!({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "kind": "a", "session": "0000", "tags": [3]})
        );
        assert_eq!(
            value(&document, &schema, Fill::Required),
            json!({"id": "3fa85f64-5717-4562-b3fc-2c963f66afa6"})
        );
    }
}
