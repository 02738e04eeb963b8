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

use crate::renderer::Renderer;
use hookspec_toolkit::lookup::COMPONENT_REF;

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
    let mut names = Vec::new();
    for method in &api.methods {
        let stem = method.stem();
        names.push(format!("{stem}Arguments"));
        names.push(format!("{stem}Result"));
        names.push(if api.wraps(method) { format!("{stem}Call") } else { format!("{stem}Request") });
    }
    if api.call.is_some() {
        names.push(CALL_REQUEST.into());
    }
    names.extend(
        ["JsonRpcRequest", "JsonRpcResponse", "JsonRpcVersion", "JsonRpcId", "JsonRpcError"]
            .map(String::from),
    );
    names
}

/// The component of a request to the wrapper method, when the API has one.
const CALL_REQUEST: &str = "CallRequest";

/// The schemas of the JSON-RPC envelope and of each method.
///
/// Every construct is one that generators, linters and mocks read as meant (checked by
/// `.ci/matrix.py`), without saying more or less than the exact form:
///
/// - `JsonRpcRequest` is a `oneOf` of one request per JSON-RPC method, told apart by the constant
///   `method` and a `discriminator` on it: `<Stem>Request` for a method of its own (`login`), and
///   [`CALL_REQUEST`] for the wrapper (`call`), whose `params` are any of the wrapped methods'
///   `<Stem>Call` triples `[session, "<api method>", <Stem>Arguments]`. Tools cannot tell branches
///   apart by a value inside an array, so the wrapped methods are an `anyOf` inside `params`,
///   where the constant method name in each triple still pairs each method with its arguments.
/// - A method's positional arguments are a tuple, `<Stem>Arguments`: exact in `prefixItems`,
///   and `items` names every position's schema, so that a tool that reads only `items` still
///   types each element (with `maxItems` the tuple's length, `items` constrains nothing more).
/// - `JsonRpcResponse` is one object: `result` (any of the methods' `<Stem>Result`s) or
///   `error`, which a successful response may carry as `null`. Success and failure are told
///   apart by which member is there, which no discriminator can express; one object with two
///   optional members is what every generator reads, where an `anyOf` of objects broke several.
pub fn components(api: &JsonRpc, renderer: &mut Renderer) -> Vec<(String, Value)> {
    let mut schemas = Vec::new();
    let mut requests = Vec::new();
    let mut wrapped_calls = Vec::new();
    let mut results = Vec::new();
    for method in &api.methods {
        let stem = method.stem();
        let anchor = format!("name: {}", method.name);
        schemas.push((format!("{stem}Arguments"), arguments(method, renderer)));
        schemas.push((format!("{stem}Result"), schema(&method.result.schema, renderer, &anchor)));
        results.push(reference(&format!("{stem}Result")));
        match &api.call {
            Some(call) if !method.direct => {
                let mut triple = tuple(
                    vec![
                        positional(&call.session, renderer, "session:"),
                        json!({"type": "string", "description": "The API method to call.", "enum": [method.name]}),
                        described(
                            reference(&format!("{stem}Arguments")),
                            &format!("The arguments of `{}`.", method.name),
                        ),
                    ],
                    // Arguments that may be left out when empty are, for a method that takes none.
                    match &method.params {
                        Params::Positional(params)
                            if call.arguments.omissible && required_count(params) == 0 =>
                        {
                            2
                        }
                        _ => 3,
                    },
                );
                triple["title"] = json!(method.name);
                triple["description"] = json!(format!(
                    "The params of `{}` that call `{}`: {}",
                    call.method, method.name, method.summary
                ));
                schemas.push((format!("{stem}Call"), triple));
                wrapped_calls.push(reference(&format!("{stem}Call")));
            }
            _ => {
                let request = envelope(
                    &method.name,
                    &format!("A request of `{}`: {}", method.name, method.summary),
                    reference(&format!("{stem}Arguments")),
                );
                schemas.push((format!("{stem}Request"), request));
                requests.push((method.name.clone(), format!("{stem}Request")));
            }
        }
    }
    if let Some(call) = &api.call {
        let omissible = if call.arguments.omissible {
            " If there are no additional arguments, the arguments may be omitted."
        } else {
            ""
        };
        let params = json!({
            "description": format!(
                "`[{}, \"<api method>\", [<arguments>...]]`: one of the API methods, with its arguments.{omissible}",
                call.session.name
            ),
            "anyOf": wrapped_calls,
        });
        let description = format!("A request of `{}`, which calls one of the API methods.", call.method);
        schemas.push((CALL_REQUEST.into(), envelope(&call.method, &description, params)));
        requests.push((call.method.clone(), CALL_REQUEST.into()));
    }
    let mapping: serde_json::Map<String, Value> = requests
        .iter()
        .map(|(method, name)| (method.clone(), json!(format!("{COMPONENT_REF}{name}"))))
        .collect();
    schemas.push((
        "JsonRpcRequest".into(),
        json!({
            "description": "A JSON-RPC 2.0 request, told apart by its `method`.",
            "oneOf": requests.iter().map(|(_, name)| reference(name)).collect::<Vec<_>>(),
            "discriminator": {"propertyName": "method", "mapping": mapping},
        }),
    ));
    schemas.push(("JsonRpcResponse".into(), response_schema(api, results)));
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
    schemas
}

