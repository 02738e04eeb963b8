//! A JSON-RPC 2.0 API's part of the table: the one HTTP operation, its methods, their positional
//! parameters and documented errors.

use std::fmt;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::*;

/// A JSON-RPC 2.0 API: one HTTP operation (among `operations`, posted to `path`), whose body
/// names the method and its positional params.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonRpc {
    /// The HTTP path every call is posted to.
    pub path: String,
    /// How the API methods are invoked, if the API wraps them in one JSON-RPC method.
    #[serde(default)]
    pub call: Option<CallEnvelope>,
    /// The API's methods, in documented order.
    pub methods: Vec<JsonRpcMethod>,
    /// Every error code the API documents.
    pub errors: Vec<ErrorCode>,
}

impl JsonRpc {
    /// Whether `method` is called through the wrapper method rather than being a JSON-RPC method
    /// of its own.
    pub fn wraps(&self, method: &JsonRpcMethod) -> bool {
        self.call.is_some() && !method.direct
    }
}

/// An API that invokes its methods through one wrapper method:
/// `{"method": "<name>", "params": [<session>, "<api method>", [<arguments>...]]}`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallEnvelope {
    /// The wrapper's JSON-RPC method name.
    pub method: String,
    /// The first positional parameter (a session, for example).
    pub session: Param,
    /// The third positional parameter, the API method's arguments: its label in the OpenRPC
    /// document, and what it is.
    pub arguments: Label,
}

/// The label and description of a by-position parameter. By-position parameters travel without
/// their names, so a label that generated code cannot use (a reserved word) may differ from the
/// provider's word, which the description then keeps.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Label {
    /// The parameter's name in the OpenRPC document.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The provider's own name for it, where the label differs, and why it does.
    #[serde(default)]
    pub relabelled: Option<Relabelled>,
    /// Whether it may be left out when it would be empty (a method that takes no arguments).
    #[serde(default)]
    pub omissible: bool,
}

/// A by-position parameter whose label differs from the provider's word.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relabelled {
    /// The provider's word.
    pub from: String,
    /// Why the label differs.
    pub because: String,
}

/// One method of a JSON-RPC API.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JsonRpcMethod {
    /// The method's name, such as `webhook.list`.
    pub name: String,
    /// A one-line summary.
    pub summary: String,
    /// What the method does.
    pub description: String,
    /// Whether the method is a JSON-RPC method of its own, rather than invoked through the
    /// [`CallEnvelope`].
    #[serde(default)]
    pub direct: bool,
    /// The method's positional parameters.
    pub params: Params,
    /// What a successful call returns.
    pub result: Param,
    /// The codes of the errors this method documents, beyond the general ones.
    #[serde(default)]
    pub errors: Vec<i64>,
}

impl JsonRpcMethod {
    /// The method's name in PascalCase, the stem of its schema names: `webhook.update_status`
    /// becomes `WebhookUpdateStatus`.
    pub fn stem(&self) -> String {
        self.name
            .split(['.', '_'])
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// A method's parameters: a list of positional parameters, or `{undocumented: <what is
/// known>}` when the provider does not document them.
#[derive(Debug, Clone, PartialEq)]
pub enum Params {
    /// Known positional parameters, in order.
    Positional(Vec<Param>),
    /// The provider does not document them; the text says what is known.
    Undocumented(String),
}

/// A named, described value: a positional parameter or a result.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The name the documentation gives it.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its schema.
    pub schema: Named<serde_json::Value>,
    /// Whether a call must pass it.
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// A documented JSON-RPC error.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// The JSON-RPC `error.code`.
    pub code: i64,
    /// The message the provider documents for it.
    pub message: String,
}

/// `{undocumented: <what is known>}`: a method whose parameters the provider does not document.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Undocumented {
    /// What is known of them.
    undocumented: String,
}

impl schemars::JsonSchema for Params {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Params".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let listed = generator.subschema_for::<Vec<Param>>();
        let undocumented = generator.subschema_for::<Undocumented>();
        schemars::json_schema!({
            "description": "The method's parameters by position, or `{undocumented: ...}`.",
            "anyOf": [listed, undocumented]
        })
    }
}

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ParamsVisitor;
        impl<'de> Visitor<'de> for ParamsVisitor {
            type Value = Params;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a list of parameters, or `{undocumented: <what is known>}`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Params, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Params::Positional)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Params, A::Error> {
                Undocumented::deserialize(MapAccessDeserializer::new(map))
                    .map(|known| Params::Undocumented(known.undocumented))
            }
        }
        deserializer.deserialize_any(ParamsVisitor)
    }
}
