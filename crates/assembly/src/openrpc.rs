//! The OpenRPC 1.3 document of a JSON-RPC dialect, built from the same method table and component
//! schemas as its OpenAPI document.
//!
//! Its methods are the JSON-RPC methods the server has: each method of its own (a
//! `login`), and the wrapper (`call`) through which the API methods are called. The wrapper's
//! `method` parameter lists the API methods, its `arguments` and `result` are any of theirs
//! (each component titled with its method), its errors are all of theirs, and the documented
//! examples are example pairings, so OpenRPC tools show each API method's detail.
//!
//! OpenRPC schemas are JSON Schema draft-07, so the 2020-12 tuple form is rewritten to draft-07's
//! ([`tuples_to_draft07`]): `prefixItems` becomes array-form `items`, and `items` becomes
//! `additionalItems`. Nothing else in hookspec's schemas differs between the two drafts.

use hookspec_dialects::Method;
use hookspec_dialects::table::{ErrorCode, JsonRpc as Api, JsonRpcMethod, Named, Params};
use serde_json::{Map, Value, json};

use crate::document::{BodyAt, Example, MediaAt, OpenApi, OperationAt, ResponseAt, Section};
use crate::openapi::JSON;

/// The OpenRPC version written: the newest that the clients of the pinned generator
/// (`@open-rpc/generator` 1.22.3) accept. The TypeScript client it writes compiles against
/// `@open-rpc/meta-schema` 1.14.2, whose `Openrpc` type lists 1.0.0-rc0 to 1.2.6, so a 1.3.x
/// document fails `tsc` (TS2820). The document uses nothing that 1.3 added.
pub const VERSION: &str = "1.2.6";

/// Words that generated code cannot use as a parameter's name in common target languages
/// (JavaScript's strict mode and TypeScript, Python, Rust, Go, Java).
const RESERVED: &[&str] = &[
    "abstract",
    "and",
    "arguments",
    "as",
    "assert",
    "async",
    "await",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "chan",
    "char",
    "class",
    "const",
    "continue",
    "crate",
    "debugger",
    "def",
    "default",
    "defer",
    "del",
    "delete",
    "do",
    "double",
    "dyn",
    "elif",
    "else",
    "enum",
    "eval",
    "except",
    "export",
    "extends",
    "false",
    "final",
    "finally",
    "float",
    "fn",
    "for",
    "from",
    "func",
    "function",
    "global",
    "go",
    "goto",
    "if",
    "impl",
    "implements",
    "import",
    "in",
    "instanceof",
    "int",
    "interface",
    "is",
    "lambda",
    "let",
    "long",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "native",
    "new",
    "nonlocal",
    "not",
    "null",
    "or",
    "package",
    "pass",
    "private",
    "protected",
    "pub",
    "public",
    "raise",
    "range",
    "ref",
    "return",
    "select",
    "self",
    "short",
    "static",
    "struct",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "trait",
    "transient",
    "true",
    "try",
    "type",
    "typeof",
    "unsafe",
    "use",
    "var",
    "void",
    "volatile",
    "where",
    "while",
    "with",
    "yield",
];

/// The parameters of `document` (an OpenRPC document) whose names generated code cannot use, as
/// `method: name`.
pub fn reserved_names(document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for method in document["methods"].as_array().into_iter().flatten() {
        for param in method["params"].as_array().into_iter().flatten() {
            if let Some(name) = param["name"].as_str().filter(|name| RESERVED.contains(name)) {
                found.push(format!("{}: {name}", method["name"].as_str().unwrap_or_default()));
            }
        }
    }
    found
}

