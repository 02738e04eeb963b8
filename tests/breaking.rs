//! The breaking-change report (`cargo xtask diff`): a table of mutations of the published
//! documents, each applied both ways (old -> new and new -> old), with whom each direction breaks.

use std::collections::BTreeSet;

use hookspec_tests::{document, generated};
use hookspec_toolkit::breaking::{self, Party, Severity};
use serde_json::{Value, json};

/// Whom a direction of a mutation breaks: a party, or nobody (changes listed, none breaking).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Breaks {
    Clients,
    Receivers,
    Nobody,
}

use Breaks::{Clients, Nobody, Receivers};

/// A change to a document: set (or insert) the value at a pointer, or remove it.
enum Edit {
    Set(&'static str, Value),
    Remove(&'static str),
}

/// One mutation: the document it applies to, the edits, and whom it breaks forward (original ->
/// mutated) and backward (mutated -> original). `Nobody` alone means nothing breaks, though the
/// report still lists the change.
struct Case {
    name: &'static str,
    dialect: &'static str,
    edits: Vec<Edit>,
    forward: &'static [Breaks],
    backward: &'static [Breaks],
}

fn case(
    name: &'static str,
    dialect: &'static str,
    edits: Vec<Edit>,
    forward: &'static [Breaks],
    backward: &'static [Breaks],
) -> Case {
    Case { name, dialect, edits, forward, backward }
}

use Edit::{Remove, Set};

fn cases() -> Vec<Case> {
    vec![
        // Operations and servers.
        case(
            "operation removed",
            "gigapay",
            vec![Remove("/paths/~1webhooks~1{id}~1/delete")],
            &[Clients],
            &[Nobody],
        ),
        case("server removed", "gigapay", vec![Remove("/servers/1")], &[Clients], &[Nobody]),
        case(
            "security scheme changed",
            "gigapay",
            vec![Set("/components/securitySchemes/Token/name", json!("X-Api-Key"))],
            &[Clients],
            &[Clients],
        ),
        case(
            "security alternative added",
            "gigapay",
            vec![Set("/security/1", json!({}))],
            &[Nobody],
            &[Clients],
        ),
        // Parameters.
        case(
            "required query parameter added",
            "gigapay",
            vec![Set(
                "/paths/~1webhooks~1/get/parameters/4",
                json!({"name": "q", "in": "query", "required": true, "schema": {"type": "string"}}),
            )],
            &[Clients],
            &[Clients],
        ),
        case(
            "optional query parameter added",
            "gigapay",
            vec![Set(
                "/paths/~1webhooks~1/get/parameters/4",
                json!({"name": "q", "in": "query", "schema": {"type": "string"}}),
            )],
            &[Nobody],
            &[Clients],
        ),
        case(
            "optional parameter made required",
            "gigapay",
            vec![Set("/paths/~1webhooks~1/get/parameters/2/required", json!(true))],
            &[Clients],
            &[Nobody],
        ),
        case(
            "parameter type changed",
            "gigapay",
            vec![Set("/paths/~1webhooks~1/get/parameters/2/schema/type", json!("string"))],
            &[Clients],
            &[Clients],
        ),
        case(
            "parameter maximum added",
            "gigapay",
            vec![Set("/paths/~1webhooks~1/get/parameters/3/schema/maximum", json!(100))],
            &[Clients],
            &[Nobody],
        ),
        // Request bodies.
        case(
            "request property made required",
            "gigapay",
            vec![Set("/components/schemas/WebhookInput/required/2", json!("secret_key"))],
            &[Clients],
            &[Nobody],
        ),
        case(
            "request property removed",
            "gigapay",
            vec![Remove("/components/schemas/WebhookInput/properties/metadata")],
            &[Clients],
            &[Nobody],
        ),
        case(
            "request format added",
            "gigapay",
            vec![Set("/components/schemas/WebhookInput/properties/id/format", json!("uuid"))],
            &[Clients],
            &[Nobody],
        ),
        case(
            // Event type names are written in requests and read in responses and deliveries.
            "shared maxLength tightened",
            "equals-money",
            vec![Set("/components/schemas/EventTypeName/maxLength", json!(64))],
            &[Clients],
            &[Clients, Receivers],
        ),
        case(
            "request closed to other properties",
            "gigapay",
            vec![Set("/components/schemas/WebhookInput/additionalProperties", json!(false))],
            &[Clients],
            &[Nobody],
        ),
        case(
            "request body removed",
            "gigapay",
            vec![Remove("/paths/~1webhooks~1/post/requestBody")],
            &[Clients],
            &[Clients],
        ),
        case(
            "request media type removed",
            "gigapay",
            vec![Set(
                "/paths/~1webhooks~1/post/requestBody/content",
                json!({"application/xml": {"schema": {"type": "string"}}}),
            )],
            &[Clients],
            &[Clients],
        ),
        // Responses.
        case(
            "response property removed",
            "gigapay",
            vec![Remove("/components/schemas/Webhook/properties/metadata")],
            &[Clients],
            &[Nobody],
        ),
        case(
            "response property no longer required",
            "gigapay",
            vec![Set("/components/schemas/Webhook/required", json!(["id", "url", "events", "secret_key"]))],
            &[Clients],
            &[Nobody],
        ),
        case(
            "response property added",
            "gigapay",
            vec![Set("/components/schemas/Webhook/properties/created", json!({"type": "string"}))],
            &[Nobody],
            // Backward, an optional property removed: a warning for the readers that use it.
            &[Nobody],
        ),
        case(
            "response type widened to null",
            "gigapay",
            vec![Set("/components/schemas/Webhook/properties/id/type", json!(["string", "null"]))],
            &[Clients],
            &[Nobody],
        ),
        case(
            "success status removed",
            "gigapay",
            vec![Remove("/paths/~1webhooks~1/post/responses/201")],
            &[Clients],
            // Backward, a success status added: a warning.
            &[Nobody],
        ),
        case(
            "error status added",
            "gigapay",
            vec![Set("/paths/~1webhooks~1/post/responses/409", json!({"description": "Conflict."}))],
            &[Nobody],
            &[Nobody],
        ),
        case(
            "success status added",
            "gigapay",
            vec![Set("/paths/~1webhooks~1/post/responses/202", json!({"description": "Accepted."}))],
            // A warning forward: only readers that expect exactly the old statuses break.
            &[Nobody],
            &[Clients],
        ),
        // A component both sides use: `Event` is in requests and responses.
        case(
            "enum added to a shared component",
            "gigapay",
            vec![Set("/components/schemas/Event/enum", json!(["Payout.created"]))],
            &[Clients],
            &[Clients],
        ),
        // Deliveries: the roles reversed.
        case(
            "delivery removed",
            "gigapay",
            vec![Remove("/webhooks/Payout.created")],
            &[Receivers],
            &[Nobody],
        ),
        case(
            "delivery payload property removed",
            "equals-money",
            vec![Remove("/components/schemas/EventPayload/properties/messageId")],
            &[Receivers],
            &[Nobody],
        ),
        case(
            "delivery payload property added",
            "equals-money",
            vec![Set("/components/schemas/EventPayload/properties/sentAt", json!({"type": "string"}))],
            &[Nobody],
            // Backward, an optional property removed: a warning.
            &[Nobody],
        ),
        case(
            "delivery payload opened to any type",
            "gigapay",
            vec![Remove("/components/schemas/Employee/type")],
            &[Receivers],
            &[Nobody],
        ),
        case(
            "delivery signature header removed",
            "gigapay",
            vec![Remove("/webhooks/Payout.created/post/parameters/0")],
            &[Receivers],
            &[Nobody],
        ),
        case(
            "delivery signature scheme changed",
            "gigapay",
            vec![Set(
                "/webhooks/Payout.created/post/parameters/0/x-hookspec-signature/encoding",
                json!("base64"),
            )],
            &[Receivers],
            &[Receivers],
        ),
        case(
            "delivery header made optional",
            "gigapay",
            vec![Set("/webhooks/Payout.created/post/parameters/0/required", json!(false))],
            &[Receivers],
            &[Nobody],
        ),
        case(
            "delivery acknowledgement narrowed",
            "gigapay",
            vec![
                Remove("/webhooks/Payout.created/post/responses/2XX"),
                Set("/webhooks/Payout.created/post/responses/200", json!({"description": "Acknowledged."})),
            ],
            &[Receivers],
            &[Receivers],
        ),
        // JSON-RPC: calls and results.
        case(
            "JSON-RPC API method dropped",
            "shipstream",
            vec![Remove("/components/schemas/CallRequest/properties/params/anyOf/3")],
            &[Clients],
            &[Nobody],
        ),
        case(
            "JSON-RPC result branch added",
            "shipstream",
            vec![Set(
                "/components/schemas/JsonRpcResponse/properties/result/anyOf/5",
                json!({"type": "number"}),
            )],
            &[Clients],
            &[Nobody],
        ),
        case(
            "JSON-RPC status value dropped",
            "shipstream",
            vec![Set("/components/schemas/Status/enum", json!([1]))],
            &[Clients],
            &[Nobody],
        ),
        // Words only: no change a client or receiver can see.
        case(
            "description edited",
            "gigapay",
            vec![Set("/components/schemas/Webhook/description", json!("Another description."))],
            &[],
            &[],
        ),
        case("title edited", "shipstream", vec![Set("/info/title", json!("Another title"))], &[], &[]),
    ]
}

fn apply(mut document: Value, edits: &[Edit]) -> Value {
    for edit in edits {
        let (pointer, value) = match edit {
            Set(pointer, value) => (*pointer, Some(value.clone())),
            Remove(pointer) => (*pointer, None),
        };
        let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
        let key = key.replace("~1", "/").replace("~0", "~");
        let holder = document.pointer_mut(parent).unwrap_or_else(|| panic!("no {parent}"));
        match (holder, value) {
            (Value::Object(object), Some(value)) => {
                object.insert(key, value);
            }
            (Value::Object(object), None) => {
                assert!(object.shift_remove(&key).is_some(), "nothing at {pointer}");
            }
            (Value::Array(items), Some(value)) => {
                let index: usize = key.parse().expect("an index");
                if index < items.len() { items[index] = value } else { items.push(value) }
            }
            (Value::Array(items), None) => {
                items.remove(key.parse::<usize>().expect("an index"));
            }
            _ => panic!("{parent} holds no members"),
        }
    }
    document
}

fn verdict(old: &Value, new: &Value) -> (BTreeSet<Breaks>, usize) {
    let report = breaking::compare(old, new);
    let mut broken: BTreeSet<Breaks> = report
        .broken()
        .into_iter()
        .map(|party| match party {
            Party::Clients => Clients,
            Party::Receivers => Receivers,
        })
        .collect();
    if broken.is_empty() && !report.changes.is_empty() {
        broken.insert(Nobody);
    }
    (broken, report.changes.len())
}

/// The report, a change a line, for a failure message.
fn listing(report: &breaking::Report) -> String {
    let lines: Vec<String> = report
        .changes
        .iter()
        .map(|change| {
            format!(
                "{} {:?} {} ({}): {}",
                change.severity, change.party, change.pointer, change.kind, change.why
            )
        })
        .collect();
    lines.join("\n")
}

#[test]
fn every_mutation_is_classified_in_both_directions() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let original = document(case.dialect);
        let mutated = apply(original.clone(), &case.edits);
        assert_ne!(original, mutated, "{}: the mutation changes nothing", case.name);
        for (direction, old, new, expected) in
            [("forward", &original, &mutated, case.forward), ("backward", &mutated, &original, case.backward)]
        {
            let (found, _) = verdict(old, new);
            let expected: BTreeSet<Breaks> = expected.iter().copied().collect();
            if found != expected {
                let report = listing(&breaking::compare(old, new));
                failures.push(format!(
                    "{} ({direction}): expected {expected:?}, found {found:?}\n{report}",
                    case.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), cases.len() * 2, failures.join("\n"));
}

#[test]
fn every_published_document_compared_with_itself_has_no_change() {
    for dialect in hookspec_tests::providers() {
        for file in ["openapi.yaml", "openapi-3.0.yaml"] {
            let text = generated(&format!("{}/{file}", dialect.name));
            let parsed = hookspec_toolkit::parse(&text, file).expect("an OpenAPI document");
            let report = breaking::compare(&parsed, &parsed);
            assert!(report.changes.is_empty(), "{}/{file}: {:?}", dialect.name, report.changes);
        }
    }
}

#[test]
fn the_3_0_document_gives_the_same_verdicts_as_the_3_1_one() {
    // The same mutation on a component, read from either version of the document.
    for dialect in ["gigapay", "equals-money"] {
        let read = |file: &str| {
            hookspec_toolkit::parse(&generated(&format!("{dialect}/{file}")), file).expect("OpenAPI")
        };
        for file in ["openapi.yaml", "openapi-3.0.yaml"] {
            let original = read(file);
            let mutated = apply(original.clone(), &[Remove("/components/schemas/Webhook/properties/url")]);
            assert_eq!(verdict(&original, &mutated).0, [Clients].into(), "{dialect}/{file}");
        }
    }
}

#[test]
fn a_value_added_where_a_party_reads_is_a_warning_and_where_it_writes_information() {
    // `Event` names are written in requests and read in responses.
    let original =
        apply(document("gigapay"), &[Set("/components/schemas/Event/enum", json!(["Payout.created"]))]);
    let added = json!(["Payout.created", "Payout.teleported"]);
    let mutated = apply(original.clone(), &[Set("/components/schemas/Event/enum", added)]);
    let report = breaking::compare(&original, &mutated);
    let found: BTreeSet<(Party, Severity)> = report
        .changes
        .iter()
        .filter(|change| change.kind == "enum-value-added")
        .map(|change| (change.party, change.severity))
        .collect();
    let expected = [(Party::Clients, Severity::Info), (Party::Clients, Severity::Warning)].into();
    assert_eq!(found, expected, "{}", listing(&report));
    assert!(!report.breaking(), "{}", listing(&report));
}

#[test]
fn an_operation_newly_deprecated_is_a_warning() {
    let original = document("gigapay");
    let mutated = apply(original.clone(), &[Set("/paths/~1webhooks~1{id}~1/delete/deprecated", json!(true))]);
    let report = breaking::compare(&original, &mutated);
    let change = report.changes.iter().find(|change| change.kind == "deprecated").expect("a deprecation");
    assert_eq!((change.party, change.severity), (Party::Clients, Severity::Warning));
    assert_eq!(change.pointer, "/paths/~1webhooks~1{id}~1/delete/deprecated");
    let back = breaking::compare(&mutated, &original);
    assert!(back.changes.iter().all(|change| change.severity == Severity::Info), "{}", listing(&back));
}
