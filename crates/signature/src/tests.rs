//! Known answers from the standards' and providers' own material, each citing its source, the
//! precise error for each way a header can be wrong, and properties over any input.

use proptest::prelude::*;

use super::*;

fn scheme(yaml: &str) -> Scheme {
    scheme::parse(yaml, "test scheme").unwrap_or_else(|error| panic!("{error}"))
}

fn standard_webhooks() -> Scheme {
    scheme::builtin("standard-webhooks").unwrap_or_else(|| panic!("the built-in profile reads"))
}

/// GitHub's `X-Hub-Signature-256: sha256=<hex>`, as data ("Validating webhook deliveries").
fn github() -> Scheme {
    scheme(
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{body}\"\nencoding: hex\n\
         headers: {X-Hub-Signature-256: \"sha256={signature}\"}\n",
    )
}

/// A Stripe-style header: a timestamp and one or more `v1` signatures.
fn stripe_like() -> Scheme {
    scheme(
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{timestamp}.{body}\"\nencoding: hex\n\
         headers: {Stripe-Signature: \"t={timestamp},v1={signature}\"}\nseparator: \",\"\nseveral: true\n\
         tolerance_seconds: 300\n",
    )
}

/// A timestamp and exactly one `v1` signature (Gigapay's documented format).
fn timestamped() -> Scheme {
    scheme(
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{timestamp}.{body}\"\nencoding: hex\n\
         headers: {Gigapay-Signature: \"t={timestamp},v1={signature}\"}\nseparator: \",\"\n",
    )
}

/// The base64 HMAC of the body, alone in its header (ShipStream's format).
fn body_only() -> Scheme {
    scheme(
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{body}\"\nencoding: base64\n\
         headers: {X-Plugin-Hmac-Sha256: \"{signature}\"}\n",
    )
}

fn headers(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
}

const AT: u64 = 1_700_000_000;

fn at(now: u64) -> VerifyOptions {
    VerifyOptions { tolerance: None, now: Some(now) }
}

// Standard Webhooks: libraries/python/tests/test_webhooks.py and libraries/javascript/src/webhook.test.ts
// of standard-webhooks/standard-webhooks at commit b2fa7b8719fb75d326b591077f5d1b385cfcdfae.
const SW_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SW_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SW_TIMESTAMP: u64 = 1_614_265_330;
const SW_PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
const SW_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

fn sw_headers(signature: &str, id: Option<&str>, timestamp: Option<&str>) -> Vec<(String, String)> {
    let mut pairs = vec![("webhook-signature".to_owned(), signature.to_owned())];
    if let Some(id) = id {
        pairs.push(("webhook-id".into(), id.into()));
    }
    if let Some(timestamp) = timestamp {
        pairs.push(("webhook-timestamp".into(), timestamp.into()));
    }
    pairs
}

fn sw_verify(pairs: &[(String, String)]) -> Result<(), VerifyError> {
    verify(&standard_webhooks(), SW_SECRET.as_bytes(), &headers(pairs), SW_PAYLOAD, &at(SW_TIMESTAMP))
}

#[test]
fn every_builtin_scheme_reads() {
    for name in scheme::builtin_names() {
        let text = scheme::BUILTIN
            .iter()
            .find(|(known, _)| *known == name)
            .map(|(_, text)| *text)
            .unwrap_or_default();
        assert_eq!(scheme::parse(text, name).err(), None);
    }
}

#[test]
fn standard_webhooks_sign_function_vector() {
    // test_sign_function / "sign function works"
    let signed = sign(
        &standard_webhooks(),
        SW_SECRET.as_bytes(),
        SW_PAYLOAD,
        &Signing { timestamp: SW_TIMESTAMP, id: SW_ID },
    )
    .expect("a valid secret");
    assert_eq!(
        signed,
        [
            ("webhook-id".to_owned(), SW_ID.to_owned()),
            ("webhook-timestamp".to_owned(), SW_TIMESTAMP.to_string()),
            ("webhook-signature".to_owned(), SW_SIGNATURE.to_owned()),
        ]
    );
    assert_eq!(sw_verify(&signed), Ok(()));
}

