//! The conversions between Stripe's wire types and the canonical model.

use std::collections::BTreeMap;

use hookspec_model as model;
use serde_json::{Map, Value};

use super::*;
use crate::ConversionError;

impl TryFrom<WebhookEndpoint> for model::Webhook {
    type Error = ConversionError;

    /// Loses `object`, `api_version`, `application`, `created`, `description` and `livemode`;
    /// `status` becomes `enabled` (`enabled`, else disabled).
    fn try_from(endpoint: WebhookEndpoint) -> Result<Self, ConversionError> {
        Ok(model::Webhook {
            id: endpoint.id,
            url: endpoint.url,
            events: endpoint.enabled_events.into_iter().map(|event| event.0).collect(),
            enabled: endpoint.status == STATUS.on,
            secret: endpoint.secret,
            metadata: value_metadata(MetadataInput::Pairs(endpoint.metadata)),
        })
    }
}

impl TryFrom<model::WebhookInput> for WebhookEndpointCreate {
    type Error = ConversionError;

    /// Fails for a client-chosen id or secret, a disabled endpoint (Stripe creates endpoints
    /// enabled) and metadata whose values are not text.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        if input.id.is_some() {
            return Err(unrepresentable("a client-chosen webhook id"));
        }
        if input.secret.is_some() {
            return Err(unrepresentable("a client-chosen secret"));
        }
        if input.enabled == Some(false) {
            return Err(unrepresentable("a webhook endpoint created disabled"));
        }
        Ok(WebhookEndpointCreate {
            api_version: None,
            connect: None,
            description: None,
            enabled_events: input.events.into_iter().map(EnabledEvent).collect(),
            expand: None,
            metadata: input.metadata.map(text_metadata).transpose()?.map(MetadataInput::Pairs),
            url: input.url,
        })
    }
}

impl From<WebhookEndpointCreate> for model::WebhookInput {
    /// Loses `api_version`, `connect`, `description` and `expand`.
    fn from(create: WebhookEndpointCreate) -> Self {
        model::WebhookInput {
            id: None,
            url: create.url,
            events: create.enabled_events.into_iter().map(|event| event.0).collect(),
            enabled: None,
            secret: None,
            metadata: create.metadata.map(value_metadata),
        }
    }
}

impl From<WebhookEndpointUpdate> for model::WebhookPatch {
    /// Loses `description` and `expand`; `disabled` becomes `enabled`, negated.
    fn from(update: WebhookEndpointUpdate) -> Self {
        model::WebhookPatch {
            id: None,
            url: update.url,
            events: update.enabled_events.map(|events| events.into_iter().map(|event| event.0).collect()),
            enabled: update.disabled.map(|disabled| !disabled),
            secret: None,
            metadata: update.metadata.map(value_metadata),
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookEndpointUpdate {
    type Error = ConversionError;

    /// Fails for a new id or secret, which Stripe does not let a client set, and metadata whose
    /// values are not text.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        if patch.id.is_some() {
            return Err(unrepresentable("a new webhook id"));
        }
        if patch.secret.is_some() {
            return Err(unrepresentable("a client-chosen secret"));
        }
        Ok(WebhookEndpointUpdate {
            description: None,
            disabled: patch.enabled.map(|enabled| !enabled),
            enabled_events: patch.events.map(|events| events.into_iter().map(EnabledEvent).collect()),
            expand: None,
            metadata: patch.metadata.map(text_metadata).transpose()?.map(MetadataInput::Pairs),
            url: patch.url,
        })
    }
}

impl TryFrom<WebhookEndpointList> for model::WebhookPage {
    type Error = ConversionError;

    /// A page has no total; its next page starts after its last item while `has_more` says one
    /// follows. The previous page is unknown.
    fn try_from(list: WebhookEndpointList) -> Result<Self, ConversionError> {
        let next = list.has_more.then(|| list.data.last().map(|last| last.id.clone())).flatten().map(|after| {
            model::PageRequest::Cursor { after: Some(after), before: None, limit: Some(list.data.len() as u64) }
        });
        Ok(model::WebhookPage {
            items: list.data.into_iter().map(model::Webhook::try_from).collect::<Result<_, _>>()?,
            total: None,
            next,
            previous: None,
        })
    }
}

impl From<ErrorBody> for model::ApiError {
    /// The `message`; a parameter's error is filed under the parameter. Loses the `type` and the
    /// `code`, a word where the canonical code is a number.
    fn from(body: ErrorBody) -> Self {
        let StripeError { message, param, .. } = body.error;
        let field_errors = match (&param, &message) {
            (Some(param), Some(message)) => BTreeMap::from([(param.clone(), vec![message.clone()])]),
            _ => BTreeMap::new(),
        };
        model::ApiError { code: None, message, field_errors }
    }
}

/// Metadata as Stripe takes it: every value text.
fn text_metadata(metadata: Map<String, Value>) -> Result<BTreeMap<String, String>, ConversionError> {
    metadata
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(text) => Ok((key, text)),
            other => Err(unrepresentable(format!("metadata `{key}` = {other}; Stripe's metadata values are text"))),
        })
        .collect()
}

/// Metadata a form sets, as canonical metadata: the empty string is no pairs.
fn value_metadata(metadata: MetadataInput) -> Map<String, Value> {
    match metadata {
        MetadataInput::Pairs(pairs) => pairs.into_iter().map(|(key, value)| (key, Value::String(value))).collect(),
        MetadataInput::Unset(_) => Map::new(),
    }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}
