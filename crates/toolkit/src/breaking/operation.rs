//! The rules for operations and deliveries: parameters, request bodies, media types, examples
//! and responses, each judged for the party that writes or reads it.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Comparison, Flow, Party, Severity, members};
use crate::lookup::{escape, resolve};

impl<'a> Comparison<'a> {
    pub(super) fn operation(
        &mut self,
        pointer: &str,
        party: Party,
        old: (&'a Value, &'a Value),
        new: (&'a Value, &'a Value),
    ) {
        // Clients write requests and read responses; receivers read requests and write responses.
        let (request_flow, response_flow) =
            if party == Party::Clients { (Flow::Writes, Flow::Reads) } else { (Flow::Reads, Flow::Writes) };
        let what = if party == Party::Clients { "operation" } else { "delivery" };
        self.deprecation(pointer, party, what, old.1, new.1);
        self.parameters(pointer, party, request_flow, old, new);
        self.request_body(pointer, party, request_flow, old.1, new.1);
        self.responses(pointer, party, response_flow, old.1, new.1);
        if party == Party::Clients && (old.1.get("security").is_some() || new.1.get("security").is_some()) {
            let inherited = |operation: &'a Value, document: &'a Value| -> &'a Value {
                operation.get("security").unwrap_or(&document["security"])
            };
            let (old_security, new_security) = (inherited(old.1, self.old), inherited(new.1, self.new));
            self.requirements(&format!("{pointer}/security"), old_security, new_security);
        }
    }

    fn parameters(
        &mut self,
        pointer: &str,
        party: Party,
        flow: Flow,
        old: (&'a Value, &'a Value),
        new: (&'a Value, &'a Value),
    ) {
        // Each parameter by `in` and `name`, with its JSON pointer; the operation's override the
        // path item's.
        let item_pointer = pointer.rsplit_once('/').map_or(pointer, |(item, _)| item);
        let collect = |document: &'a Value, (item, operation): (&'a Value, &'a Value)| {
            let mut found: Vec<(String, &'a Value, String)> = Vec::new();
            for (holder, at) in [(item, item_pointer), (operation, pointer)] {
                for (index, parameter) in holder["parameters"].as_array().into_iter().flatten().enumerate() {
                    let parameter = resolve(document, parameter);
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
            let Some((_, new_parameter, at)) =
                new_parameters.iter().find(|(candidate, _, _)| candidate == key)
            else {
                let why = match flow {
                    Flow::Writes => {
                        format!("parameter {key} removed: the API no longer reads what clients send")
                    }
                    Flow::Reads => format!("parameter {key} removed: receivers that read it find nothing"),
                };
                self.push(old_at, party, "parameter-removed", Severity::Breaking, why);
                continue;
            };
            match (required(old_parameter), required(new_parameter)) {
                (false, true) => {
                    let why = format!("parameter {key} became required");
                    self.judge(at, party, "parameter-required", flow == Flow::Writes, why)
                }
                (true, false) => {
                    let why = format!("parameter {key} is no longer always sent");
                    self.judge(at, party, "parameter-optional", flow == Flow::Reads, why)
                }
                _ => {}
            }
            if old_parameter.get("x-hookspec-signature") != new_parameter.get("x-hookspec-signature") {
                let why = format!(
                    "parameter {key}: the signature scheme changed, so verifiers compute another value"
                );
                self.push(at, party, "signature-scheme-changed", Severity::Breaking, why);
            }
            self.deprecation(at, party, &format!("parameter {key}"), old_parameter, new_parameter);
            self.schema(
                &format!("{at}/schema"),
                party,
                flow,
                &old_parameter["schema"],
                &new_parameter["schema"],
            );
            self.content(at, party, flow, old_parameter, new_parameter);
        }
        for (key, new_parameter, at) in &new_parameters {
            if !old_parameters.iter().any(|(candidate, _, _)| candidate == key) {
                let breaking = flow == Flow::Writes && required(new_parameter);
                let why = format!("parameter {key} added{}", if breaking { " as required" } else { "" });
                self.judge(at, party, "parameter-added", breaking, why);
            }
        }
    }

    fn request_body(&mut self, pointer: &str, party: Party, flow: Flow, old: &'a Value, new: &'a Value) {
        let at = format!("{pointer}/requestBody");
        let (old_body, new_body) =
            (resolve(self.old, &old["requestBody"]), resolve(self.new, &new["requestBody"]));
        let required = |body: &Value| body["required"].as_bool().unwrap_or(false);
        match (old_body.is_null(), new_body.is_null()) {
            (true, true) => return,
            (true, false) => {
                let breaking = flow == Flow::Writes && required(new_body);
                let why = format!("request body added{}", if breaking { " as required" } else { "" });
                return self.judge(&at, party, "request-body-added", breaking, why);
            }
            (false, true) => {
                let why = "request body removed".to_owned();
                return self.push(&at, party, "request-body-removed", Severity::Breaking, why);
            }
            _ => {}
        }
        match (required(old_body), required(new_body)) {
            (false, true) => {
                let why = "request body became required".to_owned();
                self.judge(&at, party, "request-body-required", flow == Flow::Writes, why)
            }
            (true, false) => {
                let why = "request body is no longer always sent".to_owned();
                self.judge(&at, party, "request-body-optional", flow == Flow::Reads, why)
            }
            _ => {}
        }
        self.content(&at, party, flow, old_body, new_body);
    }

    fn content(&mut self, pointer: &str, party: Party, flow: Flow, old: &'a Value, new: &'a Value) {
        let (old_content, new_content) = (members(old, "content"), members(new, "content"));
        for (media, old_media) in old_content {
            let at = format!("{pointer}/content/{}", escape(media));
            match new_content.get(media) {
                None => {
                    let why = format!("media type {media} removed");
                    self.push(&at, party, "media-type-removed", Severity::Breaking, why)
                }
                Some(new_media) => {
                    self.examples(&at, party, old_media, new_media);
                    self.schema(
                        &format!("{at}/schema"),
                        party,
                        flow,
                        &old_media["schema"],
                        &new_media["schema"],
                    )
                }
            }
        }
        // A response's media type is negotiated (the reader asks for it with `Accept`); a request
        // body's is the writer's choice, so a new one reaches a reader unasked.
        let negotiated = pointer.contains("/responses/");
        for media in new_content.keys().filter(|media| !old_content.contains_key(*media)) {
            let at = format!("{pointer}/content/{}", escape(media));
            let breaking = flow == Flow::Reads && !negotiated;
            self.judge(&at, party, "media-type-added", breaking, format!("media type {media} added"));
        }
    }

    /// Examples removed (`example`, or members of `examples`): who copied or mocked with them
    /// loses them.
    pub(super) fn examples(&mut self, pointer: &str, party: Party, old: &Value, new: &Value) {
        let names = |value: &Value| -> BTreeSet<String> {
            let mut names: BTreeSet<String> = match &value["examples"] {
                Value::Object(examples) => examples.keys().cloned().collect(),
                Value::Array(examples) => (0..examples.len()).map(|index| index.to_string()).collect(),
                _ => BTreeSet::new(),
            };
            if value.get("example").is_some() {
                names.insert("example".to_owned());
            }
            names
        };
        let new_names = names(new);
        for name in names(old).difference(&new_names) {
            let at =
                if name == "example" { format!("{pointer}/example") } else { format!("{pointer}/examples") };
            let why = format!("example `{name}` removed: whoever copied or mocked with it loses it");
            self.push(&at, party, "example-removed", Severity::Warning, why);
        }
    }

    fn responses(&mut self, pointer: &str, party: Party, flow: Flow, old: &'a Value, new: &'a Value) {
        let (old_responses, new_responses) = (members(old, "responses"), members(new, "responses"));
        let success = |status: &str| status.starts_with('2');
        for (status, old_response) in old_responses {
            let at = format!("{pointer}/responses/{}", escape(status));
            match new_responses.get(status) {
                // A reader loses an answer it handled; a writer loses an answer it may give.
                None => {
                    let breaking = success(status) || flow == Flow::Writes;
                    self.judge(&at, party, "response-removed", breaking, format!("response {status} removed"))
                }
                Some(new_response) => {
                    let (old_response, new_response) =
                        (resolve(self.old, old_response), resolve(self.new, new_response));
                    self.content(&at, party, flow, old_response, new_response);
                }
            }
        }
        // A new success status breaks only the readers that expect exactly the old ones: a warning.
        for status in new_responses.keys().filter(|status| !old_responses.contains_key(*status)) {
            let at = format!("{pointer}/responses/{}", escape(status));
            let severity =
                if flow == Flow::Reads && success(status) { Severity::Warning } else { Severity::Info };
            self.push(&at, party, "response-added", severity, format!("response {status} added"));
        }
    }
}