#[test]
fn standard_webhooks_secret_with_or_without_prefix_and_padding() {
    // test_signature_verification_with_and_without_prefix, ..._with_unpadded_secret
    let pairs = sw_headers(SW_SIGNATURE, Some(SW_ID), Some(&SW_TIMESTAMP.to_string()));
    let options = at(SW_TIMESTAMP);
    let sw = standard_webhooks();
    assert_eq!(
        verify(&sw, b"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", &headers(&pairs), SW_PAYLOAD, &options),
        Ok(())
    );
    for (unpadded, padded) in [
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS="),
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr=="),
    ] {
        assert_eq!(key(&sw, unpadded.as_bytes()), key(&sw, padded.as_bytes()));
        assert_eq!(key(&sw, format!("whsec_{unpadded}").as_bytes()), key(&sw, padded.as_bytes()));
    }
}

#[test]
fn standard_webhooks_negative_cases() {
    let timestamp = SW_TIMESTAMP.to_string();
    // test_missing_id_raises_error, test_timestamp_raises_error, test_missing_signature_raises_error
    assert_eq!(
        sw_verify(&sw_headers(SW_SIGNATURE, None, Some(&timestamp))),
        Err(VerifyError::HeaderMissing("webhook-id".into()))
    );
    assert_eq!(
        sw_verify(&sw_headers(SW_SIGNATURE, Some(SW_ID), None)),
        Err(VerifyError::HeaderMissing("webhook-timestamp".into()))
    );
    let no_signature = vec![
        ("webhook-id".to_owned(), SW_ID.to_owned()),
        ("webhook-timestamp".to_owned(), timestamp.clone()),
    ];
    assert_eq!(sw_verify(&no_signature), Err(VerifyError::HeaderMissing("webhook-signature".into())));
    // test_invalid_timestamp_raises_error
    assert_eq!(
        sw_verify(&sw_headers(SW_SIGNATURE, Some(SW_ID), Some("hello"))),
        Err(VerifyError::BadTimestamp("hello".into()))
    );
    // test_invalid_signature_raises_error: the last digit of the genuine signature changed
    assert_eq!(
        sw_verify(&sw_headers(
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA=",
            Some(SW_ID),
            Some(&timestamp)
        )),
        Err(VerifyError::Mismatch)
    );
    // "invalid signature throws error": garbage that is not base64
    assert!(matches!(
        sw_verify(&sw_headers("v1,dawfeoifkpqwoekfpqoekf", Some(SW_ID), Some(&timestamp))),
        Err(VerifyError::BadEncoding { encoding: "base64", .. })
    ));
    // "partial signature throws error": `v1,` with no signature
    assert_eq!(
        sw_verify(&sw_headers("v1,", Some(SW_ID), Some(&timestamp))),
        Err(VerifyError::Malformed {
            header: "webhook-signature".into(),
            reason: "`v1,` with no signature".into()
        })
    );
    // test_old_timestamp_fails / test_new_timestamp_fails: five minutes and one second away
    for now in [SW_TIMESTAMP + 301, SW_TIMESTAMP - 301] {
        let pairs = sw_headers(SW_SIGNATURE, Some(SW_ID), Some(&timestamp));
        assert!(matches!(
            verify(&standard_webhooks(), SW_SECRET.as_bytes(), &headers(&pairs), SW_PAYLOAD, &at(now)),
            Err(VerifyError::TimestampOutsideWindow { age: 301, tolerance: 300, .. })
        ));
    }
}

#[test]
fn standard_webhooks_several_signatures_one_valid() {
    // test_multi_sig_payload_is_valid: wrong v1 entries and a v2 entry around the genuine one
    let list = [
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
        SW_SIGNATURE,
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=",
    ]
    .join(" ");
    assert_eq!(sw_verify(&sw_headers(&list, Some(SW_ID), Some(&SW_TIMESTAMP.to_string()))), Ok(()));
    let others = "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw";
    assert_eq!(
        sw_verify(&sw_headers(others, Some(SW_ID), Some(&SW_TIMESTAMP.to_string()))),
        Err(VerifyError::UnknownVersion { header: "webhook-signature".into(), found: "v2, v1a".into() })
    );
}

#[test]
fn standard_webhooks_pattern_accepts_the_spec_example() {
    // spec/standard-webhooks.md, "Webhook headers": a v1 and a v1a signature
    let pattern = standard_webhooks().pattern("v1,{signature}");
    let example = "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= \
                   v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    assert!(matches(&pattern, example), "{pattern}");
    assert!(!matches(&pattern, "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4"), "a truncated signature");
    assert!(!matches(&pattern, "K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="), "no version");
}

