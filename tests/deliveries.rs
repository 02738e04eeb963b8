//! Deliveries: the `webhooks` section of every document, the canonical notification, and
//! `cargo xtask sign`/`verify` for each provider's scheme.
//!
//! The known answers were computed with openssl when the tests were written, independently of
//! the code under test:
//!   printf '%s' "1700000000.$(cat body)" | openssl dgst -sha256 -hmac SECRET -hex      (Gigapay)
//!   openssl dgst -sha256 -hmac SECRET -binary body | base64          (ShipStream, Equals Money)

use hookspec_dialects::{equals_money, gigapay, shipstream};
use hookspec_tests::{document, scratch, xtask};
use serde_json::{Value, json};

const GIGAPAY_BODY: &str = r#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;
const EQUALS_BODY: &str =
    r#"{"webhookEventTypeName":"OrderCreated","messageId":"0473b4d0-2f69-4bc5-ab7b-94589a4e48ba"}"#;

struct Case {
    dialect: &'static str,
    secret: &'static str,
    body: &'static str,
    header: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        dialect: "gigapay",
        secret: "c1329a085d65f7757838df5920fdcc9a",
        body: GIGAPAY_BODY,
        header: "Gigapay-Signature: t=1700000000,v1=210c937568e8411584dc6cbda19688f20367c91ce7e04508e44e328360b49c7b",
    },
    Case {
        dialect: "shipstream",
        secret: "2RUJ8NXLnLRrAj3",
        body: GIGAPAY_BODY,
        header: "X-Plugin-Hmac-Sha256: HkJCkDvLTuuMbtdCtSHldVuSz6FvSgKVbmmirFNEop4=",
    },
    Case {
        dialect: "equals-money",
        secret: "123e4567-e89b-12d3-a456-426614174000",
        body: EQUALS_BODY,
        header: "x-em-signature: aMXarybxEML/Wn41sNmJxVMLFdizSBHpSImExk74uZg=",
    },
];

fn body_file(name: &str, body: &str) -> String {
    let file = scratch(name).join("body.json");
    std::fs::write(&file, body).expect("writable");
    file.to_str().expect("UTF-8").to_owned()
}

fn verify(case: &Case, secret: &str, header: &str, body: &str) -> (u8, String) {
    let file = body_file(&format!("verify-{}-{}", case.dialect, body.len()), body);
    let (code, out, err) = xtask(&[
        "verify",
        "--dialect",
        case.dialect,
        "--secret",
        secret,
        "--header",
        header,
        "--body-file",
        &file,
        "--now",
        "1700000060",
    ]);
    (code, format!("{out}{err}"))
}

#[test]
fn sign_prints_the_header_each_provider_would_send() {
    for case in &CASES {
        let file = body_file(&format!("sign-{}", case.dialect), case.body);
        let (code, out, err) = xtask(&[
            "sign",
            "--dialect",
            case.dialect,
            "--secret",
            case.secret,
            "--body-file",
            &file,
            "--timestamp",
            "1700000000",
        ]);
        assert_eq!((code, err.as_str()), (0, ""), "{}", case.dialect);
        assert_eq!(out.trim_end(), case.header, "{}", case.dialect);
    }
}

#[test]
fn verify_accepts_genuine_deliveries() {
    for case in &CASES {
        assert_eq!(
            verify(case, case.secret, case.header, case.body),
            (0, "valid\n".to_owned()),
            "{}",
            case.dialect
        );
        let lower = case.header.to_lowercase();
        let (name, _) = lower.split_once(':').expect("a header line");
        let value = case.header.split_once(':').expect("a header line").1;
        assert_eq!(
            verify(case, case.secret, &format!("{name}:{value}"), case.body).0,
            0,
            "header names ignore case"
        );
    }
}

#[test]
fn verify_refuses_tampered_bodies_wrong_secrets_and_truncated_headers() {
    for case in &CASES {
        let tampered = case.body.replacen('e', "f", 1);
        assert_eq!(
            verify(case, case.secret, case.header, &tampered),
            (1, "invalid: the signature does not match the body and secret\n".to_owned()),
            "{}",
            case.dialect
        );
        assert_eq!(verify(case, "wrong secret", case.header, case.body).0, 1, "{}", case.dialect);
        let truncated = &case.header[..case.header.len() - 6];
        let (code, out) = verify(case, case.secret, truncated, case.body);
        assert_eq!(code, 1, "{}: {out}", case.dialect);
        let (code, out) = verify(case, case.secret, "X-Unrelated: 1", case.body);
        assert_eq!(code, 1);
        assert!(out.contains("header is missing"), "{out}");
    }
}

