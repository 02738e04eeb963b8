//! The contract run: a provider's mock driven through a scenario derived from its published
//! document, every answer and every delivery checked against that document.
//!
//! The scenario: every operation in the order of what the behaviour data says it does (creates
//! first, deletes last), each list once bare and once with each of its query parameters, a request
//! without credentials and, where there is a body, one with a body that cannot be parsed; then,
//! for every event of the catalogue, a webhook subscribed to it (made from the create body with its
//! event names replaced) and a trigger. An answer is checked for a status the operation lists, its
//! body against that response's schema and every header the response declares; a delivery for its
//! payload against the event's schema, every header the delivery declares as required, and its
//! signature under the provider's scheme with the webhook's secret. JSON-RPC methods are called
//! through the endpoint, each answer checked against the document's response schema and the
//! method's result schema.

use std::collections::BTreeMap;

use hookspec_dialects::behaviour::Action;
use hookspec_dialects::table::{Named, Params};
use hookspec_dialects::{Fact, Place, Protocol, Provider, Wildcard};
use hookspec_toolkit::{lookup, validate};
use serde_json::{Value, json};

use crate::scene::Scene;

/// How much a run checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Operations (or JSON-RPC methods) called.
    pub operations: usize,
    /// Events of the catalogue triggered.
    pub events: usize,
    /// Answers checked against the document.
    pub responses: usize,
    /// Deliveries checked against the document and the signature scheme.
    pub deliveries: usize,
}

/// An answer: status, headers (names lower-case) and body.
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// A webhook the scenario made: where it is delivered, its secret.
pub(super) struct Made {
    id: Value,
    url: String,
    secret: Option<String>,
    events: Vec<String>,
    enabled: bool,
}

/// Runs the contract of `provider` against the mock serving `yaml` (its OpenAPI 3.1 document,
/// named `name`): the counts, or every failure, each naming the operation or event and the entry
/// at fault.
pub fn run(provider: &'static Provider, name: &str, yaml: &str) -> Result<Counts, Vec<String>> {
    let options = hookspec_sandbox::Options { time_scale: 0.001, ..Default::default() };
    let app =
        hookspec_sandbox::app_with_document(provider, name, yaml, options).map_err(|error| vec![error])?;
    let document: Value = yaml_serde::from_str(yaml).map_err(|error| vec![format!("{name}: {error}")])?;
    let mut run = Run {
        provider,
        scene: Scene::serve(app, &[]),
        document,
        counts: Counts::default(),
        failures: Vec::new(),
        made: Vec::new(),
        delivery: None,
        session: None,
        hooks: std::cell::Cell::new(0),
    };
    match &provider.protocol {
        Protocol::Rest { .. } => run.rest(),
        Protocol::JsonRpc { .. } => run.jsonrpc(),
    }
    run.events();
    if run.failures.is_empty() { Ok(run.counts) } else { Err(run.failures) }
}

struct Run {
    provider: &'static Provider,
    scene: Scene,
    document: Value,
    counts: Counts,
    failures: Vec<String>,
    made: Vec<Made>,
    /// The id of a delivery record the scenario listed, for the requests that name one.
    delivery: Option<Value>,
    /// A JSON-RPC session, once logged in.
    session: Option<Value>,
    /// How many webhook URLs were handed out.
    hooks: std::cell::Cell<usize>,
}

/// The rank of an action in the scenario: what makes webhooks first, what removes them last.
fn rank(action: Option<&Action>) -> u8 {
    match action {
        Some(Action::Create(_)) => 0,
        Some(Action::ListEventTypes(_) | Action::RetrieveEventType { .. }) => 1,
        Some(Action::Retrieve(_)) => 2,
        Some(Action::List(_)) => 3,
        Some(Action::Update(_) | Action::SetEnabled { .. } | Action::Nested(_)) => 4,
        Some(Action::Replace(_)) => 5,
        // What was delivered comes after the deliveries: listed, then one of them named.
        Some(Action::Deliver(_)) | None => 6,
        Some(Action::ListDeliveries(_)) => 7,
        Some(Action::RetrieveDelivery(_)) => 8,
        Some(Action::Redeliver(_)) => 9,
        Some(Action::Delete(_)) => 10,
    }
}

