//! The ShipStream JSON-RPC dialect: calls told apart by validators, the OpenRPC document, the
//! documented examples and their errata, and conversions.

use hookspec_dialects::shipstream::{IsActive, Topics, Webhook, WebhookData};
use hookspec_model as model;
use hookspec_tests::document;
use serde_json::{Value, json};

const SESSION: &str = "be1c13ed4e03f0ed7f1e4053dfff9658";

fn request(params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "call", "params": params})
}

fn validate(schema: &str, value: &Value) -> Result<(), String> {
    hookspec_toolkit::validate::validate(
        &document("shipstream"),
        &json!({"$ref": format!("#/components/schemas/{schema}")}),
        value,
    )
}

#[test]
fn shipstream_accepts_correct_calls_of_each_method() {
    let calls = [
        request(json!([SESSION, "webhook.list", []])),
        request(json!([null, "webhook.list", []])),
        request(
            json!([null, "webhook.create", [{"topics": "order:created,order:completed", "url": "https://a.example/hook"}]]),
        ),
        request(
            json!([null, "webhook.create", [{"topics": "order:created", "url": "https://a.example/", "is_active": 1}]]),
        ),
        request(json!([SESSION, "webhook.update_status", ["order:created", 0]])),
        request(json!([SESSION, "webhook.update_status", ["order:created", 1]])),
        request(json!([SESSION, "webhook.delete", [123]])),
        request(
            json!([null, "webhook.create", [{"topics": ["order:created", "order:canceled"], "url": "http://e.x"}]]),
        ),
        // "If there are no additional arguments this parameter may be omitted."
        request(json!([SESSION, "webhook.list"])),
        json!({"jsonrpc": "2.0", "id": "a", "method": "login", "params": ["user", "key"]}),
    ];
    for call in calls {
        assert_eq!(validate("JsonRpcRequest", &call), Ok(()), "{call}");
    }
}

#[test]
fn shipstream_rejects_an_unknown_method() {
    assert!(validate("JsonRpcRequest", &request(json!([SESSION, "webhook.rename", []]))).is_err());
    let wrong_envelope = json!({"jsonrpc": "2.0", "id": 1, "method": "webhook.list", "params": []});
    assert!(validate("JsonRpcRequest", &wrong_envelope).is_err(), "API methods go through `call`");
}

#[test]
fn shipstream_rejects_a_call_without_its_session_slot() {
    assert!(validate("JsonRpcRequest", &request(json!(["webhook.list", []]))).is_err());
    assert!(validate("JsonRpcRequest", &request(json!(["not-a-session", "webhook.list", []]))).is_err());
}

#[test]
fn shipstream_rejects_a_status_other_than_0_or_1() {
    for status in [json!(2), json!(-1), json!("1"), json!(true)] {
        let call = request(json!([SESSION, "webhook.update_status", ["order:created", status]]));
        assert!(validate("JsonRpcRequest", &call).is_err(), "{call}");
    }
}

#[test]
fn shipstream_rejects_malformed_arguments() {
    let calls = [
        request(json!([SESSION, "webhook.list", ["extra"]])),
        request(json!([SESSION, "webhook.create", [{"url": "https://a.example/"}]])),
        request(json!([SESSION, "webhook.update_status", ["order:created"]])),
        // A method that takes arguments cannot leave them out, nor take a webhook id that is not an integer.
        request(json!([SESSION, "webhook.create"])),
        request(json!([SESSION, "webhook.delete", ["123"]])),
        request(json!([SESSION, "webhook.create", [{"topics": [1], "url": "https://a.example/"}]])),
        json!({"jsonrpc": 2.0, "id": 1, "method": "call", "params": [SESSION, "webhook.list", []]}),
    ];
    for call in calls {
        assert!(validate("JsonRpcRequest", &call).is_err(), "{call}");
    }
}

#[test]
fn shipstream_responses_cover_results_and_errors() {
    let webhook = json!({"webhook_id": 1, "is_active": 1, "topics": "order:created", "url": "http://google.com", "extra_headers": "", "secret_key": "2RUJ8NXLnLRrAj3"});
    let responses = [
        json!({"jsonrpc": "2.0", "id": 1, "result": [webhook]}),
        json!({"jsonrpc": "2.0", "id": 1, "result": true, "error": null}),
        json!({"jsonrpc": "2.0", "id": 1, "result": SESSION}),
        json!({"jsonrpc": "2.0", "id": 1, "error": {"code": -32005, "message": "Session expired."}}),
    ];
    for response in responses {
        assert_eq!(validate("JsonRpcResponse", &response), Ok(()), "{response}");
    }
    let broken = json!({"jsonrpc": "2.0", "id": 1, "error": {"message": "no code"}});
    assert!(validate("JsonRpcResponse", &broken).is_err());
}

