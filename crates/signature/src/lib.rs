//! Signing and verifying webhook deliveries, for any signature scheme described as data.
//!
//! A [`Scheme`] says which headers a delivery carries and the format of each, what is signed,
//! the algorithm, the encoding, how the key comes from the secret, whether several signatures
//! may appear and the tolerance. A provider's scheme is its folder's `signature.yaml`; the
//! cross-vendor standards are built in ([`scheme::builtin`]: `standard-webhooks`). One generic
//! [`sign`] and [`verify`] read that data. Verification compares in constant time, refuses a
//! timestamp outside the tolerance window, names each way a header can be wrong, and never
//! panics, whatever the input.

pub mod scheme;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD as BASE64};
use hmac::{KeyInit, Mac};
pub use scheme::{Algorithm, Encoding, Field, Key, Scheme};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The tolerance the verifier applies to a signed timestamp when the provider documents none:
/// five minutes, as the Standard Webhooks libraries and Stripe's use.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a delivery's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// A header the scheme requires is missing.
    #[error("the `{0}` header is missing")]
    HeaderMissing(String),
    /// A part of a header starts with something the scheme's format does not have.
    #[error("the `{header}` header has an unexpected prefix: `{found}`, where the format has {expected}")]
    UnexpectedPrefix {
        /// The header's name.
        header: String,
        /// The start of the part that matches no part of the format.
        found: String,
        /// The prefixes the format has.
        expected: String,
    },
    /// A header is not in the scheme's format otherwise.
    #[error("the `{header}` header is malformed: {reason}")]
    Malformed {
        /// The header's name.
        header: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The timestamp is not unix seconds.
    #[error("the timestamp `{0}` is not a whole number of unix seconds")]
    BadTimestamp(String),
    /// The signature is not valid hex or base64.
    #[error("the signature is not valid {encoding}: {reason}")]
    BadEncoding {
        /// `hex` or `base64`.
        encoding: &'static str,
        /// The decoder's complaint.
        reason: String,
    },
    /// The header carries signatures of other scheme versions only.
    #[error("the `{header}` header has no signature of this scheme's version (found {found})")]
    UnknownVersion {
        /// The header's name.
        header: String,
        /// The entries of other versions.
        found: String,
    },
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
    /// The secret cannot give a key under the scheme.
    #[error("{0}")]
    BadSecret(String),
    /// No signature matches the body and secret.
    #[error("the signature does not match the body and secret")]
    Mismatch,
}

/// How [`verify`] treats timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VerifyOptions {
    /// The largest accepted distance between the signed timestamp and now; `None` takes the
    /// scheme's, else [`DEFAULT_TOLERANCE`].
    pub tolerance: Option<Duration>,
    /// The current time in unix seconds; `None` reads the system clock.
    pub now: Option<u64>,
}

/// What a delivery is signed with besides its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing<'a> {
    /// When it is signed, in unix seconds.
    pub timestamp: u64,
    /// The delivery's identifier, for schemes that sign one.
    pub id: &'a str,
}

/// The MAC key `secret` gives under `scheme`.
pub fn key(scheme: &Scheme, secret: &[u8]) -> Result<Vec<u8>, VerifyError> {
    match &scheme.key {
        Key::Secret => Ok(secret.to_vec()),
        Key::Base64 { prefix } => {
            let text = std::str::from_utf8(secret)
                .map_err(|_| VerifyError::BadSecret("the secret is not text".into()))?
                .trim();
            let encoded = text.strip_prefix(prefix.as_str()).unwrap_or(text);
            // Padding may be left out, as the Standard Webhooks libraries accept.
            let lenient = GeneralPurpose::new(
                &base64::alphabet::STANDARD,
                GeneralPurposeConfig::new()
                    .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
            );
            let bytes = lenient.decode(encoded).map_err(|error| {
                VerifyError::BadSecret(format!("the secret is not base64 after `{prefix}`: {error}"))
            })?;
            if bytes.is_empty() {
                return Err(VerifyError::BadSecret("the secret is empty".into()));
            }
            Ok(bytes)
        }
    }
}

