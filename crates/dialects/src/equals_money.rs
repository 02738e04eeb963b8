//! Equals Money: REST, camelCase, limit/offset paging, UUID ids, one event type per webhook.
//!
//! Sources: the "Get webhook details" page of Equals Money's guides (seed
//! `003_65916882a1b051f7.txt`) and Equals Money's public documentation of servers,
//! authentication, the create and update bodies, and the event-type catalogue.

use hookspec_model as model;
use serde::{Deserialize, Serialize};
use serde_json::{Map, json};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, ParameterIn};
use utoipa::openapi::schema::{ArrayBuilder, ComponentsBuilder, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr, ResponseBuilder};
use utoipa::{PartialSchema, ToSchema};

use crate::build::{
    DELIVERIES, Delivery, JSON, component_ref, delivery, error_responses, json_body, json_response,
    operation, parameter, path_item, schema_ref, server, tags, with_schema,
};
use crate::evidence::{Claim, Fact, Method, ParamIn, Place, Source};
use crate::{ConversionError, Dialect, fixture};

/// The Equals Money dialect.
pub struct EqualsMoney;

const PROVIDER: &str = "Equals Money";
const TAG: &str = "Webhooks";
const SECURITY: &str = "ApiKey";

/// The event type names Equals Money documents. The list grows: see [`EventTypeName`].
pub const KNOWN_EVENT_TYPES: [&str; 14] = [
    "AccountCreated",
    "AccountActivated",
    "RecipientCreated",
    "RecipientDeleted",
    "BoxCredited",
    "BoxDebited",
    "OrderCreated",
    "OrderCompleted",
    "OrderCancelled",
    "FeeCreated",
    "3DSAuthRequest",
    "CardTransaction",
    "CardStateUpdated",
    "DigitalWalletTokenTransition",
];

/// The name of a webhook event type, such as `OrderCreated`.
///
/// An open set: the schema is a string that lists the known names in its description, its
/// `examples` and an `x-extensible-enum` extension, not a closed `enum`, so a generated client
/// keeps working when Equals Money adds an event type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventTypeName(#[schemars(length(max = 256))] pub String);

impl PartialSchema for EventTypeName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(256))
            .description(Some(format!(
                "The name of a webhook event type. Known names: {}. Equals Money adds event types \
                 over time, so treat an unknown name as valid.",
                KNOWN_EVENT_TYPES.join(", ")
            )))
            .examples(["OrderCreated", "BoxCredited"])
            .extensions(Some(
                ExtensionsBuilder::new().add("x-extensible-enum", json!(KNOWN_EVENT_TYPES)).build(),
            ))
            .into()
    }
}

impl ToSchema for EventTypeName {}

/// A webhook as Equals Money answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// The ID of the webhook.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The ID of the product the webhook belongs to.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub product_id: String,
    /// The account the webhook is scoped to, or null for a product-level webhook.
    pub account_id: Option<String>,
    /// The ID of the webhook's event type.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub webhook_event_type_id: String,
    /// The URL event notifications are posted to.
    #[schema(format = "uri", max_length = 512)]
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: String,
    /// Whether notifications are sent.
    pub enabled: bool,
    /// Sent as the `Authorization` header of every notification, when set.
    pub authorization_header: Option<String>,
    /// The key notifications are signed with (`x-em-signature`), when set.
    pub shared_secret: Option<String>,
    /// When the webhook was created.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// When the webhook was last changed.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
    /// The name of the webhook's event type.
    pub webhook_event_type_name: EventTypeName,
}

/// A page of webhooks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookList {
    /// The number of webhooks that match the filters, on all pages.
    pub count: u64,
    /// The `limit` the page was asked with.
    pub limit: u64,
    /// The `offset` the page was asked with.
    pub offset: u64,
    /// The webhooks on this page.
    pub rows: Vec<Webhook>,
}

/// The settings of a new webhook, apart from its event type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewWebhookSettings {
    /// Whether notifications are sent.
    pub enabled: bool,
    /// The URL event notifications are posted to.
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: String,
    /// The account to scope the webhook to; leave it out (or null) for platform-level onboarding
    /// events such as `AccountActivated`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 36))]
    pub account_id: Option<String>,
    /// The key to sign notifications with (`x-em-signature`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 36))]
    pub shared_secret: Option<String>,
    /// A value to send as the `Authorization` header of every notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(max = 512))]
    pub authorization_header: Option<String>,
}

