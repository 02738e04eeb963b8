//! Gigapay: REST, snake_case, page-number paging, client-settable string ids.
//!
//! The wire types and their conversions; the operations are in `api.yaml` beside this file, and
//! everything Gigapay documents about them in `facts.yaml`.

use hookspec_model as model;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::openapi::RefOr;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::{ConversionError, Dialect};

/// The Gigapay dialect.
pub static DIALECT: Dialect = Dialect {
    name: "gigapay",
    folder: "gigapay",
    components: || {
        crate::components![Webhook, WebhookInput, WebhookUpdate, WebhookPage, ErrorBody, EventObject]
    },
    json_schemas: || {
        crate::json_schemas![Webhook, WebhookInput, WebhookUpdate, WebhookPage, ErrorBody, EventObject]
    },
};

const PROVIDER: &str = "Gigapay";

/// An event a Gigapay webhook can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub enum Event {
    /// An employee was created.
    #[serde(rename = "Employee.created")]
    EmployeeCreated,
    /// An employee was sent an invitation.
    #[serde(rename = "Employee.notified")]
    EmployeeNotified,
    /// An employee claimed their account.
    #[serde(rename = "Employee.claimed")]
    EmployeeClaimed,
    /// An employee verified their identity.
    #[serde(rename = "Employee.verified")]
    EmployeeVerified,
    /// A payout was created.
    #[serde(rename = "Payout.created")]
    PayoutCreated,
    /// The recipient of a payout was notified.
    #[serde(rename = "Payout.notified")]
    PayoutNotified,
    /// The recipient accepted a payout.
    #[serde(rename = "Payout.accepted")]
    PayoutAccepted,
    /// An invoice was created.
    #[serde(rename = "Invoice.created")]
    InvoiceCreated,
    /// An invoice was paid.
    #[serde(rename = "Invoice.paid")]
    InvoicePaid,
    /// A payrun was created (shown in a later revision of Gigapay's docs).
    #[serde(rename = "Payrun.created")]
    PayrunCreated,
}

impl Event {
    /// The event's name on the wire.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(Value::String(name)) => name,
            _ => unreachable!("every Event variant serialises to a string"),
        }
    }

    /// The event named `name`, if Gigapay has one.
    pub fn from_name(name: &str) -> Option<Event> {
        serde_json::from_value(Value::String(name.to_owned())).ok()
    }
}

/// A webhook as Gigapay's API answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct Webhook {
    /// Unique identifier for the object. Chosen by the client or a UUID4 by default; unique per
    /// integration, so any string (`481272` as well as a UUID) is a valid id.
    pub id: String,
    /// URL to which the notifications are posted.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications.
    pub secret_key: String,
    /// JSON-encoded metadata.
    #[schema(value_type = Object)]
    pub metadata: Map<String, Value>,
}

/// The body that registers a webhook, or replaces one in full.
///
/// A field left out takes its default, also when replacing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookInput {
    /// Unique identifier for the object. Defaults to a fresh UUID4; must be unique per integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications. Defaults to a random 32-character string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata. Defaults to `{}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = metadata_defaulting_to_empty)]
    pub metadata: Option<Map<String, Value>>,
}

/// The schema of `WebhookInput.metadata`. Written by hand because utoipa 6 drops `default` from a
/// field whose `value_type` is overridden.
fn metadata_defaulting_to_empty() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("JSON-encoded metadata."))
        .default(Some(json!({})))
}

/// The body of a partial update: a field left out keeps its previous value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookUpdate {
    /// Unique identifier for the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String, format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: Option<String>,
    /// List of events to subscribe to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<Event>)]
    pub events: Option<Vec<Event>>,
    /// Secret key used to sign the Webhook notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub metadata: Option<Map<String, Value>>,
}

/// One page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookPage {
    /// Number of webhooks in the whole list.
    pub count: u64,
    /// Absolute URL of the next page, or null on the last page.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub next: Option<String>,
    /// Absolute URL of the previous page, or null on the first page.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub previous: Option<String>,
    /// The webhooks on this page.
    pub results: Vec<Webhook>,
}

/// An error answer, in the one shape Gigapay's API framework gives every error: `detail` for a
/// general error (authentication, permission, a missing object, a body that is not JSON), or each
/// invalid field's name mapped to its list of messages, with `non_field_errors` for messages not
/// tied to one field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// What went wrong, for an error not about the body's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Messages not tied to one field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_field_errors: Vec<String>,
    /// Messages for each invalid field, keyed by the field's name.
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, Vec<String>>,
}

fn messages() -> ArrayBuilder {
    ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String))
}

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An error: `detail` for a general error (authentication, permission, a missing object, a \
                 body that is not JSON), or each invalid field's name mapped to its list of messages, with \
                 `non_field_errors` for messages not tied to one field.",
            ))
            .property(
                "detail",
                ObjectBuilder::new().schema_type(Type::String).description(Some("What went wrong.")),
            )
            .property("non_field_errors", messages().description(Some("Messages not tied to one field.")))
            .additional_properties(Some(messages().description(Some("Messages for one invalid field."))))
            .into()
    }
}

