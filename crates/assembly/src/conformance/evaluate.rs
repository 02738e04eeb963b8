//! Evaluating one documented fact against the document: whether it holds, and which of the
//! document's assertions it backs when it does.

use hookspec_toolkit::validate::validate;
use std::collections::BTreeMap;

use hookspec_dialects::facts::{Constraints, Responder};
use hookspec_dialects::table::{JsonRpc, Params, Signed};
use hookspec_dialects::{Fact, Method, ParamIn, Place};
use serde_json::{Value, json};

use super::Assertion;
use super::provenance;
use super::shapes::{check_field, check_structure, compare_constraints, required_word};
use super::verdict::{Evaluation, unknown_operation, verdict};
use crate::document::{
    BodyAt, Found, MediaAt, MediaType, Node, OpenApi, ResponseAt, SchemaAt, SchemaRoot, SecurityKind,
};
use hookspec_toolkit::lookup::COMPONENT_REF;

/// The parsed examples, keyed by [`example_key`]: the example as documented, and as embedded
/// (corrected where the claim says so).
pub(super) type Examples = BTreeMap<(String, bool, String), (Value, Value)>;

/// An example's operation (or schema), whether it is a request, and its name.
pub(super) fn example_key(name: &str, at: &Place) -> (String, bool, String) {
    match at {
        Place::Request { operation } => (operation.clone(), true, name.to_owned()),
        Place::Response { operation, .. } => (operation.clone(), false, name.to_owned()),
        Place::Properties { schema } | Place::Schema { schema } => (schema.clone(), false, name.to_owned()),
    }
}

fn holds(detail: impl Into<String>, backs: Vec<Assertion>) -> Evaluation {
    Evaluation::Holds(detail.into(), backs)
}

/// Evaluates `fact` against `document`, whose component schemas the toolkit's validator reads in
/// `schemas` ([`OpenApi::schemas_document`]).
pub(super) fn evaluate(
    document: &OpenApi,
    schemas: &Value,
    fact: &Fact,
    examples: &Examples,
    rpc: Option<&JsonRpc>,
) -> Evaluation {
    match fact {
        Fact::Example { name, at, schema: alternative, .. } => {
            let Some((documented, embedded)) = examples.get(&example_key(name, at)) else {
                return Evaluation::Unparsed;
            };
            check_example(document, schemas, at, alternative.as_deref(), documented, embedded)
        }
        Fact::Request { operation, method, url } => check_request(document, operation, *method, url),
        Fact::Parameter { operation, location, name, required, constraints } => {
            if let Some(found) = document.operation(operation) {
                return check_parameter(document, &found, *location, name, *required, constraints);
            }
            // A header of a delivery: it holds on every `webhooks` entry of the delivery, or not.
            let entries = provenance::delivery_entries(document, operation);
            if entries.is_empty() {
                return unknown_operation(operation);
            }
            let mut backs = Vec::new();
            for found in &entries {
                match check_parameter(document, found, *location, name, *required, constraints) {
                    Evaluation::Holds(_, more) => backs.extend(more),
                    other => return other,
                }
            }
            holds(format!("{} parameter `{name}` of every entry of `{operation}`", location.key()), backs)
        }
        Fact::Field { of, name, required, constraints, description } => {
            check_field(document, of, name.as_deref(), *required, constraints, description.as_deref())
        }
        Fact::Structure { fixture, at } => match media_at(document, at) {
            Ok((at, media)) => {
                let schema = media.schema.as_ref().unwrap_or(&Value::Null);
                check_structure(document, schema, fixture, format!("`{at}`"))
            }
            Err(message) => Evaluation::Broken(message),
        },
        Fact::Echo { operation, url, request, response } => {
            check_echo(document, examples, operation, url, request.as_deref(), response)
        }
        Fact::ResponseHeader { operation, status, name } => {
            check_response_header(document, operation, status, name)
        }
        Fact::Status { of, status } => {
            let owners = provenance::responders(document, of);
            if owners.is_empty() {
                return unknown(of);
            }
            let at: Vec<ResponseAt> =
                owners.into_iter().map(|owner| ResponseAt::Operation(owner, status.clone())).collect();
            match at.iter().find(|at| !document.has_response(at)) {
                Some(missing) => Evaluation::Fails(String::new(), format!("the document has no `{missing}`")),
                None => holds(
                    format!(
                        "`{}`{}",
                        at[0],
                        if at.len() > 1 { format!(" and {} more", at.len() - 1) } else { String::new() }
                    ),
                    at.into_iter().map(|at| Assertion::new(Node::Response(at), "status")).collect(),
                ),
            }
        }
        Fact::Retries { delivery, count, delays, every, lasting, exponential } => {
            each_entry(document, delivery, |found| {
                check_retries(found, *count, delays.as_deref(), *every, *lasting, *exponential)
            })
        }
        Fact::Signature { delivery, header, format, signed, tolerance, encoding, sent } => {
            each_entry(document, delivery, |found| {
                let documented = Documented {
                    format: format.as_deref(),
                    signed: signed.as_deref(),
                    tolerance: *tolerance,
                };
                check_signature(document, found, header, documented, *encoding, *sent)
            })
        }
        Fact::Security { scheme, header, http } => {
            check_security(document, scheme, header.as_deref(), http.as_deref().unwrap_or("basic"))
        }
        Fact::Method { name, params } => check_method(rpc, name, params.as_deref()),
        Fact::Statement { text, backs } => match document.description_with(text) {
            Some(pointer) => {
                let mut backed = Vec::new();
                for target in backs {
                    match provenance::assertion(document, target) {
                        Ok(assertions) => backed.extend(assertions),
                        Err(message) => return Evaluation::Broken(message),
                    }
                }
                holds(format!("`{pointer}`"), backed)
            }
            None => Evaluation::Fails(String::new(), "no description of the document says it".to_owned()),
        },
        Fact::Observation { .. } => {
            Evaluation::Fails(String::new(), "a documentation flaw no check can express".to_owned())
        }
    }
}

