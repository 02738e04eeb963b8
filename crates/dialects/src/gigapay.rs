//! Gigapay: REST, snake_case, page-number paging, client-settable string ids.
//!
//! Sources: the webhooks page of Gigapay's API reference (seed `001_16586ddbab86e643.txt`, with
//! seed `000_14152e48fe72febe.txt` as an earlier draft of it) and Gigapay's public documentation
//! of servers, authentication, paging and errors.

use hookspec_model as model;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterIn};
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::build::{
    DELIVERIES, Delivery, component_ref, delivery, empty_response, error_responses, json_body, json_response,
    operation, parameter, path_item, schema_ref, server, tags, with_schema,
};
use crate::evidence::{Claim, Fact, Method, ParamIn, Place, Source};
use crate::{ConversionError, Dialect, fixture};

/// The Gigapay dialect.
pub struct Gigapay;

const PROVIDER: &str = "Gigapay";
const TAG: &str = "Webhooks";
const SECURITY: &str = "Token";

/// An event a Gigapay webhook can subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub enum Event {
    /// An employee was created.
    #[serde(rename = "Employee.created")]
    EmployeeCreated,
    /// An employee was sent an invitation.
    #[serde(rename = "Employee.notified")]
    EmployeeNotified,
    /// An employee claimed their account.
    #[serde(rename = "Employee.claimed")]
    EmployeeClaimed,
    /// An employee verified their identity.
    #[serde(rename = "Employee.verified")]
    EmployeeVerified,
    /// A payout was created.
    #[serde(rename = "Payout.created")]
    PayoutCreated,
    /// The recipient of a payout was notified.
    #[serde(rename = "Payout.notified")]
    PayoutNotified,
    /// The recipient accepted a payout.
    #[serde(rename = "Payout.accepted")]
    PayoutAccepted,
    /// An invoice was created.
    #[serde(rename = "Invoice.created")]
    InvoiceCreated,
    /// An invoice was paid.
    #[serde(rename = "Invoice.paid")]
    InvoicePaid,
    /// A payrun was created (shown in a later revision of Gigapay's docs).
    #[serde(rename = "Payrun.created")]
    PayrunCreated,
}

impl Event {
    /// The event's name on the wire.
    pub fn name(self) -> String {
        match serde_json::to_value(self) {
            Ok(Value::String(name)) => name,
            _ => unreachable!("every Event variant serialises to a string"),
        }
    }

    /// The event named `name`, if Gigapay has one.
    pub fn from_name(name: &str) -> Option<Event> {
        serde_json::from_value(Value::String(name.to_owned())).ok()
    }
}

/// A webhook as Gigapay's API answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct Webhook {
    /// Unique identifier for the object. Chosen by the client or a UUID4 by default; unique per
    /// integration, so any string (`481272` as well as a UUID) is a valid id.
    pub id: String,
    /// URL to which the notifications are posted.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications.
    pub secret_key: String,
    /// JSON-encoded metadata.
    #[schema(value_type = Object)]
    pub metadata: Map<String, Value>,
}

/// The body that registers a webhook, or replaces one in full.
///
/// A field left out takes its default, also when replacing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookInput {
    /// Unique identifier for the object. Defaults to a fresh UUID4; must be unique per integration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// List of events to subscribe to.
    pub events: Vec<Event>,
    /// Secret key used to sign the Webhook notifications. Defaults to a random 32-character string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata. Defaults to `{}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = metadata_defaulting_to_empty)]
    pub metadata: Option<Map<String, Value>>,
}

/// The schema of `WebhookInput.metadata`. Written by hand because utoipa 6 drops `default` from a
/// field whose `value_type` is overridden.
fn metadata_defaulting_to_empty() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some("JSON-encoded metadata."))
        .default(Some(json!({})))
}

/// The body of a partial update: a field left out keeps its previous value.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookUpdate {
    /// Unique identifier for the object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub id: Option<String>,
    /// URL to which the notifications are posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String, format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: Option<String>,
    /// List of events to subscribe to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Vec<Event>)]
    pub events: Option<Vec<Event>>,
    /// Secret key used to sign the Webhook notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
    /// JSON-encoded metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub metadata: Option<Map<String, Value>>,
}