#[test]
fn github_documented_example() {
    // "Validating webhook deliveries" (docs.github.com): secret `It's a Secret to Everybody`,
    // payload `Hello, World!`, signature `sha256=757107ea...`.
    let genuine = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    let signed =
        sign(&github(), b"It's a Secret to Everybody", b"Hello, World!", &Signing { timestamp: 0, id: "" })
            .expect("a secret");
    assert_eq!(signed, [("X-Hub-Signature-256".to_owned(), genuine.to_owned())]);
    let check = |value: &str| {
        verify(
            &github(),
            b"It's a Secret to Everybody",
            &[("x-hub-signature-256", value)],
            b"Hello, World!",
            &at(0),
        )
    };
    assert_eq!(check(genuine), Ok(()));
    assert_eq!(
        check("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"),
        Err(VerifyError::UnexpectedPrefix {
            header: "X-Hub-Signature-256".into(),
            found: "757107ea0eb2509fc211221cce984b8a37570b6d...".into(),
            expected: "`sha256=`".into()
        })
    );
    assert_eq!(
        check("sha1=757107ea0eb2509fc211221cce984b8a37570b6d"),
        Err(VerifyError::UnexpectedPrefix {
            header: "X-Hub-Signature-256".into(),
            found: "sha1=".into(),
            expected: "`sha256=`".into()
        })
    );
    assert_eq!(github().pattern("sha256={signature}"), "^sha256=[0-9a-fA-F]{64}$");
}

#[test]
fn independent_vectors_computed_with_openssl() {
    // Computed outside hookspec:
    // printf '%s' '1700000000.<BODY>' | openssl dgst -sha256 -hmac 'c1329a085d65f7757838df5920fdcc9a' -hex
    // printf '%s' '<BODY>' | openssl dgst -sha256 -hmac '2RUJ8NXLnLRrAj3' -binary | base64
    let body = br#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;
    let signed =
        sign(&timestamped(), b"c1329a085d65f7757838df5920fdcc9a", body, &Signing { timestamp: AT, id: "" });
    assert_eq!(
        signed.expect("a secret")[0].1,
        "t=1700000000,v1=210c937568e8411584dc6cbda19688f20367c91ce7e04508e44e328360b49c7b"
    );
    let signed = sign(&body_only(), b"2RUJ8NXLnLRrAj3", body, &Signing { timestamp: AT, id: "" });
    assert_eq!(signed.expect("a secret")[0].1, "HkJCkDvLTuuMbtdCtSHldVuSz6FvSgKVbmmirFNEop4=");
}

const BODY: &[u8] = br#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;

fn signed_value(scheme: &Scheme, secret: &[u8], timestamp: u64) -> String {
    sign(scheme, secret, BODY, &Signing { timestamp, id: "msg_1" }).expect("a secret").remove(0).1
}

#[test]
fn the_timestamp_window_is_enforced_both_ways() {
    let value = signed_value(&timestamped(), b"k", AT);
    let check = |options: VerifyOptions| {
        verify(&timestamped(), b"k", &[("Gigapay-Signature", &value)], BODY, &options)
    };
    assert_eq!(check(at(AT + 300)), Ok(()));
    assert_eq!(
        check(at(AT + 301)),
        Err(VerifyError::TimestampOutsideWindow { timestamp: AT, age: 301, tolerance: 300 })
    );
    assert!(check(at(AT - 1000)).is_err(), "from the future");
    assert_eq!(
        check(VerifyOptions { tolerance: Some(Duration::from_secs(3600)), now: Some(AT + 3000) }),
        Ok(())
    );
}

/// A provider whose own verifier refuses only stale timestamps (stripe-python: `if timestamp <
/// time.time() - tolerance`) states it, and a timestamp ahead of the clock then verifies.
#[test]
fn a_stale_only_scheme_accepts_a_timestamp_ahead_of_the_clock() {
    let lenient = scheme(
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{timestamp}.{body}\"\nencoding: hex\n\
         headers: {Stripe-Signature: \"t={timestamp},v1={signature}\"}\nseparator: \",\"\nseveral: true\n\
         tolerance_seconds: 300\nstale_only: true\n",
    );
    let value = signed_value(&lenient, b"k", AT);
    let check =
        |scheme: &Scheme, now: u64| verify(scheme, b"k", &[("Stripe-Signature", &value)], BODY, &at(now));
    assert_eq!(check(&lenient, AT - 1000), Ok(()), "ahead of the clock");
    assert_eq!(
        check(&lenient, AT + 301),
        Err(VerifyError::TimestampOutsideWindow { timestamp: AT, age: 301, tolerance: 300 }),
        "stale"
    );
    assert!(
        check(&stripe_like(), AT - 1000).is_err(),
        "by default, ahead of the clock is outside the window"
    );
}

