//! GitHub's repository and organization webhooks, imported from GitHub's own OpenAPI
//! descriptions: `import.yaml` selects, and `cargo xtask import` writes `api.yaml`,
//! `events.yaml`, `schemas.json`, `wire.rs`, `description/facts.yaml` and
//! `fixtures/description/`. Written by hand: this file (the conversion to the canonical model),
//! `signature.yaml`, `behaviour.yaml` and `facts.yaml`.

mod wire;

pub use wire::*;

use crate::{ConversionError, Wire};

/// GitHub's wire: the schemas are the description's own (`schemas.json`), so none is derived.
pub static WIRE: Wire = Wire { schemas: |_| Vec::new(), webhook, wildcard: None, switch: None };

/// A repository webhook (`hook`) or an organization webhook (`org-hook`), as the API shows it,
/// read into the canonical model.
fn webhook(value: &serde_json::Value) -> Result<hookspec_model::Webhook, String> {
    match serde_json::from_value::<Hook>(value.clone()) {
        Ok(hook) => Ok(hook.try_into().map_err(|error: ConversionError| error.to_string())?),
        Err(repository) => {
            let hook: OrgHook = serde_json::from_value(value.clone())
                .map_err(|organization| format!("neither a repository webhook ({repository}) nor an organization webhook ({organization})"))?;
            canonical(hook.id, hook.config.url, hook.events, hook.active, hook.config.secret)
        }
    }
}

impl TryFrom<Hook> for hookspec_model::Webhook {
    type Error = ConversionError;

    fn try_from(hook: Hook) -> Result<Self, Self::Error> {
        canonical(hook.id, hook.config.url, hook.events, hook.active, hook.config.secret)
            .map_err(|what| ConversionError::Unrepresentable { provider: "GitHub", what })
    }
}

/// The canonical webhook of a GitHub webhook's parts: its `config.url` is its URL.
fn canonical(
    id: i64,
    url: Option<String>,
    events: Vec<String>,
    active: bool,
    secret: Option<String>,
) -> Result<hookspec_model::Webhook, String> {
    Ok(hookspec_model::Webhook {
        id: id.to_string(),
        url: url.ok_or("a webhook without `config.url`")?,
        events,
        enabled: active,
        secret,
        metadata: serde_json::Map::new(),
    })
}
