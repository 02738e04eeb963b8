//! Breaking-change report between two OpenAPI documents (3.0 or 3.1): each change with its JSON
//! pointer, whom it breaks, and why.
//!
//! Two parties read and write what a document describes. API clients write requests and read
//! responses under `paths`. Delivery receivers read the deliveries under `webhooks` (3.1) or
//! `x-webhooks` (3.0) and write the answers to them: a delivery reverses the roles, so its
//! request body is judged as a response is, and its responses as a request is. Every schema is
//! judged from where it is used; a component used on both sides is judged on both.
//!
//! The rules follow one principle. Where a party writes, narrowing what is accepted breaks it
//! (a type, enum value, property or branch removed; a property, parameter or body newly
//! required; a bound tightened). Where a party reads, widening what may arrive or removing what
//! it relied on breaks it (a type, enum value or branch added; a property removed or no longer
//! required; a bound loosened; a success status added or removed).
//!
//! Where the rules come from: the classification into "breaks the writer" and "breaks the
//! reader" is the one Oxide's `drift` crate makes (backward- and forward-incompatible changes),
//! and the rules for operations, parameters, bodies, responses and schemas follow its cases.
//! `drift` itself is not used: it reads OpenAPI 3.0 `paths` through the `openapiv3` types, while
//! hookspec's reference documents are 3.1 and half of what they describe is deliveries, and it
//! would add its dependencies to the build of `cargo xtask spec --check`, which classifies drift
//! with this module. What `drift` lacks and is written here: 3.1 schemas (type arrays,
//! `const`, `prefixItems`), deliveries with the roles reversed, their signature scheme, servers
//! and security. `tests/breaking.rs` checks the rules on a table of mutations in both directions.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::{Map, Value, json};

use crate::lookup::{escape, resolve};

mod schema;

use schema::{members, strip_docs};

/// Who a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Breaks {
    /// API clients, which write requests and read responses.
    Clients,
    /// Delivery receivers, which read deliveries and answer them.
    Receivers,
    /// Nobody: an addition or a loosening every party tolerates.
    Nobody,
}

impl fmt::Display for Breaks {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Breaks::Clients => "breaks API clients",
            Breaks::Receivers => "breaks delivery receivers",
            Breaks::Nobody => "breaks nobody",
        })
    }
}

/// One change between the two documents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Where: a JSON pointer into the new document, or into the old one for what was removed.
    pub pointer: String,
    /// Whom it breaks.
    pub breaks: Breaks,
    /// What changed and why it breaks (or does not).
    pub why: String,
}

/// The comparison of two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every change found, in document order of discovery, breaking ones included.
    pub changes: Vec<Change>,
    /// `info.version` of the old and the new document.
    pub versions: (String, String),
}

impl Report {
    /// Whether any change breaks someone.
    pub fn breaking(&self) -> bool {
        self.changes.iter().any(|change| change.breaks != Breaks::Nobody)
    }

    /// Whom the changes break.
    pub fn broken(&self) -> BTreeSet<Breaks> {
        self.changes.iter().map(|change| change.breaks).filter(|breaks| *breaks != Breaks::Nobody).collect()
    }

    /// A breaking change under an unchanged `info.version`.
    pub fn version_unchanged(&self) -> bool {
        self.breaking() && self.versions.0 == self.versions.1
    }

    /// The report as a terminal shows it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("no changes that a client or receiver can see\n");
        }
        for change in &self.changes {
            let mark = if change.breaks == Breaks::Nobody { "  " } else { "! " };
            out.push_str(&format!("{mark}{}: {}\n    {}\n", change.breaks, change.pointer, change.why));
        }
        let broken: Vec<String> = self.broken().iter().map(ToString::to_string).collect();
        if broken.is_empty() {
            out.push_str(&format!("{} change(s), none breaking\n", self.changes.len()));
        } else {
            let count = self.changes.iter().filter(|change| change.breaks != Breaks::Nobody).count();
            out.push_str(&format!(
                "{} change(s), {count} breaking: {}\n",
                self.changes.len(),
                broken.join(", ")
            ));
        }
        if self.version_unchanged() {
            out.push_str(&format!(
                "info.version is still {}: a breaking change needs a new major version\n",
                self.versions.1
            ));
        }
        out
    }

    /// The report as JSON.
    pub fn json(&self) -> Value {
        json!({
            "breaking": self.breaking(),
            "old_version": self.versions.0,
            "new_version": self.versions.1,
            "version_unchanged": self.version_unchanged(),
            "changes": self.changes.iter().map(|change| json!({
                "pointer": change.pointer,
                "breaks": match change.breaks {
                    Breaks::Clients => "clients",
                    Breaks::Receivers => "receivers",
                    Breaks::Nobody => "nobody",
                },
                "why": change.why,
            })).collect::<Vec<_>>(),
        })
    }
}