fn unknown(of: &Responder) -> Evaluation {
    match of {
        Responder::Operation(operation) => unknown_operation(operation),
        Responder::Delivery(delivery) => Evaluation::Broken(format!(
            "the claim names delivery `{delivery}`, which the document does not have"
        )),
    }
}

fn check_example(
    document: &OpenApi,
    schemas: &Value,
    at: &Place,
    alternative: Option<&str>,
    documented: &Value,
    embedded: &Value,
) -> Evaluation {
    match at {
        Place::Properties { schema } => return check_properties(document, schemas, schema, documented),
        Place::Schema { schema } => {
            let detail = format!("`{}`", SchemaAt::component(schema));
            if document.schema(schema).is_none() {
                return Evaluation::Broken(format!("the document has no component schema `{schema}`"));
            }
            let target = json!({"$ref": format!("{COMPONENT_REF}{schema}")});
            return match validate(schemas, &target, documented) {
                Ok(()) => holds(detail, Vec::new()),
                Err(errors) => Evaluation::Fails(not_embedded(detail, embedded, documented), errors),
            };
        }
        _ => {}
    }
    let (media, found) = match media_at(document, at) {
        Ok(found) => found,
        Err(message) => return Evaluation::Broken(message),
    };
    let mut schema = found.schema.clone().unwrap_or(Value::Null);
    let mut detail = format!("`{media}`");
    if let Some(alternative) = alternative {
        let target = format!("{COMPONENT_REF}{alternative}");
        let listed = document.schema(alternative).is_some_and(|wanted| {
            document.alternatives(&schema).iter().any(|candidate| std::ptr::eq(*candidate, wanted))
        });
        if !listed {
            return Evaluation::Broken(format!(
                "`{alternative}` is not one of the alternatives of the body at `{media}`"
            ));
        }
        detail = format!("`{target}`, an alternative at {detail}");
        schema = json!({"$ref": target});
    }
    if embedded != documented && validate(schemas, &schema, embedded).is_err() {
        return Evaluation::Broken(format!(
            "even corrected, the example breaks the schema: {}",
            validate(schemas, &schema, embedded).err().unwrap_or_default()
        ));
    }
    match validate(schemas, &schema, documented) {
        Ok(()) => holds(detail, Vec::new()),
        Err(errors) => Evaluation::Fails(not_embedded(detail, embedded, documented), errors),
    }
}

