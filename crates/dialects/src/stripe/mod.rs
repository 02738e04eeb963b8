//! Stripe: REST, form-encoded requests, cursor paging, expandable responses, ids with a type
//! prefix (`we_`), a secret shown once, and deliveries wrapped in an `event` object.
//!
//! The wire types and their conversions; the operations are in `api.yaml` beside this file, and
//! everything Stripe documents about them in `facts.yaml`. The doc comments are Stripe's own words
//! (its API reference and its SDKs' docstrings): they become the schemas' descriptions.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{Switch, Wildcard, Wire};

/// The Stripe wire types.
pub static WIRE: Wire = Wire {
    schemas: crate::schemas![
        WebhookEndpoint,
        DeletedWebhookEndpoint,
        WebhookEndpointList,
        WebhookEndpointCreate,
        WebhookEndpointUpdate,
        ErrorBody,
        Event
    ],
    webhook: crate::canonical::<WebhookEndpoint>,
    wildcard: Some(Wildcard::Everything(ALL_EVENTS)),
    switch: Some(STATUS),
};

/// `*`, the one name that enables more than one event: "You may specify `['*']` to enable all
/// events". Any other name is one event type; `charge.*` is not a pattern.
pub const ALL_EVENTS: &str = "*";

/// The endpoint's `status`, `enabled` or `disabled`, which a client sets with the `disabled` flag
/// of an update ("Disable the webhook endpoint if set to true"); Stripe creates endpoints enabled.
pub const STATUS: Switch = Switch { field: "status", on: "enabled", off: "disabled", flag: "disabled" };

const PROVIDER: &str = "Stripe";

/// A string or null, for a field that is always present but may be null.
fn nullable_string(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["string", "null"]})
}

/// A schema for a type with one value, inline: `{"type": "string", "enum": [value]}`.
macro_rules! constant_schema {
    ($type:ident, $value:literal) => {
        impl JsonSchema for $type {
            fn schema_name() -> Cow<'static, str> {
                stringify!($type).into()
            }

            fn inline_schema() -> bool {
                true
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({"type": "string", "enum": [$value]})
            }
        }
    };
}

// After the macro, which the module uses.
mod convert;
mod event;
pub use event::{Event, EventData, EventObject, EventRequest, EventType};

/// An event type a webhook endpoint can enable (`charge.succeeded`), or `*` for every event
/// except those that require explicit selection.
///
/// An open set: the schema lists the known types in `x-extensible-enum`, not a closed `enum`, so
/// that a generated client keeps working when Stripe adds event types (Stripe's own description
/// marks the list to bypass validation for the same reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EnabledEvent(pub String);

impl JsonSchema for EnabledEvent {
    fn schema_name() -> Cow<'static, str> {
        "EnabledEvent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "An event type to enable (the types Stripe documents are listed in `x-extensible-enum`), \
                            or `*` to enable all events, except those that require explicit selection.",
            "examples": ["charge.succeeded", "*"],
            (crate::EVENT_NAMES): [ALL_EVENTS],
        })
    }
}

/// You can configure webhook endpoints via the API to be notified about events that happen in
/// your Stripe account or connected accounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookEndpoint {
    /// Unique identifier for the object.
    pub id: String,
    /// String representing the object's type. Objects of the same type share the same value.
    pub object: WebhookEndpointObject,
    /// The API version events are rendered as for this webhook endpoint.
    #[schemars(required, schema_with = "nullable_string")]
    pub api_version: Option<String>,
    /// The ID of the associated Connect application.
    #[schemars(required, schema_with = "nullable_string")]
    pub application: Option<String>,
    /// Time at which the object was created. Measured in seconds since the Unix epoch.
    pub created: i64,
    /// An optional description of what the webhook is used for.
    #[schemars(required, schema_with = "nullable_string")]
    pub description: Option<String>,
    /// The list of events to enable for this endpoint. `['*']` indicates that all events are
    /// enabled, except those that require explicit selection.
    pub enabled_events: Vec<EnabledEvent>,
    /// If the object exists in live mode, the value is `true`. If the object exists in test mode,
    /// the value is `false`.
    pub livemode: bool,
    /// Set of key-value pairs that you can attach to an object. This can be useful for storing
    /// additional information about the object in a structured format.
    pub metadata: BTreeMap<String, String>,
    /// The endpoint's secret, used to generate webhook signatures. Only returned at creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub secret: Option<String>,
    /// The status of the webhook. It can be `enabled` or `disabled`.
    #[schemars(extend("enum" = ["enabled", "disabled"]))]
    pub status: String,
    /// The URL of the webhook endpoint.
    pub url: String,
}

