//! Signing and verifying webhook notifications.
//!
//! Every provider signs a delivery with an HMAC-SHA256 keyed with the webhook's secret; they
//! differ in what the HMAC covers, how it is written and which header carries it, which is what
//! a canonical [`SignatureScheme`] says. [`sign`] and [`verify`] work over the raw body bytes for
//! any scheme. Verification compares in constant time, and for a timestamped scheme refuses a
//! timestamp outside a tolerance window (5 minutes by default) against replays. No input makes
//! either function panic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{KeyInit, Mac};
use hookspec_model::{SignatureEncoding, SignatureScheme, SignedContent, TIMESTAMP_FIELD};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The default tolerance between a signature's timestamp and now.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(hookspec_model::DEFAULT_TOLERANCE_SECONDS);

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The delivery has no signature header.
    #[error("the `{0}` header is missing")]
    HeaderMissing(String),
    /// The header is not in the scheme's format.
    #[error("the `{header}` header is malformed: {reason}")]
    Malformed {
        /// The header's name.
        header: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The signature is not valid hex or base64.
    #[error("the signature is not valid {encoding}: {reason}")]
    BadEncoding {
        /// `hex` or `base64`.
        encoding: &'static str,
        /// The decoder's complaint.
        reason: String,
    },
    /// The header carries only signatures of a scheme version this verifier does not know.
    #[error("the header has no `v1` signature (found {0})")]
    UnknownVersion(String),
    /// The timestamp is too far from now.
    #[error(
        "the timestamp {timestamp} is {age} seconds from now, outside the tolerance of {tolerance} seconds"
    )]
    TimestampOutsideWindow {
        /// The signature's timestamp, in unix seconds.
        timestamp: u64,
        /// How far it is from now, in seconds.
        age: u64,
        /// The tolerance, in seconds.
        tolerance: u64,
    },
    /// The signature does not match the body and secret.
    #[error("the signature does not match the body and secret")]
    Mismatch,
}

/// How [`verify`] treats timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The largest accepted distance between the signature's timestamp and now.
    pub tolerance: Duration,
    /// The current time in unix seconds; `None` reads the system clock.
    pub now: Option<u64>,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions { tolerance: DEFAULT_TOLERANCE, now: None }
    }
}

/// The header value a provider using `scheme` sends with `body`, signed with `secret` at
/// `timestamp` (unix seconds; used only by timestamped schemes).
pub fn sign(scheme: &SignatureScheme, secret: &[u8], body: &[u8], timestamp: u64) -> String {
    let signature = mac(secret, scheme.signed_content, timestamp, body).finalize().into_bytes();
    match (scheme.signed_content, scheme.encoding) {
        (SignedContent::TimestampDotBody, encoding) => {
            format!("{TIMESTAMP_FIELD}={timestamp},v1={}", encode(encoding, &signature))
        }
        (SignedContent::Body, encoding) => encode(encoding, &signature),
    }
}

/// Checks that `header` (the value of the scheme's header, `None` when absent) is a genuine
/// signature of `body` with `secret`.
pub fn verify(
    scheme: &SignatureScheme,
    secret: &[u8],
    header: Option<&str>,
    body: &[u8],
    options: &VerifyOptions,
) -> Result<(), VerifyError> {
    let header = header.ok_or_else(|| VerifyError::HeaderMissing(scheme.header.clone()))?.trim();
    match scheme.signed_content {
        SignedContent::Body => {
            let signature = decode(scheme.encoding, header)?;
            mac(secret, SignedContent::Body, 0, body)
                .verify_slice(&signature)
                .map_err(|_| VerifyError::Mismatch)
        }
        SignedContent::TimestampDotBody => {
            let (timestamp, signatures) = parse_timestamped(&scheme.header, header)?;
            let now = options.now.unwrap_or_else(unix_now);
            let age = now.abs_diff(timestamp);
            if age > options.tolerance.as_secs() {
                return Err(VerifyError::TimestampOutsideWindow {
                    timestamp,
                    age,
                    tolerance: options.tolerance.as_secs(),
                });
            }
            // A provider may send several `v1` signatures while it rotates secrets: one match is enough.
            let mut outcome = Err(VerifyError::Mismatch);
            for signature in signatures {
                let signature = decode(scheme.encoding, signature)?;
                if mac(secret, SignedContent::TimestampDotBody, timestamp, body)
                    .verify_slice(&signature)
                    .is_ok()
                {
                    outcome = Ok(());
                }
            }
            outcome
        }
    }
}

