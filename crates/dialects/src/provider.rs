//! A provider, loaded once: every data file of its folder parsed, every rule that spans files
//! checked, and the result kept as one value that the generator, the sandbox, the clients and the
//! xtask all take.

use std::sync::OnceLock;

use crate::behaviour::{Behaviour, JsonRpcBehaviour, Refusals};
use crate::data::Folder;
use crate::description::Description;
use crate::events::Catalogue;
use crate::facts::Facts;
use crate::table::{JsonRpc, Table};
use hookspec_problem::Problem;

/// The Rust half of a provider: its wire types, which no data file can state.
pub struct Wire {
    /// Adds the schemas of its wire types to a generator, and names those published as JSON
    /// Schemas (the types its operations use; the generator also holds the types they refer to).
    /// Write it with [`crate::schemas!`].
    pub schemas: fn(&mut schemars::SchemaGenerator) -> Vec<String>,
    /// Reads a webhook as the API shows it (JSON) into the canonical model. Write it with
    /// [`crate::canonical`].
    pub webhook: fn(&serde_json::Value) -> Result<hookspec_model::Webhook, String>,
    /// The subscribed name that stands for more than one event, where the wire has one: the
    /// schemas list it and the sandbox follows it, so it is written once, beside the wire types.
    pub wildcard: Option<Wildcard>,
    /// The field a webhook is turned on or off by, where the client writes a flag rather than
    /// the field itself (Stripe's `disabled` and `status`): the conversions read it and the
    /// sandbox writes it.
    pub switch: Option<Switch>,
}

/// A subscribed name that covers more than one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wildcard {
    /// Only this literal name, which covers every event (Stripe's `*`).
    Everything(&'static str),
    /// A name ending in this covers every event whose name starts with what comes before it
    /// (ShipStream's `order:*` until 2021; no registered provider has one today).
    Prefix(&'static str),
}

impl Wildcard {
    /// Whether a webhook subscribed to `subscribed` gets `event` under `wildcard`: the same name,
    /// or a name the wildcard makes cover it.
    pub fn covers(wildcard: Option<Wildcard>, subscribed: &str, event: &str) -> bool {
        match wildcard {
            Some(Wildcard::Everything(all)) if subscribed == all => true,
            Some(Wildcard::Prefix(suffix)) => match subscribed.strip_suffix(suffix) {
                Some(prefix) => event.starts_with(prefix),
                None => subscribed == event,
            },
            _ => subscribed == event,
        }
    }
}

/// A field that says whether a webhook is on, set by a boolean flag of the create and update
/// bodies (`true` turns it off); a webhook created without the flag is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Switch {
    /// The field (`status`).
    pub field: &'static str,
    /// Its value when on (`enabled`).
    pub on: &'static str,
    /// Its value when off (`disabled`).
    pub off: &'static str,
    /// The body's flag that turns it off (`disabled`).
    pub flag: &'static str,
}

/// How a provider's API is called, and what the sandbox answers a refused call with.
#[derive(Debug, Clone, PartialEq)]
pub enum Protocol {
    /// Operations on paths; each kind of refusal answers an error body.
    Rest {
        /// The answer to each kind of refusal (`behaviour.yaml`'s `refusals`).
        refusals: Refusals,
    },
    /// JSON-RPC 2.0 methods behind one endpoint; a refusal is an error code.
    JsonRpc {
        /// The methods and their envelope (`api.yaml`'s `jsonrpc`).
        api: JsonRpc,
        /// What each method does and the error of each refusal (`behaviour.yaml`'s `jsonrpc`).
        behaviour: JsonRpcBehaviour,
    },
}

impl Protocol {
    /// The protocol's name, as readers know it.
    pub fn label(&self) -> &'static str {
        match self {
            Protocol::Rest { .. } => "REST",
            Protocol::JsonRpc { .. } => "JSON-RPC 2.0",
        }
    }

    /// The JSON-RPC methods, for a JSON-RPC provider.
    pub fn jsonrpc(&self) -> Option<&JsonRpc> {
        match self {
            Protocol::JsonRpc { api, .. } => Some(api),
            Protocol::Rest { .. } => None,
        }
    }
}

/// One provider: everything its folder holds, parsed and cross-checked.
#[derive(Clone)]
pub struct Provider {
    /// Its name: its folder under `spec/` and its name on the command line (`equals-money`).
    pub name: String,
    /// Its folder under `crates/dialects/src/`, with every data file in it.
    pub folder: Folder,
    /// Its wire types.
    pub wire: &'static Wire,
    /// The operation table (`api.yaml`).
    pub table: Table,
    /// REST or JSON-RPC, with what each needs.
    pub protocol: Protocol,
    /// How deliveries are signed (`signature.yaml`).
    pub scheme: hookspec_signature::Scheme,
    /// The event catalogue (`events.yaml`).
    pub catalogue: Catalogue,
    /// What the provider documents, and the assumptions (`facts.yaml`, `fixtures/`).
    pub facts: Facts,
    /// What the sandbox needs beyond the document (`behaviour.yaml`).
    pub behaviour: Behaviour,
    /// The provider's own description of its API, where it publishes one (`description/`).
    pub description: Option<Description>,
    /// The component schemas imported from the provider's own description (`schemas.json`,
    /// written by `cargo xtask import`), by name: published as they are.
    pub imported: std::collections::BTreeMap<String, serde_json::Value>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("name", &self.name).finish_non_exhaustive()
    }
}