/// `webhook_endpoint`: what a webhook endpoint's `object` always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WebhookEndpointObject {
    /// The one value.
    #[serde(rename = "webhook_endpoint")]
    WebhookEndpoint,
}

constant_schema!(WebhookEndpointObject, "webhook_endpoint");

/// The answer to a deletion: the endpoint's id, and `deleted: true`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DeletedWebhookEndpoint {
    /// Always true for a deleted object.
    pub deleted: DeletedFlag,
    /// Unique identifier for the object.
    pub id: String,
    /// String representing the object's type. Objects of the same type share the same value.
    pub object: WebhookEndpointObject,
}

/// `true`: what a deleted object's `deleted` always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "bool", into = "bool")]
pub struct DeletedFlag;

impl TryFrom<bool> for DeletedFlag {
    type Error = &'static str;

    fn try_from(deleted: bool) -> Result<Self, Self::Error> {
        if deleted { Ok(DeletedFlag) } else { Err("a deleted object has `deleted: true`") }
    }
}

impl From<DeletedFlag> for bool {
    fn from(_: DeletedFlag) -> bool {
        true
    }
}

impl JsonSchema for DeletedFlag {
    fn schema_name() -> Cow<'static, str> {
        "DeletedFlag".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "boolean", "enum": [true], "description": "Always true for a deleted object."})
    }
}

/// A page of webhook endpoints: `data`, and whether more follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookEndpointList {
    /// String representing the object's type. Always has the value `list`.
    pub object: ListObject,
    /// The webhook endpoints of the page.
    pub data: Vec<WebhookEndpoint>,
    /// True if this list has another page of items after this one that can be fetched.
    pub has_more: bool,
    /// The URL where this list can be accessed.
    pub url: String,
}

/// `list`: what a list's `object` always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListObject {
    /// The one value.
    #[serde(rename = "list")]
    List,
}

constant_schema!(ListObject, "list");

/// The form that creates a webhook endpoint. A webhook endpoint must have a `url` and a list of
/// `enabled_events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WebhookEndpointCreate {
    /// Events sent to this endpoint will be generated with this Stripe Version instead of your
    /// account's default Stripe Version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ApiVersion")]
    pub api_version: Option<String>,
    /// Whether this endpoint should receive events from connected accounts (`true`), or from your
    /// account (`false`). Defaults to `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub connect: Option<bool>,
    /// An optional description of what the webhook is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// The list of events to enable for this endpoint. You may specify `['*']` to enable all
    /// events, except those that require explicit selection.
    pub enabled_events: Vec<EnabledEvent>,
    /// Specifies which fields in the response should be expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub expand: Option<Vec<String>>,
    /// Set of key-value pairs that you can attach to an object. Individual keys can be unset by
    /// posting an empty value to them. All keys can be unset by posting an empty value to
    /// `metadata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetadataInput")]
    pub metadata: Option<MetadataInput>,
    /// The URL of the webhook endpoint.
    pub url: String,
}

