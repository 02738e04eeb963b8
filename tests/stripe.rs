//! The Stripe dialect: its document held to Stripe's own description of the API, both ways, and
//! its documented examples and conversions.
//!
//! Stripe publishes its OpenAPI description (stripe/openapi) and generates its SDKs from it.
//! `crates/dialects/src/stripe/description/extract.txt` is what stripe-python's generated classes
//! state (written by `make.py` beside it, from the commit its first line names): every operation,
//! every query, path and body parameter with whether it may be left out and its JSON types, every
//! field of the objects the API answers with its types and whether it may be absent or null, and
//! every event type a webhook endpoint can enable. The test writes hookspec's document the same
//! way and requires the two to say the same, line for line, but for the differences
//! `differences.yaml` declares with their reasons (which `conformance.md` lists). Headers are not
//! in the SDK's parameter classes: `facts.yaml` backs them from its requestor.

use std::collections::BTreeSet;

use hookspec_dialects::description::Side;
use hookspec_dialects::stripe::{
    DeletedWebhookEndpoint, ErrorBody, Event, WebhookEndpoint, WebhookEndpointList,
};
use hookspec_model as model;
use hookspec_tests::{dialect, document, example, xtask};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    hookspec_toolkit::lookup::resolve(document, schema)
}

/// The JSON types a schema allows, as `object|string`, and whether null is one of them.
fn types(document: &Value, schema: &Value) -> (BTreeSet<String>, bool) {
    let schema = resolve(document, schema);
    let mut found = BTreeSet::new();
    let mut nullable = false;
    for keyword in ["anyOf", "oneOf"] {
        for member in schema[keyword].as_array().into_iter().flatten() {
            let (inner, null) = types(document, member);
            found.extend(inner);
            nullable |= null;
        }
    }
    let named: Vec<&str> = match &schema["type"] {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for name in named {
        if name == "null" {
            nullable = true;
        } else {
            found.insert(name.to_owned());
        }
    }
    (found, nullable)
}

fn shown(types: &BTreeSet<String>) -> String {
    types.iter().cloned().collect::<Vec<_>>().join("|")
}

/// A line per field of the component `name` (and of its fields' objects, dotted): its types, and
/// `or null` where it may be null or left out (the SDK's `Optional` says either).
fn fields(document: &Value, prefix: &str, schema: &Value, depth: usize, lines: &mut BTreeSet<String>) {
    let schema = resolve(document, schema);
    let required: Vec<&str> =
        schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let (found, nullable) = types(document, property);
        let absent = nullable || !required.contains(&name.as_str());
        lines.insert(format!("{prefix}{name}: {}{}", shown(&found), if absent { " or null" } else { "" }));
        let inner = resolve(document, property);
        let object = inner["anyOf"].as_array().and_then(|members| {
            members
                .iter()
                .map(|member| resolve(document, member))
                .find(|member| member.get("properties").is_some())
        });
        if depth == 0
            && let Some(object) = object.or(inner.get("properties").map(|_| inner))
        {
            fields(document, &format!("{prefix}{name}."), object, depth + 1, lines);
        }
    }
}

/// hookspec's document, written as `extract.txt` is.
fn ours() -> BTreeSet<String> {
    let document = document("stripe");
    let mut lines = BTreeSet::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            let at = format!("{} {path}", method.to_uppercase());
            lines.insert(at.clone());
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let parameter = resolve(&document, parameter);
                let place = parameter["in"].as_str().unwrap_or_default();
                if place == "header" {
                    continue;
                }
                let required = if parameter["required"] == true { "required" } else { "optional" };
                let (found, _) = types(&document, &parameter["schema"]);
                lines.insert(format!(
                    "{at} {place} {}: {required} {}",
                    parameter["name"].as_str().unwrap_or_default(),
                    shown(&found)
                ));
            }
            let body =
                operation["requestBody"]["content"].as_object().and_then(|content| content.values().next());
            if let Some(body) = body {
                let schema = resolve(&document, &body["schema"]);
                let required: Vec<&str> =
                    schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                    let presence = if required.contains(&name.as_str()) { "required" } else { "optional" };
                    let (found, _) = types(&document, property);
                    lines.insert(format!("{at} body {name}: {presence} {}", shown(&found)));
                }
            }
        }
    }
    for name in ["WebhookEndpoint", "DeletedWebhookEndpoint", "WebhookEndpointList", "Event", "ErrorBody"] {
        let schema = &document["components"]["schemas"][name];
        // The SDK states a field's nested object for the event and the error only.
        let depth = if matches!(name, "Event" | "ErrorBody") { 0 } else { 1 };
        fields(&document, &format!("{name} "), schema, depth, &mut lines);
    }
    for value in document["components"]["schemas"]["EnabledEvent"]["x-extensible-enum"]
        .as_array()
        .into_iter()
        .flatten()
    {
        lines.insert(format!("EnabledEvent {}", value.as_str().unwrap_or_default()));
    }
    lines
}