/// Which way data flows for the party a schema is judged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Flow {
    /// The party writes it: narrowing breaks.
    Writes,
    /// The party reads it: widening or removing breaks.
    Reads,
}

/// Compares `old` with `new`.
pub fn compare(old: &Value, new: &Value) -> Report {
    let mut comparison = Comparison { old, new, changes: Vec::new(), seen: BTreeSet::new() };
    comparison.servers();
    comparison.security();
    for (section, party) in [("paths", Breaks::Clients), ("webhooks", Breaks::Receivers)] {
        comparison.section(section, party);
    }
    let mut changes = comparison.changes;
    let mut unique = BTreeSet::new();
    changes.retain(|change| unique.insert(change.clone()));
    // A change judged harmless for one party and breaking for another is listed as breaking only.
    let breaking: BTreeSet<(String, String)> = changes
        .iter()
        .filter(|change| change.breaks != Breaks::Nobody)
        .map(|change| (change.pointer.clone(), change.why.clone()))
        .collect();
    changes.retain(|change| {
        change.breaks != Breaks::Nobody || !breaking.contains(&(change.pointer.clone(), change.why.clone()))
    });
    let version =
        |document: &Value| document.pointer("/info/version").and_then(Value::as_str).unwrap_or("").to_owned();
    Report { changes, versions: (version(old), version(new)) }
}

