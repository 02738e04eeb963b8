//! JSON-RPC 2.0 over HTTP, described once as a method table.
//!
//! A JSON-RPC API has one HTTP operation; what varies is the envelope's `method` and positional
//! `params`. From an [`Api`] this module builds the OpenAPI components that describe each call
//! and each result precisely (tuple `prefixItems`, single-value enums), and `hookspec-assembly` builds
//! the OpenRPC document from the same table, so the two cannot drift apart.

use serde_json::json;
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{Operation, OperationBuilder};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AllOfBuilder, AnyOfBuilder, ArrayBuilder, ArrayItems, ComponentsBuilder, ObjectBuilder, OneOfBuilder,
    Schema, SchemaType, Type,
};
use utoipa::openapi::{Content, Ref, RefOr, Required, ResponseBuilder};

use crate::build::{JSON, operation};

/// A JSON-RPC 2.0 API.
pub struct Api {
    /// The HTTP path every call is posted to.
    pub path: &'static str,
    /// The `operationId` of that single HTTP operation.
    pub operation_id: &'static str,
    /// The API's methods, in documented order.
    pub methods: Vec<Method>,
    /// How methods other than the direct ones are invoked, if the API wraps them.
    pub call: Option<CallEnvelope>,
    /// Every error code the API documents.
    pub errors: Vec<ErrorCode>,
}

/// An API that invokes its methods through one wrapper method:
/// `{"method": "<name>", "params": [<session>, "<api method>", [<arguments>...]]}`.
pub struct CallEnvelope {
    /// The wrapper's JSON-RPC method name.
    pub name: &'static str,
    /// The first positional parameter (a session, for example).
    pub session: Param,
}

/// One method of the API.
pub struct Method {
    /// The method's name, such as `webhook.list`.
    pub name: &'static str,
    /// A one-line summary.
    pub summary: &'static str,
    /// What the method does.
    pub description: &'static str,
    /// Whether the method is invoked through the [`CallEnvelope`] rather than directly.
    pub via_call: bool,
    /// The method's positional parameters.
    pub params: Params,
    /// What a successful call returns.
    pub result: Param,
    /// The codes of the errors this method documents, beyond the general ones.
    pub errors: Vec<i64>,
}

/// A method's parameters.
pub enum Params {
    /// Known positional parameters, in order.
    Positional(Vec<Param>),
    /// The provider does not document them; the text says what is known.
    Undocumented(&'static str),
}

/// A named, described value: a positional parameter or a result.
pub struct Param {
    /// The name the documentation gives it.
    pub name: &'static str,
    /// What it is.
    pub description: &'static str,
    /// Its schema.
    pub schema: RefOr<Schema>,
    /// Whether a call must pass it.
    pub required: bool,
}

/// A documented error code.
pub struct ErrorCode {
    /// The JSON-RPC `error.code`.
    pub code: i64,
    /// The message the provider documents for it.
    pub message: &'static str,
}

/// The extension that marks what the provider leaves undocumented.
pub const UNDOCUMENTED: &str = "x-hookspec-undocumented";

impl Method {
    /// The method's name in PascalCase, the stem of its schema names: `webhook.update_status`
    /// becomes `WebhookUpdateStatus`.
    pub fn stem(&self) -> String {
        self.name
            .split(['.', '_'])
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect()
    }