/// Where a failing example was checked; one with no correction is not embedded, and says so.
fn not_embedded(detail: String, embedded: &Value, documented: &Value) -> String {
    if embedded == documented { format!("{detail} (checked there, not embedded)") } else { detail }
}

/// Validates each member of `value` against the property of the same name of the component
/// schema `schema`.
fn check_properties(document: &OpenApi, schemas: &Value, schema: &str, value: &Value) -> Evaluation {
    let at = format!("{}/properties", SchemaAt::component(schema));
    let properties = document.schema(schema).and_then(|component| component.get("properties"));
    let (Some(properties), Some(members)) = (properties, value.as_object()) else {
        return Evaluation::Broken(format!("`{at}` is not in the document, or the example is not an object"));
    };
    let mut mismatches = Vec::new();
    for (name, member) in members {
        match properties.get(name) {
            Some(property) => {
                if let Err(errors) = validate(schemas, property, member) {
                    mismatches.push(format!("`{name}`: {errors}"));
                }
            }
            None => mismatches.push(format!("`{name}` is not a property of {schema}")),
        }
    }
    verdict(format!("`{at}`"), mismatches, Vec::new())
}

/// The JSON media type object of a place, following a reference to a shared response: where it
/// is, and the object.
pub(super) fn media_at<'a>(document: &'a OpenApi, at: &Place) -> Result<(MediaAt, &'a MediaType), String> {
    let (id, status) = match at {
        Place::Request { operation } => (operation, None),
        Place::Response { operation, status } => (operation, Some(status)),
        Place::Properties { schema } | Place::Schema { schema } => {
            return Err(format!("{schema} is a component, not a body"));
        }
    };
    let found = document
        .operation(id)
        .ok_or_else(|| format!("the claim names operation `{id}`, which the document does not have"))?;
    let body = match status {
        None => BodyAt::Request(found.at),
        Some(status) => {
            let response = ResponseAt::Operation(found.at, status.to_string());
            BodyAt::Response(document.response(&response).map_or(response, |(resolved, _)| resolved))
        }
    };
    let first = document.content(&body).and_then(|content| content.keys().next());
    let media = MediaAt { media: first.map_or(crate::openapi::JSON, String::as_str).to_owned(), body };
    match document.media(&media) {
        Some(found) if found.schema.is_some() => Ok((media, found)),
        _ => Err(format!("{} has no JSON body in the document (looked at `{media}`)", super::place(at))),
    }
}

fn check_request(document: &OpenApi, operation: &str, method: Method, url: &str) -> Evaluation {
    let Some(found) = document.operation(operation) else {
        return unknown_operation(operation);
    };
    let Some((path, _)) = document.route(url) else {
        return Evaluation::Fails(
            String::new(),
            format!("`{url}` is on no server of the document, or matches none of its paths"),
        );
    };
    let detail = format!("`{} {path}`", method.key().to_uppercase());
    let reached = document.paths.get(path).and_then(|item| item.get(method));
    match reached.map(|reached| reached.operation_id.as_deref()) {
        Some(Some(id)) if id == operation => {
            holds(detail, vec![Assertion::new(Node::Operation(found.at), "operation")])
        }
        Some(Some(id)) => Evaluation::Fails(detail, format!("it reaches `{id}`, not `{operation}`")),
        _ => Evaluation::Fails(detail, format!("`{path}` has no {} operation", method.key().to_uppercase())),
    }
}