#[test]
fn malformed_headers_say_what_is_wrong() {
    let check = |value: &str| {
        verify(&timestamped(), b"k", &[("Gigapay-Signature", value)], BODY, &at(AT))
            .err()
            .map(|error| error.to_string())
    };
    let malformed = |reason: &str| Some(format!("the `Gigapay-Signature` header is malformed: {reason}"));
    assert_eq!(check("v1=00"), malformed("no `t={timestamp}`"));
    assert_eq!(check("t=1700000000"), malformed("no signature"));
    assert_eq!(check("t=1700000000,t=1,v1=00"), malformed("more than one `t={timestamp}`"));
    assert_eq!(
        check("t=soon,v1=00"),
        Some("the timestamp `soon` is not a whole number of unix seconds".into())
    );
    assert_eq!(
        check("t=1700000000,v0=00"),
        Some("the `Gigapay-Signature` header has an unexpected prefix: `v0=`, where the format has `t=` and `v1=`".into())
    );
    assert_eq!(
        check("t=1700000000,v1=0g"),
        Some("the signature is not valid hex: not a hex digit pair at position 0".into())
    );
    assert_eq!(
        check("t=1700000000,v1=abc"),
        Some("the signature is not valid hex: odd number of digits".into())
    );
    assert_eq!(check("t=1700000000,v1=00,v1=01"), malformed("more than one `v1={signature}`"));
    assert_eq!(
        verify(&body_only(), b"k", &[("X-Plugin-Hmac-Sha256", "***")], BODY, &at(AT))
            .err()
            .map(|e| e.to_string()),
        Some("the signature is not valid base64: Invalid symbol 42, offset 0.".into())
    );
    assert_eq!(
        verify(&body_only(), b"k", &[], BODY, &at(AT)),
        Err(VerifyError::HeaderMissing("X-Plugin-Hmac-Sha256".into()))
    );
}

#[test]
fn several_v1_entries_one_matching_is_enough_and_v0_is_ignored() {
    let genuine = signed_value(&stripe_like(), b"k", AT);
    let signature = genuine.split_once(",v1=").map(|(_, signature)| signature).unwrap_or_default();
    let wrong = "ab".repeat(32);
    let value = format!("t={AT},v1={wrong},v0={wrong},v1={signature}");
    let check = |value: &str| verify(&stripe_like(), b"k", &[("stripe-signature", value)], BODY, &at(AT));
    assert_eq!(check(&value), Ok(()));
    assert_eq!(check(&format!("t={AT},v1={wrong}")), Err(VerifyError::Mismatch));
    assert_eq!(
        check(&format!("t={AT},v0={signature}")),
        Err(VerifyError::UnknownVersion { header: "Stripe-Signature".into(), found: "v0".into() })
    );
    assert!(matches(&stripe_like().pattern("t={timestamp},v1={signature}"), &value));
}

#[test]
fn a_changed_timestamp_or_truncated_signature_is_refused() {
    let value = signed_value(&timestamped(), b"k", AT).replace("t=1700000000", "t=1700000001");
    assert_eq!(
        verify(&timestamped(), b"k", &[("Gigapay-Signature", &value)], BODY, &at(AT)),
        Err(VerifyError::Mismatch)
    );
    let value = signed_value(&timestamped(), b"k", AT);
    let truncated = &value[..value.len() - 2];
    assert_eq!(
        verify(&timestamped(), b"k", &[("Gigapay-Signature", truncated)], BODY, &at(AT)),
        Err(VerifyError::Mismatch)
    );
}

