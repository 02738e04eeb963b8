//! ShipStream (formerly Red Stag Fulfillment) merchant API: JSON-RPC 2.0, positional params, a
//! session slot, integer ids, a comma-separated topics string, an `is_active` flag written two ways.
//!
//! Sources: the webhook page of the merchant API reference (seed `002_8b36f838f9a181a2.txt`,
//! 2014) and ShipStream's public documentation of the protocol, authentication, the create and
//! update_status methods, error codes and deliveries.

use std::fmt;

use hookspec_model as model;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::json;
use utoipa::openapi::path::HttpMethod;
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, ComponentsBuilder, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::openapi::server::{Server, ServerVariableBuilder};
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, PathsBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::build::{DELIVERIES, Delivery, delivery, path_item, schema_ref, tags, with_schema};
use crate::evidence::{Claim, Fact, Method, Place, Source};
use crate::jsonrpc::{self, Api, CallEnvelope, ErrorCode, Param, Params, enumerated};
use crate::{ConversionError, Dialect, fixture};

/// The ShipStream dialect.
pub struct ShipStream;

const PROVIDER: &str = "ShipStream";
const TAG: &str = "JSON-RPC";
const OPERATION: &str = "callJsonRpc";

/// Whether a webhook is active, as the wire writes it: `"Yes"`/`"No"` in the 2014 documentation,
/// `1`/`0` in later documentation. Both mean the same; the style is kept when read and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IsActive {
    /// `"Yes"`.
    Yes,
    /// `"No"`.
    No,
    /// `1`.
    One,
    /// `0`.
    Zero,
}

impl IsActive {
    /// Whether the webhook is active.
    pub fn active(self) -> bool {
        matches!(self, IsActive::Yes | IsActive::One)
    }
}

impl From<bool> for IsActive {
    /// Writes the flag as later documentation does: `1` or `0`.
    fn from(active: bool) -> Self {
        if active { IsActive::One } else { IsActive::Zero }
    }
}

impl Serialize for IsActive {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            IsActive::Yes => serializer.serialize_str("Yes"),
            IsActive::No => serializer.serialize_str("No"),
            IsActive::One => serializer.serialize_u8(1),
            IsActive::Zero => serializer.serialize_u8(0),
        }
    }
}

impl<'de> Deserialize<'de> for IsActive {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Flag;
        impl Visitor<'_> for Flag {
            type Value = IsActive;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str(r#""Yes", "No", 1 or 0"#)
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<IsActive, E> {
                match value {
                    "Yes" => Ok(IsActive::Yes),
                    "No" => Ok(IsActive::No),
                    _ => Err(E::invalid_value(de::Unexpected::Str(value), &self)),
                }
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<IsActive, E> {
                match value {
                    1 => Ok(IsActive::One),
                    0 => Ok(IsActive::Zero),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(value), &self)),
                }
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<IsActive, E> {
                u64::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
                    .and_then(|value| self.visit_u64(value))
            }
        }
        deserializer.deserialize_any(Flag)
    }
}

impl PartialSchema for IsActive {
    fn schema() -> RefOr<Schema> {
        AnyOfBuilder::new()
            .description(Some(
                "Flag to determine whether the webhook is active. The 2014 documentation writes it as \
                 `\"Yes\"`/`\"No\"`, later documentation as `1`/`0`; a client must accept both.",
            ))
            .item(enumerated(Type::String, "The word form.", [json!("Yes"), json!("No")]))
            .item(enumerated(Type::Integer, "The number form.", [json!(1), json!(0)]))
            .into()
    }
}

impl ToSchema for IsActive {}

impl schemars::JsonSchema for IsActive {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IsActive".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Whether the webhook is active: \"Yes\"/\"No\" (2014 documentation) or 1/0 (later).",
            "anyOf": [{"type": "string", "enum": ["Yes", "No"]}, {"type": "integer", "enum": [1, 0]}]
        })
    }
}

