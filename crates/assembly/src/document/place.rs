//! Where a node stands in a document, typed: what an assertion is about, where an example or an
//! assumption mark goes. Each place displays as its JSON pointer, the identifier that messages, the
//! conformance report and the reference pages use; nothing navigates by it.

use std::fmt;

use hookspec_dialects::{Method, ParamIn};
use hookspec_toolkit::lookup::escape;
use serde_json::Value;

/// The section of a document an operation is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// `paths`: the API's operations.
    Paths,
    /// `webhooks`: the deliveries the provider makes.
    Webhooks,
    /// `x-webhooks`: the deliveries, in an OpenAPI 3.0 document.
    XWebhooks,
}

impl Section {
    /// Its key in the document.
    pub fn key(self) -> &'static str {
        match self {
            Section::Paths => "paths",
            Section::Webhooks => "webhooks",
            Section::XWebhooks => "x-webhooks",
        }
    }
}

/// An operation (or a delivery): its section, its path template (a delivery's name) and method.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OperationAt {
    /// The section.
    pub section: Section,
    /// The path template, or the `webhooks` entry's name.
    pub path: String,
    /// The method.
    pub method: Method,
}

/// A parameter: the `index`th of an operation's list, or a shared one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParameterAt {
    /// The `index`th parameter of the operation.
    Operation(OperationAt, usize),
    /// The shared parameter of that name.
    Component(String),
}

/// A response: an operation's entry for a status (which may refer to a shared one), or a shared one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ResponseAt {
    /// The operation's response for the status.
    Operation(OperationAt, String),
    /// The shared response of that name.
    Component(String),
}

/// A body: an operation's request body, or a response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BodyAt {
    /// The operation's request body.
    Request(OperationAt),
    /// A response.
    Response(ResponseAt),
}

/// A body's form in one media type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MediaAt {
    /// The body.
    pub body: BodyAt,
    /// The media type.
    pub media: String,
}

/// A place the OpenAPI document holds a JSON Schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SchemaRoot {
    /// The component schema of that name.
    Component(String),
    /// A parameter's schema.
    Parameter(ParameterAt),
    /// A body's schema in a media type.
    Media(MediaAt),
    /// The schema of a response's header.
    Header(ResponseAt, String),
}

/// A JSON Schema node: a schema of the document, and the way down to a subschema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SchemaAt {
    /// The schema of the document.
    pub root: SchemaRoot,
    /// The way from it to the node, outermost first.
    pub steps: Vec<Step>,
}

/// One step down a JSON Schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// The schema of a property, by name.
    Property(String),
    /// `items`.
    Items,
    /// `additionalProperties`.
    AdditionalProperties,
    /// `not`.
    Not,
    /// The schema at a position of a list keyword (`prefixItems`, `allOf`, `anyOf`, `oneOf`).
    Indexed(&'static str, usize),
}

/// A node of the document that an assertion is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// An operation or a delivery.
    Operation(OperationAt),
    /// A response.
    Response(ResponseAt),
    /// A response's header, by name.
    Header(ResponseAt, String),
    /// A parameter.
    Parameter(ParameterAt),
    /// That an operation takes a parameter (by location and name, wherever it is defined): a
    /// presence, which no object of the document holds.
    Presence(OperationAt, ParamIn, String),
    /// A security scheme, by name.
    SecurityScheme(String),
    /// A JSON Schema node.
    Schema(SchemaAt),
}

impl SchemaAt {
    /// The component schema `name`.
    pub fn component(name: &str) -> SchemaAt {
        SchemaAt { root: SchemaRoot::Component(name.to_owned()), steps: Vec::new() }
    }

    /// The root schema `root`.
    pub fn root(root: SchemaRoot) -> SchemaAt {
        SchemaAt { root, steps: Vec::new() }
    }

    /// The node one `step` further down.
    pub fn then(&self, step: Step) -> SchemaAt {
        let mut steps = self.steps.clone();
        steps.push(step);
        SchemaAt { root: self.root.clone(), steps }
    }

    /// The schema of the property `name` of this node.
    pub fn property(&self, name: &str) -> SchemaAt {
        self.then(Step::Property(name.to_owned()))
    }
}

impl Step {
    /// The subschema this step leads to from `schema`.
    pub fn child<'a>(&self, schema: &'a Value) -> Option<&'a Value> {
        match self {
            Step::Property(name) => schema.get("properties")?.get(name),
            Step::Indexed(keyword, index) => schema.get(*keyword)?.get(index),
            keyword => schema.get(keyword.keyword()),
        }
    }

    /// [`Step::child`], to change it.
    pub fn child_mut<'a>(&self, schema: &'a mut Value) -> Option<&'a mut Value> {
        match self {
            Step::Property(name) => schema.get_mut("properties")?.get_mut(name),
            Step::Indexed(keyword, index) => schema.get_mut(*keyword)?.get_mut(index),
            keyword => schema.get_mut(keyword.keyword()),
        }
    }

    fn keyword(&self) -> &'static str {
        match self {
            Step::Property(_) => "properties",
            Step::Items => "items",
            Step::AdditionalProperties => "additionalProperties",
            Step::Not => "not",
            Step::Indexed(keyword, _) => keyword,
        }
    }
}

impl fmt::Display for OperationAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "/{}/{}/{}", self.section.key(), escape(&self.path), self.method.key())
    }
}

impl fmt::Display for ParameterAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParameterAt::Operation(operation, index) => write!(f, "{operation}/parameters/{index}"),
            ParameterAt::Component(name) => write!(f, "/components/parameters/{}", escape(name)),
        }
    }
}

impl fmt::Display for ResponseAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseAt::Operation(operation, status) => write!(f, "{operation}/responses/{}", escape(status)),
            ResponseAt::Component(name) => write!(f, "/components/responses/{}", escape(name)),
        }
    }
}

impl fmt::Display for BodyAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyAt::Request(operation) => write!(f, "{operation}/requestBody"),
            BodyAt::Response(response) => response.fmt(f),
        }
    }
}

impl fmt::Display for MediaAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/content/{}", self.body, escape(&self.media))
    }
}

impl fmt::Display for SchemaRoot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaRoot::Component(name) => write!(f, "/components/schemas/{}", escape(name)),
            SchemaRoot::Parameter(parameter) => write!(f, "{parameter}/schema"),
            SchemaRoot::Media(media) => write!(f, "{media}/schema"),
            SchemaRoot::Header(response, name) => write!(f, "{response}/headers/{}/schema", escape(name)),
        }
    }
}

impl fmt::Display for SchemaAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)?;
        for step in &self.steps {
            match step {
                Step::Property(name) => write!(f, "/properties/{}", escape(name))?,
                Step::Indexed(keyword, index) => write!(f, "/{keyword}/{index}")?,
                other => write!(f, "/{}", other.keyword())?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Operation(operation) => operation.fmt(f),
            Node::Response(response) => response.fmt(f),
            Node::Header(response, name) => write!(f, "{response}/headers/{}", escape(name)),
            Node::Parameter(parameter) => parameter.fmt(f),
            Node::Presence(operation, location, name) => {
                write!(f, "{operation}/parameters/{}/{}", location.key(), name.to_ascii_lowercase())
            }
            Node::SecurityScheme(name) => write!(f, "/components/securitySchemes/{}", escape(name)),
            Node::Schema(schema) => schema.fmt(f),
        }
    }
}
