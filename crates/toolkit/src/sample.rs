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
    // `$ref`) describe this use of the referenced schema. A value the schema does not admit (an
    // array's `examples` written as its items) is passed over.
    if let Some(value) = given(schema).filter(|value| admits(document, schema, value)) {
        return value;
    }
    let schema = lookup::resolve(document, schema);
    let Some(object) = schema.as_object() else {
        return json!({});
    };
    if let Some(value) = given(schema).filter(|value| admits(document, schema, value)) {
        return value;
    }
    // Every branch of an `allOf` holds at once: one schema of them all is what a value is made of
    // (GitHub's `forkee`: a repository, with the fields a fork narrows).
    if object.contains_key("allOf") {
        return synthesise(document, &Value::Object(merged(document, object)), fill, depth + 1);
    }
    if let Some(first) = ["enum", "x-extensible-enum"]
        .iter()
        .find_map(|keyword| object.get(*keyword).and_then(Value::as_array).and_then(|values| values.first()))
    {
        return first.clone();
    }
    let alternatives = ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| object.get(*keyword).and_then(Value::as_array))
        .map(Vec::as_slice)
        .unwrap_or_default();
    // The first alternative whose value the whole schema admits; else, for a schema that is only
    // the choice, the first that is not null.
    let candidates: Vec<&Value> = alternatives
        .iter()
        .filter(|alternative| lookup::resolve(document, alternative).get("type") != Some(&json!("null")))
        .collect();
    // One alternative beside `null` (`anyOf: [{type: null}, {$ref: ...}]`) is what a value is made
    // of; only a real choice is worth validating each candidate for.
    if let [only] = candidates.as_slice()
        && !object.contains_key("type")
        && !object.contains_key("properties")
    {
        return synthesise(document, only, fill, depth + 1);
    }
    let mut first = None;
    for alternative in candidates {
        let value = synthesise(document, alternative, fill, depth + 1);
        if fits(document, schema, &value) {
            return value;
        }
        first.get_or_insert(value);
    }
    if !object.contains_key("type") && !object.contains_key("properties") {
        return first.unwrap_or_else(|| json!({}));
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
                // No item at all where no value fits the items' schema (GitHub's fork has
                // `topics` whose items must be both a string and null).
                Some(items) if items.is_object() => {
                    let item = synthesise(document, items, fill, depth + 1);
                    if admits(document, items, &item) { Value::Array(vec![item]) } else { json!([]) }
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

/// Whether `value` has a type `schema` allows (through references and choices): a quick check,
/// for the many places a value is only taken or made.
fn admits(document: &Value, schema: &Value, value: &Value) -> bool {
    let schema = lookup::resolve(document, schema);
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let typed = match schema.get("type") {
        Some(Value::String(allowed)) => allowed == kind || (allowed == "number" && kind == "integer"),
        Some(Value::Array(allowed)) => {
            allowed.iter().any(|allowed| allowed == kind || (allowed == "number" && kind == "integer"))
        }
        _ => true,
    };
    let branches = |keyword: &str| schema.get(keyword).and_then(Value::as_array).map(Vec::as_slice);
    typed
        && branches("allOf").unwrap_or_default().iter().all(|branch| admits(document, branch, value))
        && ["anyOf", "oneOf"].iter().all(|keyword| {
            branches(keyword)
                .is_none_or(|choices| choices.iter().any(|choice| admits(document, choice, value)))
        })
}

/// Whether `schema` admits `value` (a full validation, for choosing among alternatives).
fn fits(document: &Value, schema: &Value, value: &Value) -> bool {
    crate::validate::validate(document, schema, value).is_ok()
}

/// The one schema an `allOf` and its branches (followed through references and nested `allOf`s)
/// make together: the properties of all (a property several give is the `allOf` of theirs), the
/// required properties of all, the types all allow, and every other keyword as the first to give
/// it says.
fn merged(document: &Value, object: &Map<String, Value>) -> Map<String, Value> {
    let mut out = object.clone();
    let branches = out.remove("allOf");
    for branch in branches.as_ref().and_then(Value::as_array).into_iter().flatten() {
        let Some(branch) = lookup::resolve(document, branch).as_object() else { continue };
        let branch = if branch.contains_key("allOf") { merged(document, branch) } else { branch.clone() };
        for (key, value) in branch {
            match (key.as_str(), out.get_mut(&key)) {
                ("properties", Some(Value::Object(known))) => {
                    for (name, property) in value.as_object().into_iter().flatten() {
                        let both = match known.remove(name) {
                            Some(before) => json!({"allOf": [before, property]}),
                            None => property.clone(),
                        };
                        known.insert(name.clone(), both);
                    }
                }
                ("items" | "additionalProperties", Some(known)) if known.is_object() && value.is_object() => {
                    *known = json!({"allOf": [known.clone(), value]});
                }
                ("required", Some(Value::Array(known))) => {
                    for name in value.as_array().into_iter().flatten() {
                        if !known.contains(name) {
                            known.push(name.clone());
                        }
                    }
                }
                ("type", Some(known)) => {
                    let kinds = |value: &Value| match value {
                        Value::Array(kinds) => kinds.clone(),
                        other => vec![other.clone()],
                    };
                    let both: Vec<Value> =
                        kinds(known).into_iter().filter(|kind| kinds(&value).contains(kind)).collect();
                    *known = if both.is_empty() { value } else { Value::Array(both) };
                }
                (_, Some(_)) => {}
                (_, None) => {
                    out.insert(key, value);
                }
            }
        }
    }
    out
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