struct Comparison<'a> {
    old: &'a Value,
    new: &'a Value,
    changes: Vec<Change>,
    /// Pairs of components already compared, per party and flow (references may cycle).
    seen: BTreeSet<(String, String, Breaks, Flow)>,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Comparison<'_> {
    fn push(&mut self, pointer: &str, breaks: Breaks, why: String) {
        self.changes.push(Change { pointer: pointer.to_owned(), breaks, why });
    }

    /// A change that breaks `party` when `breaking`, nobody otherwise.
    fn judge(&mut self, pointer: &str, party: Breaks, breaking: bool, why: String) {
        self.push(pointer, if breaking { party } else { Breaks::Nobody }, why);
    }

    fn servers(&mut self) {
        let urls = |document: &Value| -> BTreeSet<String> {
            document["servers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["url"].as_str().map(str::to_owned))
                .collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        for url in old.difference(&new) {
            self.push(
                "/servers",
                Breaks::Clients,
                format!("server `{url}` removed: clients configured with it fail"),
            );
        }
        for url in new.difference(&old) {
            self.push("/servers", Breaks::Nobody, format!("server `{url}` added"));
        }
    }

    fn security(&mut self) {
        let old_schemes = self.old.pointer("/components/securitySchemes").cloned().unwrap_or(json!({}));
        let new_schemes = self.new.pointer("/components/securitySchemes").cloned().unwrap_or(json!({}));
        for (name, scheme) in old_schemes.as_object().into_iter().flatten() {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            match new_schemes.get(name) {
                None => self.push(&pointer, Breaks::Clients, format!("security scheme `{name}` removed")),
                Some(new) if strip_docs(new) != strip_docs(scheme) => self.push(
                    &pointer,
                    Breaks::Clients,
                    format!("security scheme `{name}` changed: clients send credentials the old way"),
                ),
                Some(_) => {}
            }
        }
        self.requirements("/security", &self.old["security"].clone(), &self.new["security"].clone());
    }

    /// Security requirements: each alternative a client may satisfy.
    fn requirements(&mut self, pointer: &str, old: &Value, new: &Value) {
        let set = |value: &Value| -> BTreeSet<String> {
            value.as_array().into_iter().flatten().map(|requirement| requirement.to_string()).collect()
        };
        let (old, new) = (set(old), set(new));
        for removed in old.difference(&new) {
            self.push(
                pointer,
                Breaks::Clients,
                format!("security requirement {removed} removed: clients that meet only it are refused"),
            );
        }
        for added in new.difference(&old) {
            self.push(pointer, Breaks::Nobody, format!("security requirement {added} added"));
        }
    }

    fn section(&mut self, section: &str, party: Breaks) {
        let items = |document: &Value| -> Map<String, Value> {
            let key = if section == "webhooks" && document.get("webhooks").is_none() {
                "x-webhooks"
            } else {
                section
            };
            document.get(key).and_then(Value::as_object).cloned().unwrap_or_default()
        };
        let (old_items, new_items) = (items(self.old), items(self.new));
        let what = if party == Breaks::Clients { "operation" } else { "delivery" };
        for (name, old_item) in &old_items {
            for method in METHODS {
                let Some(old_operation) = old_item.get(method) else { continue };
                let pointer = format!("/{section}/{}/{method}", escape(name));
                match new_items.get(name).and_then(|item| item.get(method)) {
                    None => self.push(
                        &pointer,
                        party,
                        format!("{what} `{} {name}` removed", method.to_uppercase()),
                    ),
                    Some(new_operation) => {
                        let (old_item, new_item) = (old_item.clone(), new_items[name].clone());
                        self.operation(
                            &pointer,
                            party,
                            (&old_item, old_operation),
                            (&new_item, new_operation),
                        );
                    }
                }
            }
        }
        for (name, new_item) in &new_items {
            for method in METHODS {
                if new_item.get(method).is_some()
                    && old_items.get(name).and_then(|item| item.get(method)).is_none()
                {
                    let pointer = format!("/{section}/{}/{method}", escape(name));
                    self.push(
                        &pointer,
                        Breaks::Nobody,
                        format!("{what} `{} {name}` added", method.to_uppercase()),
                    );
                }
            }
        }
    }

    fn operation(&mut self, pointer: &str, party: Breaks, old: (&Value, &Value), new: (&Value, &Value)) {
        // Clients write requests and read responses; receivers read requests and write responses.
        let (request_flow, response_flow) =
            if party == Breaks::Clients { (Flow::Writes, Flow::Reads) } else { (Flow::Reads, Flow::Writes) };
        self.parameters(pointer, party, request_flow, old, new);
        self.request_body(pointer, party, request_flow, old.1, new.1);
        self.responses(pointer, party, response_flow, old.1, new.1);
        if party == Breaks::Clients && (old.1.get("security").is_some() || new.1.get("security").is_some()) {
            let inherited = |operation: &Value, document: &Value| {
                operation.get("security").unwrap_or(&document["security"]).clone()
            };
            let (old_security, new_security) = (inherited(old.1, self.old), inherited(new.1, self.new));
            self.requirements(&format!("{pointer}/security"), &old_security, &new_security);
        }
    }

    fn parameters(
        &mut self,
        pointer: &str,
        party: Breaks,
        flow: Flow,
        old: (&Value, &Value),
        new: (&Value, &Value),
    ) {
        // Each parameter by `in` and `name`, with its JSON pointer; the operation's override the
        // path item's.
        let item_pointer = pointer.rsplit_once('/').map_or(pointer, |(item, _)| item);
        let collect = |document: &Value,
                       (item, operation): (&Value, &Value)|
         -> Vec<(String, Value, String)> {
            let mut found: Vec<(String, Value, String)> = Vec::new();
            for (holder, at) in [(item, item_pointer), (operation, pointer)] {
                for (index, parameter) in holder["parameters"].as_array().into_iter().flatten().enumerate() {
                    let parameter = resolve(document, parameter).clone();
                    let key = format!(
                        "{} {}",
                        parameter["in"].as_str().unwrap_or(""),
                        parameter["name"].as_str().unwrap_or("")
                    );
                    found.retain(|(existing, _, _)| *existing != key);
                    found.push((key, parameter, format!("{at}/parameters/{index}")));
                }
            }
            found
        };
        let (old_parameters, new_parameters) = (collect(self.old, old), collect(self.new, new));
        let required = |parameter: &Value| parameter["required"].as_bool().unwrap_or(false);
        for (key, old_parameter, old_at) in &old_parameters {
            match new_parameters.iter().find(|(candidate, _, _)| candidate == key) {
                None => self.push(
                    old_at,
                    party,
                    match flow {
                        Flow::Writes => {
                            format!("parameter {key} removed: the API no longer reads what clients send")
                        }
                        Flow::Reads => {
                            format!("parameter {key} removed: receivers that read it find nothing")
                        }
                    },
                ),
                Some((_, new_parameter, at)) => {
                    match (required(old_parameter), required(new_parameter), flow) {
                        (false, true, Flow::Writes) => {
                            self.push(at, party, format!("parameter {key} became required"))
                        }
                        (true, false, Flow::Reads) => {
                            self.push(at, party, format!("parameter {key} is no longer always sent"))
                        }
                        (was, is, _) if was != is => {
                            self.push(at, Breaks::Nobody, format!("parameter {key} required: {was} -> {is}"))
                        }
                        _ => {}
                    }
                    if old_parameter.get("x-hookspec-signature") != new_parameter.get("x-hookspec-signature")
                    {
                        self.push(at, party, format!("parameter {key}: the signature scheme changed, so verifiers compute another value"));
                    }
                    let (old_schema, new_schema) =
                        (old_parameter["schema"].clone(), new_parameter["schema"].clone());
                    self.schema(&format!("{at}/schema"), party, flow, &old_schema, &new_schema);
                }
            }
        }
        for (key, new_parameter, at) in &new_parameters {
            if !old_parameters.iter().any(|(candidate, _, _)| candidate == key) {
                let breaking = flow == Flow::Writes && required(new_parameter);
                self.judge(
                    at,
                    party,
                    breaking,
                    format!("parameter {key} added{}", if breaking { " as required" } else { "" }),
                );
            }
        }
    }

    fn request_body(&mut self, pointer: &str, party: Breaks, flow: Flow, old: &Value, new: &Value) {
        let at = format!("{pointer}/requestBody");
        let (old_body, new_body) =
            (resolve(self.old, &old["requestBody"]).clone(), resolve(self.new, &new["requestBody"]).clone());
        let required = |body: &Value| body["required"].as_bool().unwrap_or(false);
        match (old_body.is_null(), new_body.is_null()) {
            (true, true) => return,
            (true, false) => {
                let breaking = flow == Flow::Writes && required(&new_body);
                return self.judge(
                    &at,
                    party,
                    breaking,
                    format!("request body added{}", if breaking { " as required" } else { "" }),
                );
            }
            (false, true) => return self.push(&at, party, "request body removed".into()),
            _ => {}
        }
        match (required(&old_body), required(&new_body), flow) {
            (false, true, Flow::Writes) => self.push(&at, party, "request body became required".into()),
            (true, false, Flow::Reads) => {
                self.push(&at, party, "request body is no longer always sent".into())
            }
            _ => {}
        }
        self.content(&at, party, flow, &old_body, &new_body);
    }

    fn content(&mut self, pointer: &str, party: Breaks, flow: Flow, old: &Value, new: &Value) {
        let (old_content, new_content) = (members(old, "content"), members(new, "content"));
        for (media, old_media) in &old_content {
            let at = format!("{pointer}/content/{}", escape(media));
            match new_content.get(media) {
                None => self.push(&at, party, format!("media type {media} removed")),
                Some(new_media) => self.schema(
                    &format!("{at}/schema"),
                    party,
                    flow,
                    &old_media["schema"],
                    &new_media["schema"],
                ),
            }
        }
        for media in new_content.keys().filter(|media| !old_content.contains_key(*media)) {
            let at = format!("{pointer}/content/{}", escape(media));
            self.judge(&at, party, flow == Flow::Reads, format!("media type {media} added"));
        }
    }

    fn responses(&mut self, pointer: &str, party: Breaks, flow: Flow, old: &Value, new: &Value) {
        let (old_responses, new_responses) = (members(old, "responses"), members(new, "responses"));
        let success = |status: &str| status.starts_with('2');
        for (status, old_response) in &old_responses {
            let at = format!("{pointer}/responses/{}", escape(status));
            match new_responses.get(status) {
                // A reader loses an answer it handled; a writer loses an answer it may give.
                None => self.judge(
                    &at,
                    party,
                    success(status) || flow == Flow::Writes,
                    format!("response {status} removed"),
                ),
                Some(new_response) => {
                    let (old_response, new_response) =
                        (resolve(self.old, old_response).clone(), resolve(self.new, new_response).clone());
                    self.content(&at, party, flow, &old_response, &new_response);
                }
            }
        }
        for status in new_responses.keys().filter(|status| !old_responses.contains_key(*status)) {
            let at = format!("{pointer}/responses/{}", escape(status));
            self.judge(
                &at,
                party,
                flow == Flow::Reads && success(status),
                format!("response {status} added"),
            );
        }
    }
}
