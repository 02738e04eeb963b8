//! Provenance, the other direction of the conformance check: every status, parameter, required
//! flag and constraint the document states (an [`Assertion`]) must be backed by a documented fact
//! that holds, or be a declared assumption, which the document then shows where it stands.

use std::collections::{BTreeMap, BTreeSet};

use hookspec_dialects::ParamIn;
use hookspec_dialects::facts::{Assumption, Responder, Target};
use hookspec_dialects::table::JsonRpc;
use serde_json::Value;

use super::Assertion;
use crate::document::{
    ASSUMED, BodyAt, Found, MediaAt, Node, NodeMut, OpenApi, OperationAt, ResponseAt, SchemaAt, SchemaRoot,
    Step,
};
use crate::jsonrpc::CONSTRAINTS;

/// The assertion that the operation or delivery at `owner` takes the parameter `name`.
pub fn presence(owner: &OperationAt, location: ParamIn, name: &str) -> Assertion {
    Assertion::new(Node::Presence(owner.clone(), location, name.to_owned()), "parameter")
}

/// The operation (under `paths`), or every `webhooks` entry of a delivery: one, or one per event
/// for a delivery published an entry per event (each names its delivery in
/// [`crate::document::Operation::delivery`]).
pub fn responders(document: &OpenApi, of: &Responder) -> Vec<OperationAt> {
    match of {
        Responder::Operation(id) => document.operation(id).map(|found| found.at).into_iter().collect(),
        Responder::Delivery(name) => {
            delivery_entries(document, name).into_iter().map(|found| found.at).collect()
        }
    }
}

/// The `webhooks` entries of the delivery `name`.
pub fn delivery_entries<'a>(document: &'a OpenApi, name: &str) -> Vec<Found<'a>> {
    document
        .deliveries()
        .into_iter()
        .filter(|found| match &found.operation.delivery {
            Some(delivery) => delivery == name,
            None => found.at.path == name,
        })
        .collect()
}

/// Every assertion of the document. The JSON-RPC envelope that [`crate::jsonrpc`] generates is the
/// JSON-RPC 2.0 specification, not the provider's, and the event catalogue's components are what
/// its samples show: there, only the existence of each method, and that every delivery names its
/// event (the union's `discriminator`), are assertions.
pub fn assertions(
    document: &OpenApi,
    generated: &super::Generated,
    rpc: Option<&JsonRpc>,
) -> BTreeSet<Assertion> {
    let mut found = BTreeSet::new();
    for (operation, kind) in document
        .operations()
        .into_iter()
        .map(|operation| (operation, "operation"))
        .chain(document.deliveries().into_iter().map(|delivery| (delivery, "delivery")))
    {
        let owner = &operation.at;
        found.insert(Assertion::new(Node::Operation(owner.clone()), kind));
        if let Some(schedule) = &operation.operation.retries {
            use hookspec_dialects::table::Retries;
            let parts: &[&str] = match schedule {
                Retries::Listed(_) => &["count", "delays"],
                Retries::Every { .. } => &["count", "every"],
                Retries::Doubling { .. } => &["count", "backoff", "factor", "first_delay"],
                Retries::Exponential { .. } => &["count", "backoff"],
            };
            for part in parts {
                found.insert(Assertion::new(Node::Operation(owner.clone()), format!("retries.{part}")));
            }
        }
        for status in operation.operation.responses.keys().filter(|status| *status != "default") {
            let response = ResponseAt::Operation(owner.clone(), status.clone());
            found.insert(Assertion::new(Node::Response(response), "status"));
        }
        for (at, parameter) in document.parameters(&operation) {
            found.insert(presence(owner, parameter.location, &parameter.name));
            let node = Node::Parameter(at.clone());
            if parameter.required {
                found.insert(Assertion::new(node.clone(), "required"));
            }
            if let Some(signature) = &parameter.signature {
                // What a signature header asserts besides its presence: its format, and what it signs.
                found.insert(Assertion::new(node.clone(), "format"));
                found.insert(Assertion::new(node.clone(), "signed"));
                if signature.tolerance_seconds.is_some() {
                    found.insert(Assertion::new(node, "tolerance"));
                }
            }
            if let Some(schema) = &parameter.schema {
                walk(schema, &SchemaAt::root(SchemaRoot::Parameter(at)), None, &mut found);
            }
        }
        let mut bodies = Vec::new();
        if let Some(body) = &operation.operation.request_body {
            bodies.push((BodyAt::Request(owner.clone()), &body.content));
        }
        for status in operation.operation.responses.keys() {
            let Some((at, response)) =
                document.response(&ResponseAt::Operation(owner.clone(), status.clone()))
            else {
                continue;
            };
            for name in response.headers.keys() {
                found.insert(Assertion::new(Node::Header(at.clone(), name.clone()), "header"));
            }
            bodies.push((BodyAt::Response(at), &response.content));
        }
        for (body, content) in bodies {
            for (media, entry) in content {
                let at = SchemaRoot::Media(MediaAt { body: body.clone(), media: media.clone() });
                if let Some(schema) = &entry.schema {
                    walk(schema, &SchemaAt::root(at), None, &mut found);
                }
            }
        }
    }
    let components = document.components.as_ref();
    for (name, schema) in components.into_iter().flat_map(|components| &components.schemas) {
        let at = SchemaAt::component(name);
        if generated.discriminated.as_ref() == Some(name) {
            found.insert(Assertion::new(Node::Schema(at), "discriminator"));
        } else if !generated.names.contains(name) && !generated.imported.contains(name) {
            walk(schema, &at, None, &mut found);
        }
    }
    for name in components.into_iter().flat_map(|components| components.security_schemes.keys()) {
        found.insert(Assertion::new(Node::SecurityScheme(name.clone()), "scheme"));
    }
    for method in rpc.into_iter().flat_map(|rpc| &rpc.methods) {
        let arguments = SchemaAt::component(&format!("{}Arguments", method.stem()));
        found.insert(Assertion::new(Node::Schema(arguments), "method"));
    }
    found
}

