//! hookspec's typed model of the OpenAPI documents it publishes: what [`crate::openapi`] renders,
//! what [`crate::conformance`] checks and completes, and what the 3.0 conversion, the quality bar,
//! OpenRPC and the reference pages read.
//!
//! utoipa's builders make the skeleton, which [`crate::openapi::render`] reads into this model;
//! from there the document stays typed. hookspec's extensions are typed fields: a delivery's signature scheme on its header
//! parameter ([`Parameter::signature`]), its retry schedule and the delivery it was published for
//! ([`Operation::retries`], [`Operation::delivery`]), and the assumptions marked where they stand
//! ([`Marks`]). JSON Schema nodes are JSON Schema documents, kept as [`Value`]: utoipa's `Schema`
//! cannot hold 2020-12 (`prefixItems`, type arrays, `const`, `not`, `x-extensible-enum`) exactly.
//!
//! Fields are declared in the order utoipa writes them, so a document serialises to the same bytes
//! it did when it was patched as JSON; every object refuses a field it does not model, so nothing
//! is dropped silently when a document is read ([`OpenApi`] reads back what it writes).

mod navigate;
mod place;
mod text;

use std::collections::BTreeMap;

use hookspec_dialects::ParamIn;
use hookspec_dialects::table::Retries;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use navigate::{Found, NodeMut, reference};
pub use place::{
    BodyAt, MediaAt, Node, OperationAt, ParameterAt, ResponseAt, SchemaAt, SchemaRoot, Section, Step,
};
pub use text::MarksByNode;

/// The extension that marks an assumption where it stands: keyword to what is assumed and why.
pub const ASSUMED: &str = "x-hookspec-assumed";

/// The assumptions marked on a node (`x-hookspec-assumed`): the keyword each is about, and what
/// is assumed and why, in the order they were marked.
pub type Marks = IndexMap<String, String>;

/// A security requirement: the schemes it needs, each with its scopes.
pub type SecurityRequirement = IndexMap<String, Vec<String>>;

/// An OpenAPI document: 3.1, or 3.0.3 once converted (deliveries then in `x-webhooks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenApi {
    /// The OpenAPI version.
    pub openapi: String,
    /// Title, description and version of the API.
    pub info: Info,
    /// Where the API is served.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<Server>>,
    /// The operations, by path template.
    #[serde(default)]
    pub paths: IndexMap<String, PathItem>,
    /// The deliveries the provider makes (OpenAPI 3.1), by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhooks: Option<IndexMap<String, PathItem>>,
    /// The deliveries of an OpenAPI 3.0 document, which has no `webhooks`.
    #[serde(rename = "x-webhooks", default, skip_serializing_if = "Option::is_none")]
    pub x_webhooks: Option<IndexMap<String, PathItem>>,
    /// The shared schemas, responses, parameters and security schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Components>,
    /// The security requirements of every operation that states none: alternatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// The tags operations are grouped by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    /// The default JSON Schema dialect (3.1 only); hookspec writes none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_schema_dialect: Option<String>,
}

/// The document's `info`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// The API's title.
    pub title: String,
    /// What the API is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The document's version.
    pub version: String,
}

/// A server the API is served from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Its URL, a template over its variables.
    pub url: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The variables of its URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<IndexMap<String, ServerVariable>>,
}

/// A variable of a server's URL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerVariable {
    /// Its value when none is chosen.
    pub default: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The operations of one path (or one `webhooks` entry), by method.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathItem {
    /// GET.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    /// PUT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    /// POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    /// DELETE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
    /// PATCH.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
}

/// An operation, or a delivery.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Operation {
    /// The tags it is grouped under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// What it does, in a line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// What it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Its parameters, each written out or a reference to a shared one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<RefOr<Parameter>>>,
    /// Its request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Its responses, by status, each written out or a reference to a shared one.
    #[serde(default)]
    pub responses: IndexMap<String, RefOr<Response>>,
    /// Its security requirements, when they are not the document's: alternatives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// For a `webhooks` entry published for one event of a delivery: the delivery's name.
    #[serde(rename = "x-hookspec-delivery", default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// For a delivery: when the provider retries a failed one.
    #[serde(
        rename = "x-hookspec-retries",
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "as_json"
    )]
    pub retries: Option<Retries>,
    /// The assumptions marked here.
    #[serde(rename = "x-hookspec-assumed", default, skip_serializing_if = "Marks::is_empty")]
    pub assumed: Marks,
}

/// A reference to a shared component (`$ref`), or the object written out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RefOr<T> {
    /// A reference.
    Ref(Reference),
    /// The object itself.
    Item(T),
}

