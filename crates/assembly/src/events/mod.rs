//! The payload schemas of a provider's event catalogue, and the union a delivery carries.
//!
//! An object's schema is built from everything the provider documents about it: its attribute
//! table, where it has one (the `fields` facts of the payload's component: types, enums, lengths,
//! descriptions, nullability, required), then every documented sample of it, wherever it stands (a
//! payload's own samples, and the parts of events' samples that carry it). A sample can only
//! widen: a field shown as `null` anywhere is nullable, a field shown with two types takes both,
//! and each widening is recorded with the sample that shows it ([`Widening`]). What the
//! documentation says may be any JSON (`free_form`) is not narrowed, and an object whose keys are
//! identifiers (`maps`) is a map of what its values show. A field the provider marks deprecated
//! (the payload's `deprecated`) is `deprecated`, its description ending with the provider's words.
//!
//! A sample says nothing of which fields are always there: the schemas require only what the
//! table or the catalogue says, and leave objects open. A number is a `number` unless the table
//! says `integer` (a sample's `7` does not say a `7.5` cannot come), and a field only ever shown
//! as `null` is any value. The field that names the event holds the event's name (`const`), which
//! makes the union discriminated; a fallback payload (for events the documentation does not type)
//! is admitted only for a body naming none of the typed events.

use hookspec_dialects::events::{Catalogue, Sample};
use hookspec_dialects::facts::{Fact, FieldOf, Required};
use hookspec_dialects::{Folder, Provider};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::Problem;

mod infer;

pub use infer::infer;
use infer::{map_at, name_event, require, schema_at, settle, widen};

/// A type a sample added to what the table (or an earlier sample) showed of a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Widening {
    /// The component schema.
    pub schema: String,
    /// The field, as a JSON pointer into the payload (`/email`).
    pub field: String,
    /// The type the sample adds (`null`).
    pub added: String,
    /// The sample's fixture that shows it, under `fixtures/`.
    pub sample: String,
}

/// The component schemas of a catalogue, by name, in order.
pub type Components = Vec<(String, Value)>;