/// One page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookPage {
    /// Number of webhooks in the whole list.
    pub count: u64,
    /// Absolute URL of the next page, or null on the last page.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub next: Option<String>,
    /// Absolute URL of the previous page, or null on the first page.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub previous: Option<String>,
    /// The webhooks on this page.
    pub results: Vec<Webhook>,
}

/// An error answer, in the one shape Gigapay's API framework gives every error: `detail` for a
/// general error (authentication, permission, a missing object, a body that is not JSON), or each
/// invalid field's name mapped to its list of messages, with `non_field_errors` for messages not
/// tied to one field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ErrorBody {
    /// What went wrong, for an error not about the body's fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Messages not tied to one field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub non_field_errors: Vec<String>,
    /// Messages for each invalid field, keyed by the field's name.
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, Vec<String>>,
}

fn messages() -> ArrayBuilder {
    ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String))
}

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An error: `detail` for a general error (authentication, permission, a missing object, a \
                 body that is not JSON), or each invalid field's name mapped to its list of messages, with \
                 `non_field_errors` for messages not tied to one field.",
            ))
            .property(
                "detail",
                ObjectBuilder::new().schema_type(Type::String).description(Some("What went wrong.")),
            )
            .property("non_field_errors", messages().description(Some("Messages not tied to one field.")))
            .additional_properties(Some(messages().description(Some("Messages for one invalid field."))))
            .into()
    }
}

impl ToSchema for ErrorBody {}

/// The body of a notification: the object that triggered the event (an employee, payout, invoice
/// or payrun), as the API represents it. Its fields are those of that object in Gigapay's API
/// reference, which hookspec does not model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventObject(pub Map<String, Value>);

impl PartialSchema for EventObject {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The object that triggered the event (an employee, payout, invoice or payrun), as the API \
                 represents it. Its fields are documented with that object in Gigapay's API reference.",
            ))
            .extensions(Some(ExtensionsBuilder::new().add(crate::jsonrpc::UNDOCUMENTED, true).build()))
            .into()
    }
}

impl ToSchema for EventObject {}

/// How Gigapay signs notifications: `Gigapay-Signature: t=<unix seconds>,v1=<hex>`.
pub fn signature() -> model::SignatureScheme {
    model::SignatureScheme {
        header: "Gigapay-Signature".into(),
        signed_content: model::SignedContent::TimestampDotBody,
        encoding: model::SignatureEncoding::Hex,
    }
}

/// A delivered notification in canonical form. The body does not name its event.
pub fn notification(payload: EventObject) -> model::Notification {
    model::Notification { event: None, payload: Value::Object(payload.0), signature: signature() }
}

impl From<Webhook> for model::Webhook {
    /// Gigapay has no way to pause a webhook: a registered webhook is always enabled.
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.id,
            url: webhook.url,
            events: webhook.events.into_iter().map(Event::name).collect(),
            enabled: true,
            secret: Some(webhook.secret_key),
            metadata: webhook.metadata,
        }
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a disabled webhook, a webhook without a secret, or an event Gigapay lacks.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        if !webhook.enabled {
            return Err(unrepresentable("a disabled webhook"));
        }
        let secret_key = webhook.secret.ok_or_else(|| unrepresentable("a webhook without a secret key"))?;
        Ok(Webhook {
            id: webhook.id,
            url: webhook.url,
            events: events_from_names(webhook.events)?,
            secret_key,
            metadata: webhook.metadata,
        })
    }
}

impl From<WebhookInput> for model::WebhookInput {
    fn from(input: WebhookInput) -> Self {
        model::WebhookInput {
            id: input.id,
            url: input.url,
            events: input.events.into_iter().map(Event::name).collect(),
            enabled: None,
            secret: input.secret_key,
            metadata: input.metadata,
        }
    }
}

impl TryFrom<model::WebhookInput> for WebhookInput {
    type Error = ConversionError;