/// The body that creates a webhook: its settings, and its event type named exactly one way.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum NewWebhook {
    /// The event type named by its name.
    ByName {
        /// The event type's name.
        #[serde(rename = "webhookEventTypeName")]
        name: EventTypeName,
        /// Everything else.
        #[serde(flatten)]
        settings: NewWebhookSettings,
    },
    /// The event type named by its ID.
    ById {
        /// The event type's ID.
        #[serde(rename = "webhookEventTypeId")]
        id: String,
        /// Everything else.
        #[serde(flatten)]
        settings: NewWebhookSettings,
    },
}

/// The properties every create body may hold, in the documented order.
fn new_webhook_properties(by: &str) -> ObjectBuilder {
    let object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .property(
            "sharedSecret",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(36))
                .description(Some("The key to sign notifications with (`x-em-signature`).")),
        )
        .property(
            "enabled",
            ObjectBuilder::new()
                .schema_type(Type::Boolean)
                .description(Some("Whether notifications are sent.")),
        )
        .property(
            "accountId",
            nullable_string(
                Some(36),
                "The account to scope the webhook to; leave it out (or null) for platform-level onboarding \
                 events such as `AccountActivated`.",
            ),
        );
    let object = match by {
        "name" => object.property("webhookEventTypeName", schema_ref::<EventTypeName>()),
        _ => object.property(
            "webhookEventTypeId",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uuid".into())))
                .max_length(Some(36))
                .description(Some("The ID of the event type.")),
        ),
    };
    object
        .property(
            "url",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uri".into())))
                .max_length(Some(512))
                .description(Some("The URL event notifications are posted to.")),
        )
        .property(
            "authorizationHeader",
            nullable_string(
                Some(512),
                "A value to send as the `Authorization` header of every notification.",
            ),
        )
        .required("enabled")
        .required("url")
        .required(if by == "name" { "webhookEventTypeName" } else { "webhookEventTypeId" })
}

fn nullable_string(max_length: Option<usize>, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([Type::String, Type::Null]))
        .max_length(max_length)
        .description(Some(description))
}

impl PartialSchema for NewWebhook {
    fn schema() -> RefOr<Schema> {
        let by_name = new_webhook_properties("name").title(Some("By event type name"));
        let by_id = new_webhook_properties("id").title(Some("By event type ID"));
        utoipa::openapi::schema::OneOfBuilder::new()
            .description(Some(
                "The new webhook. Name its event type exactly one way: `webhookEventTypeName` or \
                 `webhookEventTypeId`, never both.",
            ))
            .item(by_name)
            .item(by_id)
            .into()
    }
}

impl ToSchema for NewWebhook {}

/// The body of an update: `enabled` always, and any of the other fields to change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookUpdate {
    /// Whether notifications are sent.
    pub enabled: bool,
    /// A new URL to post event notifications to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String, format = "uri", max_length = 512)]
    #[schemars(extend("format" = "uri"), length(max = 512))]
    pub url: Option<String>,
    /// A new key to sign notifications with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 36)]
    #[schemars(length(max = 36))]
    pub shared_secret: Option<String>,
    /// A new value for the `Authorization` header of notifications.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 512)]
    #[schemars(length(max = 512))]
    pub authorization_header: Option<String>,
}

/// An event type a webhook can subscribe to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WebhookEventType {
    /// The ID of the event type.
    #[schema(format = "uuid")]
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The name of the event type.
    pub name: EventTypeName,
    /// Whether webhooks can subscribe to it.
    pub enabled: bool,
    /// When the event type was created.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub created_at: String,
    /// When the event type was last changed.
    #[schema(format = DateTime)]
    #[schemars(extend("format" = "date-time"))]
    pub updated_at: String,
}

/// An error answer. Equals Money does not document the body of its error responses, so the
/// document promises only a JSON object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ErrorBody(pub Map<String, serde_json::Value>);