fn check_parameter(
    document: &OpenApi,
    operation: &Found<'_>,
    location: ParamIn,
    name: &str,
    required: bool,
    constraints: &Constraints,
) -> Evaluation {
    if location == ParamIn::Header
        && let Some(scheme) = credential_scheme(document, name)
    {
        let requirements = operation.operation.security(document);
        let enforced = !requirements.is_empty()
            && requirements.iter().all(|requirement| requirement.contains_key(&scheme));
        let detail = format!("security scheme `{scheme}`");
        return if enforced == required {
            holds(detail, Vec::new())
        } else {
            Evaluation::Fails(detail, format!("the document makes it {}", required_word(enforced)))
        };
    }
    let Some((at, parameter)) = document.parameter(operation, location, name) else {
        return Evaluation::Fails(
            String::new(),
            format!("the operation has no {} parameter `{name}`", location.key()),
        );
    };
    let mut backs = vec![provenance::presence(&operation.at, location, name)];
    let mut mismatches = Vec::new();
    if parameter.required != required {
        mismatches.push(format!("the document makes it {}", required_word(parameter.required)));
    } else if required {
        backs.push(Assertion::new(Node::Parameter(at.clone()), "required"));
    }
    let schema = SchemaAt::root(SchemaRoot::Parameter(at));
    compare_constraints(document, &schema, constraints, &mut mismatches, &mut backs);
    let detail = format!("{} parameter `{}`", location.key(), parameter.name);
    verdict(detail, mismatches, backs)
}

/// The security scheme that carries credentials in the header `name`, if any.
fn credential_scheme(document: &OpenApi, name: &str) -> Option<String> {
    let schemes = &document.components.as_ref()?.security_schemes;
    schemes.iter().find_map(|(scheme, definition)| {
        let carries = match definition.kind {
            SecurityKind::ApiKey => {
                definition.location == Some(ParamIn::Header)
                    && definition.name.as_deref().is_some_and(|header| header.eq_ignore_ascii_case(name))
            }
            SecurityKind::Http => name.eq_ignore_ascii_case("Authorization"),
        };
        carries.then(|| scheme.clone())
    })
}

fn check_echo(
    document: &OpenApi,
    examples: &Examples,
    operation: &str,
    url: &str,
    request: Option<&str>,
    response: &str,
) -> Evaluation {
    let Some(found) = document.operation(operation) else {
        return unknown_operation(operation);
    };
    let Some((path, variables)) = document.route(url).filter(|(path, _)| *path == found.at.path) else {
        return Evaluation::Broken(format!("`{url}` does not reach `{operation}`"));
    };
    let lookup = |is_request: bool, name: &str| {
        examples
            .get(&(operation.to_owned(), is_request, name.to_owned()))
            .map(|(documented, _)| documented)
            .ok_or_else(|| {
                format!("the claim names example `{name}` of `{operation}`, which no example claim defines")
            })
    };
    let answer = match lookup(false, response) {
        Ok(answer) => answer,
        Err(message) => return Evaluation::Broken(message),
    };
    let mut sent: Vec<(String, Value)> =
        variables.into_iter().map(|(name, value)| (name, Value::String(value))).collect();
    if let Some(request) = request {
        match lookup(true, request) {
            Ok(body) => sent.extend(body.as_object().into_iter().flat_map(serde_json::Map::clone)),
            Err(message) => return Evaluation::Broken(message),
        }
    }
    let differences: Vec<String> = sent
        .iter()
        .filter(|(name, value)| answer.get(name) != Some(value))
        .map(|(name, value)| {
            format!(
                "`{name}` is sent as {value} but answered as {}",
                answer.get(name).unwrap_or(&Value::Null)
            )
        })
        .collect();
    verdict(format!("`{path}`"), differences, Vec::new())
}

