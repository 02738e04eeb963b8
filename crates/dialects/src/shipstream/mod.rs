//! ShipStream (formerly Red Stag Fulfillment) merchant API: JSON-RPC 2.0, positional params, a
//! session slot, integer ids, topics as a comma-separated string or an array, an `is_active` flag
//! `1` or `0`.
//!
//! The wire types and their conversions; the methods are in `api.yaml` beside this file, and
//! everything ShipStream documents about them in `facts.yaml`. The doc comments are ShipStream's
//! own words where it has them: they become the schemas' descriptions.

use std::borrow::Cow;
use std::fmt;

use hookspec_model as model;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::{ConversionError, Wire};

/// The ShipStream wire types.
pub static WIRE: Wire = Wire {
    schemas: crate::schemas![Webhook, WebhookData, SessionSlot, SessionId, Status, Success],
    webhook: crate::canonical::<Webhook>,
    // ShipStream's current reference has no topic wildcard: "Remove webhook asterisk" (b2e9e27,
    // 2021) took `order:*` out of it (conformance.md, "Changed since").
    wildcard: None,
    switch: None,
};

const PROVIDER: &str = "ShipStream";

/// Whether a webhook is active: `1` or `0`, as the current reference writes it ("Allowed values:
/// "0" - inactive or "1" - active."), and only those, as the published schema says. The 2014
/// revision of the reference showed `"Yes"`; that is history (conformance.md, "Changed since"),
/// not something the current API is documented to send or take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsActive {
    /// `1`.
    One,
    /// `0`.
    Zero,
}

impl IsActive {
    /// Whether the webhook is active.
    pub fn active(self) -> bool {
        matches!(self, IsActive::One)
    }
}

impl From<bool> for IsActive {
    /// Writes the flag as the reference does: `1` or `0`.
    fn from(active: bool) -> Self {
        if active { IsActive::One } else { IsActive::Zero }
    }
}

impl Serialize for IsActive {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(match self {
            IsActive::One => 1,
            IsActive::Zero => 0,
        })
    }
}

impl<'de> Deserialize<'de> for IsActive {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Flag;
        impl Visitor<'_> for Flag {
            type Value = IsActive;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("1 or 0")
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<IsActive, E> {
                match value {
                    1 => Ok(IsActive::One),
                    0 => Ok(IsActive::Zero),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(value), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<IsActive, E> {
                u64::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
                    .and_then(|value| self.visit_u64(value))
            }
        }
        deserializer.deserialize_any(Flag)
    }
}

impl JsonSchema for IsActive {
    fn schema_name() -> Cow<'static, str> {
        "IsActive".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Flag to determine whether the webhook is active. Allowed values: \"0\" - inactive or \
                            \"1\" - active.",
            "type": "integer",
            "enum": [0, 1]
        })
    }
}

/// The topics a webhook is subscribed to: "either a string with one or more topics separated by
/// commas or an array of topics". The form is kept when read and written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Topics {
    /// One string: a topic, or several separated by commas (`order:created,order:canceled`).
    Joined(String),
    /// An array of topics (`["order:created", "order:canceled"]`).
    Listed(Vec<String>),
}

impl JsonSchema for Topics {
    fn schema_name() -> Cow<'static, str> {
        "Topics".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Either a string with one or more topics separated by commas or an array of topics \
                            which the webhook is subscribed to.",
            "anyOf": [
                {"type": "string", "examples": ["order:created", "order:created,order:canceled"]},
                {"type": "array", "items": {"type": "string"}}
            ]
        })
    }
}

impl Topics {
    /// The topics one by one, without surrounding spaces.
    pub fn split(&self) -> Vec<String> {
        match self {
            Topics::Joined(joined) => joined.split(',').map(|topic| topic.trim().to_owned()).collect(),
            Topics::Listed(topics) => topics.clone(),
        }
    }

    /// One string with the topics separated by commas; fails for an empty list or a topic holding
    /// a comma.
    pub fn join(topics: &[String]) -> Result<Topics, ConversionError> {
        if topics.is_empty() || topics.iter().any(|topic| topic.is_empty() || topic.contains(',')) {
            return Err(unrepresentable("an empty topic list or a topic containing a comma"));
        }
        Ok(Topics::Joined(topics.join(",")))
    }
}

/// A webhook, as `webhook.list` answers it: the properties the reference's Webhook Properties table
/// lists. ShipStream says of none that it is always there, so none is required, and others may
/// appear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Webhook {
    /// The internal webhook ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub webhook_id: Option<u64>,
    /// Sequential ID of each payload so missed events can be detected easily.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub increment_id: Option<u64>,
    /// Flag to determine whether the webhook is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IsActive")]
    pub is_active: Option<IsActive>,
    /// The topics the webhook is subscribed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Topics")]
    pub topics: Option<Topics>,
    /// Url for the webhook callback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url: Option<String>,
    /// Extra headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub extra_headers: Option<String>,
    /// Secret Key is used for the webhook signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_key: Option<String>,
}

