//! What a strict receiver sees: each documented delivery sample validates against the published
//! `webhooks` entry for its event, read from the published document (not from internal schemas),
//! and retyping a scalar field of it (a string made a number, a number or boolean made a string) is
//! refused wherever the entry gives that field one type. A field the documentation shows with two
//! types, or says may be any JSON, admits the other; those are counted apart.

use std::collections::BTreeMap;

use hookspec_dialects::{Fact, Place, Provider};
use hookspec_toolkit::lookup;
use serde_json::{Value, json};

/// Each documented delivery body of `provider` with the `webhooks` entry a receiver reads it with.
fn documented(provider: &Provider, document: &Value) -> Vec<(String, String, Value)> {
    let catalogue = &provider.catalogue;
    let entries = lookup::deliveries(document);
    let entry_of = |event: &str| -> Option<String> {
        let own = entries.iter().find(|found| found.path == event).map(|found| found.path.to_owned());
        own.or_else(|| {
            entries
                .iter()
                .find(|found| found.object.get("x-hookspec-delivery").is_none())
                .map(|found| found.path.to_owned())
        })
    };
    let mut bodies = Vec::new();
    for event in &catalogue.events {
        let Some(entry) = entry_of(&event.name) else { continue };
        let samples: Vec<&hookspec_dialects::events::Sample> = match (&event.sample, &event.payload) {
            (Some(sample), _) => vec![sample],
            (None, Some(payload)) => catalogue
                .payloads
                .get(payload)
                .map(|found| found.samples.iter().collect())
                .unwrap_or_default(),
            (None, None) => Vec::new(),
        };
        for sample in samples {
            let value = sample
                .value(&provider.folder)
                .unwrap_or_else(|| panic!("{}: {} is JSON", provider.name, sample.file));
            bodies.push((entry.clone(), sample.file.clone(), value));
        }
    }
    // The documented instances of a wire type that is the payload of events (an example fact at
    // the schema), read with the entry of the first event that carries it.
    for claim in &provider.facts.claims {
        let Fact::Example { fixture, at: Place::Schema { schema }, .. } = &claim.fact else { continue };
        let carried_by = catalogue
            .events
            .iter()
            .find(|event| event.sample.is_none() && event.payload.as_ref() == Some(schema));
        if let Some(entry) = carried_by.and_then(|event| entry_of(&event.name))
            && !catalogue.payloads.contains_key(schema)
        {
            let value = serde_json::from_str(&fixture.json_text()).expect("a documented example is JSON");
            bodies.push((entry, fixture.file.name.to_owned(), value));
        }
    }
    bodies
}

/// The schema of the body a `webhooks` entry takes.
fn body_schema(document: &Value, entry: &str) -> Value {
    let found =
        lookup::deliveries(document).into_iter().find(|found| found.path == entry).expect("the entry");
    let body = lookup::resolve(document, &found.object["requestBody"]);
    body["content"]["application/json"]["schema"].clone()
}

/// Every scalar of `value` (not null), by pointer, with a value of another type.
fn scalars(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                scalars(member, format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1")), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                scalars(item, format!("{pointer}/{index}"), found);
            }
        }
        Value::String(_) => found.push((pointer, json!(1))),
        Value::Number(_) | Value::Bool(_) => found.push((pointer, json!("retyped"))),
        Value::Null => {}
    }
}

/// Whether the schema a receiver reads the field at `pointer` of `body` with admits `value`'s type
/// on its own terms: no type (any value), or a type list that has it.
fn admits_by_type(document: &Value, schema: &Value, body: &Value, pointer: &str, value: &Value) -> bool {
    let mut nodes = vec![lookup::resolve(document, schema)];
    let mut at = body;
    for token in pointer.trim_start_matches('/').split('/').filter(|token| !token.is_empty()) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let mut next = Vec::new();
        for node in expand(document, nodes) {
            let child = match at {
                Value::Array(_) => node
                    .get("prefixItems")
                    .and_then(|items| items.get(token.parse::<usize>().ok()?))
                    .or(node.get("items")),
                _ => node
                    .get("properties")
                    .and_then(|properties| properties.get(&token))
                    .or(node.get("additionalProperties")),
            };
            if let Some(child) = child {
                next.push(lookup::resolve(document, child));
            }
        }
        at = match at {
            Value::Array(items) => {
                token.parse::<usize>().ok().and_then(|index| items.get(index)).unwrap_or(&Value::Null)
            }
            _ => at.get(&token).unwrap_or(&Value::Null),
        };
        nodes = next;
        if nodes.is_empty() {
            return true; // an open object's undeclared field: any value
        }
    }
    let kind = lookup::json_type(value);
    let admits = |declared: &Value| declared == kind || (declared == "number" && kind == "integer");
    expand(document, nodes).into_iter().any(|node| match node.get("type") {
        None => node.get("const").is_none() && node.get("enum").is_none(),
        Some(Value::Array(declared)) => declared.iter().any(admits),
        Some(declared) => admits(declared),
    })
}

