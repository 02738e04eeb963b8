//! A signature scheme as data: the headers a delivery carries and the format of each, what is
//! signed, the algorithm, the encoding, how the key comes from the secret, whether several
//! signatures may appear, and the tolerance. The same description signs, verifies, and renders
//! the header's pattern and prose in the published documents.
//!
//! Templates name their fields in braces: `{id}` (the delivery's identifier), `{timestamp}`
//! (unix seconds), `{signature}` (the encoded MAC) and, in the signed content only, `{body}`
//! (the raw request body). A header's template is a list of parts joined by the scheme's
//! `separator`; each part is a literal prefix and at most one field, last: `t={timestamp},v1={signature}`.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// How deliveries are signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    /// The MAC algorithm.
    pub algorithm: Algorithm,
    /// How the MAC key comes from the webhook's secret.
    pub key: Key,
    /// What is signed, as a template over `{id}`, `{timestamp}` and `{body}`.
    pub signed: String,
    /// How the MAC bytes are written.
    pub encoding: Encoding,
    /// The headers a delivery carries, by name, each with the template of its value. Exactly one
    /// carries `{signature}`.
    pub headers: IndexMap<String, String>,
    /// What joins the parts of a header's value (`,` in `t=...,v1=...`, a space between the
    /// entries of a list); none when a value is one part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub separator: Option<String>,
    /// Whether the signature header may carry several signatures (while secrets rotate): any one
    /// that matches verifies, and entries of other versions are ignored.
    #[serde(default)]
    pub several: bool,
    /// The largest distance, in seconds, between a signed timestamp and now that the provider
    /// documents; `None` when it documents none (the verifier then applies
    /// [`crate::DEFAULT_TOLERANCE`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_seconds: Option<u64>,
    /// Whether the tolerance bounds only a timestamp's age: a timestamp ahead of the clock is
    /// accepted, as the provider's own verifier accepts it (stripe-python refuses only a timestamp
    /// older than its tolerance). By default a timestamp that far from now either way is refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stale_only: bool,
}

/// A MAC algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Algorithm {
    /// HMAC (RFC 2104) with SHA-256.
    #[serde(rename = "HMAC-SHA256")]
    HmacSha256,
}

/// How the MAC key comes from the webhook's secret: `secret` (its bytes as given), or
/// `{base64: {prefix: whsec_}}` (the bytes it encodes in base64 after the prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// The secret's bytes, as given.
    Secret,
    /// The bytes the secret encodes in base64, after a prefix (`whsec_`) that may be left out.
    Base64 {
        /// The prefix the secret is shown with.
        prefix: String,
    },
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Key::Secret => serializer.serialize_str("secret"),
            Key::Base64 { prefix } => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("base64", &Base64Key { prefix: prefix.clone() })?;
                map.end()
            }
        }
    }
}

#[derive(Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Base64Key {
    #[serde(default)]
    prefix: String,
}

impl schemars::JsonSchema for Key {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Key".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The HMAC key: `secret`, the secret's own bytes, or `{base64: {prefix: ...}}`, the bytes \
                            the secret encodes in base64 after the prefix it is shown with.",
            "oneOf": [
                {"const": "secret"},
                {
                    "type": "object",
                    "properties": {"base64": {
                        "type": "object",
                        "properties": {"prefix": {"type": "string"}},
                        "additionalProperties": false
                    }},
                    "required": ["base64"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("`secret`, or `{base64: {prefix: ...}}`")
            }
            fn visit_str<E: serde::de::Error>(self, word: &str) -> Result<Key, E> {
                match word {
                    "secret" => Ok(Key::Secret),
                    other => Err(E::custom(format!(
                        "the key is `secret` or `{{base64: {{prefix: ...}}}}`, not `{other}`"
                    ))),
                }
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                let Some(name) = map.next_key::<String>()? else {
                    return Err(serde::de::Error::custom("an empty key"));
                };
                if name != "base64" {
                    return Err(serde::de::Error::custom(format!(
                        "unknown key kind `{name}`; it is `base64`"
                    )));
                }
                let Base64Key { prefix } = map.next_value()?;
                if map.next_key::<String>()?.is_some() {
                    return Err(serde::de::Error::custom("a key has one kind"));
                }
                Ok(Key::Base64 { prefix })
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// How MAC bytes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// Hexadecimal (written lower case; read in either case).
    Hex,
    /// Standard base64 with padding.
    Base64,
}

impl Encoding {
    /// The encoding's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Hex => "hex",
            Encoding::Base64 => "base64",
        }
    }

    /// A regular expression every encoded HMAC-SHA256 matches.
    fn pattern(self) -> &'static str {
        match self {
            Encoding::Hex => "[0-9a-fA-F]{64}",
            Encoding::Base64 => "[A-Za-z0-9+/]{43}=",
        }
    }
}