/// The `webhookData` argument of `webhook.create`: the new webhook. ShipStream does not list its
/// fields; its example request sends five of the webhook's properties (`is_active`, `topics`,
/// `url`, `extra_headers`, `secret_key`), which are taken to be its fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookData {
    /// Flag to determine whether the webhook is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "IsActive")]
    pub is_active: Option<IsActive>,
    /// The topics to subscribe to: a string with one or more topics separated by commas, or an
    /// array of topics.
    pub topics: Topics,
    /// Url for the webhook callback.
    pub url: String,
    /// Extra headers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub extra_headers: Option<String>,
    /// Secret Key is used for the webhook signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_key: Option<String>,
}

/// A session ID, as `login` answers it: a 32-character hexadecimal string, valid for 24 hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct SessionId(#[schemars(regex(pattern = "^[0-9a-fA-F]{32}$"))] pub String);

/// The session slot, the first parameter of `call`: `null` when the request authenticates with
/// HTTP Basic (preferred), otherwise the session ID `login` answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionSlot(pub Option<SessionId>);

/// `SessionId`'s schema with `null` added to its type (its pattern constrains strings only): the
/// same values as `anyOf: [SessionId, null]`, in the form tools read; converted to OpenAPI 3.0,
/// that `anyOf` made Prism skip request validation altogether.
impl JsonSchema for SessionSlot {
    fn schema_name() -> Cow<'static, str> {
        "SessionSlot".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let mut schema = SessionId::json_schema(generator);
        schema.insert("type".into(), serde_json::json!(["string", "null"]));
        schema.insert(
            "description".into(),
            "The session slot, the first parameter of `call`: `null` when the request authenticates with HTTP \
             Basic (preferred), otherwise the session ID `login` answered."
                .into(),
        );
        schema
    }
}

/// The status of the webhooks of a topic: `0` inactive or `1` active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status(pub bool);

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(u8::from(self.0))
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match u8::deserialize(deserializer)? {
            0 => Ok(Status(false)),
            1 => Ok(Status(true)),
            other => Err(de::Error::invalid_value(de::Unexpected::Unsigned(other.into()), &"0 or 1")),
        }
    }
}

impl JsonSchema for Status {
    fn schema_name() -> Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "integer", "enum": [0, 1], "description": "`0` inactive or `1` active."})
    }
}

/// The result of a call that succeeded: `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Success;

impl Serialize for Success {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(true)
    }
}

impl<'de> Deserialize<'de> for Success {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if bool::deserialize(deserializer)? { Ok(Success) } else { Err(de::Error::custom("expected `true`")) }
    }
}

impl JsonSchema for Success {
    fn schema_name() -> Cow<'static, str> {
        "Success".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // `const: true` alone (it implies the boolean type): openapi-generator writes an enum of
        // booleans, or a `const` beside `type: boolean`, as invalid Python.
        json_schema!({"const": true, "description": "`true`: the call succeeded."})
    }
}

impl TryFrom<Webhook> for model::Webhook {
    type Error = ConversionError;

    /// Fails for a webhook without its `webhook_id`, `topics` or `url`, which the canonical model
    /// requires. Loses `increment_id`, `extra_headers` and the style of `topics` (a string or an
    /// array); a webhook without `is_active` reads as active.
    fn try_from(webhook: Webhook) -> Result<Self, ConversionError> {
        let lossy = |what: &str| ConversionError::Lossy {
            provider: PROVIDER,
            what: format!("a webhook without `{what}`"),
        };
        Ok(model::Webhook {
            id: webhook.webhook_id.ok_or_else(|| lossy("webhook_id"))?.to_string(),
            url: webhook.url.ok_or_else(|| lossy("url"))?,
            events: webhook.topics.ok_or_else(|| lossy("topics"))?.split(),
            enabled: webhook.is_active.is_none_or(IsActive::active),
            secret: webhook.secret_key,
            metadata: serde_json::Map::new(),
        })
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a non-integer id, webhook metadata, and topics that cannot be joined.
    /// `is_active` is written `1`/`0`; `extra_headers` is left out.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        let webhook_id = webhook
            .id
            .parse()
            .map_err(|_| unrepresentable(format!("the id `{}`; ids are integers", webhook.id)))?;
        if !webhook.metadata.is_empty() {
            return Err(unrepresentable("webhook metadata"));
        }
        Ok(Webhook {
            webhook_id: Some(webhook_id),
            increment_id: None,
            is_active: Some(webhook.enabled.into()),
            topics: Some(Topics::join(&webhook.events)?),
            url: Some(webhook.url),
            extra_headers: None,
            secret_key: webhook.secret,
        })
    }
}

impl From<WebhookData> for model::WebhookInput {
    /// Loses `extra_headers` and the style of `topics`.
    fn from(data: WebhookData) -> Self {
        model::WebhookInput {
            id: None,
            url: data.url,
            events: data.topics.split(),
            enabled: data.is_active.map(IsActive::active),
            secret: data.secret_key,
            metadata: None,
        }
    }
}

impl TryFrom<model::WebhookInput> for WebhookData {
    type Error = ConversionError;

    /// Fails for a client-chosen id or metadata, and topics that cannot be joined.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        crate::refuse_id_and_metadata(PROVIDER, &input)?;
        Ok(WebhookData {
            is_active: input.enabled.map(IsActive::from),
            topics: Topics::join(&input.events)?,
            url: input.url,
            extra_headers: None,
            secret_key: input.secret,
        })
    }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