/// The components of `provider`'s catalogue, by name (each payload's and each event's schema,
/// then the union), and every widening a sample made.
pub fn components(provider: &Provider) -> Result<(Components, Vec<Widening>), Vec<Problem>> {
    let (catalogue, folder) = (&provider.catalogue, &provider.folder);
    let mut problems = Vec::new();
    // Every sample of each payload: its own, then the parts of events' samples that carry it.
    let mut instances: IndexMap<&str, Vec<(String, Value)>> = IndexMap::new();
    for (name, payload) in &catalogue.payloads {
        for sample in &payload.samples {
            if let Some(found) = value(sample, folder, &mut problems) {
                instances.entry(name).or_default().push((sample.file.clone(), found));
            }
        }
    }
    let mut events = Vec::new();
    for event in &catalogue.events {
        let Some(sample) = &event.sample else { continue };
        let Some(value) = value(sample, folder, &mut problems) else { continue };
        for (pointer, payload) in &event.carries {
            let parts = parts_at(&value, pointer);
            if parts.is_empty() {
                problems.push(Problem::new(
                    folder.path("events.yaml"),
                    format!(
                        "`{}` carries `{payload}` at `{pointer}`, which its sample does not have",
                        event.name
                    ),
                ));
            }
            carry(
                catalogue,
                &mut instances,
                &event.name,
                payload,
                &sample.file,
                parts,
                folder,
                &mut problems,
            );
        }
        events.push((event, value));
    }
    // The objects payloads carry (a shipment inside an order), through every level, each a sample
    // of its own payload too.
    for _ in 0..=catalogue.payloads.len() {
        let before: usize = instances.values().map(Vec::len).sum();
        let mut found: Vec<(String, String, String, Vec<Value>)> = Vec::new();
        for (name, payload) in &catalogue.payloads {
            let known = instances.get(name.as_str()).map(Vec::as_slice).unwrap_or_default();
            for (pointer, carried) in &payload.carries {
                for (sample, instance) in known {
                    let parts: Vec<Value> = parts_at(instance, pointer).into_iter().cloned().collect();
                    found.push((name.clone(), carried.clone(), sample.clone(), parts));
                }
            }
        }
        for (name, carried, sample, parts) in found {
            let parts = parts.iter().collect();
            carry(catalogue, &mut instances, &name, &carried, &sample, parts, folder, &mut problems);
        }
        if instances.values().map(Vec::len).sum::<usize>() == before {
            break;
        }
    }
    let mut components = Vec::new();
    let mut widenings = Vec::new();
    for (name, payload) in &catalogue.payloads {
        let mut schema = table(provider, name).unwrap_or_else(|| json!({"type": "object"}));
        let from_table = schema.get("properties").is_some();
        for (index, (sample, value)) in instances.get(name.as_str()).into_iter().flatten().enumerate() {
            let mut widened = Vec::new();
            widen(&mut schema, &infer(value), String::new(), &mut widened, index > 0 || from_table);
            // What a sample shows at a field the schema then gives over to another payload (an
            // expanded object) or to any JSON is no widening of this one.
            let replaced = |field: &String| {
                payload.expands.keys().chain(&payload.free_form).any(|pointer| {
                    field == pointer
                        || field.strip_prefix(pointer.as_str()).is_some_and(|rest| rest.starts_with('/'))
                })
            };
            widened.retain(|(field, _)| !replaced(field));
            widenings.extend(widened.into_iter().map(|(field, added)| Widening {
                schema: name.clone(),
                field,
                added,
                sample: sample.clone(),
            }));
        }
        let values = instances.get(name.as_str()).map(Vec::as_slice).unwrap_or_default();
        for pointer in &payload.maps {
            map_at(&mut schema, pointer, values);
        }
        for (pointer, carried) in &payload.carries {
            if let Some(node) = schema_at(&mut schema, pointer) {
                let description = node.get("description").cloned();
                *node = json!({"$ref": format!("#/components/schemas/{carried}")});
                if let Some(description) = description {
                    node["description"] = description;
                }
            }
        }
        for (pointer, expanded) in &payload.expands {
            if let Some(node) = schema_at(&mut schema, pointer) {
                let kept: Vec<(&str, Value)> = ["description", "deprecated"]
                    .into_iter()
                    .filter_map(|keyword| Some((keyword, node.get(keyword)?.clone())))
                    .collect();
                *node = json!({"anyOf": [{"type": "string"}, {"$ref": format!("#/components/schemas/{expanded}")}]});
                for (keyword, value) in kept {
                    node[keyword] = value;
                }
            }
        }
        for pointer in &payload.free_form {
            if let Some(node) = schema_at(&mut schema, pointer) {
                let description = node.get("description").cloned();
                *node =
                    description.map_or_else(|| json!({}), |description| json!({"description": description}));
            }
        }
        for (pointer, deprecation) in &payload.deprecated {
            let Some(node) = schema_at(&mut schema, pointer) else {
                problems.push(Problem::new(
                    folder.path("events.yaml"),
                    format!("`{name}` deprecates `{pointer}`, which none of its samples has"),
                ));
                continue;
            };
            let words = format!("Deprecated: “{}”", deprecation.quote);
            node["deprecated"] = json!(true);
            node["description"] = match node.get("description").and_then(Value::as_str) {
                Some(description) => json!(format!("{description} {words}")),
                None => json!(words),
            };
        }
        settle(&mut schema);
        schema["description"] = Value::String(payload.description.clone());
        if !payload.required.is_empty() {
            let required =
                schema.as_object_mut().map(|object| object.entry("required").or_insert_with(|| json!([])));
            if let Some(Value::Array(required)) = required {
                for field in &payload.required {
                    if !required.contains(&json!(field)) {
                        required.push(json!(field));
                    }
                }
            }
        }
        components.push((name.clone(), schema));
    }
    let discriminator = catalogue.union.as_ref().and_then(|union| union.discriminator.clone());
    for (event, value) in events {
        let mut schema = infer(&value);
        for (pointer, payload) in &event.carries {
            if let Some(node) = schema_at(&mut schema, pointer) {
                *node = json!({"$ref": format!("#/components/schemas/{payload}")});
            }
        }
        settle(&mut schema);
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
        let mut description = format!(
            "The `{}` delivery, as its documented sample shows it: each field typed as the sample has it; {always}.",
            event.name
        );
        if let Some(deprecated) = &event.deprecated {
            schema["deprecated"] = json!(true);
            description.push_str(&format!(" Deprecated: “{}”", deprecated.quote));
        }
        schema["description"] = Value::String(description);
        components.push((event.component(), schema));
    }
    components.extend(union(catalogue, discriminator.as_deref()));
    if problems.is_empty() { Ok((components, widenings)) } else { Err(problems) }
}

/// Adds each of `parts` (of `from`'s sample `sample`) to the samples of the payload `payload`.
#[allow(clippy::too_many_arguments)]
fn carry<'c>(
    catalogue: &'c Catalogue,
    instances: &mut IndexMap<&'c str, Vec<(String, Value)>>,
    from: &str,
    payload: &str,
    sample: &str,
    parts: Vec<&Value>,
    folder: &Folder,
    problems: &mut Vec<Problem>,
) {
    let Some((name, _)) = catalogue.payloads.get_key_value(payload) else {
        problems.push(Problem::new(
            folder.path("events.yaml"),
            format!("`{from}` carries `{payload}`, which is not one of `payloads`"),
        ));
        return;
    };
    let known = instances.entry(name.as_str()).or_default();
    for part in parts {
        if !known.iter().any(|(_, value)| value == part) {
            known.push((sample.to_owned(), part.clone()));
        }
    }
}

