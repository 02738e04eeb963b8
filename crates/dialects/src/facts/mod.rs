//! What providers document, as checkable facts, and what hookspec assumes where they are silent,
//! read from each provider's `facts.yaml`.
//!
//! Provider documentation is the ground truth, and it is sometimes wrong. Each [`Claim`] records
//! one documented fact with its [`Source`]. The assembly checks every claim against the generated
//! document: a claim that does not hold must carry an erratum (the documentation contradicts
//! itself: what it gets wrong and what the document models instead), and an erratum on a claim
//! that holds is an error too, so the list of errata can never go stale.
//!
//! The check also runs the other way: every status, parameter, required flag and constraint the
//! document states must be backed by a claim that holds, or be an [`Assumption`], declared with
//! its reason where the documentation is silent.
//!
//! In `facts.yaml`, `pages` names the public pages cited; `facts` has one row per documented fact
//! (a row per row of a documented table): `from: [page, section, part]`, optionally `also`
//! (further sources) and `erratum`, and exactly one of the fact kinds; `assumptions` lists what
//! the document states that no page does.

use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

use crate::data::Folder;
use crate::table::{Method, ParamIn, Signed};
use hookspec_problem::Problem;

mod assumptions;
mod catalogue;
mod context;
pub mod inventory;
pub(crate) mod rows;

pub use crate::fixture::{Fixture, Repair};
pub use inventory::{Captured, PageExample, ReadPage, RepoSource};

/// A public page of the provider's documentation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// What the page is, as a reader would name it.
    pub title: String,
    /// Its address.
    pub url: String,
}

/// Where in the provider's documentation a fact was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The public page.
    pub page: Page,
    /// The section heading.
    pub section: String,
    /// The part of the section: a code sample, a table, a JSON block.
    pub part: String,
}

/// The place in the API a JSON body belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The request body of an operation.
    Request {
        /// The operation's `operationId`.
        operation: String,
    },
    /// A response body of an operation.
    Response {
        /// The operation's `operationId`.
        operation: String,
        /// The HTTP status the body is answered with.
        status: u16,
    },
    /// Properties of a component schema: the example is an object whose members are each an
    /// example of the schema's property of the same name.
    Properties {
        /// The component schema's name.
        schema: String,
    },
    /// An instance of a component schema (an event's payload): validated against it, and
    /// embedded among its `examples`.
    Schema {
        /// The component schema's name.
        schema: String,
    },
}

/// Whether a documented field must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Always.
    Yes,
    /// Never.
    No,
    /// When the other fields that may stand in for it are absent ("required if no X is given").
    Either,
}

impl schemars::JsonSchema for Required {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Required".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Whether the field must be present: true, false, or `either` (when the fields that may \
                            stand in for it are absent).",
            "anyOf": [{"type": "boolean"}, {"const": "either"}]
        })
    }
}

impl<'de> Deserialize<'de> for Required {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Bool(true) => Ok(Required::Yes),
            Value::Bool(false) => Ok(Required::No),
            Value::String(word) if word == "either" => Ok(Required::Either),
            other => Err(de::Error::custom(format!("`required` is true, false or either, not {other}"))),
        }
    }
}

/// The constraints a documentation states for one value (a parameter, a field, a schema). Each is
/// checked against the document, and only those given are: the document's other constraints
/// need their own source, or an assumption.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    /// The JSON type (`string`, `integer`, `boolean`, `object`, `array`).
    pub schema_type: Option<String>,
    /// Whether null is allowed.
    pub nullable: Option<bool>,
    /// The format (`uri`, `uuid`, `date-time`).
    pub format: Option<String>,
    /// The default value.
    pub default: Option<Value>,
    /// The allowed values.
    pub values: Option<Vec<Value>>,
    /// The smallest value.
    pub minimum: Option<Value>,
    /// The largest value.
    pub maximum: Option<Value>,
    /// The shortest length.
    pub min_length: Option<u64>,
    /// The longest length.
    pub max_length: Option<u64>,
    /// The pattern it matches.
    pub pattern: Option<String>,
    /// Whether the documentation marks it deprecated.
    pub deprecated: Option<bool>,
}