/// Splits `t=<unix seconds>,v1=<signature>[,v1=...]` into the timestamp and the `v1` signatures.
fn parse_timestamped<'a>(name: &str, header: &'a str) -> Result<(u64, Vec<&'a str>), VerifyError> {
    let malformed =
        |reason: &str| VerifyError::Malformed { header: name.to_owned(), reason: reason.to_owned() };
    let mut timestamp = None;
    let mut v1 = Vec::new();
    let mut others = Vec::new();
    for part in header.split(',') {
        let (key, value) =
            part.trim().split_once('=').ok_or_else(|| malformed("expected `key=value` pairs"))?;
        match key {
            TIMESTAMP_FIELD if timestamp.is_some() => return Err(malformed("more than one `t`")),
            TIMESTAMP_FIELD => {
                timestamp = Some(value.parse::<u64>().map_err(|_| malformed("`t` is not a unix timestamp"))?)
            }
            "v1" => v1.push(value),
            other
                if other.starts_with('v')
                    && other[1..].chars().all(|c| c.is_ascii_digit())
                    && other.len() > 1 =>
            {
                others.push(other.to_owned())
            }
            other => return Err(malformed(&format!("unknown key `{other}`"))),
        }
    }
    let timestamp = timestamp.ok_or_else(|| malformed("no `t=` timestamp"))?;
    if v1.is_empty() {
        return Err(if others.is_empty() {
            malformed("no signature")
        } else {
            VerifyError::UnknownVersion(others.join(", "))
        });
    }
    Ok((timestamp, v1))
}

fn mac(secret: &[u8], content: SignedContent, timestamp: u64, body: &[u8]) -> HmacSha256 {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    if content == SignedContent::TimestampDotBody {
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
    }
    mac.update(body);
    mac
}

fn encode(encoding: SignatureEncoding, bytes: &[u8]) -> String {
    match encoding {
        SignatureEncoding::Hex => bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        SignatureEncoding::Base64 => BASE64.encode(bytes),
    }
}

