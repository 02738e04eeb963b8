//! Equals Money: REST, camelCase, limit/offset paging, UUID ids, one event type per webhook.
//!
//! The wire types and their conversions; the operations are in `api.yaml` beside this file, and
//! everything Equals Money documents about them in `facts.yaml`.

use hookspec_model as model;
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::{ConversionError, Dialect, schema_ref};

/// The Equals Money dialect.
pub static DIALECT: Dialect = Dialect {
    name: "equals-money",
    folder: "equals_money",
    components: || {
        crate::components![
            Webhook,
            WebhookList,
            NewWebhook,
            WebhookUpdate,
            WebhookEventType,
            ErrorBody,
            EventPayload
        ]
    },
    json_schemas: || {
        crate::json_schemas![
            Webhook,
            WebhookList,
            NewWebhook,
            WebhookUpdate,
            WebhookEventType,
            EventTypeName,
            ErrorBody,
            EventPayload
        ]
    },
};

const PROVIDER: &str = "Equals Money";

/// The event type names Equals Money documents. The list grows: see [`EventTypeName`].
pub const KNOWN_EVENT_TYPES: [&str; 14] = [
    "AccountCreated",
    "AccountActivated",
    "RecipientCreated",
    "RecipientDeleted",
    "BoxCredited",
    "BoxDebited",
    "OrderCreated",
    "OrderCompleted",
    "OrderCancelled",
    "FeeCreated",
    "3DSAuthRequest",
    "CardTransaction",
    "CardStateUpdated",
    "DigitalWalletTokenTransition",
];

/// The name of a webhook event type, such as `OrderCreated`.
///
/// An open set: the schema is a string that lists the known names in its description, its
/// `examples` and an `x-extensible-enum` extension, not a closed `enum`, so a generated client
/// keeps working when Equals Money adds an event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventTypeName(#[schemars(length(max = 256))] pub String);

impl PartialSchema for EventTypeName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(256))
            .description(Some(format!(
                "The name of a webhook event type. Known names: {}. Equals Money adds event types \
                 over time, so treat an unknown name as valid.",
                KNOWN_EVENT_TYPES.join(", ")
            )))
            .examples(["OrderCreated", "BoxCredited"])
            .extensions(Some(
                ExtensionsBuilder::new().add("x-extensible-enum", json!(KNOWN_EVENT_TYPES)).build(),
            ))
            .into()
    }
}

impl ToSchema for EventTypeName {}

/// A webhook as Equals Money answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// The ID of the webhook.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The ID of the product the webhook belongs to.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub product_id: String,
    /// The account the webhook is scoped to, or null for a product-level webhook.
    pub account_id: Option<String>,
    /// The ID of the webhook's event type.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub webhook_event_type_id: String,
    /// The URL event notifications are posted to.
    #[schema(format = "uri", max_length = 512)]
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: String,
    /// Whether notifications are sent.
    pub enabled: bool,
    /// Sent as the `Authorization` header of every notification, when set.
    pub authorization_header: Option<String>,
    /// The key notifications are signed with (`x-em-signature`), when set.
    pub shared_secret: Option<String>,
    /// When the webhook was created.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// When the webhook was last changed.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
    /// The name of the webhook's event type.
    pub webhook_event_type_name: EventTypeName,
}

/// A page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookList {
    /// The number of webhooks that match the filters, on all pages.
    pub count: u64,
    /// The `limit` the page was asked with.
    pub limit: u64,
    /// The `offset` the page was asked with.
    pub offset: u64,
    /// The webhooks on this page.
    pub rows: Vec<Webhook>,
}

/// The settings of a new webhook, apart from its event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewWebhookSettings {
    /// Whether notifications are sent.
    pub enabled: bool,
    /// The URL event notifications are posted to.
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: String,
    /// The account to scope the webhook to; leave it out (or null) for platform-level onboarding
    /// events such as `AccountActivated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 36))]
    pub account_id: Option<String>,
    /// The key to sign notifications with (`x-em-signature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 36))]
    pub shared_secret: Option<String>,
    /// A value to send as the `Authorization` header of every notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 512))]
    pub authorization_header: Option<String>,
}

