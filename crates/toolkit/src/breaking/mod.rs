//! Breaking-change report between two API descriptions (OpenAPI 3.0 or 3.1, or OpenRPC): each
//! change with its JSON pointer, its kind, and how severe it is for API clients and for delivery
//! receivers.
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
//! it relied on breaks it (a type or branch added; a required property removed or no longer
//! required; a bound loosened; a success status removed). A few changes break only some users,
//! and are warnings: a new enum value or success status where a party reads (a reader that
//! matches every value it knows fails, one with a default does not), an optional property
//! removed where it reads, something newly deprecated, and an example removed. Everything else
//! is information.
//!
//! Where the rules come from: the classification into "breaks the writer" and "breaks the
//! reader" is the one Oxide's `drift` crate makes (backward- and forward-incompatible changes),
//! and the rules for operations, parameters, bodies, responses and schemas follow its cases.
//! `drift` itself is not used: it reads OpenAPI 3.0 `paths` through the `openapiv3` types, while
//! hookspec's reference documents are 3.1 and half of what they describe is deliveries, and it
//! would add its dependencies to the build of `cargo xtask spec --check`, which classifies drift
//! with this module. What `drift` lacks and is written here: 3.1 schemas (type arrays,
//! `const`, `prefixItems`), deliveries with the roles reversed, their signature scheme, servers
//! and security, warnings, and OpenRPC. `tests/breaking.rs` checks the rules on a table of
//! mutations in both directions.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde_json::{Map, Value};

use crate::lookup::{METHODS, escape};

mod openrpc;
mod operation;
mod schema;
pub mod version;

use schema::strip_docs;

/// The party a change is judged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Party {
    /// API clients, which write requests and read responses.
    Clients,
    /// Delivery receivers, which read deliveries and answer them.
    Receivers,
}

impl Party {
    /// A short name, as JSON reports and the accepted-changes file write it.
    pub fn key(self) -> &'static str {
        match self {
            Party::Clients => "clients",
            Party::Receivers => "receivers",
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Party::Clients => "API clients",
            Party::Receivers => "delivery receivers",
        })
    }
}

/// How much a change may hurt the party it is judged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Every party tolerates it: an addition, a loosening where the party writes.
    Info,
    /// It breaks some users: a new enum value where the party reads, a deprecation, an example
    /// removed.
    Warning,
    /// It breaks users who did nothing wrong.
    Breaking,
}

impl Severity {
    /// The lower-case name, as every report writes it.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.key())
    }
}

/// One change between the two documents, judged for one party.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Where: a JSON pointer into the new document, or into the old one for what was removed.
    pub pointer: String,
    /// What kind of change, a stable kebab-case name (`property-removed`): with the pointer, what
    /// an accepted change names.
    pub kind: &'static str,
    /// Whom it is judged for.
    pub party: Party,
    /// How severe it is for them.
    pub severity: Severity,
    /// What changed and why it matters (or does not).
    pub why: String,
}

/// The comparison of two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every change found, in the order the documents were walked.
    pub changes: Vec<Change>,
    /// `info.version` of the old and the new document.
    pub versions: (String, String),
    /// Whether the documents differ at all, `info.version` aside: words and examples count.
    pub differs: bool,
}

impl Report {
    /// Whether any change breaks someone.
    pub fn breaking(&self) -> bool {
        self.changes.iter().any(|change| change.severity == Severity::Breaking)
    }

    /// Whom the changes break.
    pub fn broken(&self) -> BTreeSet<Party> {
        self.changes
            .iter()
            .filter(|change| change.severity == Severity::Breaking)
            .map(|change| change.party)
            .collect()
    }

    /// How many changes have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.changes.iter().filter(|change| change.severity == severity).count()
    }
}

/// Which way data flows for the party a schema is judged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Flow {
    /// The party writes it: narrowing breaks.
    Writes,
    /// The party reads it: widening or removing breaks.
    Reads,
}

