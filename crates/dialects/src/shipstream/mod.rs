//! ShipStream (formerly Red Stag Fulfillment) merchant API: JSON-RPC 2.0, positional params, a
//! session slot, integer ids, a comma-separated topics string, an `is_active` flag written two ways.
//!
//! The wire types and their conversions; the methods are in `api.yaml` beside this file, and
//! everything ShipStream documents about them in `facts.yaml`.

use std::fmt;

use hookspec_model as model;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::json;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{AnyOfBuilder, ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::{ConversionError, Dialect};

/// The ShipStream dialect.
pub static DIALECT: Dialect = Dialect {
    name: "shipstream",
    folder: "shipstream",
    components: || crate::components![Webhook, WebhookData, SessionId, EventData],
    json_schemas: || crate::json_schemas![Webhook, WebhookData, IsActive, Topics, EventData],
};

const PROVIDER: &str = "ShipStream";

/// A schema of type `kind` allowing only `values`.
fn enumerated(
    kind: Type,
    description: &str,
    values: impl IntoIterator<Item = serde_json::Value>,
) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(kind).description(Some(description)).enum_values(Some(values))
}

/// Whether a webhook is active, as the wire writes it: `"Yes"`/`"No"` in the 2014 documentation,
/// `1`/`0` in later documentation. Both mean the same; the style is kept when read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsActive {
    /// `"Yes"`.
    Yes,
    /// `"No"`.
    No,
    /// `1`.
    One,
    /// `0`.
    Zero,
}

impl IsActive {
    /// Whether the webhook is active.
    pub fn active(self) -> bool {
        matches!(self, IsActive::Yes | IsActive::One)
    }
}

impl From<bool> for IsActive {
    /// Writes the flag as later documentation does: `1` or `0`.
    fn from(active: bool) -> Self {
        if active { IsActive::One } else { IsActive::Zero }
    }
}

impl Serialize for IsActive {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IsActive::Yes => serializer.serialize_str("Yes"),
            IsActive::No => serializer.serialize_str("No"),
            IsActive::One => serializer.serialize_u8(1),
            IsActive::Zero => serializer.serialize_u8(0),
        }
    }
}

impl<'de> Deserialize<'de> for IsActive {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Flag;
        impl Visitor<'_> for Flag {
            type Value = IsActive;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(r#""Yes", "No", 1 or 0"#)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<IsActive, E> {
                match value {
                    "Yes" => Ok(IsActive::Yes),
                    "No" => Ok(IsActive::No),
                    _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                }
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

impl PartialSchema for IsActive {
    fn schema() -> RefOr<Schema> {
        AnyOfBuilder::new()
            .description(Some(
                "Flag to determine whether the webhook is active. The 2014 documentation writes it as \
                 `\"Yes\"`/`\"No\"`, later documentation as `1`/`0`; a client must accept both.",
            ))
            .item(enumerated(Type::String, "The word form.", [json!("Yes"), json!("No")]))
            .item(enumerated(Type::Integer, "The number form.", [json!(1), json!(0)]))
            .into()
    }
}

impl ToSchema for IsActive {}

impl schemars::JsonSchema for IsActive {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsActive".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Whether the webhook is active: \"Yes\"/\"No\" (2014 documentation) or 1/0 (later).",
            "anyOf": [{"type": "string", "enum": ["Yes", "No"]}, {"type": "integer", "enum": [1, 0]}]
        })
    }
}

/// The topics a webhook is subscribed to: one topic, or several separated by commas. A topic
/// may be a prefix pattern such as `order:*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Topics(#[schemars(regex(pattern = r"^[^,]+(,[^,]+)*$"))] pub String);

impl Topics {
    /// The topics one by one, without surrounding spaces.
    pub fn split(&self) -> Vec<String> {
        self.0.split(',').map(|topic| topic.trim().to_owned()).collect()
    }