/// The body that creates a webhook: its settings, and its event type named exactly one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum NewWebhook {
    /// The event type named by its name.
    ByName {
        /// The event type's name.
        #[serde(rename = "webhookEventTypeName")]
        name: EventTypeName,
        /// Everything else.
        #[serde(flatten)]
        settings: NewWebhookSettings,
    },
    /// The event type named by its ID.
    ById {
        /// The event type's ID.
        #[serde(rename = "webhookEventTypeId")]
        id: String,
        /// Everything else.
        #[serde(flatten)]
        settings: NewWebhookSettings,
    },
}

/// The properties every create body may hold, in the documented order.
fn new_webhook_properties(by: &str) -> ObjectBuilder {
    let object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "sharedSecret",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(36))
                .description(Some("The key to sign notifications with (`x-em-signature`).")),
        )
        .property(
            "enabled",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some("Whether notifications are sent.")),
        )
        .property(
            "accountId",
            nullable_string(
                Some(36),
                "The account to scope the webhook to; leave it out (or null) for platform-level onboarding \
                 events such as `AccountActivated`.",
            ),
        );
    let object = match by {
        "name" => object.property("webhookEventTypeName", schema_ref::<EventTypeName>()),
        _ => object.property(
            "webhookEventTypeId",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uuid".into())))
                .max_length(Some(36))
                .description(Some("The ID of the event type.")),
        ),
    };
    object
        .property(
            "url",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uri".into())))
                .max_length(Some(512))
                .description(Some("The URL event notifications are posted to.")),
        )
        .property(
            "authorizationHeader",
            nullable_string(
                Some(512),
                "A value to send as the `Authorization` header of every notification.",
            ),
        )
        .required("enabled")
        .required("url")
        .required(if by == "name" { "webhookEventTypeName" } else { "webhookEventTypeId" })
}

fn nullable_string(max_length: Option<usize>, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null]))
        .max_length(max_length)
        .description(Some(description))
}

impl PartialSchema for NewWebhook {
    fn schema() -> RefOr<Schema> {
        let by_name = new_webhook_properties("name").title(Some("By event type name"));
        let by_id = new_webhook_properties("id").title(Some("By event type ID"));
        utoipa::openapi::schema::OneOfBuilder::new()
            .description(Some(
                "The new webhook. Name its event type exactly one way: `webhookEventTypeName` or \
                 `webhookEventTypeId`, never both.",
            ))
            .item(by_name)
            .item(by_id)
            .into()
    }
}

impl ToSchema for NewWebhook {}

/// The body of an update: `enabled` always, and any of the other fields to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookUpdate {
    /// Whether notifications are sent.
    pub enabled: bool,
    /// A new URL to post event notifications to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String, format = "uri", max_length = 512)]
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: Option<String>,
    /// A new key to sign notifications with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 36)]
    #[schemars(length(max = 36))]
    pub shared_secret: Option<String>,
    /// A new value for the `Authorization` header of notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 512)]
    #[schemars(length(max = 512))]
    pub authorization_header: Option<String>,
}

/// An event type a webhook can subscribe to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventType {
    /// The ID of the event type.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The name of the event type.
    pub name: EventTypeName,
    /// Whether webhooks can subscribe to it.
    pub enabled: bool,
    /// When the event type was created.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// When the event type was last changed.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
}

/// An error answer. Equals Money does not document the body of its error responses, so the
/// document promises only a JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ErrorBody(pub Map<String, serde_json::Value>);

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An error answer. Its fields are not documented by Equals Money; read it as a JSON object.",
            ))
            .extensions(Some(ExtensionsBuilder::new().add("x-hookspec-undocumented", true).build()))
            .into()
    }
}

impl ToSchema for ErrorBody {}

/// The body of a notification. Every event payload carries `webhookEventTypeName` and
/// `messageId`; the rest depends on the event type and is documented with each type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPayload {
    /// The name of the event's type.
    pub webhook_event_type_name: EventTypeName,
    /// The ID of this message; a retried delivery keeps it.
    pub message_id: String,
    /// The event type's own fields.
    #[serde(flatten)]
    pub fields: Map<String, serde_json::Value>,
}

impl PartialSchema for EventPayload {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An event notification. Every payload carries `webhookEventTypeName` and `messageId`; its \
                 other fields depend on the event type.",
            ))
            .property("webhookEventTypeName", schema_ref::<EventTypeName>())
            .property(
                "messageId",
                ObjectBuilder::new().schema_type(Type::String).max_length(Some(36)).description(Some(
                    "The ID of this message; a retried delivery keeps it, so use it to ignore duplicates.",
                )),
            )
            .required("webhookEventTypeName")
            .required("messageId")
            .into()
    }
}