impl ToSchema for ErrorBody {}

/// The body of a notification: the object that triggered the event (an employee, payout, invoice
/// or payrun), as the API represents it. Its fields are those of that object in Gigapay's API
/// reference, which hookspec does not model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventObject(pub Map<String, Value>);

impl PartialSchema for EventObject {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The object that triggered the event (an employee, payout, invoice or payrun), as the API \
                 represents it. Its fields are documented with that object in Gigapay's API reference.",
            ))
            .extensions(Some(ExtensionsBuilder::new().add(crate::UNDOCUMENTED, true).build()))
            .into()
    }
}

impl ToSchema for EventObject {}

/// A delivered notification in canonical form, signed as `signature` says. The body does not name
/// its event.
pub fn notification(payload: EventObject, signature: model::SignatureScheme) -> model::Notification {
    model::Notification { event: None, payload: Value::Object(payload.0), signature }
}

impl From<Webhook> for model::Webhook {
    /// Gigapay has no way to pause a webhook: a registered webhook is always enabled.
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.id,
            url: webhook.url,
            events: webhook.events.into_iter().map(Event::name).collect(),
            enabled: true,
            secret: Some(webhook.secret_key),
            metadata: webhook.metadata,
        }
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a disabled webhook, a webhook without a secret, or an event Gigapay lacks.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        if !webhook.enabled {
            return Err(unrepresentable("a disabled webhook"));
        }
        let secret_key = webhook.secret.ok_or_else(|| unrepresentable("a webhook without a secret key"))?;
        Ok(Webhook {
            id: webhook.id,
            url: webhook.url,
            events: events_from_names(webhook.events)?,
            secret_key,
            metadata: webhook.metadata,
        })
    }
}

impl From<WebhookInput> for model::WebhookInput {
    fn from(input: WebhookInput) -> Self {
        model::WebhookInput {
            id: input.id,
            url: input.url,
            events: input.events.into_iter().map(Event::name).collect(),
            enabled: None,
            secret: input.secret_key,
            metadata: input.metadata,
        }
    }
}

impl TryFrom<model::WebhookInput> for WebhookInput {
    type Error = ConversionError;

    /// Fails for `enabled: false` (Gigapay cannot pause a webhook) or an event Gigapay lacks.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        if input.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookInput {
            id: input.id,
            url: input.url,
            events: events_from_names(input.events)?,
            secret_key: input.secret,
            metadata: input.metadata,
        })
    }
}

impl From<WebhookUpdate> for model::WebhookPatch {
    fn from(update: WebhookUpdate) -> Self {
        model::WebhookPatch {
            id: update.id,
            url: update.url,
            events: update.events.map(|events| events.into_iter().map(Event::name).collect()),
            enabled: None,
            secret: update.secret_key,
            metadata: update.metadata,
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookUpdate {
    type Error = ConversionError;

    /// Fails for `enabled: false` (Gigapay cannot pause a webhook) or an event Gigapay lacks.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        if patch.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookUpdate {
            id: patch.id,
            url: patch.url,
            events: patch.events.map(events_from_names).transpose()?,
            secret_key: patch.secret,
            metadata: patch.metadata,
        })
    }
}

impl From<WebhookPage> for model::WebhookPage {
    /// The page links become page requests; their host and any other query parameters are lost,
    /// so a page converts one way only.
    fn from(page: WebhookPage) -> Self {
        model::WebhookPage {
            items: page.results.into_iter().map(model::Webhook::from).collect(),
            total: Some(page.count),
            next: page.next.as_deref().map(page_request),
            previous: page.previous.as_deref().map(page_request),
        }
    }
}

impl From<ErrorBody> for model::ApiError {
    /// `detail`, else the `non_field_errors` one per line, becomes the message.
    fn from(error: ErrorBody) -> Self {
        let general = (!error.non_field_errors.is_empty()).then(|| error.non_field_errors.join("\n"));
        model::ApiError { code: None, message: error.detail.or(general), field_errors: error.fields }
    }
}

/// Reads `page` and `page_size` from a page link; a link without `page` is the first page.
fn page_request(link: &str) -> model::PageRequest {
    let query = link.split_once('?').map_or("", |(_, query)| query);
    let number = |key: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == key)
            .and_then(|(_, value)| value.parse().ok())
    };
    model::PageRequest::Number { page: number("page").unwrap_or(1), size: number("page_size") }
}

fn events_from_names(names: Vec<String>) -> Result<Vec<Event>, ConversionError> {
    names
        .into_iter()
        .map(|name| Event::from_name(&name).ok_or_else(|| unrepresentable(format!("the event `{name}`"))))
        .collect()
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
