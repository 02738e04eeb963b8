//! A JSON-RPC provider's API, served generically: every answer is HTTP 200 with a JSON-RPC
//! response, the request checked against the document, the method's action taken from the
//! behaviour data, and each refusal the provider's error code.

use hookspec_dialects::behaviour::{Action, JsonRpcBehaviour, RpcError};
use serde_json::{Value, json};

use crate::contract::{Incoming, Refusal};
use crate::records;
use crate::{Mock, Reply, refusal};

/// A JSON-RPC error: the kind's code and message, and the details.
type Failure = (RpcError, String);

/// Answers a JSON-RPC request.
pub(crate) fn answer(mock: &mut Mock, rpc: &JsonRpcBehaviour, request: &Incoming) -> Reply {
    let checked = mock.contract.check(request);
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    // An answer to a request whose id cannot be read has a null id (JSON-RPC 2.0, section 5).
    let id = body.get("id").cloned().filter(readable_id).unwrap_or(Value::Null);
    let outcome = match checked {
        Err(Refusal::NoSuchPath) => return Reply::json(404, json!({"message": "Not found."})),
        Err(Refusal::MethodNotAllowed) => {
            let mut reply = Reply::json(405, json!({"message": "The JSON-RPC endpoint takes POST only."}));
            reply.headers.push(("Allow".into(), mock.contract.allowed(&request.path).join(", ")));
            return reply;
        }
        Err(Refusal::Malformed(message)) => Err((rpc.errors.parse_error.clone(), message)),
        Err(Refusal::Invalid(problems)) => {
            Err(diagnose(mock, rpc, &body, problems.into_iter().map(|problem| problem.message).collect()))
        }
        Ok(_) => {
            let params = body["params"].as_array().cloned().unwrap_or_default();
            let method = body["method"].as_str().unwrap_or_default();
            match &rpc.login {
                Some(login) if login.method == method => login_answer(mock, rpc, &params),
                _ => call(mock, rpc, request, &params),
            }
        }
    };
    let parse_error = matches!(&outcome, Err((error, _)) if *error == rpc.errors.parse_error);
    let id = if parse_error { Value::Null } else { id };
    Reply::json(
        200,
        match outcome {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result, "error": null}),
            Err((error, detail)) => {
                let message = if detail.is_empty() {
                    error.message.clone()
                } else {
                    format!("{}: {detail}", error.message)
                };
                json!({"jsonrpc": "2.0", "id": id, "error": {"code": error.code, "message": message}})
            }
        },
    )
}

/// Whether a request id is one the document allows: a string, an integer or null (JSON-RPC 2.0
/// allows any number, but says it "SHOULD NOT contain fractional parts").
fn readable_id(id: &Value) -> bool {
    id.is_string() || id.is_i64() || id.is_u64() || id.is_null()
}

/// Why a request the document refuses is refused: the most specific error.
fn diagnose(mock: &Mock, rpc: &JsonRpcBehaviour, request: &Value, problems: Vec<String>) -> Failure {
    let errors = &rpc.errors;
    let method = request.get("method").and_then(Value::as_str);
    let id = request.get("id");
    let id_readable = id.is_none_or(readable_id);
    if request.get("jsonrpc") != Some(&json!("2.0"))
        || method.is_none()
        || !request["params"].is_array()
        || !id_readable
    {
        return (
            errors.invalid_request.clone(),
            "a JSON-RPC 2.0 request has `\"jsonrpc\": \"2.0\"`, a `method`, `params` as an array, and an `id` \
             that is a string, a number or null"
                .into(),
        );
    }
    let Some(api) = mock.provider.protocol.jsonrpc() else {
        return (errors.invalid_params.clone(), problems.join("; "));
    };
    let wrapper = api.call.as_ref().map(|call| call.method.as_str());
    let direct = |name: &str| api.methods.iter().any(|known| known.direct && known.name == name);
    match method {
        Some(name) if Some(name) == wrapper => {
            if let Some(called) = request["params"].get(1).and_then(Value::as_str)
                && !api.methods.iter().any(|known| !known.direct && known.name == called)
            {
                return (errors.invalid_path.clone(), format!("`{called}`"));
            }
        }
        Some(name) if direct(name) => {}
        Some(name) => return (errors.method_not_found.clone(), format!("`{name}`")),
        None => {}
    }
    (errors.invalid_params.clone(), problems.join("; "))
}

fn login_answer(mock: &mut Mock, rpc: &JsonRpcBehaviour, params: &[Value]) -> Result<Value, Failure> {
    let filled = |value: Option<&Value>| value.and_then(Value::as_str).is_some_and(|text| !text.is_empty());
    let Some(login) = &rpc.login else { return Err((rpc.errors.method_not_found.clone(), String::new())) };
    if !filled(params.first()) || !filled(params.get(1)) {
        return Err((rpc.errors.access_denied.clone(), String::new()));
    }
    let session = mock.store.generate(&login.session);
    if let Value::String(session) = &session {
        mock.sessions.insert(session.clone());
    }
    Ok(session)
}