/// A `$ref` to a component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The component's JSON pointer, as a URI fragment (`#/components/responses/NotFound`).
    #[serde(rename = "$ref")]
    pub target: String,
}

impl Reference {
    /// The name of the component of the section `section` (`responses`, `parameters`) it refers to.
    pub fn component(&self, section: &str) -> Option<&str> {
        self.target.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')
    }
}

/// A parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Its name.
    pub name: String,
    /// Where it travels.
    #[serde(rename = "in")]
    pub location: ParamIn,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether every request carries it.
    pub required: bool,
    /// Its values' JSON Schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// How it is written (`deepObject`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<Style>,
    /// Whether each member of a value is written as a parameter of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
    /// On a delivery's signature header: the signature scheme as data.
    #[serde(rename = "x-hookspec-signature", default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
    /// The assumptions marked here.
    #[serde(rename = "x-hookspec-assumed", default, skip_serializing_if = "Marks::is_empty")]
    pub assumed: Marks,
}

impl Parameter {
    /// Whether this is the parameter `name` in `location` (a header's name ignores case).
    pub fn is(&self, location: ParamIn, name: &str) -> bool {
        self.location == location
            && match location {
                ParamIn::Header => self.name.eq_ignore_ascii_case(name),
                _ => self.name == name,
            }
    }
}

/// How a parameter or a form field is serialised, where it is not its location's default: the
/// only style hookspec writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Style {
    /// `name[key]=value`.
    DeepObject,
}

/// A signature scheme as data (`x-hookspec-signature`): the scheme itself, the same value the
/// signer and verifier use, and for a timestamped scheme the tolerance hookspec's verifier applies,
/// with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The scheme.
    pub scheme: hookspec_signature::Scheme,
    /// For a timestamped scheme: the seconds a signed timestamp may be from the receiver's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_seconds: Option<u64>,
    /// Where the tolerance comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_source: Option<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its forms, by media type.
    pub content: IndexMap<String, MediaType>,
    /// Whether every request carries one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

/// A body in one media type: its schema, its examples, and how its form fields are written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediaType {
    /// Its JSON Schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// Its examples, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub examples: IndexMap<String, Example>,
    /// How each form field is written, by field.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub encoding: IndexMap<String, Encoding>,
}

/// An example of a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// What it is, in a line.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The example.
    pub value: Value,
}

/// How a form field is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Encoding {
    /// Its style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<Style>,
    /// Whether each member is written as a field of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explode: Option<bool>,
}

/// A response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Its headers, by name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub headers: IndexMap<String, Header>,
    /// Its body, by media type.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
    /// The assumptions marked here.
    #[serde(rename = "x-hookspec-assumed", default, skip_serializing_if = "Marks::is_empty")]
    pub assumed: Marks,
}

/// A response header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Its values' JSON Schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Value>,
    /// What it carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The assumptions marked here.
    #[serde(rename = "x-hookspec-assumed", default, skip_serializing_if = "Marks::is_empty")]
    pub assumed: Marks,
}

/// The shared parts of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Components {
    /// The component schemas, by name: JSON Schema 2020-12, sorted by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Value>,
    /// The shared responses.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub responses: IndexMap<String, Response>,
    /// The shared parameters.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub parameters: IndexMap<String, Parameter>,
    /// The security schemes.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub security_schemes: IndexMap<String, SecurityScheme>,
}

/// How a request authenticates: an API key in a header, or an HTTP scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityScheme {
    /// Which kind.
    #[serde(rename = "type")]
    pub kind: SecurityKind,
    /// For an API key: where it travels.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ParamIn>,
    /// For an API key: the header that carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For HTTP: the scheme (`basic`, `bearer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// What to send.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The assumptions marked here.
    #[serde(rename = "x-hookspec-assumed", default, skip_serializing_if = "Marks::is_empty")]
    pub assumed: Marks,
}

/// The kinds of security scheme hookspec's documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecurityKind {
    /// An API key.
    #[serde(rename = "apiKey")]
    ApiKey,
    /// An HTTP authentication scheme.
    #[serde(rename = "http")]
    Http,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    /// Its name.
    pub name: String,
    /// What its operations have in common.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Writes `value` as its JSON: an enum variant as a map (`doubling: {...}`) in every format, where
/// YAML would write a tag (`!doubling`).
fn as_json<T: Serialize, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(value).map_err(serde::ser::Error::custom)?.serialize(serializer)
}