/// The values at `pointer` in `value`, where a `*` token stands for every item of an array.
fn parts_at<'a>(value: &'a Value, pointer: &str) -> Vec<&'a Value> {
    let mut found = vec![value];
    for token in pointer.trim_start_matches('/').split('/').filter(|token| !token.is_empty()) {
        found = found
            .into_iter()
            .flat_map(|node| match (token, node) {
                ("*", Value::Array(items)) => items.iter().collect(),
                (_, Value::Object(members)) => members.get(token).into_iter().collect(),
                (_, Value::Array(items)) => {
                    token.parse::<usize>().ok().and_then(|index| items.get(index)).into_iter().collect()
                }
                _ => Vec::new(),
            })
            .collect();
    }
    found
}

/// A sample's JSON, read as the documentation is; a problem when it cannot be.
fn value(sample: &Sample, folder: &Folder, problems: &mut Vec<Problem>) -> Option<Value> {
    let name = &sample.file;
    match sample.fixture(folder).map(|fixture| serde_json::from_str(&fixture.json_text())) {
        Some(Ok(value)) => Some(value),
        Some(Err(error)) => {
            problems.push(Problem::new(folder.path(&format!("fixtures/{name}")), error.to_string()));
            None
        }
        None => {
            problems.push(Problem::new(folder.path("events.yaml"), format!("no fixture `{name}`")));
            None
        }
    }
}

/// The schema the attribute table of the component `name` gives (its `fields` facts), if it has one.
fn table(provider: &Provider, name: &str) -> Option<Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for claim in &provider.facts.claims {
        let Fact::Field {
            of: FieldOf::Schema(schema),
            name: Some(field),
            required: documented,
            constraints,
            description,
        } = &claim.fact
        else {
            continue;
        };
        if schema != name || claim.erratum.is_some() {
            continue;
        }
        let property = properties.entry(field.clone()).or_insert_with(|| json!({}));
        if let Some(kind) = &constraints.schema_type {
            property["type"] = match constraints.nullable {
                Some(true) => json!([kind, "null"]),
                _ => json!(kind),
            };
        }
        for (keyword, value) in constraints.keywords() {
            property[keyword] = value;
        }
        if let Some(description) = description {
            property["description"] = json!(description);
        }
        if *documented == Some(Required::Yes) && !required.contains(field) {
            required.push(field.clone());
        }
    }
    if properties.is_empty() {
        return None;
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    Some(schema)
}

/// The component of a union's fallback payload, admitted only for names outside the typed events:
/// the fallback's name, then `Untyped`.
pub fn untyped(fallback: &str) -> String {
    format!("{fallback}Untyped")
}

/// The union a delivery carries, where the body names its event (any event's payload, exactly one
/// for a body naming a typed event), and the component of its fallback for the other names.
fn union(catalogue: &Catalogue, discriminator: Option<&str>) -> Vec<(String, Value)> {
    let mut components = Vec::new();
    let (Some(union), Some(pointer)) = (catalogue.union.as_ref(), discriminator) else { return components };
    let Some(name) = union.name.as_ref() else { return components };
    let mut members: Vec<String> = Vec::new();
    for event in &catalogue.events {
        if let Some(component) = event.payload_component()
            && !members.contains(&component)
        {
            members.push(component);
        }
    }
    let typed: Vec<&str> = catalogue
        .events
        .iter()
        .filter(|event| event.payload_component().as_deref() != union.fallback.as_deref())
        .map(|event| event.name.as_str())
        .collect();
    let references: Vec<Value> = members
        .iter()
        .map(|member| {
            let reference = json!({"$ref": format!("#/components/schemas/{member}")});
            if union.fallback.as_deref() != Some(member.as_str()) {
                return reference;
            }
            // The fallback, only for a body that names none of the typed events: a component of its
            // own, which generators read as they read any other member.
            let mut unnamed = json!({"not": {"enum": typed}});
            for token in pointer.trim_start_matches('/').split('/').rev() {
                unnamed = json!({"type": "object", "properties": {token: unnamed}});
            }
            let description = format!(
                "A delivery of an event this document does not type: `{member}`, for a body that names none of \
                 the events typed here."
            );
            components.push((untyped(member), json!({"allOf": [reference, unnamed], "description": description})));
            json!({"$ref": format!("#/components/schemas/{}", untyped(member))})
        })
        .collect();
    let description = union.description.clone().unwrap_or_else(|| {
        "What a delivery carries: the payload of one of the events of the catalogue.".to_owned()
    });
    let schema = if pointer.matches('/').count() == 1 && union.fallback.is_none() {
        // One property names the event: exactly one payload fits, and generators can tell which.
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
    } else {
        // A nested field names the event, which no discriminator can point to, or a fallback
        // stands beside the typed payloads: any of them, each admitting only its own names.
        json!({"anyOf": references, "description": description})
    };
    components.push((name.clone(), schema));
    components
}