#[test]
fn verify_refuses_garbage_with_the_reason() {
    let gigapay = &CASES[0];
    let reasons = [
        (
            "Gigapay-Signature: nonsense",
            "invalid: the `Gigapay-Signature` header is malformed: expected `key=value` pairs",
        ),
        ("Gigapay-Signature: t=1700000000,v0=abcd", "invalid: the header has no `v1` signature (found v0)"),
        (
            "Gigapay-Signature: t=1700000000,v1=zz",
            "invalid: the signature is not valid hex: not a hex digit pair at position 0",
        ),
        (
            "Gigapay-Signature: t=1600000000,v1=00",
            "invalid: the timestamp 1600000000 is 100000060 seconds from now, outside the tolerance of 300 seconds",
        ),
    ];
    for (header, reason) in reasons {
        assert_eq!(verify(gigapay, gigapay.secret, header, gigapay.body), (1, format!("{reason}\n")));
    }
    let shipstream = &CASES[1];
    let (code, out) = verify(shipstream, shipstream.secret, "X-Plugin-Hmac-Sha256: %%%", shipstream.body);
    assert_eq!(code, 1);
    assert!(out.starts_with("invalid: the signature is not valid base64"), "{out}");
}

#[test]
fn a_changed_timestamp_is_refused() {
    let gigapay = &CASES[0];
    let moved = gigapay.header.replace("t=1700000000", "t=1700000030");
    assert_eq!(verify(gigapay, gigapay.secret, &moved, gigapay.body).0, 1);
}

#[test]
fn bad_command_lines_exit_2_without_a_verdict() {
    let (code, _, err) = xtask(&["sign", "--dialect", "gigapay", "--secret", "s"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("`--body-file` is required"), "{err}");
    let (code, _, err) =
        xtask(&["verify", "--dialect", "nope", "--secret", "s", "--header", "a: b", "--body-file", "x"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("unknown dialect `nope`"), "{err}");
    let (code, _, err) = xtask(&[
        "verify",
        "--dialect",
        "gigapay",
        "--secret",
        "s",
        "--header",
        "no colon",
        "--body-file",
        "x",
    ]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("cannot read the body file `x`") || err.contains("`--header` takes"), "{err}");
}

#[test]
fn every_document_describes_its_deliveries_with_the_signature_header() {
    let expected = [
        ("gigapay", "notification", "Gigapay-Signature", true),
        ("equals-money", "event", "x-em-signature", false),
        ("shipstream", "topicEvent", "X-Plugin-Hmac-Sha256", true),
    ];
    for (dialect, name, header, required) in expected {
        let document = document(dialect);
        let delivery = &document["webhooks"][name]["post"];
        let parameter = delivery["parameters"]
            .as_array()
            .and_then(|parameters| parameters.iter().find(|p| p["name"] == header))
            .unwrap_or_else(|| panic!("{dialect}: no {header}"));
        assert_eq!(parameter["in"], "header");
        assert_eq!(parameter["required"], required, "{dialect}");
        assert!(parameter["schema"]["pattern"].is_string(), "{dialect}");
        assert!(
            delivery["responses"]["2XX"].is_object() && delivery["responses"]["default"].is_object(),
            "{dialect}"
        );
        assert_eq!(
            delivery["security"],
            json!([]),
            "{dialect}: a delivery is authenticated by its signature"
        );
    }
}

#[test]
fn the_signature_patterns_accept_what_sign_produces() {
    for case in &CASES {
        let document = document(case.dialect);
        let header = case.header.split_once(": ").expect("header").1;
        let delivery = hookspec_assembly::document::deliveries(&document)[0];
        let schema = delivery.object["parameters"][0]["schema"].clone();
        assert_eq!(
            hookspec_assembly::conformance::validate(&document, &schema, &json!(header)),
            Ok(()),
            "{}",
            case.dialect
        );
        assert!(hookspec_assembly::conformance::validate(&document, &schema, &json!("x")).is_err());
    }
}

#[test]
fn deliveries_convert_to_canonical_notifications() {
    let body: Value = serde_json::from_str(EQUALS_BODY).expect("JSON");
    let payload: equals_money::EventPayload =
        serde_json::from_value(body.clone()).expect("an Equals Money payload");
    let notification = equals_money::notification(payload);
    assert_eq!(notification.event.as_deref(), Some("OrderCreated"));
    assert_eq!(notification.payload, body);
    assert_eq!(notification.signature.header, "x-em-signature");

    let object: gigapay::EventObject = serde_json::from_str(GIGAPAY_BODY).expect("an object");
    let notification = gigapay::notification(object);
    assert_eq!((notification.event, notification.signature.header.as_str()), (None, "Gigapay-Signature"));

    let data = shipstream::EventData(json!({"order": 1}));
    assert_eq!(shipstream::notification(data).payload, json!({"order": 1}));
    assert!(
        serde_json::from_str::<equals_money::EventPayload>(r#"{"messageId": "x"}"#).is_err(),
        "the event type is required"
    );
}
