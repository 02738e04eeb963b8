//! Gigapay: REST, snake_case, page-number paging, client-settable string ids.
//!
//! The wire types and their conversions; the operations are in `api.yaml` beside this file, and
//! everything Gigapay documents about them in `facts.yaml`. The doc comments are Gigapay's own
//! words where it has them: they become the schemas' descriptions.

use std::borrow::Cow;
use std::collections::BTreeMap;

use hookspec_model as model;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ConversionError, Wire};

/// The Gigapay wire types.
pub static WIRE: Wire = Wire {
    schemas: crate::schemas![
        Webhook,
        WebhookInput,
        WebhookReplacement,
        WebhookUpdate,
        WebhookPage,
        ErrorBody
    ],
    webhook: crate::canonical::<Webhook>,
    wildcard: None,
    switch: None,
};

const PROVIDER: &str = "Gigapay";

/// The name of an event, such as `Payout.created`.
///
/// An open set: the schema is a string that lists the known names in `x-extensible-enum`, not a
/// closed `enum`, so that a generated client keeps working when Gigapay adds an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Event(pub String);

impl JsonSchema for Event {
    fn schema_name() -> Cow<'static, str> {
        "Event".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "The name of an event. The events Gigapay notifies on are listed in `x-extensible-enum`; \
                            read a name that is not listed as valid.",
            "examples": ["Payout.created", "Employee.verified"],
            (crate::EVENT_NAMES): [],
        })
    }
}

/// A registered webhook: the Webhook object, as the API represents it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Webhook {
    /// Unique identifier for the object.
    pub id: String,
    /// URL to which the notifications are posted.
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications.
    pub secret_key: String,
    /// JSON-encoded metadata.
    pub metadata: Map<String, Value>,
}

/// The body that registers a webhook.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookInput {
    /// Unique identifier for the object, unique per user account or integration: an identifier
    /// already in use cannot be registered again. If an identifier is not provided a UUID4 will be
    /// generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications. If a secret key is not provided, a 32
    /// character random string will be generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Map<String, Value>", extend("default" = {}))]
    pub metadata: Option<Map<String, Value>>,
}

/// The body that replaces a webhook in full: a field left out takes its default, as when
/// registering, except the identifier, which the webhook keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookReplacement {
    /// Unique identifier for the object. Left out, the webhook keeps its identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications. If a secret key is not provided, a 32
    /// character random string will be generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Map<String, Value>", extend("default" = {}))]
    pub metadata: Option<Map<String, Value>>,
}

/// The body of a partial update: a field left out keeps its previous value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct WebhookUpdate {
    /// Unique identifier for the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", extend("format" = "uri"))]
    pub url: Option<String>,
    /// List of events to subscribe to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Event>")]
    pub events: Option<Vec<Event>>,
    /// Secret key used to sign the Webhook notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Map<String, Value>")]
    pub metadata: Option<Map<String, Value>>,
}

/// One page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookPage {
    /// The number of webhooks in the whole list.
    pub count: u64,
    /// The absolute URL of the next page, or null.
    #[schemars(with = "crate::Nullable<String>", extend("format" = "uri"))]
    pub next: Option<String>,
    /// The absolute URL of the previous page, or null.
    #[schemars(with = "crate::Nullable<String>", extend("format" = "uri"))]
    pub previous: Option<String>,
    /// The webhooks on this page.
    pub results: Vec<Webhook>,
}

/// An error: a 4XX answer includes information in the body of the response describing the cause
/// of the error. A validation error has the names of the invalid fields as keys, each with its
/// list of messages, and `non_field_errors` for errors not specific to a particular field. The
/// documented 405 answer has a `detail`; the documentation shows no other error's body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ErrorBody {
    /// The cause of the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub detail: Option<String>,
    /// Validation errors not specific to a particular field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_field_errors: Vec<String>,
    /// The messages of each invalid field, by the field's name.
    #[serde(flatten)]
    pub fields: BTreeMap<String, Vec<String>>,
}

impl From<Webhook> for model::Webhook {
    /// Gigapay has no way to pause a webhook: a registered webhook is always enabled.
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.id,
            url: webhook.url,
            events: webhook.events.into_iter().map(|event| event.0).collect(),
            enabled: true,
            secret: Some(webhook.secret_key),
            metadata: webhook.metadata,
        }
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a disabled webhook, or a webhook without a secret.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        if !webhook.enabled {
            return Err(unrepresentable("a disabled webhook"));
        }
        let secret_key = webhook.secret.ok_or_else(|| unrepresentable("a webhook without a secret key"))?;
        Ok(Webhook {
            id: webhook.id,
            url: webhook.url,
            events: names_to_events(webhook.events),
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
            events: input.events.into_iter().map(|event| event.0).collect(),
            enabled: None,
            secret: input.secret_key,
            metadata: input.metadata,
        }
    }
}

impl TryFrom<model::WebhookInput> for WebhookInput {
    type Error = ConversionError;

    /// Fails for `enabled: false`: Gigapay cannot pause a webhook.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        if input.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookInput {
            id: input.id,
            url: input.url,
            events: names_to_events(input.events),
            secret_key: input.secret,
            metadata: input.metadata,
        })
    }
}

impl From<WebhookReplacement> for WebhookInput {
    fn from(replacement: WebhookReplacement) -> Self {
        let WebhookReplacement { id, url, events, secret_key, metadata } = replacement;
        WebhookInput { id, url, events, secret_key, metadata }
    }
}

impl From<WebhookInput> for WebhookReplacement {
    fn from(input: WebhookInput) -> Self {
        let WebhookInput { id, url, events, secret_key, metadata } = input;
        WebhookReplacement { id, url, events, secret_key, metadata }
    }
}

impl From<WebhookUpdate> for model::WebhookPatch {
    fn from(update: WebhookUpdate) -> Self {
        model::WebhookPatch {
            id: update.id,
            url: update.url,
            events: update.events.map(|events| events.into_iter().map(|event| event.0).collect()),
            enabled: None,
            secret: update.secret_key,
            metadata: update.metadata,
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookUpdate {
    type Error = ConversionError;

    /// Fails for `enabled: false`: Gigapay cannot pause a webhook.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        if patch.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookUpdate {
            id: patch.id,
            url: patch.url,
            events: patch.events.map(names_to_events),
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

fn names_to_events(names: Vec<String>) -> Vec<Event> {
    names.into_iter().map(Event).collect()
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