/// The topics a webhook is subscribed to: one topic, or several separated by commas. A topic
/// may be a prefix pattern such as `order:*`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Topics(#[schemars(regex(pattern = r"^[^,]+(,[^,]+)*$"))] pub String);

impl Topics {
    /// The topics one by one, without surrounding spaces.
    pub fn split(&self) -> Vec<String> {
        self.0.split(',').map(|topic| topic.trim().to_owned()).collect()
    }

    /// The topics string for `topics`; fails for an empty list or a topic holding a comma.
    pub fn join(topics: &[String]) -> Result<Topics, ConversionError> {
        if topics.is_empty() || topics.iter().any(|topic| topic.is_empty() || topic.contains(',')) {
            return Err(unrepresentable("an empty topic list or a topic containing a comma"));
        }
        Ok(Topics(topics.join(",")))
    }
}

impl PartialSchema for Topics {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(r"^[^,]+(,[^,]+)*$"))
            .description(Some(
                "List of topics the webhook is subscribed to, as one string: a topic such as \
                 `order:created`, or several separated by commas. A topic may be a prefix pattern \
                 such as `order:*`.",
            ))
            .examples(["order:created", "order:created,order:completed", "order:*"])
            .into()
    }
}

impl ToSchema for Topics {}

/// A webhook as ShipStream's API answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct Webhook {
    /// The internal webhook ID.
    pub webhook_id: u64,
    /// Flag to determine whether the webhook is active.
    pub is_active: IsActive,
    /// List of topics the webhook is subscribed to.
    pub topics: Topics,
    /// Url for the webhook callback.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// Extra headers sent with every notification.
    pub extra_headers: String,
    /// Secret Key is used for the webhook signature.
    pub secret_key: String,
}

/// The `webhookData` argument of `webhook.create`. The documentation does not say which fields
/// are required; a webhook cannot exist without its topics and URL, so those are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, schemars::JsonSchema)]
pub struct WebhookData {
    /// Flag to determine whether the webhook is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = IsActive)]
    pub is_active: Option<IsActive>,
    /// List of topics to subscribe to.
    pub topics: Topics,
    /// Url for the webhook callback.
    #[schema(format = "uri")]
    #[schemars(extend("format" = "uri"))]
    pub url: String,
    /// Extra headers to send with every notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub extra_headers: Option<String>,
    /// Secret Key to sign notifications with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = String)]
    pub secret_key: Option<String>,
}

impl From<Webhook> for model::Webhook {
    /// Loses `extra_headers` and the style of `is_active` (`"Yes"` or `1`).
    fn from(webhook: Webhook) -> Self {
        model::Webhook {
            id: webhook.webhook_id.to_string(),
            url: webhook.url,
            events: webhook.topics.split(),
            enabled: webhook.is_active.active(),
            secret: Some(webhook.secret_key),
            metadata: serde_json::Map::new(),
        }
    }
}

impl TryFrom<model::Webhook> for Webhook {
    type Error = ConversionError;

    /// Fails for a non-integer id, a webhook without a secret or with metadata, and topics that
    /// cannot be joined. `is_active` is written `1`/`0`; `extra_headers` is empty.
    fn try_from(webhook: model::Webhook) -> Result<Self, ConversionError> {
        let webhook_id = webhook
            .id
            .parse()
            .map_err(|_| unrepresentable(format!("the id `{}`; ids are integers", webhook.id)))?;
        if !webhook.metadata.is_empty() {
            return Err(unrepresentable("webhook metadata"));
        }
        Ok(Webhook {
            webhook_id,
            is_active: webhook.enabled.into(),
            topics: Topics::join(&webhook.events)?,
            url: webhook.url,
            extra_headers: String::new(),
            secret_key: webhook.secret.ok_or_else(|| unrepresentable("a webhook without a secret key"))?,
        })
    }
}