/// Records the constraints and required flags of the schema at `pointer` and its subschemas,
/// without following references (each component is walked once, where it is defined). A branch
/// of a choice (`anyOf`, `oneOf`, `allOf`) is another form of the value its schema describes: its
/// constraints are stated at that schema (`IsActive`'s `enum` is split by type into two
/// branches, and is one assertion), and its `required` about the properties of `owner`, the
/// object it belongs to.
fn walk(schema: &Value, at: &SchemaAt, owner: Option<&SchemaAt>, found: &mut BTreeSet<Assertion>) {
    walk_at(schema, at, at, owner, found);
}

/// [`walk`], recording the schema's constraints at `stated`.
fn walk_at(
    schema: &Value,
    at: &SchemaAt,
    stated: &SchemaAt,
    owner: Option<&SchemaAt>,
    found: &mut BTreeSet<Assertion>,
) {
    let Some(object) = schema.as_object() else { return };
    if object.contains_key("$ref") {
        return;
    }
    for keyword in CONSTRAINTS {
        if object.contains_key(keyword) {
            found.insert(Assertion::new(Node::Schema(stated.clone()), keyword));
        }
    }
    let properties_owner = if object.contains_key("properties") { at } else { owner.unwrap_or(at) };
    for name in
        object.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
    {
        found.insert(Assertion::new(Node::Schema(properties_owner.property(name)), "required"));
    }
    for (name, property) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
        walk(property, &at.property(name), None, found);
    }
    for (keyword, step) in [("items", Step::Items), ("additionalProperties", Step::AdditionalProperties)] {
        if let Some(child) = object.get(keyword) {
            walk(child, &at.then(step), None, found);
        }
    }
    for (index, child) in
        object.get("prefixItems").and_then(Value::as_array).into_iter().flatten().enumerate()
    {
        walk(child, &at.then(Step::Indexed("prefixItems", index)), None, found);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for (index, child) in object.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate()
        {
            walk_at(child, &at.then(Step::Indexed(keyword, index)), stated, Some(properties_owner), found);
        }
    }
}

/// The assertions an assumption is about (one, or one per `webhooks` entry of a delivery), or why it
/// names nothing in the document.
pub fn assertion(document: &OpenApi, target: &Target) -> Result<Vec<Assertion>, String> {
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
            .map(|owner| {
                Assertion::new(Node::Response(ResponseAt::Operation(owner, status.clone())), "status")
            })
            .collect()),
        Target::Parameter { of, location, name, keyword } => owners(of)?
            .into_iter()
            .map(|owner| {
                let Some(keyword) = keyword else { return Ok(presence(&owner, *location, name)) };
                let parameter = document.operation_at(&owner).and_then(|operation| {
                    let found = Found { at: owner.clone(), operation };
                    document.parameter(&found, *location, name).map(|(at, _)| at)
                });
                let Some(parameter) = parameter else {
                    return Err(format!("`{owner}` has no {} parameter `{name}`", location.key()));
                };
                Ok(match keyword.as_str() {
                    "required" | "format" | "signed" | "tolerance" => {
                        Assertion::new(Node::Parameter(parameter), keyword)
                    }
                    _ => Assertion::new(
                        Node::Schema(SchemaAt::root(SchemaRoot::Parameter(parameter))),
                        keyword,
                    ),
                })
            })
            .collect(),
        Target::Retries { delivery, keyword } => Ok(owners(&Responder::Delivery(delivery.clone()))?
            .into_iter()
            .map(|owner| Assertion::new(Node::Operation(owner), format!("retries.{keyword}")))
            .collect()),
        Target::SecurityScheme(name) => match document.security_scheme(name) {
            Some(_) => Ok(vec![Assertion::new(Node::SecurityScheme(name.clone()), "scheme")]),
            None => Err(format!("the document has no security scheme `{name}`")),
        },
        Target::Schema { schema, property, keyword } => {
            let mut at = SchemaAt::component(schema);
            if let Some(property) = property {
                at = at.property(property);
            }
            Ok(vec![Assertion::new(Node::Schema(at), keyword)])
        }
    }
}