impl PartialSchema for ErrorBody {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An error answer. Its fields are not documented by Equals Money; read it as a JSON object.",
            ))
            .extensions(Some(ExtensionsBuilder::new().add("x-hookspec-undocumented", true).build()))
            .into()
    }
}

impl ToSchema for ErrorBody {}

/// The body of a notification. Every event payload carries `webhookEventTypeName` and
/// `messageId`; the rest depends on the event type and is documented with each type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventPayload {
    /// The name of the event's type.
    pub webhook_event_type_name: EventTypeName,
    /// The ID of this message; a retried delivery keeps it.
    pub message_id: String,
    /// The event type's own fields.
    #[serde(flatten)]
    pub fields: Map<String, serde_json::Value>,
}

impl PartialSchema for EventPayload {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "An event notification. Every payload carries `webhookEventTypeName` and `messageId`; its \
                 other fields depend on the event type.",
            ))
            .property("webhookEventTypeName", schema_ref::<EventTypeName>())
            .property(
                "messageId",
                ObjectBuilder::new().schema_type(Type::String).max_length(Some(36)).description(Some(
                    "The ID of this message; a retried delivery keeps it, so use it to ignore duplicates.",
                )),
            )
            .required("webhookEventTypeName")
            .required("messageId")
            .into()
    }
}

impl ToSchema for EventPayload {}

/// How Equals Money signs notifications: `x-em-signature: <base64>`, when the webhook has a
/// shared secret.
pub fn signature() -> model::SignatureScheme {
    model::SignatureScheme {
        header: "x-em-signature".into(),
        signed_content: model::SignedContent::Body,
        encoding: model::SignatureEncoding::Base64,
    }
}

/// A delivered notification in canonical form, named by its `webhookEventTypeName`.
pub fn notification(payload: EventPayload) -> model::Notification {
    let event = Some(payload.webhook_event_type_name.0.clone());
    model::Notification {
        event,
        payload: serde_json::to_value(payload).unwrap_or(serde_json::Value::Null),
        signature: signature(),
    }
}

impl From<Webhook> for model::Webhook {
    /// Loses `productId`, `accountId`, `webhookEventTypeId`, `authorizationHeader` and the
    /// timestamps, which the canonical model has no place for. A webhook therefore cannot be
    /// converted back; its create and update bodies can.
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.id,
            url: webhook.url,
            events: vec![webhook.webhook_event_type_name.0],
            enabled: webhook.enabled,
            secret: webhook.shared_secret,
            metadata: Map::new(),
        }
    }
}

impl From<WebhookList> for model::WebhookPage {
    /// The next and previous pages follow from `count`, `limit` and `offset`.
    fn from(list: WebhookList) -> Self {
        let next_offset = list.offset + list.limit;
        model::WebhookPage {
            total: Some(list.count),
            next: (next_offset < list.count)
                .then_some(model::PageRequest::Offset { offset: next_offset, limit: list.limit }),
            previous: (list.offset > 0).then(|| model::PageRequest::Offset {
                offset: list.offset.saturating_sub(list.limit),
                limit: list.limit,
            }),
            items: list.rows.into_iter().map(model::Webhook::from).collect(),
        }
    }
}

impl TryFrom<NewWebhook> for model::WebhookInput {
    type Error = ConversionError;

    /// Fails for an event type named by ID: canonical events are names. Loses `accountId` and
    /// `authorizationHeader`.
    fn try_from(new: NewWebhook) -> Result<Self, ConversionError> {
        let NewWebhook::ByName { name, settings } = new else {
            return Err(ConversionError::Lossy {
                provider: PROVIDER,
                what: "an event type named by its ID".into(),
            });
        };
        Ok(model::WebhookInput {
            id: None,
            url: settings.url,
            events: vec![name.0],
            enabled: Some(settings.enabled),
            secret: settings.shared_secret,
            metadata: None,
        })
    }
}

impl TryFrom<model::WebhookInput> for NewWebhook {
    type Error = ConversionError;