impl From<WebhookData> for model::WebhookInput {
    /// Loses `extra_headers`.
    fn from(data: WebhookData) -> Self {
        model::WebhookInput {
            id: None,
            url: data.url,
            events: data.topics.split(),
            enabled: data.is_active.map(IsActive::active),
            secret: data.secret_key,
            metadata: None,
        }
    }
}

impl TryFrom<model::WebhookInput> for WebhookData {
    type Error = ConversionError;

    /// Fails for a client-chosen id or metadata, and topics that cannot be joined.
    fn try_from(input: model::WebhookInput) -> Result<Self, ConversionError> {
        crate::refuse_id_and_metadata(PROVIDER, &input)?;
        Ok(WebhookData {
            is_active: input.enabled.map(IsActive::from),
            topics: Topics::join(&input.events)?,
            url: input.url,
            extra_headers: None,
            secret_key: input.secret,
        })
    }
}

/// The body of a notification: the event data of the topic that fired. ShipStream documents it
/// per topic, and hookspec does not model it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct EventData(pub serde_json::Value);

impl PartialSchema for EventData {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .description(Some(
                "The event data of the topic that fired; its shape is documented per topic by ShipStream.",
            ))
            .extensions(Some(
                utoipa::openapi::extensions::ExtensionsBuilder::new()
                    .add(jsonrpc::UNDOCUMENTED, true)
                    .build(),
            ))
            .into()
    }
}

impl ToSchema for EventData {}

/// How ShipStream signs notifications: `X-Plugin-Hmac-Sha256: <base64>`.
pub fn signature() -> model::SignatureScheme {
    model::SignatureScheme {
        header: "X-Plugin-Hmac-Sha256".into(),
        signed_content: model::SignedContent::Body,
        encoding: model::SignatureEncoding::Base64,
    }
}

/// A delivered notification in canonical form. The body does not name its topic.
pub fn notification(payload: EventData) -> model::Notification {
    model::Notification { event: None, payload: payload.0, signature: signature() }
}

fn unrepresentable(what: impl Into<String>) -> ConversionError {
    ConversionError::Unrepresentable { provider: PROVIDER, what: what.into() }
}

const DESCRIPTION: &str = "\
ShipStream's merchant API is JSON-RPC 2.0 over HTTP: every call is `POST /api/jsonrpc` on your \
instance's host, and the API method and its arguments travel in the body.

Only two JSON-RPC methods exist. `login(username, api_key)` returns a session id. `call(session_id, \
method, arguments)` calls every API method, so a request is `{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \
\"call\", \"params\": [session_id, \"webhook.list\", []]}`. The preferred authentication is HTTP Basic \
(API user and API key) with `session_id` set to `null`; otherwise `session_id` is the value `login` \
returned, valid for 24 hours.

Errors arrive as JSON-RPC errors in a 200 response. Besides the standard codes, API-specific \
errors are reported as `-(32000 + n)`: for example n = 2, access denied, is `-32002`.";

