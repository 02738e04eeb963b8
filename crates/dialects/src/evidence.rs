//! What providers document, as checkable facts.
//!
//! Provider documentation is the ground truth, and it is sometimes wrong. Each [`Claim`] records
//! one documented fact with its [`Source`]. The spec assembly checks every claim against the
//! generated document: a claim that does not hold must carry an erratum saying what the docs get
//! wrong and what the document models instead, and an erratum on a claim that holds is an error
//! too, so the list of errata can never go stale.

/// Where in the provider's documentation a fact was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The documentation file (a seed under `shared/seeds/`, or a public page).
    pub document: &'static str,
    /// The section heading.
    pub section: &'static str,
    /// The part of the section: a code sample, a table, a JSON block.
    pub part: &'static str,
}

/// A documented JSON text stored verbatim in the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixture {
    /// The file's path from the workspace root, for messages.
    pub path: &'static str,
    /// The file's contents.
    pub text: &'static str,
}

/// Embeds `crates/dialects/fixtures/<name>` as a [`Fixture`].
#[macro_export]
macro_rules! fixture {
    ($name:literal) => {
        $crate::Fixture {
            path: concat!("crates/dialects/fixtures/", $name),
            text: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/", $name)),
        }
    };
}

/// An HTTP method as documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// The place in the API a JSON body belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The request body of an operation.
    Request {
        /// The operation's `operationId`.
        operation: &'static str,
    },
    /// A response body of an operation.
    Response {
        /// The operation's `operationId`.
        operation: &'static str,
        /// The HTTP status the body is answered with.
        status: u16,
    },
    /// Properties of a component schema: the example is an object whose members are each an
    /// example of the schema's property of the same name.
    Properties {
        /// The component schema's name.
        schema: &'static str,
    },
}

/// A single documented fact, in a form the spec assembly can check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    /// A JSON example, which must validate against the schema at `at` and is embedded there
    /// under `name`.
    Example {
        /// The example's key in the document, unique within the dialect.
        name: &'static str,
        /// The example, verbatim.
        fixture: Fixture,
        /// Where it belongs.
        at: Place,
        /// The component schema the example documents, when the body at `at` is a union
        /// (`oneOf`/`anyOf`) of them: the example is validated against this alternative, which
        /// must be one of the union's.
        schema: Option<&'static str>,
    },
    /// A request line (an "HTTP Request" line or a code sample's target), which must resolve,
    /// through one of the servers and path templates, to `operation`. A `:name` segment is a
    /// path placeholder.
    Request {
        /// The operation the docs present it for.
        operation: &'static str,
        /// The method.
        method: Method,
        /// The absolute URL.
        url: &'static str,
    },
    /// A row of a parameter table, which must match the operation's parameter (or, for a header
    /// that carries credentials, its security requirement).
    Parameter {
        /// The operation the table belongs to.
        operation: &'static str,
        /// Where the parameter travels.
        location: ParamIn,
        /// The parameter's name.
        name: &'static str,
        /// Whether the table marks it required.
        required: bool,
        /// The documented default, as JSON text, where the table gives a literal one.
        default: Option<&'static str>,
        /// The documented JSON Schema type (`string`, `integer`, `boolean`), where the table
        /// gives one.
        schema_type: Option<&'static str>,
    },
    /// A row of a request-body table, which must match a property of the request schema.
    BodyField {
        /// The operation the table belongs to.
        operation: &'static str,
        /// The property's name.
        name: &'static str,
        /// Whether the table marks it required.
        required: bool,
    },
    /// A "structure" block: the JSON shape of a body with type names in place of values
    /// (`"count": integer`, `"id": "string"`, `"enabled": boolean`). Its property names must be
    /// the schema's, and each type must be one the schema allows.
    Structure {
        /// The block, verbatim.
        fixture: Fixture,
        /// The body it describes.
        at: Place,
    },
    /// A documented exchange: the response example must echo the path parameters of `url` and
    /// every top-level field of the request example.
    Echo {
        /// The operation of the exchange.
        operation: &'static str,
        /// The request URL of the exchange.
        url: &'static str,
        /// The name of the request example, if the request has a body.
        request: Option<&'static str>,
        /// The name of the response example.
        response: &'static str,
    },
    /// A flaw in the documentation that no check can express; always an erratum.
    Observation {
        /// What the documentation says.
        text: &'static str,
    },
}

/// A documented fact with its sources and, when the docs are wrong, the erratum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Where the fact is documented; the first is the primary source.
    pub sources: Vec<Source>,
    /// The fact.
    pub fact: Fact,
    /// When the fact does not hold: what the documentation gets wrong and what the document
    /// models instead.
    pub erratum: Option<&'static str>,
}

impl Claim {
    /// A fact documented at `source`.
    pub fn new(source: Source, fact: Fact) -> Self {
        Claim { sources: vec![source], fact, erratum: None }
    }

    /// The same fact documented again at `source`.
    pub fn also(mut self, source: Source) -> Self {
        self.sources.push(source);
        self
    }

    /// Marks the fact as a documentation erratum, explained by `why`.
    pub fn erratum(mut self, why: &'static str) -> Self {
        self.erratum = Some(why);
        self
    }
}
