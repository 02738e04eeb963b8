//! The page data's builder: reads the document, the conformance report and the layout, and keeps
//! track of the assumption marks already shown. `model` assembles pages with it; `types` and
//! `deliveries` add to it.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use hookspec_dialects::table::Params;
use hookspec_dialects::{Provider, Table};
use hookspec_signature::Scheme;
use serde_json::{Value, json};

use super::split::{Layout, MAIN, href, relative};
use super::{anchor, constraints, markdown, snippets};
use crate::conformance::Conformance;
use crate::document::{BodyAt, Found, MediaAt, MediaType, Node, OpenApi, ResponseAt, SchemaAt, SchemaRoot};
use crate::openapi::JSON;

/// An event page's entries, and the deliveries whose shared part (on the main page) they have.
pub(super) type OnPage = (Vec<Value>, Vec<Value>);

/// The sources of `claim` as links, each with the words quoted from its page.
pub(super) fn links(conformance: &Conformance, claim: &hookspec_dialects::Claim) -> Vec<Value> {
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
pub(super) struct Builder<'a> {
    pub(super) document: &'a OpenApi,
    /// The documentation sources of each backed assertion's pointer.
    sources: BTreeMap<String, Vec<Value>>,
    /// The source inventory: every public page read, what of it, and its examples.
    pages: Vec<Value>,
    /// The marks (`x-hookspec-assumed` entries) by pointer, and those already shown.
    marks: BTreeMap<String, Vec<(String, String)>>,
    shown: RefCell<BTreeSet<(String, String)>>,
    /// Which page shows what, when the reference is split over several.
    pub(super) layout: Option<&'a Layout>,
    /// The path of the page being built, relative to the dialect's folder.
    current: RefCell<String>,
}

impl<'a> Builder<'a> {
    pub(super) fn new(
        document: &'a OpenApi,
        conformance: &Conformance,
        layout: Option<&'a Layout>,
    ) -> Builder<'a> {
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
        let (shown, current) = (RefCell::new(BTreeSet::new()), RefCell::new(MAIN.to_owned()));
        Builder { document, sources, pages, marks, shown, layout, current }
    }

    /// Builds what follows for the page at `path`, relative to the dialect's folder.
    pub(super) fn at(&self, path: &str) {
        path.clone_into(&mut self.current.borrow_mut());
    }

    /// The link from the page being built to `anchor` on the page at `path`.
    fn link(&self, path: &str, anchor: &str) -> String {
        href(&self.current.borrow(), path, anchor)
    }

    /// The page that holds the component schema `name`, relative to the page being built, when it
    /// is another.
    pub(super) fn elsewhere(&self, name: &str) -> Option<String> {
        let current = self.current.borrow();
        let page = relative(&current, self.layout?.home(name)?);
        (!page.is_empty()).then_some(page)
    }

    pub(super) fn pages(&self) -> Vec<Value> {
        self.pages.clone()
    }

    /// The documentation sources of the assertions at `pointers`, each page once.
    pub(super) fn sources(&self, pointers: &[&str]) -> Vec<Value> {
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
    pub(super) fn marks(&self, pointer: &str) -> Vec<Value> {
        let mut shown = self.shown.borrow_mut();
        self.marks
            .get(pointer)
            .into_iter()
            .flatten()
            .filter(|(key, _)| shown.insert((pointer.to_owned(), key.clone())))
            .map(|(key, text)| json!({"what": key, "why": text}))
            .collect()
    }

    pub(super) fn remaining_marks(&self) -> Vec<Value> {
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
    pub(super) fn operation(&self, found: &Found<'_>, kind: &str) -> Value {
        let (operation, pointer) = (found.operation, found.at.to_string());
        let id = operation.operation_id.as_deref().unwrap_or(&found.at.path);
        let parameters = self.parameters(found);
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
        let responses = self.responses(found);
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
            "verify": self.link(MAIN, "verify"),
        })
    }

    /// What the entries of a delivery published an entry per event share, read off its first,
    /// `found`: the parameters (headers), the responses and the retries.
    pub(super) fn shared(&self, found: &Found<'_>) -> Value {
        json!({
            "parameters": self.parameters(found),
            "responses": self.responses(found),
            "retries": found.operation.retries,
        })
    }

    /// An operation's parameters, each with its type, constraints, sources and marks.
    fn parameters(&self, found: &Found<'_>) -> Vec<Value> {
        let document = self.document;
        document
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
            .collect()
    }

    /// An operation's responses, each with its body's type, examples, sources and marks.
    fn responses(&self, found: &Found<'_>) -> Vec<Value> {
        let document = self.document;
        found
            .operation
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
            .collect()
    }

    /// The JSON-RPC methods of the table, each with its arguments, result, errors and examples.
    pub(super) fn methods(&self, api: &hookspec_dialects::table::JsonRpc) -> Vec<Value> {
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

    /// How to verify a delivery: the scheme in words and as data, the command, and receiver code.
    pub(super) fn verify(&self, dialect: &Provider, table: &Table, scheme: &Scheme) -> Value {
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
