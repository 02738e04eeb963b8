//! The types of the progenitor clients generated from the committed 3.0 documents decode every
//! documented response and encode every documented request body byte for byte. The clients'
//! HTTP calls run against the sandbox in `tests/sandbox.rs`.

use hookspec_clients::{equals_money, gigapay};
use hookspec_tests::example;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn documented(dialect: &str, operation: &str, request: bool) -> Value {
    serde_json::from_str(example(dialect, operation, request, "documented").text())
        .expect("fixtures are JSON")
}

/// `documented` decodes as `T`, and `T` writes it back unchanged.
fn round_trips<T: Serialize + DeserializeOwned>(documented: &Value) -> T {
    let decoded: T = serde_json::from_value(documented.clone())
        .unwrap_or_else(|error| panic!("the documented example does not decode: {error}\n{documented:#}"));
    let written = serde_json::to_value(&decoded).expect("serialisable");
    let reread: T = serde_json::from_value(written.clone()).expect("what the client writes, it reads");
    assert_eq!(serde_json::to_value(&reread).expect("serialisable"), written);
    decoded
}

#[test]
fn the_gigapay_client_types_carry_every_documented_example() {
    let page: gigapay::types::WebhookPage = round_trips(&documented("gigapay", "listWebhooks", false));
    assert_eq!((page.count, page.next.is_none(), page.results.len()), (4, true, 2));
    let webhook: gigapay::types::Webhook = round_trips(&documented("gigapay", "retrieveWebhook", false));
    assert_eq!(webhook.secret_key, "c1329a085d65f7757838df5920fdcc9a");
    for operation in ["registerWebhook", "updateWebhook", "replaceWebhook"] {
        round_trips::<gigapay::types::Webhook>(&documented("gigapay", operation, false));
    }
    for (operation, body) in [
        (
            "registerWebhook",
            serde_json::to_value(round_trips::<gigapay::types::WebhookInput>(&documented(
                "gigapay",
                "registerWebhook",
                true,
            ))),
        ),
        (
            "updateWebhook",
            serde_json::to_value(round_trips::<gigapay::types::WebhookUpdate>(&documented(
                "gigapay",
                "updateWebhook",
                true,
            ))),
        ),
        (
            "replaceWebhook",
            serde_json::to_value(round_trips::<gigapay::types::WebhookReplacement>(&documented(
                "gigapay",
                "replaceWebhook",
                true,
            ))),
        ),
    ] {
        assert_eq!(
            body.expect("serialisable"),
            documented("gigapay", operation, true),
            "the client sends the documented body"
        );
    }
    let error: gigapay::types::ErrorBody =
        serde_json::from_value(serde_json::json!({"detail": "Not found."})).expect("decodes");
    assert_eq!(error.detail.as_deref(), Some("Not found."));
}

#[test]
fn the_equals_money_client_types_carry_every_documented_example() {
    let page: equals_money::types::WebhookList =
        round_trips(&documented("equals-money", "listWebhooks", false));
    assert_eq!((page.count, page.rows.len()), (2, 2));
    assert_eq!(page.rows[0].created_at.to_rfc3339(), "2023-11-01T14:09:10+00:00");
    assert!(page.rows[0].shared_secret.is_none());
    let webhook: equals_money::types::Webhook =
        round_trips(&documented("equals-money", "retrieveWebhook", false));
    assert_eq!(webhook.authorization_header.as_deref(), Some("Basic AXVubzpwQDU1dzByYM=="));
    round_trips::<equals_money::types::Webhook>(&documented("equals-money", "createWebhook", false));
    round_trips::<equals_money::types::Webhook>(&documented("equals-money", "updateWebhook", false));
    round_trips::<equals_money::types::WebhookEventType>(&documented(
        "equals-money",
        "retrieveWebhookEventType",
        false,
    ));
    let create = documented("equals-money", "createWebhook", true);
    let body = round_trips::<equals_money::types::NewWebhook>(&create);
    assert_eq!(
        serde_json::to_value(body).expect("serialisable"),
        create,
        "the client sends the documented body"
    );
    let update = documented("equals-money", "updateWebhook", true);
    let body = round_trips::<equals_money::types::WebhookUpdate>(&update);
    assert_eq!(serde_json::to_value(body).expect("serialisable"), update);
}