    /// Fails for `enabled: false` (Gigapay cannot pause a webhook) or an event Gigapay lacks.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        if input.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookInput {
            id: input.id,
            url: input.url,
            events: events_from_names(input.events)?,
            secret_key: input.secret,
            metadata: input.metadata,
        })
    }
}

impl From<WebhookUpdate> for model::WebhookPatch {
    fn from(update: WebhookUpdate) -> Self {
        model::WebhookPatch {
            id: update.id,
            url: update.url,
            events: update.events.map(|events| events.into_iter().map(Event::name).collect()),
            enabled: None,
            secret: update.secret_key,
            metadata: update.metadata,
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookUpdate {
    type Error = ConversionError;

    /// Fails for `enabled: false` (Gigapay cannot pause a webhook) or an event Gigapay lacks.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        if patch.enabled == Some(false) {
            return Err(unrepresentable("a disabled webhook"));
        }
        Ok(WebhookUpdate {
            id: patch.id,
            url: patch.url,
            events: patch.events.map(events_from_names).transpose()?,
            secret_key: patch.secret,
            metadata: patch.metadata,
        })
    }
}

impl From<WebhookPage> for model::WebhookPage {
    /// The page links become page requests; their host and any other query parameters are lost,
    /// so a page converts one way only.
    fn from(page: WebhookPage) -> Self {
        model::WebhookPage {
            items: page.results.into_iter().map(model::Webhook::from).collect(),
            total: Some(page.count),
            next: page.next.as_deref().map(page_request),
            previous: page.previous.as_deref().map(page_request),
        }
    }
}

impl From<ErrorBody> for model::ApiError {
    /// `detail`, else the `non_field_errors` one per line, becomes the message.
    fn from(error: ErrorBody) -> Self {
        let general = (!error.non_field_errors.is_empty()).then(|| error.non_field_errors.join("\n"));
        model::ApiError { code: None, message: error.detail.or(general), field_errors: error.fields }
    }
}

/// Reads `page` and `page_size` from a page link; a link without `page` is the first page.
fn page_request(link: &str) -> model::PageRequest {
    let query = link.split_once('?').map_or("", |(_, query)| query);
    let number = |key: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| *name == key)
            .and_then(|(_, value)| value.parse().ok())
    };
    model::PageRequest::Number { page: number("page").unwrap_or(1), size: number("page_size") }
}

fn events_from_names(names: Vec<String>) -> Result<Vec<Event>, ConversionError> {
    names
        .into_iter()
        .map(|name| Event::from_name(&name).ok_or_else(|| unrepresentable(format!("the event `{name}`"))))
        .collect()
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}

const COLLECTION: &str = "/webhooks/";
const ITEM: &str = "/webhooks/{id}/";

const DESCRIPTION: &str = "\
Webhooks allow you to receive real-time status updates any time an event happens on your account.

Every request authenticates with `Authorization: Token <api key>` and names the integration it acts \
as with the `Integration-ID` header. Paths end with a slash: a wrongly placed slash is redirected \
with 307, plain HTTP with 301. Responses are in English unless `Accept-Language: sv` asks for Swedish.";

impl Dialect for Gigapay {
    fn name(&self) -> &'static str {
        "gigapay"
    }

    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn openapi(&self) -> OpenApi {
        let info = InfoBuilder::new()
            .title("Gigapay Webhooks API")
            .version("2")
            .description(Some(DESCRIPTION))
            .build();
        let servers = vec![
            server("https://api.gigapay.se/v2", "Production."),
            server("https://api.demo.gigapay.se/v2", "Demo: the same API, but no money moves."),
        ];
        let paths = PathsBuilder::new()
            .path(COLLECTION, path_item([(HttpMethod::Get, list()), (HttpMethod::Post, register())]))
            .path(
                ITEM,
                path_item([
                    (HttpMethod::Get, retrieve()),
                    (HttpMethod::Patch, update()),
                    (HttpMethod::Put, replace()),
                    (HttpMethod::Delete, delete()),
                ]),
            );
        OpenApiBuilder::new()
            .info(info)
            .servers(Some(servers))
            .paths(paths)
            .components(Some(components()))
            .webhooks(Some(PathsBuilder::new().path("notification", notification_delivery())))
            .security(Some(vec![SecurityRequirement::new(SECURITY, Vec::<String>::new())]))
            .tags(Some(tags(&[
                (TAG, "Register the URLs Gigapay posts event notifications to."),
                (DELIVERIES, "What Gigapay posts to a registered URL when an event happens."),
            ])))
            .build()
    }

    fn json_schemas(&self) -> Vec<(&'static str, schemars::Schema)> {
        crate::json_schemas![Webhook, WebhookInput, WebhookUpdate, WebhookPage, ErrorBody, EventObject]
    }

    fn signature(&self) -> model::SignatureScheme {
        signature()
    }

    fn claims(&self) -> Vec<Claim> {
        claims()
    }
}

