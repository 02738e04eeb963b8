//! The event catalogues: every documented sample is embedded in its event's payload schema and
//! valid there, and the schema holds it to the types it shows: retyping any field of a sample
//! (a string made a number, a number made a string, ...) makes it invalid.

use hookspec_tests::document;
use serde_json::{Value, json};

/// Every pointer of `value` to a value that is not null, with a value of another type.
fn retyped(value: &Value, pointer: String, found: &mut Vec<(String, Value)>) {
    let other = match value {
        Value::Null => None,
        Value::String(_) => Some(json!(1)),
        _ => Some(json!("retyped")),
    };
    if let Some(other) = other {
        found.push((pointer.clone(), other));
    }
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                retyped(member, format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1")), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                retyped(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_sample_is_valid_and_every_retyped_field_is_refused() {
    let mut samples = 0;
    let mut refused = 0;
    for dialect in hookspec_tests::providers() {
        let catalogue = dialect.catalogue.clone();
        let document = document(&dialect.name);
        let shared = catalogue.payloads.iter().flat_map(|(name, payload)| {
            payload.samples.iter().map(move |sample| (name.clone(), sample.clone()))
        });
        let own =
            catalogue.events.iter().filter_map(|event| Some((event.component(), event.sample.clone()?)));
        for (component, sample) in shared.chain(own) {
            let value = sample.value(&dialect.folder).expect("JSON");
            let sample = &sample.file;
            let schema = json!({"$ref": format!("#/components/schemas/{component}")});
            assert!(
                document["components"]["schemas"][&component]["examples"]
                    .as_array()
                    .is_some_and(|list| list.contains(&value)),
                "{}: {sample} is embedded in {component}",
                dialect.name
            );
            assert_eq!(hookspec_toolkit::validate::validate(&document, &schema, &value), Ok(()), "{sample}");
            let mut changes = Vec::new();
            retyped(&value, String::new(), &mut changes);
            for (pointer, other) in changes {
                let mut changed = value.clone();
                if pointer.is_empty() {
                    changed = other;
                } else if let Some(slot) = changed.pointer_mut(&pointer) {
                    *slot = other;
                }
                assert!(
                    hookspec_toolkit::validate::validate(&document, &schema, &changed).is_err(),
                    "{}: {sample} retyped at `{pointer}` still validates",
                    dialect.name
                );
                refused += 1;
            }
            samples += 1;
        }
    }
    assert!(samples > 0 && refused > 0, "{samples} samples, {refused} retyped fields");
}

/// Every documented delivery (each event's sample, and each example of a delivery in the
/// document) reads into the canonical notification and writes back to the same JSON; a sample
/// of an event whose body names it names that event.
#[test]
fn every_documented_delivery_round_trips_through_the_canonical_notification() {
    let mut checked = 0;
    for dialect in hookspec_tests::providers() {
        let behaviour = dialect.behaviour.clone();
        let catalogue = dialect.catalogue.clone();
        let document = document(&dialect.name);
        let mut bodies: Vec<(Option<String>, Value)> = Vec::new();
        for payload in catalogue.payloads.values() {
            for sample in &payload.samples {
                bodies.push((None, sample.value(&dialect.folder).expect("JSON")));
            }
        }
        for event in &catalogue.events {
            if let Some(sample) = &event.sample {
                bodies.push((Some(event.name.clone()), sample.value(&dialect.folder).expect("JSON")));
            }
        }
        for delivery in hookspec_toolkit::lookup::deliveries(&document) {
            let examples = &delivery.object["requestBody"]["content"]["application/json"]["examples"];
            for example in
                examples.as_object().into_iter().flatten().map(|(_, example)| example["value"].clone())
            {
                bodies.push((None, example));
            }
        }
        for (event, body) in bodies {
            let notification = behaviour
                .notification(&body)
                .unwrap_or_else(|error| panic!("{}: {error}: {body}", dialect.name));
            assert_eq!(behaviour.delivery(&notification), body, "{}: the round trip", dialect.name);
            if let (Some(event), Some(named)) = (&event, &notification.event) {
                assert_eq!(named, event, "{}", dialect.name);
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
}