/// Compares `old` with `new`: two OpenAPI documents, or two OpenRPC documents.
pub fn compare(old: &Value, new: &Value) -> Report {
    let mut comparison = Comparison { old, new, changes: Vec::new(), seen: BTreeSet::new() };
    if old.get("openrpc").is_some() && new.get("openrpc").is_some() {
        comparison.openrpc();
    } else {
        comparison.servers();
        comparison.security();
        comparison.section("paths", Party::Clients);
        comparison.section("webhooks", Party::Receivers);
    }
    // The same finding reached twice (a component used in several places) is listed once, at
    // the highest severity it was judged.
    let mut first: HashMap<(String, &'static str, Party, String), usize> = HashMap::new();
    let mut changes: Vec<Change> = Vec::new();
    for change in comparison.changes {
        let key = (change.pointer.clone(), change.kind, change.party, change.why.clone());
        match first.get(&key) {
            Some(&index) => changes[index].severity = changes[index].severity.max(change.severity),
            None => {
                first.insert(key, changes.len());
                changes.push(change);
            }
        }
    }
    let version = |document: &Value| document["info"]["version"].as_str().unwrap_or("").to_owned();
    Report { changes, versions: (version(old), version(new)), differs: differs(old, new) }
}

/// Whether two documents differ anywhere but in `info.version`.
fn differs(old: &Value, new: &Value) -> bool {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else { return old != new };
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter().any(|key| {
        let (old, new) = (old.get(key), new.get(key));
        if key != "info" {
            return old != new;
        }
        let without_version = |info: Option<&Value>| {
            let mut info = info.cloned().unwrap_or_default();
            if let Some(info) = info.as_object_mut() {
                info.remove("version");
            }
            info
        };
        without_version(old) != without_version(new)
    })
}

struct Comparison<'a> {
    old: &'a Value,
    new: &'a Value,
    changes: Vec<Change>,
    /// Pairs of components already compared, per party and flow (references may cycle).
    seen: BTreeSet<(&'a str, &'a str, Party, Flow)>,
}

/// The members of `value`, if it is an object (none otherwise).
fn map(value: Option<&Value>) -> &Map<String, Value> {
    static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
    value.and_then(Value::as_object).unwrap_or(&EMPTY)
}

/// The members of the object at `key` in `value` (none when it is not an object).
fn members<'v>(value: &'v Value, key: &str) -> &'v Map<String, Value> {
    map(value.get(key))
}

fn deprecated(value: &Value) -> bool {
    value.get("deprecated") == Some(&Value::Bool(true))
}

impl<'a> Comparison<'a> {
    fn push(&mut self, pointer: &str, party: Party, kind: &'static str, severity: Severity, why: String) {
        self.changes.push(Change { pointer: pointer.to_owned(), kind, party, severity, why });
    }

    /// A change that breaks `party` when `breaking`, and is information otherwise.
    fn judge(&mut self, pointer: &str, party: Party, kind: &'static str, breaking: bool, why: String) {
        let severity = if breaking { Severity::Breaking } else { Severity::Info };
        self.push(pointer, party, kind, severity, why);
    }

    /// `deprecated` set or cleared on what `pointer` names.
    fn deprecation(&mut self, pointer: &str, party: Party, what: &str, old: &Value, new: &Value) {
        match (deprecated(old), deprecated(new)) {
            (false, true) => self.push(
                &format!("{pointer}/deprecated"),
                party,
                "deprecated",
                Severity::Warning,
                format!("{what} deprecated: users should move off it before it goes"),
            ),
            (true, false) => self.push(
                &format!("{pointer}/deprecated"),
                party,
                "no-longer-deprecated",
                Severity::Info,
                format!("{what} no longer deprecated"),
            ),
            _ => {}
        }
    }

