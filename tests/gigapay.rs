//! The Gigapay dialect: its document, its documented examples, and its conversions.

use hookspec_dialects::gigapay::{ErrorBody, Event, Webhook, WebhookInput, WebhookPage, WebhookUpdate};
use hookspec_model as model;
use hookspec_assembly::conformance;
use hookspec_tests::{dialect, document, example};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Parses a documented example into the wire type `T` and checks that nothing is lost: written
/// back, it is the same JSON.
fn wire<T: DeserializeOwned + Serialize>(operation: &str, request: bool, name: &str) -> T {
    let fixture = example("gigapay", operation, request, name);
    let value: Value = serde_json::from_str(fixture.text).expect("fixtures are JSON");
    let parsed: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{}: {error}", fixture.path));
    assert_eq!(
        serde_json::to_value(&parsed).expect("serialisable"),
        value,
        "{} does not round-trip",
        fixture.path
    );
    parsed
}

#[test]
fn gigapay_documents_every_operation_with_its_path_method_and_status() {
    let document = document("gigapay");
    let expected = [
        ("/webhooks/", "get", "listWebhooks", "200"),
        ("/webhooks/", "post", "registerWebhook", "201"),
        ("/webhooks/{id}/", "get", "retrieveWebhook", "200"),
        ("/webhooks/{id}/", "patch", "updateWebhook", "200"),
        ("/webhooks/{id}/", "put", "replaceWebhook", "200"),
        ("/webhooks/{id}/", "delete", "deleteWebhook", "204"),
    ];
    for (path, method, id, success) in expected {
        let operation = &document["paths"][path][method];
        assert_eq!(operation["operationId"], id);
        assert!(operation["responses"][success].is_object(), "{id} answers {success}");
        assert_eq!(operation["parameters"][0]["$ref"], "#/components/parameters/IntegrationId", "{id}");
        for error in ["401", "403"] {
            assert!(operation["responses"][error].is_object(), "{id} documents {error}");
        }
    }
    assert!(document["paths"]["/webhooks/{id}/"]["delete"]["responses"]["204"].get("content").is_none());
    assert_eq!(document["components"]["parameters"]["IntegrationId"]["required"], true);
    assert_eq!(document["security"], json!([{"Token": []}]));
    assert_eq!(document["components"]["securitySchemes"]["Token"]["name"], "Authorization");
    let servers: Vec<&str> =
        document["servers"].as_array().expect("servers").iter().filter_map(|s| s["url"].as_str()).collect();
    assert_eq!(servers, ["https://api.gigapay.se/v2", "https://api.demo.gigapay.se/v2"]);
}

#[test]
fn gigapay_only_register_takes_an_idempotency_key() {
    let document = document("gigapay");
    for operation in hookspec_assembly::document::operations(&document) {
        let takes = operation.object["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .any(|parameter| parameter["name"] == "Idempotency-Key");
        assert_eq!(takes, operation.object["operationId"] == "registerWebhook", "{}", operation.pointer());
    }
}

#[test]
fn gigapay_input_defaults_are_documented() {
    let document = document("gigapay");
    let input = &document["components"]["schemas"]["WebhookInput"];
    assert_eq!(input["required"], json!(["url", "events"]));
    assert_eq!(input["properties"]["metadata"]["default"], json!({}));
    assert!(input["properties"]["id"]["description"].as_str().is_some_and(|text| text.contains("UUID4")));
    assert!(
        input["properties"]["secret_key"]["description"]
            .as_str()
            .is_some_and(|text| text.contains("32-character"))
    );
    assert!(
        document["components"]["schemas"]["WebhookUpdate"].get("required").is_none(),
        "PATCH is all-optional"
    );
}

#[test]
fn gigapay_every_valid_example_is_embedded_where_it_belongs() {
    let document = document("gigapay");
    let embedded =
        |pointer: &str| document.pointer(pointer).and_then(Value::as_object).map(|examples| examples.len());
    assert_eq!(embedded("/paths/~1webhooks~1/get/responses/200/content/application~1json/examples"), Some(1));
    assert_eq!(embedded("/paths/~1webhooks~1/post/requestBody/content/application~1json/examples"), Some(2));
    assert_eq!(
        embedded("/paths/~1webhooks~1/post/responses/201/content/application~1json/examples"),
        Some(1)
    );
    for method in ["patch", "put"] {
        assert_eq!(
            embedded(&format!(
                "/paths/~1webhooks~1{{id}}~1/{method}/requestBody/content/application~1json/examples"
            )),
            Some(1)
        );
        assert_eq!(
            embedded(&format!(
                "/paths/~1webhooks~1{{id}}~1/{method}/responses/200/content/application~1json/examples"
            )),
            Some(1)
        );
    }
    assert_eq!(
        embedded("/paths/~1webhooks~1{id}~1/get/responses/200/content/application~1json/examples"),
        Some(1)
    );
}

#[test]
fn gigapay_errata_are_exactly_the_documented_contradictions() {
    let mut document = serde_json::to_value(dialect("gigapay").openapi()).expect("serialisable");
    let checked =
        conformance::check(&mut document, &dialect("gigapay").claims()).expect("claims hold or are errata");
    let errata: Vec<String> =
        checked.errata().map(|entry| conformance::describe(&entry.claim.fact)).collect();
    assert_eq!(
        errata,
        [
            "The page has `count: 4`, two results, `next: null` and `previous: ...?page=2`.",
            "`POST https://gigatron.se/webhooks/payouts/`",
            "The response is documented without its status code.",
            "retrieveWebhook: the response to `https://api.gigapay.se/v2/webhooks/481272/` echoes the request",
            "\"This endpoint creates a webhooks.\"",
            "replaceWebhook: the response to `https://api.gigapay.se/v2/webhooks/481272/` echoes the request",
            "`PUT https://api.gigapay.se/v2/webhooks/`",
            "`kittn.authorize('meowmeowmeow')` / `api.kittens.get()`",
            "`GET http://example.com/api/kittens`",
            "listWebhooks: header parameter `Authorization`, optional",
        ]
    );
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
    assert_eq!(update.events, Some(vec![Event::PayoutCreated, Event::PayoutNotified]));
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
    let unknown = model::Webhook { events: vec!["Order.shipped".into()], ..webhook.clone() };
    assert_eq!(
        Webhook::try_from(unknown).expect_err("unknown event").to_string(),
        "Gigapay cannot express the event `Order.shipped`"
    );
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
        assert_eq!(hookspec_assembly::conformance::validate(&document, &schema, &form), Ok(()), "{form}");
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
