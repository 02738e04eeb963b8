//! The REST scenario: every operation of the document, in the order of what it does.

use hookspec_dialects::behaviour::{Action, Listing, Paging};
use hookspec_toolkit::{lookup, sample};
use serde_json::{Value, json};

use super::{Answer, Run, escape, form, rank, retarget};

/// One operation of the document.
struct Operation {
    id: String,
    method: String,
    path: String,
    pointer: String,
}

/// A request to make.
struct Request {
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
}

impl Run {
    pub(super) fn rest(&mut self) {
        let base = self.provider.table.servers.first().map(|server| server.base_path()).unwrap_or_default();
        let mut operations: Vec<Operation> = lookup::operations(&self.document)
            .into_iter()
            .map(|found| Operation {
                id: found.object["operationId"].as_str().unwrap_or_default().to_owned(),
                method: found.method.to_ascii_uppercase(),
                path: format!("{base}{}", found.path),
                pointer: found.pointer(),
            })
            .collect();
        // The operations on one collection of webhooks (`/repos/{owner}/{repo}/hooks...` and
        // `/orgs/{org}/hooks...` are two) are a scenario of their own, in the order of what each does.
        let behaviour = &self.provider.behaviour;
        let collection = |operation: &Operation| {
            let action = behaviour.operations.get(&operation.id);
            let path = &operation.path;
            let end = action.and_then(webhook_parameter).and_then(|name| path.find(&format!("/{{{name}}}")));
            path[..end.unwrap_or(path.len())].trim_end_matches('/').to_owned()
        };
        let mut collections: Vec<String> = Vec::new();
        for operation in &operations {
            let found = collection(operation);
            if !collections.contains(&found) {
                collections.push(found);
            }
        }
        operations.sort_by_key(|operation| {
            let found = collection(operation);
            (
                collections.iter().position(|known| *known == found),
                rank(behaviour.operations.get(&operation.id)),
            )
        });
        let mut last_collection = None;
        for operation in &operations {
            let this = collection(operation);
            if last_collection.as_ref() != Some(&this) {
                self.made.clear();
                self.delivery = None;
                last_collection = Some(this);
            }
            self.counts.operations += 1;
            let action = self.provider.behaviour.operations.get(&operation.id).cloned();
            let Some(action) = action else {
                self.fail(format!(
                    "`{}` (api.yaml) has no entry under behaviour.yaml's `operations`: the mock cannot serve it",
                    operation.id
                ));
                continue;
            };
            let request = self.request(operation, &action, &[], None);
            self.probe(operation, &request);
            let answer = self.call(operation, &request);
            self.check(&operation.id, &operation.pointer, &answer, 2, "the scenario's request");
            // What a success made or changed is kept even when its answer breaks the document, so
            // that one fault is reported once.
            if answer.status < 300 {
                self.after(&action, &answer);
            }
            if let Action::List(listing) = &action {
                for (name, value) in self.query_values(operation, listing) {
                    let request = self.request(operation, &action, &[(name.clone(), value.clone())], None);
                    let answer = self.call(operation, &request);
                    self.check(
                        &operation.id,
                        &operation.pointer,
                        &answer,
                        2,
                        &format!("with `{name}={value}`"),
                    );
                }
            }
            if let Action::Delete(_) = action {
                let answer = self.call(operation, &request);
                self.check(&operation.id, &operation.pointer, &answer, 4, "the deleted webhook again");
            }
        }
    }

    /// Makes a webhook subscribed to `event` with the create operation's body; whether it was made
    /// (a refusal must be one the operation lists: an event the API does not let a webhook take).
    pub(super) fn subscribe_rest(&mut self, event: &str) {
        let base = self.provider.table.servers.first().map(|server| server.base_path()).unwrap_or_default();
        let create =
            self.provider.behaviour.operations.iter().find(|(_, action)| matches!(action, Action::Create(_)));
        let Some((id, action)) = create.map(|(id, action)| (id.clone(), action.clone())) else { return };
        let Some(found) = lookup::operation(&self.document, &id) else { return };
        let operation = Operation {
            id: id.clone(),
            method: found.method.to_ascii_uppercase(),
            path: format!("{base}{}", found.path),
            pointer: found.pointer(),
        };
        let request = self.request(&operation, &action, &[], Some(event));
        let answer = self.call(&operation, &request);
        if std::env::var_os("CONTRACT_DEBUG").is_some() {
            eprintln!("subscribe {event}: {} {}", answer.status, String::from_utf8_lossy(&answer.body));
        }
        if answer.status < 300 {
            self.check(&id, &operation.pointer, &answer, 2, &format!("subscribing to `{event}`"));
            self.keep(&answer.json(), None);
        } else {
            self.check(&id, &operation.pointer, &answer, 4, &format!("subscribing to `{event}`"));
        }
    }

