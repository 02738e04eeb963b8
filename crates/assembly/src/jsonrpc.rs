//! The schemas of a JSON-RPC 2.0 API, generated from its method table.
//!
//! A JSON-RPC API has one HTTP operation; what varies is the envelope's `method` and positional
//! `params`. From the table's methods this module builds the component schemas that describe each
//! call and each result (tuple `prefixItems`, single-value enums); [`crate::openrpc`] builds the
//! OpenRPC document from the same table, so the two cannot drift apart.

use hookspec_dialects::table::{JsonRpc, JsonRpcMethod, Param, Params};
use serde_json::json;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, ArrayItems, ObjectBuilder, OneOfBuilder, Schema, SchemaType,
    Type,
};
use utoipa::openapi::{Ref, RefOr};

use crate::openapi::Renderer;

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
pub fn components(api: &JsonRpc, renderer: &mut Renderer) -> Vec<(String, RefOr<Schema>)> {
    let mut schemas: Vec<(String, RefOr<Schema>)> = Vec::new();
    let mut calls = OneOfBuilder::new().description(Some(
        "A JSON-RPC 2.0 request: exactly one of the API's calls, told apart by `method` and the positional \
         `params`.",
    ));
    let mut responses = AnyOfBuilder::new().description(Some(
        "A JSON-RPC 2.0 response: a method's result, or an error. The HTTP status is 200 either way.",
    ));
    for method in &api.methods {
        let stem = method.stem();
        let anchor = format!("name: {}", method.name);
        schemas.push((format!("{stem}Call"), call_schema(api, method, renderer).into()));
        schemas.push((format!("{stem}Result"), renderer.schema(&method.result.schema, &anchor)));
        schemas.push((format!("{stem}Response"), success_schema(method, &stem).into()));
        calls = calls.item(schema_ref(&format!("{stem}Call")));
        responses = responses.item(schema_ref(&format!("{stem}Response")));
    }
    responses = responses.item(schema_ref("JsonRpcErrorResponse"));
    schemas.push(("JsonRpcRequest".into(), calls.into()));
    schemas.push(("JsonRpcResponse".into(), responses.into()));
    schemas.push((
        "JsonRpcVersion".into(),
        enumerated(Type::String, "The protocol version: always the string `\"2.0\"`.", [json!("2.0")]).into(),
    ));
    schemas.push((
        "JsonRpcId".into(),
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Integer, Type::Null]))
            .description(Some("The caller's request id, echoed in the response."))
            .into(),
    ));
    schemas.push(("JsonRpcError".into(), error_schema(api).into()));
    schemas.push(("JsonRpcErrorResponse".into(), error_response_schema().into()));
    schemas
}

/// The JSON array schema of a method's own arguments.
fn arguments(method: &JsonRpcMethod, renderer: &mut Renderer) -> Schema {
    match &method.params {
        Params::Positional(params) => {
            let anchor = format!("name: {}", method.name);
            let positions: Vec<Schema> =
                params.iter().map(|param| positional(param, renderer, &anchor)).collect();
            tuple(positions, required_count(params))
        }
        Params::Undocumented(text) => ArrayBuilder::new()
            .description(Some(text.as_str()))
            .extensions(Some(ExtensionsBuilder::new().add(hookspec_dialects::UNDOCUMENTED, true).build()))
            .into(),
    }
}

/// The `<Stem>Call` schema of a method.
fn call_schema(api: &JsonRpc, method: &JsonRpcMethod, renderer: &mut Renderer) -> Schema {
    let (name, params) = match (&api.call, method.direct) {
        (Some(call), false) => {
            let anchor = "session:";
            let params = tuple(
                [
                    positional(&call.session, renderer, anchor),
                    enumerated(Type::String, "The API method to call.", [json!(method.name)]).into(),
                    arguments(method, renderer),
                ],
                3,
            );
            (call.method.as_str(), params)
        }
        _ => (method.name.as_str(), arguments(method, renderer)),
    };
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .title(Some(&method.name))
        .description(Some(format!("A call of `{}`: {}", method.name, method.summary)))
        .property("jsonrpc", schema_ref("JsonRpcVersion"))
        .property("id", schema_ref("JsonRpcId"))
        .property("method", enumerated(Type::String, "The JSON-RPC method.", [json!(name)]))
        .property("params", params)
        .required("jsonrpc")
        .required("id")
        .required("method")
        .required("params")
        .into()
}

fn error_schema(api: &JsonRpc) -> ObjectBuilder {
    let table: Vec<String> =
        api.errors.iter().map(|error| format!("`{}` {}", error.code, error.message)).collect();
    let listed: Vec<serde_json::Value> =
        api.errors.iter().map(|error| json!({"code": error.code, "message": error.message})).collect();
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(format!("A JSON-RPC error. The documented codes: {}.", table.join("; "))))
        .property(
            "code",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .description(Some("The error code; see the table above.")),
        )
        .property(
            "message",
            ObjectBuilder::new().schema_type(Type::String).description(Some("What went wrong.")),
        )
        .required("code")
        .required("message")
        .extensions(Some(ExtensionsBuilder::new().add("x-jsonrpc-error-codes", listed).build()))
}

fn success_schema(method: &JsonRpcMethod, stem: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .title(Some(format!("{} response", method.name)))
        .description(Some(format!("A successful response to `{}`.", method.name)))
        .property("jsonrpc", schema_ref("JsonRpcVersion"))
        .property("id", schema_ref("JsonRpcId"))
        .property("result", schema_ref(&format!("{stem}Result")))
        .property(
            "error",
            ObjectBuilder::new()
                .schema_type(Type::Null)
                .description(Some("Absent, or null: some servers send `\"error\": null` beside a result.")),
        )
        .required("jsonrpc")
        .required("id")
        .required("result")
}

fn error_response_schema() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .title(Some("error response"))
        .description(Some("A failed call."))
        .property("jsonrpc", schema_ref("JsonRpcVersion"))
        .property("id", schema_ref("JsonRpcId"))
        .property("error", schema_ref("JsonRpcError"))
        .property(
            "result",
            ObjectBuilder::new().schema_type(Type::Null).description(Some("Absent, or null.")),
        )
        .required("jsonrpc")
        .required("id")
        .required("error")
}

/// A reference to the component schema `name`.
fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// A schema of type `kind` allowing only `values`.
fn enumerated(
    kind: Type,
    description: &str,
    values: impl IntoIterator<Item = serde_json::Value>,
) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(kind).description(Some(description)).enum_values(Some(values))
}

/// A positional parameter: its schema, described by its name and description.
fn positional(param: &Param, renderer: &mut Renderer, anchor: &str) -> Schema {
    let description = format!("`{}`: {}", param.name, param.description);
    match renderer.schema(&param.schema, anchor) {
        RefOr::Ref(reference) => AllOfBuilder::new().item(reference).description(Some(description)).into(),
        RefOr::T(Schema::Object(mut object)) => {
            object.description = Some(description);
            Schema::Object(object)
        }
        RefOr::T(schema) => AllOfBuilder::new().item(schema).description(Some(description)).into(),
    }
}

fn required_count(params: &[Param]) -> usize {
    params.iter().take_while(|param| param.required).count()
}

/// An array of exactly the given positions, the first `required` of them mandatory.
fn tuple(items: impl IntoIterator<Item = Schema>, required: usize) -> Schema {
    let items: Vec<Schema> = items.into_iter().collect();
    ArrayBuilder::new()
        .min_items(Some(required))
        .max_items(Some(items.len()))
        .prefix_items(items)
        .items(ArrayItems::False)
        .into()
}