impl ToSchema for EventPayload {}

/// A delivered notification in canonical form, signed as `signature` says, named by its
/// `webhookEventTypeName`.
pub fn notification(payload: EventPayload, signature: model::SignatureScheme) -> model::Notification {
    let event = Some(payload.webhook_event_type_name.0.clone());
    model::Notification {
        event,
        payload: serde_json::to_value(payload).unwrap_or(serde_json::Value::Null),
        signature,
    }
}

impl From<Webhook> for model::Webhook {
    /// Loses `productId`, `accountId`, `webhookEventTypeId`, `authorizationHeader` and the
    /// timestamps, which the canonical model has no place for. A webhook therefore cannot be
    /// converted back; its create and update bodies can.
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.id,
            url: webhook.url,
            events: vec![webhook.webhook_event_type_name.0],
            enabled: webhook.enabled,
            secret: webhook.shared_secret,
            metadata: Map::new(),
        }
    }
}

impl From<WebhookList> for model::WebhookPage {
    /// The next and previous pages follow from `count`, `limit` and `offset`.
    fn from(list: WebhookList) -> Self {
        let next_offset = list.offset + list.limit;
        model::WebhookPage {
            total: Some(list.count),
            next: (next_offset < list.count)
                .then_some(model::PageRequest::Offset { offset: next_offset, limit: list.limit }),
            previous: (list.offset > 0).then(|| model::PageRequest::Offset {
                offset: list.offset.saturating_sub(list.limit),
                limit: list.limit,
            }),
            items: list.rows.into_iter().map(model::Webhook::from).collect(),
        }
    }
}

impl TryFrom<NewWebhook> for model::WebhookInput {
    type Error = ConversionError;

    /// Fails for an event type named by ID: canonical events are names. Loses `accountId` and
    /// `authorizationHeader`.
    fn try_from(new: NewWebhook) -> Result<Self, ConversionError> {
        let NewWebhook::ByName { name, settings } = new else {
            return Err(ConversionError::Lossy {
                provider: PROVIDER,
                what: "an event type named by its ID".into(),
            });
        };
        Ok(model::WebhookInput {
            id: None,
            url: settings.url,
            events: vec![name.0],
            enabled: Some(settings.enabled),
            secret: settings.shared_secret,
            metadata: None,
        })
    }
}

impl TryFrom<model::WebhookInput> for NewWebhook {
    type Error = ConversionError;

    /// Fails unless there is exactly one event; fails for a client-chosen id or metadata, which
    /// Equals Money has no place for. A missing `enabled` becomes `true`.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        crate::refuse_id_and_metadata(PROVIDER, &input)?;
        let [event] = <[String; 1]>::try_from(input.events).map_err(|events| {
            unrepresentable(format!("a webhook with {} events; it takes exactly one", events.len()))
        })?;
        Ok(NewWebhook::ByName {
            name: EventTypeName(event),
            settings: NewWebhookSettings {
                enabled: input.enabled.unwrap_or(true),
                url: input.url,
                account_id: None,
                shared_secret: input.secret,
                authorization_header: None,
            },
        })
    }
}

impl From<WebhookUpdate> for model::WebhookPatch {
    /// Loses `authorizationHeader`.
    fn from(update: WebhookUpdate) -> Self {
        model::WebhookPatch {
            id: None,
            url: update.url,
            events: None,
            enabled: Some(update.enabled),
            secret: update.shared_secret,
            metadata: None,
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookUpdate {
    type Error = ConversionError;

    /// Fails without `enabled` (Equals Money requires it on every update) and for a change of
    /// id, events or metadata, which an update cannot make.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        let enabled = patch.enabled.ok_or_else(|| unrepresentable("an update that leaves out `enabled`"))?;
        if patch.id.is_some() || patch.events.is_some() || patch.metadata.is_some() {
            return Err(unrepresentable("an update of the id, events or metadata"));
        }
        Ok(WebhookUpdate { enabled, url: patch.url, shared_secret: patch.secret, authorization_header: None })
    }
}

impl From<WebhookEventType> for model::EventType {
    fn from(event_type: WebhookEventType) -> Self {
        model::EventType { name: event_type.name.0, description: None }
    }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
