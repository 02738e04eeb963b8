//! Evaluating one documented fact against the document: whether it holds, and which of the
//! document's assertions it backs when it does.

use hookspec_toolkit::validate::validate;
use std::collections::BTreeMap;

use hookspec_dialects::facts::{Constraints, Responder};
use hookspec_dialects::table::{JsonRpc, Params, Signed};
use hookspec_dialects::{Fact, Method, ParamIn, Place};
use serde_json::{Value, json};

use super::Assertion;
use super::provenance::{self, parameter_key};
use super::shapes::{check_field, check_structure, compare_constraints, required_word};
use super::verdict::{Evaluation, unknown_operation, verdict};
use hookspec_toolkit::lookup::{self, escape};

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

pub(super) fn evaluate(
    document: &Value,
    fact: &Fact,
    examples: &Examples,
    rpc: Option<&JsonRpc>,
) -> Evaluation {
    match fact {
        Fact::Example { name, at, schema: alternative, .. } => {
            let Some((documented, embedded)) = examples.get(&example_key(name, at)) else {
                return Evaluation::Unparsed;
            };
            check_example(document, at, alternative.as_deref(), documented, embedded)
        }
        Fact::Request { operation, method, url } => check_request(document, operation, *method, url),
        Fact::Parameter { operation, location, name, required, constraints } => {
            match lookup::operation(document, operation) {
                Some(found) => check_parameter(document, found, *location, name, *required, constraints),
                None => unknown_operation(operation),
            }
        }
        Fact::Field { of, name, required, constraints, description } => {
            check_field(document, of, name.as_deref(), *required, constraints, description.as_deref())
        }
        Fact::Structure { fixture, at } => match media_pointer(document, at) {
            Ok(pointer) => {
                let schema = document.pointer(&format!("{pointer}/schema")).unwrap_or(&Value::Null);
                check_structure(document, schema, fixture, format!("`{pointer}`"))
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
            let pointers = provenance::responders(document, of);
            if pointers.is_empty() {
                return unknown(of);
            }
            let at: Vec<String> =
                pointers.iter().map(|pointer| format!("{pointer}/responses/{}", escape(status))).collect();
            match at.iter().find(|at| document.pointer(at).is_none()) {
                Some(missing) => Evaluation::Fails(String::new(), format!("the document has no `{missing}`")),
                None => holds(
                    format!(
                        "`{}`{}",
                        at[0],
                        if at.len() > 1 { format!(" and {} more", at.len() - 1) } else { String::new() }
                    ),
                    at.into_iter().map(|at| Assertion::new(at, "status")).collect(),
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
        Fact::Statement { text, backs } => match description_with(document, text, String::new()) {
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

/// The pointer of the first `description` in `value` (at `pointer`) that contains `text`.
fn description_with(value: &Value, text: &str, pointer: String) -> Option<String> {
    match value {
        Value::Object(object) => object.iter().find_map(|(key, child)| match child {
            Value::String(description) if key == "description" && description.contains(text) => {
                Some(format!("{pointer}/description"))
            }
            _ => description_with(child, text, format!("{pointer}/{}", escape(key))),
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, child)| description_with(child, text, format!("{pointer}/{index}"))),
        _ => None,
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
    document: &Value,
    at: &Place,
    alternative: Option<&str>,
    documented: &Value,
    embedded: &Value,
) -> Evaluation {
    match at {
        Place::Properties { schema } => return check_properties(document, schema, documented),
        Place::Schema { schema } => {
            let target = json!({"$ref": format!("#/components/schemas/{schema}")});
            if lookup::resolve(document, &target) == &target {
                return Evaluation::Broken(format!("the document has no component schema `{schema}`"));
            }
            return match validate(document, &target, documented) {
                Ok(()) => holds(format!("`/components/schemas/{}`", escape(schema)), Vec::new()),
                Err(errors) => Evaluation::Fails(format!("`/components/schemas/{}`", escape(schema)), errors),
            };
        }
        _ => {}
    }
    let pointer = match media_pointer(document, at) {
        Ok(pointer) => pointer,
        Err(message) => return Evaluation::Broken(message),
    };
    let mut schema = document.pointer(&pointer).map_or(Value::Null, |media| media["schema"].clone());
    let mut detail = format!("`{pointer}`");
    if let Some(alternative) = alternative {
        let target = format!("#/components/schemas/{alternative}");
        let listed = lookup::alternatives(document, &schema)
            .iter()
            .any(|candidate| std::ptr::eq(*candidate, lookup::resolve(document, &json!({"$ref": target}))));
        if !listed {
            return Evaluation::Broken(format!(
                "`{alternative}` is not one of the alternatives of the body at `{pointer}`"
            ));
        }
        detail = format!("`{target}`, an alternative at {detail}");
        schema = json!({"$ref": target});
    }
    if embedded != documented && validate(document, &schema, embedded).is_err() {
        return Evaluation::Broken(format!(
            "even corrected, the example breaks the schema: {}",
            validate(document, &schema, embedded).err().unwrap_or_default()
        ));
    }
    match validate(document, &schema, documented) {
        Ok(()) => holds(detail, Vec::new()),
        Err(errors) => Evaluation::Fails(detail, errors),
    }
}

/// Validates each member of `value` against the property of the same name of the component
/// schema `schema`.
fn check_properties(document: &Value, schema: &str, value: &Value) -> Evaluation {
    let pointer = format!("/components/schemas/{}/properties", escape(schema));
    let (Some(properties), Some(members)) = (document.pointer(&pointer), value.as_object()) else {
        return Evaluation::Broken(format!(
            "`{pointer}` is not in the document, or the example is not an object"
        ));
    };
    let mut mismatches = Vec::new();
    for (name, member) in members {
        match properties.get(name) {
            Some(property) => {
                if let Err(errors) = validate(document, property, member) {
                    mismatches.push(format!("`{name}`: {errors}"));
                }
            }
            None => mismatches.push(format!("`{name}` is not a property of {schema}")),
        }
    }
    verdict(format!("`{pointer}`"), mismatches, Vec::new())
}

/// JSON Pointer to the `application/json` media type object of a place, following a reference to
/// a shared response.
pub(super) fn media_pointer(document: &Value, at: &Place) -> Result<String, String> {
    let (id, pointer) = match at {
        Place::Request { operation } => (operation, "/requestBody".to_owned()),
        Place::Response { operation, status } => (operation, format!("/responses/{status}")),
        Place::Properties { schema } | Place::Schema { schema } => {
            return Err(format!("{schema} is a component, not a body"));
        }
    };
    let operation = lookup::operation(document, id)
        .ok_or_else(|| format!("the claim names operation `{id}`, which the document does not have"))?;
    let mut pointer = format!("{}{pointer}", operation.pointer());
    if let Some(target) = document.pointer(&pointer).and_then(|value| value["$ref"].as_str()) {
        pointer = target.trim_start_matches('#').to_owned();
    }
    let media = document.pointer(&pointer).map_or("application/json", |holder| lookup::media(holder).0);
    pointer.push_str(&format!("/content/{}", escape(media)));
    match document.pointer(&pointer) {
        Some(media) if media.get("schema").is_some() => Ok(pointer),
        _ => Err(format!("{} has no JSON body in the document (looked at `{pointer}`)", super::place(at))),
    }
}

fn check_request(document: &Value, operation: &str, method: Method, url: &str) -> Evaluation {
    let Some(found) = lookup::operation(document, operation) else {
        return unknown_operation(operation);
    };
    let Some((path, _)) = lookup::route(document, url) else {
        return Evaluation::Fails(
            String::new(),
            format!("`{url}` is on no server of the document, or matches none of its paths"),
        );
    };
    let detail = format!("`{} {path}`", method.key().to_uppercase());
    match document["paths"][path][method.key()]["operationId"].as_str() {
        Some(id) if id == operation => holds(detail, vec![Assertion::new(found.pointer(), "operation")]),
        Some(id) => Evaluation::Fails(detail, format!("it reaches `{id}`, not `{operation}`")),
        None => {
            Evaluation::Fails(detail, format!("`{path}` has no {} operation", method.key().to_uppercase()))
        }
    }
}

fn check_parameter(
    document: &Value,
    operation: lookup::Found<'_>,
    location: ParamIn,
    name: &str,
    required: bool,
    constraints: &Constraints,
) -> Evaluation {
    if location == ParamIn::Header
        && let Some(scheme) = credential_scheme(document, name)
    {
        let requirements = lookup::security(document, operation);
        let enforced = !requirements.is_empty()
            && requirements.iter().all(|requirement| requirement.get(&scheme).is_some());
        let detail = format!("security scheme `{scheme}`");
        return if enforced == required {
            holds(detail, Vec::new())
        } else {
            Evaluation::Fails(detail, format!("the document makes it {}", required_word(enforced)))
        };
    }
    let Some((pointer, parameter)) = lookup::parameter(document, operation, location.key(), name) else {
        return Evaluation::Fails(
            String::new(),
            format!("the operation has no {} parameter `{name}`", location.key()),
        );
    };
    let mut backs = vec![parameter_key(operation.pointer(), location, name)];
    let mut mismatches = Vec::new();
    let actual_required = parameter["required"].as_bool().unwrap_or(false);
    if actual_required != required {
        mismatches.push(format!("the document makes it {}", required_word(actual_required)));
    } else if required {
        backs.push(Assertion::new(pointer.clone(), "required"));
    }
    compare_constraints(document, &format!("{pointer}/schema"), constraints, &mut mismatches, &mut backs);
    let detail = format!("{} parameter `{}`", location.key(), parameter["name"].as_str().unwrap_or(name));
    verdict(detail, mismatches, backs)
}

/// The security scheme that carries credentials in the header `name`, if any.
fn credential_scheme(document: &Value, name: &str) -> Option<String> {
    let schemes = document.pointer("/components/securitySchemes")?.as_object()?;
    schemes.iter().find_map(|(scheme, definition)| {
        let carries = match definition["type"].as_str() {
            Some("apiKey") => {
                definition["in"] == "header"
                    && definition["name"].as_str().is_some_and(|header| header.eq_ignore_ascii_case(name))
            }
            Some("http") => name.eq_ignore_ascii_case("Authorization"),
            _ => false,
        };
        carries.then(|| scheme.clone())
    })
}

fn check_echo(
    document: &Value,
    examples: &Examples,
    operation: &str,
    url: &str,
    request: Option<&str>,
    response: &str,
) -> Evaluation {
    let Some(found) = lookup::operation(document, operation) else {
        return unknown_operation(operation);
    };
    let Some((path, variables)) = lookup::route(document, url).filter(|(path, _)| *path == found.path) else {
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
fn each_entry(
    document: &Value,
    delivery: &str,
    check: impl Fn(lookup::Found<'_>) -> Evaluation,
) -> Evaluation {
    let entries = provenance::delivery_entries(document, delivery);
    if entries.is_empty() {
        return unknown(&Responder::Delivery(delivery.to_owned()));
    }
    let (mut details, mut backs) = (Vec::new(), Vec::new());
    for found in entries {
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
    document: &Value,
    found: lookup::Found<'_>,
    header: &str,
    documented: Documented<'_>,
    encoding: hookspec_signature::Encoding,
    sent: Signed,
) -> Evaluation {
    let Documented { format, signed, tolerance } = documented;
    let Some((pointer, parameter)) = lookup::parameter(document, found, "header", header) else {
        return Evaluation::Fails(String::new(), format!("the delivery has no `{header}` header"));
    };
    let scheme: hookspec_signature::Scheme =
        match serde_json::from_value(parameter[crate::openapi::SIGNATURE]["scheme"].clone()) {
            Ok(scheme) => scheme,
            Err(error) => {
                return Evaluation::Fails(
                    String::new(),
                    format!("`{header}` describes no signature scheme: {error}"),
                );
            }
        };
    let mut mismatches = Vec::new();
    let mut backs = vec![
        Assertion::new(found.pointer(), "delivery"),
        parameter_key(found.pointer(), ParamIn::Header, header),
        Assertion::new(format!("{pointer}/schema"), "pattern"),
    ];
    let required = parameter["required"].as_bool().unwrap_or(false);
    match (sent, required) {
        (Signed::Always, true) => backs.push(Assertion::new(pointer.clone(), "required")),
        (Signed::WhenSecret, false) => {}
        _ => mismatches.push(format!("the document makes it {}", required_word(required))),
    }
    if scheme.encoding != encoding {
        mismatches.push(format!("the document's encoding is {}", scheme.encoding.name()));
    }
    if let Some(signed) = signed {
        if scheme.signed == signed {
            backs.push(Assertion::new(pointer.clone(), "signed"));
        } else {
            mismatches.push(format!("the document signs `{}`", scheme.signed));
        }
    }
    if let Some(tolerance) = tolerance {
        match parameter[crate::openapi::SIGNATURE]["tolerance_seconds"].as_u64() {
            Some(seconds) if seconds == tolerance => backs.push(Assertion::new(pointer.clone(), "tolerance")),
            Some(seconds) => mismatches.push(format!("the document's tolerance is {seconds} seconds")),
            None => mismatches.push("the document states no tolerance".to_owned()),
        }
    }
    if let Some(format) = format {
        let template = scheme.headers.get(header).map(String::as_str).unwrap_or_default();
        match hookspec_signature::scheme::documented_format(&scheme, template, format) {
            Ok(()) => backs.push(Assertion::new(pointer.clone(), "format")),
            Err(difference) => mismatches.push(format!(
                "the documented format `{format}` and the scheme's `{template}` differ: {difference}"
            )),
        }
    }
    verdict(format!("`{pointer}`"), mismatches, backs)
}

fn check_retries(
    found: lookup::Found<'_>,
    count: Option<u32>,
    delays: Option<&[u64]>,
    every: Option<u64>,
    lasting: Option<u64>,
    exponential: bool,
) -> Evaluation {
    use hookspec_dialects::table::Retries;
    let pointer = found.pointer();
    let schedule: Retries = match serde_json::from_value(found.object[crate::openapi::RETRIES].clone()) {
        Ok(schedule) => schedule,
        Err(error) => {
            return Evaluation::Fails(String::new(), format!("the delivery states no retries: {error}"));
        }
    };
    let mut mismatches = Vec::new();
    let mut backs = Vec::new();
    let back = |keyword: &str| Assertion::new(pointer.clone(), format!("retries.{keyword}"));
    if let Some(count) = count {
        if schedule.count() == count as usize {
            backs.push(back("count"));
        } else {
            mismatches.push(format!("the document retries {} times", schedule.count()));
        }
    }
    match (&schedule, delays) {
        (Retries::Listed(listed), Some(delays)) if listed.as_slice() == delays => {
            backs.extend([back("delays"), back("count")]);
        }
        (_, Some(_)) => mismatches.push(format!("the document's schedule is {}", json!(schedule))),
        _ => {}
    }
    match (&schedule, every, lasting) {
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
        if matches!(schedule, Retries::Doubling { .. }) {
            backs.push(back("backoff"));
        } else {
            mismatches.push(format!("the document's schedule is {}", json!(schedule)));
        }
    }
    verdict(format!("`{pointer}`"), mismatches, backs)
}

fn check_security(document: &Value, scheme: &str, header: Option<&str>, http: &str) -> Evaluation {
    let pointer = format!("/components/securitySchemes/{}", escape(scheme));
    let Some(found) = document.pointer(&pointer) else {
        return Evaluation::Fails(String::new(), format!("the document has no security scheme `{scheme}`"));
    };
    let agrees = match header {
        Some(header) => found["type"] == "apiKey" && found["in"] == "header" && found["name"] == header,
        None => found["type"] == "http" && found["scheme"] == http,
    };
    if agrees {
        holds(format!("`{pointer}`"), vec![Assertion::new(pointer.clone(), "scheme")])
    } else {
        Evaluation::Fails(format!("`{pointer}`"), format!("the document's scheme is {found}"))
    }
}

fn check_method(rpc: Option<&JsonRpc>, name: &str, params: Option<&[String]>) -> Evaluation {
    let Some(method) = rpc.and_then(|rpc| rpc.methods.iter().find(|method| method.name == name)) else {
        return Evaluation::Broken(format!(
            "the claim names method `{name}`, which the method table does not have"
        ));
    };
    let pointer = format!("/components/schemas/{}Arguments", method.stem());
    let modelled: Option<Vec<&str>> = match &method.params {
        Params::Positional(params) => Some(params.iter().map(|param| param.name.as_str()).collect()),
        Params::Undocumented(_) => None,
    };
    let documented: Option<Vec<&str>> = params.map(|params| params.iter().map(String::as_str).collect());
    if modelled == documented {
        holds(format!("`{pointer}`"), vec![Assertion::new(pointer.clone(), "method")])
    } else {
        Evaluation::Fails(
            format!("`{pointer}`"),
            format!("the method table gives it the parameters {modelled:?}"),
        )
    }
}

/// A documented response header: the operation's response `status` must carry it.
fn check_response_header(document: &Value, operation: &str, status: &str, name: &str) -> Evaluation {
    let Some(found) = lookup::operation(document, operation) else { return unknown_operation(operation) };
    let Some(response) = found.object["responses"].get(status) else {
        return Evaluation::Fails(String::new(), format!("`{operation}` has no `{status}` response"));
    };
    let pointer = match response.get("$ref").and_then(Value::as_str) {
        Some(target) => target.trim_start_matches('#').to_owned(),
        None => format!("{}/responses/{}", found.pointer(), escape(status)),
    };
    let response = lookup::resolve(document, response);
    match response["headers"]
        .as_object()
        .and_then(|headers| headers.keys().find(|key| key.eq_ignore_ascii_case(name)))
    {
        Some(key) => {
            let at = format!("{pointer}/headers/{}", escape(key));
            holds(format!("`{at}`"), vec![Assertion::new(at, "header")])
        }
        None => Evaluation::Fails(format!("`{pointer}`"), format!("the response has no `{name}` header")),
    }
}
