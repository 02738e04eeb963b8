//! The canonical webhook-subscription model.
//!
//! Every provider offers the same job in its own dialect: register a URL, choose the events to
//! hear about, receive signed notifications. The types here describe that job once. Each dialect
//! in `hookspec-dialects` converts its wire types to and from these, and says in its docs what a
//! conversion cannot carry. The doc comments are written for API readers: they become the
//! descriptions of the exported JSON Schemas (schemars).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A registered webhook: where notifications go, which events trigger them and how they are
/// signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Webhook {
    /// Identifier of the webhook, as a string whatever type the provider uses.
    pub id: String,
    /// URL to which the notifications are posted.
    pub url: String,
    /// Names of the events the webhook subscribes to, spelled as the provider spells them.
    pub events: Vec<String>,
    /// Whether notifications are currently sent.
    pub enabled: bool,
    /// Secret the provider signs notifications with, when it discloses one.
    pub secret: Option<String>,
    /// Free-form data the subscriber attached to the webhook.
    pub metadata: Map<String, Value>,
}

impl Webhook {
    /// The webhook `input` registers under `id`: enabled unless the input says otherwise, with the
    /// input's secret (if any) and its metadata (empty when left out).
    pub fn register(id: String, input: WebhookInput) -> Webhook {
        Webhook {
            id,
            url: input.url,
            events: input.events,
            enabled: input.enabled.unwrap_or(true),
            secret: input.secret,
            metadata: input.metadata.unwrap_or_default(),
        }
    }

    /// Applies a partial update: every field the patch leaves out keeps its value.
    pub fn apply(&mut self, patch: WebhookPatch) {
        let WebhookPatch { id, url, events, enabled, secret, metadata } = patch;
        if let Some(id) = id {
            self.id = id;
        }
        if let Some(url) = url {
            self.url = url;
        }
        if let Some(events) = events {
            self.events = events;
        }
        if let Some(enabled) = enabled {
            self.enabled = enabled;
        }
        if secret.is_some() {
            self.secret = secret;
        }
        if let Some(metadata) = metadata {
            self.metadata = metadata;
        }
    }
}

/// The full settings of a webhook: what creates one, or replaces one in full.
///
/// A field left out takes the provider's default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct WebhookInput {
    /// Identifier to give the webhook, where the provider lets the client choose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    pub url: String,
    /// Names of the events to subscribe to.
    pub events: Vec<String>,
    /// Whether notifications are sent; the provider's default when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Secret to sign notifications with; the provider generates one when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// Free-form data to attach to the webhook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// A partial update of a webhook: every field left out keeps its current value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct WebhookPatch {
    /// New identifier, where the provider allows changing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// New URL to which the notifications are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// New list of events to subscribe to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    /// Turn notifications on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// New signing secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// New metadata, replacing the old.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// An event a webhook can subscribe to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventType {
    /// Name of the event, as used in a webhook's `events`.
    pub name: String,
    /// What happened when the event fires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a page of results sits in the whole list, in the provider's paging style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageRequest {
    /// Page-number paging: the `page`-th page of `size` items, counting from 1.
    Number {
        /// Page number, from 1.
        page: u64,
        /// Items per page; the provider's default when absent.
        size: Option<u64>,
    },
    /// Offset paging: `limit` items after skipping `offset`.
    Offset {
        /// Items skipped before the page.
        offset: u64,
        /// Most items on the page.
        limit: u64,
    },
    /// Cursor paging: at most `limit` items after the item `after`, or before the item `before`
    /// (ids of items of the list); the first page when neither is given.
    Cursor {
        /// The id of the item the page starts after.
        after: Option<String>,
        /// The id of the item the page ends before.
        before: Option<String>,
        /// Most items on the page; the provider's default when absent.
        limit: Option<u64>,
    },
}

/// One page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookPage {
    /// The webhooks on this page.
    pub items: Vec<Webhook>,
    /// Number of webhooks in the whole list, when the provider reports it.
    pub total: Option<u64>,
    /// How to ask for the next page; absent on the last page or when unknown.
    pub next: Option<PageRequest>,
    /// How to ask for the previous page; absent on the first page or when unknown.
    pub previous: Option<PageRequest>,
}

/// An error answered by a provider.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct ApiError {
    /// Provider-specific numeric code, when the provider has one (JSON-RPC error codes).
    pub code: Option<i64>,
    /// Human-readable message, when the provider gives one.
    pub message: Option<String>,
    /// Messages tied to individual input fields, keyed by field name.
    pub field_errors: BTreeMap<String, Vec<String>>,
}

/// A notification delivered to a webhook's URL: what happened, and the data the provider sent
/// about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Notification {
    /// Name of the event that triggered the notification, when the delivery names it.
    pub event: Option<String>,
    /// Identifier of the delivery, the same on every retry, when the provider sends one:
    /// receivers deduplicate on it.
    pub message_id: Option<String>,
    /// When the event happened, as the provider writes it, when the delivery says.
    pub time: Option<String>,
    /// The event's data: the body without what names the event, the message and the time.
    pub data: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_changes_only_what_it_names() {
        let input =
            WebhookInput { url: "https://a".into(), events: vec!["e".into()], ..WebhookInput::default() };
        let mut webhook = Webhook::register("1".into(), input);
        assert!(webhook.enabled && webhook.secret.is_none() && webhook.metadata.is_empty());
        webhook.apply(WebhookPatch {
            enabled: Some(false),
            secret: Some("s".into()),
            ..WebhookPatch::default()
        });
        assert_eq!(
            (webhook.url.as_str(), webhook.enabled, webhook.secret.as_deref()),
            ("https://a", false, Some("s"))
        );
        webhook.apply(WebhookPatch::default());
        assert_eq!(webhook.secret.as_deref(), Some("s"), "a patch that leaves the secret out keeps it");
    }
}
