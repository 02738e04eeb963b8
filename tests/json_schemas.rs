//! The exported JSON Schemas (schemars, 2020-12) agree with the OpenAPI component schemas
//! (utoipa): the same names and property names, and every documented example that the OpenAPI
//! schema accepts is accepted by the exported schema too.

use std::collections::BTreeSet;

use hookspec_dialects::{Fact, Place};
use hookspec_model as model;
use hookspec_tests::{document, generated};
use serde_json::Value;

fn exported(folder: &str, name: &str) -> Value {
    serde_json::from_str(&generated(&format!("{folder}/schemas/{name}.json"))).expect("JSON")
}

fn validates(schema: &Value, value: &Value) -> Result<(), Vec<String>> {
    let validator =
        jsonschema::draft202012::options().should_validate_formats(true).build(schema).expect("compiles");
    let errors: Vec<String> =
        validator.iter_errors(value).map(|error| format!("{}: {error}", error.instance_path())).collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The property names a schema (or any of its alternatives) declares, references followed.
fn property_names(root: &Value, schema: &Value, references: &str) -> BTreeSet<String> {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(target) if target.starts_with(references) => root.pointer(&target[1..]).unwrap_or(schema),
        _ => schema,
    };
    let mut names: BTreeSet<String> = schema["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for alternative in schema[keyword].as_array().into_iter().flatten() {
            names.extend(property_names(root, alternative, references));
        }
    }
    names
}

#[test]
fn every_exported_schema_is_named_after_a_component_and_has_its_properties() {
    for dialect in hookspec_dialects::registry() {
        let document = document(dialect.name);
        for (name, _) in (dialect.json_schemas)() {
            let component = document["components"]["schemas"].get(name).unwrap_or_else(|| {
                panic!("{}: `{name}` is exported but is no component schema", dialect.name)
            });
            let schema = exported(dialect.name, name);
            assert_eq!(
                property_names(&schema, &schema, "#/$defs/"),
                property_names(&document, component, "#/components/schemas/"),
                "{}: `{name}`",
                dialect.name
            );
        }
    }
}

#[test]
fn every_documented_example_the_openapi_schema_accepts_the_json_schema_accepts() {
    let mut checked = 0;
    for dialect in hookspec_dialects::registry() {
        let document = document(dialect.name);
        let exported_names: Vec<&str> = (dialect.json_schemas)().iter().map(|(name, _)| *name).collect();
        for claim in
            dialect.claims().expect("the facts parse").into_iter().filter(|claim| claim.erratum.is_none())
        {
            let Fact::Example { fixture, at, .. } = claim.fact else { continue };
            let value: Value = serde_json::from_str(fixture.text()).expect("fixtures are JSON");
            let (component, value) = match &at {
                Place::Properties { schema } => (schema.as_str(), value),
                Place::Request { operation } | Place::Response { operation, .. } => {
                    let found = hookspec_assembly::document::operation(&document, operation)
                        .expect("the operation exists");
                    let media = match at {
                        Place::Request { .. } => {
                            found.object.pointer("/requestBody/content/application~1json")
                        }
                        Place::Response { status, .. } => hookspec_assembly::document::resolve(
                            &document,
                            &found.object["responses"][status.to_string()],
                        )
                        .pointer("/content/application~1json"),
                        Place::Properties { .. } => None,
                    };
                    let reference =
                        media.and_then(|media| media["schema"]["$ref"].as_str()).expect("a component body");
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    (
                        exported_names
                            .iter()
                            .copied()
                            .find(|exported| *exported == name)
                            .unwrap_or_else(|| panic!("{name} is not exported")),
                        value,
                    )
                }
            };
            let schema = exported(dialect.name, component);
            let verdict = match at {
                // A property snippet is checked against that property's schema.
                Place::Properties { .. } => {
                    value.as_object().expect("an object").iter().try_for_each(|(property, member)| {
                        let mut property_schema = schema["properties"][property].clone();
                        property_schema["$defs"] = schema["$defs"].clone();
                        validates(&property_schema, member)
                    })
                }
                _ => validates(&schema, &value),
            };
            assert_eq!(verdict, Ok(()), "{}: {} against {component}.json", dialect.name, fixture.path());
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} examples were checked");
}

#[test]
fn the_exported_json_schema_refuses_what_the_openapi_schema_refuses() {
    // Spot checks in the other direction, where the two must agree too.
    let refused = [
        (
            "gigapay",
            "WebhookInput",
            serde_json::json!({"url": "https://a.example/", "events": ["Payout.sent"]}),
        ),
        ("gigapay", "WebhookInput", serde_json::json!({"events": ["Payout.created"]})),
        ("equals-money", "WebhookUpdate", serde_json::json!({"url": "https://a.example/"})),
        ("equals-money", "Webhook", serde_json::json!({"id": "x"})),
        ("shipstream", "IsActive", serde_json::json!("yes")),
        ("shipstream", "Topics", serde_json::json!("a,,b")),
    ];
    for (dialect, name, value) in refused {
        assert!(validates(&exported(dialect, name), &value).is_err(), "{dialect} {name}: {value}");
        let document = document(dialect);
        let schema = serde_json::json!({"$ref": format!("#/components/schemas/{name}")});
        assert!(
            hookspec_assembly::conformance::validate(&document, &schema, &value).is_err(),
            "{dialect} {name}: {value}"
        );
    }
}

#[test]
fn canonical_values_from_documented_examples_match_the_canonical_schemas() {
    let list: hookspec_dialects::gigapay::WebhookPage =
        serde_json::from_str(hookspec_tests::example("gigapay", "listWebhooks", false, "documented").text())
            .expect("a page");
    let page = serde_json::to_value(model::WebhookPage::from(list)).expect("serialisable");
    assert_eq!(validates(&exported("canonical", "WebhookPage"), &page), Ok(()));

    let retrieved: hookspec_dialects::equals_money::Webhook = serde_json::from_str(
        hookspec_tests::example("equals-money", "retrieveWebhook", false, "documented").text(),
    )
    .expect("a webhook");
    let webhook = serde_json::to_value(model::Webhook::from(retrieved)).expect("serialisable");
    assert_eq!(validates(&exported("canonical", "Webhook"), &webhook), Ok(()));

    let scheme = hookspec_tests::dialect("shipstream").signature().expect("the table parses");
    let notification = hookspec_dialects::shipstream::notification(
        hookspec_dialects::shipstream::EventData(serde_json::json!({})),
        scheme,
    );
    let notification = serde_json::to_value(notification).expect("serialisable");
    assert_eq!(validates(&exported("canonical", "Notification"), &notification), Ok(()));
    assert!(validates(&exported("canonical", "Webhook"), &serde_json::json!({"id": 1})).is_err());
}
