//! The Gigapay dialect: its document, its documented examples, and its conversions.

use hookspec_dialects::gigapay::{ErrorBody, Event, Webhook, WebhookInput, WebhookPage, WebhookUpdate};
use hookspec_model as model;
use hookspec_tests::{document, example};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Parses a documented example into the wire type `T` and checks that nothing is lost: written
/// back, it is the same JSON.
fn wire<T: DeserializeOwned + Serialize>(operation: &str, request: bool, name: &str) -> T {
    let fixture = example("gigapay", operation, request, name);
    let value: Value = serde_json::from_str(fixture.text()).expect("fixtures are JSON");
    let parsed: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{}: {error}", fixture.path()));
    assert_eq!(
        serde_json::to_value(&parsed).expect("serialisable"),
        value,
        "{} does not round-trip",
        fixture.path()
    );
    parsed
}

#[test]
fn gigapay_examples_are_wire_values_that_round_trip_through_the_canonical_model() {
    let page: WebhookPage = wire("listWebhooks", false, "documented");
    let canonical = model::WebhookPage::from(page.clone());
    assert_eq!(canonical.total, Some(4));
    assert_eq!(canonical.next, None);
    assert_eq!(canonical.previous, Some(model::PageRequest::Number { page: 2, size: None }));
    for webhook in page.results {
        let canonical = model::Webhook::from(webhook.clone());
        assert!(canonical.enabled);
        assert_eq!(Webhook::try_from(canonical), Ok(webhook));
    }
    for (operation, status) in [
        ("registerWebhook", "documented"),
        ("retrieveWebhook", "documented"),
        ("updateWebhook", "documented"),
        ("replaceWebhook", "documented"),
    ] {
        let webhook: Webhook = wire(operation, false, status);
        assert_eq!(Webhook::try_from(model::Webhook::from(webhook.clone())), Ok(webhook));
    }
    for (operation, name) in [
        ("registerWebhook", "documented"),
        ("registerWebhook", "documented-curl"),
        ("replaceWebhook", "documented"),
    ] {
        let input: WebhookInput = wire(operation, true, name);
        assert_eq!(WebhookInput::try_from(model::WebhookInput::from(input.clone())), Ok(input));
    }
    let update: WebhookUpdate = wire("updateWebhook", true, "documented");
    assert_eq!(update.events, Some(vec![Event("Payout.created".into()), Event("Payout.notified".into())]));
    assert_eq!(WebhookUpdate::try_from(model::WebhookPatch::from(update.clone())), Ok(update));
}

#[test]
fn gigapay_conversions_refuse_what_gigapay_cannot_express() {
    let webhook = model::Webhook {
        id: "1".into(),
        url: "https://a.example/".into(),
        events: vec!["Payout.created".into()],
        enabled: true,
        secret: Some("s".into()),
        metadata: Default::default(),
    };
    assert!(Webhook::try_from(webhook.clone()).is_ok());
    let disabled = model::Webhook { enabled: false, ..webhook.clone() };
    assert_eq!(
        Webhook::try_from(disabled).expect_err("disabled").to_string(),
        "Gigapay cannot express a disabled webhook"
    );
    // Events are an open set: a name the guide does not list yet converts as it is.
    let unlisted = model::Webhook { events: vec!["Payrun.created".into()], ..webhook.clone() };
    assert_eq!(Webhook::try_from(unlisted).map(|wire| wire.events), Ok(vec![Event("Payrun.created".into())]));
    let secretless = model::Webhook { secret: None, ..webhook };
    assert!(Webhook::try_from(secretless).is_err());
    let paused = model::WebhookPatch { enabled: Some(false), ..Default::default() };
    assert!(WebhookUpdate::try_from(paused).is_err());
}

#[test]
fn gigapay_page_links_become_page_requests() {
    let page = WebhookPage {
        count: 60,
        next: Some("https://api.gigapay.se/v2/webhooks/?page=3&page_size=20".into()),
        previous: Some("https://api.gigapay.se/v2/webhooks/?page_size=20".into()),
        results: Vec::new(),
    };
    let canonical = model::WebhookPage::from(page);
    assert_eq!(canonical.next, Some(model::PageRequest::Number { page: 3, size: Some(20) }));
    assert_eq!(canonical.previous, Some(model::PageRequest::Number { page: 1, size: Some(20) }));
}

#[test]
fn gigapay_errors_of_both_forms_read_into_one_shape() {
    let validation: ErrorBody = serde_json::from_value(json!({
        "url": ["Enter a valid URL."],
        "non_field_errors": ["Webhook with this id already exists."]
    }))
    .expect("the validation form parses");
    let canonical = model::ApiError::from(validation);
    assert_eq!(canonical.message.as_deref(), Some("Webhook with this id already exists."));
    assert_eq!(canonical.field_errors["url"], ["Enter a valid URL."]);

    let general: ErrorBody =
        serde_json::from_value(json!({"detail": "Not found."})).expect("the general form parses");
    let canonical = model::ApiError::from(general);
    assert_eq!((canonical.message.as_deref(), canonical.field_errors.len()), (Some("Not found."), 0));

    let document = document("gigapay");
    for form in
        [json!({"detail": "Invalid token."}), json!({"events": ["\"Payout.sent\" is not a valid choice."]})]
    {
        let schema = json!({"$ref": "#/components/schemas/ErrorBody"});
        assert_eq!(hookspec_toolkit::validate::validate(&document, &schema, &form), Ok(()), "{form}");
    }
    let every_error: Vec<&Value> = ["BadRequest", "Unauthorized", "Forbidden", "NotFound"]
        .iter()
        .map(|name| &document["components"]["responses"][name]["content"]["application/json"]["schema"]["$ref"])
        .collect();
    assert!(
        every_error.iter().all(|reference| *reference == "#/components/schemas/ErrorBody"),
        "{every_error:?}"
    );
}
