//! The schemas of a dialect's wire types: derived once, by schemars, and published twice from that
//! one derivation, as the OpenAPI document's component schemas and as standalone JSON Schemas, so
//! the two cannot disagree.
//!
//! One rule applies to every derived schema: integer widths (`format: int64`, `uint32`, ... and
//! the `minimum: 0` of an unsigned type) are how Rust stores a number, not something a provider
//! documents, so they are left out.

use std::collections::BTreeMap;

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// The prefix of a reference to a component schema.
pub use hookspec_toolkit::lookup::COMPONENT_REF;

/// The JSON Schema dialect of both the OpenAPI 3.1 components and the standalone schemas.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

const INTEGER_WIDTHS: [&str; 12] = [
    "int", "int8", "int16", "int32", "int64", "int128", "uint", "uint8", "uint16", "uint32", "uint64",
    "uint128",
];

/// The schemas a register function (a dialect's, or the canonical model's) derives.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    /// Every derived schema, by name: the published types and every type they refer to.
    pub components: BTreeMap<String, Value>,
    /// The names of the published types, in the order the register function gives them.
    pub published: Vec<String>,
}

/// Derives the schemas of the types `register` adds, with references between them written as
/// OpenAPI component references.
pub fn derive(register: fn(&mut SchemaGenerator) -> Vec<String>) -> Derived {
    let mut generator = SchemaSettings::draft2020_12()
        .with(|settings| {
            settings.definitions_path = "/components/schemas".into();
            settings.meta_schema = None;
        })
        .into_generator();
    let published = register(&mut generator);
    let mut components: BTreeMap<String, Value> = generator.take_definitions(true).into_iter().collect();
    for schema in components.values_mut() {
        without_integer_widths(schema);
    }
    Derived { components, published }
}

/// The schemas of `provider`'s wire types, with the catalogue's event names where a wire type asks
/// for them ([`hookspec_dialects::EVENT_NAMES`]): a provider whose wire types ask for event names
/// must have a catalogue that lists some.
pub fn derive_provider(provider: &hookspec_dialects::Provider) -> Result<Derived, Vec<crate::Problem>> {
    let mut derived = derive(provider.wire.schemas);
    // The schemas of the provider's own description, as it gives them.
    derived.components.extend(provider.imported.clone());
    let names = provider.event_names();
    let mut asked = Vec::new();
    for (component, schema) in &mut derived.components {
        fill_event_names(schema, &names, &mut || asked.push(component.clone()));
    }
    if !asked.is_empty() && names.is_empty() {
        return Err(vec![crate::Problem::new(
            provider.folder.path("events.yaml"),
            format!(
                "the wire types {} list the catalogue's event names, and the catalogue has none",
                asked.join(", ")
            ),
        )]);
    }
    Ok(derived)
}

/// Replaces every [`hookspec_dialects::EVENT_NAMES`] marker below `schema` with
/// `x-extensible-enum`: the names the marker gives, then `names`; calls `found` for each.
fn fill_event_names(schema: &mut Value, names: &[String], found: &mut dyn FnMut()) {
    match schema {
        Value::Object(members) => {
            if let Some(Value::Array(first)) = members.shift_remove(hookspec_dialects::EVENT_NAMES) {
                found();
                let mut listed = first;
                listed.extend(names.iter().cloned().map(Value::String));
                members.insert("x-extensible-enum".into(), Value::Array(listed));
            }
            for member in members.values_mut() {
                fill_event_names(member, names, found);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| fill_event_names(item, names, found)),
        _ => {}
    }
}

/// The standalone JSON Schema of the component `name`: the component itself, with every schema it
/// refers to, directly or not, under `$defs`.
pub fn standalone(components: &BTreeMap<String, Value>, name: &str) -> Value {
    let mut needed = BTreeMap::new();
    let mut pending = vec![name.to_owned()];
    while let Some(next) = pending.pop() {
        let Some(schema) = components.get(&next) else { continue };
        let mut found = Vec::new();
        hookspec_toolkit::lookup::references(schema, &mut found);
        for reference in found {
            if reference != name && !needed.contains_key(&reference) {
                needed.insert(reference.clone(), Value::Null);
                pending.push(reference);
            }
        }
    }
    let mut root = Map::new();
    root.insert("$schema".into(), json!(DRAFT));
    if let Some(Value::Object(schema)) = components.get(name).map(|schema| to_defs(schema.clone())) {
        root.extend(schema);
    }
    if !needed.is_empty() {
        let defs: Map<String, Value> = needed
            .into_keys()
            .filter_map(|reference| Some((reference.clone(), to_defs(components.get(&reference)?.clone()))))
            .collect();
        root.insert("$defs".into(), Value::Object(defs));
    }
    Value::Object(root)
}

/// `schema` with its component references rewritten to `$defs` references.
fn to_defs(mut schema: Value) -> Value {
    fn rewrite(value: &mut Value) {
        match value {
            Value::Object(object) => {
                for (key, value) in object.iter_mut() {
                    match value {
                        Value::String(target) if key == "$ref" && target.starts_with(COMPONENT_REF) => {
                            *target = format!("#/$defs/{}", &target[COMPONENT_REF.len()..]);
                        }
                        _ => rewrite(value),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(rewrite),
            _ => {}
        }
    }
    rewrite(&mut schema);
    schema
}

/// Removes integer widths (and the `minimum: 0` an unsigned width brings) from every integer
/// schema in `value`.
fn without_integer_widths(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let integer = match object.get("type") {
                Some(Value::String(kind)) => kind == "integer",
                Some(Value::Array(kinds)) => kinds.iter().any(|kind| kind == "integer"),
                _ => false,
            };
            let width =
                object.get("format").and_then(Value::as_str).filter(|format| INTEGER_WIDTHS.contains(format));
            if let (true, Some(width)) = (integer, width) {
                let unsigned = width.starts_with('u');
                object.shift_remove("format");
                if unsigned && object.get("minimum") == Some(&json!(0)) {
                    object.shift_remove("minimum");
                }
            }
            object.values_mut().for_each(without_integer_widths);
        }
        Value::Array(items) => items.iter_mut().for_each(without_integer_widths),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_widths_are_left_out() {
        let mut schema = json!({"properties": {
            "a": {"type": "integer", "format": "uint64", "minimum": 0},
            "b": {"type": ["integer", "null"], "format": "int32", "minimum": 1},
            "c": {"type": "string", "format": "int64"}
        }});
        without_integer_widths(&mut schema);
        assert_eq!(
            schema,
            json!({"properties": {
                "a": {"type": "integer"},
                "b": {"type": ["integer", "null"], "minimum": 1},
                "c": {"type": "string", "format": "int64"}
            }})
        );
    }

    #[test]
    fn a_standalone_schema_carries_what_it_refers_to_under_defs() {
        let components: BTreeMap<String, Value> = [
            (
                "A".to_owned(),
                json!({"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}),
            ),
            ("B".to_owned(), json!({"type": "array", "items": {"$ref": "#/components/schemas/C"}})),
            ("C".to_owned(), json!({"type": "string"})),
            ("D".to_owned(), json!({"type": "boolean"})),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            standalone(&components, "A"),
            json!({
                "$schema": DRAFT,
                "type": "object",
                "properties": {"b": {"$ref": "#/$defs/B"}},
                "$defs": {"B": {"type": "array", "items": {"$ref": "#/$defs/C"}}, "C": {"type": "string"}}
            })
        );
    }
}
