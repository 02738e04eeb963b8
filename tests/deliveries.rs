//! Deliveries of every registered dialect: the `webhooks` entry of its document carries the
//! signature header of its scheme, and `cargo xtask sign`/`verify` sign and check deliveries as
//! the provider does. Known answers for each kind of scheme are pinned against openssl in
//! `hookspec-signature`; the tests here hold for any dialect the registry lists.

use hookspec_dialects::{equals_money, gigapay, registry, shipstream};
use hookspec_tests::{dialect, document, scratch, xtask};
use serde_json::{Value, json};

const BODY: &str = r#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;
const SECRET: &str = "c1329a085d65f7757838df5920fdcc9a";

fn body_file(name: &str, body: &str) -> String {
    let file = scratch(name).join("body.json");
    std::fs::write(&file, body).expect("writable");
    file.to_str().expect("UTF-8").to_owned()
}

/// `cargo xtask sign` for a dialect at 1700000000: the header line it prints.
fn sign(dialect: &str, body: &str) -> String {
    let file = body_file(&format!("sign-{dialect}-{}", body.len()), body);
    let (code, out, err) = xtask(&[
        "sign",
        "--dialect",
        dialect,
        "--secret",
        SECRET,
        "--body-file",
        &file,
        "--timestamp",
        "1700000000",
    ]);
    assert_eq!((code, err.as_str()), (0, ""), "{dialect}");
    out.trim_end().to_owned()
}

