//! Provenance, the other direction of the conformance check: every status, parameter, required
//! flag and constraint the document states (an [`Assertion`]) must be backed by a documented fact
//! that holds, or be a declared assumption, which the document then shows where it stands.

use std::collections::{BTreeMap, BTreeSet};

use hookspec_dialects::ParamIn;
use hookspec_dialects::facts::{Assumption, Responder, Target};
use hookspec_dialects::table::JsonRpc;
use serde_json::{Value, json};

use super::Assertion;
use crate::jsonrpc::CONSTRAINTS;
use hookspec_toolkit::lookup::{self, escape};

/// The extension that marks an assumption where it stands: keyword to what is assumed and why.
pub const ASSUMED: &str = "x-hookspec-assumed";

/// The assertion that an operation or delivery (at `owner`) takes the parameter `name`.
pub fn parameter_key(owner: String, location: ParamIn, name: &str) -> Assertion {
    Assertion::new(
        format!("{owner}/parameters/{}/{}", location.key(), name.to_ascii_lowercase()),
        "parameter",
    )
}

/// The pointer to an operation (under `paths`), or to every `webhooks` entry of a delivery: one, or
/// one per event for a delivery published an entry per event (each names its delivery in
/// [`crate::openapi::DELIVERY`]).
pub fn responders(document: &Value, of: &Responder) -> Vec<String> {
    match of {
        Responder::Operation(id) => {
            lookup::operation(document, id).map(|found| found.pointer()).into_iter().collect()
        }
        Responder::Delivery(name) => {
            delivery_entries(document, name).iter().map(lookup::Found::pointer).collect()
        }
    }
}

/// The first of [`responders`].
pub fn responder(document: &Value, of: &Responder) -> Option<String> {
    responders(document, of).into_iter().next()
}

/// The `webhooks` entries of the delivery `name`.
pub fn delivery_entries<'a>(document: &'a Value, name: &str) -> Vec<lookup::Found<'a>> {
    lookup::deliveries(document)
        .into_iter()
        .filter(|found| match found.object.get(crate::openapi::DELIVERY).and_then(Value::as_str) {
            Some(delivery) => delivery == name,
            None => found.path == name,
        })
        .collect()
}

/// Every assertion of the document. The JSON-RPC envelope that [`crate::jsonrpc`] generates is the
/// JSON-RPC 2.0 specification, not the provider's, and the event catalogue's components are what
/// its samples show: there, only the existence of each method, and that every delivery names its
/// event (the union's `discriminator`), are assertions.
pub fn assertions(
    document: &Value,
    generated: &super::Generated,
    rpc: Option<&JsonRpc>,
) -> BTreeSet<Assertion> {
    let mut found = BTreeSet::new();
    for (operation, kind) in lookup::operations(document)
        .into_iter()
        .map(|operation| (operation, "operation"))
        .chain(lookup::deliveries(document).into_iter().map(|delivery| (delivery, "delivery")))
    {
        let owner = operation.pointer();
        found.insert(Assertion::new(owner.clone(), kind));
        if let Ok(schedule) = serde_json::from_value(operation.object[crate::openapi::RETRIES].clone()) {
            use hookspec_dialects::table::Retries;
            let parts: &[&str] = match schedule {
                Retries::Listed(_) => &["count", "delays"],
                Retries::Every { .. } => &["count", "every"],
                Retries::Doubling { .. } => &["count", "backoff", "factor", "first_delay"],
            };
            for part in parts {
                found.insert(Assertion::new(owner.clone(), format!("retries.{part}")));
            }
        }
        for status in
            operation.object["responses"].as_object().into_iter().flat_map(|responses| responses.keys())
        {
            if status != "default" {
                found.insert(Assertion::new(format!("{owner}/responses/{}", escape(status)), "status"));
            }
        }
        for (pointer, parameter) in lookup::parameters_at(document, operation) {
            let (Some(location), Some(name)) = (parameter["in"].as_str(), parameter["name"].as_str()) else {
                continue;
            };
            let location = match location {
                "header" => ParamIn::Header,
                "query" => ParamIn::Query,
                _ => ParamIn::Path,
            };
            found.insert(parameter_key(owner.clone(), location, name));
            if parameter["required"] == true {
                found.insert(Assertion::new(pointer.clone(), "required"));
            }
            if parameter.get(crate::openapi::SIGNATURE).is_some() {
                // What a signature header asserts besides its presence: its format, and what it signs.
                found.insert(Assertion::new(pointer.clone(), "format"));
                found.insert(Assertion::new(pointer.clone(), "signed"));
                if parameter[crate::openapi::SIGNATURE].get("tolerance_seconds").is_some() {
                    found.insert(Assertion::new(pointer.clone(), "tolerance"));
                }
            }
            walk(&parameter["schema"], &format!("{pointer}/schema"), None, &mut found);
        }
        let request = [(format!("{owner}/requestBody"), &operation.object["requestBody"])];
        let responses =
            operation.object["responses"].as_object().into_iter().flatten().map(|(status, response)| {
                match response.get("$ref").and_then(Value::as_str) {
                    Some(target) => {
                        (target.trim_start_matches('#').to_owned(), lookup::resolve(document, response))
                    }
                    None => (format!("{owner}/responses/{}", escape(status)), response),
                }
            });
        for (pointer, body) in request.into_iter().chain(responses) {
            for name in body["headers"].as_object().into_iter().flat_map(|headers| headers.keys()) {
                found.insert(Assertion::new(format!("{pointer}/headers/{}", escape(name)), "header"));
            }
            for (media_type, media) in body["content"].as_object().into_iter().flatten() {
                walk(
                    &media["schema"],
                    &format!("{pointer}/content/{}/schema", escape(media_type)),
                    None,
                    &mut found,
                );
            }
        }
    }
    for (name, schema) in
        document.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten()
    {
        let pointer = format!("/components/schemas/{}", escape(name));
        if generated.discriminated.as_ref() == Some(name) {
            found.insert(Assertion::new(pointer, "discriminator"));
        } else if !generated.names.contains(name) {
            walk(schema, &pointer, None, &mut found);
        }
    }
    for name in document
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| name)
    {
        found.insert(Assertion::new(format!("/components/securitySchemes/{}", escape(name)), "scheme"));
    }
    for method in rpc.into_iter().flat_map(|rpc| &rpc.methods) {
        found.insert(Assertion::new(format!("/components/schemas/{}Arguments", method.stem()), "method"));
    }
    found
}