impl Run {
    fn fail(&mut self, failure: String) {
        self.failures.push(failure);
    }

    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Answer {
        self.scene.runtime.block_on(async {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
            let mut request = self.scene.http.request(method, format!("{}{path}", self.scene.mock));
            for (name, value) in headers {
                request = request.header(name.as_str(), value.as_str());
            }
            if let Some((media, body)) = body {
                request = request.header("content-type", media).body(body);
            }
            let response = request.send().await.expect("the mock answers");
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_owned()))
                .collect();
            let body = response.bytes().await.expect("a body").to_vec();
            Answer { status, headers, body }
        })
    }

    /// The made-up credentials of the first security requirement, as headers.
    fn credentials(&self) -> Vec<(String, String)> {
        let key = self.provider.behaviour.keys.as_ref().map(|keys| keys.example.as_str());
        self.provider
            .table
            .example_credentials(key)
            .iter()
            .filter_map(|line| line.split_once(": ").map(|(name, value)| (name.to_owned(), value.to_owned())))
            .collect()
    }

    /// Checks `answer` against the response the operation at `pointer` (`id`) lists for its
    /// status; `expected` is the status class wanted (2 for success, 4 for a refusal).
    fn check(&mut self, id: &str, pointer: &str, answer: &Answer, expected: u16, what: &str) -> bool {
        self.counts.responses += 1;
        let document = &self.document.clone();
        let operation = document.pointer(pointer).cloned().unwrap_or(Value::Null);
        let responses = operation["responses"].as_object().cloned().unwrap_or_default();
        let status = answer.status.to_string();
        let class = format!("{}XX", status.chars().next().unwrap_or('0'));
        let entry =
            responses.get(&status).or_else(|| responses.get(&class)).or_else(|| responses.get("default"));
        let at = format!("`{id}` ({what})");
        let Some(entry) = entry else {
            let listed: Vec<&String> = responses.keys().collect();
            self.fail(format!(
                "{at} answered {status}, which api.yaml's `{id}` does not list ({listed:?}): {}",
                String::from_utf8_lossy(&answer.body)
            ));
            return false;
        };
        if answer.status / 100 != expected {
            let fault =
                if expected == 2 { format!("behaviour.yaml's `operations.{id}`") } else { "the mock".into() };
            self.fail(format!(
                "{at} answered {status} where the document's request asks for a {expected}xx ({fault}): {}",
                String::from_utf8_lossy(&answer.body)
            ));
            return false;
        }
        let response = lookup::resolve(document, entry).clone();
        let mut good = true;
        match response.get("content").and_then(Value::as_object).and_then(|content| content.iter().next()) {
            Some((media, content)) => {
                let given = answer.headers.get("content-type").map(String::as_str).unwrap_or_default();
                if !given.starts_with(media.as_str()) {
                    self.fail(format!(
                        "{at} answered {status} as `{given}`, where api.yaml's `{id}` gives {media}"
                    ));
                    good = false;
                }
                let body = answer.json();
                if let Err(problems) = validate::validate(document, &content["schema"], &body) {
                    let fault = if answer.status < 300 {
                        format!("behaviour.yaml's `operations.{id}`")
                    } else {
                        "behaviour.yaml's `refusals`".into()
                    };
                    self.fail(format!(
                        "{at}: the {status} answer breaks its schema in api.yaml's `{id}` ({fault}): {problems}: {body}"
                    ));
                    good = false;
                }
            }
            None if !answer.body.is_empty() => {
                self.fail(format!(
                    "{at}: the {status} answer has a body, where api.yaml's `{id}` gives none"
                ));
                good = false;
            }
            None => {}
        }
        for (header, declared) in response.get("headers").and_then(Value::as_object).into_iter().flatten() {
            let declared = lookup::resolve(document, declared);
            // A header made by a template is on every answer; one the sandbox makes only when it
            // applies (`Link`, where there is another page) may be absent: a response header is
            // optional unless the document says otherwise.
            let templated =
                self.provider.behaviour.headers.get(id).is_some_and(|made| made.contains_key(header));
            match answer.headers.get(&header.to_ascii_lowercase()) {
                None if !templated && declared["required"] != true => {}
                None => {
                    self.fail(format!(
                        "{at}: the {status} answer lacks the header `{header}` that api.yaml's `{id}` declares \
                         (behaviour.yaml's `headers.{id}` makes it)"
                    ));
                    good = false;
                }
                Some(value) => {
                    if let Err(problems) = validate::validate(document, &declared["schema"], &json!(value)) {
                        self.fail(format!(
                            "{at}: the header `{header}: {value}` breaks api.yaml's `{id}`: {problems}"
                        ));
                        good = false;
                    }
                }
            }
        }
        good
    }

    /// The documented request example of `id`, when it is JSON.
    fn example(&self, id: &str) -> Option<Value> {
        self.provider.facts.claims.iter().find_map(|claim| match &claim.fact {
            Fact::Example { fixture, at: Place::Request { operation }, .. } if operation == id => {
                serde_json::from_str(fixture.text()).ok()
            }
            _ => None,
        })
    }

    /// A webhook URL at the receiver, a new one each time.
    fn hook_url(&self) -> String {
        let next = self.hooks.get();
        self.hooks.set(next + 1);
        format!("{}?hook={next}", self.scene.receiver_url)
    }

    /// Reads an answer that shows a webhook into what the scenario keeps of it.
    fn keep(&mut self, answer: &Value, secret: Option<String>) {
        let Ok(webhook) = (self.provider.wire.webhook)(answer) else { return };
        let id = answer.get(&self.provider.behaviour.webhooks.id.field).cloned().unwrap_or(Value::Null);
        let made = Made {
            id,
            url: webhook.url,
            secret: webhook.secret.or(secret),
            events: webhook.events,
            enabled: webhook.enabled,
        };
        self.made.push(made);
    }

    /// Makes a webhook subscribed to `event`, as the protocol does.
    fn subscribe(&mut self, event: &str) {
        match &self.provider.protocol {
            Protocol::Rest { .. } => self.subscribe_rest(event),
            Protocol::JsonRpc { .. } => self.subscribe_rpc(event),
        }
    }

    /// The id of the webhook the scenario works on: the first it made that is still there.
    fn current(&self) -> Option<&Made> {
        self.made.first()
    }
}

