//! Provider dialects of the webhook-subscription API.
//!
//! A dialect is one provider's wire format for the canonical job in `hookspec-model`: its wire
//! types exactly as the JSON looks, the operations it exposes (servers, auth, paging, errors) as a
//! utoipa document, conversions between wire and canonical types, and everything the provider
//! documents about it as [`Claim`]s, so that `hookspec-assembly` can check the document against the
//! provider's own examples and tables.
//!
//! Adding a provider means adding one module that implements [`Dialect`] and one line in
//! [`registry`].

pub mod build;
pub mod equals_money;
pub mod evidence;
pub mod gigapay;
pub mod jsonrpc;
pub mod shipstream;

pub use evidence::{Claim, Fact, Fixture, Method, ParamIn, Place, Source};

/// One provider's dialect.
pub trait Dialect: Sync {
    /// The dialect's name: its folder under `spec/` and its name on the command line.
    fn name(&self) -> &'static str;

    /// The provider's name as readers know it.
    fn provider(&self) -> &'static str;

    /// The OpenAPI 3.1 document of the dialect, without the documented examples: the assembly
    /// embeds those after checking them.
    fn openapi(&self) -> utoipa::openapi::OpenApi;

    /// The JSON Schemas (2020-12, by schemars) of the wire types, each named as its component
    /// schema in the OpenAPI document.
    fn json_schemas(&self) -> Vec<(&'static str, schemars::Schema)>;

    /// How the provider signs the notifications it delivers.
    fn signature(&self) -> hookspec_model::SignatureScheme;

    /// The JSON-RPC method table, for a dialect that is JSON-RPC: the assembly publishes an
    /// OpenRPC document from it beside the OpenAPI one.
    fn json_rpc(&self) -> Option<jsonrpc::Api> {
        None
    }

    /// Everything the provider documents about the API, each fact with its source and, where
    /// the documentation is wrong, the erratum that explains what the document models instead.
    fn claims(&self) -> Vec<Claim>;
}

/// `(name, schema)` pairs of the schemars JSON Schemas of the types given, named as the types.
#[macro_export]
macro_rules! json_schemas {
    ($($type:ty),* $(,)?) => {
        vec![$((stringify!($type), schemars::schema_for!($type))),*]
    };
}

/// The JSON Schemas of the canonical model, named as its types.
pub fn canonical_json_schemas() -> Vec<(&'static str, schemars::Schema)> {
    use hookspec_model::*;
    json_schemas![Webhook, WebhookInput, WebhookPatch, EventType, WebhookPage, ApiError, Notification]
}

/// Every dialect hookspec publishes, in the order they are listed to users.
pub fn registry() -> &'static [&'static dyn Dialect] {
    &[&gigapay::Gigapay, &equals_money::EqualsMoney, &shipstream::ShipStream]
}

/// The dialect registered under `name`, if any.
pub fn find(name: &str) -> Option<&'static dyn Dialect> {
    registry().iter().copied().find(|dialect| dialect.name() == name)
}

/// Why a canonical value cannot be written in a provider's dialect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConversionError {
    /// The provider has no way to express the value.
    #[error("{provider} cannot express {what}")]
    Unrepresentable {
        /// The provider's name.
        provider: &'static str,
        /// What could not be expressed.
        what: String,
    },
    /// The canonical model has no way to express the provider's value.
    #[error("the canonical model cannot express {what} from {provider}")]
    Lossy {
        /// The provider's name.
        provider: &'static str,
        /// What could not be expressed.
        what: String,
    },
}

/// Refuses the parts of a canonical create input that a provider without client-chosen ids or
/// metadata has no place for.
pub(crate) fn refuse_id_and_metadata(
    provider: &'static str,
    input: &hookspec_model::WebhookInput,
) -> Result<(), ConversionError> {
    let what = if input.id.is_some() {
        "a client-chosen webhook id"
    } else if input.metadata.as_ref().is_some_and(|metadata| !metadata.is_empty()) {
        "webhook metadata"
    } else {
        return Ok(());
    };
    Err(ConversionError::Unrepresentable { provider, what: what.into() })
}
