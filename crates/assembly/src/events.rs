//! The payload schemas of a provider's event catalogue: each derived from the event's documented
//! sample, with each field typed as the sample shows it, and the union a delivery carries.
//!
//! A sample says what types its fields have, not which fields are always there or what else may
//! come: the schemas require only what the catalogue says the provider documents as required, and
//! leave objects open. A number is a `number` (a sample's `7` does not say a `7.5` cannot come), a
//! `null` is any value (it says nothing of the type when there is one), and the field that names
//! the event holds the event's name (`const`), which makes the union discriminated.

use hookspec_dialects::Folder;
use hookspec_dialects::events::{Catalogue, Sample};
use serde_json::{Map, Value, json};

use crate::Problem;

/// The components of the catalogue of the provider folder `folder`: each payload's and each
/// event's schema, then the union, by name.
pub fn components(catalogue: &Catalogue, folder: &Folder) -> Result<Vec<(String, Value)>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut sample = |sample: &Sample| -> Option<Value> {
        let name = &sample.file;
        let parsed = sample.fixture(folder).map(|fixture| serde_json::from_str(&fixture.json_text()));
        match parsed {
            Some(Ok(value)) => Some(value),
            Some(Err(error)) => {
                problems.push(Problem {
                    at: folder.path(&format!("fixtures/{name}")),
                    message: error.to_string(),
                });
                None
            }
            None => {
                problems.push(Problem {
                    at: folder.path("events.yaml"),
                    message: format!("no fixture `{name}`"),
                });
                None
            }
        }
    };
    let mut components = Vec::new();
    for (name, payload) in &catalogue.payloads {
        let inferred: Vec<Value> =
            payload.samples.iter().filter_map(&mut sample).map(|value| infer(&value)).collect();
        if let Some((first, rest)) = inferred.split_first() {
            let mut schema = first.clone();
            for other in rest {
                merge(&mut schema, other);
            }
            schema["description"] = Value::String(payload.description.clone());
            if !payload.required.is_empty() {
                schema["required"] = json!(payload.required);
            }
            components.push((name.clone(), schema));
        }
    }
    let discriminator = catalogue.union.as_ref().and_then(|union| union.discriminator.clone());
    for event in &catalogue.events {
        let Some(found) = &event.sample else { continue };
        let Some(value) = sample(found) else { continue };
        let mut schema = infer(&value);
        let always_there = catalogue.union.as_ref().map(|union| union.always.as_slice()).unwrap_or_default();
        for pointer in always_there {
            require(&mut schema, pointer);
        }
        let always = match &discriminator {
            Some(pointer) => {
                name_event(&mut schema, pointer, &event.name);
                let field = |pointer: &String| format!("`{}`", pointer.trim_start_matches('/'));
                match always_there {
                    [] => format!("only {}, which names the event, is always there", field(pointer)),
                    others => format!(
                        "only {} and {}, which names the event, are always there",
                        others.iter().map(field).collect::<Vec<_>>().join(", "),
                        field(pointer)
                    ),
                }
            }
            None => "the documentation says of none that it is always there".to_owned(),
        };
        schema["title"] = Value::String(event.name.clone());
        schema["description"] = Value::String(format!(
            "The `{}` delivery, as its documented sample shows it: each field typed as the sample has it; {always}.",
            event.name
        ));
        components.push((event.component(), schema));
    }
    // A union whose body does not name its event is published as one delivery entry per event
    // (`openapi::entries`), not as a component.
    if let Some(union) = &catalogue.union
        && let Some(name) = &union.name
        && union.discriminator.is_some()
    {
        let mut members: Vec<String> = Vec::new();
        for event in &catalogue.events {
            if let Some(component) = event.payload_component()
                && !members.contains(&component)
            {
                members.push(component);
            }
        }
        let references: Vec<Value> =
            members.iter().map(|name| json!({"$ref": format!("#/components/schemas/{name}")})).collect();
        let description = union.description.clone().unwrap_or_else(|| {
            "What a delivery carries: the payload of one of the events of the catalogue.".to_owned()
        });
        let schema = match &discriminator {
            // One property names the event: exactly one payload fits, and generators can tell which.
            Some(pointer) if pointer.matches('/').count() == 1 => {
                let property = pointer.trim_start_matches('/');
                let mapping: Map<String, Value> = catalogue
                    .events
                    .iter()
                    .filter_map(|event| {
                        Some((
                            event.name.clone(),
                            json!(format!("#/components/schemas/{}", event.payload_component()?)),
                        ))
                    })
                    .collect();
                json!({"oneOf": references, "discriminator": {"propertyName": property, "mapping": mapping}, "description": description})
            }
            // A nested field names the event, which no discriminator can point to, or nothing does;
            // and an event whose payload is a general one overlaps the others: any of them.
            Some(_) | None => json!({"anyOf": references, "description": description}),
        };
        components.push((name.clone(), schema));
    }
    if problems.is_empty() { Ok(components) } else { Err(problems) }
}