#[test]
fn the_document_says_what_stripes_own_description_says_both_ways() {
    let description = dialect("stripe").description.clone().expect("a description");
    let theirs: BTreeSet<String> = description.extract.iter().cloned().collect();
    let ours = ours();
    let mut problems = Vec::new();
    for (side, lines, other) in [(Side::Hookspec, &ours, &theirs), (Side::Provider, &theirs, &ours)] {
        for line in lines.difference(other) {
            if !description
                .differences
                .iter()
                .any(|difference| difference.line == *line && difference.only_in == side)
            {
                problems.push(format!("only {side:?} says `{line}`"));
            }
        }
    }
    for difference in &description.differences {
        let (lines, other) = match difference.only_in {
            Side::Hookspec => (&ours, &theirs),
            Side::Provider => (&theirs, &ours),
        };
        if !lines.contains(&difference.line)
            || other.contains(&difference.line)
            || difference.because.is_empty()
        {
            problems.push(format!(
                "differences.yaml declares `{}` only in {:?}, which is not so",
                difference.line, difference.only_in
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "hookspec's Stripe document and stripe-python differ:\n{}",
        problems.join("\n")
    );
    // The comparison has substance: every operation and every event type is in it.
    assert!(ours.iter().filter(|line| line.starts_with("EnabledEvent ")).count() > 250);
    let operations = ours.iter().filter(|line| line.starts_with(['G', 'P', 'D']) && !line.contains(':'));
    assert_eq!(operations.count(), 5);
}

/// Reads a documented example as the wire type `T`, and checks that nothing is lost: written back,
/// it is the same JSON.
fn wire<T: DeserializeOwned + Serialize>(text: &str, what: &str) -> T {
    let value: Value = serde_json::from_str(text).unwrap_or_else(|error| panic!("{what}: {error}"));
    let parsed: T = serde_json::from_value(value.clone()).unwrap_or_else(|error| panic!("{what}: {error}"));
    assert_eq!(serde_json::to_value(&parsed).expect("serialisable"), value, "{what} does not round-trip");
    parsed
}

#[test]
fn stripe_examples_are_wire_values_that_round_trip_and_convert() {
    let created: WebhookEndpoint =
        wire(example("stripe", "createWebhookEndpoint", false, "created").text(), "the created endpoint");
    let canonical = model::Webhook::try_from(created).expect("converts");
    assert_eq!(canonical.secret.as_deref(), Some("whsec_wRNftLajMZNeslQOP6vEPm4iVx5NlZ6z"));
    assert_eq!(canonical.events, ["charge.succeeded", "charge.failed"]);
    assert!(canonical.enabled);

    let list: WebhookEndpointList =
        wire(example("stripe", "listWebhookEndpoints", false, "documented").text(), "the list");
    let page = model::WebhookPage::try_from(list).expect("converts");
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.next, None, "`has_more: false` has no next page");
    assert_eq!(page.items[0].secret, None, "a list shows no secret");

    let deleted: DeletedWebhookEndpoint =
        wire(example("stripe", "deleteWebhookEndpoint", false, "documented").text(), "the deletion");
    assert_eq!(deleted.id, "we_1Mr5jULkdIwHu7ix1ibLTM0x");
    assert!(
        serde_json::from_value::<DeletedWebhookEndpoint>(
            serde_json::json!({"id": "we_1", "object": "webhook_endpoint", "deleted": false})
        )
        .is_err(),
        "a deleted object is `deleted: true`"
    );

    let fixture = dialect("stripe").folder.file("fixtures/openapi/event.json").expect("the event fixture");
    let event: Event = wire(fixture.text, "Stripe's event fixture");
    assert_eq!(event.kind.0, "plan.created");
}

#[test]
fn a_page_with_more_continues_after_its_last_endpoint() {
    let endpoint = |id: &str| {
        serde_json::json!({"id": id, "object": "webhook_endpoint", "api_version": null, "application": null, "created": 1,
            "description": null, "enabled_events": ["*"], "livemode": false, "metadata": {}, "status": "disabled", "url": "https://example.com"})
    };
    let list: WebhookEndpointList = serde_json::from_value(serde_json::json!({
        "object": "list", "url": "/v1/webhook_endpoints", "has_more": true, "data": [endpoint("we_a"), endpoint("we_b")]
    }))
    .expect("a list");
    let page = model::WebhookPage::try_from(list).expect("converts");
    assert_eq!(
        page.next,
        Some(model::PageRequest::Cursor { after: Some("we_b".into()), before: None, limit: Some(2) })
    );
    assert!(!page.items[0].enabled, "`status: disabled` is not enabled");
}

#[test]
fn canonical_input_stripe_cannot_take_is_refused_by_name() {
    let input = |id: Option<&str>, enabled: Option<bool>| model::WebhookInput {
        id: id.map(str::to_owned),
        url: "https://example.com".into(),
        events: vec!["charge.succeeded".into()],
        enabled,
        secret: None,
        metadata: Some(serde_json::Map::from_iter([("n".to_owned(), Value::from(1))])),
    };
    let refused = |input: model::WebhookInput| {
        hookspec_dialects::stripe::WebhookEndpointCreate::try_from(input).expect_err("refused").to_string()
    };
    assert!(refused(input(Some("we_x"), None)).contains("client-chosen webhook id"));
    assert!(refused(input(None, Some(false))).contains("created disabled"));
    assert!(refused(input(None, None)).contains("metadata `n`"));
    let error: model::ApiError = serde_json::from_value::<ErrorBody>(serde_json::json!({
        "error": {"type": "invalid_request_error", "message": "Missing required param: url.", "param": "url"}
    }))
    .expect("an error body")
    .into();
    assert_eq!(error.field_errors["url"], ["Missing required param: url."]);
}

#[test]
fn cargo_xtask_verify_accepts_a_rotation_header_with_one_valid_v1_among_several() {
    let body = r#"{"id":"evt_1","object":"event","type":"charge.succeeded"}"#;
    let file = hookspec_tests::scratch("stripe-rotation").join("body.json");
    std::fs::write(&file, body).expect("writable");
    let file = file.display().to_string();
    let secret = "whsec_test_secret";
    let (code, out, err) = xtask(&[
        "sign",
        "--dialect",
        "stripe",
        "--secret",
        secret,
        "--body-file",
        &file,
        "--timestamp",
        "1700000000",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let header =
        out.lines().find_map(|line| line.strip_prefix("Stripe-Signature: ")).expect("a signature header");
    let valid = header.split(',').find_map(|part| part.strip_prefix("v1=")).expect("a v1 entry");
    let verify = |value: String| {
        let header = format!("Stripe-Signature: {value}");
        xtask(&[
            "verify",
            "--dialect",
            "stripe",
            "--secret",
            secret,
            "--body-file",
            &file,
            "--now",
            "1700000060",
            "--header",
            &header,
        ])
    };
    let stale = "v1=".to_owned() + &"0".repeat(64);
    let v0 = "v0=".to_owned() + &"f".repeat(64);
    // During a rotation the old secret's signature comes first; a `v0` entry is ignored.
    let (code, out, err) = verify(format!("t=1700000000,{stale},v1={valid},{v0}"));
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = verify(format!("t=1700000000,{stale},{v0}"));
    assert_eq!(code, 1, "no v1 matches: {out}");
    let (code, out, _) = verify(format!("t=1699999000,v1={valid}"));
    assert_eq!(code, 1, "a timestamp outside the 300 s tolerance, and not the signed one: {out}");
}