/// Marks each assumption where it stands: an `x-hookspec-assumed` entry (keyword: what and why)
/// and a sentence in the description. A place that cannot carry them (a reference, or a
/// parameter's presence) is marked on its operation.
pub fn mark(document: &mut OpenApi, provider: &str, assumed: &[(Assertion, &Assumption)]) {
    // By node (its pointer as the key): the node, and each mark's key with its assumption.
    type Placed<'a> = (Node, Vec<(String, &'a Assumption)>);
    let mut marks: BTreeMap<String, Placed<'_>> = BTreeMap::new();
    for (assertion, assumption) in assumed {
        let (node, key) = placement(document, assertion);
        marks.entry(node.to_string()).or_insert_with(|| (node, Vec::new())).1.push((key, assumption));
    }
    for (node, entries) in marks.into_values() {
        let recorded = entries
            .iter()
            .map(|(key, assumption)| (key.clone(), format!("{} {}", assumption.assumed, assumption.because)));
        let sentences: Vec<String> = entries
            .iter()
            .map(|(_, assumption)| {
                format!("Assumed, as {provider} does not document it: {}", assumption.assumed)
            })
            .collect();
        let sentences = sentences.join(" ");
        let (description, marks) = match document.node_mut(&node) {
            Some(NodeMut::Operation(operation)) => {
                (operation.description.get_or_insert_default(), &mut operation.assumed)
            }
            Some(NodeMut::Parameter(parameter)) => {
                (parameter.description.get_or_insert_default(), &mut parameter.assumed)
            }
            Some(NodeMut::Response(response)) => (&mut response.description, &mut response.assumed),
            Some(NodeMut::Header(header)) => {
                (header.description.get_or_insert_default(), &mut header.assumed)
            }
            Some(NodeMut::SecurityScheme(scheme)) => {
                (scheme.description.get_or_insert_default(), &mut scheme.assumed)
            }
            Some(NodeMut::Schema(Value::Object(schema))) => {
                // A JSON Schema node carries its marks as a member of its own.
                let members = schema.entry(ASSUMED).or_insert_with(|| Value::Object(Default::default()));
                if let Some(members) = members.as_object_mut() {
                    members.extend(recorded.map(|(key, text)| (key, Value::String(text))));
                }
                let description = schema.get("description").and_then(Value::as_str).unwrap_or_default();
                let text = annotated(description, &sentences);
                schema.insert("description".into(), Value::String(text));
                continue;
            }
            Some(NodeMut::Schema(_)) | None => continue,
        };
        marks.extend(recorded);
        *description = annotated(description, &sentences);
    }
}

/// `description` with `sentences` added: in parentheses after it, or alone.
fn annotated(description: &str, sentences: &str) -> String {
    if description.is_empty() { sentences.to_owned() } else { format!("{description} ({sentences})") }
}

/// Where an assertion's mark goes: the node itself, or the operation for what a reference or a
/// parameter's presence cannot carry; and the key of the mark there.
fn placement(document: &OpenApi, assertion: &Assertion) -> (Node, String) {
    let keyword = assertion.keyword.clone();
    let operation = match &assertion.node {
        Node::Presence(operation, ..) => Some(operation),
        Node::Response(at @ ResponseAt::Operation(operation, _))
            if keyword == "status" && document.is_reference(at) =>
        {
            Some(operation)
        }
        _ => None,
    };
    match (operation, &assertion.node) {
        (Some(operation), _) => {
            let prefix = operation.to_string();
            let rest = assertion.pointer[prefix.len()..].trim_start_matches('/').replace('~', "");
            (Node::Operation(operation.clone()), format!("{rest} {keyword}"))
        }
        // A part of a retry schedule is marked where the schedule is said in words: the failed
        // delivery's answer, so the mark stands beside the number it qualifies.
        (None, Node::Operation(delivery)) if keyword.starts_with("retries.") => {
            let failed = ResponseAt::Operation(delivery.clone(), "default".into());
            match document.response(&failed) {
                Some(_) => (Node::Response(failed), keyword),
                None => (assertion.node.clone(), keyword),
            }
        }
        (None, _) => (assertion.node.clone(), keyword),
    }
}
