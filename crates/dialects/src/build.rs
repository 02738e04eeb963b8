//! Small helpers over utoipa's builders that every dialect uses to describe its operations.

use utoipa::ToSchema;
use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem,
    PathItemBuilder,
};
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::schema::{ComponentsBuilder, Schema};
use utoipa::openapi::{Content, Ref, RefOr, Required, Response, ResponseBuilder};

/// The media type every dialect speaks.
pub const JSON: &str = "application/json";

/// A reference to the component schema of `T`.
pub fn schema_ref<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(T::name()))
}

/// Adds `T` and every schema it refers to to the components.
pub fn with_schema<T: ToSchema>(components: ComponentsBuilder) -> ComponentsBuilder {
    let mut schemas = vec![(T::name().into_owned(), T::schema())];
    T::schemas(&mut schemas);
    components.schemas_from_iter(schemas)
}

/// A JSON body of type `T`.
pub fn json<T: ToSchema>() -> Content {
    Content::new(Some(schema_ref::<T>()))
}

/// A response with a JSON body of type `T`.
pub fn json_response<T: ToSchema>(description: &str) -> Response {
    ResponseBuilder::new().description(description).content(JSON, json::<T>()).build()
}

/// A response without a body.
pub fn empty_response(description: &str) -> Response {
    ResponseBuilder::new().description(description).build()
}

/// A required JSON request body of type `T`.
pub fn json_body<T: ToSchema>(description: &str) -> RequestBody {
    RequestBodyBuilder::new()
        .description(Some(description))
        .required(Some(Required::True))
        .content(JSON, json::<T>())
        .build()
}

/// An operation with the identity every published operation needs.
pub fn operation(id: &str, tag: &str, summary: &str, description: &str) -> OperationBuilder {
    OperationBuilder::new()
        .operation_id(Some(id))
        .tag(tag)
        .summary(Some(summary))
        .description(Some(description))
}

/// A parameter with a schema.
pub fn parameter(
    name: &str,
    location: ParameterIn,
    required: bool,
    description: &str,
    schema: impl Into<RefOr<Schema>>,
) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(location)
        .required(if required { Required::True } else { Required::False })
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

/// A reference to the component `kind` (`parameters`, `responses`, ...) named `name`.
pub fn component_ref(kind: &str, name: &str) -> Ref {
    Ref::new(format!("#/components/{kind}/{name}"))
}

/// Adds references to shared error responses to an operation.
pub fn error_responses(mut operation: OperationBuilder, errors: &[(u16, &str)]) -> OperationBuilder {
    for (status, name) in errors {
        operation = operation.response(status.to_string(), component_ref("responses", name));
    }
    operation
}

/// A path item holding `operations`, in the order given.
pub fn path_item(operations: impl IntoIterator<Item = (HttpMethod, Operation)>) -> PathItem {
    operations
        .into_iter()
        .fold(PathItemBuilder::new(), |item, (method, operation)| item.operation(method, operation))
        .build()
}

/// The name of the tag every delivery is listed under.
pub const DELIVERIES: &str = "Deliveries";

/// A notification the provider posts to the subscriber's URL.
pub struct Delivery<'a> {
    /// The delivery operation's `operationId`.
    pub id: &'a str,
    /// A one-line summary.
    pub summary: &'a str,
    /// What is delivered, and when.
    pub description: &'a str,
    /// The body's schema.
    pub payload: RefOr<Schema>,
    /// How the body is signed.
    pub signature: &'a hookspec_model::SignatureScheme,
    /// Whether every delivery carries the signature (not so when signing is optional).
    pub signed_always: bool,
    /// Further headers the delivery carries.
    pub headers: Vec<Parameter>,
    /// What happens when the receiver does not acknowledge.
    pub retries: &'a str,
}

/// The `webhooks` entry of a delivery: a POST with the payload, the signature header (its format
/// and pattern taken from the scheme), a 2XX that acknowledges and a default that is retried.
pub fn delivery(delivery: Delivery<'_>) -> PathItem {
    let scheme = delivery.signature;
    let mut description = scheme.header_format();
    if !delivery.signed_always {
        description.push_str(" Sent only when the webhook has a secret.");
    }
    let header = parameter(
        &scheme.header,
        ParameterIn::Header,
        delivery.signed_always,
        &description,
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some(scheme.header_pattern())),
    );
    let operation = operation(delivery.id, DELIVERIES, delivery.summary, delivery.description)
        .parameter(header)
        .parameters(Some(delivery.headers))
        .request_body(Some(
            RequestBodyBuilder::new()
                .description(Some(
                    "The notification, as raw JSON: verify the signature over these exact bytes.",
                ))
                .required(Some(Required::True))
                .content(JSON, Content::new(Some(delivery.payload)))
                .build(),
        ))
        .securities(Some(Vec::new()))
        .response("2XX", empty_response("Any 2XX answer acknowledges the delivery."))
        .response(
            "default",
            empty_response(&format!("Any other answer fails the delivery. {}", delivery.retries)),
        )
        .build();
    path_item([(HttpMethod::Post, operation)])
}

/// A server with its description.
pub fn server(url: &str, description: &str) -> utoipa::openapi::server::Server {
    utoipa::openapi::server::Server::builder().url(url).description(Some(description)).build()
}

/// Tags with their descriptions, in the order given.
pub fn tags(tags: &[(&str, &str)]) -> Vec<utoipa::openapi::tag::Tag> {
    tags.iter()
        .map(|(name, description)| {
            utoipa::openapi::tag::Tag::builder().name(*name).description(Some(*description)).build()
        })
        .collect()
}