/// The JSON-RPC method table of the webhook API.
pub fn api() -> Api {
    let topic = ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("One topic, such as `order:created`."));
    let status = enumerated(Type::Integer, "`0` inactive, `1` active.", [json!(0), json!(1)]);
    let string = |description: &'static str| {
        ObjectBuilder::new().schema_type(Type::String).description(Some(description))
    };
    let accepted = || enumerated(Type::Boolean, "Always `true` on success.", [json!(true)]);
    Api {
        path: "/api/jsonrpc",
        operation_id: OPERATION,
        call: Some(CallEnvelope {
            name: "call",
            session: Param {
                name: "session_id",
                description: "`null` with HTTP Basic authentication (preferred), otherwise the session id \
                              `login` returned.",
                schema: schema_ref::<SessionId>(),
                required: true,
            },
        }),
        methods: vec![
            jsonrpc::Method {
                name: "login",
                summary: "Start a session.",
                description: "Returns a session id for `call`, valid for 24 hours. Not needed with HTTP Basic \
                              authentication.",
                via_call: false,
                params: Params::Positional(vec![
                    Param {
                        name: "username",
                        description: "The API user.",
                        schema: string("The API user.").into(),
                        required: true,
                    },
                    Param {
                        name: "api_key",
                        description: "The API key.",
                        schema: string("The API key.").into(),
                        required: true,
                    },
                ]),
                result: Param {
                    name: "session_id",
                    description: "The session id: 32 hexadecimal characters.",
                    schema: ObjectBuilder::new()
                        .schema_type(Type::String)
                        .pattern(Some("^[0-9a-f]{32}$"))
                        .description(Some("The session id: 32 hexadecimal characters, valid for 24 hours."))
                        .into(),
                    required: true,
                },
                errors: Vec::new(),
            },
            jsonrpc::Method {
                name: "webhook.list",
                summary: "Retrieve webhooks list.",
                description: "The method is used without parameters.",
                via_call: true,
                params: Params::Positional(Vec::new()),
                result: Param {
                    name: "webhooks",
                    description: "An array of objects with webhook information.",
                    schema: ArrayBuilder::new()
                        .items(schema_ref::<Webhook>())
                        .description(Some("An array of objects with webhook information."))
                        .into(),
                    required: true,
                },
                errors: Vec::new(),
            },
            jsonrpc::Method {
                name: "webhook.create",
                summary: "Create a webhook for one or more topics.",
                description: "Creates a webhook from `webhookData`.",
                via_call: true,
                params: Params::Positional(vec![Param {
                    name: "webhookData",
                    description: "The new webhook.",
                    schema: schema_ref::<WebhookData>(),
                    required: true,
                }]),
                result: Param {
                    name: "created",
                    description: "`true` once created.",
                    schema: accepted().into(),
                    required: true,
                },
                errors: vec![-32101, -32102, -32106],
            },
            jsonrpc::Method {
                name: "webhook.update_status",
                summary: "Activate or deactivate the webhook of a topic.",
                description: "Sets the status of the webhook subscribed to `topic`.",
                via_call: true,
                params: Params::Positional(vec![
                    Param {
                        name: "topic",
                        description: "The topic whose webhook changes.",
                        schema: topic.into(),
                        required: true,
                    },
                    Param {
                        name: "status",
                        description: "`0` inactive, `1` active.",
                        schema: status.into(),
                        required: true,
                    },
                ]),
                result: Param {
                    name: "changed",
                    description: "`true` once changed.",
                    schema: accepted().into(),
                    required: true,
                },
                errors: vec![-32100],
            },
            jsonrpc::Method {
                name: "webhook.delete",
                summary: "Delete a webhook.",
                description: "Deletes a webhook. ShipStream does not document its arguments or result.",
                via_call: true,
                params: Params::Undocumented(
                    "The arguments of `webhook.delete` are not documented (the reference says TBD); any array \
                     is accepted here.",
                ),
                result: Param {
                    name: "result",
                    description: "Not documented.",
                    schema: ObjectBuilder::new()
                        .description(Some("The result of `webhook.delete` is not documented."))
                        .extensions(Some(
                            utoipa::openapi::extensions::ExtensionsBuilder::new()
                                .add(jsonrpc::UNDOCUMENTED, true)
                                .build(),
                        ))
                        .into(),
                    required: true,
                },
                errors: Vec::new(),
            },
        ],
        errors: vec![
            ErrorCode { code: -32700, message: "Parse error" },
            ErrorCode { code: -32600, message: "Invalid Request" },
            ErrorCode { code: -32601, message: "Method not found" },
            ErrorCode { code: -32602, message: "Invalid params" },
            ErrorCode { code: -32603, message: "Internal error" },
            ErrorCode { code: -32002, message: "Access denied (n = 2)" },
            ErrorCode { code: -32005, message: "Session expired (n = 5)" },
            ErrorCode { code: -32006, message: "Required parameter missing (n = 6)" },
            ErrorCode { code: -32100, message: "Could not change status (n = 100)" },
            ErrorCode { code: -32101, message: "Invalid data (n = 101)" },
            ErrorCode { code: -32102, message: "Unexpected error while creating the webhook (n = 102)" },
            ErrorCode { code: -32106, message: "Webhook not created (n = 106)" },
        ],
    }
}