impl Constraints {
    /// The OpenAPI keyword and documented value of each constraint given, in a fixed order.
    pub fn keywords(&self) -> Vec<(&'static str, Value)> {
        let mut keywords = Vec::new();
        let mut push = |keyword: &'static str, value: Option<Value>| {
            if let Some(value) = value {
                keywords.push((keyword, value));
            }
        };
        push("format", self.format.clone().map(Value::String));
        push("default", self.default.clone());
        push("enum", self.values.clone().map(Value::Array));
        push("minimum", self.minimum.clone());
        push("maximum", self.maximum.clone());
        push("minLength", self.min_length.map(Value::from));
        push("maxLength", self.max_length.map(Value::from));
        push("pattern", self.pattern.clone().map(Value::String));
        push("deprecated", self.deprecated.map(Value::Bool));
        keywords
    }
}

/// Whose responses a status belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Responder {
    /// An operation of the API, by `operationId`.
    Operation(String),
    /// A delivery, by its name under `webhooks`: the subscriber's answer.
    Delivery(String),
}

/// Which schema a documented field belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldOf {
    /// The request body of an operation.
    Body(String),
    /// A component schema.
    Schema(String),
}

/// A single documented fact, in a form the assembly can check.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// A JSON example, which must validate against the schema at `at` and is embedded there
    /// under `name`.
    Example {
        /// The example's key in the document, unique within its place.
        name: String,
        /// The example, verbatim.
        fixture: Fixture,
        /// Where it belongs.
        at: Place,
        /// The component schema the example documents, when the body at `at` is a union of them:
        /// the example is validated against this alternative, which must be one of the union's.
        schema: Option<String>,
        /// Protocol-level faults to correct before embedding (a JSON pointer in the example and
        /// the value it must have): the example is embedded corrected, and says so.
        corrected: Vec<(String, Value)>,
    },
    /// A request line (an "HTTP Request" line or a code sample's target), which must resolve,
    /// through one of the servers and path templates, to `operation`. A `:name` segment is a
    /// path placeholder.
    Request {
        /// The operation the docs present it for.
        operation: String,
        /// The method.
        method: Method,
        /// The absolute URL.
        url: String,
    },
    /// A row of a parameter table, which must match the operation's parameter (or, for a header
    /// that carries credentials, its security requirement).
    Parameter {
        /// The operation the table belongs to.
        operation: String,
        /// Where the parameter travels.
        location: ParamIn,
        /// The parameter's name.
        name: String,
        /// Whether the table marks it required.
        required: bool,
        /// What the table says of its value.
        constraints: Constraints,
    },
    /// A documented field of a body or schema (or, without a name, the schema itself).
    Field {
        /// Whose field it is.
        of: FieldOf,
        /// The property's name; `None` for the schema itself.
        name: Option<String>,
        /// Whether it must be present, where the documentation says.
        required: Option<Required>,
        /// What the documentation says of its value.
        constraints: Constraints,
        /// What the documentation says it is, in its words: the property's description.
        description: Option<String>,
    },
    /// A "structure" block: the JSON shape of a body with type names in place of values
    /// (`"count": integer`, `"id": "string"`, `"enabled": boolean`). Its property names must be
    /// the schema's, each type one the schema allows; the fields it lists are documented present.
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
        operation: String,
        /// The request URL of the exchange.
        url: String,
        /// The name of the request example, if the request has a body.
        request: Option<String>,
        /// The name of the response example.
        response: String,
    },
    /// A header a response carries.
    ResponseHeader {
        /// The operation.
        operation: String,
        /// The status of the response.
        status: String,
        /// The header's name.
        name: String,
    },
    /// A documented response status.
    Status {
        /// Whose response it is.
        of: Responder,
        /// The status: `201`, `2XX`.
        status: String,
    },
    /// How the provider signs a delivery.
    Signature {
        /// The delivery.
        delivery: String,
        /// The signature header.
        header: String,
        /// The header's value as the provider documents it (an example, or its format with each
        /// value written `<...>`), quoted: every prefix, field and separator of the scheme's format
        /// must be in it, and nothing else.
        format: Option<String>,
        /// What the MAC covers, as a template over `{id}`, `{timestamp}` and `{body}`, where
        /// documented.
        signed: Option<String>,
        /// How old (or early) a timestamp a receiver accepts, in seconds, where documented.
        tolerance: Option<u64>,
        /// How it is written.
        encoding: hookspec_signature::Encoding,
        /// Which deliveries carry it.
        sent: Signed,
    },
    /// When a failed delivery is retried, as far as the provider says: each part given is checked
    /// against the delivery's `x-hookspec-retries`.
    Retries {
        /// The delivery.
        delivery: String,
        /// How many retries.
        count: Option<u32>,
        /// The delay before each retry, in seconds.
        delays: Option<Vec<u64>>,
        /// The seconds between retries, at a fixed interval.
        every: Option<u64>,
        /// How long retries at a fixed interval go on, in seconds.
        lasting: Option<u64>,
        /// Whether the delay grows exponentially.
        exponential: bool,
    },
    /// How a request authenticates.
    Security {
        /// The security scheme's name in the document.
        scheme: String,
        /// The header that carries the credentials of an API key, or `None` for HTTP
        /// authentication.
        header: Option<String>,
        /// The HTTP authentication scheme (`basic`, `bearer`) when there is no header; `basic`
        /// unless given.
        http: Option<String>,
    },
    /// A documented JSON-RPC method and its positional parameters.
    Method {
        /// The method's name.
        name: String,
        /// The parameters' names in order, or `None` where they are not documented.
        params: Option<Vec<String>>,
    },
    /// Something the documentation says that the document repeats in a description: the words
    /// must appear in one. Where the statement is what an assertion of the document rests on (that
    /// every delivery names its event), it backs that assertion.
    Statement {
        /// The words, as the document has them.
        text: String,
        /// The assertions it backs, named as assumptions name theirs.
        backs: Vec<Target>,
    },
    /// A flaw in the documentation that no check can express; always an erratum.
    Observation {
        /// What the documentation says.
        text: String,
    },
}