/// A request envelope whose `method` is the constant `method`.
fn envelope(method: &str, description: &str, params: Value) -> Value {
    json!({
        "type": "object",
        "title": method,
        "description": description,
        "properties": {
            "jsonrpc": reference("JsonRpcVersion"),
            "id": reference("JsonRpcId"),
            "method": {"type": "string", "description": "The JSON-RPC method.", "enum": [method]},
            "params": params,
        },
        "required": ["jsonrpc", "id", "method", "params"],
    })
}

/// `JsonRpcResponse`: `result` on success, `error` on failure.
fn response_schema(api: &JsonRpc, results: Vec<Value>) -> Value {
    let per_method: Vec<String> =
        api.methods.iter().map(|method| format!("`{}`: `{}Result`", method.name, method.stem())).collect();
    json!({
        "type": "object",
        "description": "A JSON-RPC 2.0 response: `result` when the call succeeded, `error` when it failed. JSON-RPC \
                        sends exactly one of them; a successful response may also carry `\"error\": null`.",
        "properties": {
            "jsonrpc": reference("JsonRpcVersion"),
            "id": reference("JsonRpcId"),
            "result": {
                "description": format!("The method's result: {}.", per_method.join("; ")),
                "anyOf": results,
            },
            "error": {
                "description": "The error, when the call failed; absent or null when it succeeded.",
                "anyOf": [reference("JsonRpcError"), {"type": "null"}],
            },
        },
        "required": ["jsonrpc", "id"],
    })
}

/// `schema` with `description`: a reference is wrapped, as a `$ref`'s siblings describe it.
fn described(mut schema: Value, description: &str) -> Value {
    schema["description"] = json!(description);
    schema
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

/// The JSON array schema of a method's own arguments, `<Stem>Arguments`.
fn arguments(method: &JsonRpcMethod, renderer: &mut Renderer) -> Value {
    match &method.params {
        Params::Positional(params) => {
            let anchor = format!("name: {}", method.name);
            let positions: Vec<Value> =
                params.iter().map(|param| positional(param, renderer, &anchor)).collect();
            let names: Vec<String> = params.iter().map(|param| format!("`{}`", param.name)).collect();
            let description = match names.is_empty() {
                true => format!("`{}` takes no arguments: an empty array.", method.name),
                false => format!("The arguments of `{}`, by position: {}.", method.name, names.join(", ")),
            };
            described(tuple(positions, required_count(params)), &description)
        }
        Params::Undocumented(text) => json!({
            "type": "array",
            "items": {},
            "description": text,
            (hookspec_dialects::UNDOCUMENTED): true,
        }),
    }
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

/// An array of exactly the given positions, the first `required` of them mandatory. `items`
/// lists the positions' schemas for tools that read no `prefixItems`; with `maxItems` the number
/// of positions, it constrains nothing more.
fn tuple(positions: Vec<Value>, required: usize) -> Value {
    if positions.is_empty() {
        return json!({"type": "array", "items": {}, "maxItems": 0});
    }
    let items = hookspec_toolkit::lookup::any_of(positions.iter().cloned());
    json!({
        "type": "array",
        "prefixItems": positions,
        "items": items,
        "minItems": required,
        "maxItems": positions.len(),
    })
}