    fn servers(&mut self) {
        let urls = |document: &'a Value| -> BTreeSet<&'a str> {
            document["servers"].as_array().into_iter().flatten().filter_map(|s| s["url"].as_str()).collect()
        };
        let (old, new) = (urls(self.old), urls(self.new));
        for url in old.difference(&new) {
            let why = format!("server `{url}` removed: clients configured with it fail");
            self.push("/servers", Party::Clients, "server-removed", Severity::Breaking, why);
        }
        for url in new.difference(&old) {
            self.push(
                "/servers",
                Party::Clients,
                "server-added",
                Severity::Info,
                format!("server `{url}` added"),
            );
        }
    }

    fn security(&mut self) {
        let (old, new) = (self.old, self.new);
        let new_schemes = map(new.pointer("/components/securitySchemes"));
        for (name, scheme) in map(old.pointer("/components/securitySchemes")) {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            match new_schemes.get(name) {
                None => self.push(
                    &pointer,
                    Party::Clients,
                    "security-scheme-removed",
                    Severity::Breaking,
                    format!("security scheme `{name}` removed"),
                ),
                Some(new) if strip_docs(new) != strip_docs(scheme) => self.push(
                    &pointer,
                    Party::Clients,
                    "security-scheme-changed",
                    Severity::Breaking,
                    format!("security scheme `{name}` changed: clients send credentials the old way"),
                ),
                Some(_) => {}
            }
        }
        self.requirements("/security", &old["security"], &new["security"]);
    }

    /// Security requirements: each alternative a client may satisfy.
    fn requirements(&mut self, pointer: &str, old: &Value, new: &Value) {
        let set = |value: &Value| -> BTreeSet<String> {
            value.as_array().into_iter().flatten().map(|requirement| requirement.to_string()).collect()
        };
        let (old, new) = (set(old), set(new));
        for removed in old.difference(&new) {
            let why =
                format!("security requirement {removed} removed: clients that meet only it are refused");
            self.push(pointer, Party::Clients, "security-requirement-removed", Severity::Breaking, why);
        }
        for added in new.difference(&old) {
            let why = format!("security requirement {added} added");
            self.push(pointer, Party::Clients, "security-requirement-added", Severity::Info, why);
        }
    }

    fn section(&mut self, section: &str, party: Party) {
        // Deliveries are under `webhooks` in 3.1 and `x-webhooks` in 3.0; pointers name the key
        // each document uses.
        let key = |document: &Value| {
            if section == "webhooks" && document.get("webhooks").is_none() { "x-webhooks" } else { section }
        };
        let (old_key, new_key) = (key(self.old), key(self.new));
        let (old_items, new_items) = (members(self.old, old_key), members(self.new, new_key));
        let what = if party == Party::Clients { "operation" } else { "delivery" };
        for (name, old_item) in old_items {
            for method in METHODS {
                let Some(old_operation) = old_item.get(method) else { continue };
                match new_items.get(name).and_then(|item| item.get(method)) {
                    None => self.push(
                        &format!("/{old_key}/{}/{method}", escape(name)),
                        party,
                        if party == Party::Clients { "operation-removed" } else { "delivery-removed" },
                        Severity::Breaking,
                        format!("{what} `{} {name}` removed", method.to_uppercase()),
                    ),
                    Some(new_operation) => {
                        let pointer = format!("/{new_key}/{}/{method}", escape(name));
                        let new_item = &new_items[name];
                        self.operation(&pointer, party, (old_item, old_operation), (new_item, new_operation));
                    }
                }
            }
        }
        for (name, new_item) in new_items {
            for method in METHODS {
                if new_item.get(method).is_some()
                    && old_items.get(name).and_then(|item| item.get(method)).is_none()
                {
                    self.push(
                        &format!("/{new_key}/{}/{method}", escape(name)),
                        party,
                        if party == Party::Clients { "operation-added" } else { "delivery-added" },
                        Severity::Info,
                        format!("{what} `{} {name}` added", method.to_uppercase()),
                    );
                }
            }
        }
    }
}