/// The OpenRPC document for `api`, whose OpenAPI document (examples embedded) is `openapi`.
pub fn render(api: &Api, openapi: &OpenApi) -> Value {
    let general: Vec<&ErrorCode> = api
        .errors
        .iter()
        .filter(|error| !api.methods.iter().any(|method| method.errors.contains(&error.code)))
        .collect();
    let errors = |methods: &[&JsonRpcMethod]| -> Vec<Value> {
        api.errors
            .iter()
            .filter(|error| methods.iter().any(|method| method.errors.contains(&error.code)))
            .chain(general.iter().copied())
            .map(|error| json!({"code": error.code, "message": error.message}))
            .collect()
    };
    let examples = example_pairings(api, openapi);
    let mut methods: Vec<Value> = Vec::new();
    for method in api.methods.iter().filter(|method| !api.wraps(method)) {
        let params: Vec<Value> = match &method.params {
            Params::Positional(params) => params
                .iter()
                .map(|param| {
                    json!({
                        "name": param.name,
                        "description": param.description,
                        "required": param.required,
                        "schema": schema(&param.schema),
                    })
                })
                .collect(),
            Params::Undocumented(text) => vec![json!({
                "name": "arguments",
                "description": text,
                "schema": {"$ref": format!("#/components/schemas/{}Arguments", method.stem())},
            })],
        };
        methods.push(json!({
            "name": method.name,
            "summary": method.summary,
            "description": method.description,
            "paramStructure": "by-position",
            "params": params,
            "result": {
                "name": method.result.name,
                "description": method.result.description,
                "schema": {"$ref": format!("#/components/schemas/{}Result", method.stem())},
            },
            "errors": errors(&[method]),
            "examples": examples.get(&method.name).cloned().unwrap_or_default(),
        }));
    }
    if let Some(call) = &api.call {
        let wrapped: Vec<&JsonRpcMethod> = api.methods.iter().filter(|method| api.wraps(method)).collect();
        let each = |suffix: &str| -> Vec<Value> {
            wrapped
                .iter()
                .map(|method| json!({"$ref": format!("#/components/schemas/{}{suffix}", method.stem())}))
                .collect()
        };
        let listed: Vec<String> = wrapped
            .iter()
            .map(|method| format!("- `{}`: {} {}", method.name, method.summary, method.description))
            .collect();
        methods.push(json!({
            "name": call.method,
            "summary": "Call an API method.",
            "description": format!(
                "Calls the API method named by `method` with its `{}`. The API methods:\n\n{}",
                call.arguments.name,
                listed.join("\n")
            ),
            "paramStructure": "by-position",
            "params": [
                {
                    "name": call.session.name,
                    "description": call.session.description,
                    "required": true,
                    "schema": schema(&call.session.schema),
                },
                {
                    "name": "method",
                    "description": "The API method to call.",
                    "required": true,
                    "schema": {"type": "string", "enum": wrapped.iter().map(|method| &method.name).collect::<Vec<_>>()},
                },
                {
                    "name": call.arguments.name,
                    "description": call.arguments.description,
                    "required": !call.arguments.omissible,
                    "schema": {"anyOf": each("Arguments")},
                },
            ],
            "result": {
                "name": "result",
                "description": "The API method's result: `<Method>Result` for each method.",
                "schema": {"anyOf": each("Result")},
            },
            "errors": errors(&wrapped),
            "examples": examples.get(&call.method).cloned().unwrap_or_default(),
        }));
    }
    let schemas = openapi.components.iter().flat_map(|components| &components.schemas);
    let mut schemas = Value::Object(schemas.map(|(name, schema)| (name.clone(), schema.clone())).collect());
    tuples_to_draft07(&mut schemas);
    json!({
        "openrpc": VERSION,
        "info": {
            "title": openapi.info.title,
            "version": openapi.info.version,
            "description": openapi.info.description,
        },
        "servers": servers(api, openapi),
        "methods": methods,
        "components": {"schemas": schemas},
    })
}

