//! Deliveries of every registered dialect: the `webhooks` entry of its document carries the
//! headers of its signature scheme, and `cargo xtask sign`/`verify` sign and check deliveries as
//! the provider does. Known answers for each provider's scheme were computed with openssl, not by
//! hookspec; the standards' own vectors are in `hookspec-signature`.

use hookspec_tests::{document, providers as registry, scratch, xtask};
use serde_json::json;

const BODY: &str = r#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;
const SECRET: &str = "c1329a085d65f7757838df5920fdcc9a";

fn body_file(name: &str, body: &str) -> String {
    let file = scratch(name).join("body.json");
    std::fs::write(&file, body).expect("writable");
    file.to_str().expect("UTF-8").to_owned()
}

/// `cargo xtask sign` with `scheme` (`--dialect NAME` or `--scheme NAME|FILE`) at 1700000000:
/// the header lines it prints.
fn sign_with(scheme: &[&str], body: &str) -> Vec<String> {
    let file = body_file(&format!("sign-{}-{}", scheme.join("-").replace('/', "_"), body.len()), body);
    let mut args = vec!["sign"];
    args.extend_from_slice(scheme);
    args.extend(["--secret", SECRET, "--body-file", &file, "--timestamp", "1700000000", "--id", "msg_1"]);
    let (code, out, err) = xtask(&args);
    assert_eq!((code, err.as_str()), (0, ""), "{scheme:?}");
    out.lines().map(str::to_owned).collect()
}

fn sign(dialect: &str, body: &str) -> Vec<String> {
    sign_with(&["--dialect", dialect], body)
}

/// `cargo xtask verify` at 1700000060: the exit code and what it printed.
fn verify_with(scheme: &[&str], secret: &str, headers: &[String], body: &str) -> (u8, String) {
    let file = body_file(&format!("verify-{}-{}", scheme.join("-").replace('/', "_"), body.len()), body);
    let mut args = vec!["verify"];
    args.extend_from_slice(scheme);
    args.extend(["--secret", secret, "--body-file", &file, "--now", "1700000060"]);
    for header in headers {
        args.extend(["--header", header.as_str()]);
    }
    let (code, out, err) = xtask(&args);
    (code, format!("{out}{err}"))
}

fn verify(dialect: &str, secret: &str, headers: &[String], body: &str) -> (u8, String) {
    verify_with(&["--dialect", dialect], secret, headers, body)
}

#[test]
fn every_dialect_verifies_what_it_signs_and_refuses_tampering() {
    for dialect in registry() {
        let name = dialect.name.as_str();
        let scheme = dialect.scheme.clone();
        let headers = sign(name, BODY);
        assert_eq!(headers.len(), scheme.headers.len(), "{name}: one line per header");
        for ((line, (header, _)), _) in headers.iter().zip(&scheme.headers).zip(0..) {
            assert!(line.starts_with(&format!("{header}: ")), "{name}: {line}");
        }
        assert_eq!(verify(name, SECRET, &headers, BODY), (0, "valid\n".to_owned()), "{name}");
        let lower: Vec<String> = headers
            .iter()
            .map(|line| {
                let (header, value) = line.split_once(": ").expect("a header line");
                format!("{}: {value}", header.to_lowercase())
            })
            .collect();
        assert_eq!(verify(name, SECRET, &lower, BODY).0, 0, "{name}: header names ignore case");
        assert_eq!(
            verify(name, SECRET, &headers, &BODY.replacen('e', "f", 1)),
            (1, "invalid: the signature does not match the body and secret\n".to_owned()),
            "{name}"
        );
        assert_eq!(verify(name, "wrong secret", &headers, BODY).0, 1, "{name}");
        let (signature_header, _) = scheme.signature_header();
        let truncated: Vec<String> = headers
            .iter()
            .map(|line| {
                if line.starts_with(signature_header) {
                    line[..line.len() - 6].to_owned()
                } else {
                    line.clone()
                }
            })
            .collect();
        let (code, out) = verify(name, SECRET, &truncated, BODY);
        assert_eq!(code, 1, "{name}: {out}");
        let (code, out) = verify(name, SECRET, &["X-Unrelated: 1".to_owned()], BODY);
        assert_eq!(code, 1, "{name}");
        assert!(out.contains("header is missing"), "{name}: {out}");
    }
}