/// The session slot of `call`: `null`, or the 32-hex-character id from `login`.
pub struct SessionId;

impl PartialSchema for SessionId {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::String, Type::Null]))
            .pattern(Some("^[0-9a-f]{32}$"))
            .description(Some(
                "`null` when the request authenticates with HTTP Basic (preferred); otherwise the session id \
                 `login` returned (32 hexadecimal characters, valid for 24 hours).",
            ))
            .into()
    }
}

impl ToSchema for SessionId {}

impl Dialect for ShipStream {
    fn name(&self) -> &'static str {
        "shipstream"
    }

    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn openapi(&self) -> OpenApi {
        let api = api();
        let info = InfoBuilder::new()
            .title("ShipStream Merchant API: webhooks")
            .version("2014-07-25")
            .description(Some(DESCRIPTION))
            .build();
        let server = Server::builder()
            .url("https://{host}")
            .description(Some("Your ShipStream instance."))
            .parameter(
                "host",
                ServerVariableBuilder::new()
                    .default_value("instance.example")
                    .description(Some("Your instance's host name; every customer has its own.")),
            )
            .build();
        let mut components = ComponentsBuilder::new();
        components = with_schema::<Webhook>(components);
        components = with_schema::<WebhookData>(components);
        components = with_schema::<SessionId>(components);
        components = with_schema::<EventData>(components);
        components = api.components(components).security_scheme(
            "Basic",
            SecurityScheme::Http(Http::builder().scheme(HttpAuthScheme::Basic).description(Some(
                "HTTP Basic with the API user and API key; `session_id` is then `null`. Without it, call \
                 `login` and pass the session id it returns.",
            )).build()),
        );
        let operation = api.operation(
            TAG,
            "Call a JSON-RPC method",
            "Posts one JSON-RPC 2.0 request; see `JsonRpcRequest` for every method and its positional \
             params.",
        );
        OpenApiBuilder::new()
            .info(info)
            .servers(Some(vec![server]))
            .paths(PathsBuilder::new().path(api.path, path_item([(HttpMethod::Post, operation)])))
            .components(Some(components.build()))
            .webhooks(Some(PathsBuilder::new().path("topicEvent", topic_delivery())))
            .security(Some(vec![
                SecurityRequirement::new("Basic", Vec::<String>::new()),
                SecurityRequirement::default(),
            ]))
            .tags(Some(tags(&[
                (TAG, "The single endpoint every method is called through."),
                (DELIVERIES, "What ShipStream posts to a webhook's URL when a subscribed topic fires."),
            ])))
            .build()
    }

    fn json_rpc(&self) -> Option<Api> {
        Some(api())
    }

    fn json_schemas(&self) -> Vec<(&'static str, schemars::Schema)> {
        crate::json_schemas![Webhook, WebhookData, IsActive, Topics, EventData]
    }

    fn signature(&self) -> model::SignatureScheme {
        signature()
    }

    fn claims(&self) -> Vec<Claim> {
        claims()
    }
}

fn topic_delivery() -> utoipa::openapi::path::PathItem {
    delivery(Delivery {
        id: "topicEvent",
        summary: "Notification of a topic's event",
        description: "When an event of a subscribed topic happens, ShipStream posts its event data to the \
                      webhook's URL, with the webhook's `extra_headers`.",
        payload: schema_ref::<EventData>(),
        signature: &signature(),
        signed_always: true,
        headers: Vec::new(),
        retries: "ShipStream allows 3 seconds to connect and 5 in all, and retries any non-2XX answer up to 14 \
                  times, after 1m, 2m, 4m, 8m, 15m, 30m, 1h, 2h, 4h, 8h, 16h, 24h, 24h and 24h; then the \
                  delivery is marked failed.",
    })
}

