//! Wire types, written by `cargo xtask import` from the description's schemas (import.yaml's `wire`):
//! each reads the JSON as the API answers it. Do not edit: import again.

/// Webhook: Webhooks for repositories.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Hook {
    /// The `type` field.
    pub r#type: String,
    /// Unique identifier of the webhook.
    pub id: i64,
    /// The name of a valid service, use 'web' for a webhook.
    pub name: String,
    /// Determines whether the hook is actually triggered on pushes.
    pub active: bool,
    /// Determines what events the hook is triggered for. Default: ['push'].
    pub events: Vec<String>,
    /// Webhook Configuration: Configuration object of the webhook
    pub config: WebhookConfig,
    /// The `updated_at` field.
    pub updated_at: String,
    /// The `created_at` field.
    pub created_at: String,
    /// The `url` field.
    pub url: String,
    /// The `test_url` field.
    pub test_url: String,
    /// The `ping_url` field.
    pub ping_url: String,
    /// The `deliveries_url` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliveries_url: Option<String>,
    /// Hook Response
    pub last_response: HookResponse,
}

/// Hook Response
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct HookResponse {
    /// The `code` field.
    pub code: Option<i64>,
    /// The `status` field.
    pub status: Option<String>,
    /// The `message` field.
    pub message: Option<String>,
}

/// Webhook Configuration: Configuration object of the webhook
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct WebhookConfig {
    /// The URL to which the payloads will be delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The media type used to serialize the payloads. Supported values include `json` and `form`. The default is `form`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// If provided, the `secret` will be used as the `key` to generate the HMAC hex digest value for [delivery signature headers](https://docs.github.com/webhooks/event-payloads/#delivery-headers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
    /// The `insecure_ssl` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_ssl: Option<serde_json::Value>,
}

/// Org Hook: Org Hook
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct OrgHook {
    /// The `id` field.
    pub id: i64,
    /// The `url` field.
    pub url: String,
    /// The `ping_url` field.
    pub ping_url: String,
    /// The `deliveries_url` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deliveries_url: Option<String>,
    /// The `name` field.
    pub name: String,
    /// The `events` field.
    pub events: Vec<String>,
    /// The `active` field.
    pub active: bool,
    /// The `config` field.
    pub config: OrgHookConfig,
    /// The `updated_at` field.
    pub updated_at: String,
    /// The `created_at` field.
    pub created_at: String,
    /// The `type` field.
    pub r#type: String,
}

/// The `OrgHookConfig` object.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct OrgHookConfig {
    /// The `url` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The `insecure_ssl` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insecure_ssl: Option<String>,
    /// The `content_type` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The `secret` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}