/// The schema of what `value` shows: its types, field by field.
pub fn infer(value: &Value) -> Value {
    match value {
        Value::Null => json!({}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(_) => json!({"type": "number"}),
        Value::String(_) => json!({"type": "string"}),
        Value::Array(items) => {
            let mut schemas: Vec<Value> = Vec::new();
            for item in items {
                let schema = infer(item);
                match schemas
                    .iter_mut()
                    .find(|known| known.get("type") == schema.get("type") && known.get("type").is_some())
                {
                    Some(known) => merge(known, &schema),
                    None if schema == json!({}) => {}
                    None => schemas.push(schema),
                }
            }
            match schemas.len() {
                // An empty sample says nothing of its items: any value (and tools want `items`).
                0 => json!({"type": "array", "items": {}}),
                1 => json!({"type": "array", "items": schemas.remove(0)}),
                _ => json!({"type": "array", "items": {"anyOf": schemas}}),
            }
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

/// Widens `known` (an inferred schema) to also describe what `other` (of the same type) shows.
fn merge(known: &mut Value, other: &Value) {
    if known.get("properties").is_none()
        && let Some(properties) = other.get("properties")
    {
        known["properties"] = properties.clone();
        return;
    }
    if let (Some(Value::Object(known)), Some(Value::Object(other))) =
        (known.get_mut("properties"), other.get("properties"))
    {
        for (name, schema) in other {
            match known.get_mut(name) {
                Some(existing)
                    if existing.get("type").is_some() && existing.get("type") == schema.get("type") =>
                {
                    merge(existing, schema)
                }
                // A null in one sample and a value in another: that type, or null.
                Some(existing) if *existing == json!({}) => *existing = nullable(schema),
                Some(existing) if *schema == json!({}) => *existing = nullable(existing),
                Some(existing) if existing == schema => {}
                Some(existing) => *existing = json!({"anyOf": [existing.clone(), schema.clone()]}),
                None => {
                    known.insert(name.clone(), schema.clone());
                }
            }
        }
    }
    if let (Some(known_items), Some(other_items)) = (known.get_mut("items"), other.get("items")) {
        if *known_items == json!({}) {
            // An empty array in one sample, items in another: the items they show.
            *known_items = other_items.clone();
        } else if known_items.get("type") == other_items.get("type") {
            merge(known_items, other_items);
        }
    }
}

/// `schema`, with null allowed too.
fn nullable(schema: &Value) -> Value {
    let mut schema = schema.clone();
    match schema.get("type").cloned() {
        Some(Value::String(kind)) => schema["type"] = json!([kind, "null"]),
        Some(Value::Array(mut kinds)) if !kinds.contains(&json!("null")) => {
            kinds.push(json!("null"));
            schema["type"] = Value::Array(kinds);
        }
        _ => {}
    }
    schema
}

/// Makes the string at `pointer` (`/topic`, `/body/webhookEventTypeName`) of the schema the
/// event's name, and required: the union's discriminator is what tells the events apart, so a
/// payload always has it (the union states that once, as `discriminator`, which the provider's
/// facts back or an assumption declares).
fn name_event(schema: &mut Value, pointer: &str, name: &str) {
    if let Some(node) = require(schema, pointer) {
        *node = json!({"type": "string", "const": name});
    }
}

/// Requires the member at `pointer` of the schema, with every object on the way to it, and
/// answers its schema; `None` when the schema has no such member (a sample without it).
fn require<'a>(schema: &'a mut Value, pointer: &str) -> Option<&'a mut Value> {
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
}