    /// The topics string for `topics`; fails for an empty list or a topic holding a comma.
    pub fn join(topics: &[String]) -> Result<Topics, ConversionError> {
        if topics.is_empty() || topics.iter().any(|topic| topic.is_empty() || topic.contains(',')) {
            return Err(unrepresentable("an empty topic list or a topic containing a comma"));
        }
        Ok(Topics(topics.join(",")))
    }
}

impl PartialSchema for Topics {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[^,]+(,[^,]+)*$"))
            .description(Some(
                "List of topics the webhook is subscribed to, as one string: a topic such as \
                 `order:created`, or several separated by commas. A topic may be a prefix pattern \
                 such as `order:*`.",
            ))
            .examples(["order:created", "order:created,order:completed", "order:*"])
            .into()
    }
}

impl ToSchema for Topics {}

/// A webhook as ShipStream's API answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct Webhook {
    /// The internal webhook ID.
    pub webhook_id: u64,
    /// Flag to determine whether the webhook is active.
    pub is_active: IsActive,
    /// List of topics the webhook is subscribed to.
    pub topics: Topics,
    /// Url for the webhook callback.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// Extra headers sent with every notification.
    pub extra_headers: String,
    /// Secret Key is used for the webhook signature.
    pub secret_key: String,
}

/// The `webhookData` argument of `webhook.create`. The documentation does not say which fields
/// are required; a webhook cannot exist without its topics and URL, so those are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookData {
    /// Flag to determine whether the webhook is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = IsActive)]
    pub is_active: Option<IsActive>,
    /// List of topics to subscribe to.
    pub topics: Topics,
    /// Url for the webhook callback.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// Extra headers to send with every notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub extra_headers: Option<String>,
    /// Secret Key to sign notifications with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
}

impl From<Webhook> for model::Webhook {
    /// Loses `extra_headers` and the style of `is_active` (`"Yes"` or `1`).
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.webhook_id.to_string(),
            url: webhook.url,
            events: webhook.topics.split(),
            enabled: webhook.is_active.active(),
            secret: Some(webhook.secret_key),
            metadata: serde_json::Map::new(),
        }
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a non-integer id, a webhook without a secret or with metadata, and topics that
    /// cannot be joined. `is_active` is written `1`/`0`; `extra_headers` is empty.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        let webhook_id = webhook
            .id
            .parse()
            .map_err(|_| unrepresentable(format!("the id `{}`; ids are integers", webhook.id)))?;
        if !webhook.metadata.is_empty() {
            return Err(unrepresentable("webhook metadata"));
        }
        Ok(Webhook {
            webhook_id,
            is_active: webhook.enabled.into(),
            topics: Topics::join(&webhook.events)?,
            url: webhook.url,
            extra_headers: String::new(),
            secret_key: webhook.secret.ok_or_else(|| unrepresentable("a webhook without a secret key"))?,
        })
    }
}

impl From<WebhookData> for model::WebhookInput {
    /// Loses `extra_headers`.
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

/// The body of a notification: the event data of the topic that fired. ShipStream documents it
/// per topic, and hookspec does not model it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventData(pub serde_json::Value);

impl PartialSchema for EventData {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "The event data of the topic that fired; its shape is documented per topic by ShipStream.",
            ))
            .extensions(Some(
                utoipa::openapi::extensions::ExtensionsBuilder::new().add(crate::UNDOCUMENTED, true).build(),
            ))
            .into()
    }
}

impl ToSchema for EventData {}

/// A delivered notification in canonical form, signed as `signature` says. The body does not name
/// its topic.
pub fn notification(payload: EventData, signature: model::SignatureScheme) -> model::Notification {
    model::Notification { event: None, payload: payload.0, signature }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}

/// The session slot of `call`: `null`, or the 32-hex-character id from `login`.
pub struct SessionId;

impl PartialSchema for SessionId {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .pattern(Some("^[0-9a-f]{32}$"))
            .description(Some(
                "`null` when the request authenticates with HTTP Basic (preferred); otherwise the session id \
                 `login` returned (32 hexadecimal characters, valid for 24 hours).",
            ))
            .into()
    }
}

impl ToSchema for SessionId {}
