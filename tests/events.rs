//! The event catalogues: every documented sample is embedded in its payload's schema and valid
//! there, and every documented delivery round-trips through the canonical notification. (That a
//! receiver refuses a sample with a field retyped, reading the published entry, is
//! `receivers.rs`.)

use hookspec_tests::document;
use serde_json::{Value, json};

#[test]
fn every_sample_is_embedded_in_its_schema_and_valid_there() {
    let mut samples = 0;
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
            samples += 1;
        }
    }
    assert!(samples > 0, "{samples} samples");
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
