//! Equals Money: REST, camelCase, limit/offset paging, UUID ids, one event type per webhook.
//!
//! The wire types and their conversions; the operations are in `api.yaml` beside this file, and
//! everything Equals Money documents about them in `facts.yaml`. The doc comments are Equals
//! Money's own words where it has them: they become the schemas' descriptions.

use std::borrow::Cow;

use hookspec_model as model;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ConversionError, Wire};

/// The Equals Money wire types.
pub static WIRE: Wire = Wire {
    schemas: crate::schemas![
        Webhook,
        WebhookList,
        NewWebhook,
        WebhookUpdate,
        WebhookEventType,
        ErrorBody,
        EventDelivery,
        AccountActivatedEvent,
        IdentityVerificationRequestEvent
    ],
    webhook: crate::canonical::<Webhook>,
    wildcard: None,
    switch: None,
};

const PROVIDER: &str = "Equals Money";

/// The name of a webhook event type, such as `OrderCreated`.
///
/// An open set: the schema is a string that lists the known names in `x-extensible-enum`, not a
/// closed `enum`, so that a generated client keeps working when Equals Money adds an event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventTypeName(pub String);

impl JsonSchema for EventTypeName {
    fn schema_name() -> Cow<'static, str> {
        "EventTypeName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "maxLength": 256,
            "description": "The name of a webhook event type. The names the documentation gives are listed in \
                            `x-extensible-enum`; its table lists the event types \"currently supported\", and has \
                            grown from one revision to the next, so read a name that is not listed as valid.",
            "examples": ["OrderCreated", "BoxCredited"],
            (crate::EVENT_NAMES): [],
        })
    }
}

/// A webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// The ID of the webhook.
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The ID of the product.
    #[schemars(extend("format" = "uuid"), length(max = 36))]
    pub product_id: String,
    /// The ID of the account the webhook is scoped to, or null for a webhook of every account.
    #[schemars(with = "crate::Nullable<String>")]
    pub account_id: Option<String>,
    /// The ID of the webhook event type.
    #[schemars(extend("format" = "uuid"))]
    pub webhook_event_type_id: String,
    /// The URL of the webhook endpoint.
    pub url: String,
    /// Whether or not the webhook is enabled.
    pub enabled: bool,
    /// The authorisation header content for the webhook, or null.
    pub authorization_header: Option<String>,
    /// The shared secret that signs the webhook's notifications (`x-em-signature`), or null.
    pub shared_secret: Option<String>,
    /// The date the webhook was created.
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// The date the webhook was last modified.
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
    /// The name of the webhook event type.
    pub webhook_event_type_name: EventTypeName,
}

/// A page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookList {
    /// The number of webhooks that match the filters.
    pub count: u64,
    /// The maximum number of items returned. The API reference marks only `count` and `rows`
    /// required, and gives this one a default of 100.
    #[serde(default = "default_limit")]
    pub limit: u64,
    /// The number of items skipped before the results. The API reference marks only `count` and
    /// `rows` required, and gives this one a default of 0.
    #[serde(default)]
    pub offset: u64,
    /// The webhooks.
    pub rows: Vec<Webhook>,
}

/// The body that creates a webhook for a given `webhookEventTypeName` or `webhookEventTypeId`:
/// one of the two is required. The API reference's body schema is a `oneOf`; this schema is an
/// `anyOf`, which also admits a body that names both, as no page read says such a body is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("anyOf" = [{"required": ["webhookEventTypeName"]}, {"required": ["webhookEventTypeId"]}]))]
pub struct NewWebhook {
    /// When provided, it is used to sign every event notification of the webhook with an
    /// HMAC-SHA256, Base64-encoded, in the `x-em-signature` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", length(max = 36))]
    pub shared_secret: Option<String>,
    /// Whether or not the webhook should be enabled.
    pub enabled: bool,
    /// The ID of the account. When provided, the webhook is scoped to the account; when omitted,
    /// it fires across all accounts. It must be omitted for onboarding event types such as
    /// `AccountActivated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The name of the webhook event type that you want to create a webhook for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EventTypeName")]
    pub webhook_event_type_name: Option<EventTypeName>,
    /// The ID of the webhook event type that you want to create a webhook for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("format" = "uuid"), length(max = 36))]
    pub webhook_event_type_id: Option<String>,
    /// The URL of your webhook endpoint.
    #[schemars(length(max = 512))]
    pub url: String,
    /// The authorisation header content for the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 512))]
    pub authorization_header: Option<String>,
}

/// The body that updates a webhook: `enabled` always, and any of the other fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookUpdate {
    /// Whether or not the webhook should be enabled.
    pub enabled: bool,
    /// The URL of your webhook endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", length(max = 512))]
    pub url: Option<String>,
    /// When provided, it is used to sign every event notification of the webhook with an
    /// HMAC-SHA256, Base64-encoded, in the `x-em-signature` header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 36))]
    pub shared_secret: Option<String>,
    /// The authorisation header content for the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", length(max = 512))]
    pub authorization_header: Option<String>,
}

/// A webhook event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventType {
    /// The ID of the webhook event type.
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The name of the webhook event type.
    pub name: EventTypeName,
    /// Whether or not the event type is enabled.
    pub enabled: bool,
    /// The date the event type was created.
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// The date the event type was last modified.
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
}

/// An error. Equals Money does not document the body of its errors: read it as a JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(extend("x-hookspec-undocumented" = true))]
pub struct ErrorBody(pub Map<String, Value>);