/// The headers a provider using `scheme` sends with `body`, signed with `secret`, in the order
/// the scheme lists them.
pub fn sign(
    scheme: &Scheme,
    secret: &[u8],
    body: &[u8],
    signing: &Signing<'_>,
) -> Result<Vec<(String, String)>, VerifyError> {
    let key = key(scheme, secret)?;
    let signature = encode(
        scheme.encoding,
        &mac(scheme, &key, body, signing.timestamp, signing.id).finalize().into_bytes(),
    );
    let timestamp = signing.timestamp.to_string();
    Ok(scheme
        .headers
        .iter()
        .map(|(name, template)| {
            let value = template
                .replace("{signature}", &signature)
                .replace("{timestamp}", &timestamp)
                .replace("{id}", signing.id);
            (name.clone(), value)
        })
        .collect())
}

/// What a header's value holds, part by part.
#[derive(Default)]
struct Read<'a> {
    id: Option<&'a str>,
    timestamp: Option<&'a str>,
    signatures: Vec<&'a str>,
    others: Vec<&'a str>,
}

/// Checks that `headers` (name and value pairs; names compare case-insensitively) carry a
/// genuine signature of `body` with `secret`.
pub fn verify(
    scheme: &Scheme,
    secret: &[u8],
    headers: &[(&str, &str)],
    body: &[u8],
    options: &VerifyOptions,
) -> Result<(), VerifyError> {
    let mut read = Read::default();
    for (name, template) in &scheme.headers {
        let value = headers
            .iter()
            .find(|(given, _)| given.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
            .ok_or_else(|| VerifyError::HeaderMissing(name.clone()))?;
        read_header(scheme, name, template, value, &mut read)?;
    }
    let (signature_header, _) = scheme.signature_header();
    if read.signatures.is_empty() {
        return Err(if read.others.is_empty() {
            VerifyError::Malformed { header: signature_header.to_owned(), reason: "no signature".into() }
        } else {
            VerifyError::UnknownVersion { header: signature_header.to_owned(), found: read.others.join(", ") }
        });
    }
    let timestamp = match read.timestamp {
        Some(text) if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) => {
            text.parse::<u64>().map_err(|_| VerifyError::BadTimestamp(text.to_owned()))?
        }
        Some(text) => return Err(VerifyError::BadTimestamp(text.to_owned())),
        None => 0,
    };
    if scheme.timestamped() {
        let tolerance = options
            .tolerance
            .or(scheme.tolerance_seconds.map(Duration::from_secs))
            .unwrap_or(DEFAULT_TOLERANCE)
            .as_secs();
        let now = options.now.unwrap_or_else(unix_now);
        let age = now.abs_diff(timestamp);
        let ahead = timestamp > now;
        if age > tolerance && !(ahead && scheme.stale_only) {
            return Err(VerifyError::TimestampOutsideWindow { timestamp, age, tolerance });
        }
    }
    let key = key(scheme, secret)?;
    let expected = mac(scheme, &key, body, timestamp, read.id.unwrap_or_default());
    // While secrets rotate several signatures may arrive: one that matches is enough. Every one is
    // compared, in constant time.
    let mut matched = false;
    let mut undecodable = None;
    let mut decoded = 0;
    for signature in &read.signatures {
        match decode(scheme.encoding, signature) {
            Ok(bytes) => {
                decoded += 1;
                // hmac's own comparison, in constant time.
                matched |= expected.clone().verify_slice(&bytes).is_ok();
            }
            Err(error) => undecodable = Some(error),
        }
    }
    match (matched, undecodable) {
        (true, _) => Ok(()),
        (false, Some(error)) if decoded == 0 => Err(error),
        _ => Err(VerifyError::Mismatch),
    }
}

