//! Checks a dialect's documented facts against its document, both ways, and embeds the documented
//! examples.
//!
//! One way: every claim either holds or carries an erratum. A claim that does not hold without an
//! erratum is a disagreement between the document and the provider's documentation; an erratum on
//! a claim that holds is stale. Both are problems, so the report can only list real errata.
//!
//! The other way ([`provenance`]): every assertion of the document (a status, a parameter, a
//! required flag, a constraint) is backed by a claim that holds, or is a declared assumption. An
//! assertion that is neither, an assumption that names nothing the document states, and an
//! assumption that a claim makes unnecessary are problems too.

mod evaluate;
pub mod provenance;
mod shapes;
mod verdict;

use std::collections::BTreeSet;
use std::fmt;

use hookspec_dialects::facts::{Assumption, Constraints, Facts, FieldOf, Required, Responder};
use hookspec_dialects::table::{JsonRpc, Signed};
use hookspec_dialects::{Claim, Fact, Place, Source};
use serde_json::Value;

use evaluate::{Examples, example_key};
use verdict::Evaluation;
pub use verdict::parse_fixture;

use crate::Problem;
use crate::document::{Example, Node, OpenApi, SchemaAt};

/// One thing the document states: a keyword (`status`, `parameter`, `required`, `maxLength`, ...)
/// at a node. Two assertions are the same when their pointer and keyword are.
#[derive(Debug, Clone)]
pub struct Assertion {
    /// Where, as an identifier: the node's JSON pointer (for a parameter's presence, its operation's
    /// pointer followed by `/parameters/<in>/<name>`).
    pub pointer: String,
    /// What is stated there.
    pub keyword: String,
    /// Where, typed: where a mark for it goes.
    pub node: Node,
}

impl Assertion {
    /// `keyword` at `node`.
    pub fn new(node: Node, keyword: impl Into<String>) -> Self {
        Assertion { pointer: node.to_string(), keyword: keyword.into(), node }
    }

    fn key(&self) -> (&str, &str) {
        (&self.pointer, &self.keyword)
    }
}

