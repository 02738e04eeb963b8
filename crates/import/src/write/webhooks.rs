//! What the import takes of the webhooks: the headers every delivery carries, and an event per
//! webhook.

use serde_json::{Map, Value, json};

use super::{Import, JSON, compact, list, parameter_row, table_parameter, text};
use crate::openapi::{escape, referenced, resolve};

impl Import<'_> {
    /// The headers every webhook of `hooks` carries, as the table writes them; a problem where
    /// the webhooks differ.
    pub(super) fn delivery_headers(&mut self, hooks: &Value) -> Vec<Value> {
        let mut seen: Option<Vec<Value>> = None;
        for (key, entry) in hooks["webhooks"].as_object().into_iter().flatten() {
            let described: Vec<&Value> = list(&entry["post"], "parameters")
                .filter_map(|parameter| resolve(hooks, parameter))
                .filter(|parameter| parameter["in"] == json!("header"))
                .filter(|parameter| {
                    !self
                        .selection
                        .webhooks
                        .signature_headers
                        .iter()
                        .any(|name| parameter["name"] == json!(name))
                })
                .collect();
            let headers: Vec<Value> = described.iter().map(|parameter| table_parameter(parameter)).collect();
            if seen.is_none() {
                let from = self.selection.webhooks.from.clone();
                let delivery =
                    self.selection.webhooks.delivery["name"].as_str().unwrap_or_default().to_owned();
                for (status, response) in entry["post"]["responses"].as_object().into_iter().flatten() {
                    let at = format!("/webhooks/{}/post/responses/{status}", escape(key));
                    let quote = text(response, "description");
                    self.fact(
                        &from,
                        key,
                        &at,
                        &quote,
                        json!({"status": {"delivery": delivery, "status": status}}),
                    );
                    self.delivery_responses.push((status.clone(), quote));
                }
                let rows: Vec<Value> = described.iter().map(|parameter| parameter_row(parameter)).collect();
                let quotes: Vec<Value> =
                    described.iter().map(|parameter| json!(compact(parameter))).collect();
                let at = format!("/webhooks/{}/post/parameters", escape(key));
                self.fact(
                    &from,
                    key,
                    &at,
                    &quotes,
                    json!({"parameters": {"operation": delivery, "rows": rows}}),
                );
            }
            let sorted = |headers: &[Value]| {
                let mut names: Vec<String> = headers.iter().map(compact).collect();
                names.sort();
                names
            };
            match &seen {
                Some(first) if sorted(first) != sorted(&headers) => {
                    self.problem(format!("the webhook `{key}` carries other headers than the first"))
                }
                Some(_) => {}
                None => seen = Some(headers),
            }
        }
        seen.unwrap_or_default()
    }

    /// `events.yaml`: an event per webhook of `hooks`, and the schemas its payloads refer to.
    pub(super) fn catalogue<'h>(&mut self, hooks: &'h Value) -> (Value, Vec<&'h Value>) {
        let from = self.selection.webhooks.from.clone();
        let mut events = Vec::new();
        let mut roots = Vec::new();
        for (key, entry) in hooks["webhooks"].as_object().into_iter().flatten() {
            let Some(media) = entry["post"]["requestBody"]["content"].get(JSON) else {
                self.problem(format!("the webhook `{key}` has no JSON body"));
                continue;
            };
            let Some(payload) = referenced(&media["schema"], "schemas") else {
                self.problem(format!("the webhook `{key}`'s body is not a component schema"));
                continue;
            };
            roots.push(&media["schema"]);
            let mut event = Map::new();
            event.insert("name".into(), json!(key));
            if let Some(pointer) = &self.selection.webhooks.subscribed_as {
                match entry.pointer(pointer).and_then(Value::as_str) {
                    Some(name) if name != key => {
                        event.insert("subscribed_as".into(), json!(name));
                    }
                    Some(_) => {}
                    None => self.problem(format!("the webhook `{key}` has no string at `{pointer}`")),
                }
            }
            event.insert("payload".into(), json!(payload));
            if let Some(id) = entry["post"]["operationId"].as_str().filter(|id| id != key) {
                event.insert("operation_id".into(), json!(id));
            }
            if let Some(summary) = entry["post"]["summary"].as_str() {
                event.insert("summary".into(), json!(summary.trim()));
            }
            let mut told = text(&entry["post"], "description");
            if let Some(pointer) = &self.selection.webhooks.sent_to {
                let kinds: Vec<&str> = entry
                    .pointer(pointer)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect();
                if !kinds.is_empty() {
                    let sent = format!(
                        "The description lists the webhooks it is sent to: {}.",
                        kinds.iter().map(|kind| format!("`{kind}`")).collect::<Vec<_>>().join(", ")
                    );
                    told = if told.is_empty() { sent } else { format!("{told} {sent}") };
                }
            }
            if !told.is_empty() {
                event.insert("description".into(), json!(told));
            }
            let pointer = format!("/webhooks/{}/post", escape(key));
            for (name, example) in media["examples"].as_object().into_iter().flatten() {
                let Some(value) = resolve(hooks, example).and_then(|example| example.get("value")) else {
                    continue;
                };
                let file = format!("webhooks/{key}.{name}.json");
                self.examples.push((file.clone(), value.clone()));
                let at = format!("{pointer}/requestBody/content/{}/examples/{name}", escape(JSON));
                self.fact(&from, key, &at, &compact(example), json!({"example": {
                    "name": format!("{key} {name}"), "fixture": format!("description/{file}"), "instance": payload}}));
            }
            events.push(Value::Object(event));
        }
        let union = &self.selection.webhooks.union;
        let union = json!({"name": union.name, "description": union.description});
        (json!({"union": union, "events": events}), roots)
    }
}