    /// Fails unless there is exactly one event; fails for a client-chosen id or metadata, which
    /// Equals Money has no place for. A missing `enabled` becomes `true`.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        crate::refuse_id_and_metadata(PROVIDER, &input)?;
        let [event] = <[String; 1]>::try_from(input.events).map_err(|events| {
            unrepresentable(format!("a webhook with {} events; it takes exactly one", events.len()))
        })?;
        Ok(NewWebhook::ByName {
            name: EventTypeName(event),
            settings: NewWebhookSettings {
                enabled: input.enabled.unwrap_or(true),
                url: input.url,
                account_id: None,
                shared_secret: input.secret,
                authorization_header: None,
            },
        })
    }
}

impl From<WebhookUpdate> for model::WebhookPatch {
    /// Loses `authorizationHeader`.
    fn from(update: WebhookUpdate) -> Self {
        model::WebhookPatch {
            id: None,
            url: update.url,
            events: None,
            enabled: Some(update.enabled),
            secret: update.shared_secret,
            metadata: None,
        }
    }
}

impl TryFrom<model::WebhookPatch> for WebhookUpdate {
    type Error = ConversionError;

    /// Fails without `enabled` (Equals Money requires it on every update) and for a change of
    /// id, events or metadata, which an update cannot make.
    fn try_from(patch: model::WebhookPatch) -> Result<Self, ConversionError> {
        let enabled = patch.enabled.ok_or_else(|| unrepresentable("an update that leaves out `enabled`"))?;
        if patch.id.is_some() || patch.events.is_some() || patch.metadata.is_some() {
            return Err(unrepresentable("an update of the id, events or metadata"));
        }
        Ok(WebhookUpdate { enabled, url: patch.url, shared_secret: patch.secret, authorization_header: None })
    }
}

impl From<WebhookEventType> for model::EventType {
    fn from(event_type: WebhookEventType) -> Self {
        model::EventType { name: event_type.name.0, description: None }
    }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}

const DESCRIPTION: &str = "\
Create webhooks to be notified when events happen on your Equals Money accounts.

Every request authenticates with `Authorization: ApiKey <api key>`. A user-level API key acts on \
one account and must pass `accountId` on requests; a product-level key may leave it out to act \
across the product's accounts.";

impl Dialect for EqualsMoney {
    fn name(&self) -> &'static str {
        "equals-money"
    }

    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn openapi(&self) -> OpenApi {
        let info = InfoBuilder::new()
            .title("Equals Money Webhooks API")
            .version("2")
            .description(Some(DESCRIPTION))
            .build();
        let servers = vec![
            server("https://api.equalsmoney.com/v2", "Production."),
            server("https://api-sandbox.equalsmoney.com/v2", "Sandbox."),
        ];
        let paths = PathsBuilder::new()
            .path("/webhooks", path_item([(HttpMethod::Get, list()), (HttpMethod::Post, create())]))
            .path("/webhooks/event-types", path_item([(HttpMethod::Get, list_event_types())]))
            .path(
                "/webhooks/{webhookId}",
                path_item([
                    (HttpMethod::Get, retrieve()),
                    (HttpMethod::Patch, update()),
                    (HttpMethod::Delete, delete()),
                ]),
            );
        OpenApiBuilder::new()
            .info(info)
            .servers(Some(servers))
            .paths(paths)
            .components(Some(components()))
            .webhooks(Some(PathsBuilder::new().path("event", event_delivery())))
            .security(Some(vec![SecurityRequirement::new(SECURITY, Vec::<String>::new())]))
            .tags(Some(tags(&[
                (TAG, "Subscribe URLs to Equals Money events and manage the subscriptions."),
                (DELIVERIES, "What Equals Money posts to a webhook's URL when its event happens."),
            ])))
            .build()
    }

    fn json_schemas(&self) -> Vec<(&'static str, schemars::Schema)> {
        crate::json_schemas![
            Webhook,
            WebhookList,
            NewWebhook,
            WebhookUpdate,
            WebhookEventType,
            EventTypeName,
            ErrorBody,
            EventPayload
        ]
    }

    fn signature(&self) -> model::SignatureScheme {
        signature()
    }

    fn claims(&self) -> Vec<Claim> {
        claims()
    }
}