/// A fact about the delivery `delivery`, checked at each of its `webhooks` entries: it holds when it
/// holds at every one, backing what it backs at each.
fn each_entry(document: &OpenApi, delivery: &str, check: impl Fn(&Found<'_>) -> Evaluation) -> Evaluation {
    let entries = provenance::delivery_entries(document, delivery);
    if entries.is_empty() {
        return unknown(&Responder::Delivery(delivery.to_owned()));
    }
    let (mut details, mut backs) = (Vec::new(), Vec::new());
    for found in &entries {
        match check(found) {
            Evaluation::Holds(detail, backed) => {
                details.push(detail);
                backs.extend(backed);
            }
            other => return other,
        }
    }
    let more = if details.len() > 1 { format!(" and {} more", details.len() - 1) } else { String::new() };
    holds(format!("{}{more}", details[0]), backs)
}

/// What a signature fact documents beyond its header and encoding.
struct Documented<'a> {
    format: Option<&'a str>,
    signed: Option<&'a str>,
    tolerance: Option<u64>,
}

fn check_signature(
    document: &OpenApi,
    found: &Found<'_>,
    header: &str,
    documented: Documented<'_>,
    encoding: hookspec_signature::Encoding,
    sent: Signed,
) -> Evaluation {
    let Documented { format, signed, tolerance } = documented;
    let Some((at, parameter)) = document.parameter(found, ParamIn::Header, header) else {
        return Evaluation::Fails(String::new(), format!("the delivery has no `{header}` header"));
    };
    let Some(signature) = &parameter.signature else {
        return Evaluation::Fails(String::new(), format!("`{header}` describes no signature scheme"));
    };
    let scheme = &signature.scheme;
    let node = Node::Parameter(at.clone());
    let mut mismatches = Vec::new();
    let mut backs = vec![
        Assertion::new(Node::Operation(found.at.clone()), "delivery"),
        provenance::presence(&found.at, ParamIn::Header, header),
        Assertion::new(Node::Schema(SchemaAt::root(SchemaRoot::Parameter(at))), "pattern"),
    ];
    match (sent, parameter.required) {
        (Signed::Always, true) => backs.push(Assertion::new(node.clone(), "required")),
        (Signed::WhenSecret, false) => {}
        (_, required) => mismatches.push(format!("the document makes it {}", required_word(required))),
    }
    if scheme.encoding != encoding {
        mismatches.push(format!("the document's encoding is {}", scheme.encoding.name()));
    }
    if let Some(signed) = signed {
        if scheme.signed == signed {
            backs.push(Assertion::new(node.clone(), "signed"));
        } else {
            mismatches.push(format!("the document signs `{}`", scheme.signed));
        }
    }
    if let Some(tolerance) = tolerance {
        match signature.tolerance_seconds {
            Some(seconds) if seconds == tolerance => backs.push(Assertion::new(node.clone(), "tolerance")),
            Some(seconds) => mismatches.push(format!("the document's tolerance is {seconds} seconds")),
            None => mismatches.push("the document states no tolerance".to_owned()),
        }
    }
    if let Some(format) = format {
        let template = scheme.headers.get(header).map(String::as_str).unwrap_or_default();
        match hookspec_signature::scheme::documented_format(scheme, template, format) {
            Ok(()) => backs.push(Assertion::new(node.clone(), "format")),
            Err(difference) => mismatches.push(format!(
                "the documented format `{format}` and the scheme's `{template}` differ: {difference}"
            )),
        }
    }
    verdict(format!("`{node}`"), mismatches, backs)
}