const SEED: &str = "seeds/002_8b36f838f9a181a2.txt";
const FACTS: &str = "shared/provider-facts.md";

fn source(document: &'static str, section: &'static str, part: &'static str) -> Source {
    Source { document, section, part }
}

fn property(name: &'static str, fixture: crate::Fixture) -> Claim {
    Claim::new(
        source(SEED, "Webhook Properties", name),
        Fact::Example { name, fixture, at: Place::Properties { schema: "Webhook" }, schema: None },
    )
}

fn claims() -> Vec<Claim> {
    vec![
        Claim::new(
            source(FACTS, "ShipStream merchant API (JSON-RPC 2.0)", "endpoint"),
            Fact::Request {
                operation: OPERATION,
                method: Method::Post,
                url: "https://<instance host>/api/jsonrpc",
            },
        ),
        Claim::new(
            source(SEED, "webhook.list", "Example Request"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("shipstream/webhook-list.request.json"),
                at: Place::Request { operation: OPERATION },
                schema: Some("WebhookListCall"),
            },
        )
        .erratum(
            "`\"jsonrpc\" : 2.0` is a number; JSON-RPC 2.0 requires the string `\"2.0\"`, and the document \
             requires it too. The rest of the call (the session slot, `\"webhook.list\"`, no arguments) is \
             as the document describes.",
        ),
        Claim::new(
            source(SEED, "webhook.list", "Example Response"),
            Fact::Example {
                name: "documented",
                fixture: fixture!("shipstream/webhook-list.response.json"),
                at: Place::Response { operation: OPERATION, status: 200 },
                schema: Some("WebhookListResponse"),
            },
        )
        .erratum(
            "Two divergences. `\"jsonrpc\" : 2.0` is a number where the protocol requires the string \
             `\"2.0\"`. The listed webhooks carry `webhook_id` and an undocumented `name`, but none of \
             the documented properties `is_active`, `topics`, `url`, `extra_headers` and `secret_key`; the \
             document describes webhooks by their documented properties.",
        ),
        Claim::new(
            source(SEED, "webhook.list", "Example Response"),
            Fact::Observation { text: "The response carries `\"error\" : null` beside its `result`." },
        )
        .erratum(
            "JSON-RPC 2.0 says `error` must not exist on success. The document accepts a null `error` \
             beside a result, because the wire may carry it.",
        ),
        Claim::new(
            source(SEED, "webhook.create, webhook.update_status, webhook.delete", "signatures"),
            Fact::Observation { text: "The three methods are documented as `(TBD)`." },
        )
        .erratum(
            "`webhook.create(webhookData)` and `webhook.update_status(topic, status)` are modelled from \
             ShipStream's later public documentation; the arguments and result of `webhook.delete` are \
             not documented anywhere, so the document marks them `x-hookspec-undocumented` and accepts \
             any arguments.",
        ),
        property("webhook_id", fixture!("shipstream/property-webhook_id.json")),
        property("is_active", fixture!("shipstream/property-is_active.json")),
        property("topics", fixture!("shipstream/property-topics.json")),
        property("url", fixture!("shipstream/property-url.json")),
        property("extra_headers", fixture!("shipstream/property-extra_headers.json")),
        property("secret_key", fixture!("shipstream/property-secret_key.json")),
        Claim::new(
            source(SEED, "Webhook Properties", "is_active"),
            Fact::Observation { text: "`{ \"is_active\" : \"Yes\" }`, where later documentation shows `1`." },
        )
        .erratum("Both are valid: the `IsActive` schema accepts `\"Yes\"`/`\"No\"` and `1`/`0`."),
    ]
}