/// Records the constraints and required flags of the schema at `pointer` and its subschemas,
/// without following references (each component is walked once, where it is defined). A branch
/// of a choice (`anyOf`, `oneOf`, `allOf`) is another form of the value its schema describes: its
/// constraints are stated at that schema (`IsActive`'s `enum` is split by type into two
/// branches, and is one assertion), and its `required` about the properties of `owner`, the
/// object it belongs to.
fn walk(schema: &Value, pointer: &str, owner: Option<&str>, found: &mut BTreeSet<Assertion>) {
    walk_at(schema, pointer, pointer, owner, found);
}

/// [`walk`], recording the schema's constraints at `stated`.
fn walk_at(
    schema: &Value,
    pointer: &str,
    stated: &str,
    owner: Option<&str>,
    found: &mut BTreeSet<Assertion>,
) {
    let Some(object) = schema.as_object() else { return };
    if object.contains_key("$ref") {
        return;
    }
    for keyword in CONSTRAINTS {
        if object.contains_key(keyword) {
            found.insert(Assertion::new(stated.to_owned(), keyword));
        }
    }
    let properties_owner = if object.contains_key("properties") { pointer } else { owner.unwrap_or(pointer) };
    for name in
        object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
    {
        found.insert(Assertion::new(format!("{properties_owner}/properties/{}", escape(name)), "required"));
    }
    for (name, property) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
        walk(property, &format!("{pointer}/properties/{}", escape(name)), None, found);
    }
    for keyword in ["items", "additionalProperties"] {
        if let Some(child) = object.get(keyword) {
            walk(child, &format!("{pointer}/{keyword}"), None, found);
        }
    }
    for (index, child) in
        object.get("prefixItems").and_then(Value::as_array).into_iter().flatten().enumerate()
    {
        walk(child, &format!("{pointer}/prefixItems/{index}"), None, found);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for (index, child) in object.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate()
        {
            walk_at(child, &format!("{pointer}/{keyword}/{index}"), stated, Some(properties_owner), found);
        }
    }
}

