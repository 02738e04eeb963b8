//! What the document says besides its structure: its descriptions, in the order they are written,
//! and the assumptions marked on its nodes.

use std::collections::BTreeMap;

use hookspec_toolkit::lookup::escape;
use serde_json::Value;

use super::place::{BodyAt, MediaAt, Node, ParameterAt, ResponseAt, SchemaAt};
use super::{ASSUMED, Marks, MediaType, OpenApi, Parameter, RefOr, Response};

/// Assumption marks by the pointer of the node that carries them: each keyword, with what is
/// assumed and why.
pub type MarksByNode = BTreeMap<String, Vec<(String, String)>>;

impl OpenApi {
    /// Every assumption mark of the document, by the pointer of the node that carries it: an
    /// operation, a parameter, a response, a header, a security scheme, or a JSON Schema node.
    pub fn marks(&self) -> MarksByNode {
        let mut found = MarksByNode::new();
        let mut add = |at: String, marks: &Marks| {
            if !marks.is_empty() {
                found.insert(at, marks.iter().map(|(key, text)| (key.clone(), text.clone())).collect());
            }
        };
        let mut responses = Vec::new();
        for operation in self.operations().into_iter().chain(self.deliveries()) {
            add(operation.at.to_string(), &operation.operation.assumed);
            for (index, parameter) in operation.operation.parameters.iter().flatten().enumerate() {
                if let RefOr::Item(parameter) = parameter {
                    add(ParameterAt::Operation(operation.at.clone(), index).to_string(), &parameter.assumed);
                }
            }
            for (status, response) in &operation.operation.responses {
                if let RefOr::Item(response) = response {
                    responses.push((ResponseAt::Operation(operation.at.clone(), status.clone()), response));
                }
            }
        }
        if let Some(components) = &self.components {
            for (name, parameter) in &components.parameters {
                add(ParameterAt::Component(name.clone()).to_string(), &parameter.assumed);
            }
            responses.extend(
                components
                    .responses
                    .iter()
                    .map(|(name, response)| (ResponseAt::Component(name.clone()), response)),
            );
            for (name, scheme) in &components.security_schemes {
                add(Node::SecurityScheme(name.clone()).to_string(), &scheme.assumed);
            }
        }
        for (at, response) in responses {
            add(at.to_string(), &response.assumed);
            for (name, header) in &response.headers {
                add(Node::Header(at.clone(), name.clone()).to_string(), &header.assumed);
            }
        }
        for root in self.schema_roots() {
            if let Some(schema) = self.schema_root(&root) {
                schema_marks(schema, root.to_string(), &mut found);
            }
        }
        found
    }

    /// The JSON pointer of the first description that contains `text`, in the order the document
    /// writes them (inside a JSON Schema or an example value, any `description` member).
    pub fn description_with(&self, text: &str) -> Option<String> {
        let says =
            |description: &Option<String>| description.as_deref().is_some_and(|said| said.contains(text));
        if says(&self.info.description) {
            return Some("/info/description".to_owned());
        }
        for (index, server) in self.servers.iter().flatten().enumerate() {
            if says(&server.description) {
                return Some(format!("/servers/{index}/description"));
            }
            for (name, variable) in server.variables.iter().flatten() {
                if says(&variable.description) {
                    return Some(format!("/servers/{index}/variables/{}/description", escape(name)));
                }
            }
        }
        for found in self.operations().into_iter().chain(self.deliveries()) {
            let operation = found.operation;
            if says(&operation.description) {
                return Some(format!("{}/description", found.at));
            }
            for (index, parameter) in operation.parameters.iter().flatten().enumerate() {
                if let RefOr::Item(parameter) = parameter
                    && let Some(at) =
                        in_parameter(parameter, &ParameterAt::Operation(found.at.clone(), index), text)
                {
                    return Some(at);
                }
            }
            if let Some(body) = &operation.request_body {
                let at = BodyAt::Request(found.at.clone());
                if says(&body.description) {
                    return Some(format!("{at}/description"));
                }
                for (media, entry) in &body.content {
                    if let Some(at) =
                        in_media(entry, &MediaAt { body: at.clone(), media: media.clone() }, text)
                    {
                        return Some(at);
                    }
                }
            }
            for (status, response) in &operation.responses {
                if let RefOr::Item(response) = response
                    && let Some(at) =
                        in_response(response, &ResponseAt::Operation(found.at.clone(), status.clone()), text)
                {
                    return Some(at);
                }
            }
        }
        if let Some(components) = &self.components {
            for (name, schema) in &components.schemas {
                if let Some(at) = in_value(schema, text, SchemaAt::component(name).to_string()) {
                    return Some(at);
                }
            }
            for (name, response) in &components.responses {
                if let Some(at) = in_response(response, &ResponseAt::Component(name.clone()), text) {
                    return Some(at);
                }
            }
            for (name, parameter) in &components.parameters {
                if let Some(at) = in_parameter(parameter, &ParameterAt::Component(name.clone()), text) {
                    return Some(at);
                }
            }
            for (name, scheme) in &components.security_schemes {
                if says(&scheme.description) {
                    return Some(format!("{}/description", Node::SecurityScheme(name.clone())));
                }
            }
        }
        let tags = self.tags.iter().flatten().enumerate();
        tags.into_iter()
            .find(|(_, tag)| says(&tag.description))
            .map(|(index, _)| format!("/tags/{index}/description"))
    }
}