fn notification_delivery() -> utoipa::openapi::path::PathItem {
    let events: Vec<String> = [
        Event::EmployeeCreated,
        Event::EmployeeNotified,
        Event::EmployeeClaimed,
        Event::EmployeeVerified,
        Event::PayoutCreated,
        Event::PayoutNotified,
        Event::PayoutAccepted,
        Event::InvoiceCreated,
        Event::InvoicePaid,
        Event::PayrunCreated,
    ]
    .into_iter()
    .map(|event| format!("`{}`", event.name()))
    .collect();
    let description = format!(
        "When an event a webhook subscribes to happens ({}), Gigapay posts the object that triggered it, \
         as the API represents it, to the webhook's URL with `Content-Type: application/json`.",
        events.join(", ")
    );
    delivery(Delivery {
        id: "notification",
        summary: "Notification of an event",
        description: &description,
        payload: schema_ref::<EventObject>(),
        signature: &signature(),
        signed_always: true,
        headers: Vec::new(),
        retries: "Gigapay retries a failed delivery up to 10 times, with exponential backoff.",
    })
}

fn components() -> utoipa::openapi::Components {
    let mut components = ComponentsBuilder::new();
    components = with_schema::<Webhook>(components);
    components = with_schema::<WebhookInput>(components);
    components = with_schema::<WebhookUpdate>(components);
    components = with_schema::<WebhookPage>(components);
    components = with_schema::<ErrorBody>(components);
    components = with_schema::<EventObject>(components);
    components
        .security_scheme(
            SECURITY,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "The word `Token`, a space, then your API key: `Authorization: Token <api key>`.",
            ))),
        )
        .parameter(
            "IntegrationId",
            parameter(
                "Integration-ID",
                ParameterIn::Header,
                true,
                "The id of the integration the request acts as.",
                String::schema(),
            ),
        )
        .parameter(
            "AcceptLanguage",
            parameter(
                "Accept-Language",
                ParameterIn::Header,
                false,
                "Language of messages in the response: English by default, `sv` for Swedish.",
                ObjectBuilder::new().schema_type(Type::String).default(Some(json!("en"))),
            ),
        )
        .parameter(
            "WebhookId",
            parameter("id", ParameterIn::Path, true, "Unique identifier for the object.", String::schema()),
        )
        .response("BadRequest", json_response::<ErrorBody>(
            "The request is invalid: the messages of each invalid field, or a `detail` (for a body that is \
             not JSON, for example).",
        ))
        .response("Unauthorized", json_response::<ErrorBody>("Authentication is missing or invalid."))
        .response(
            "Forbidden",
            json_response::<ErrorBody>("The request comes from an IP address that is not whitelisted."),
        )
        .response("NotFound", json_response::<ErrorBody>("No webhook has this id."))
        .build()
}

/// An operation with the headers every Gigapay request carries and the errors every one can get.
fn gigapay_operation(id: &str, summary: &str, description: &str) -> OperationBuilder {
    let operation = operation(id, TAG, summary, description)
        .parameter_ref(component_ref("parameters", "IntegrationId"))
        .parameter_ref(component_ref("parameters", "AcceptLanguage"));
    error_responses(operation, &[(401, "Unauthorized"), (403, "Forbidden")])
}

