//! Reading a description: references, the components a selection reaches, and OpenAPI 3.0's
//! schema dialect written as 3.1's.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// The prefix of a reference to a component of `kind` (`schemas`).
pub fn prefix(kind: &str) -> String {
    format!("#/components/{kind}/")
}

/// A JSON pointer's segment for `key` (`~` and `/` escaped).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// `value`, or what its `$ref` names in `document`, followed until a value has none.
pub fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else { return Some(value) };
        value = document.pointer(reference.strip_prefix('#')?)?;
    }
    None
}

/// The name of the component of `kind` that `value` refers to, when it is a reference to one.
pub fn referenced<'a>(value: &'a Value, kind: &str) -> Option<&'a str> {
    value.get("$ref")?.as_str()?.strip_prefix(&prefix(kind))
}

/// Every component schema `value` refers to, directly.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            if let Some(name) = referenced(value, "schemas") {
                found.push(name.to_owned());
            }
            members.values().for_each(|member| references(member, found));
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// The component schemas of `document` that `roots` refer to, directly or not, by name, in name
/// order, written in 3.1's dialect when `document` is 3.0; and the names referred to that it does
/// not have.
pub fn reachable(document: &Value, roots: &[&Value]) -> (BTreeMap<String, Value>, Vec<String>) {
    let mut pending = Vec::new();
    roots.iter().for_each(|root| references(root, &mut pending));
    let mut found = BTreeMap::new();
    let mut missing = Vec::new();
    let thirty = is_30(document);
    while let Some(name) = pending.pop() {
        if found.contains_key(&name) || missing.contains(&name) {
            continue;
        }
        match document.pointer(&format!("/components/schemas/{}", escape(&name))) {
            Some(schema) => {
                references(schema, &mut pending);
                found.insert(name, if thirty { to_31(schema) } else { schema.clone() });
            }
            None => missing.push(name),
        }
    }
    (found, missing)
}

/// Whether `document` is an OpenAPI 3.0 description.
pub fn is_30(document: &Value) -> bool {
    document.get("openapi").and_then(Value::as_str).is_some_and(|version| version.starts_with("3.0"))
}

/// A 3.0 schema written in 3.1's dialect: `nullable: true` becomes `null` among the types (and
/// among the values of an `enum`), or, for a schema with no `type`, a choice with `{type: null}`;
/// `example: x` becomes `examples: [x]`. Everything else is the same in both.
pub fn to_31(schema: &Value) -> Value {
    match schema {
        Value::Object(members) => {
            let mut out: Map<String, Value> =
                members.iter().map(|(key, value)| (key.clone(), convert_member(key, value))).collect();
            // 3.0's single `example` is 3.1's (JSON Schema's) `examples` array.
            if let Some(example) = out.remove("example") {
                out.insert("examples".into(), Value::Array(vec![example]));
            }
            if out.remove("nullable") == Some(Value::Bool(true)) {
                if let Some(Value::Array(values)) = out.get_mut("enum")
                    && !values.contains(&Value::Null)
                {
                    values.push(Value::Null);
                }
                match out.get("type").cloned() {
                    Some(Value::String(kind)) => {
                        out.insert("type".into(), json!([kind, "null"]));
                    }
                    Some(Value::Array(mut kinds)) => {
                        if !kinds.contains(&json!("null")) {
                            kinds.push(json!("null"));
                        }
                        out.insert("type".into(), Value::Array(kinds));
                    }
                    _ => {
                        let mut choice = Map::new();
                        // The annotations stay on the choice; the value's forms go in a branch.
                        for key in ["title", "description", "examples", "deprecated"] {
                            if let Some(value) = out.remove(key) {
                                choice.insert(key.into(), value);
                            }
                        }
                        choice.insert("anyOf".into(), json!([Value::Object(out), {"type": "null"}]));
                        return Value::Object(choice);
                    }
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

/// A member of a schema, converted where it holds schemas.
fn convert_member(key: &str, value: &Value) -> Value {
    match key {
        "properties" | "patternProperties" | "$defs" => match value {
            Value::Object(members) => {
                Value::Object(members.iter().map(|(name, schema)| (name.clone(), to_31(schema))).collect())
            }
            other => other.clone(),
        },
        "items" | "additionalProperties" | "not" | "contains" | "propertyNames" => to_31(value),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => match value {
            Value::Array(items) => Value::Array(items.iter().map(to_31).collect()),
            other => other.clone(),
        },
        _ => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_becomes_a_type_or_a_choice() {
        assert_eq!(to_31(&json!({"type": "string", "nullable": true})), json!({"type": ["string", "null"]}));
        assert_eq!(
            to_31(&json!({"type": "string", "enum": ["a"], "nullable": true})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            to_31(&json!({"description": "d", "allOf": [{"$ref": "#/x"}], "nullable": true})),
            json!({"description": "d", "anyOf": [{"allOf": [{"$ref": "#/x"}]}, {"type": "null"}]})
        );
        assert_eq!(
            to_31(&json!({"properties": {"a": {"type": "integer", "nullable": true}}})),
            json!({"properties": {"a": {"type": ["integer", "null"]}}})
        );
        assert_eq!(to_31(&json!({"type": "string", "nullable": false})), json!({"type": "string"}));
    }
}