#[test]
fn schemes_that_cannot_work_are_refused_with_the_reason() {
    let bad = |yaml: &str| scheme::parse(yaml, "s.yaml").err().unwrap_or_default();
    let base = "algorithm: HMAC-SHA256\nkey: secret\nencoding: hex\n";
    assert!(
        bad(&format!("{base}signed: \"{{timestamp}}\"\nheaders: {{X: \"{{signature}}\"}}\n"))
            .contains("does not include `{body}`")
    );
    assert!(
        bad(&format!("{base}signed: \"{{body}}\"\nheaders: {{X: \"{{timestamp}}\"}}\n"))
            .contains("no header carries `{signature}`")
    );
    assert!(
        bad(&format!("{base}signed: \"{{id}}.{{body}}\"\nheaders: {{X: \"{{signature}}\"}}\n"))
            .contains("the signed `{id}` travels in no header")
    );
    assert!(
        bad(&format!("{base}signed: \"{{body}}\"\nheaders: {{X: \"{{signatur}}\"}}\n"))
            .contains("is not a field")
    );
    assert!(
        bad(&format!("{base}signed: \"{{body}}\"\nheaders: {{X: \"{{signature}}\"}}\nseveral: true\n"))
            .contains("need a `separator`")
    );
    assert!(bad("algorithm: HMAC-MD5\nkey: secret\nencoding: hex\nsigned: \"{body}\"\nheaders: {X: \"{signature}\"}\n").contains("HMAC-MD5"));
}

#[test]
fn descriptions_say_the_format_in_words() {
    assert_eq!(
        timestamped().describe(),
        "`t=<unix seconds>,v1=<signature>`, where the signature is the hex-encoded HMAC-SHA256, keyed with the \
         webhook's secret, of the timestamp, a dot and the request body."
    );
    assert_eq!(
        body_only().describe(),
        "The base64-encoded HMAC-SHA256, keyed with the webhook's secret, of the request body."
    );
}

/// Whether `text` matches the ECMA 262 `pattern`, as a JSON Schema validator reads it.
fn matches(pattern: &str, text: &str) -> bool {
    let schema = serde_json::json!({"type": "string", "pattern": pattern});
    jsonschema::validator_for(&schema).is_ok_and(|validator| validator.is_valid(&serde_json::json!(text)))
}

fn all_schemes() -> Vec<Scheme> {
    vec![standard_webhooks(), github(), stripe_like(), timestamped(), body_only()]
}

proptest! {
    #[test]
    fn sign_then_verify_holds_and_any_changed_byte_is_refused(
        body in proptest::collection::vec(any::<u8>(), 0..512),
        secret in "[A-Za-z0-9]{4,40}",
        timestamp in 0u64..4_000_000_000,
        flip in any::<proptest::sample::Index>(),
        bit in 0u8..8,
    ) {
        let options = VerifyOptions { tolerance: None, now: Some(timestamp) };
        for scheme in all_schemes() {
            let secret = match scheme.key { Key::Base64 { .. } => format!("whsec_{secret}"), Key::Secret => secret.clone() };
            let Ok(signed) = sign(&scheme, secret.as_bytes(), &body, &Signing { timestamp, id: "msg_x" }) else { continue };
            for (name, value) in &signed {
                let pattern = scheme.pattern(&scheme.headers[name.as_str()]);
                prop_assert!(matches(&pattern, value), "{} does not match {}", value, pattern);
            }
            prop_assert_eq!(verify(&scheme, secret.as_bytes(), &headers(&signed), &body, &options), Ok(()));
            if !body.is_empty() {
                let mut tampered = body.clone();
                tampered[flip.index(body.len())] ^= 1 << bit;
                prop_assert_eq!(verify(&scheme, secret.as_bytes(), &headers(&signed), &tampered, &options), Err(VerifyError::Mismatch));
            }
        }
    }

    #[test]
    fn garbage_headers_never_panic(
        value in ".{0,200}",
        other in "[ -~]{0,80}",
        body in proptest::collection::vec(any::<u8>(), 0..64),
        secret in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        for scheme in all_schemes() {
            let names: Vec<&str> = scheme.headers.keys().map(String::as_str).collect();
            let pairs: Vec<(&str, &str)> = names.iter().enumerate().map(|(index, name)| (*name, if index == 0 { value.as_str() } else { other.as_str() })).collect();
            let _ = verify(&scheme, &secret, &pairs, &body, &VerifyOptions { tolerance: None, now: Some(0) });
            let _ = sign(&scheme, &secret, &body, &Signing { timestamp: 0, id: &other });
        }
    }
}
