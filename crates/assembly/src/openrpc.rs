//! The OpenRPC 1.3 document of a JSON-RPC dialect, built from the same method table and component
//! schemas as its OpenAPI document.
//!
//! OpenRPC schemas are JSON Schema draft-07, so the 2020-12 tuple form is rewritten to draft-07's
//! ([`tuples_to_draft07`]): `prefixItems` becomes array-form `items`, and `items` becomes
//! `additionalItems`. Nothing else in hookspec's schemas differs between the two drafts.

use hookspec_dialects::UNDOCUMENTED;
use hookspec_dialects::table::{JsonRpc as Api, Named, Params};
use serde_json::{Map, Value, json};

/// The OpenRPC version written.
pub const VERSION: &str = "1.3.2";

/// The OpenRPC document for `api`, whose OpenAPI document (examples embedded) is `openapi`.
pub fn document(api: &Api, openapi: &Value) -> Value {
    let general: Vec<Value> = api
        .errors
        .iter()
        .filter(|error| !api.methods.iter().any(|method| method.errors.contains(&error.code)))
        .map(|error| json!({"code": error.code, "message": error.message}))
        .collect();
    let methods: Vec<Value> = api
        .methods
        .iter()
        .map(|method| {
            let mut object = Map::new();
            object.insert("name".into(), json!(method.name));
            object.insert("summary".into(), json!(method.summary));
            object.insert("description".into(), json!(method.description));
            object.insert("paramStructure".into(), json!("by-position"));
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
                Params::Undocumented(text) => {
                    object.insert(UNDOCUMENTED.into(), json!(text));
                    Vec::new()
                }
            };
            object.insert("params".into(), Value::Array(params));
            object.insert(
                "result".into(),
                json!({
                    "name": method.result.name,
                    "description": method.result.description,
                    "schema": {"$ref": format!("#/components/schemas/{}Result", method.stem())},
                }),
            );
            let errors: Vec<Value> = api
                .errors
                .iter()
                .filter(|error| method.errors.contains(&error.code))
                .map(|error| json!({"code": error.code, "message": error.message}))
                .chain(general.iter().cloned())
                .collect();
            object.insert("errors".into(), Value::Array(errors));
            if let (Some(call), false) = (&api.call, method.direct) {
                object.insert(
                    "x-jsonrpc-envelope".into(),
                    json!({
                        "description": format!(
                            "Sent as `{}({}, \"{}\", [arguments...])`: the JSON-RPC method is `{}`, and this \
                             method's params travel as its third parameter.",
                            call.method, call.session.name, method.name, call.method
                        ),
                        "method": call.method,
                        "params": [call.session.name, method.name, "arguments"],
                    }),
                );
            }
            Value::Object(object)
        })
        .collect();
    let mut schemas = openapi.pointer("/components/schemas").cloned().unwrap_or_else(|| json!({}));
    tuples_to_draft07(&mut schemas);
    json!({
        "openrpc": VERSION,
        "info": {
            "title": openapi["info"]["title"],
            "version": openapi["info"]["version"],
            "description": openapi["info"]["description"],
        },
        "servers": servers(api, openapi),
        "methods": methods,
        "components": {"schemas": schemas},
    })
}

fn servers(api: &Api, openapi: &Value) -> Vec<Value> {
    let servers = openapi["servers"].as_array().cloned().unwrap_or_default();
    servers
        .iter()
        .enumerate()
        .map(|(index, server)| {
            let mut object = json!({
                "name": format!("server {}", index + 1),
                "url": format!("{}{}", server["url"].as_str().unwrap_or_default(), api.path),
            });
            for key in ["description", "variables"] {
                if let Some(value) = server.get(key) {
                    object[key] = value.clone();
                }
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