/// Reads one header's value into `read`, part by part, naming what is wrong with it.
fn read_header<'a>(
    scheme: &Scheme,
    name: &str,
    template: &str,
    value: &'a str,
    read: &mut Read<'a>,
) -> Result<(), VerifyError> {
    let malformed = |reason: String| VerifyError::Malformed { header: name.to_owned(), reason };
    let parts = scheme.parts(template).map_err(malformed)?;
    let given: Vec<&str> = match &scheme.separator {
        Some(separator) => {
            value.split(separator.as_str()).map(str::trim).filter(|part| !part.is_empty()).collect()
        }
        None => vec![value],
    };
    let carries_signature = parts.iter().any(|part| part.field == Some(Field::Signature));
    let several = scheme.several && carries_signature;
    let mut seen: Vec<usize> = Vec::new();
    for text in given {
        // The longest prefix that fits, so that `v1a,` is not read as `v1,`.
        let found = parts
            .iter()
            .enumerate()
            .filter(|(_, part)| match part.field {
                Some(_) => text.starts_with(&part.prefix),
                None => text == part.prefix,
            })
            .max_by_key(|(_, part)| part.prefix.len());
        let Some((index, part)) = found else {
            if several && is_other_version(scheme, text) {
                read.others
                    .push(text.split(scheme.version_delimiter().unwrap_or('=')).next().unwrap_or(text));
                continue;
            }
            return Err(unexpected(name, text, &parts, scheme));
        };
        let field_value = &text[part.prefix.len()..];
        if seen.contains(&index) && !(several && part.field == Some(Field::Signature)) {
            return Err(malformed(format!("more than one `{}`", part.shown())));
        }
        seen.push(index);
        match part.field {
            Some(Field::Id) => read.id = Some(field_value),
            Some(Field::Timestamp) => read.timestamp = Some(field_value),
            Some(Field::Signature) if field_value.is_empty() => {
                return Err(malformed(format!("`{}` with no signature", part.prefix)));
            }
            Some(Field::Signature) => read.signatures.push(field_value),
            Some(Field::Body) | None => {}
        }
    }
    for (index, part) in parts.iter().enumerate() {
        if !seen.contains(&index) && part.field != Some(Field::Signature) {
            return Err(malformed(format!("no `{}`", part.shown())));
        }
    }
    Ok(())
}

/// Whether `text` is an entry of another version of the signature part (`v0=...` beside
/// `v1=...`), which a verifier of several signatures ignores.
fn is_other_version(scheme: &Scheme, text: &str) -> bool {
    let Some(delimiter) = scheme.version_delimiter() else { return false };
    text.split_once(delimiter)
        .is_some_and(|(version, _)| !version.is_empty() && version.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn unexpected(name: &str, text: &str, parts: &[scheme::Part], scheme: &Scheme) -> VerifyError {
    let prefixes: Vec<String> = parts
        .iter()
        .filter(|part| !part.prefix.is_empty())
        .map(|part| format!("`{}`", part.prefix))
        .collect();
    if prefixes.is_empty() {
        return VerifyError::Malformed {
            header: name.to_owned(),
            reason: format!("`{}` is not a {} signature", truncate(text), scheme.encoding.name()),
        };
    }
    // The found prefix: up to and including the first character that is neither a letter nor a
    // digit, or the whole part.
    let end = text
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
        .map_or(text.len(), |(at, c)| at + c.len_utf8());
    VerifyError::UnexpectedPrefix {
        header: name.to_owned(),
        found: truncate(&text[..end]),
        expected: prefixes.join(" and "),
    }
}

fn truncate(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// The MAC of the scheme's signed content, ready to finalize or to verify a signature with.
fn mac(scheme: &Scheme, key: &[u8], body: &[u8], timestamp: u64, id: &str) -> HmacSha256 {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    let timestamp = timestamp.to_string();
    for piece in scheme::pieces(&scheme.signed).unwrap_or_default() {
        match piece {
            scheme::Piece::Literal(text) => mac.update(text.as_bytes()),
            scheme::Piece::Field(Field::Body) => mac.update(body),
            scheme::Piece::Field(Field::Timestamp) => mac.update(timestamp.as_bytes()),
            scheme::Piece::Field(Field::Id) => mac.update(id.as_bytes()),
            scheme::Piece::Field(Field::Signature) => {}
        }
    }
    mac
}

fn encode(encoding: Encoding, bytes: &[u8]) -> String {
    match encoding {
        Encoding::Hex => hex::encode(bytes),
        Encoding::Base64 => BASE64.encode(bytes),
    }
}

fn decode(encoding: Encoding, text: &str) -> Result<Vec<u8>, VerifyError> {
    match encoding {
        Encoding::Hex => hex::decode(text).map_err(|error| VerifyError::BadEncoding {
            encoding: "hex",
            reason: match error {
                hex::FromHexError::OddLength => "odd number of digits".to_owned(),
                hex::FromHexError::InvalidHexCharacter { index, .. } => {
                    format!("not a hex digit pair at position {}", index - index % 2)
                }
                other => other.to_string(),
            },
        }),
        Encoding::Base64 => BASE64
            .decode(text)
            .map_err(|error| VerifyError::BadEncoding { encoding: "base64", reason: error.to_string() }),
    }
}

/// The current time in unix seconds.
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests;