/// `cargo xtask verify` at 1700000060: the exit code and what it printed.
fn verify(dialect: &str, secret: &str, header: &str, body: &str) -> (u8, String) {
    let file = body_file(&format!("verify-{dialect}-{}", body.len()), body);
    let (code, out, err) = xtask(&[
        "verify",
        "--dialect",
        dialect,
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
fn every_dialect_verifies_what_it_signs_and_refuses_tampering() {
    for dialect in registry() {
        let name = dialect.name;
        let scheme = dialect.signature().expect("the table parses");
        let header = sign(name, BODY);
        assert!(header.starts_with(&format!("{}: ", scheme.header)), "{name}: {header}");
        assert_eq!(verify(name, SECRET, &header, BODY), (0, "valid\n".to_owned()), "{name}");
        let lower =
            format!("{}{}", header[..scheme.header.len()].to_lowercase(), &header[scheme.header.len()..]);
        assert_eq!(verify(name, SECRET, &lower, BODY).0, 0, "{name}: header names ignore case");
        assert_eq!(
            verify(name, SECRET, &header, &BODY.replacen('e', "f", 1)),
            (1, "invalid: the signature does not match the body and secret\n".to_owned()),
            "{name}"
        );
        assert_eq!(verify(name, "wrong secret", &header, BODY).0, 1, "{name}");
        let (code, out) = verify(name, SECRET, &header[..header.len() - 6], BODY);
        assert_eq!(code, 1, "{name}: {out}");
        let (code, out) = verify(name, SECRET, "X-Unrelated: 1", BODY);
        assert_eq!(code, 1, "{name}");
        assert!(out.contains("header is missing"), "{name}: {out}");
    }
}

#[test]
fn every_delivery_describes_the_signature_header_that_sign_produces() {
    for dialect in registry() {
        let scheme = dialect.signature().expect("the table parses");
        let document = document(dialect.name);
        let deliveries = hookspec_toolkit::lookup::deliveries(&document);
        assert!(!deliveries.is_empty(), "{}: no deliveries", dialect.name);
        let signed = sign(dialect.name, BODY);
        let value = signed.split_once(": ").expect("a header line").1;
        for delivery in deliveries {
            let parameter = delivery.object["parameters"]
                .as_array()
                .and_then(|parameters| parameters.iter().find(|p| p["name"] == scheme.header.as_str()))
                .unwrap_or_else(|| panic!("{}: no {} header", delivery.pointer(), scheme.header));
            assert_eq!(parameter["in"], "header");
            let schema = parameter["schema"].clone();
            let accepts =
                |value: &str| hookspec_toolkit::validate::validate(&document, &schema, &json!(value));
            assert_eq!(accepts(value), Ok(()), "{}", delivery.pointer());
            assert!(accepts("x").is_err(), "{}: the pattern refuses garbage", delivery.pointer());
            let data = &parameter["x-hookspec-signature"];
            assert_eq!(data["header"], scheme.header.as_str());
            assert_eq!(data["encoding"], json!(scheme.encoding));
            match data["timestamp"]["field"].as_str() {
                Some(field) => {
                    assert!(value.starts_with(&format!("{field}=1700000000,")), "{value}");
                    let tolerance = hookspec_signature::DEFAULT_TOLERANCE.as_secs();
                    assert_eq!(
                        data["timestamp"]["tolerance_seconds"], tolerance,
                        "the verifier's own tolerance"
                    );
                }
                None => assert!(!value.contains(",v1="), "an untimestamped scheme: {value}"),
            }
            let security = delivery.object["security"].as_array().expect("a delivery states its security");
            assert!(
                security.is_empty() || security.contains(&json!({})),
                "{}: a delivery needs nothing but its signature: {security:?}",
                delivery.pointer()
            );
        }
    }
}

#[test]
fn verify_refuses_garbage_with_the_reason() {
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
        assert_eq!(verify("gigapay", SECRET, header, BODY), (1, format!("{reason}\n")));
    }
    let moved = sign("gigapay", BODY).replace("t=1700000000", "t=1700000030");
    assert_eq!(verify("gigapay", SECRET, &moved, BODY).0, 1, "a changed timestamp is refused");
    let (code, out) = verify("shipstream", SECRET, "X-Plugin-Hmac-Sha256: %%%", BODY);
    assert_eq!(code, 1);
    assert!(out.starts_with("invalid: the signature is not valid base64"), "{out}");
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
fn deliveries_convert_to_canonical_notifications() {
    let equals_body =
        r#"{"webhookEventTypeName":"OrderCreated","messageId":"0473b4d0-2f69-4bc5-ab7b-94589a4e48ba"}"#;
    let body: Value = serde_json::from_str(equals_body).expect("JSON");
    let payload: equals_money::EventPayload =
        serde_json::from_value(body.clone()).expect("an Equals Money payload");
    let scheme = dialect("equals-money").signature().expect("the table parses");
    let notification = equals_money::notification(payload, scheme);
    assert_eq!(notification.event.as_deref(), Some("OrderCreated"));
    assert_eq!(notification.payload, body);
    assert_eq!(notification.signature.header, "x-em-signature");
    assert!(
        serde_json::from_str::<equals_money::EventPayload>(r#"{"messageId": "x"}"#).is_err(),
        "the event type is required"
    );

    let object: gigapay::EventObject = serde_json::from_str(BODY).expect("an object");
    let notification = gigapay::notification(object, dialect("gigapay").signature().expect("parses"));
    assert_eq!((notification.event, notification.signature.header.as_str()), (None, "Gigapay-Signature"));

    let data = shipstream::EventData(json!({"order": 1}));
    let notification = shipstream::notification(data, dialect("shipstream").signature().expect("parses"));
    assert_eq!(notification.payload, json!({"order": 1}));
}

#[test]
fn sign_and_verify_read_the_secret_from_the_environment() {
    // The test cannot set a variable without `unsafe`; PATH is set wherever cargo runs.
    let path = std::env::var("PATH").expect("PATH is set");
    let file = body_file("secret-env", BODY);
    let signed = |secret: &[&str]| {
        let mut args = vec!["sign", "--dialect", "shipstream", "--body-file", &file];
        args.extend_from_slice(secret);
        xtask(&args)
    };
    let (code, from_env, err) = signed(&["--secret-env", "PATH"]);
    assert_eq!(code, 0, "{err}");
    let (_, given, _) = signed(&["--secret", &path]);
    assert_eq!(from_env, given, "--secret-env PATH signs with PATH's value");
    let header = from_env.trim();
    let (code, out, _) = xtask(&[
        "verify",
        "--dialect",
        "shipstream",
        "--secret-env",
        "PATH",
        "--header",
        header,
        "--body-file",
        &file,
    ]);
    assert_eq!((code, out.trim()), (0, "valid"));

    let (code, _, err) = signed(&["--secret-env", "HOOKSPEC_NOT_SET_ANYWHERE"]);
    assert!(code == xtask::FAILURE && err.contains("HOOKSPEC_NOT_SET_ANYWHERE"), "{err}");
    let (code, _, err) = signed(&["--secret", "a", "--secret-env", "PATH"]);
    assert!(code == xtask::FAILURE && err.contains("exactly one"), "{err}");
}