/// The source's own words that state a fact, verbatim, and the page they are on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The page, by its key under `pages` in `facts.yaml`.
    pub page: String,
    /// The words.
    pub text: String,
}

/// A documented fact with its sources and, when the docs contradict themselves, the erratum.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Where the fact is documented; the first is the primary source.
    pub sources: Vec<Source>,
    /// The sources' own words that state it.
    pub quotes: Vec<Quote>,
    /// The fact.
    pub fact: Fact,
    /// When the fact does not hold: what the documentation gets wrong and what the document
    /// models instead.
    pub erratum: Option<String>,
    /// The file and line it is declared at, for messages.
    pub declared: String,
}

/// What an assumption is about: a place in the document, named as the facts name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A response status of an operation or delivery.
    Status(Responder, String),
    /// That an operation takes a parameter, or (with a keyword) one of the parameter's keywords:
    /// `required`, or a constraint keyword of its schema.
    Parameter {
        /// The operation or delivery.
        of: Responder,
        /// Where the parameter travels.
        location: ParamIn,
        /// Its name.
        name: String,
        /// The keyword, or `None` for the parameter itself.
        keyword: Option<String>,
    },
    /// A part of a delivery's retry schedule: `count`, `delays`, `every`, `backoff` or
    /// `first_delay`.
    Retries {
        /// The delivery.
        delivery: String,
        /// The part.
        keyword: String,
    },
    /// A security scheme, by its name in the document.
    SecurityScheme(String),
    /// A keyword of a component schema or of one of its properties: `required`, or a constraint.
    Schema {
        /// The component schema.
        schema: String,
        /// The property, or `None` for the schema itself.
        property: Option<String>,
        /// The keyword.
        keyword: String,
    },
}

