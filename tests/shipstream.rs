//! The ShipStream JSON-RPC dialect: calls told apart by validators, the OpenRPC document, the
//! documented examples and their errata, and conversions.

use hookspec_dialects::shipstream::{IsActive, Topics, Webhook, WebhookData};
use hookspec_model as model;
use hookspec_assembly::conformance;
use hookspec_tests::{dialect, document, generated, workspace};
use serde_json::{Value, json};

const SESSION: &str = "be1c13ed4e03f0ed7f1e4053dfff9658";

fn request(params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "call", "params": params})
}

fn validate(schema: &str, value: &Value) -> Result<(), String> {
    conformance::validate(
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
            json!([null, "webhook.create", [{"topics": "order:*", "url": "https://a.example/", "is_active": "Yes"}]]),
        ),
        request(json!([SESSION, "webhook.update_status", ["order:created", 0]])),
        request(json!([SESSION, "webhook.update_status", ["order:created", 1]])),
        request(json!([SESSION, "webhook.delete", ["anything", 1]])),
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
        request(json!([SESSION, "webhook.create", [{"topics": "a,,b", "url": "https://a.example/"}]])),
        request(json!([SESSION, "webhook.update_status", ["order:created"]])),
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
fn shipstream_has_one_operation_on_a_per_customer_host() {
    let document = document("shipstream");
    let paths = document["paths"].as_object().expect("paths");
    assert_eq!(paths.keys().collect::<Vec<_>>(), ["/api/jsonrpc"]);
    assert_eq!(document["paths"]["/api/jsonrpc"]["post"]["operationId"], "callJsonRpc");
    assert_eq!(document["servers"][0]["url"], "https://{host}");
    assert!(document["servers"][0]["variables"]["host"]["default"].is_string());
    assert_eq!(document["components"]["securitySchemes"]["Basic"]["scheme"], "basic");
    let delete_arguments =
        &document["components"]["schemas"]["WebhookDeleteCall"]["properties"]["params"]["prefixItems"][2];
    assert_eq!(delete_arguments["x-hookspec-undocumented"], true);
    let codes: Vec<i64> = document["components"]["schemas"]["JsonRpcError"]["x-jsonrpc-error-codes"]
        .as_array()
        .expect("codes")
        .iter()
        .filter_map(|entry| entry["code"].as_i64())
        .collect();
    for code in
        [-32700, -32600, -32601, -32602, -32603, -32002, -32005, -32006, -32100, -32101, -32102, -32106]
    {
        assert!(codes.contains(&code), "{code}");
    }
}

#[test]
fn shipstream_openrpc_document_validates_against_the_openrpc_meta_schema() {
    let vendor = workspace().join("tests/vendor/openrpc");
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(vendor.join(name)).expect("vendored")).expect("JSON")
    };
    let mut meta = read("openrpc-meta-schema.json");
    let mut tools = read("json-schema-tools-meta-schema.json");
    // Both name their own, unpublished dialect URI in `$schema`; they are draft-07 schemas.
    for schema in [&mut meta, &mut tools] {
        schema.as_object_mut().expect("object").remove("$schema");
    }
    // The OpenRPC meta-schema refers to it both with and without the final slash.
    let registry = jsonschema::Registry::new()
        .add("https://meta.json-schema.tools/", jsonschema::Resource::from_contents(tools.clone()))
        .and_then(|builder| {
            builder.add("https://meta.json-schema.tools", jsonschema::Resource::from_contents(tools))
        })
        .and_then(jsonschema::RegistryBuilder::prepare)
        .expect("the json-schema-tools meta-schema registers");
    // Formats stay annotations, as draft-07 has them by default: the meta-schema types
    // `servers[].url` as `format: uri`, yet the OpenRPC specification lets that URL hold server
    // variables (`https://{host}/api/jsonrpc`), which no URI parser accepts.
    let validator = jsonschema::draft7::options()
        .should_validate_formats(false)
        .with_registry(&registry)
        .build(&meta)
        .expect("the meta-schema compiles");
    let openrpc: Value = serde_json::from_str(&generated("shipstream/openrpc.json")).expect("JSON");
    let errors: Vec<String> =
        validator.iter_errors(&openrpc).map(|error| format!("{}: {error}", error.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // The meta-schema is not vacuous: a document with a broken method fails it.
    let mut broken = openrpc.clone();
    broken["methods"][0]["params"] = json!("not a list");
    assert!(!validator.is_valid(&broken));
}

#[test]
fn shipstream_openrpc_has_a_method_per_api_method_and_the_same_schemas() {
    let openrpc: Value = serde_json::from_str(&generated("shipstream/openrpc.json")).expect("JSON");
    let names: Vec<&str> =
        openrpc["methods"].as_array().expect("methods").iter().filter_map(|m| m["name"].as_str()).collect();
    assert_eq!(names, ["login", "webhook.list", "webhook.create", "webhook.update_status", "webhook.delete"]);
    let openapi = document("shipstream");
    let keys =
        |value: &Value| value.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    assert_eq!(keys(&openrpc["components"]["schemas"]), keys(&openapi["components"]["schemas"]));
    assert_eq!(openrpc["methods"][3]["params"][1]["schema"]["enum"], json!([0, 1]));
    assert_eq!(
        openrpc["methods"][1]["x-jsonrpc-envelope"]["params"],
        json!(["session_id", "webhook.list", "arguments"])
    );
    assert!(openrpc["methods"][4]["x-hookspec-undocumented"].is_string());
    let tuple = &openrpc["components"]["schemas"]["WebhookUpdateStatusCall"]["properties"]["params"];
    assert!(
        tuple.get("prefixItems").is_none() && tuple["items"].is_array() && tuple["additionalItems"] == false
    );
}

#[test]
fn shipstream_errata_are_exactly_the_documented_divergences() {
    let mut document = serde_json::to_value(dialect("shipstream").openapi()).expect("serialisable");
    let checked = conformance::check(&mut document, &dialect("shipstream").claims())
        .expect("claims hold or are errata");
    let errata: Vec<(String, String)> = checked
        .errata()
        .map(|entry| (conformance::describe(&entry.claim.fact), entry.mismatch.clone().unwrap_or_default()))
        .collect();
    assert_eq!(errata.len(), 5, "{errata:#?}");
    assert!(
        errata[0].0.contains("webhook-list.request.json")
            && errata[0].1.contains("at `/jsonrpc`: 2.0 is not of type \"string\"")
    );
    assert!(
        errata[1].0.contains("webhook-list.response.json")
            && errata[1].1.contains("at `/result/0`: \"topics\" is a required property")
    );
    assert!(!errata[1].1.contains("/error"), "`error: null` beside a result is accepted");
    assert!(errata[2].0.contains("\"error\" : null"));
    assert!(errata[3].0.contains("TBD"));
    assert!(errata[4].0.contains("is_active"));
}

#[test]
fn shipstream_property_snippets_are_embedded_as_property_examples() {
    let document = document("shipstream");
    let property =
        |name: &str| document["components"]["schemas"]["Webhook"]["properties"][name]["examples"].clone();
    assert_eq!(property("webhook_id"), json!([1]));
    assert_eq!(property("is_active"), json!(["Yes"]));
    assert_eq!(property("topics"), json!(["order:created"]));
    assert_eq!(property("extra_headers"), json!([""]));
}

#[test]
fn shipstream_topics_and_is_active_round_trip_through_the_canonical_model() {
    let wire: Webhook = serde_json::from_value(json!({
        "webhook_id": 7, "is_active": "Yes", "topics": "order:created,order:*", "url": "http://google.com",
        "extra_headers": "", "secret_key": "2RUJ8NXLnLRrAj3"
    }))
    .expect("the documented shape parses");
    let canonical = model::Webhook::from(wire.clone());
    assert_eq!(canonical.id, "7");
    assert_eq!(canonical.events, ["order:created", "order:*"]);
    assert!(canonical.enabled);
    let back = Webhook::try_from(canonical.clone()).expect("converts back");
    assert_eq!(back.is_active, IsActive::One, "written as later documentation does");
    assert_eq!(Webhook { is_active: IsActive::Yes, ..back.clone() }, wire);
    assert_eq!(model::Webhook::from(back), canonical);

    for (text, active) in [("\"Yes\"", true), ("\"No\"", false), ("1", true), ("0", false)] {
        let flag: IsActive = serde_json::from_str(text).expect("a documented flag");
        assert_eq!(flag.active(), active);
        assert_eq!(serde_json::to_string(&flag).expect("serialisable"), text, "the style is kept");
    }
    for text in ["\"yes\"", "2", "true", "null"] {
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
    assert_eq!(data.topics, Topics("order:created,shipment:packed".into()));
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