fn event_delivery() -> utoipa::openapi::path::PathItem {
    let authorization = parameter(
        "Authorization",
        ParameterIn::Header,
        false,
        "The webhook's `authorizationHeader`, sent as it is, when the webhook has one.",
        String::schema(),
    );
    delivery(Delivery {
        id: "event",
        summary: "Notification of an event",
        description: "When an event of the webhook's event type happens, Equals Money posts the event to the \
                      webhook's URL. Every payload carries `webhookEventTypeName` and `messageId`.",
        payload: schema_ref::<EventPayload>(),
        signature: &signature(),
        signed_always: false,
        headers: vec![authorization],
        retries: "Equals Money retries a failed delivery (a timeout or any non-2XX answer) every 5 minutes for \
                  two weeks.",
    })
}

fn components() -> utoipa::openapi::Components {
    let mut components = ComponentsBuilder::new();
    components = with_schema::<Webhook>(components);
    components = with_schema::<WebhookList>(components);
    components = with_schema::<NewWebhook>(components);
    components = with_schema::<WebhookUpdate>(components);
    components = with_schema::<WebhookEventType>(components);
    components = with_schema::<ErrorBody>(components);
    components = with_schema::<EventPayload>(components);
    let account_id = parameter(
        "accountId",
        ParameterIn::Query,
        false,
        "The account to act on. Required with a user-level API key; a product-level key may leave it \
         out to act across accounts.",
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(36)),
    );
    let webhook_id = parameter(
        "webhookId",
        ParameterIn::Path,
        true,
        "The ID of the webhook.",
        ObjectBuilder::new().schema_type(Type::String).max_length(Some(36)),
    );
    components
        .security_scheme(
            SECURITY,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "The word `ApiKey`, a space, then your API key: `Authorization: ApiKey <api key>`.",
            ))),
        )
        .parameter("AccountId", account_id)
        .parameter("WebhookId", webhook_id)
        .response("BadRequest", json_response::<ErrorBody>("The request is invalid."))
        .response("Unauthorized", json_response::<ErrorBody>("The API key is missing or invalid."))
        .response("NotFound", json_response::<ErrorBody>("No webhook has this ID."))
        .build()
}

/// An operation with the errors every Equals Money request can get.
fn equals_operation(id: &str, summary: &str, description: &str) -> OperationBuilder {
    error_responses(operation(id, TAG, summary, description), &[(400, "BadRequest"), (401, "Unauthorized")])
}

fn account_scoped(operation: OperationBuilder) -> OperationBuilder {
    operation.parameter_ref(component_ref("parameters", "AccountId"))
}

fn item_operation(id: &str, summary: &str, description: &str) -> OperationBuilder {
    let operation = account_scoped(
        equals_operation(id, summary, description).parameter_ref(component_ref("parameters", "WebhookId")),
    );
    error_responses(operation, &[(404, "NotFound")])
}

fn list() -> Operation {
    let limit = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(1))
        .maximum(Some(100_000))
        .default(Some(json!(100)));
    let offset = ObjectBuilder::new().schema_type(Type::Integer).default(Some(json!(0)));
    let event_type_id = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::Custom("uuid".into())))
        .max_length(Some(36));
    let event_type_name = ObjectBuilder::new().schema_type(Type::String).max_length(Some(256));
    let operation = equals_operation(
        "listWebhooks",
        "List webhooks",
        "Lists the webhooks, a page at a time, optionally filtered.",
    )
    .parameter(parameter("limit", ParameterIn::Query, false, "The maximum number of items to return.", limit))
    .parameter(parameter(
        "offset",
        ParameterIn::Query,
        false,
        "The number of items to skip before returning the results.",
        offset,
    ))
    .parameter(parameter(
        "webhookEventTypeId",
        ParameterIn::Query,
        false,
        "Only webhooks of the event type with this ID.",
        event_type_id,
    ))
    .parameter(parameter(
        "enabled",
        ParameterIn::Query,
        false,
        "Only webhooks that are (`true`) or are not (`false`) enabled.",
        bool::schema(),
    ))
    .parameter(parameter(
        "webhookEventTypeName",
        ParameterIn::Query,
        false,
        "Only webhooks of the event type with this name.",
        event_type_name,
    ));
    account_scoped(operation).response("200", json_response::<WebhookList>("A page of webhooks.")).build()
}