/// A field of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `{id}`: the delivery's identifier.
    Id,
    /// `{timestamp}`: when the delivery was signed, in unix seconds.
    Timestamp,
    /// `{signature}`: the encoded MAC.
    Signature,
    /// `{body}`: the raw request body (signed content only).
    Body,
}

impl Field {
    /// The field's name in a template.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Timestamp => "timestamp",
            Field::Signature => "signature",
            Field::Body => "body",
        }
    }

    fn parse(name: &str) -> Option<Field> {
        [Field::Id, Field::Timestamp, Field::Signature, Field::Body]
            .into_iter()
            .find(|field| field.name() == name)
    }

    /// How the field is shown to readers in a header's format.
    fn shown(self) -> &'static str {
        match self {
            Field::Id => "<delivery id>",
            Field::Timestamp => "<unix seconds>",
            Field::Signature => "<signature>",
            Field::Body => "<body>",
        }
    }
}

/// A piece of a template: literal text or a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text written as it is.
    Literal(String),
    /// A value.
    Field(Field),
}

/// The pieces of `template`, or why it is not one.
pub fn pieces(template: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            pieces.push(Piece::Literal(rest[..open].to_owned()));
        }
        let close =
            rest[open..].find('}').ok_or_else(|| format!("`{template}` has a `{{` without its `}}`"))?;
        let name = &rest[open + 1..open + close];
        let field = Field::parse(name).ok_or_else(|| {
            format!("`{{{name}}}` in `{template}` is not a field (they are {{id}}, {{timestamp}}, {{signature}} and {{body}})")
        })?;
        pieces.push(Piece::Field(field));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    Ok(pieces)
}

/// One part of a header's value: a literal prefix and the field that follows it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The text before the field (`t=`, `v1,`, `sha256=`), possibly empty.
    pub prefix: String,
    /// The field, when the part carries one.
    pub field: Option<Field>,
}

impl Scheme {
    /// Checks what deserialising cannot: that every template reads, exactly one header carries
    /// the signature, every field the signed content uses travels in a header, and each part of a
    /// header is a prefix and at most one field.
    pub fn check(&self) -> Result<(), String> {
        let signed = pieces(&self.signed)?;
        if !signed.contains(&Piece::Field(Field::Body)) {
            return Err(format!("the signed content `{}` does not include `{{body}}`", self.signed));
        }
        if signed.contains(&Piece::Field(Field::Signature)) {
            return Err(format!("the signed content `{}` cannot include `{{signature}}`", self.signed));
        }
        let mut carried = Vec::new();
        for (name, template) in &self.headers {
            for part in self.parts(template).map_err(|error| format!("header `{name}`: {error}"))? {
                if let Some(field) = part.field {
                    if field == Field::Body {
                        return Err(format!(
                            "header `{name}`: `{{body}}` travels as the body, not in a header"
                        ));
                    }
                    if carried.contains(&field) {
                        return Err(format!("`{{{}}}` is carried more than once", field.name()));
                    }
                    carried.push(field);
                }
            }
        }
        if !carried.contains(&Field::Signature) {
            return Err("no header carries `{signature}`".into());
        }
        for piece in &signed {
            if let Piece::Field(field) = piece
                && *field != Field::Body
                && !carried.contains(field)
            {
                return Err(format!("the signed `{{{}}}` travels in no header", field.name()));
            }
        }
        if self.several && self.separator.is_none() {
            return Err("several signatures need a `separator` between them".into());
        }
        if let Key::Base64 { prefix } = &self.key
            && prefix.contains(char::is_whitespace)
        {
            return Err(format!("the key prefix `{prefix}` has whitespace"));
        }
        Ok(())
    }

    /// The parts of a header template, split at the separator.
    pub fn parts(&self, template: &str) -> Result<Vec<Part>, String> {
        let split: Vec<&str> = match &self.separator {
            Some(separator) => template.split(separator.as_str()).collect(),
            None => vec![template],
        };
        split
            .into_iter()
            .map(|part| match pieces(part)?.as_slice() {
                [] => Err(format!("`{template}` has an empty part")),
                [Piece::Literal(prefix)] => Ok(Part { prefix: prefix.clone(), field: None }),
                [Piece::Field(field)] => Ok(Part { prefix: String::new(), field: Some(*field) }),
                [Piece::Literal(prefix), Piece::Field(field)] => {
                    Ok(Part { prefix: prefix.clone(), field: Some(*field) })
                }
                _ => Err(format!("`{part}` in `{template}` is not a prefix followed by at most one field")),
            })
            .collect()
    }