/// Something the document states that the provider does not document, and why it is the best
/// reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assumption {
    /// Where it stands: one place, or the same place in several operations.
    pub at: Vec<Target>,
    /// What is assumed, in a sentence.
    pub assumed: String,
    /// Why it is the best reading of what the provider documents.
    pub because: String,
    /// The file and line it is declared at, for messages.
    pub declared: String,
}

/// Everything a provider folder's `facts.yaml` holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The public pages, by the key facts cite them with: the source inventory.
    pub pages: indexmap::IndexMap<String, ReadPage>,
    /// The documented facts.
    pub claims: Vec<Claim>,
    /// The assumptions.
    pub assumptions: Vec<Assumption>,
    /// What newer revisions of the documentation changed: history, not errata.
    pub changes: Vec<Change>,
}

/// What a newer revision of the documentation changed: the document follows the newer one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed, in a sentence.
    pub what: String,
    /// The older revision's words.
    pub was: Revision,
    /// The newer revision's words.
    pub now: Revision,
    /// When: the commit (and its date) or the date of the change.
    pub changed: String,
    /// The file and line it is declared at, for messages.
    pub declared: String,
}

/// One revision's words: the page (its key under `pages`) and the quote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// The page, by its key under `pages`.
    pub page: String,
    /// Its words, verbatim.
    pub quote: String,
}

/// An example claim whose documented JSON does not parse, read as `repair` says: the example, and
/// an erratum saying what is wrong with the documented JSON. Fails when a replacement names text
/// the fixture does not hold.
fn repaired(mut example: Claim, repair: Option<&Repair>) -> Result<Vec<Claim>, Problem> {
    let Some(repair) = repair else { return Ok(vec![example]) };
    let Fact::Example { fixture, .. } = &mut example.fact else { return Ok(vec![example]) };
    fixture.repair = Some(repair.clone());
    if let Some(missing) = fixture.missing_replacement() {
        return Err(Problem {
            at: fixture.path(),
            line: None,
            column: None,
            message: format!("the repair replaces `{missing}`, which the fixture does not hold"),
        });
    }
    let observation = Claim {
        fact: Fact::Observation {
            text: format!("The documented JSON of `{}` does not parse.", fixture.file.name),
        },
        erratum: Some(repair.erratum.clone()),
        ..example.clone()
    };
    Ok(vec![observation, example])
}

/// The facts of the provider folder `folder`, from its `facts.yaml` and `fixtures/`, and the
/// samples of its event catalogue. Every
/// fixture must be cited by a fact, and listed in the inventory of a page the fact cites.
pub fn load(folder: &Folder, catalogue: &crate::events::Catalogue) -> Result<Facts, Problem> {
    let file = folder.required("facts.yaml")?;
    let mut facts = rows::read(file, folder, Some(catalogue))?;
    inventory::check(file, folder, &facts.pages, &facts.claims)?;
    // What `cargo xtask import` wrote from the provider's own description: its pages are the
    // description's files, and its facts cite them by pointer.
    if let Some(imported) = folder.file("description/facts.yaml") {
        let more = rows::read(imported, folder, None)?;
        inventory::check(imported, folder, &more.pages, &more.claims)?;
        for (key, page) in more.pages {
            if facts.pages.insert(key.clone(), page).is_some() {
                return Err(Problem::new(
                    imported.path(),
                    format!("the page `{key}` is also listed in {}", file.path()),
                ));
            }
        }
        facts.claims.extend(more.claims);
        facts.assumptions.extend(more.assumptions);
        facts.changes.extend(more.changes);
    }
    for fixture in folder.under("fixtures/") {
        let cited = facts.claims.iter().any(|claim| match &claim.fact {
            Fact::Example { fixture: cited, .. } | Fact::Structure { fixture: cited, .. } => {
                cited.file == fixture
            }
            _ => false,
        });
        if !cited {
            return Err(Problem {
                at: fixture.path(),
                line: None,
                column: None,
                message: format!("no fact in {} cites this fixture", file.path()),
            });
        }
    }
    Ok(facts)
}