fn item_operation(id: &str, summary: &str, description: &str) -> OperationBuilder {
    let operation =
        gigapay_operation(id, summary, description).parameter_ref(component_ref("parameters", "WebhookId"));
    error_responses(operation, &[(404, "NotFound")])
}

fn list() -> Operation {
    let page = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).default(Some(json!(1)));
    let page_size = ObjectBuilder::new().schema_type(Type::Integer).minimum(Some(1)).default(Some(json!(25)));
    gigapay_operation(
        "listWebhooks",
        "List all registered webhooks",
        "Retrieves all webhooks, a page at a time.",
    )
    .parameter(parameter("page", ParameterIn::Query, false, "Which page to return.", page))
    .parameter(parameter(
        "page_size",
        ParameterIn::Query,
        false,
        "The number of Webhooks per page.",
        page_size,
    ))
    .response("200", json_response::<WebhookPage>("A page of webhooks."))
    .build()
}

fn register() -> Operation {
    let idempotency_key = parameter(
        "Idempotency-Key",
        ParameterIn::Header,
        false,
        "A key that makes retrying the request safe: a repeated key answers the first result.",
        String::schema(),
    );
    let operation = gigapay_operation("registerWebhook", "Register a webhook", "Creates a webhook.")
        .parameter(idempotency_key);
    error_responses(operation, &[(400, "BadRequest")])
        .request_body(Some(json_body::<WebhookInput>("The webhook to register.")))
        .response("201", json_response::<Webhook>("The registered webhook."))
        .build()
}

fn retrieve() -> Operation {
    item_operation("retrieveWebhook", "Retrieve a webhook", "Retrieves a webhook.")
        .response("200", json_response::<Webhook>("The webhook."))
        .build()
}

fn update() -> Operation {
    let operation = item_operation(
        "updateWebhook",
        "Update a webhook",
        "Updates the fields given in the body; every field left out keeps its previous value.",
    );
    error_responses(operation, &[(400, "BadRequest")])
        .request_body(Some(json_body::<WebhookUpdate>("The fields to change.")))
        .response("200", json_response::<Webhook>("The updated webhook."))
        .build()
}

fn replace() -> Operation {
    let operation = item_operation(
        "replaceWebhook",
        "Replace a webhook",
        "Replaces a webhook in full; every field left out takes its default.",
    );
    error_responses(operation, &[(400, "BadRequest")])
        .request_body(Some(json_body::<WebhookInput>("The webhook's new settings.")))
        .response("200", json_response::<Webhook>("The replaced webhook."))
        .build()
}

fn delete() -> Operation {
    item_operation("deleteWebhook", "Delete a webhook", "Deletes a webhook.")
        .response("204", empty_response("The webhook was deleted; the response is empty."))
        .build()
}

const SEED_000: &str = "seeds/000_14152e48fe72febe.txt";
const SEED_001: &str = "seeds/001_16586ddbab86e643.txt";

fn source(document: &'static str, section: &'static str, part: &'static str) -> Source {
    Source { document, section, part }
}

/// The three code samples (Python, shell, JavaScript) of a section, all sending `method` to `url`.
fn samples(section: &'static str, operation: &'static str, method: Method, url: &'static str) -> Vec<Claim> {
    ["Python sample", "shell sample", "JavaScript sample"]
        .into_iter()
        .map(|part| Claim::new(source(SEED_001, section, part), Fact::Request { operation, method, url }))
        .collect()
}

fn request_line(section: &'static str, operation: &'static str, method: Method, url: &'static str) -> Claim {
    Claim::new(source(SEED_001, section, "HTTP Request line"), Fact::Request { operation, method, url })
}

fn parameters(
    section: &'static str,
    operation: &'static str,
    rows: &[(ParamIn, &'static str, bool, Option<&'static str>)],
) -> Vec<Claim> {
    rows.iter()
        .map(|&(location, name, required, default)| {
            let part = match location {
                ParamIn::Header => "Headers table",
                ParamIn::Query => "Query Parameters table",
                ParamIn::Path => "URL Parameters table",
            };
            Claim::new(
                source(SEED_001, section, part),
                Fact::Parameter { operation, location, name, required, default, schema_type: None },
            )
        })
        .collect()
}

