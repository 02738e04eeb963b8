//! The schemas of a JSON-RPC 2.0 API, generated from its method table.
//!
//! A JSON-RPC API has one HTTP operation; what varies is the envelope's `method` and positional
//! `params`. From the table's methods this module builds the component schemas that describe each
//! call and each result; [`crate::openrpc`] builds the OpenRPC document from the same table, so
//! the two cannot drift apart. The envelope follows the JSON-RPC 2.0 specification; what a method
//! takes and answers comes from the table, whose constraints live in wire types (a schema written
//! out in the table may not carry one, so that every constraint is checked against a documented
//! fact like any other).

use hookspec_dialects::table::{JsonRpc, JsonRpcMethod, Named, Param, Params};
use serde_json::{Value, json};

use crate::openapi::Renderer;
use crate::schemas::COMPONENT_REF;

/// The keywords that constrain a value, which only wire types may carry.
pub const CONSTRAINTS: [&str; 15] = [
    "format",
    "enum",
    "const",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
];

/// The names of the component schemas [`components`] adds.
pub fn component_names(api: &JsonRpc) -> Vec<String> {
    let mut names: Vec<String> = api
        .methods
        .iter()
        .flat_map(|method| {
            let stem = method.stem();
            [format!("{stem}Call"), format!("{stem}Result"), format!("{stem}Response")]
        })
        .collect();
    names.extend(
        [
            "JsonRpcRequest",
            "JsonRpcResponse",
            "JsonRpcVersion",
            "JsonRpcId",
            "JsonRpcError",
            "JsonRpcErrorResponse",
        ]
        .map(String::from),
    );
    names
}

/// The envelope schemas: `JsonRpcRequest` (one of the methods' `<Stem>Call`s), `JsonRpcResponse`
/// (any of the methods' `<Stem>Response`s, or `JsonRpcErrorResponse`), each method's
/// `<Stem>Result`, and the shared parts.
pub fn components(api: &JsonRpc, renderer: &mut Renderer) -> Vec<(String, Value)> {
    let mut schemas = Vec::new();
    let mut calls = Vec::new();
    let mut responses = Vec::new();
    for method in &api.methods {
        let stem = method.stem();
        let anchor = format!("name: {}", method.name);
        schemas.push((format!("{stem}Call"), call_schema(api, method, renderer)));
        schemas.push((format!("{stem}Result"), schema(&method.result.schema, renderer, &anchor)));
        schemas.push((format!("{stem}Response"), success_schema(method, &stem)));
        calls.push(reference(&format!("{stem}Call")));
        responses.push(reference(&format!("{stem}Response")));
    }
    responses.push(reference("JsonRpcErrorResponse"));
    schemas.push((
        "JsonRpcRequest".into(),
        json!({
            "description": "A JSON-RPC 2.0 request: exactly one of the API's calls, told apart by `method` and the \
                            positional `params`.",
            "oneOf": calls,
        }),
    ));
    schemas.push((
        "JsonRpcResponse".into(),
        json!({
            "description": "A JSON-RPC 2.0 response: a method's result, or an error.",
            "anyOf": responses,
        }),
    ));
    schemas.push((
        "JsonRpcVersion".into(),
        json!({"type": "string", "description": "The protocol version: the string `\"2.0\"`.", "enum": ["2.0"]}),
    ));
    schemas.push((
        "JsonRpcId".into(),
        json!({
            "type": ["string", "integer", "null"],
            "description": "The caller's request id, echoed in the response.",
        }),
    ));
    schemas.push(("JsonRpcError".into(), error_schema(api)));
    schemas.push(("JsonRpcErrorResponse".into(), error_response_schema()));
    schemas
}

/// The schema a table entry names or writes out: a reference to a component, or the schema
/// written out, which may not carry a constraint.
fn schema(schema: &Named<Value>, renderer: &mut Renderer, anchor: &str) -> Value {
    match schema {
        Named::Name(name) => {
            renderer.check_schema_name(name, anchor);
            reference(name)
        }
        Named::Value(value) => {
            let mut found = Vec::new();
            constraint_keywords(value, &mut found);
            if let Some(keyword) = found.first() {
                renderer.fail(
                    anchor,
                    keyword,
                    format!(
                        "`{keyword}` constrains a value written out in the table: give it a wire type instead"
                    ),
                );
            }
            value.clone()
        }
    }
}