/// `body` with every URL (a value that is one, or that of a field named `url` or ending in `url`)
/// made `url`, and, when `event` is given, every event name or event type ID of the catalogue made
/// that event's (a comma-separated list of names too).
pub fn retarget(provider: &Provider, body: &Value, url: &str, event: Option<&str>) -> Value {
    let catalogue = &provider.catalogue;
    // The event, by its name or the name a webhook subscribes to it by; a webhook names the latter.
    let wanted = event.and_then(|name| {
        catalogue.events.iter().find(|known| known.name == name || known.subscription() == name)
    });
    let named =
        |text: &str| catalogue.events.iter().any(|known| known.name == text || known.subscription() == text);
    match body {
        Value::String(text) if text.starts_with("http://") || text.starts_with("https://") => json!(url),
        Value::String(text) if wanted.is_some() => {
            let Some(wanted) = wanted else { return body.clone() };
            if named(text) || (text.contains(',') && text.split(',').all(|part| named(part.trim()))) {
                json!(wanted.subscription())
            } else if catalogue.events.iter().any(|known| known.id.as_deref() == Some(text.as_str())) {
                wanted.id.clone().map_or_else(|| body.clone(), Value::String)
            } else {
                body.clone()
            }
        }
        Value::Array(items)
            if wanted.is_some() && items.iter().any(|item| item.as_str().is_some_and(named)) =>
        {
            json!([wanted.map(|event| event.subscription().to_owned())])
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| retarget(provider, item, url, event)).collect())
        }
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| match value {
                    Value::String(_) if key.to_ascii_lowercase().ends_with("url") => {
                        (key.clone(), json!(url))
                    }
                    _ => (key.clone(), retarget(provider, value, url, event)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `text` percent-encoded for a query or form.
pub fn escape(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(byte).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// A JSON value as a form (`a[]=x&m[k]=v`), as the document's form media type reads it.
pub fn form(body: &Value) -> Vec<u8> {
    fn pairs(name: &str, value: &Value, into: &mut Vec<String>) {
        match value {
            Value::Null => {}
            Value::Array(items) => items.iter().for_each(|item| pairs(&format!("{name}[]"), item, into)),
            Value::Object(members) => {
                members.iter().for_each(|(key, item)| pairs(&format!("{name}[{key}]"), item, into));
            }
            Value::String(text) => into.push(format!("{}={}", escape(name), escape(text))),
            other => into.push(format!("{}={}", escape(name), escape(&other.to_string()))),
        }
    }
    let mut into = Vec::new();
    for (key, value) in body.as_object().into_iter().flatten() {
        pairs(key, value, &mut into);
    }
    into.join("&").into_bytes()
}

/// Whether a webhook subscribed to `events` gets `event`, by the wire's wildcard.
pub fn covered(provider: &Provider, events: &[String], event: &str) -> bool {
    events.iter().any(|subscribed| Wildcard::covers(provider.wire.wildcard, subscribed, event))
}

/// The schema of a JSON-RPC parameter or result, as the document holds it.
pub fn named_schema(schema: &Named<Value>) -> Value {
    match schema {
        Named::Name(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
        Named::Value(schema) => schema.clone(),
    }
}

/// The positional parameters of a JSON-RPC method, if documented.
pub fn positional(params: &Params) -> &[hookspec_dialects::table::Param] {
    match params {
        Params::Positional(params) => params,
        Params::Undocumented(_) => &[],
    }
}

#[path = "rest.rs"]
mod rest;

#[path = "rpc.rs"]
mod rpc;

#[path = "events.rs"]
mod events;