impl PartialEq for Assertion {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Assertion {}

impl PartialOrd for Assertion {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Assertion {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl std::hash::Hash for Assertion {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl fmt::Display for Assertion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` at `{}`", self.keyword, self.pointer)
    }
}

/// The outcome of checking one claim.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The claim.
    pub claim: Claim,
    /// How the claim maps onto the document (where an example was embedded, which operation a
    /// URL reaches), for the report.
    pub detail: String,
    /// What does not hold, for a claim that is an erratum.
    pub mismatch: Option<String>,
    /// The assertions of the document the claim backs.
    pub backs: Vec<Assertion>,
}

/// An assumption, and the assertions it stands for.
#[derive(Debug, Clone)]
pub struct Assumed {
    /// The assumption.
    pub assumption: Assumption,
    /// What it stands for in the document.
    pub assertions: Vec<Assertion>,
}

/// Every claim and assumption of a dialect, checked.
#[derive(Debug, Clone)]
pub struct Conformance {
    /// The public pages read: the source inventory.
    pub pages: indexmap::IndexMap<String, hookspec_dialects::facts::ReadPage>,
    /// The checked claims, in the dialect's order.
    pub checked: Vec<Checked>,
    /// The assumptions, in the dialect's order.
    pub assumed: Vec<Assumed>,
    /// How many assertions the document makes.
    pub assertions: usize,
}

impl Conformance {
    /// The claims that are documentation errata.
    pub fn errata(&self) -> impl Iterator<Item = &Checked> {
        self.checked.iter().filter(|checked| checked.mismatch.is_some())
    }

    /// Each source of `claim`, with the quotes from its page (a page cited twice carries its quotes
    /// at its first citation).
    pub fn quoted<'c>(&self, claim: &'c Claim) -> Vec<(&'c Source, Vec<&'c str>)> {
        let mut quoted: Vec<(&Source, Vec<&str>)> = Vec::new();
        for source in &claim.sources {
            let first = !quoted.iter().any(|(earlier, _)| earlier.page == source.page);
            let quotes = claim
                .quotes
                .iter()
                .filter(|quote| {
                    first
                        && self.pages.get(&quote.page).is_some_and(|page| {
                            page.url == source.page.url && page.title == source.page.title
                        })
                })
                .map(|quote| quote.text.as_str())
                .collect();
            quoted.push((source, quotes));
        }
        quoted
    }

    /// The sources of `claim` as Markdown, each followed by the words quoted from it.
    pub fn cite_quoted(&self, claim: &Claim) -> String {
        self.quoted(claim)
            .into_iter()
            .map(|(source, quotes)| {
                let mut cited = cite(std::slice::from_ref(source));
                for quote in quotes {
                    cited.push_str(&format!(": “{}”", collapse(quote)));
                }
                cited
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// `text` with every run of whitespace one space.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Formats sources for messages, the report and the document: the page as a link, the section and
/// the part.
pub fn cite(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|source| {
            format!("[{}]({}), \"{}\", {}", source.page.title, source.page.url, source.section, source.part)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A short description of what a fact states.
pub fn describe(fact: &Fact) -> String {
    match fact {
        Fact::Example { name, at, schema, .. } => format!(
            "example `{name}` at {}{}",
            place(at),
            schema.as_ref().map(|schema| format!(" as `{schema}`")).unwrap_or_default()
        ),
        Fact::Request { method, url, .. } => format!("`{} {url}`", method.key().to_uppercase()),
        Fact::Parameter { operation, location, name, required, constraints } => format!(
            "{operation}: {} parameter `{name}`, {}{}",
            location.key(),
            if *required { "required" } else { "optional" },
            describe_constraints(constraints)
        ),
        Fact::Field { of, name, required, constraints, .. } => {
            let owner = match of {
                FieldOf::Body(operation) => format!("{operation} request body"),
                FieldOf::Schema(schema) => format!("`{schema}`"),
            };
            let field =
                name.as_ref().map_or_else(|| owner.clone(), |name| format!("{owner}: field `{name}`"));
            let required = match required {
                Some(Required::Yes) => ", required",
                Some(Required::No) => ", optional",
                Some(Required::Either) => ", required unless another field stands in for it",
                None => "",
            };
            format!("{field}{required}{}", describe_constraints(constraints))
        }
        Fact::Echo { operation, url, .. } => {
            format!("{operation}: the response to `{url}` echoes the request")
        }
        Fact::Structure { at, .. } => format!("structure of {}", place(at)),
        Fact::ResponseHeader { operation, status, name } => {
            format!("{operation}: the {status} response carries `{name}`")
        }
        Fact::Status { of, status } => match of {
            Responder::Operation(operation) => format!("{operation} answers {status}"),
            Responder::Delivery(delivery) => format!("{delivery}: the subscriber's {status} answer"),
        },
        Fact::Signature { delivery, header, format, signed, tolerance, encoding, sent } => format!(
            "{delivery}: signed in `{header}`{}, {}{}, {}{}",
            format.as_ref().map(|format| format!(" as `{format}`")).unwrap_or_default(),
            encoding.name(),
            signed.as_ref().map(|signed| format!(", over `{signed}`")).unwrap_or_default(),
            match sent {
                Signed::Always => "on every delivery",
                Signed::WhenSecret => "when the webhook has a secret",
            },
            tolerance.map(|seconds| format!(", timestamps accepted within {seconds} s")).unwrap_or_default()
        ),
        Fact::Retries { count: Some(0), delivery, .. } => format!("{delivery}: not retried"),
        Fact::Retries { delivery, count, delays, every, lasting, exponential } => {
            let mut parts = Vec::new();
            if let Some(count) = count {
                parts.push(format!("up to {count} times"));
            }
            if let Some(delays) = delays {
                parts.push(format!("after {delays:?} seconds"));
            }
            if let Some(every) = every {
                parts.push(format!("every {every} seconds"));
            }
            if let Some(lasting) = lasting {
                parts.push(format!("for {lasting} seconds"));
            }
            if *exponential {
                parts.push("with exponential backoff".into());
            }
            format!("{delivery}: retried {}", parts.join(", "))
        }
        Fact::Security { scheme, header, http } => match header {
            Some(header) => format!("security scheme `{scheme}`: an API key in the `{header}` header"),
            None => format!("security scheme `{scheme}`: HTTP {}", http.as_deref().unwrap_or("basic")),
        },
        Fact::Method { name, params } => match params {
            Some(params) => format!("method `{name}({})`", params.join(", ")),
            None => format!("method `{name}`, its parameters undocumented"),
        },
        Fact::Statement { text, .. } => format!("\"{text}\""),
        Fact::Observation { text } => text.clone(),
    }
}

fn describe_constraints(constraints: &Constraints) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = &constraints.schema_type {
        parts.push(kind.clone());
    }
    if constraints.nullable == Some(true) {
        parts.push("or null".into());
    }
    for (keyword, value) in constraints.keywords() {
        parts.push(format!("{keyword} {value}"));
    }
    parts.iter().map(|part| format!(", {part}")).collect()
}

pub(crate) fn place(at: &Place) -> String {
    match at {
        Place::Request { operation } => format!("{operation} request"),
        Place::Response { operation, status } => format!("{operation} response {status}"),
        Place::Properties { schema } => format!("the properties of {schema}"),
        Place::Schema { schema } => format!("an instance of {schema}"),
    }
}

/// The components of a document that the provider does not describe: generated from the protocol
/// (the JSON-RPC 2.0 envelope) or derived from the documented samples (the event catalogue).
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Their names.
    pub names: BTreeSet<String>,
    /// The catalogue's union, when a field of every payload names the event: the one thing these
    /// components state that a fact must back or an assumption declare.
    pub discriminated: Option<String>,
    /// The components imported verbatim from the provider's own description (`schemas.json`):
    /// the provider states every part of them there, and the import cites it.
    pub imported: BTreeSet<String>,
}

/// Checks `facts` against `document` (a dialect of `provider`, with the `generated` components),
/// embeds every documented example, and marks every assumption where it stands.
pub fn check(
    document: &mut OpenApi,
    facts: &Facts,
    provider: &str,
    generated: &Generated,
    rpc: Option<&JsonRpc>,
) -> Result<Conformance, Vec<Problem>> {
    let mut problems = Vec::new();
    let examples = parse_examples(&facts.claims, &mut problems);
    let schemas = document.schemas_document();
    let mut checked = Vec::new();
    for claim in &facts.claims {
        let outcome = evaluate::evaluate(document, &schemas, &claim.fact, &examples, rpc);
        let at = || match &claim.fact {
            Fact::Example { fixture, .. } => fixture.path(),
            _ => format!("{} ({})", claim.declared, cite(&claim.sources)),
        };
        match (outcome, &claim.erratum) {
            (Evaluation::Unparsed, _) => {}
            (Evaluation::Broken(message), _) => problems.push(Problem::new(at(), message)),
            (Evaluation::Holds(detail, backs), None) => {
                checked.push(Checked { claim: claim.clone(), detail, mismatch: None, backs })
            }
            (Evaluation::Fails(detail, mismatch), Some(_)) => checked.push(Checked {
                claim: claim.clone(),
                detail,
                mismatch: Some(mismatch),
                backs: Vec::new(),
            }),
            (Evaluation::Fails(detail, mismatch), None) => problems.push(Problem::new(
                at(),
                format!(
                    "{} disagrees with the document{}: {mismatch}. Fix the dialect; if the documentation \
                     contradicts itself, give the claim an erratum.",
                    describe(&claim.fact),
                    if detail.is_empty() { String::new() } else { format!(" ({detail})") }
                ),
            )),
            (Evaluation::Holds(..), Some(_)) => problems.push(Problem::new(
                at(),
                format!(
                    "{} holds, but the claim is listed as an erratum; remove the erratum.",
                    describe(&claim.fact)
                ),
            )),
        }
    }
    let assertions = provenance::assertions(document, generated, rpc);
    let assumed = check_provenance(document, &assertions, &checked, facts, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    embed_examples(document, &checked, &examples);
    let marks: Vec<(Assertion, &Assumption)> = assumed
        .iter()
        .flat_map(|entry| {
            entry.assertions.iter().map(move |assertion| (assertion.clone(), &entry.assumption))
        })
        .collect();
    provenance::mark(document, provider, &marks);
    Ok(Conformance { pages: facts.pages.clone(), checked, assumed, assertions: assertions.len() })
}

/// Holds every assertion to a claim or an assumption, and every assumption to an assertion that
/// no claim backs.
fn check_provenance(
    document: &OpenApi,
    assertions: &BTreeSet<Assertion>,
    checked: &[Checked],
    facts: &Facts,
    problems: &mut Vec<Problem>,
) -> Vec<Assumed> {
    // The first claim that backs each assertion, looked up once rather than by a scan per assertion.
    let mut backers: std::collections::HashMap<&Assertion, &Checked> = std::collections::HashMap::new();
    for entry in checked {
        for backed in &entry.backs {
            backers.entry(backed).or_insert(entry);
        }
    }
    let backer = |assertion: &Assertion| backers.get(assertion).map(|entry| cite(&entry.claim.sources));
    let mut assumed = Vec::new();
    for assumption in &facts.assumptions {
        let problem = |message: String| Problem::new(assumption.declared.clone(), message);
        let mut stands_for = Vec::new();
        for target in &assumption.at {
            let found = match provenance::assertion(document, target) {
                Err(message) => {
                    problems
                        .push(problem(format!("the assumption names nothing in the document: {message}")));
                    continue;
                }
                Ok(found) => found,
            };
            for assertion in found {
                if !assertions.contains(&assertion) {
                    problems.push(problem(format!(
                        "the assumption names {assertion}, which the document does not state; remove the assumption"
                    )));
                } else if let Some(source) = backer(&assertion) {
                    problems.push(problem(format!(
                        "{assertion} is documented ({source}); remove the assumption"
                    )));
                } else {
                    stands_for.push(assertion);
                }
            }
        }
        assumed.push(Assumed { assumption: assumption.clone(), assertions: stands_for });
    }
    for assertion in assertions {
        if backer(assertion).is_none() && !assumed.iter().any(|entry| entry.assertions.contains(assertion)) {
            problems.push(Problem::new(format!("openapi.yaml#{}", assertion.pointer), format!(
                    "the document states `{}` here, which is neither documented nor assumed: back it with a fact \
                     and its source in facts.yaml, declare it under `assumptions` with the reason, or leave it out",
                    assertion.keyword
                )));
        }
    }
    assumed
}

fn parse_examples(claims: &[Claim], problems: &mut Vec<Problem>) -> Examples {
    let mut examples = Examples::new();
    for claim in claims {
        let Fact::Example { name, fixture, at, corrected, .. } = &claim.fact else {
            continue;
        };
        match parse_fixture(fixture) {
            Ok(documented) => {
                let mut embedded = documented.clone();
                for (pointer, value) in corrected {
                    if !correct(&mut embedded, pointer, value) {
                        problems.push(Problem::new(fixture.path(), format!(
                                "the correction names `{pointer}`, which the example neither has nor can have \
                                 (its parent is not an object)"
                            )));
                    }
                }
                if examples.insert(example_key(name, at), (documented, embedded)).is_some() {
                    problems.push(Problem::new(
                        fixture.path(),
                        format!("a second example named `{name}` at {}", place(at)),
                    ));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    examples
}

/// Sets the member at `pointer` of `example` to `value`, adding it to its object when the example
/// leaves it out; false when there is no such place.
fn correct(example: &mut Value, pointer: &str, value: &Value) -> bool {
    if let Some(slot) = example.pointer_mut(pointer) {
        *slot = value.clone();
        return true;
    }
    let Some((parent, member)) = pointer.rsplit_once('/') else { return false };
    let member = member.replace("~1", "/").replace("~0", "~");
    match example.pointer_mut(parent).and_then(Value::as_object_mut) {
        Some(object) => {
            object.insert(member, value.clone());
            true
        }
        None => false,
    }
}

/// Embeds each example that holds, or that holds once corrected, under the media type it belongs
/// to, in the dialect's order.
fn embed_examples(document: &mut OpenApi, checked: &[Checked], examples: &Examples) {
    for entry in checked {
        let Fact::Example { name, at, corrected, .. } = &entry.claim.fact else {
            continue;
        };
        if entry.mismatch.is_some() && corrected.is_empty() {
            continue;
        }
        let Some((documented, value)) = examples.get(&example_key(name, at)) else { continue };
        if let Place::Properties { schema } = at {
            embed_property_examples(document, schema, value);
            continue;
        }
        if let Place::Schema { schema } = at {
            if let Some(Value::Object(component)) = document.schema_at_mut(&SchemaAt::component(schema)) {
                let examples = component.entry("examples").or_insert_with(|| Value::Array(Vec::new()));
                if let Some(examples) = examples.as_array_mut() {
                    examples.push(value.clone());
                }
            }
            continue;
        }
        let Ok((media, _)) = evaluate::media_at(document, at) else { continue };
        let Some(media) = document.media_mut(&media) else { continue };
        let description = if corrected.is_empty() {
            format!("Verbatim from {}.", cite(&entry.claim.sources))
        } else {
            let corrections: Vec<String> = corrected
                .iter()
                .map(|(pointer, value)| match documented.pointer(pointer) {
                    Some(documented) => {
                        format!("`{pointer}` is {value} here, {documented} in the documentation")
                    }
                    None => format!("`{pointer}` is {value} here, absent in the documentation"),
                })
                .collect();
            format!(
                "From {}, corrected where it breaks the protocol: {}.",
                cite(&entry.claim.sources),
                corrections.join("; ")
            )
        };
        let example =
            Example { summary: "As documented by the provider".into(), description, value: value.clone() };
        media.examples.insert(name.clone(), example);
    }
}

/// Appends each member of a properties example to its property's `examples`.
fn embed_property_examples(document: &mut OpenApi, schema: &str, value: &Value) {
    let Some(members) = value.as_object() else { return };
    for (name, member) in members {
        let at = SchemaAt::component(schema).property(name);
        let Some(Value::Object(property)) = document.schema_at_mut(&at) else { continue };
        let examples = property.entry("examples").or_insert_with(|| Value::Array(Vec::new()));
        if let Some(list) = examples.as_array_mut()
            && !list.contains(member)
        {
            list.push(member.clone());
        }
    }
}