fn create() -> Operation {
    equals_operation(
        "createWebhook",
        "Create a webhook",
        "Creates a webhook for one event type, named by its name or by its ID.",
    )
    .request_body(Some(json_body::<NewWebhook>("The new webhook.")))
    .response("201", json_response::<Webhook>("The created webhook."))
    .build()
}

fn list_event_types() -> Operation {
    let all = ResponseBuilder::new()
        .description("Every webhook event type.")
        .content(
            JSON,
            utoipa::openapi::Content::new(Some(ArrayBuilder::new().items(schema_ref::<WebhookEventType>()))),
        )
        .build();
    account_scoped(equals_operation(
        "listWebhookEventTypes",
        "List webhook event types",
        "Lists the event types a webhook can subscribe to.",
    ))
    .response("200", all)
    .build()
}

fn retrieve() -> Operation {
    item_operation("retrieveWebhook", "Retrieve a webhook", "Retrieves a webhook by its ID.")
        .response("200", json_response::<Webhook>("The webhook."))
        .build()
}

fn update() -> Operation {
    item_operation(
        "updateWebhook",
        "Update a webhook",
        "Changes a webhook: `enabled` always, and any of `url`, `sharedSecret` and `authorizationHeader`.",
    )
    .request_body(Some(json_body::<WebhookUpdate>("The webhook's new settings.")))
    .response("200", json_response::<Webhook>("The updated webhook."))
    .build()
}

fn delete() -> Operation {
    item_operation("deleteWebhook", "Delete a webhook", "Deletes a webhook.")
        .response(
            "2XX",
            ResponseBuilder::new()
                .description(
                    "The webhook was deleted. Equals Money does not document the status code or a body.",
                )
                .build(),
        )
        .build()
}

const SEED: &str = "seeds/003_65916882a1b051f7.txt";
const FACTS: &str = "shared/provider-facts.md";

fn source(document: &'static str, section: &'static str, part: &'static str) -> Source {
    Source { document, section, part }
}

/// A row of a documented parameter table of `section`.
fn parameter_row(
    section: &'static str,
    operation: &'static str,
    location: ParamIn,
    name: &'static str,
    schema_type: &'static str,
    default: Option<&'static str>,
) -> Claim {
    let (part, required) = match location {
        ParamIn::Path => ("Path parameters", true),
        ParamIn::Query | ParamIn::Header => ("Query parameters", false),
    };
    Claim::new(
        source(SEED, section, part),
        Fact::Parameter { operation, location, name, required, default, schema_type: Some(schema_type) },
    )
}

fn query(
    section: &'static str,
    operation: &'static str,
    name: &'static str,
    schema_type: &'static str,
    default: Option<&'static str>,
) -> Claim {
    parameter_row(section, operation, ParamIn::Query, name, schema_type, default)
}