/// The name a provider folder is published under: its folder's name with `-` for `_`.
pub fn published_name(folder: &str) -> String {
    folder.replace('_', "-")
}

impl Provider {
    /// Loads the provider whose data files are `folder` and whose wire types are `wire`: every file
    /// is parsed once, and every rule that spans files is checked. Each problem names the file and,
    /// where the text allows, the line.
    pub fn load(folder: Folder, wire: &'static Wire) -> Result<Provider, Vec<Problem>> {
        let mut table: Table = folder.required("api.yaml")?.parse()?;
        let behaviour_file = folder.required("behaviour.yaml")?;
        let table_file = folder.required("api.yaml")?;
        let mut behaviour: Behaviour = behaviour_file.parse()?;
        let scheme_file = folder.required("signature.yaml")?;
        let scheme: hookspec_signature::Scheme = scheme_file.parse()?;
        scheme.check().map_err(|message| Problem {
            at: scheme_file.path(),
            line: None,
            column: None,
            message,
        })?;
        let catalogue: Catalogue = folder.required("events.yaml")?.parse()?;
        let imported = match folder.file("schemas.json") {
            Some(file) => serde_json::from_str(file.text).map_err(|error| Problem {
                at: file.path(),
                line: Some(error.line()),
                column: Some(error.column()),
                message: format!("not a JSON object of schemas: {error}"),
            })?,
            None => std::collections::BTreeMap::new(),
        };
        let facts = crate::facts::load(&folder, &catalogue)?;
        let description = Description::of(&folder)?;
        let protocol = match (table.jsonrpc.take(), behaviour.jsonrpc.take(), behaviour.refusals.take()) {
            (None, None, Some(refusals)) => Protocol::Rest { refusals },
            (Some(api), Some(behaviour), None) => Protocol::JsonRpc { api, behaviour },
            (api, _, _) => {
                let wanted = if api.is_some() {
                    "api.yaml has `jsonrpc`, so behaviour.yaml has `jsonrpc` (what each method does) and no \
                     `refusals`"
                } else {
                    "api.yaml has REST operations, so behaviour.yaml has `refusals` (the answer to each kind of \
                     refusal) and no `jsonrpc`"
                };
                return Err(vec![behaviour_file.error_at("", "", wanted.into())]);
            }
        };
        let mut problems = Vec::new();
        for operation in behaviour.operations.keys() {
            if !table.operations.iter().any(|known| known.id == *operation) {
                problems.push(behaviour_file.error_at(
                    "operations:",
                    &format!("{operation}:"),
                    format!("`{operation}` is not an operation of api.yaml"),
                ));
            }
        }
        if let Protocol::JsonRpc { api, behaviour: rpc } = &protocol {
            for method in rpc.methods.keys() {
                if !api.methods.iter().any(|known| known.name == *method) {
                    problems.push(behaviour_file.error_at(
                        "methods:",
                        &format!("{method}:"),
                        format!("`{method}` is not a JSON-RPC method of api.yaml"),
                    ));
                }
            }
        }
        let served = match &protocol {
            Protocol::Rest { refusals } => crate::behaviour::Served::Rest(refusals),
            Protocol::JsonRpc { api, behaviour } => crate::behaviour::Served::JsonRpc(api, behaviour),
        };
        problems.extend(behaviour.check(&table, served, &behaviour_file, &table_file));
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Provider {
            name: published_name(folder.name),
            folder,
            wire,
            table,
            protocol,
            scheme,
            catalogue,
            facts,
            behaviour,
            description,
            imported,
        })
    }

    /// The names webhooks subscribe to the catalogue's events by, in documented order, each once.
    pub fn event_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for event in &self.catalogue.events {
            if !names.iter().any(|known| known == event.subscription()) {
                names.push(event.subscription().to_owned());
            }
        }
        names
    }
}

/// A provider as the registry lists it: its folder and wire types, loaded on first use.
pub struct Registered {
    /// Its folder under `crates/dialects/src/`, as the `providers!` line names it.
    pub folder: &'static str,
    wire: &'static Wire,
    loaded: OnceLock<Result<Provider, Vec<Problem>>>,
}

impl Registered {
    /// A registry entry for the folder `folder` with the wire types `wire`.
    pub const fn new(folder: &'static str, wire: &'static Wire) -> Registered {
        Registered { folder, wire, loaded: OnceLock::new() }
    }

    /// The provider's published name (`equals-money`).
    pub fn name(&self) -> String {
        published_name(self.folder)
    }

    /// The provider, loaded from its embedded folder the first time it is asked for, or every
    /// problem that stops it loading.
    pub fn provider(&self) -> Result<&Provider, &[Problem]> {
        self.loaded
            .get_or_init(|| Provider::load(Folder::embedded(self.folder), self.wire))
            .as_ref()
            .map_err(Vec::as_slice)
    }
}
