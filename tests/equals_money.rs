//! The Equals Money dialect: its document, its documented examples and structures, and its
//! conversions.

use hookspec_dialects::equals_money::{EventTypeName, NewWebhook, Webhook, WebhookList, WebhookUpdate};
use hookspec_model as model;
use hookspec_tests::{document, example};
use serde_json::{Value, json};

fn validate_against(schema_name: &str, value: &Value) -> Result<(), String> {
    let document = document("equals-money");
    hookspec_toolkit::validate::validate(
        &document,
        &json!({"$ref": format!("#/components/schemas/{schema_name}")}),
        value,
    )
}

#[test]
fn equals_money_create_needs_one_way_to_name_the_event_type() {
    let by_name =
        json!({"enabled": true, "url": "https://a.example/hook", "webhookEventTypeName": "OrderCreated"});
    let by_id = json!({"enabled": true, "url": "https://a.example/hook", "webhookEventTypeId": "06e852d1-fcd5-43e6-babe-65a06a43266b"});
    let both = json!({"enabled": true, "url": "https://a.example/hook", "webhookEventTypeName": "OrderCreated", "webhookEventTypeId": "06e852d1-fcd5-43e6-babe-65a06a43266b"});
    let neither = json!({"enabled": true, "url": "https://a.example/hook"});
    let without_enabled = json!({"url": "https://a.example/hook", "webhookEventTypeName": "OrderCreated"});
    assert_eq!(validate_against("NewWebhook", &by_name), Ok(()));
    assert_eq!(validate_against("NewWebhook", &by_id), Ok(()));
    // Equals Money requires one of the two, and does not say that naming both is refused.
    assert_eq!(validate_against("NewWebhook", &both), Ok(()));
    assert!(validate_against("NewWebhook", &neither).is_err(), "an event type is required");
    assert!(validate_against("NewWebhook", &without_enabled).is_err(), "enabled is required");

    // The wire type reads what the schema accepts.
    for body in [by_name, by_id, both] {
        assert!(serde_json::from_value::<NewWebhook>(body.clone()).is_ok(), "{body}");
    }
}

#[test]
fn equals_money_accepts_an_event_type_name_it_does_not_know_yet() {
    assert_eq!(validate_against("EventTypeName", &json!("SomeEventTypeAddedLater")), Ok(()));
    assert!(validate_against("EventTypeName", &json!("x".repeat(257))).is_err());
    let document = document("equals-money");
    assert!(document["components"]["schemas"]["EventTypeName"].get("enum").is_none());
    assert_eq!(
        document["components"]["schemas"]["EventTypeName"]["x-extensible-enum"].as_array().map(Vec::len),
        Some(hookspec_tests::dialect("equals-money").event_names().len())
    );
    assert_eq!(
        hookspec_tests::dialect("equals-money").event_names().len(),
        31,
        "every event type of the tables, and the onboarding types the current revision renamed"
    );
}

#[test]
fn equals_money_update_requires_enabled() {
    assert_eq!(validate_against("WebhookUpdate", &json!({"enabled": false})), Ok(()));
    assert!(validate_against("WebhookUpdate", &json!({"url": "https://a.example/"})).is_err());
}

#[test]
fn equals_money_examples_are_wire_values_that_convert_to_the_canonical_model() {
    let parse = |operation: &str| -> Value {
        serde_json::from_str(example("equals-money", operation, false, "documented").text())
            .expect("fixtures are JSON")
    };
    let list: WebhookList =
        serde_json::from_value(parse("listWebhooks")).expect("the list example is a WebhookList");
    assert_eq!(serde_json::to_value(&list).expect("serialisable").as_object().map(|o| o.len()), Some(4));
    let page = model::WebhookPage::from(list);
    assert_eq!((page.total, page.next, page.previous), (Some(2), None, None));
    assert_eq!(page.items[1].events, ["BoxCredited"]);

    let retrieved: Webhook =
        serde_json::from_value(parse("retrieveWebhook")).expect("the example is a Webhook");
    let canonical = model::Webhook::from(retrieved.clone());
    assert_eq!(canonical.id, "d7d34e0f-c6e9-4cea-8c25-baaffa81714f");
    assert_eq!(canonical.secret.as_deref(), Some("123e4567-e89b-12d3-a456-426614174000"));
    assert_eq!(canonical.events, ["OrderCreated"]);
}

#[test]
fn equals_money_pages_follow_from_count_limit_and_offset() {
    let list = WebhookList { count: 250, limit: 100, offset: 100, rows: Vec::new() };
    let page = model::WebhookPage::from(list);
    assert_eq!(page.next, Some(model::PageRequest::Offset { offset: 200, limit: 100 }));
    assert_eq!(page.previous, Some(model::PageRequest::Offset { offset: 0, limit: 100 }));
}

#[test]
fn equals_money_inputs_round_trip_through_the_canonical_model() {
    let new = NewWebhook {
        shared_secret: Some("123e4567-e89b-12d3-a456-426614174000".into()),
        enabled: true,
        account_id: None,
        webhook_event_type_name: Some(EventTypeName("OrderCreated".into())),
        webhook_event_type_id: None,
        url: "https://a.example/hook".into(),
        authorization_header: None,
    };
    let canonical = model::WebhookInput::try_from(new.clone()).expect("a named event type converts");
    assert_eq!(NewWebhook::try_from(canonical), Ok(new));

    let update = WebhookUpdate {
        enabled: false,
        url: Some("https://b.example/".into()),
        shared_secret: None,
        authorization_header: None,
    };
    assert_eq!(WebhookUpdate::try_from(model::WebhookPatch::from(update.clone())), Ok(update));
}

#[test]
fn equals_money_conversions_refuse_what_either_side_cannot_express() {
    let by_id = NewWebhook {
        shared_secret: None,
        enabled: true,
        account_id: None,
        webhook_event_type_name: None,
        webhook_event_type_id: Some("06e852d1-fcd5-43e6-babe-65a06a43266b".into()),
        url: "https://a.example/".into(),
        authorization_header: None,
    };
    assert_eq!(
        model::WebhookInput::try_from(by_id).expect_err("ids are not names").to_string(),
        "the canonical model cannot express an event type named by its ID from Equals Money"
    );
    let two_events = model::WebhookInput {
        url: "https://a.example/".into(),
        events: vec!["A".into(), "B".into()],
        ..Default::default()
    };
    assert_eq!(
        NewWebhook::try_from(two_events).expect_err("one event per webhook").to_string(),
        "Equals Money cannot express a webhook with 2 events; it takes exactly one"
    );
    let without_enabled =
        model::WebhookPatch { url: Some("https://a.example/".into()), ..Default::default() };
    assert!(WebhookUpdate::try_from(without_enabled).is_err());
}