fn in_parameter(parameter: &Parameter, at: &ParameterAt, text: &str) -> Option<String> {
    if parameter.description.as_deref().is_some_and(|said| said.contains(text)) {
        return Some(format!("{at}/description"));
    }
    in_value(parameter.schema.as_ref()?, text, format!("{at}/schema"))
}

fn in_response(response: &Response, at: &ResponseAt, text: &str) -> Option<String> {
    if response.description.contains(text) {
        return Some(format!("{at}/description"));
    }
    for (name, header) in &response.headers {
        let header_at = format!("{at}/headers/{}", escape(name));
        if let Some(found) =
            header.schema.as_ref().and_then(|schema| in_value(schema, text, format!("{header_at}/schema")))
        {
            return Some(found);
        }
        if header.description.as_deref().is_some_and(|said| said.contains(text)) {
            return Some(format!("{header_at}/description"));
        }
    }
    response.content.iter().find_map(|(media, entry)| {
        in_media(entry, &MediaAt { body: BodyAt::Response(at.clone()), media: media.clone() }, text)
    })
}

fn in_media(media: &MediaType, at: &MediaAt, text: &str) -> Option<String> {
    if let Some(found) =
        media.schema.as_ref().and_then(|schema| in_value(schema, text, format!("{at}/schema")))
    {
        return Some(found);
    }
    media.examples.iter().find_map(|(name, example)| {
        let example_at = format!("{at}/examples/{}", escape(name));
        if example.description.contains(text) {
            return Some(format!("{example_at}/description"));
        }
        in_value(&example.value, text, format!("{example_at}/value"))
    })
}

/// The pointer of the first `description` member in `value` (at `pointer`) that contains `text`.
fn in_value(value: &Value, text: &str, pointer: String) -> Option<String> {
    match value {
        Value::Object(object) => object.iter().find_map(|(key, child)| match child {
            Value::String(description) if key == "description" && description.contains(text) => {
                Some(format!("{pointer}/description"))
            }
            _ => in_value(child, text, format!("{pointer}/{}", escape(key))),
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, child)| in_value(child, text, format!("{pointer}/{index}"))),
        _ => None,
    }
}

/// The marks inside a JSON Schema (at `pointer`), each node's as a member of its own.
fn schema_marks(value: &Value, pointer: String, found: &mut MarksByNode) {
    match value {
        Value::Object(members) => {
            if let Some(Value::Object(marks)) = members.get(ASSUMED) {
                let marks = marks
                    .iter()
                    .map(|(key, text)| (key.clone(), text.as_str().unwrap_or_default().to_owned()));
                found.insert(pointer.clone(), marks.collect());
            }
            for (key, member) in members.iter().filter(|(key, _)| *key != ASSUMED) {
                schema_marks(member, format!("{pointer}/{}", escape(key)), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                schema_marks(item, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}