/// The schemas `nodes` stand for, their `allOf`/`anyOf`/`oneOf` members included.
fn expand<'a>(document: &'a Value, nodes: Vec<&'a Value>) -> Vec<&'a Value> {
    let mut all = Vec::new();
    let mut pending = nodes;
    while let Some(node) = pending.pop() {
        all.push(node);
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for member in node.get(keyword).and_then(Value::as_array).into_iter().flatten() {
                pending.push(lookup::resolve(document, member));
            }
        }
    }
    all
}

#[test]
fn every_documented_delivery_validates_against_its_entry_and_retyped_scalars_are_refused() {
    let mut lines = Vec::new();
    for provider in hookspec_tests::providers() {
        let document = hookspec_tests::document(&provider.name);
        let (mut samples, mut tried, mut refused, mut documented_as_either) = (0, 0, 0, 0);
        let mut validators: BTreeMap<String, jsonschema::Validator> = BTreeMap::new();
        for (entry, sample, body) in documented(provider, &document) {
            let schema = body_schema(&document, &entry);
            let validator = validators.entry(entry.clone()).or_insert_with(|| {
                hookspec_toolkit::validate::validator(&document, &schema).expect("the entry compiles")
            });
            assert!(
                validator.is_valid(&body),
                "{}: {sample} is refused by `webhooks/{entry}`: {:?}",
                provider.name,
                hookspec_toolkit::validate::validate(&document, &schema, &body)
            );
            samples += 1;
            let mut changes = Vec::new();
            scalars(&body, String::new(), &mut changes);
            for (pointer, other) in changes {
                let mut changed = body.clone();
                if let Some(slot) = changed.pointer_mut(&pointer) {
                    *slot = other.clone();
                }
                tried += 1;
                if !validator.is_valid(&changed) {
                    refused += 1;
                } else {
                    assert!(
                        admits_by_type(&document, &schema, &body, &pointer, &other),
                        "{}: {sample} retyped at `{pointer}` is still admitted by `webhooks/{entry}`, whose schema \
                         gives that field one type",
                        provider.name
                    );
                    documented_as_either += 1;
                }
            }
        }
        lines.push(format!(
            "{}: {samples} documented deliveries valid; {refused}/{tried} retyped scalars refused, {documented_as_either} \
             admitted where the documentation shows either type or any JSON",
            provider.name
        ));
    }
    println!("{}", lines.join("\n"));
}

/// Every example of an object the published document carries (each component schema's
/// `examples`: the object's samples from every inventoried page, the null-bearing ones included)
/// validates against that object's published schema; the count per object is printed.
#[test]
fn every_documented_example_of_an_object_validates_against_its_published_schema() {
    let mut lines = Vec::new();
    for provider in hookspec_tests::providers() {
        let document = hookspec_tests::document(&provider.name);
        let schemas = document["components"]["schemas"].as_object().expect("component schemas");
        let mut counts = Vec::new();
        for (name, schema) in schemas {
            let Some(examples) = schema.get("examples").and_then(Value::as_array) else { continue };
            let reference = json!({"$ref": format!("#/components/schemas/{}", lookup::escape(name))});
            for (index, example) in examples.iter().enumerate() {
                if let Err(problems) = hookspec_toolkit::validate::validate(&document, &reference, example) {
                    panic!("{}: example {index} of `{name}` breaks its schema: {problems}", provider.name);
                }
            }
            counts.push(format!("{name} {}", examples.len()));
        }
        assert!(!counts.is_empty(), "{}: no object carries an example", provider.name);
        lines.push(format!("{}: {}", provider.name, counts.join(", ")));
    }
    println!("{}", lines.join("\n"));
}
