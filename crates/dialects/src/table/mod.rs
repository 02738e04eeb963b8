//! The operation table: a provider's API as data, read from its `api.yaml`.
//!
//! The table says what the API has (servers, security, shared parameters and responses, the
//! REST operations or JSON-RPC methods, the deliveries) and refers to the wire types' schemas by
//! name. `hookspec-assembly` renders it into an OpenAPI document and checks every name it uses;
//! nothing here knows OpenAPI's syntax beyond the names of its fields.

use std::fmt;

use indexmap::IndexMap;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

mod deliveries;
mod jsonrpc;

pub use deliveries::{Delivery, Retries, Signed, Timeouts};
pub use jsonrpc::{CallEnvelope, ErrorCode, JsonRpc, JsonRpcMethod, Label, Param, Params, Relabelled};

/// A provider's API.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The provider's name as readers know it.
    pub provider: String,
    /// The document's `info`.
    pub info: Info,
    /// Where the API is served.
    pub servers: Vec<Server>,
    /// The ways to authenticate, by name.
    pub security_schemes: IndexMap<String, SecurityScheme>,
    /// The security requirement of every operation: a list of alternatives, each naming the
    /// schemes it needs (an empty one means "no authentication").
    pub security: Vec<IndexMap<String, Vec<String>>>,
    /// The tags, in the order they are listed to readers.
    pub tags: Vec<Tag>,
    /// Parameters that several operations share, by name.
    #[serde(default)]
    pub parameters: IndexMap<String, Parameter>,
    /// Responses that several operations share, by name.
    #[serde(default)]
    pub responses: IndexMap<String, Response>,
    /// The REST operations, in the order they are documented.
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// The JSON-RPC API, for a provider that speaks JSON-RPC.
    #[serde(default)]
    pub(crate) jsonrpc: Option<JsonRpc>,
    /// What the provider posts to a subscriber.
    pub deliveries: Vec<Delivery>,
    /// Client generators that cannot serve the document, by name, each with the reason (the
    /// generator's own limit, with its version): `crates/clients` generates no client with them
    /// and says why.
    #[serde(default)]
    pub unsupported: IndexMap<String, String>,
}

impl Table {
    /// Headers with made-up credentials of the first security requirement, as `Name: value`: what
    /// a fuzzer or a smoke test authenticates with. `key` is a key of the form the provider's keys
    /// take, where they have one (`behaviour.yaml`'s `keys`).
    pub fn example_credentials(&self, key: Option<&str>) -> Vec<String> {
        use base64::Engine;
        let basic = |credentials: &str| base64::engine::general_purpose::STANDARD.encode(credentials);
        let Some(requirement) = self.security.first() else { return Vec::new() };
        requirement
            .keys()
            .filter_map(|name| match self.security_schemes.get(name)? {
                SecurityScheme::ApiKey { header, prefix, .. } => Some(format!(
                    "{header}: {}{}",
                    prefix.as_deref().unwrap_or_default(),
                    key.unwrap_or("example-key")
                )),
                // The key as the user name, or the user `example` and the password `key`.
                SecurityScheme::HttpBasic { .. } => Some(format!(
                    "Authorization: Basic {}",
                    basic(&key.map_or("example:key".to_owned(), |key| format!("{key}:")))
                )),
                SecurityScheme::HttpBearer { .. } => {
                    Some(format!("Authorization: Bearer {}", key.unwrap_or("example-key")))
                }
            })
            .collect()
    }
}

/// The document's `info`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// The document's version: `MAJOR.MINOR.PATCH`, which Cargo (semver) and Python packaging (PEP 440)
    /// both accept, as generators copy it into the packages they write.
    pub version: String,
    /// What the API is, in Markdown.
    pub description: String,
}

/// A server the API is served from.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Its URL, possibly with `{variables}`.
    pub url: String,
    /// What it is.
    pub description: String,
    /// The URL's variables.
    #[serde(default)]
    pub variables: IndexMap<String, ServerVariable>,
}

impl Server {
    /// The path of the server's URL (`/v2` of `https://api.gigapay.se/v2`), where the API's paths
    /// are served from; empty for a URL without one.
    pub fn base_path(&self) -> String {
        let rest = self.url.split_once("://").map_or(self.url.as_str(), |(_, rest)| rest);
        rest.find('/').map_or(String::new(), |slash| rest[slash..].trim_end_matches('/').to_owned())
    }
}

/// A variable of a server URL.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServerVariable {
    /// The value used when the reader gives none.
    pub default: String,
    /// What it is.
    pub description: String,
}

/// A way to authenticate.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum SecurityScheme {
    /// A key in a request header.
    ApiKey {
        /// The header's name.
        header: String,
        /// How to write it.
        description: String,
        /// What the value starts with before the key itself (`Token `), where the provider says.
        #[serde(default)]
        prefix: Option<String>,
    },
    /// HTTP Basic authentication.
    HttpBasic {
        /// What the user name and password are.
        description: String,
    },
    /// HTTP Bearer authentication: `Authorization: Bearer <token>`.
    HttpBearer {
        /// What the token is.
        description: String,
    },
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// Its name.
    pub name: String,
    /// What it groups.
    pub description: String,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ParamIn {
    /// An HTTP header (names compare case-insensitively).
    Header,
    /// A query-string parameter.
    Query,
    /// A segment of the path.
    Path,
}