#[test]
fn shipstream_topics_and_is_active_round_trip_through_the_canonical_model() {
    let wire: Webhook = serde_json::from_value(json!({
        "webhook_id": 7, "is_active": 1, "topics": "order:created,shipment:packed", "url": "http://example.com",
        "extra_headers": "", "secret_key": "2RUJ8NXLnLRrAj3"
    }))
    .expect("the documented shape parses");
    let canonical = model::Webhook::try_from(wire.clone()).expect("a full webhook converts");
    assert_eq!(canonical.id, "7");
    assert_eq!(canonical.events, ["order:created", "shipment:packed"]);
    assert!(canonical.enabled);
    let back = Webhook::try_from(canonical.clone()).expect("converts back");
    assert_eq!(back.is_active, Some(IsActive::One), "written as the reference does");
    assert_eq!(Webhook { extra_headers: Some(String::new()), ..back.clone() }, wire);
    assert_eq!(model::Webhook::try_from(back), Ok(canonical));

    // The 2014 revision's `webhook.list` answer showed only `webhook_id` and `name` (history, not the
    // current example): it reads, but lacks what the canonical model needs.
    let listed: Webhook =
        serde_json::from_value(json!({"webhook_id": 1, "name": "Webhook 1"})).expect("it reads");
    assert_eq!(
        model::Webhook::try_from(listed).expect_err("no url").to_string(),
        "the canonical model cannot express a webhook without `url` from ShipStream"
    );

    for (text, active) in [("1", true), ("0", false)] {
        let flag: IsActive = serde_json::from_str(text).expect("a documented flag");
        assert_eq!(flag.active(), active);
        assert_eq!(serde_json::to_string(&flag).expect("serialisable"), text, "the style is kept");
    }
    // The 2014 revision's `"Yes"` and `"No"` are not the current page's values.
    for text in ["\"Yes\"", "\"No\"", "\"yes\"", "\"1\"", "2", "true", "null"] {
        assert!(serde_json::from_str::<IsActive>(text).is_err(), "{text}");
    }
}

#[test]
fn shipstream_create_data_round_trips_and_refuses_what_it_cannot_express() {
    let input = model::WebhookInput {
        url: "https://a.example/".into(),
        events: vec!["order:created".into(), "shipment:packed".into()],
        enabled: Some(false),
        secret: Some("s".into()),
        ..Default::default()
    };
    let data = WebhookData::try_from(input.clone()).expect("converts");
    assert_eq!(data.topics, Topics::Joined("order:created,shipment:packed".into()));
    assert_eq!(data.is_active, Some(IsActive::Zero));
    assert_eq!(model::WebhookInput::from(data), input);

    let with_comma = model::WebhookInput { events: vec!["a,b".into()], ..input.clone() };
    assert!(WebhookData::try_from(with_comma).is_err());
    let no_topics = model::WebhookInput { events: Vec::new(), ..input.clone() };
    assert!(WebhookData::try_from(no_topics).is_err());
    let text_id = model::Webhook {
        id: "abc".into(),
        url: "https://a.example/".into(),
        events: vec!["order:created".into()],
        enabled: true,
        secret: Some("s".into()),
        metadata: Default::default(),
    };
    assert_eq!(
        Webhook::try_from(text_id).expect_err("ids are integers").to_string(),
        "ShipStream cannot express the id `abc`; ids are integers"
    );
}

/// `JsonRpcResponse.result` is any of the methods' results, and `webhook.delete`'s is any value,
/// so a response as a whole cannot say which method it answers: each documented result is
/// checked here against its own method's `<Stem>Result`.
#[test]
fn shipstream_documented_results_fit_their_methods_result_schema() {
    // The documented fixtures, verbatim (`"jsonrpc" : 2.0` included); only `result` is read here.
    let fixture = |name: &str| -> Value {
        serde_json::from_str(hookspec_tests::example("shipstream", "callJsonRpc", false, name).text())
            .expect("fixtures are JSON")
    };
    let list = fixture("documented");
    assert_eq!(validate("WebhookListResult", &list["result"]), Ok(()));
    assert!(validate("LoginResult", &list["result"]).is_err(), "the results are told apart");
    let login = fixture("login");
    assert_eq!(validate("LoginResult", &login["result"]), Ok(()));
    assert!(validate("WebhookListResult", &login["result"]).is_err());
    assert_eq!(validate("WebhookCreateResult", &json!(true)), Ok(()));
    assert!(validate("WebhookCreateResult", &json!(false)).is_err(), "`true` is the documented result");
    assert_eq!(validate("WebhookDeleteResult", &json!(true)), Ok(()));
    assert!(
        validate("WebhookDeleteResult", &json!({"deleted": 1})).is_err(),
        "`true` is the documented result"
    );
}