    /// The JSON array schema of the method's own arguments.
    pub fn arguments(&self) -> Schema {
        match &self.params {
            Params::Positional(params) => tuple(params.iter().map(positional), required_count(params)),
            Params::Undocumented(text) => ArrayBuilder::new()
                .description(Some(*text))
                .extensions(Some(ExtensionsBuilder::new().add(UNDOCUMENTED, true).build()))
                .into(),
        }
    }
}

impl Api {
    /// Adds the envelope schemas to the components: `JsonRpcRequest` (one of the methods'
    /// `<Stem>Call`s), `JsonRpcResponse` (any of the methods' `<Stem>Response`s, or
    /// `JsonRpcErrorResponse`), each method's `<Stem>Result`, and the shared parts.
    pub fn components(&self, mut components: ComponentsBuilder) -> ComponentsBuilder {
        let mut calls = OneOfBuilder::new().description(Some(
            "A JSON-RPC 2.0 request: exactly one of the API's calls, told apart by `method` and the \
             positional `params`.",
        ));
        let mut responses = AnyOfBuilder::new().description(Some(
            "A JSON-RPC 2.0 response: a method's result, or an error. The HTTP status is 200 either way.",
        ));
        for method in &self.methods {
            let stem = method.stem();
            components = components
                .schema(format!("{stem}Call"), self.call_schema(method))
                .schema(format!("{stem}Result"), method.result.schema.clone())
                .schema(format!("{stem}Response"), success_schema(method, &stem));
            calls = calls.item(schema_ref(&format!("{stem}Call")));
            responses = responses.item(schema_ref(&format!("{stem}Response")));
        }
        responses = responses.item(schema_ref("JsonRpcErrorResponse"));
        components
            .schema("JsonRpcRequest", calls)
            .schema("JsonRpcResponse", responses)
            .schema(
                "JsonRpcVersion",
                enumerated(
                    Type::String,
                    "The protocol version: always the string `\"2.0\"`.",
                    [json!("2.0")],
                ),
            )
            .schema(
                "JsonRpcId",
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::String, Type::Integer, Type::Null]))
                    .description(Some("The caller's request id, echoed in the response.")),
            )
            .schema("JsonRpcError", self.error_schema())
            .schema("JsonRpcErrorResponse", error_response_schema())
    }

    /// The single HTTP operation every call is posted to.
    pub fn operation(&self, tag: &str, summary: &str, description: &str) -> Operation {
        let request = RequestBodyBuilder::new()
            .description(Some("The JSON-RPC request."))
            .required(Some(Required::True))
            .content(JSON, Content::new(Some(schema_ref("JsonRpcRequest"))))
            .build();
        let ok = ResponseBuilder::new()
            .description("A JSON-RPC response: the method's `result`, or an `error` with its code.")
            .content(JSON, Content::new(Some(schema_ref("JsonRpcResponse"))))
            .build();
        let other = ResponseBuilder::new()
            .description("The request did not reach the JSON-RPC server (a proxy or server failure); the body is not JSON-RPC.")
            .build();
        let builder: OperationBuilder = operation(self.operation_id, tag, summary, description);
        builder.request_body(Some(request)).response("200", ok).response("default", other).build()
    }

    /// The `<Stem>Call` schema of a method.
    pub fn call_schema(&self, method: &Method) -> Schema {
        let params = match (&self.call, method.via_call) {
            (Some(call), true) => tuple(
                [
                    positional(&call.session),
                    enumerated(Type::String, "The API method to call.", [json!(method.name)]).into(),
                    method.arguments(),
                ],
                3,
            ),
            _ => method.arguments(),
        };
        let name = match (&self.call, method.via_call) {
            (Some(call), true) => call.name,
            _ => method.name,
        };
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .title(Some(method.name))
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

    fn error_schema(&self) -> ObjectBuilder {
        let table: Vec<String> =
            self.errors.iter().map(|error| format!("`{}` {}", error.code, error.message)).collect();
        let listed: Vec<serde_json::Value> =
            self.errors.iter().map(|error| json!({"code": error.code, "message": error.message})).collect();
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
}

fn success_schema(method: &Method, stem: &str) -> ObjectBuilder {
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
pub fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

/// A schema of type `kind` allowing only `values`.
pub fn enumerated(
    kind: Type,
    description: &str,
    values: impl IntoIterator<Item = serde_json::Value>,
) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(kind).description(Some(description)).enum_values(Some(values))
}

fn positional(param: &Param) -> Schema {
    let description = format!("`{}`: {}", param.name, param.description);
    match &param.schema {
        RefOr::Ref(reference) => {
            AllOfBuilder::new().item(reference.clone()).description(Some(description)).into()
        }
        RefOr::T(Schema::Object(object)) => {
            let mut object = object.clone();
            object.description = Some(description);
            Schema::Object(object)
        }
        RefOr::T(schema) => AllOfBuilder::new().item(schema.clone()).description(Some(description)).into(),
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