fn body_fields(section: &'static str, operation: &'static str, rows: &[(&'static str, bool)]) -> Vec<Claim> {
    rows.iter()
        .map(|&(name, required)| {
            Claim::new(
                source(SEED_001, section, "Body Parameters table"),
                Fact::BodyField { operation, name, required },
            )
        })
        .collect()
}

const AUTH_HEADERS: [(ParamIn, &str, bool, Option<&str>); 2] =
    [(ParamIn::Header, "Authorization", true, None), (ParamIn::Header, "Integration-ID", true, None)];
const ID_PARAMETER: (ParamIn, &str, bool, Option<&str>) = (ParamIn::Path, "id", true, None);
const INPUT_FIELDS: [(&str, bool); 5] =
    [("id", false), ("url", true), ("events", true), ("secret_key", false), ("metadata", false)];
const UPDATE_FIELDS: [(&str, bool); 5] =
    [("id", false), ("url", false), ("events", false), ("secret_key", false), ("metadata", false)];

fn claims() -> Vec<Claim> {
    let mut claims = Vec::new();

    let section = "List All Registered Webhooks";
    claims.extend(samples(section, "listWebhooks", Method::Get, "https://api.gigapay.se/v2/webhooks/"));
    claims.push(
        Claim::new(
            source(SEED_001, section, "response JSON"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("gigapay/list-webhooks.response.json"),
                at: Place::Response { operation: "listWebhooks", status: 200 },
                schema: None,
            },
        )
        .also(source(SEED_000, section, "response JSON")),
    );
    claims.push(
        Claim::new(
            source(SEED_001, section, "response JSON"),
            Fact::Observation {
                text: "The page has `count: 4`, two results, `next: null` and `previous: ...?page=2`.",
            },
        )
        .also(source(SEED_000, section, "response JSON"))
        .erratum(
            "No page can look like this: a third page after two pages of two holds nothing when there \
             are four webhooks, and a page of four would need no previous page. The example is kept \
             as documented; it is valid against the schema.",
        ),
    );
    claims.push(request_line(section, "listWebhooks", Method::Get, "https://api.gigapay.se/v2/webhooks/"));
    claims.extend(parameters(
        section,
        "listWebhooks",
        &[
            AUTH_HEADERS[0],
            AUTH_HEADERS[1],
            (ParamIn::Query, "page", false, Some("1")),
            (ParamIn::Query, "page_size", false, Some("25")),
        ],
    ));

    let section = "Register a Webhook";
    let register = samples(section, "registerWebhook", Method::Post, "https://api.gigapay.se/v2/webhooks/");
    claims.push(register[0].clone());
    claims.push(
        Claim::new(
            source(SEED_001, section, "shell sample"),
            Fact::Request {
                operation: "registerWebhook",
                method: Method::Post,
                url: "https://gigatron.se/webhooks/payouts/",
            },
        )
        .erratum(
            "The curl sample posts to the subscriber's webhook URL instead of the API. The request goes \
             to `POST https://api.gigapay.se/v2/webhooks/`, as the Python and JavaScript samples and the \
             HTTP Request line say.",
        ),
    );
    claims.push(register[2].clone());
    claims.push(
        Claim::new(
            source(SEED_001, section, "Python sample, `json=` dict transcribed to JSON"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("gigapay/register.request.json"),
                at: Place::Request { operation: "registerWebhook" },
                schema: None,
            },
        )
        .also(source(SEED_001, section, "JavaScript sample, `body` object")),
    );
    claims.push(Claim::new(
        source(SEED_001, section, "shell sample, `-d` body"),
        Fact::Example {
            name: "documented-curl",
            fixture: fixture!("gigapay/register-curl.request.json"),
            at: Place::Request { operation: "registerWebhook" },
            schema: None,
        },
    ));
    claims.push(Claim::new(
        source(SEED_001, section, "response JSON"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("gigapay/register.response.json"),
            at: Place::Response { operation: "registerWebhook", status: 201 },
            schema: None,
        },
    ));
    claims.push(Claim::new(
        source(SEED_001, section, "Python sample and response JSON"),
        Fact::Echo {
            operation: "registerWebhook",
            url: "https://api.gigapay.se/v2/webhooks/",
            request: Some("documented"),
            response: "documented",
        },
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "response JSON"),
            Fact::Observation { text: "The response is documented without its status code." },
        )
        .erratum(
            "A webhook is created, so the document answers `201 Created`, the status Gigapay's API \
             framework gives every successful create.",
        ),
    );
    claims.push(request_line(
        section,
        "registerWebhook",
        Method::Post,
        "https://api.gigapay.se/v2/webhooks/",
    ));
    claims.extend(parameters(
        section,
        "registerWebhook",
        &[AUTH_HEADERS[0], AUTH_HEADERS[1], (ParamIn::Header, "Idempotency-key", false, None)],
    ));
    claims.extend(body_fields(section, "registerWebhook", &INPUT_FIELDS));

    let section = "Retrieve a Webhook";
    claims.extend(samples(
        section,
        "retrieveWebhook",
        Method::Get,
        "https://api.gigapay.se/v2/webhooks/481272/",
    ));
    claims.push(Claim::new(
        source(SEED_001, section, "response JSON"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("gigapay/retrieve.response.json"),
            at: Place::Response { operation: "retrieveWebhook", status: 200 },
            schema: None,
        },
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "code samples and response JSON"),
            Fact::Echo {
                operation: "retrieveWebhook",
                url: "https://api.gigapay.se/v2/webhooks/481272/",
                request: None,
                response: "documented",
            },
        )
        .erratum(
            "The samples retrieve webhook `481272` but the response shows webhook \
             `38a93e19-886a-4246-9cfe-471214ff6739`. A retrieve answers the webhook it was asked for.",
        ),
    );
    claims.push(request_line(
        section,
        "retrieveWebhook",
        Method::Get,
        "https://api.gigapay.se/v2/webhooks/:id/",
    ));
    claims.extend(parameters(section, "retrieveWebhook", &[AUTH_HEADERS[0], AUTH_HEADERS[1], ID_PARAMETER]));

    let section = "Update a Webhook";
    claims.extend(samples(
        section,
        "updateWebhook",
        Method::Patch,
        "https://api.gigapay.se/v2/webhooks/481272/",
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "shell sample, `-d` body"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("gigapay/update.request.json"),
                at: Place::Request { operation: "updateWebhook" },
                schema: None,
            },
        )
        .also(source(SEED_001, section, "Python sample, `json=` dict"))
        .also(source(SEED_001, section, "JavaScript sample, `body` object")),
    );
    claims.push(Claim::new(
        source(SEED_001, section, "response JSON"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("gigapay/update.response.json"),
            at: Place::Response { operation: "updateWebhook", status: 200 },
            schema: None,
        },
    ));
    claims.push(Claim::new(
        source(SEED_001, section, "code samples and response JSON"),
        Fact::Echo {
            operation: "updateWebhook",
            url: "https://api.gigapay.se/v2/webhooks/481272/",
            request: Some("documented"),
            response: "documented",
        },
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "description"),
            Fact::Observation { text: "\"This endpoint creates a webhooks.\"" },
        )
        .erratum("The endpoint updates a webhook; the description was copied from the register section."),
    );
    claims.push(request_line(
        section,
        "updateWebhook",
        Method::Patch,
        "https://api.gigapay.se/v2/webhooks/:id/",
    ));
    claims.extend(parameters(section, "updateWebhook", &[AUTH_HEADERS[0], AUTH_HEADERS[1], ID_PARAMETER]));
    claims.extend(body_fields(section, "updateWebhook", &UPDATE_FIELDS));

    let section = "Replace a Webhook";
    claims.extend(samples(
        section,
        "replaceWebhook",
        Method::Put,
        "https://api.gigapay.se/v2/webhooks/481272/",
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "shell sample, `-d` body"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("gigapay/replace.request.json"),
                at: Place::Request { operation: "replaceWebhook" },
                schema: None,
            },
        )
        .also(source(SEED_001, section, "Python sample, `json=` dict"))
        .also(source(SEED_001, section, "JavaScript sample, `body` object")),
    );
    claims.push(Claim::new(
        source(SEED_001, section, "response JSON"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("gigapay/replace.response.json"),
            at: Place::Response { operation: "replaceWebhook", status: 200 },
            schema: None,
        },
    ));
    claims.push(
        Claim::new(
            source(SEED_001, section, "code samples and response JSON"),
            Fact::Echo {
                operation: "replaceWebhook",
                url: "https://api.gigapay.se/v2/webhooks/481272/",
                request: Some("documented"),
                response: "documented",
            },
        )
        .erratum(
            "The request sets `url` to `https://gigatron.se/webhooks/invoiced/` but the response shows \
             `.../invoices/`. A replace answers the settings it was given.",
        ),
    );
    claims.push(
        request_line(section, "replaceWebhook", Method::Put, "https://api.gigapay.se/v2/webhooks/").erratum(
            "The HTTP Request line lacks the `:id/` segment. A replace targets one webhook: \
                 `PUT /webhooks/{id}/`, as the code samples and the URL Parameters table say.",
        ),
    );
    claims.extend(parameters(section, "replaceWebhook", &[AUTH_HEADERS[0], AUTH_HEADERS[1], ID_PARAMETER]));
    claims.extend(body_fields(section, "replaceWebhook", &INPUT_FIELDS));

    let section = "Delete a Webhook";
    claims.extend(samples(
        section,
        "deleteWebhook",
        Method::Delete,
        "https://api.gigapay.se/v2/webhooks/481272/",
    ));
    claims.push(request_line(
        section,
        "deleteWebhook",
        Method::Delete,
        "https://api.gigapay.se/v2/webhooks/:id/",
    ));
    claims.extend(parameters(section, "deleteWebhook", &[AUTH_HEADERS[0], AUTH_HEADERS[1], ID_PARAMETER]));

    // The earlier draft: the same list section with placeholder samples and a looser header table.
    let section = "List All Registered Webhooks";
    claims.push(
        Claim::new(
            source(SEED_000, section, "Python and JavaScript samples"),
            Fact::Observation { text: "`kittn.authorize('meowmeowmeow')` / `api.kittens.get()`" },
        )
        .erratum("Placeholder samples from a documentation template; they show nothing of Gigapay's API."),
    );
    claims.push(
        Claim::new(
            source(SEED_000, section, "shell sample"),
            Fact::Request {
                operation: "listWebhooks",
                method: Method::Get,
                url: "http://example.com/api/kittens",
            },
        )
        .erratum("A placeholder sample from a documentation template; the list is `GET /webhooks/`."),
    );
    claims.push(Claim::new(
        source(SEED_000, section, "HTTP Request line"),
        Fact::Request {
            operation: "listWebhooks",
            method: Method::Get,
            url: "https://api.gigapay.se/v2/webhooks/",
        },
    ));
    claims.push(
        Claim::new(
            source(SEED_000, section, "Headers table"),
            Fact::Parameter {
                operation: "listWebhooks",
                location: ParamIn::Header,
                name: "Authorization",
                required: false,
                default: None,
                schema_type: None,
            },
        )
        .erratum(
            "The draft marks `Authorization` not required. Every request needs it (a missing token \
             answers 401), as the published page says.",
        ),
    );
    for (name, default) in [("page", "1"), ("page_size", "25")] {
        claims.push(Claim::new(
            source(SEED_000, section, "Query Parameters table"),
            Fact::Parameter {
                operation: "listWebhooks",
                location: ParamIn::Query,
                name,
                required: false,
                default: Some(default),
                schema_type: None,
            },
        ));
    }
    claims.push(Claim::new(
        source(SEED_000, section, "Headers table"),
        Fact::Parameter {
            operation: "listWebhooks",
            location: ParamIn::Header,
            name: "Integration-ID",
            required: true,
            default: None,
            schema_type: None,
        },
    ));

    claims
}
