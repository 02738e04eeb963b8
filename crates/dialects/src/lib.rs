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
//! Dialects do no I/O: the data files are compiled in, and read with [`Dialect::table`],
//! [`Dialect::facts`] and the other readers, which name the file and line of anything wrong in them.
//!
//! Adding a provider means adding one folder and one line in the `providers!` list of this file.

pub mod behaviour;
pub mod data;
pub mod description;
pub mod events;
pub mod facts;
pub mod table;

pub use data::{DataError, DataFile};
pub use facts::{Assumption, Claim, Fact, Facts, Fixture, Place, Source};
pub use table::{Method, ParamIn, Table};

/// Declares each provider folder's module and lists its `DIALECT` in the registry.
macro_rules! providers {
    ($($folder:ident),* $(,)?) => {
        $(pub mod $folder;)*
        /// Every dialect hookspec publishes, in the order they are listed to users.
        static REGISTRY: &[&Dialect] = &[$(&$folder::DIALECT),*];
    };
}

// The registry: one provider folder a line, in the order they are listed to users.
providers! {
    gigapay,
    equals_money,
    shipstream,
    stripe,
}

/// Every dialect hookspec publishes, in the order they are listed to users.
pub fn registry() -> Vec<&'static Dialect> {
    REGISTRY.to_vec()
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
    /// Adds the schemas of its wire types to a generator, and names those published as JSON
    /// Schemas (the types its operations use; the generator also holds the types they refer to).
    /// Write it with [`schemas!`].
    pub schemas: fn(&mut schemars::SchemaGenerator) -> Vec<String>,
    /// Reads a webhook as the API shows it (JSON) into the canonical model. Write it with
    /// [`canonical`].
    pub webhook: fn(&serde_json::Value) -> Result<hookspec_model::Webhook, String>,
}

/// A [`Dialect::webhook`] function for the wire type `W`: the JSON read as `W`, then converted.
pub fn canonical<W>(value: &serde_json::Value) -> Result<hookspec_model::Webhook, String>
where
    W: serde::de::DeserializeOwned + TryInto<hookspec_model::Webhook>,
    <W as TryInto<hookspec_model::Webhook>>::Error: std::fmt::Display,
{
    let wire: W = serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    wire.try_into().map_err(|error| error.to_string())
}

impl Dialect {
    /// The operation table, from `api.yaml`.
    pub fn table(&self) -> Result<Table, DataError> {
        self.file("api.yaml")?.parse()
    }

    /// Everything the provider documents, and what hookspec assumes where it is silent, from
    /// `facts.yaml` and `fixtures/`.
    pub fn facts(&self) -> Result<facts::Facts, DataError> {
        facts::load(self.folder)
    }

    /// How the provider signs its deliveries, from `signature.yaml` (the format
    /// `hookspec-signature` reads).
    pub fn signature(&self) -> Result<hookspec_signature::Scheme, DataError> {
        let file = self.file("signature.yaml")?;
        let scheme: hookspec_signature::Scheme = file.parse()?;
        scheme.check().map_err(|message| DataError {
            path: file.path(),
            line: None,
            column: None,
            message,
        })?;
        Ok(scheme)
    }

    /// How the provider's API behaves, from `behaviour.yaml`: what the sandbox needs beyond the
    /// document.
    pub fn behaviour(&self) -> Result<behaviour::Behaviour, DataError> {
        self.file("behaviour.yaml")?.parse()
    }

    /// The provider's own description of its API and the declared differences from it, from
    /// `description/`, for a provider that publishes one.
    pub fn description(&self) -> Result<Option<description::Description>, DataError> {
        description::Description::of(self.folder)
    }

    /// The provider's event catalogue, from `events.yaml`.
    pub fn events(&self) -> Result<events::Catalogue, DataError> {
        self.file("events.yaml")?.parse()
    }

    /// The data file `name` of the provider's folder.
    fn file(&self, name: &str) -> Result<DataFile, DataError> {
        let path = format!("{}/{name}", self.folder);
        DataFile::find(&path).ok_or_else(|| DataError {
            path: format!("{}/{path}", data::SOURCE_ROOT),
            line: None,
            column: None,
            message: format!("the provider folder has no {name}"),
        })
    }
}

/// The names of the events in the catalogue (`events.yaml`) of the provider folder `folder`, for
/// a wire type whose schema lists them; none when the catalogue does not read (generation then
/// reports why).
pub fn catalogue_names(folder: &str) -> Vec<String> {
    DataFile::find(&format!("{folder}/events.yaml"))
        .and_then(|file| file.parse::<events::Catalogue>().ok())
        .map(|catalogue| catalogue.events.into_iter().map(|event| event.name).collect())
        .unwrap_or_default()
}

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

/// A [`Dialect::schemas`] function for the types given: it adds each one's schema (and those it
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

/// The schemas of the canonical model, in the form of [`Dialect::schemas`].
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