    /// The header that carries the signature, and its template.
    pub fn signature_header(&self) -> (&str, &str) {
        self.headers
            .iter()
            .find(|(_, template)| template.contains("{signature}"))
            .map_or(("", ""), |(name, template)| (name.as_str(), template.as_str()))
    }

    /// Whether the signed content includes the timestamp (so the verifier bounds its age).
    pub fn timestamped(&self) -> bool {
        self.signed.contains("{timestamp}")
    }

    /// A regular expression (ECMA 262, as OpenAPI patterns are) every genuine value of the header
    /// `template` matches. Hex digits may be of either case: providers say "hex", not which case.
    pub fn pattern(&self, template: &str) -> String {
        let separator = self.separator.as_deref().unwrap_or("");
        let parts = self.parts(template).unwrap_or_default();
        let value = |field: Field| match field {
            Field::Timestamp => "[0-9]+".to_owned(),
            Field::Signature => self.encoding.pattern().to_owned(),
            Field::Id | Field::Body if separator.is_empty() => ".+".to_owned(),
            Field::Id | Field::Body => format!("[^{}]+", escape(separator)),
        };
        let part =
            |part: &Part| format!("{}{}", escape(&part.prefix), part.field.map(value).unwrap_or_default());
        if self.several && template.contains("{signature}") {
            let mut choices: Vec<String> = parts.iter().map(part).collect();
            if let Some(other) = self.other_versions() {
                choices.push(other);
            }
            let choice = format!("({})", choices.join("|"));
            format!("^{choice}({}{choice})*$", escape(separator))
        } else {
            let joined: Vec<String> = parts.iter().map(part).collect();
            format!("^{}$", joined.join(&escape(separator)))
        }
    }

    /// The pattern of an entry of another scheme version beside the signatures, when several may
    /// appear: the signature's prefix with another version (`v0=`, `v1a,`).
    fn other_versions(&self) -> Option<String> {
        let delimiter = self.version_delimiter()?;
        let separator = self.separator.as_deref().unwrap_or("");
        let (_, template) = self.signature_header();
        let parts = self.parts(template).ok()?;
        let own = &parts.iter().find(|part| part.field == Some(Field::Signature))?.prefix;
        Some(format!(
            "(?!{})[A-Za-z0-9]+{}[^{}]*",
            escape(own),
            escape(&delimiter.to_string()),
            escape(separator)
        ))
    }

    /// The character that ends the signature part's version (`=` in `v1=`, `,` in `v1,`).
    pub(crate) fn version_delimiter(&self) -> Option<char> {
        let (_, template) = self.signature_header();
        let parts = self.parts(template).ok()?;
        let prefix = &parts.iter().find(|part| part.field == Some(Field::Signature))?.prefix;
        prefix.chars().last().filter(|last| !last.is_alphanumeric())
    }

    /// The header's format as readers see it: `t=<unix seconds>,v1=<signature>`.
    pub fn shown(&self, template: &str) -> String {
        pieces(template)
            .unwrap_or_default()
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => text.clone(),
                Piece::Field(field) => field.shown().to_owned(),
            })
            .collect()
    }

    /// The signature header's format and what it signs, in words for an integrator.
    pub fn describe(&self) -> String {
        let (_, template) = self.signature_header();
        let content = words(&self.signed);
        let key = match &self.key {
            Key::Secret => "keyed with the webhook's secret".to_owned(),
            Key::Base64 { prefix } if prefix.is_empty() => {
                "keyed with the bytes the webhook's secret encodes in base64".to_owned()
            }
            Key::Base64 { prefix } => {
                format!("keyed with the bytes the webhook's secret encodes in base64 after `{prefix}`")
            }
        };
        let algorithm = match self.algorithm {
            Algorithm::HmacSha256 => "HMAC-SHA256",
        };
        let mac = format!("{}-encoded {algorithm}, {key}, of {content}", self.encoding.name());
        let mut text = if template == "{signature}" {
            format!("The {mac}.")
        } else {
            format!("`{}`, where the signature is the {mac}.", self.shown(template))
        };
        if self.several {
            let separator = match self.separator.as_deref() {
                Some(" ") => "a space".to_owned(),
                Some(other) => format!("`{other}`"),
                None => String::new(),
            };
            text.push_str(&format!(
                " Several signatures may appear, separated by {separator}: one that \
                 matches is enough, and entries of other versions are ignored."
            ));
        }
        text
    }
}