    /// What the scenario learns from a success: the webhook made, changed or deleted.
    fn after(&mut self, action: &Action, answer: &Answer) {
        match action {
            Action::Create(_) => self.keep(&answer.json(), None),
            Action::Update(_) | Action::Replace(_) if !self.made.is_empty() => {
                let kept = self.made.remove(0);
                self.keep(&answer.json(), kept.secret);
                let changed = self.made.pop().expect("kept");
                self.made.insert(0, changed);
            }
            Action::Delete(_) if !self.made.is_empty() => {
                self.made.remove(0);
            }
            // A delivery record the scenario's later requests name: the newest listed.
            Action::ListDeliveries(_) => {
                let records = answer.json();
                let first = records.as_array().and_then(|records| records.first());
                self.delivery = first.and_then(|record| record.get(self.delivery_id_field()?)).cloned();
            }
            _ => {}
        }
    }

    /// The requests that should be refused: without credentials, and with a body the media type
    /// cannot parse. Each answer must be one the operation lists, in its schema.
    fn probe(&mut self, operation: &Operation, request: &Request) {
        let credentials = self.credentials();
        let without: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| !credentials.iter().any(|(known, _)| known.eq_ignore_ascii_case(name)))
            .cloned()
            .collect();
        let unauthenticated = Request {
            headers: without,
            query: request.query.clone(),
            path: request.path.clone(),
            body: request.body.clone(),
        };
        let answer = self.call(operation, &unauthenticated);
        self.check(&operation.id, &operation.pointer, &answer, 4, "without credentials");
        if let Some((media, _)) = &request.body {
            let broken = if media.contains("json") { b"{not json".to_vec() } else { b"a[=%FF".to_vec() };
            let malformed = Request { body: Some((media.clone(), broken)), ..self.copy(request) };
            let answer = self.call(operation, &malformed);
            self.check(&operation.id, &operation.pointer, &answer, 4, "with a body that cannot be parsed");
        }
    }

    fn copy(&self, request: &Request) -> Request {
        Request {
            path: request.path.clone(),
            query: request.query.clone(),
            headers: request.headers.clone(),
            body: request.body.clone(),
        }
    }

    fn call(&self, operation: &Operation, request: &Request) -> Answer {
        let mut path = request.path.clone();
        if !request.query.is_empty() {
            let query: Vec<String> = request
                .query
                .iter()
                .map(|(name, value)| format!("{}={}", escape(name), escape(value)))
                .collect();
            path = format!("{path}?{}", query.join("&"));
        }
        let body = request.body.as_ref().map(|(media, body)| (media.as_str(), body.clone()));
        self.send(&operation.method, &path, &request.headers, body)
    }

    /// The scenario's request to `operation`: its path with the current webhook's id, every
    /// required header, credentials, `query`, and a body from the documented example (else one
    /// made from the schema) with its URLs at the receiver.
    fn request(
        &self,
        operation: &Operation,
        action: &Action,
        query: &[(String, String)],
        event: Option<&str>,
    ) -> Request {
        let document = &self.document;
        let found = lookup::operation(document, &operation.id).expect("the operation is in the document");
        let id = self.current().map(|made| made.id.clone());
        let text = |value: &Value| value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        let mut path = operation.path.clone();
        let mut headers = self.credentials();
        let owner_header = match &self.provider.behaviour.webhooks.owner {
            Some(hookspec_dialects::behaviour::Owner::Header(header)) => Some(header.as_str()),
            _ => None,
        };
        for parameter in lookup::parameters(document, found) {
            let name = parameter["name"].as_str().unwrap_or_default();
            let value = match (action, parameter["in"].as_str()) {
                (Action::RetrieveEventType { id: wanted, .. }, Some("path")) if wanted == name => {
                    let event = self.provider.catalogue.events.iter().find_map(|event| event.id.clone());
                    json!(event.unwrap_or_default())
                }
                (Action::RetrieveDelivery(target) | Action::Redeliver(target), Some("path"))
                    if target.delivery == name =>
                {
                    self.delivery.clone().unwrap_or_else(|| json!("none"))
                }
                (_, Some("path")) if webhook_parameter(action) == Some(name) => {
                    id.clone().unwrap_or_else(|| json!("none"))
                }
                // Another path parameter names whose webhooks they are (GitHub's `owner` and
                // `repo`): the same owner throughout.
                (_, Some("path")) => json!("contract"),
                // A required header, and the header that names whose webhooks a request acts on
                // (which a provider with account-wide webhooks makes optional): a client that has an
                // owner names it.
                (_, Some("header")) if parameter["required"] == true || owner_header == Some(name) => {
                    json!("contract")
                }
                _ => continue,
            };
            match parameter["in"].as_str() {
                Some("path") => path = path.replace(&format!("{{{name}}}"), &text(&value)),
                _ => headers.push((name.to_owned(), text(&value))),
            }
        }
        let body = found.object.get("requestBody").map(|body| {
            let body = lookup::resolve(document, body);
            let (media, entry) = lookup::media(body);
            let value = self
                .example(&operation.id)
                .unwrap_or_else(|| sample::value(document, &entry["schema"], sample::Fill::All));
            let value = retarget(self.provider, &value, &self.hook_url(), event);
            let bytes = if media == "application/x-www-form-urlencoded" {
                form(&value)
            } else {
                serde_json::to_vec(&value).expect("JSON")
            };
            (media.to_owned(), bytes)
        });
        Request { path, query: query.to_vec(), headers, body }
    }

    /// The member of a delivery record that holds its id (`{attempt_id}` in the record's shape).
    fn delivery_id_field(&self) -> Option<&str> {
        let shape = self.provider.behaviour.webhooks.delivery_record.as_ref()?;
        shape.templates().into_iter().find_map(|(path, template)| match path.as_slice() {
            [member] if template.text() == "{attempt_id}" => Some(*member),
            _ => None,
        })
    }

    /// Each query parameter of a list with a value: a cursor names the current webhook, the rest
    /// take their default, example or a value made from their schema.
    fn query_values(&self, operation: &Operation, listing: &Listing) -> Vec<(String, String)> {
        let document = &self.document;
        let found = lookup::operation(document, &operation.id).expect("the operation is in the document");
        let cursors: Vec<&String> = match &listing.paging {
            Some(Paging::Cursor { after, before, .. }) => {
                [Some(after), before.as_ref()].into_iter().flatten().collect()
            }
            _ => Vec::new(),
        };
        let id = self.current().map(|made| made.id.clone());
        lookup::parameters(document, found)
            .into_iter()
            .filter(|parameter| parameter["in"] == "query")
            .map(|parameter| {
                let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                let schema = parameter.get("schema").cloned().unwrap_or(json!({}));
                let value = if cursors.contains(&&name) {
                    id.clone().unwrap_or(Value::Null)
                } else {
                    sample::value(document, &schema, sample::Fill::All)
                };
                let value = match value {
                    Value::Array(items) => items.first().cloned().unwrap_or(Value::Null),
                    other => other,
                };
                let text = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
                let name = if schema["type"] == "array" { format!("{name}[]") } else { name };
                (name, text)
            })
            .collect()
    }
}

/// The path parameter that names the webhook `action` acts on, where it names one.
fn webhook_parameter(action: &Action) -> Option<&str> {
    match action {
        Action::Retrieve(target)
        | Action::Update(target)
        | Action::Replace(target)
        | Action::Delete(target) => target.parameter.as_deref(),
        Action::Deliver(delivering) => Some(&delivering.parameter),
        Action::Nested(nested) => Some(&nested.parameter),
        Action::ListDeliveries(listing) => Some(&listing.parameter),
        Action::RetrieveDelivery(target) | Action::Redeliver(target) => Some(&target.parameter),
        _ => None,
    }
}