impl ParamIn {
    /// The value of the parameter object's `in` field.
    pub fn key(self) -> &'static str {
        match self {
            ParamIn::Header => "header",
            ParamIn::Query => "query",
            ParamIn::Path => "path",
        }
    }
}

/// A parameter.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Where it travels.
    #[serde(rename = "in")]
    pub location: ParamIn,
    /// What it is.
    pub description: String,
    /// Whether every request must carry it.
    #[serde(default)]
    pub required: bool,
    /// Whether it is written in OpenAPI's `deepObject` style, exploded: an array as `name[]=a`.
    #[serde(default)]
    pub deep: bool,
    /// Its schema.
    pub schema: Named<serde_json::Value>,
}

/// A response.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// What it means.
    pub description: String,
    /// The schema of its JSON body, if it has one.
    #[serde(default)]
    pub body: Option<Named<serde_json::Value>>,
    /// The headers it carries, by name.
    #[serde(default)]
    pub headers: IndexMap<String, ResponseHeader>,
}

/// A header of a response.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseHeader {
    /// What it carries.
    pub description: String,
    /// The schema of its value.
    pub schema: Named<serde_json::Value>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name as an OpenAPI path item key.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
            Method::Put => "put",
            Method::Patch => "patch",
            Method::Delete => "delete",
        }
    }
}

/// A REST operation.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Its `operationId`.
    pub id: String,
    /// Its method.
    pub method: Method,
    /// Its path template, relative to the servers.
    pub path: String,
    /// The tag it is listed under.
    pub tag: String,
    /// A one-line summary.
    pub summary: String,
    /// What it does.
    pub description: String,
    /// Its parameters, in order: the name of a shared one, or one written out.
    #[serde(default)]
    pub parameters: Vec<Named<Parameter>>,
    /// Its JSON request body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Its responses by status (`200`, `2XX`, `default`): the name of a shared one, or one
    /// written out.
    pub responses: IndexMap<Status, Named<Response>>,
}

/// A JSON request body.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// What it is.
    pub description: String,
    /// Its schema.
    pub schema: Named<serde_json::Value>,
    /// Its media type: JSON unless the provider takes a form ([`FORM`]).
    #[serde(default)]
    pub media: Option<String>,
    /// The properties of a form body written in brackets (`enabled_events[]=a`, `metadata[k]=v`):
    /// OpenAPI's `deepObject` style, exploded.
    #[serde(default)]
    pub deep: Vec<String>,
    /// Whether a request must have it (it must unless said otherwise).
    #[serde(default = "always")]
    pub required: bool,
}

/// The media type of a form body.
pub const FORM: &str = "application/x-www-form-urlencoded";

fn always() -> bool {
    true
}

/// A response status as the OpenAPI `responses` map keys it: `200`, `2XX` or `default`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Status(pub String);

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl schemars::JsonSchema for Status {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A response status: `200`, `2XX` or `default`.",
            "anyOf": [
                {"type": "integer", "minimum": 100, "maximum": 599},
                {"type": "string", "pattern": "^([1-5]([0-9]{2}|XX)|default)$"}
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatusVisitor;
        impl Visitor<'_> for StatusVisitor {
            type Value = Status;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a status such as 200, 2XX or default")
            }
            fn visit_u64<E: de::Error>(self, status: u64) -> Result<Status, E> {
                Ok(Status(status.to_string()))
            }
            fn visit_str<E: de::Error>(self, status: &str) -> Result<Status, E> {
                let valid = status == "default"
                    || (status.len() == 3
                        && status.starts_with(['1', '2', '3', '4', '5'])
                        && (status[1..].chars().all(|c| c.is_ascii_digit()) || &status[1..] == "XX"));
                if valid {
                    Ok(Status(status.to_owned()))
                } else {
                    Err(E::custom(format!("`{status}` is not a status")))
                }
            }
        }
        deserializer.deserialize_any(StatusVisitor)
    }
}

/// The name of something shared (a component schema, a shared parameter or response), or the
/// thing written out in place.
#[derive(Debug, Clone, PartialEq)]
pub enum Named<T> {
    /// The name of a shared one.
    Name(String),
    /// One written out.
    Value(T),
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Named<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Named_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let written = generator.subschema_for::<T>();
        schemars::json_schema!({
            "description": "The name of a shared one (a component schema, a shared parameter or response), or one \
                            written out in place.",
            "anyOf": [{"type": "string"}, written]
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Named<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NamedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for NamedVisitor<T> {
            type Value = Named<T>;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a name, or a map")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Named<T>, E> {
                Ok(Named::Name(name.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Named<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(Named::Value)
            }
        }
        deserializer.deserialize_any(NamedVisitor(std::marker::PhantomData))
    }
}