/// A call through the wrapper method: `[session, method, arguments]`.
fn call(
    mock: &mut Mock,
    rpc: &JsonRpcBehaviour,
    request: &Incoming,
    params: &[Value],
) -> Result<Value, Failure> {
    let errors = &rpc.errors;
    match params.first() {
        Some(Value::String(session)) if mock.sessions.contains(session) => {}
        Some(Value::String(_)) => return Err((errors.session_expired.clone(), String::new())),
        _ if !refusal::authenticated(
            &mock.provider.table,
            mock.provider.behaviour.keys.as_ref(),
            request,
        ) || refusal::basic(request).is_none_or(|(_, key)| key.is_empty()) =>
        {
            return Err((errors.access_denied.clone(), String::new()));
        }
        _ => {}
    }
    let method = params.get(1).and_then(Value::as_str).unwrap_or_default();
    let arguments = params.get(2).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    let Some(action) = rpc.methods.get(method).cloned() else {
        return Err((errors.invalid_path.clone(), format!("`{method}` is not served by the sandbox")));
    };
    let fixed = fixed_result(mock, method);
    let rules = &mock.provider.behaviour.webhooks;
    let key = records::owner(rules, request, &Default::default());
    let owned = mock.store.owned(&key);
    match action {
        Action::List(_) => {
            let schema = item_schema(mock, method);
            Ok(Value::Array(
                mock.store
                    .all()
                    .map(|record| records::render(&mock.contract.document, schema.as_ref(), record))
                    .collect(),
            ))
        }
        Action::Create(argument) => {
            let Some(Value::Object(data)) = arguments.get(argument.argument.unwrap_or(0)).cloned() else {
                return Err((errors.invalid_data.clone(), "the webhook's data is an object".into()));
            };
            let schema = item_schema(mock, "webhook.list").or_else(|| item_schema(mock, method));
            let record =
                records::make(&mut mock.store, mock.provider, &records::Context::default(), data, None)
                    .and_then(|record| mock.check_canonical(&record, schema.as_ref()).map(|()| record))
                    .map_err(|refused| (errors.invalid_data.clone(), mock.describe(&refused)))?;
            mock.store.owned(&key).webhooks.push(record);
            Ok(fixed.unwrap_or(Value::Bool(true)))
        }
        Action::SetEnabled { event, status, field } => {
            let topic = arguments.get(event).and_then(Value::as_str).unwrap_or_default().to_owned();
            let status = arguments.get(status).cloned().unwrap_or(Value::Null);
            let webhook = mock.provider.wire.webhook;
            let mut changed = false;
            for record in &mut owned.webhooks {
                let subscribed = webhook(&Value::Object(record.clone()))
                    .is_ok_and(|canonical| canonical.events.contains(&topic));
                if subscribed {
                    // The status as given; the wire's conversion decides what it means.
                    let mut switched = record.clone();
                    switched.insert(field.clone(), status.clone());
                    if webhook(&Value::Object(switched.clone())).is_err() {
                        return Err((errors.invalid_params.clone(), format!("`{status}` is not a status")));
                    }
                    *record = switched;
                    changed = true;
                }
            }
            if changed {
                Ok(fixed.unwrap_or(Value::Bool(true)))
            } else {
                Err((errors.not_changed.clone(), String::new()))
            }
        }
        Action::Delete(target) => {
            let id = arguments.get(target.argument.unwrap_or(0)).cloned().unwrap_or(Value::Null);
            let before = owned.webhooks.len();
            owned.webhooks.retain(|record| record.get(&rules.id.field) != Some(&id));
            if owned.webhooks.len() == before {
                return Err((errors.not_found.clone(), format!("no webhook has the id {id}")));
            }
            Ok(fixed.unwrap_or(Value::Bool(true)))
        }
        _ => Err((errors.method_not_found.clone(), format!("`{method}` is not served by the sandbox"))),
    }
}

/// The value a method's result schema fixes (`const: true`), if it fixes one.
fn fixed_result(mock: &Mock, method: &str) -> Option<Value> {
    let api = mock.provider.protocol.jsonrpc()?;
    let found = api.methods.iter().find(|known| known.name == method)?;
    let schema = match &found.result.schema {
        hookspec_dialects::table::Named::Name(name) => {
            mock.contract.document["components"]["schemas"].get(name)?.clone()
        }
        hookspec_dialects::table::Named::Value(schema) => schema.clone(),
    };
    let schema = hookspec_toolkit::lookup::resolve(&mock.contract.document, &schema);
    schema.get("const").cloned()
}

/// The schema of the items a listing method answers.
fn item_schema(mock: &Mock, method: &str) -> Option<Value> {
    let api = mock.provider.protocol.jsonrpc()?;
    let found = api.methods.iter().find(|known| known.name == method)?;
    match &found.result.schema {
        hookspec_dialects::table::Named::Value(schema) => schema.get("items").cloned(),
        hookspec_dialects::table::Named::Name(name) => {
            mock.contract.document["components"]["schemas"].get(name)?.get("items").cloned()
        }
    }
}
