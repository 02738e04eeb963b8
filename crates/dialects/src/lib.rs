//! Provider dialects of the webhook-subscription API.
//!
//! A dialect is one provider's wire format for the canonical job in `hookspec-model`. Each
//! provider has one folder under `src/`: its wire types exactly as the JSON looks and their
//! conversions to and from the canonical types (`mod.rs`, the only Rust), its API as an operation
//! table (`api.yaml`, see [`table`]), everything the provider documents about it (`facts.yaml`,
//! see [`facts`]) and the documented JSON verbatim (`fixtures/`). `hookspec-assembly` renders the
//! table into documents and checks every fact against them.
//!
//! Dialects do no I/O: the data files are compiled in, and read with [`Dialect::table`] and
//! [`Dialect::claims`], which name the file and line of anything wrong in them.
//!
//! Adding a provider means adding one folder and one line in [`registry`].

pub mod data;
pub mod equals_money;
pub mod facts;
pub mod gigapay;
pub mod shipstream;
pub mod table;

pub use data::{DataError, DataFile};
pub use facts::{Claim, Fact, Fixture, Place, Source};
pub use table::{Method, ParamIn, Table};

/// Every dialect hookspec publishes, in the order they are listed to users.
pub fn registry() -> [&'static Dialect; 3] {
    [&gigapay::DIALECT, &equals_money::DIALECT, &shipstream::DIALECT]
}

/// The dialect registered under `name`, if any.
pub fn find(name: &str) -> Option<&'static Dialect> {
    registry().into_iter().find(|dialect| dialect.name == name)
}

/// One provider's dialect: its name, its folder of data, and its wire types.
pub struct Dialect {
    /// The dialect's name: its folder under `spec/` and its name on the command line.
    pub name: &'static str,
    /// Its folder under `crates/dialects/src/`.
    pub folder: &'static str,
    /// The component schemas of its wire types, by name.
    pub components: fn() -> Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>,
    /// The JSON Schemas (2020-12, by schemars) of its wire types, each named as its component.
    pub json_schemas: fn() -> Vec<(&'static str, schemars::Schema)>,
}

impl Dialect {
    /// The operation table, from `api.yaml`.
    pub fn table(&self) -> Result<Table, DataError> {
        let name = format!("{}/api.yaml", self.folder);
        let file = DataFile::find(&name).ok_or_else(|| DataError {
            path: format!("{}/{name}", data::SOURCE_ROOT),
            line: None,
            column: None,
            message: "the provider folder has no api.yaml".into(),
        })?;
        file.parse()
    }

    /// Everything the provider documents, from `facts.yaml` and `fixtures/`.
    pub fn claims(&self) -> Result<Vec<Claim>, DataError> {
        facts::load(self.folder)
    }

    /// How the provider signs its deliveries.
    pub fn signature(&self) -> Result<hookspec_model::SignatureScheme, DataError> {
        Ok(self.table()?.signature)
    }
}

/// The extension that marks what the provider leaves undocumented.
pub const UNDOCUMENTED: &str = "x-hookspec-undocumented";

/// `(name, schema)` pairs of the component schemas of the types given and every schema they
/// refer to.
#[macro_export]
macro_rules! components {
    ($($type:ty),* $(,)?) => {{
        let mut schemas = Vec::new();
        $(
            schemas.push((<$type as utoipa::ToSchema>::name().into_owned(), <$type as utoipa::PartialSchema>::schema()));
            <$type as utoipa::ToSchema>::schemas(&mut schemas);
        )*
        schemas
    }};
}

/// `(name, schema)` pairs of the schemars JSON Schemas of the types given, named as the types.
#[macro_export]
macro_rules! json_schemas {
    ($($type:ty),* $(,)?) => {
        vec![$((stringify!($type), schemars::schema_for!($type))),*]
    };
}

/// A reference to the component schema of `T`.
pub fn schema_ref<T: utoipa::ToSchema>() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name()))
}

/// The JSON Schemas of the canonical model, named as its types.
pub fn canonical_json_schemas() -> Vec<(&'static str, schemars::Schema)> {
    use hookspec_model::*;
    json_schemas![Webhook, WebhookInput, WebhookPatch, EventType, WebhookPage, ApiError, Notification]
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