/// The documented examples as OpenRPC example pairings, by JSON-RPC method: each request example
/// of the OpenAPI operation with the response example of the same name that carries a result.
fn example_pairings(api: &Api, openapi: &OpenApi) -> Map<String, Value> {
    let (requests, responses) = examples(api, openapi);
    let mut pairings = Map::new();
    for (name, request) in requests.into_iter().flatten() {
        let result = responses.and_then(|responses| responses.get(name)?.value.get("result"));
        let (Some(method), Some(params), Some(result)) =
            (request.value.get("method").and_then(Value::as_str), request.value.get("params"), result)
        else {
            continue;
        };
        let names = param_names(api, method);
        let params: Vec<Value> = params
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(index, value)| {
                json!({"name": names.get(index).cloned().unwrap_or_else(|| format!("param{index}")), "value": value})
            })
            .collect();
        let mut pairing =
            json!({"name": name, "params": params, "result": {"name": "result", "value": result}});
        if !request.description.is_empty() {
            pairing["description"] = json!(request.description);
        }
        if let Some(list) = pairings.entry(method).or_insert_with(|| json!([])).as_array_mut() {
            list.push(pairing);
        }
    }
    pairings
}

/// The examples of a body, by name, when there is the body.
type Examples<'a> = Option<&'a indexmap::IndexMap<String, Example>>;

/// The documented examples of the API's one operation: its requests', and its 200 response's.
pub fn examples<'a>(api: &Api, openapi: &'a OpenApi) -> (Examples<'a>, Examples<'a>) {
    let operation = OperationAt { section: Section::Paths, path: api.path.clone(), method: Method::Post };
    let media = |body: BodyAt| openapi.media(&MediaAt { body, media: JSON.to_owned() });
    let requests = media(BodyAt::Request(operation.clone())).map(|media| &media.examples);
    let responses = media(BodyAt::Response(ResponseAt::Operation(operation, "200".to_owned())));
    (requests, responses.map(|media| &media.examples))
}

/// The names of the params of the JSON-RPC method `method`, as the OpenRPC document gives them.
fn param_names(api: &Api, method: &str) -> Vec<String> {
    if let Some(call) = api.call.as_ref().filter(|call| call.method == method) {
        return vec![call.session.name.clone(), "method".into(), call.arguments.name.clone()];
    }
    match api.methods.iter().find(|candidate| candidate.name == method).map(|method| &method.params) {
        Some(Params::Positional(params)) => params.iter().map(|param| param.name.clone()).collect(),
        _ => vec!["arguments".into()],
    }
}

fn servers(api: &Api, openapi: &OpenApi) -> Vec<Value> {
    openapi
        .servers
        .iter()
        .flatten()
        .enumerate()
        .map(|(index, server)| {
            let mut object = json!({
                "name": format!("server {}", index + 1),
                "url": format!("{}{}", server.url, api.path),
            });
            if let Some(description) = &server.description {
                object["description"] = json!(description);
            }
            if let Some(variables) = &server.variables {
                object["variables"] = json!(variables);
            }
            object
        })
        .collect()
}

/// A parameter's schema: a reference to its component, or the schema written out.
fn schema(schema: &Named<Value>) -> Value {
    let mut value = match schema {
        Named::Name(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
        Named::Value(value) => value.clone(),
    };
    tuples_to_draft07(&mut value);
    value
}

/// Rewrites every 2020-12 tuple in `value` to draft-07: `prefixItems: [..]` becomes
/// `items: [..]`, and the `items` beside it becomes `additionalItems`.
pub fn tuples_to_draft07(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(prefix) = object.shift_remove("prefixItems") {
                if let Some(rest) = object.shift_remove("items") {
                    object.insert("additionalItems".into(), rest);
                }
                object.insert("items".into(), prefix);
            }
            object.values_mut().for_each(tuples_to_draft07);
        }
        Value::Array(items) => items.iter_mut().for_each(tuples_to_draft07),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tuple_becomes_draft07_items_and_additional_items() {
        let mut value = json!({"properties": {"params": {
            "type": "array", "prefixItems": [{"type": "string"}, {"prefixItems": [{"type": "integer"}]}], "items": false
        }}});
        tuples_to_draft07(&mut value);
        assert_eq!(
            value,
            json!({"properties": {"params": {
                "type": "array", "items": [{"type": "string"}, {"items": [{"type": "integer"}]}], "additionalItems": false
            }}})
        );
    }

    #[test]
    fn a_plain_array_is_untouched() {
        let mut value = json!({"type": "array", "items": {"type": "string"}});
        let before = value.clone();
        tuples_to_draft07(&mut value);
        assert_eq!(value, before);
    }
}