fn body_fields(operation: &'static str, section: &'static str, rows: &[(&'static str, bool)]) -> Vec<Claim> {
    rows.iter()
        .map(|&(name, required)| {
            Claim::new(
                source(FACTS, "Equals Money (REST)", section),
                Fact::BodyField { operation, name, required },
            )
        })
        .collect()
}

fn claims() -> Vec<Claim> {
    let mut claims = Vec::new();

    let section = "List webhooks";
    claims.push(Claim::new(
        source(SEED, section, "Sample request"),
        Fact::Request {
            operation: "listWebhooks",
            method: Method::Get,
            url: "https://api.equalsmoney.com/v2/webhooks",
        },
    ));
    claims.push(Claim::new(
        source(SEED, section, "Request structure"),
        Fact::Request {
            operation: "listWebhooks",
            method: Method::Get,
            url: "https://api.equalsmoney.com/v2/webhooks",
        },
    ));
    claims.push(
        Claim::new(
            source(SEED, section, "Sample request"),
            Fact::Observation { text: "The sample request sends `Authorization: YOUR_API_KEY_HERE`." },
        )
        .erratum(
            "The key needs its scheme word, `Authorization: ApiKey <api key>`, as the request structure \
             beside it and every other sample show. The security scheme says so.",
        ),
    );
    claims.push(query(section, "listWebhooks", "limit", "integer", Some("100")));
    claims.push(query(section, "listWebhooks", "offset", "integer", Some("0")));
    claims.push(query(section, "listWebhooks", "webhookEventTypeId", "string", None));
    claims.push(query(section, "listWebhooks", "enabled", "boolean", None));
    claims.push(query(section, "listWebhooks", "webhookEventTypeName", "boolean", None).erratum(
        "The table types `webhookEventTypeName` as a boolean, but it filters by an event type's name (at \
         most 256 characters): the document types it as a string.",
    ));
    claims.push(query(section, "listWebhooks", "accountId", "string", None));
    claims.push(Claim::new(
        source(SEED, section, "Sample response"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("equals-money/list-webhooks.response.json"),
            at: Place::Response { operation: "listWebhooks", status: 200 },
            schema: None,
        },
    ));
    claims.push(Claim::new(
        source(SEED, section, "Response structure"),
        Fact::Structure {
            fixture: fixture!("equals-money/list-webhooks.response-structure.txt"),
            at: Place::Response { operation: "listWebhooks", status: 200 },
        },
    ));

    let section = "Retrieve a webhook";
    claims.push(Claim::new(
        source(SEED, section, "Sample request"),
        Fact::Request {
            operation: "retrieveWebhook",
            method: Method::Get,
            url: "https://api.equalsmoney.com/v2/webhooks/d7d34e0f-c6e9-4cea-8c25-baaffa81714f",
        },
    ));
    claims.push(Claim::new(
        source(SEED, section, "Request structure"),
        Fact::Request {
            operation: "retrieveWebhook",
            method: Method::Get,
            url: "https://api.equalsmoney.com/v2/webhooks/{webhookId}",
        },
    ));
    claims.push(parameter_row(section, "retrieveWebhook", ParamIn::Path, "webhookId", "string", None));
    claims.push(query(section, "retrieveWebhook", "accountId", "string", None));
    claims.push(Claim::new(
        source(SEED, section, "Sample response"),
        Fact::Example {
            name: "documented",
            fixture: fixture!("equals-money/retrieve.response.json"),
            at: Place::Response { operation: "retrieveWebhook", status: 200 },
            schema: None,
        },
    ));
    claims.push(Claim::new(
        source(SEED, section, "Response structure"),
        Fact::Structure {
            fixture: fixture!("equals-money/retrieve.response-structure.txt"),
            at: Place::Response { operation: "retrieveWebhook", status: 200 },
        },
    ));
    claims.push(
        Claim::new(
            source(SEED, "List webhooks and Retrieve a webhook", "parameter tables"),
            Fact::Observation {
                text: "Every query and path parameter is marked up as a body field (`<ParamField body=...>`).",
            },
        )
        .erratum("The headings are right: the document has them as query and path parameters."),
    );

    claims.extend(body_fields(
        "createWebhook",
        "POST /webhooks",
        &[
            ("enabled", true),
            ("url", true),
            ("webhookEventTypeName", false),
            ("webhookEventTypeId", false),
            ("accountId", false),
            ("sharedSecret", false),
            ("authorizationHeader", false),
        ],
    ));
    claims.extend(body_fields(
        "updateWebhook",
        "PATCH /webhooks/{webhookId}",
        &[("enabled", true), ("url", false), ("sharedSecret", false), ("authorizationHeader", false)],
    ));
    claims.push(
        Claim::new(
            source(FACTS, "Equals Money (REST)", "error responses"),
            Fact::Observation { text: "The body of an error response is not documented." },
        )
        .erratum(
            "Every error response (400, 401, 404) shares one schema, `ErrorBody`: a JSON object marked \
             `x-hookspec-undocumented`, without invented fields.",
        ),
    );
    claims.push(
        Claim::new(
            source(FACTS, "Equals Money (REST)", "DELETE /webhooks/{webhookId}"),
            Fact::Observation { text: "The status code and body of a successful delete are not documented." },
        )
        .erratum("The document answers `2XX` without a body, rather than guess 200 or 204."),
    );
    claims
}