/// A delivery of an event whose payload the documentation does not show, as it shows every
/// event's: the payload inside `body`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventDelivery {
    /// The event's payload.
    pub body: EventPayload,
}

/// An event's payload. Every event payload includes a `webhookEventTypeName` and a `messageId`;
/// beyond that, its structure depends on the event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPayload {
    /// The name of the event's type.
    pub webhook_event_type_name: EventTypeName,
    /// The ID of the specific webhook event message. Its length is documented for AccountCreated
    /// only (36 characters). We'll keep retrying to send an event with the same messageId until we
    /// receive a 200 response from you: a receiver that sees a `messageId` again has the same event
    /// again.
    pub message_id: String,
    /// The event type's own fields.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// A delivery of `AccountActivated`: its payload inside `body`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AccountActivatedEvent {
    /// The event's payload.
    pub body: AccountActivated,
}

/// An account has been opened and is ready to trade on, with active settlement details. This is
/// the final event in the onboarding process.
///
/// Typed from the archived copies of "About webhook event types" as far as they go: the names of
/// the first three fields are those the (cut) sample shows, and `settlementDetails` is named by its
/// allowable values. The copies lose the names and types of the six rows between `details` and
/// `settlementDetails` (the ID of the account; the ID of the market the account is in, at most 36
/// characters; the persona ID of the account's Primary Owner, at most 36 characters; the ID of the
/// product, at most 36 characters; the status of the account, `active`; the type of account,
/// `Business` or `Personal`), and end inside `settlementDetails`: those fields, and any after it,
/// are not typed here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountActivated {
    /// The ID that represents the link between the asynchronous request made to onboard an account
    /// and the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub correlation_id: Option<String>,
    /// The date and time at which the resource was created, in ISO 8601 format without
    /// milliseconds. Format: `yyyy-MM-ddThh:mm:ssZ`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub created_at: Option<String>,
    /// Details about the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "AccountDetails")]
    pub details: Option<AccountDetails>,
    /// The account’s settlement details. Its fields were not captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Map<String, Value>")]
    pub settlement_details: Option<Map<String, Value>>,
    /// The name of the webhook event type: every event payload includes a `webhookEventTypeName`
    /// and a `messageId`.
    #[schemars(extend("const" = "AccountActivated"))]
    pub webhook_event_type_name: String,
    /// The ID of the specific webhook event message. Its length is documented for AccountCreated
    /// only (36 characters).
    pub message_id: String,
    /// The fields not typed here.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// Details about the account: a details object containing the fields `countryOfRegistration`,
/// `fourthLine`, `name` and `timezone`. The types of `name` and `timezone` were not captured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct AccountDetails {
    /// Named by the table; the sample shows a string (`United Kingdom`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub country_of_registration: Option<String>,
    /// Named by the table; the sample shows a string (`ACME`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub fourth_line: Option<String>,
    /// Named by the table; its type was not captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// Named by the table; its type was not captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<Value>,
    /// The fields not listed here.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// A delivery of `IdentityVerificationRequest`: its payload inside `body`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IdentityVerificationRequestEvent {
    /// The event's payload.
    pub body: IdentityVerificationRequest,
}

/// Identity verification link for the applicant: sent when identity verification is required, to
/// integrations that use the Managed by Equals KYC model.
///
/// Typed from the "Key fields" table of "Onboarding webhooks", which names fields and describes
/// them but gives no types: `applicationId` and `associatedPersonId` as the current revision has
/// them (its archived copies end inside the table), the other rows from the earliest revision,
/// where the event is named `IdentityVerificationRequested`. No sample was captured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityVerificationRequest {
    /// The ID of the application this webhook relates to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_id: Option<Value>,
    /// The ID of the associated person who needs to verify their identity. null for personal
    /// applications; populated for associated people on business applications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub associated_person_id: Option<Value>,
    /// Full name of the person who needs to complete identity verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// Email address of the person who needs to complete identity verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Value>,
    /// URL for the applicant to complete their identity verification session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_url: Option<Value>,
    /// ISO 8601 timestamp of when the event was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_time: Option<Value>,
    /// The name of the webhook event type: every event payload includes a `webhookEventTypeName`
    /// and a `messageId`.
    #[schemars(extend("const" = "IdentityVerificationRequest"))]
    pub webhook_event_type_name: String,
    /// The ID of the specific webhook event message. Its length is documented for AccountCreated
    /// only (36 characters).
    pub message_id: String,
    /// The fields not listed here.
    #[serde(flatten)]
    pub fields: Map<String, Value>,
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

    /// Fails for an event type named by its ID only: canonical events are names. Loses
    /// `accountId`, `authorizationHeader` and the event type's ID.
    fn try_from(new: NewWebhook) -> Result<Self, ConversionError> {
        let Some(name) = new.webhook_event_type_name else {
            return Err(ConversionError::Lossy {
                provider: PROVIDER,
                what: "an event type named by its ID".into(),
            });
        };
        Ok(model::WebhookInput {
            id: None,
            url: new.url,
            events: vec![name.0],
            enabled: Some(new.enabled),
            secret: new.shared_secret,
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
        Ok(NewWebhook {
            shared_secret: input.secret,
            enabled: input.enabled.unwrap_or(true),
            account_id: None,
            webhook_event_type_name: Some(EventTypeName(event)),
            webhook_event_type_id: None,
            url: input.url,
            authorization_header: None,
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

/// The default `limit` of a page: 100.
fn default_limit() -> u64 {
    100
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
