//! Schemas read off samples: each field typed as a sample shows it, widened by every other sample
//! of the same object, settled where nothing is known, and shaped where the catalogue says so
//! (a map, the event's name, a required field).

use serde_json::{Map, Value, json};

/// The schema of what `value` shows: its types, field by field; `null` as the type `null`, which
/// [`settle`] makes any value where nothing else is known.
pub fn infer(value: &Value) -> Value {
    match value {
        Value::Null => json!({"type": "null"}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(_) => json!({"type": "number"}),
        Value::String(_) => json!({"type": "string"}),
        Value::Array(items) => {
            let mut schema = json!({});
            for item in items {
                widen(&mut schema, &infer(item), String::new(), &mut Vec::new(), true);
            }
            json!({"type": "array", "items": schema})
        }
        Value::Object(members) => {
            let properties: Map<String, Value> =
                members.iter().map(|(name, member)| (name.clone(), infer(member))).collect();
            if properties.is_empty() {
                json!({"type": "object"})
            } else {
                json!({"type": "object", "properties": properties})
            }
        }
    }
}

/// The types a schema node allows.
fn types(schema: &Value) -> Vec<String> {
    match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.clone()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// Widens `known` to also describe what `other` (an inferred schema) shows: each type `other` adds
/// at a field is recorded in `widened` (with the field's pointer) when `record` is set, that is,
/// when `known` already held what the table or an earlier sample showed.
pub(super) fn widen(
    known: &mut Value,
    other: &Value,
    at: String,
    widened: &mut Vec<(String, String)>,
    record: bool,
) {
    if known.get("$ref").is_some() {
        return;
    }
    let (had, adds) = (types(known), types(other));
    if known.as_object().is_some_and(|object| object.keys().all(|key| key == "description")) {
        // Nothing known yet (an empty array's items, a field not in the table): take what it shows.
        let description = known.get("description").cloned();
        *known = other.clone();
        if let Some(description) = description {
            known["description"] = description;
        }
        return;
    }
    let mut all = had.clone();
    for kind in &adds {
        // A table's `integer` takes a sample's numbers (the examples, validated, say which).
        let covered = all.contains(kind) || (kind == "number" && all.iter().any(|known| known == "integer"));
        if !covered {
            all.push(kind.clone());
            if record && !had.is_empty() {
                widened.push((if at.is_empty() { "/".into() } else { at.clone() }, kind.clone()));
            }
        }
    }
    if all.len() != had.len() {
        known["type"] = if all.len() == 1 { json!(all[0]) } else { json!(all) };
    }
    if let (Some(Value::Object(properties)), Some(Value::Object(others))) =
        (known.get_mut("properties"), other.get("properties"))
    {
        for (name, schema) in others {
            let field = format!("{at}/{name}");
            match properties.get_mut(name) {
                Some(existing) => widen(existing, schema, field, widened, record),
                None => {
                    properties.insert(name.clone(), schema.clone());
                }
            }
        }
    } else if known.get("properties").is_none()
        && let Some(properties) = other.get("properties")
    {
        known["properties"] = properties.clone();
    }
    if let Some(items) = other.get("items") {
        match known.get_mut("items") {
            Some(existing) => widen(existing, items, format!("{at}/*"), widened, record),
            None => known["items"] = items.clone(),
        }
    }
}

/// Settles what the samples showed: a field only ever shown as `null` (or an empty array's items)
/// is any value, and `number` beside `integer` is `number`.
pub(super) fn settle(schema: &mut Value) {
    if let Some(object) = schema.as_object_mut() {
        let kinds: Vec<String> = match object.get("type") {
            Some(Value::String(kind)) => vec![kind.clone()],
            Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        if kinds == ["null"] {
            object.remove("type");
        }
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            properties.values_mut().for_each(settle);
        }
        if let Some(items) = object.get_mut("items") {
            settle(items);
        }
        if let Some(Value::Object(values)) = object.get_mut("additionalProperties") {
            let mut values = Value::Object(std::mem::take(values));
            settle(&mut values);
            object.insert("additionalProperties".into(), values);
        }
    }
}

/// The schema node of the field at `pointer` (`/a/b`, `*` for an array's items), if the schema
/// has one.
pub(super) fn schema_at<'a>(schema: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut node = schema;
    for token in pointer.trim_start_matches('/').split('/').filter(|token| !token.is_empty()) {
        node =
            if token == "*" { node.get_mut("items")? } else { node.get_mut("properties")?.get_mut(token)? };
    }
    Some(node)
}

/// Makes the object at `pointer` a map: no named properties, its values typed as every value of
/// every sample's object there shows them together.
pub(super) fn map_at(schema: &mut Value, pointer: &str, samples: &[(String, Value)]) {
    let mut values = json!({});
    for (_, sample) in samples {
        let found = pointer
            .trim_start_matches('/')
            .split('/')
            .filter(|token| !token.is_empty())
            .try_fold(sample, |node, token| if token == "*" { node.get(0) } else { node.get(token) });
        if let Some(Value::Object(members)) = found {
            for member in members.values() {
                widen(&mut values, &infer(member), String::new(), &mut Vec::new(), false);
            }
        }
    }
    if let Some(node) = schema_at(schema, pointer) {
        let description = node.get("description").cloned();
        *node = json!({"type": "object", "additionalProperties": values});
        if let Some(description) = description {
            node["description"] = description;
        }
    }
}

/// Makes the string at `pointer` (`/topic`, `/body/webhookEventTypeName`) of the schema the
/// event's name, and required: the union's discriminator is what tells the events apart, so a
/// payload always has it (the union states that once, as `discriminator`, which the provider's
/// facts back or an assumption declares).
pub(super) fn name_event(schema: &mut Value, pointer: &str, name: &str) {
    if let Some(node) = require(schema, pointer) {
        *node = json!({"type": "string", "const": name});
    }
}

/// Requires the member at `pointer` of the schema, with every object on the way to it, and
/// answers its schema; `None` when the schema has no such member (a sample without it).
pub(super) fn require<'a>(schema: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
    let mut node = schema;
    for token in pointer.trim_start_matches('/').split('/') {
        node.get("properties")?.get(token)?;
        let required =
            node.as_object_mut().map(|object| object.entry("required").or_insert_with(|| json!([])));
        if let Some(Value::Array(required)) = required
            && !required.contains(&json!(token))
        {
            required.push(json!(token));
        }
        node = &mut node["properties"][token];
    }
    Some(node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_gives_each_field_the_type_it_shows_and_requires_only_the_event_name() {
        let sample = json!({"topic": "order:created", "message": {"id": 7, "ref": null, "tags": [], "items": [{"sku": "a"}, {"sku": "b", "qty": "2.0"}]}});
        let mut schema = infer(&sample);
        settle(&mut schema);
        name_event(&mut schema, "/topic", "order:created");
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "topic": {"type": "string", "const": "order:created"},
                "message": {"type": "object", "properties": {
                    "id": {"type": "number"},
                    "ref": {},
                    "tags": {"type": "array", "items": {}},
                    "items": {"type": "array", "items": {"type": "object", "properties": {
                        "sku": {"type": "string"}, "qty": {"type": "string"}
                    }}}
                }}
            }, "required": ["topic"]})
        );
    }

    #[test]
    fn a_later_sample_widens_and_says_which_field_it_widened() {
        let mut schema = infer(&json!({"email": "a@b.c", "amount": 1, "tags": ["x"]}));
        let mut widened = Vec::new();
        widen(
            &mut schema,
            &infer(&json!({"email": null, "amount": "1.0", "tags": [2]})),
            String::new(),
            &mut widened,
            true,
        );
        settle(&mut schema);
        assert_eq!(schema["properties"]["email"]["type"], json!(["string", "null"]));
        assert_eq!(schema["properties"]["amount"]["type"], json!(["number", "string"]));
        assert_eq!(schema["properties"]["tags"]["items"]["type"], json!(["string", "number"]));
        assert_eq!(
            widened,
            [
                ("/email".to_owned(), "null".to_owned()),
                ("/amount".into(), "string".into()),
                ("/tags/*".into(), "number".into())
            ]
        );
    }

    #[test]
    fn a_field_only_ever_null_is_any_value_and_an_identifier_keyed_object_is_a_map() {
        let samples = vec![
            ("a".to_owned(), json!({"gone": null, "stock": {"sku-1": {"qty": 1}}})),
            ("b".to_owned(), json!({"gone": null, "stock": {"sku-2": {"qty": 2, "note": null}}})),
        ];
        let mut schema = json!({});
        for (_, sample) in &samples {
            widen(&mut schema, &infer(sample), String::new(), &mut Vec::new(), false);
        }
        map_at(&mut schema, "/stock", &samples);
        settle(&mut schema);
        assert_eq!(schema["properties"]["gone"], json!({}));
        assert_eq!(
            schema["properties"]["stock"],
            json!({"type": "object", "additionalProperties": {"type": "object", "properties": {"qty": {"type": "number"}, "note": {}}}})
        );
    }
}