/// The assertions an assumption is about (one, or one per `webhooks` entry of a delivery), or why it
/// names nothing in the document.
pub fn assertion(document: &Value, target: &Target) -> Result<Vec<Assertion>, String> {
    let owners = |of: &Responder| {
        let found = responders(document, of);
        if found.is_empty() {
            return Err(match of {
                Responder::Operation(id) => format!("the document has no operation `{id}`"),
                Responder::Delivery(name) => format!("the document has no delivery `{name}`"),
            });
        }
        Ok(found)
    };
    match target {
        Target::Status(of, status) => Ok(owners(of)?
            .into_iter()
            .map(|owner| Assertion::new(format!("{owner}/responses/{}", escape(status)), "status"))
            .collect()),
        Target::Parameter { of, location, name, keyword } => owners(of)?
            .into_iter()
            .map(|pointer| {
                let Some(keyword) = keyword else { return Ok(parameter_key(pointer, *location, name)) };
                let found = lookup::operation_at(document, &pointer)
                    .and_then(|operation| lookup::parameter(document, operation, location.key(), name));
                let Some((parameter, _)) = found else {
                    return Err(format!("`{pointer}` has no {} parameter `{name}`", location.key()));
                };
                Ok(match keyword.as_str() {
                    "required" | "format" | "signed" | "tolerance" => Assertion::new(parameter, keyword),
                    _ => Assertion::new(format!("{parameter}/schema"), keyword),
                })
            })
            .collect(),
        Target::Retries { delivery, keyword } => Ok(owners(&Responder::Delivery(delivery.clone()))?
            .into_iter()
            .map(|owner| Assertion::new(owner, format!("retries.{keyword}")))
            .collect()),
        Target::SecurityScheme(name) => {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            match document.pointer(&pointer) {
                Some(_) => Ok(vec![Assertion::new(pointer, "scheme")]),
                None => Err(format!("the document has no security scheme `{name}`")),
            }
        }
        Target::Schema { schema, property, keyword } => {
            let mut pointer = format!("/components/schemas/{}", escape(schema));
            if let Some(property) = property {
                pointer.push_str(&format!("/properties/{}", escape(property)));
            }
            Ok(vec![Assertion::new(pointer, keyword)])
        }
    }
}

/// Marks each assumption where it stands: an `x-hookspec-assumed` entry (keyword: what and why)
/// and a sentence in the description. A place that cannot carry them (a reference, or a
/// parameter's presence) is marked on its operation.
pub fn mark(document: &mut Value, provider: &str, assumed: &[(Assertion, &Assumption)]) {
    let mut marks: BTreeMap<String, Vec<(String, &Assumption)>> = BTreeMap::new();
    for (assertion, assumption) in assumed {
        let (node, key) = placement(document, assertion);
        marks.entry(node).or_default().push((key, assumption));
    }
    for (node, entries) in marks {
        let Some(object) = document.pointer_mut(&node).and_then(Value::as_object_mut) else { continue };
        let mut sentences = Vec::new();
        let recorded = object.entry(ASSUMED).or_insert_with(|| json!({}));
        for (key, assumption) in &entries {
            if let Some(recorded) = recorded.as_object_mut() {
                recorded.insert(key.clone(), json!(format!("{} {}", assumption.assumed, assumption.because)));
            }
            sentences.push(format!("Assumed, as {provider} does not document it: {}", assumption.assumed));
        }
        let description = object.get("description").and_then(Value::as_str).unwrap_or_default().to_owned();
        let joined = sentences.join(" ");
        let text = if description.is_empty() { joined } else { format!("{description} ({joined})") };
        object.insert("description".into(), Value::String(text));
    }
}

/// Where an assertion's mark goes: the node itself, or the operation for what a reference or a
/// parameter's presence cannot carry; and the key of the mark there.
fn placement(document: &Value, assertion: &Assertion) -> (String, String) {
    let keyword = assertion.keyword.clone();
    if keyword == "parameter" || keyword == "status" && is_reference(document, &assertion.pointer) {
        let operation = operation_prefix(&assertion.pointer);
        let rest = assertion.pointer[operation.len()..].trim_start_matches('/').replace('~', "");
        return (operation, format!("{rest} {keyword}"));
    }
    (assertion.pointer.clone(), keyword)
}

fn is_reference(document: &Value, pointer: &str) -> bool {
    document.pointer(pointer).is_some_and(|node| node.get("$ref").is_some())
}

/// The operation (or delivery) pointer a longer pointer starts with: `/paths/<path>/<method>`.
fn operation_prefix(pointer: &str) -> String {
    pointer.split('/').take(4).collect::<Vec<_>>().join("/")
}