/// Checks a documented header value (an example, or a format whose values are written `<...>`)
/// against the scheme's `template`: every part of the template must be in it, with its prefix, and
/// nothing else (beside entries of other versions, where several signatures may appear). The
/// error names the first difference: a prefix, a field or a separator.
pub fn documented_format(scheme: &Scheme, template: &str, documented: &str) -> Result<(), String> {
    let parts = scheme.parts(template)?;
    let quoted: Vec<&str> = match &scheme.separator {
        Some(separator) => documented.split(separator.as_str()).map(str::trim).collect(),
        None => vec![documented.trim()],
    };
    let several = scheme.several && template.contains("{signature}");
    let mut seen = vec![0usize; parts.len()];
    for text in quoted {
        let fits = |part: &Part| match part.field {
            None => text == part.prefix,
            Some(field) => text
                .strip_prefix(part.prefix.as_str())
                .is_some_and(|value| placeholder(value) || scheme.value_fits(field, value)),
        };
        match parts
            .iter()
            .enumerate()
            .filter(|(_, part)| fits(part))
            .max_by_key(|(_, part)| part.prefix.len())
        {
            Some((index, _)) => seen[index] += 1,
            None if several
                && scheme.version_delimiter().is_some_and(|delimiter| {
                    text.split_once(delimiter).is_some_and(|(version, _)| {
                        !version.is_empty() && version.chars().all(|c| c.is_ascii_alphanumeric())
                    })
                }) => {}
            None => {
                let expected: Vec<String> = parts.iter().map(|part| format!("`{}`", part.shown())).collect();
                return Err(format!(
                    "the documented `{text}` is none of the format's parts ({}){}",
                    expected.join(", "),
                    match &scheme.separator {
                        Some(separator) => format!(", separated by `{separator}`"),
                        None => String::new(),
                    }
                ));
            }
        }
    }
    for (part, count) in parts.iter().zip(&seen) {
        if *count == 0 {
            return Err(format!("the format's `{}` is not documented", part.shown()));
        }
        if *count > 1 && !(several && part.field == Some(Field::Signature)) {
            return Err(format!("the documentation has `{}` {count} times", part.shown()));
        }
    }
    Ok(())
}

/// Whether `value` is a documentation placeholder: `<...>`.
fn placeholder(value: &str) -> bool {
    value.len() >= 2 && value.starts_with('<') && value.ends_with('>')
}

impl Part {
    /// The part as a template writes it: `t={timestamp}`.
    pub fn shown(&self) -> String {
        match self.field {
            Some(field) => format!("{}{{{}}}", self.prefix, field.name()),
            None => self.prefix.clone(),
        }
    }
}

impl Scheme {
    /// Whether `value` can be the value of `field` under this scheme.
    fn value_fits(&self, field: Field, value: &str) -> bool {
        match field {
            Field::Timestamp => !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()),
            Field::Signature => match self.encoding {
                Encoding::Hex => value.len() == 64 && value.bytes().all(|byte| byte.is_ascii_hexdigit()),
                Encoding::Base64 => {
                    value.len() == 44
                        && value.ends_with('=')
                        && value[..43]
                            .bytes()
                            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/')
                }
            },
            Field::Id | Field::Body => !value.is_empty(),
        }
    }
}

/// The signed content in words: `{timestamp}.{body}` is "the timestamp, a dot and the request
/// body".
fn words(template: &str) -> String {
    let named: Vec<String> = pieces(template)
        .unwrap_or_default()
        .iter()
        .map(|piece| match piece {
            Piece::Field(Field::Id) => "the delivery id".to_owned(),
            Piece::Field(Field::Timestamp) => "the timestamp".to_owned(),
            Piece::Field(Field::Body) => "the request body".to_owned(),
            Piece::Field(Field::Signature) => "the signature".to_owned(),
            Piece::Literal(text) if text == "." => "a dot".to_owned(),
            Piece::Literal(text) => format!("`{text}`"),
        })
        .collect();
    match named.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// `text` with the characters that mean something in a regular expression escaped.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if "\\^$.|?*+()[]{}/-".contains(character) {
            escaped.push('\\');
        }
        escaped.push(character);
    }
    escaped
}

/// Built-in schemes of cross-vendor standards, by name.
pub fn builtin(name: &str) -> Option<Scheme> {
    let text = BUILTIN.iter().find(|(known, _)| *known == name)?.1;
    // The built-in texts are tested to read (`tests::every_builtin_scheme_reads`).
    parse(text, name).ok()
}

/// The names of the built-in schemes.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN.iter().map(|(name, _)| *name).collect()
}

/// The built-in schemes, in the format of a provider's `signature.yaml`.
pub(crate) const BUILTIN: [(&str, &str); 1] = [("standard-webhooks", include_str!("standard-webhooks.yaml"))];

/// Reads a scheme from YAML (or JSON), named `name` in errors, and checks it.
pub fn parse(text: &str, name: &str) -> Result<Scheme, String> {
    let scheme: Scheme = yaml_serde::from_str(text).map_err(|error| format!("{name}: {error}"))?;
    scheme.check().map_err(|error| format!("{name}: {error}"))?;
    Ok(scheme)
}
