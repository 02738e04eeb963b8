//! Provider dialects of the webhook-subscription API.
//!
//! A dialect is one provider's wire format for the canonical job in `hookspec-model`. Each
//! provider has one folder under `src/`: its wire types exactly as the JSON looks and their
//! conversions to and from the canonical types (`mod.rs` and, where it grows long, its
//! submodules: the only Rust), its API as an operation table (`api.yaml`, see [`table`]),
//! everything the provider documents about it (`facts.yaml`, see [`facts`]) and the documented
//! JSON verbatim (`fixtures/`). `hookspec-assembly` renders the table into documents and checks
//! every fact against them.
//!
//! Dialects do no I/O: the data files are compiled in, and each provider is loaded once into a
//! [`Provider`] (every file parsed, every rule that spans files checked), with problems that name
//! the file and line.
//!
//! Adding a provider means adding one folder and one line in the `providers!` list of this file.

pub mod behaviour;
pub mod data;
pub mod description;
pub mod events;
pub mod facts;
mod fixture;
mod provider;
pub mod sources;
pub mod table;

pub use data::{DataFile, Folder};
pub use facts::{Assumption, Claim, Fact, Facts, Fixture, Place, Source};
pub use hookspec_problem::Problem;
pub use provider::{Protocol, Provider, Registered, Switch, Wildcard, Wire, published_name};
pub use table::{Method, ParamIn, Table};

/// Declares each provider folder's module and registers its `WIRE` under the folder's name.
macro_rules! providers {
    ($($folder:ident),* $(,)?) => {
        $(pub mod $folder;)*
        /// Every provider hookspec publishes, in the order they are listed to users.
        static REGISTRY: [Registered; [$(stringify!($folder)),*].len()] =
            [$(Registered::new(stringify!($folder), &$folder::WIRE)),*];
    };
}

// The registry: one provider folder a line, in the order they are listed to users.
providers! {
    gigapay,
    equals_money,
    shipstream,
    stripe,
    github,
}

/// Every provider hookspec publishes, in the order they are listed to users. Each is loaded the
/// first time it is asked for, and once.
pub fn registry() -> &'static [Registered] {
    &REGISTRY
}

/// The provider registered under `name` (`equals-money`), if any.
pub fn find(name: &str) -> Option<&'static Registered> {
    REGISTRY.iter().find(|registered| registered.name() == name)
}

/// Every registered provider, loaded; the first that does not load stops it, with its problems.
pub fn providers() -> Result<Vec<&'static Provider>, &'static [Problem]> {
    REGISTRY.iter().map(Registered::provider).collect()
}

/// A [`Wire::webhook`] function for the wire type `W`: the JSON read as `W`, then converted.
pub fn canonical<W>(value: &serde_json::Value) -> Result<hookspec_model::Webhook, String>
where
    W: serde::de::DeserializeOwned + TryInto<hookspec_model::Webhook>,
    <W as TryInto<hookspec_model::Webhook>>::Error: std::fmt::Display,
{
    let wire: W = serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    wire.try_into().map_err(|error| error.to_string())
}

/// The JSON Schema of each data file format of a provider folder, by the file's name, derived from
/// the types that read it (so an editor completes and checks what `Provider::load` reads). Each
/// data file names its schema in a first-line comment, `# yaml-language-server: $schema=...`.
pub fn formats() -> Vec<(&'static str, schemars::Schema)> {
    let generator = || schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut formats = vec![
        ("api.yaml", generator().into_root_schema_for::<Table>()),
        ("facts.yaml", facts::rows::format(generator())),
        ("events.yaml", generator().into_root_schema_for::<events::Catalogue>()),
        ("signature.yaml", generator().into_root_schema_for::<hookspec_signature::Scheme>()),
        ("behaviour.yaml", generator().into_root_schema_for::<behaviour::Behaviour>()),
    ];
    for (file, schema) in &mut formats {
        schema.insert("title".into(), format!("A provider folder's {file}").into());
    }
    formats
}

/// The extension a wire type's schema carries where the catalogue's event names belong: its value
/// lists names to put before them (`["*"]`), and the schema derivation replaces it with
/// `x-extensible-enum`, the names given and then every event of the provider's catalogue.
pub const EVENT_NAMES: &str = "x-hookspec-event-names";

/// The schema of a value that is always present and may be null, for a field of type
/// `Option<T>` that a response always carries: `#[schemars(with = "crate::Nullable<T>")]`.
/// (schemars reads a plain `Option<T>` field as one that may be left out.)
pub struct Nullable<T>(std::marker::PhantomData<T>);

impl<T: schemars::JsonSchema> schemars::JsonSchema for Nullable<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Option<T>>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Option<T>>::json_schema(generator)
    }
}

/// The extension that marks what the provider leaves undocumented.
pub const UNDOCUMENTED: &str = "x-hookspec-undocumented";

/// A [`Wire::schemas`] function for the types given: it adds each one's schema (and those it
/// refers to) to the generator, and names the types given.
#[macro_export]
macro_rules! schemas {
    ($($type:ty),* $(,)?) => {
        |generator: &mut schemars::SchemaGenerator| {
            vec![$({
                generator.subschema_for::<$type>();
                <$type as schemars::JsonSchema>::schema_name().into_owned()
            }),*]
        }
    };
}

/// The schemas of the canonical model, in the form of [`Wire::schemas`].
pub fn canonical_schemas(generator: &mut schemars::SchemaGenerator) -> Vec<String> {
    use hookspec_model::*;
    let register =
        schemas![Webhook, WebhookInput, WebhookPatch, EventType, WebhookPage, ApiError, Notification];
    register(generator)
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