/// The Stripe versions `api_version` takes, as stripe-python lists them, oldest first
/// (stripe/params/_webhook_endpoint_create_params.py, stripe/stripe-python at commit 6c6e3736).
const API_VERSIONS: [&str; 125] = [
    "2011-01-01", "2011-06-21", "2011-06-28", "2011-08-01", "2011-09-15", "2011-11-17", "2012-02-23",
    "2012-03-25", "2012-06-18", "2012-06-28", "2012-07-09", "2012-09-24", "2012-10-26", "2012-11-07",
    "2013-02-11", "2013-02-13", "2013-07-05", "2013-08-12", "2013-08-13", "2013-10-29", "2013-12-03",
    "2014-01-31", "2014-03-13", "2014-03-28", "2014-05-19", "2014-06-13", "2014-06-17", "2014-07-22",
    "2014-07-26", "2014-08-04", "2014-08-20", "2014-09-08", "2014-10-07", "2014-11-05", "2014-11-20",
    "2014-12-08", "2014-12-17", "2014-12-22", "2015-01-11", "2015-01-26", "2015-02-10", "2015-02-16",
    "2015-02-18", "2015-03-24", "2015-04-07", "2015-06-15", "2015-07-07", "2015-07-13", "2015-07-28",
    "2015-08-07", "2015-08-19", "2015-09-03", "2015-09-08", "2015-09-23", "2015-10-01", "2015-10-12",
    "2015-10-16", "2016-02-03", "2016-02-19", "2016-02-22", "2016-02-23", "2016-02-29", "2016-03-07",
    "2016-06-15", "2016-07-06", "2016-10-19", "2017-01-27", "2017-02-14", "2017-04-06", "2017-05-25",
    "2017-06-05", "2017-08-15", "2017-12-14", "2018-01-23", "2018-02-05", "2018-02-06", "2018-02-28",
    "2018-05-21", "2018-07-27", "2018-08-23", "2018-09-06", "2018-09-24", "2018-10-31", "2018-11-08",
    "2019-02-11", "2019-02-19", "2019-03-14", "2019-05-16", "2019-08-14", "2019-09-09", "2019-10-08",
    "2019-10-17", "2019-11-05", "2019-12-03", "2020-03-02", "2020-08-27", "2022-08-01", "2022-11-15",
    "2023-08-16", "2023-10-16", "2024-04-10", "2024-06-20", "2024-09-30.acacia", "2024-10-28.acacia",
    "2024-11-20.acacia", "2024-12-18.acacia", "2025-01-27.acacia", "2025-02-24.acacia",
    "2025-03-01.dashboard", "2025-03-31.basil", "2025-04-30.basil", "2025-05-28.basil", "2025-06-30.basil",
    "2025-07-30.basil", "2025-08-27.basil", "2025-09-30.clover", "2025-10-29.clover", "2025-11-17.clover",
    "2025-12-15.clover", "2026-01-28.clover", "2026-02-25.clover", "2026-03-25.dahlia", "2026-04-22.dahlia",
    "2026-05-27.dahlia", "2026-06-24.dahlia",
];

/// A Stripe API version (`2026-06-24.dahlia`). An open set, as `EnabledEvent` is: the versions
/// Stripe documents are listed in `x-extensible-enum`, and new versions come out.
struct ApiVersion;

impl JsonSchema for ApiVersion {
    fn schema_name() -> Cow<'static, str> {
        "ApiVersion".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "examples": ["2026-06-24.dahlia"],
            "x-extensible-enum": API_VERSIONS.as_slice(),
        })
    }
}

/// The form that updates a webhook endpoint. You may edit the `url`, the list of
/// `enabled_events`, and the status of your endpoint.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct WebhookEndpointUpdate {
    /// An optional description of what the webhook is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// Disable the webhook endpoint if set to true. You can temporarily disable a webhook endpoint and
    /// Stripe won’t attempt to resend any events generated while the endpoint is disabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub disabled: Option<bool>,
    /// The list of events to enable for this endpoint. You may specify `['*']` to enable all
    /// events, except those that require explicit selection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<EnabledEvent>")]
    pub enabled_events: Option<Vec<EnabledEvent>>,
    /// Specifies which fields in the response should be expanded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub expand: Option<Vec<String>>,
    /// Set of key-value pairs that you can attach to an object. Individual keys can be unset by
    /// posting an empty value to them. All keys can be unset by posting an empty value to
    /// `metadata`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "MetadataInput")]
    pub metadata: Option<MetadataInput>,
    /// The URL of the webhook endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub url: Option<String>,
}