/// Known answers for each provider's scheme, computed outside hookspec with openssl:
/// `printf '%s' '1700000000.<BODY>' | openssl dgst -sha256 -hmac '<SECRET>' -hex` (timestamped) and
/// `printf '%s' '<BODY>' | openssl dgst -sha256 -hmac '<SECRET>' -binary | base64` (the body alone).
/// None of the providers documents a signed example with its secret (Gigapay's example header is
/// over a body shown with `...`, with the secret `'...asId'`), so these are the independent answers.
#[test]
fn each_provider_scheme_gives_the_openssl_answer() {
    let expected = [
        (
            "gigapay",
            "Gigapay-Signature: t=1700000000,v1=210c937568e8411584dc6cbda19688f20367c91ce7e04508e44e328360b49c7b",
        ),
        ("equals-money", "x-em-signature: qmsRj70P0ieWJL0ybZP2SUSgip3dyjjsenCZOm97t6c="),
        ("shipstream", "X-Plugin-Hmac-Sha256: qmsRj70P0ieWJL0ybZP2SUSgip3dyjjsenCZOm97t6c="),
    ];
    for (name, header) in expected {
        assert_eq!(sign(name, BODY), [header.to_owned()], "{name}");
    }
}

#[test]
fn every_delivery_describes_the_signature_headers_that_sign_produces() {
    for dialect in registry() {
        let scheme = dialect.scheme.clone();
        let document = document(&dialect.name);
        let deliveries = hookspec_toolkit::lookup::deliveries(&document);
        assert!(!deliveries.is_empty(), "{}: no deliveries", dialect.name);
        let signed = sign(&dialect.name, BODY);
        for delivery in deliveries {
            let parameters = delivery.object["parameters"].as_array().expect("parameters");
            for (line, (header, _)) in signed.iter().zip(&scheme.headers) {
                let value = line.split_once(": ").expect("a header line").1;
                let parameter = parameters
                    .iter()
                    .find(|parameter| parameter["name"] == header.as_str())
                    .unwrap_or_else(|| panic!("{}: no {header} header", delivery.pointer()));
                assert_eq!(parameter["in"], "header");
                let schema = parameter["schema"].clone();
                let accepts =
                    |value: &str| hookspec_toolkit::validate::validate(&document, &schema, &json!(value));
                assert_eq!(accepts(value), Ok(()), "{}: {header}", delivery.pointer());
                assert!(accepts("x").is_err(), "{}: the pattern refuses garbage", delivery.pointer());
            }
            let data = &parameters[0]["x-hookspec-signature"];
            assert_eq!(data["scheme"], json!(scheme), "the document carries the scheme the signer reads");
            match data["tolerance_seconds"].as_u64() {
                Some(tolerance) => {
                    assert!(scheme.timestamped());
                    let expected =
                        scheme.tolerance_seconds.unwrap_or(hookspec_signature::DEFAULT_TOLERANCE.as_secs());
                    assert_eq!(tolerance, expected, "the verifier's tolerance");
                }
                None => assert!(!scheme.timestamped(), "an untimestamped scheme has no tolerance"),
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
            "invalid: the `Gigapay-Signature` header has an unexpected prefix: `nonsense`, where the format has `t=` and `v1=`",
        ),
        (
            "Gigapay-Signature: t=1700000000,v0=abcd",
            "invalid: the `Gigapay-Signature` header has an unexpected prefix: `v0=`, where the format has `t=` and `v1=`",
        ),
        (
            "Gigapay-Signature: t=1700000000,v1=zz",
            "invalid: the signature is not valid hex: not a hex digit pair at position 0",
        ),
        (
            "Gigapay-Signature: t=1600000000,v1=00",
            "invalid: the timestamp 1600000000 is 100000060 seconds from now, outside the tolerance of 300 seconds",
        ),
        (
            "Gigapay-Signature: v1=00",
            "invalid: the `Gigapay-Signature` header is malformed: no `t={timestamp}`",
        ),
    ];
    for (header, reason) in reasons {
        assert_eq!(verify("gigapay", SECRET, &[header.to_owned()], BODY), (1, format!("{reason}\n")));
    }
    let moved: Vec<String> =
        sign("gigapay", BODY).iter().map(|line| line.replace("t=1700000000", "t=1700000030")).collect();
    assert_eq!(verify("gigapay", SECRET, &moved, BODY).0, 1, "a changed timestamp is refused");
    let (code, out) = verify("shipstream", SECRET, &["X-Plugin-Hmac-Sha256: %%%".to_owned()], BODY);
    assert_eq!(code, 1);
    assert!(out.starts_with("invalid: the signature is not valid base64"), "{out}");
}

/// The CLI contract of Standard Webhooks, the built-in profile: three headers, checked against
/// the official vector (standard-webhooks/standard-webhooks, libraries/python/tests/test_webhooks.py,
/// `test_sign_function`, commit b2fa7b8).
#[test]
fn standard_webhooks_signs_and_verifies_from_the_command_line() {
    let file = body_file("standard-webhooks", r#"{"test": 2432232314}"#);
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let (code, out, err) = xtask(&[
        "sign",
        "--scheme",
        "standard-webhooks",
        "--secret",
        secret,
        "--body-file",
        &file,
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\n\
         webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\n"
    );
    let verify = |headers: &[&str], now: &str| {
        let mut args = vec![
            "verify",
            "--scheme",
            "standard-webhooks",
            "--secret",
            secret,
            "--body-file",
            &file,
            "--now",
            now,
        ];
        for header in headers {
            args.extend(["--header", header]);
        }
        xtask(&args)
    };
    let headers = [
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp: 1614265330",
        "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    ];
    assert_eq!(verify(&headers, "1614265330"), (0, "valid\n".into(), String::new()));
    let (code, out, _) = verify(&headers, "1614265700");
    assert_eq!(code, 1, "five minutes and more later");
    assert!(out.contains("outside the tolerance of 300 seconds"), "{out}");
    let (code, out, _) = verify(&headers[..2], "1614265330");
    assert_eq!((code, out.as_str()), (1, "invalid: the `webhook-signature` header is missing\n"));
    let (code, _, err) =
        xtask(&["sign", "--scheme", "standard-webhooks", "--secret", secret, "--body-file", &file]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("give `--id ID`"), "{err}");
}

/// A team's own scheme, described in a file: GitHub's `sha256=<hex>`, with the example of
/// "Validating webhook deliveries" (docs.github.com).
#[test]
fn a_scheme_described_in_a_file_signs_and_verifies() {
    let dir = scratch("scheme-file");
    let scheme = dir.join("github.yaml");
    std::fs::write(
        &scheme,
        "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{body}\"\nencoding: hex\nheaders:\n  X-Hub-Signature-256: \"sha256={signature}\"\n",
    )
    .expect("writable");
    let file = body_file("scheme-file-body", "Hello, World!");
    let scheme = scheme.to_str().expect("UTF-8");
    let secret = "It's a Secret to Everybody";
    let (code, out, err) = xtask(&["sign", "--scheme", scheme, "--secret", secret, "--body-file", &file]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17\n"
    );
    let header = out.trim();
    let (code, out, _) =
        xtask(&["verify", "--scheme", scheme, "--secret", secret, "--body-file", &file, "--header", header]);
    assert_eq!((code, out.as_str()), (0, "valid\n"));
    let unprefixed = header.replace("sha256=", "");
    let (code, out, _) = xtask(&[
        "verify",
        "--scheme",
        scheme,
        "--secret",
        secret,
        "--body-file",
        &file,
        "--header",
        &unprefixed,
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("unexpected prefix"), "{out}");
    std::fs::write(dir.join("broken.yaml"), "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{body}\"\nencoding: hex\nheaders: {X: \"{timestamp}\"}\n")
        .expect("writable");
    let broken = dir.join("broken.yaml");
    let (code, _, err) = xtask(&[
        "sign",
        "--scheme",
        broken.to_str().expect("UTF-8"),
        "--secret",
        secret,
        "--body-file",
        &file,
    ]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("broken.yaml") && err.contains("no header carries `{signature}`"), "{err}");
}

#[test]
fn bad_command_lines_exit_2_without_a_verdict() {
    let (code, _, err) = xtask(&["sign", "--dialect", "gigapay", "--secret", "s"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("--body-file"), "{err}");
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
    let (code, _, err) = xtask(&[
        "sign",
        "--dialect",
        "gigapay",
        "--scheme",
        "standard-webhooks",
        "--secret",
        "s",
        "--body-file",
        "x",
    ]);
    assert_eq!(code, xtask::FAILURE, "a dialect or a scheme, not both");
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = xtask(&["sign", "--scheme", "no-such-scheme", "--secret", "s", "--body-file", "x"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("neither a built-in scheme (standard-webhooks) nor a file"), "{err}");
    let (code, out, _) = xtask(&["--help"]);
    assert_eq!(code, 0);
    for command in ["spec", "diff", "sign", "verify", "mock", "deliver"] {
        assert!(out.contains(command), "--help lists `{command}`: {out}");
    }
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
    assert!(code == xtask::FAILURE && err.contains("cannot be used with"), "{err}");
}
