//! What a reference page shows, as data for its template: read off the document (with its
//! examples and assumption marks), the operation table, the signature scheme and the conformance
//! of the facts.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use hookspec_dialects::table::{Named, Params};
use hookspec_dialects::{Provider, Table};
use hookspec_signature::Scheme;
use serde_json::{Value, json};

use super::{markdown, snippets};
use crate::conformance::Conformance;
use crate::document::{
    BodyAt, Found, MediaAt, MediaType, Node, OpenApi, ResponseAt, SchemaAt, SchemaRoot, SecurityKind,
    reference,
};
use crate::openapi::JSON;

/// The page's data.
pub fn page(
    dialect: &Provider,
    table: &Table,
    scheme: &Scheme,
    document: &OpenApi,
    conformance: &Conformance,
) -> Value {
    let builder = Builder::new(document, conformance);
    let operations: Vec<Value> =
        document.operations().iter().map(|found| builder.operation(found, "op")).collect();
    let methods = dialect.protocol.jsonrpc().map(|api| builder.methods(api)).unwrap_or_default();
    // A delivery published an entry per event is one group: what its entries share (the headers,
    // the answers, the retries) is shown once, then each entry's payload.
    let mut deliveries: Vec<Value> = Vec::new();
    for group in delivery_groups(document) {
        let mut entries: Vec<Value> =
            group.iter().map(|found| builder.operation(found, "delivery")).collect();
        let shared = entries.len() > 1;
        if shared {
            for found in &group[1..] {
                builder.absorb_shared_marks(found);
            }
        }
        let first = entries.first().cloned().unwrap_or_default();
        if shared {
            for entry in &mut entries {
                for key in ["parameters", "responses", "retries"] {
                    entry[key] = Value::Null;
                }
            }
        }
        let name = group[0].operation.delivery.clone().unwrap_or_else(|| group[0].at.path.clone());
        deliveries.push(json!({
            "name": name,
            "anchor": format!("deliveries-{}", anchor(&name)),
            "shared": shared.then_some(first),
            "entries": entries,
        }));
    }
    let verify = builder.verify(dialect, table, scheme);
    let components = document.components.as_ref();
    let schemas: Vec<Value> = components
        .into_iter()
        .flat_map(|components| &components.schemas)
        .map(|(name, schema)| {
            let at = SchemaAt::component(name);
            let pointer = at.to_string();
            json!({
                "name": name,
                "anchor": format!("schema-{name}"),
                "description": markdown(schema["description"].as_str().unwrap_or_default()),
                "type": builder.type_of(schema),
                "fields": builder.fields(schema, &at),
                "assumed": builder.marks(&pointer),
                "sources": builder.sources(&[&pointer]),
            })
        })
        .collect();
    let security: Vec<Value> = components
        .into_iter()
        .flat_map(|components| &components.security_schemes)
        .map(|(name, scheme)| {
            let how = match scheme.kind {
                SecurityKind::ApiKey => format!("`{}` header", scheme.name.as_deref().unwrap_or_default()),
                SecurityKind::Http => format!("HTTP {}", scheme.scheme.as_deref().unwrap_or_default()),
            };
            let description = markdown(scheme.description.as_deref().unwrap_or_default());
            json!({"name": name, "how": markdown(&how), "description": description})
        })
        .collect();
    let errata: Vec<Value> = conformance
        .errata()
        .map(|entry| {
            json!({
                "fact": markdown(&crate::conformance::describe(&entry.claim.fact)),
                "sources": links(conformance, &entry.claim),
                "check": markdown(entry.mismatch.as_deref().unwrap_or_default()),
                "models": markdown(entry.claim.erratum.as_deref().unwrap_or_default()),
            })
        })
        .collect();
    let assumptions: Vec<Value> = conformance
        .assumed
        .iter()
        .map(|entry| {
            json!({
                "assumed": markdown(&entry.assumption.assumed),
                "because": markdown(&entry.assumption.because),
                "where": entry.assertions.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    // Every mark of the document is shown once: the ones nothing above showed, here.
    let remaining = builder.remaining_marks();
    json!({
        "dialect": dialect.name,
        "provider": table.provider,
        "title": table.info.title,
        "version": table.info.version,
        "description": markdown(&table.info.description),
        "servers": document.servers.iter().flatten().map(|server| json!({
            "url": server.url, "description": markdown(server.description.as_deref().unwrap_or_default()),
        })).collect::<Vec<_>>(),
        "security": security,
        "jsonrpc": dialect.protocol.jsonrpc().is_some(),
        "operations": operations,
        "methods": methods,
        "deliveries": deliveries,
        "verify": verify,
        "events": dialect.catalogue.events.iter().map(|event| json!({
            "name": event.name, "id": event.id, "anchor": format!("event-{}", anchor(&event.name)),
        })).collect::<Vec<_>>(),
        "schemas": schemas,
        "errata": errata,
        "assumptions": assumptions,
        "other_marks": remaining,
        "pages": builder.pages(),
        "openrpc": dialect.protocol.jsonrpc().is_some(),
    })
}

/// A page's name for a string: letters, digits, `-` and `_`; anything else becomes `-`.
fn anchor(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The sources of `claim` as links, each with the words quoted from its page.
fn links(conformance: &Conformance, claim: &hookspec_dialects::Claim) -> Vec<Value> {
    conformance
        .quoted(claim)
        .into_iter()
        .map(|(source, quotes)| {
            let quotes: Vec<String> = quotes.into_iter().map(crate::conformance::collapse).collect();
            json!({"title": source.page.title, "url": source.page.url,
                   "where": format!("{}, {}", source.section, source.part), "quotes": quotes})
        })
        .collect()
}

/// Reads the document for the page, and keeps track of the assumption marks shown.
struct Builder<'a> {
    document: &'a OpenApi,
    /// The documentation sources of each backed assertion's pointer.
    sources: BTreeMap<String, Vec<Value>>,
    /// The source inventory: every public page read, what of it, and its examples.
    pages: Vec<Value>,
    /// The marks (`x-hookspec-assumed` entries) by pointer, and those already shown.
    marks: BTreeMap<String, Vec<(String, String)>>,
    shown: RefCell<BTreeSet<(String, String)>>,
}

impl<'a> Builder<'a> {
    fn new(document: &'a OpenApi, conformance: &Conformance) -> Builder<'a> {
        let mut sources: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        use hookspec_dialects::facts::Captured;
        let pages = conformance
            .pages
            .values()
            .map(|page| {
                let captured = match &page.captured {
                    Captured::Whole => "whole".to_owned(),
                    Captured::Partial(why) => format!("in part: {why}"),
                    Captured::NotCaptured(why) => format!("not captured: {why}"),
                };
                let examples: usize = page.examples.iter().map(|example| example.examples()).sum();
                let fixtures = page.examples.iter().filter(|example| example.fixture.is_some()).count();
                let source = page.source.as_ref().map(|source| super::inline_markdown(&source.markdown()));
                json!({"url": page.url, "title": page.title, "read": page.read, "captured": captured,
                       "examples": examples, "fixtures": fixtures, "source": source})
            })
            .collect();
        for checked in &conformance.checked {
            if checked.mismatch.is_some() {
                continue;
            }
            for assertion in &checked.backs {
                let list = sources.entry(assertion.pointer.clone()).or_default();
                for link in links(conformance, &checked.claim) {
                    if !list.contains(&link) {
                        list.push(link);
                    }
                }
            }
        }
        let marks = document.marks();
        Builder { document, sources, pages, marks, shown: RefCell::new(BTreeSet::new()) }
    }

    fn pages(&self) -> Vec<Value> {
        self.pages.clone()
    }

    /// The documentation sources of the assertions at `pointers`, each page once.
    fn sources(&self, pointers: &[&str]) -> Vec<Value> {
        let mut found: Vec<Value> = Vec::new();
        for pointer in pointers {
            for link in self.sources.get(*pointer).into_iter().flatten() {
                if !found.iter().any(|known| known["url"] == link["url"]) {
                    found.push(link.clone());
                }
            }
        }
        found
    }

    /// The assumption marks at `pointer` not shown yet, as `{what, why}`.
    fn marks(&self, pointer: &str) -> Vec<Value> {
        let mut shown = self.shown.borrow_mut();
        self.marks
            .get(pointer)
            .into_iter()
            .flatten()
            .filter(|(key, _)| shown.insert((pointer.to_owned(), key.clone())))
            .map(|(key, text)| json!({"what": key, "why": text}))
            .collect()
    }

    fn remaining_marks(&self) -> Vec<Value> {
        let pointers: Vec<String> = self.marks.keys().cloned().collect();
        pointers
            .into_iter()
            .flat_map(|pointer| {
                self.marks(&pointer).into_iter().map(move |mut mark| {
                    mark["at"] = Value::String(pointer.clone());
                    mark
                })
            })
            .collect()
    }

    /// An operation or delivery: its request line, parameters, body, responses and examples.
    fn operation(&self, found: &Found<'_>, kind: &str) -> Value {
        let document = self.document;
        let (operation, pointer) = (found.operation, found.at.to_string());
        let id = operation.operation_id.as_deref().unwrap_or(&found.at.path);
        let parameters: Vec<Value> = document
            .parameters(found)
            .into_iter()
            .map(|(at, parameter)| {
                let key = Node::Presence(found.at.clone(), parameter.location, parameter.name.clone());
                let (key, schema_at) = (key.to_string(), SchemaRoot::Parameter(at.clone()).to_string());
                let at = at.to_string();
                let schema = parameter.schema.as_ref().unwrap_or(&Value::Null);
                let mut assumed = self.marks(&at);
                assumed.extend(self.marks(&schema_at));
                json!({
                    "name": parameter.name,
                    "in": parameter.location.key(),
                    "type": self.type_of(schema),
                    "required": parameter.required,
                    "constraints": constraints(document.resolve(schema)),
                    "description": markdown(parameter.description.as_deref().unwrap_or_default()),
                    "sources": self.sources(&[&key, &at, &schema_at]),
                    "assumed": assumed,
                })
            })
            .collect();
        let body = operation.request_body.as_ref().map(|body| {
            let media = body.content.iter().next();
            let media_type = media.map_or(JSON, |(media_type, _)| media_type);
            let media = media.map(|(_, media)| media);
            let schema = media.and_then(|media| media.schema.as_ref()).unwrap_or(&Value::Null);
            let at = MediaAt { body: BodyAt::Request(found.at.clone()), media: media_type.to_owned() };
            let (schema_at, resolved) = self.schema_at(schema, SchemaAt::root(SchemaRoot::Media(at)));
            json!({
                "description": markdown(body.description.as_deref().unwrap_or_default()),
                "media": media_type,
                "type": self.type_of(schema),
                "fields": self.fields(resolved, &schema_at),
                "examples": examples(media),
            })
        });
        let responses: Vec<Value> = operation
            .responses
            .keys()
            .map(|status| {
                let entry = ResponseAt::Operation(found.at.clone(), status.clone());
                let at = entry.to_string();
                let (resolved_at, response) = match document.response(&entry) {
                    Some((resolved, response)) => (resolved.to_string(), Some(response)),
                    None => (at.clone(), None),
                };
                let media = response.and_then(|response| response.content.get(JSON));
                let mut assumed = self.marks(&at);
                assumed.extend(self.marks(&resolved_at));
                json!({
                    "status": status,
                    "description": markdown(response.map_or("", |response| &response.description)),
                    "type": media.and_then(|media| media.schema.as_ref()).map(|schema| self.type_of(schema)),
                    "examples": examples(media),
                    "sources": self.sources(&[&at]),
                    "assumed": assumed,
                })
            })
            .collect();
        json!({
            "id": id,
            "anchor": format!("{kind}-{}", anchor(id)),
            "method": found.at.method.key().to_uppercase(),
            "path": found.at.path,
            "summary": operation.summary,
            "description": markdown(operation.description.as_deref().unwrap_or_default()),
            "parameters": parameters,
            "body": body,
            "responses": responses,
            "sources": self.sources(&[&pointer]),
            "assumed": self.marks(&pointer),
            "retries": operation.retries,
            "kind": kind,
        })
    }

    /// The JSON-RPC methods of the table, each with its arguments, result, errors and examples.
    fn methods(&self, api: &hookspec_dialects::table::JsonRpc) -> Vec<Value> {
        let examples = self.rpc_examples(api);
        api.methods
            .iter()
            .map(|method| {
                let params: Vec<Value> = match &method.params {
                    Params::Positional(params) => params
                        .iter()
                        .enumerate()
                        .map(|(position, param)| json!({
                            "position": position,
                            "name": param.name,
                            "type": self.named_type(&param.schema),
                            "required": param.required,
                            "description": markdown(&param.description),
                        }))
                        .collect(),
                    Params::Undocumented(text) => vec![json!({"position": "…", "name": "arguments", "type": [], "required": false, "description": markdown(text)})],
                };
                let errors: Vec<Value> = api
                    .errors
                    .iter()
                    .filter(|error| method.errors.contains(&error.code))
                    .map(|error| json!({"code": error.code, "message": error.message}))
                    .collect();
                json!({
                    "name": method.name,
                    "anchor": format!("method-{}", anchor(&method.name)),
                    "summary": method.summary,
                    "description": markdown(&method.description),
                    "call": if api.wraps(method) { api.call.as_ref().map(|call| call.method.clone()) } else { None },
                    "params": params,
                    "result": {"name": method.result.name, "type": self.named_type(&method.result.schema), "description": markdown(&method.result.description)},
                    "errors": errors,
                    "examples": examples.get(&method.name).cloned().unwrap_or_default(),
                })
            })
            .chain(std::iter::once(json!({
                "name": "errors",
                "anchor": "method-errors",
                "general": api.errors.iter().map(|error| json!({"code": error.code, "message": error.message})).collect::<Vec<_>>(),
            })))
            .collect()
    }

    /// The documented request examples of the JSON-RPC endpoint by API method, each with the
    /// response example of the same name.
    fn rpc_examples(&self, api: &hookspec_dialects::table::JsonRpc) -> BTreeMap<String, Vec<Value>> {
        let (requests, responses) = crate::openrpc::examples(api, self.document);
        let mut found: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (name, request) in requests.into_iter().flatten() {
            let value = &request.value;
            let method = match (value["method"].as_str(), &api.call) {
                (Some(method), Some(call)) if method == call.method => {
                    value["params"][1].as_str().unwrap_or(method)
                }
                (Some(method), _) => method,
                _ => continue,
            };
            let response = responses.and_then(|responses| responses.get(name));
            found.entry(method.to_owned()).or_default().push(json!({
                "name": name,
                "source": markdown(&request.description),
                "request": pretty(value),
                "response": response.map(|response| pretty(&response.value)),
            }));
        }
        found
    }

    /// Marks the marks of what a delivery group's later entries share with its first (their
    /// parameters and answers) as shown: the page shows them once, at the group.
    fn absorb_shared_marks(&self, found: &Found<'_>) {
        for pointer in shared_mark_pointers(self.document, found) {
            self.marks(&pointer);
        }
    }

    /// How to verify a delivery: the scheme in words and as data, the command, and receiver code.
    fn verify(&self, dialect: &Provider, table: &Table, scheme: &Scheme) -> Value {
        let headers: Vec<String> = scheme
            .headers
            .iter()
            .map(|(name, template)| format!("--header '{name}: {}'", scheme.shown(template)))
            .collect();
        let command = format!(
            "cargo xtask verify --dialect {} --secret-env WEBHOOK_SECRET --body-file body.json \\\n    {}",
            dialect.name,
            headers.join(" \\\n    ")
        );
        json!({
            "words": markdown(&scheme.describe()),
            "data": serde_json::to_string_pretty(&json!(scheme)).unwrap_or_default(),
            "command": command,
            "python": snippets::python(&table.provider, scheme),
            "javascript": snippets::javascript(&table.provider, scheme),
        })
    }

    /// A schema's fields: each property with its type, whether it is required, its constraints,
    /// its description, the pages that document it, and the assumptions about it.
    fn fields(&self, schema: &Value, at: &SchemaAt) -> Vec<Value> {
        let document = self.document;
        let schema = document.resolve(schema);
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, property)| {
                let at = at.property(name).to_string();
                let resolved = document.resolve(property);
                json!({
                    "name": name,
                    "type": self.type_of(property),
                    "required": required.contains(&name.as_str()),
                    "constraints": constraints(resolved),
                    "description": markdown(resolved["description"].as_str().unwrap_or_default()),
                    "sources": self.sources(&[&at]),
                    "assumed": self.marks(&at),
                })
            })
            .collect()
    }

    /// Where the schema a body refers to is (its component, for a reference), and the schema
    /// itself; `inline` is where the body's schema is.
    fn schema_at(&self, schema: &'a Value, inline: SchemaAt) -> (SchemaAt, &'a Value) {
        match reference(schema) {
            Some(name) => (SchemaAt::component(name), self.document.resolve(schema)),
            None => (inline, schema),
        }
    }

    /// A table entry's schema as a type.
    fn named_type(&self, schema: &Named<Value>) -> Vec<Value> {
        match schema {
            Named::Name(name) => vec![json!({"text": name, "anchor": format!("schema-{name}")})],
            Named::Value(schema) => self.type_of(schema),
        }
    }

    /// A schema's type, as pieces of text, each a link to a component where it names one.
    fn type_of(&self, schema: &Value) -> Vec<Value> {
        if let Some(target) = schema["$ref"].as_str() {
            let name = target.rsplit('/').next().unwrap_or(target);
            return vec![json!({"text": name, "anchor": format!("schema-{name}")})];
        }
        let text = |text: &str| json!({"text": text});
        for keyword in ["oneOf", "anyOf", "allOf"] {
            if let Some(choices) = schema[keyword].as_array() {
                let joiner = if keyword == "allOf" { " and " } else { " or " };
                let mut pieces = Vec::new();
                // A member that only constrains (no type, no reference) narrows the others: say so
                // once, after them, rather than as a type of its own.
                let constraining = |choice: &Value| {
                    keyword == "allOf" && choice.get("$ref").is_none() && choice.get("type").is_none()
                };
                for choice in choices.iter().filter(|choice| !constraining(choice)) {
                    if !pieces.is_empty() {
                        pieces.push(text(joiner));
                    }
                    pieces.extend(self.type_of(choice));
                }
                if choices.iter().any(constraining) {
                    pieces.push(text(" (constrained)"));
                }
                return pieces;
            }
        }
        let mut pieces = Vec::new();
        let kinds: Vec<&str> = match &schema["type"] {
            Value::String(kind) => vec![kind.as_str()],
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            _ if schema.get("const").is_some() => vec![hookspec_toolkit::lookup::json_type(&schema["const"])],
            _ => vec!["any"],
        };
        for (index, kind) in kinds.iter().enumerate() {
            if index > 0 {
                pieces.push(text(" or "));
            }
            match *kind {
                "array" => {
                    pieces.push(text("array of "));
                    match schema.get("prefixItems") {
                        Some(Value::Array(positions)) => {
                            pieces.push(text("["));
                            for (position, item) in positions.iter().enumerate() {
                                if position > 0 {
                                    pieces.push(text(", "));
                                }
                                pieces.extend(self.type_of(item));
                            }
                            pieces.push(text("]"));
                        }
                        _ => pieces.extend(
                            schema
                                .get("items")
                                .map_or_else(|| vec![text("any")], |items| self.type_of(items)),
                        ),
                    }
                }
                other => {
                    let format =
                        schema["format"].as_str().map(|format| format!(" ({format})")).unwrap_or_default();
                    pieces.push(text(&format!("{other}{format}")));
                }
            }
        }
        pieces
    }
}

/// The constraints a schema states, in words.
fn constraints(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let show = |value: &Value| value.to_string();
    if let Some(values) = schema["enum"].as_array() {
        found.push(format!("one of {}", values.iter().map(show).collect::<Vec<_>>().join(", ")));
    }
    if let Some(values) = schema["x-extensible-enum"].as_array() {
        found.push(format!("known values {}", values.iter().map(show).collect::<Vec<_>>().join(", ")));
    }
    for (keyword, words) in [
        ("const", "always"),
        ("default", "default"),
        ("minimum", "at least"),
        ("maximum", "at most"),
        ("minLength", "at least this long:"),
        ("maxLength", "at most this long:"),
        ("minItems", "at least this many items:"),
        ("pattern", "matches"),
    ] {
        if let Some(value) = schema.get(keyword) {
            found.push(format!("{words} {}", show(value)));
        }
    }
    found
}

/// The examples of a media type object, each with its source.
fn examples(media: Option<&MediaType>) -> Vec<Value> {
    media
        .into_iter()
        .flat_map(|media| &media.examples)
        .map(|(name, example)| {
            json!({
                "name": name,
                "source": markdown(&example.description),
                "json": pretty(&example.value),
            })
        })
        .collect()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The number of assumption marks in a document, which its page shows one by one.
pub fn mark_count(document: &OpenApi) -> usize {
    let shared: std::collections::BTreeSet<String> = delivery_groups(document)
        .iter()
        .filter(|group| group.len() > 1)
        .flat_map(|group| group[1..].iter().flat_map(|found| shared_mark_pointers(document, found)))
        .collect();
    document
        .marks()
        .iter()
        .filter(|(pointer, _)| !shared.contains(*pointer))
        .map(|(_, marks)| marks.len())
        .sum()
}

/// The document's deliveries, grouped: the `webhooks` entries of one delivery together, in order.
fn delivery_groups(document: &OpenApi) -> Vec<Vec<Found<'_>>> {
    let mut groups: Vec<Vec<Found<'_>>> = Vec::new();
    for found in document.deliveries() {
        match groups.last_mut() {
            Some(group)
                if found.operation.delivery.is_some()
                    && group[0].operation.delivery == found.operation.delivery =>
            {
                group.push(found)
            }
            _ => groups.push(vec![found]),
        }
    }
    groups
}

/// The pointers of an entry's parameters and answers, where their marks stand.
fn shared_mark_pointers(document: &OpenApi, found: &Found<'_>) -> Vec<String> {
    let mut pointers: Vec<String> =
        document.parameters(found).into_iter().map(|(at, _)| at.to_string()).collect();
    pointers.extend(
        found
            .operation
            .responses
            .keys()
            .map(|status| ResponseAt::Operation(found.at.clone(), status.clone()).to_string()),
    );
    pointers
}