fn constraint_keywords(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                if CONSTRAINTS.contains(&key.as_str()) {
                    found.push(key.clone());
                }
                constraint_keywords(value, found);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| constraint_keywords(item, found)),
        _ => {}
    }
}

/// The JSON array schema of a method's own arguments.
fn arguments(method: &JsonRpcMethod, renderer: &mut Renderer) -> Value {
    match &method.params {
        Params::Positional(params) => {
            let anchor = format!("name: {}", method.name);
            let positions: Vec<Value> =
                params.iter().map(|param| positional(param, renderer, &anchor)).collect();
            tuple(positions, required_count(params))
        }
        Params::Undocumented(text) => json!({
            "type": "array",
            "description": text,
            (hookspec_dialects::UNDOCUMENTED): true,
        }),
    }
}

/// The `<Stem>Call` schema of a method.
fn call_schema(api: &JsonRpc, method: &JsonRpcMethod, renderer: &mut Renderer) -> Value {
    let (name, params) = match (&api.call, method.direct) {
        (Some(call), false) => {
            let params = tuple(
                vec![
                    positional(&call.session, renderer, "session:"),
                    json!({"type": "string", "description": "The API method to call.", "enum": [method.name]}),
                    arguments(method, renderer),
                ],
                3,
            );
            (call.method.as_str(), params)
        }
        _ => (method.name.as_str(), arguments(method, renderer)),
    };
    json!({
        "type": "object",
        "title": method.name,
        "description": format!("A call of `{}`: {}", method.name, method.summary),
        "properties": {
            "jsonrpc": reference("JsonRpcVersion"),
            "id": reference("JsonRpcId"),
            "method": {"type": "string", "description": "The JSON-RPC method.", "enum": [name]},
            "params": params,
        },
        "required": ["jsonrpc", "id", "method", "params"],
    })
}

fn error_schema(api: &JsonRpc) -> Value {
    let table: Vec<String> =
        api.errors.iter().map(|error| format!("`{}` {}", error.code, error.message)).collect();
    let listed: Vec<Value> =
        api.errors.iter().map(|error| json!({"code": error.code, "message": error.message})).collect();
    json!({
        "type": "object",
        "description": format!("A JSON-RPC error. The documented codes: {}.", table.join("; ")),
        "properties": {
            "code": {"type": "integer", "description": "The error code; see the table above."},
            "message": {"type": "string", "description": "What went wrong."},
        },
        "required": ["code", "message"],
        "x-jsonrpc-error-codes": listed,
    })
}

fn success_schema(method: &JsonRpcMethod, stem: &str) -> Value {
    json!({
        "type": "object",
        "title": format!("{} response", method.name),
        "description": format!("A successful response to `{}`.", method.name),
        "properties": {
            "jsonrpc": reference("JsonRpcVersion"),
            "id": reference("JsonRpcId"),
            "result": reference(&format!("{stem}Result")),
            "error": {"type": "null", "description": "Absent, or null."},
        },
        "required": ["jsonrpc", "id", "result"],
    })
}

fn error_response_schema() -> Value {
    json!({
        "type": "object",
        "title": "error response",
        "description": "A failed call.",
        "properties": {
            "jsonrpc": reference("JsonRpcVersion"),
            "id": reference("JsonRpcId"),
            "error": reference("JsonRpcError"),
            "result": {"type": "null", "description": "Absent, or null."},
        },
        "required": ["jsonrpc", "id", "error"],
    })
}

/// A reference to the component schema `name`.
fn reference(name: &str) -> Value {
    json!({"$ref": format!("{COMPONENT_REF}{name}")})
}

/// A positional parameter: its schema, described by its name and description.
fn positional(param: &Param, renderer: &mut Renderer, anchor: &str) -> Value {
    let description = format!("`{}`: {}", param.name, param.description);
    let mut schema = schema(&param.schema, renderer, anchor);
    if let Some(object) = schema.as_object_mut() {
        object.insert("description".into(), json!(description));
    }
    schema
}

fn required_count(params: &[Param]) -> usize {
    params.iter().take_while(|param| param.required).count()
}

/// An array of exactly the given positions, the first `required` of them mandatory.
fn tuple(positions: Vec<Value>, required: usize) -> Value {
    if positions.is_empty() {
        return json!({"type": "array", "maxItems": 0});
    }
    json!({
        "type": "array",
        "prefixItems": positions.clone(),
        "items": false,
        "minItems": required,
        "maxItems": positions.len(),
    })
}