fn decode(encoding: SignatureEncoding, text: &str) -> Result<Vec<u8>, VerifyError> {
    match encoding {
        SignatureEncoding::Hex => {
            let bad = |reason: &str| VerifyError::BadEncoding { encoding: "hex", reason: reason.to_owned() };
            if !text.len().is_multiple_of(2) {
                return Err(bad("odd number of digits"));
            }
            (0..text.len())
                .step_by(2)
                .map(|index| {
                    text.get(index..index + 2)
                        .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                        .ok_or_else(|| bad(&format!("not a hex digit pair at position {index}")))
                })
                .collect()
        }
        SignatureEncoding::Base64 => BASE64
            .decode(text)
            .map_err(|error| VerifyError::BadEncoding { encoding: "base64", reason: error.to_string() }),
    }
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn timestamped() -> SignatureScheme {
        SignatureScheme {
            header: "Gigapay-Signature".into(),
            signed_content: SignedContent::TimestampDotBody,
            encoding: SignatureEncoding::Hex,
        }
    }

    fn plain() -> SignatureScheme {
        SignatureScheme {
            header: "X-Plugin-Hmac-Sha256".into(),
            signed_content: SignedContent::Body,
            encoding: SignatureEncoding::Base64,
        }
    }

    const BODY: &[u8] = br#"{"id":"38a93e19-886a-4246-9cfe-471214ff6739","events":["Payout.created"]}"#;
    const AT: VerifyOptions = VerifyOptions { tolerance: DEFAULT_TOLERANCE, now: Some(1_700_000_000) };

    #[test]
    fn a_timestamped_signature_matches_openssl() {
        // printf '%s' '1700000000.<BODY>' | openssl dgst -sha256 -hmac 'c1329a085d65f7757838df5920fdcc9a' -hex
        let header = sign(&timestamped(), b"c1329a085d65f7757838df5920fdcc9a", BODY, 1_700_000_000);
        assert_eq!(
            header,
            "t=1700000000,v1=210c937568e8411584dc6cbda19688f20367c91ce7e04508e44e328360b49c7b"
        );
        assert_eq!(
            verify(&timestamped(), b"c1329a085d65f7757838df5920fdcc9a", Some(&header), BODY, &AT),
            Ok(())
        );
    }

    #[test]
    fn a_body_signature_matches_openssl() {
        // printf '%s' '<BODY>' | openssl dgst -sha256 -hmac '2RUJ8NXLnLRrAj3' -binary | base64
        let header = sign(&plain(), b"2RUJ8NXLnLRrAj3", BODY, 0);
        assert_eq!(header, "HkJCkDvLTuuMbtdCtSHldVuSz6FvSgKVbmmirFNEop4=");
        assert_eq!(verify(&plain(), b"2RUJ8NXLnLRrAj3", Some(&header), BODY, &AT), Ok(()));
    }

    #[test]
    fn the_timestamp_window_is_enforced_both_ways() {
        let header = sign(&timestamped(), b"k", BODY, 1_700_000_000);
        let at = |now| VerifyOptions { now: Some(now), ..AT };
        assert_eq!(verify(&timestamped(), b"k", Some(&header), BODY, &at(1_700_000_300)), Ok(()));
        assert_eq!(
            verify(&timestamped(), b"k", Some(&header), BODY, &at(1_700_000_301)),
            Err(VerifyError::TimestampOutsideWindow { timestamp: 1_700_000_000, age: 301, tolerance: 300 })
        );
        assert!(
            verify(&timestamped(), b"k", Some(&header), BODY, &at(1_699_999_000)).is_err(),
            "from the future"
        );
        let wide = VerifyOptions { tolerance: Duration::from_secs(3600), now: Some(1_700_003_000) };
        assert_eq!(verify(&timestamped(), b"k", Some(&header), BODY, &wide), Ok(()));
    }

    #[test]
    fn a_changed_timestamp_is_a_mismatch() {
        let header = sign(&timestamped(), b"k", BODY, 1_700_000_000).replace("t=1700000000", "t=1700000001");
        assert_eq!(verify(&timestamped(), b"k", Some(&header), BODY, &AT), Err(VerifyError::Mismatch));
    }

    #[test]
    fn malformed_headers_say_what_is_wrong() {
        let check = |header: &str| {
            verify(&timestamped(), b"k", Some(header), BODY, &AT).err().map(|error| error.to_string())
        };
        assert_eq!(
            check("v1=00").as_deref(),
            Some("the `Gigapay-Signature` header is malformed: no `t=` timestamp")
        );
        assert_eq!(
            check("t=1700000000").as_deref(),
            Some("the `Gigapay-Signature` header is malformed: no signature")
        );
        assert_eq!(
            check("t=soon,v1=00").as_deref(),
            Some("the `Gigapay-Signature` header is malformed: `t` is not a unix timestamp")
        );
        assert_eq!(
            check("t=1700000000,v0=00").as_deref(),
            Some("the header has no `v1` signature (found v0)")
        );
        assert_eq!(
            check("t=1700000000,v1=0g").as_deref(),
            Some("the signature is not valid hex: not a hex digit pair at position 0")
        );
        assert_eq!(
            check("t=1700000000,v1=abc").as_deref(),
            Some("the signature is not valid hex: odd number of digits")
        );
        assert_eq!(
            check("garbage").as_deref(),
            Some("the `Gigapay-Signature` header is malformed: expected `key=value` pairs")
        );
        assert_eq!(
            verify(&plain(), b"k", Some("***"), BODY, &AT).err().map(|error| error.to_string()).as_deref(),
            Some("the signature is not valid base64: Invalid symbol 42, offset 0.")
        );
        assert_eq!(
            verify(&plain(), b"k", None, BODY, &AT),
            Err(VerifyError::HeaderMissing("X-Plugin-Hmac-Sha256".into()))
        );
    }

    #[test]
    fn one_matching_v1_among_several_is_enough() {
        let genuine = sign(&timestamped(), b"k", BODY, 1_700_000_000);
        let signature = genuine.split_once(",v1=").map(|(_, signature)| signature).unwrap_or_default();
        let header = format!("t=1700000000,v1={},v0=ff,v1={signature}", "ab".repeat(32));
        assert_eq!(verify(&timestamped(), b"k", Some(&header), BODY, &AT), Ok(()));
        let only_wrong = format!("t=1700000000,v1={}", "ab".repeat(32));
        assert_eq!(verify(&timestamped(), b"k", Some(&only_wrong), BODY, &AT), Err(VerifyError::Mismatch));
    }

    #[test]
    fn a_truncated_signature_is_refused() {
        let header = sign(&plain(), b"k", BODY, 0);
        let truncated = &header[..header.len() - 4];
        assert!(verify(&plain(), b"k", Some(truncated), BODY, &AT).is_err());
        let header = sign(&timestamped(), b"k", BODY, 1_700_000_000);
        assert_eq!(
            verify(&timestamped(), b"k", Some(&header[..header.len() - 2]), BODY, &AT),
            Err(VerifyError::Mismatch)
        );
    }

    proptest! {
        #[test]
        fn sign_then_verify_holds_and_any_changed_byte_is_refused(
            body in proptest::collection::vec(any::<u8>(), 0..512),
            secret in proptest::collection::vec(any::<u8>(), 0..64),
            timestamp in 0u64..4_000_000_000,
            flip in any::<proptest::sample::Index>(),
            bit in 0u8..8,
        ) {
            let options = VerifyOptions { tolerance: DEFAULT_TOLERANCE, now: Some(timestamp) };
            for scheme in [timestamped(), plain()] {
                let header = sign(&scheme, &secret, &body, timestamp);
                prop_assert_eq!(verify(&scheme, &secret, Some(&header), &body, &options), Ok(()));
                if !body.is_empty() {
                    let mut tampered = body.clone();
                    tampered[flip.index(body.len())] ^= 1 << bit;
                    prop_assert_eq!(verify(&scheme, &secret, Some(&header), &tampered, &options), Err(VerifyError::Mismatch));
                }
                let mut other = secret.clone();
                other.push(1);
                prop_assert_eq!(verify(&scheme, &other, Some(&header), &body, &options), Err(VerifyError::Mismatch));
            }
        }

        #[test]
        fn garbage_headers_never_panic(header in ".{0,200}", body in proptest::collection::vec(any::<u8>(), 0..64)) {
            for scheme in [timestamped(), plain()] {
                let _ = verify(&scheme, b"k", Some(&header), &body, &VerifyOptions { now: Some(0), ..VerifyOptions::default() });
            }
        }
    }
}