fn check_retries(
    found: &Found<'_>,
    count: Option<u32>,
    delays: Option<&[u64]>,
    every: Option<u64>,
    lasting: Option<u64>,
    exponential: bool,
) -> Evaluation {
    use hookspec_dialects::table::Retries;
    let Some(schedule) = &found.operation.retries else {
        return Evaluation::Fails(String::new(), "the delivery states no retries".to_owned());
    };
    let mut mismatches = Vec::new();
    let mut backs = Vec::new();
    let back =
        |keyword: &str| Assertion::new(Node::Operation(found.at.clone()), format!("retries.{keyword}"));
    if let Some(count) = count {
        if schedule.count() == count as usize {
            backs.push(back("count"));
        } else {
            mismatches.push(format!("the document retries {} times", schedule.count()));
        }
    }
    match (schedule, delays) {
        (Retries::Listed(listed), Some(delays)) if listed.as_slice() == delays => {
            backs.extend([back("delays"), back("count")]);
        }
        (_, Some(_)) => mismatches.push(format!("the document's schedule is {}", json!(schedule))),
        _ => {}
    }
    match (schedule, every, lasting) {
        (Retries::Every { seconds, count }, Some(every), lasting) if *seconds == every => {
            backs.push(back("every"));
            match lasting {
                Some(lasting) if seconds.saturating_mul(u64::from(*count)) == lasting => {
                    backs.push(back("count"))
                }
                Some(lasting) => mismatches.push(format!(
                    "{count} retries {seconds} seconds apart last {} seconds, not {lasting}",
                    seconds.saturating_mul(u64::from(*count))
                )),
                None => {}
            }
        }
        (_, None, None) => {}
        _ => mismatches.push(format!("the document's schedule is {}", json!(schedule))),
    }
    if exponential {
        if matches!(schedule, Retries::Doubling { .. } | Retries::Exponential { .. }) {
            backs.push(back("backoff"));
        } else {
            mismatches.push(format!("the document's schedule is {}", json!(schedule)));
        }
    }
    verdict(format!("`{}`", found.at), mismatches, backs)
}

fn check_security(document: &OpenApi, scheme: &str, header: Option<&str>, http: &str) -> Evaluation {
    let node = Node::SecurityScheme(scheme.to_owned());
    let Some(found) = document.security_scheme(scheme) else {
        return Evaluation::Fails(String::new(), format!("the document has no security scheme `{scheme}`"));
    };
    let agrees = match header {
        Some(header) => {
            found.kind == SecurityKind::ApiKey
                && found.location == Some(ParamIn::Header)
                && found.name.as_deref() == Some(header)
        }
        None => found.kind == SecurityKind::Http && found.scheme.as_deref() == Some(http),
    };
    let detail = format!("`{node}`");
    if agrees {
        holds(detail, vec![Assertion::new(node, "scheme")])
    } else {
        let shown = serde_json::to_string(found).unwrap_or_default();
        Evaluation::Fails(detail, format!("the document's scheme is {shown}"))
    }
}

fn check_method(rpc: Option<&JsonRpc>, name: &str, params: Option<&[String]>) -> Evaluation {
    let Some(method) = rpc.and_then(|rpc| rpc.methods.iter().find(|method| method.name == name)) else {
        return Evaluation::Broken(format!(
            "the claim names method `{name}`, which the method table does not have"
        ));
    };
    let arguments = SchemaAt::component(&format!("{}Arguments", method.stem()));
    let modelled: Option<Vec<&str>> = match &method.params {
        Params::Positional(params) => Some(params.iter().map(|param| param.name.as_str()).collect()),
        Params::Undocumented(_) => None,
    };
    let documented: Option<Vec<&str>> = params.map(|params| params.iter().map(String::as_str).collect());
    let detail = format!("`{arguments}`");
    if modelled == documented {
        holds(detail, vec![Assertion::new(Node::Schema(arguments), "method")])
    } else {
        Evaluation::Fails(detail, format!("the method table gives it the parameters {modelled:?}"))
    }
}

/// A documented response header: the operation's response `status` must carry it.
fn check_response_header(document: &OpenApi, operation: &str, status: &str, name: &str) -> Evaluation {
    let Some(found) = document.operation(operation) else { return unknown_operation(operation) };
    if !found.operation.responses.contains_key(status) {
        return Evaluation::Fails(String::new(), format!("`{operation}` has no `{status}` response"));
    }
    let entry = ResponseAt::Operation(found.at, status.to_owned());
    let (at, response) = match document.response(&entry) {
        Some((at, response)) => (at, Some(response)),
        None => (entry, None),
    };
    let headers = response.into_iter().flat_map(|response| response.headers.keys());
    match headers.into_iter().find(|key| key.eq_ignore_ascii_case(name)) {
        Some(key) => {
            let node = Node::Header(at, key.clone());
            holds(format!("`{node}`"), vec![Assertion::new(node, "header")])
        }
        None => Evaluation::Fails(format!("`{at}`"), format!("the response has no `{name}` header")),
    }
}