/// Metadata as a form sets it: key-value pairs (an empty value unsets its key), or the empty
/// string, which unsets every key. You can specify up to 50 keys, with key names up to 40
/// characters long and values up to 500 characters long. Keys and values are stored as strings
/// and can contain any characters with one exception: you can’t use square brackets (`[` and `]`)
/// in keys.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(description = "Metadata as a form sets it: key-value pairs (an empty value unsets its key), or the \
                          empty string, which unsets every key. You can specify up to 50 keys, with key names \
                          up to 40 characters long and values up to 500 characters long. Keys and values are \
                          stored as strings and can contain any characters with one exception: you can’t use \
                          square brackets ([ and ]) in keys.")]
pub enum MetadataInput {
    /// The pairs to set; a key with an empty value is unset.
    Pairs(#[schemars(with = "MetadataPairs")] BTreeMap<String, String>),
    /// `""`: unsets every key.
    Unset(EmptyString),
}

/// The key-value pairs of metadata a form sets: up to 50 keys, each value a
/// [`MetadataValue`]. The limits on keys (40 characters, no `[` or `]`) stand in the description:
/// `propertyNames` has no OpenAPI 3.0 form.
struct MetadataPairs;

impl JsonSchema for MetadataPairs {
    fn schema_name() -> Cow<'static, str> {
        "MetadataPairs".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "maxProperties": 50,
            "additionalProperties": generator.subschema_for::<MetadataValue>(),
        })
    }
}

/// A metadata value: a string of up to 500 characters.
struct MetadataValue;

impl JsonSchema for MetadataValue {
    fn schema_name() -> Cow<'static, str> {
        "MetadataValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "maxLength": 500,
            "description": "A metadata value: values up to 500 characters long.",
        })
    }
}

/// The empty string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmptyString;

impl TryFrom<String> for EmptyString {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text.is_empty() { Ok(EmptyString) } else { Err("only the empty string unsets the metadata") }
    }
}

impl From<EmptyString> for String {
    fn from(_: EmptyString) -> String {
        String::new()
    }
}

impl JsonSchema for EmptyString {
    fn schema_name() -> Cow<'static, str> {
        "EmptyString".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({"type": "string", "enum": [""]})
    }
}

/// An error: its `type`, and as much as Stripe knows of its cause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: StripeError,
}

/// What went wrong. Every field but `type` may be null or left out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct StripeError {
    /// The type of error returned. One of `api_error`, `card_error`, `idempotency_error`, or
    /// `invalid_request_error`.
    #[serde(rename = "type")]
    #[schemars(extend("enum" = ["api_error", "card_error", "idempotency_error", "invalid_request_error"]))]
    pub kind: String,
    /// For card errors resulting from a card issuer decline, a short string indicating how to proceed with
    /// an error if they provide one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice_code: Option<String>,
    /// For card errors, the ID of the failed charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<String>,
    /// For some errors that could be handled programmatically, a short string indicating the error code
    /// reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// For card errors resulting from a card issuer decline, a short string indicating the card issuer's
    /// reason for the decline if they provide one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_code: Option<String>,
    /// A URL to more information about the error code reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_url: Option<String>,
    /// A human-readable message providing more details about the error. For card errors, these
    /// messages can be shown to your users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For card errors resulting from a card issuer decline, a 2 digit code which indicates the advice
    /// given to merchant by the card network on how to proceed with an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_advice_code: Option<String>,
    /// For payments declined by the network, an alphanumeric code which indicates the reason the
    /// payment failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_decline_code: Option<String>,
    /// If the error is parameter-specific, the parameter related to the error. For example, you can use
    /// this to display a message near the correct form field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// The PaymentIntent object for errors returned on a request involving a PaymentIntent (a
    /// PaymentIntent, which this document does not describe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_intent: Option<Map<String, Value>>,
    /// The PaymentMethod object for errors returned on a request involving a PaymentMethod (which this
    /// document does not describe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<Map<String, Value>>,
    /// If the error is specific to the type of payment method, the payment method type that had a
    /// problem. This field is only populated for invoice-related errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
    /// A URL to the request log entry in your dashboard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_log_url: Option<String>,
    /// The SetupIntent object for errors returned on a request involving a SetupIntent (which this
    /// document does not describe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_intent: Option<Map<String, Value>>,
    /// The PaymentSource object for errors returned on a request involving a PaymentSource (which this
    /// document does not describe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Map<String, Value>>,
    /// The user message associated with the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_message: Option<String>,
}
