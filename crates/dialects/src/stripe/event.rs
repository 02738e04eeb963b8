//! Stripe's event: what a delivery to a webhook endpoint posts, wrapping the API resource it is
//! about.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The name of an event's type (`charge.succeeded`). The known types are the catalogue's, listed
/// in `x-extensible-enum`; read a type that is not listed as valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventType(pub String);

impl JsonSchema for EventType {
    fn schema_name() -> Cow<'static, str> {
        "EventType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "Description of the event (for example, `invoice.created` or `charge.refunded`). The \
                            known types are listed in `x-extensible-enum`; read a type that is not listed as valid.",
            "examples": ["charge.succeeded"],
            (crate::EVENT_NAMES): [],
        })
    }
}

/// An event: Stripe's notification that something happened, wrapping the API resource concerned.
/// A delivery to a webhook endpoint posts one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// Unique identifier for the object.
    pub id: String,
    /// String representing the object's type. Objects of the same type share the same value.
    pub object: EventObject,
    /// The connected account that originates the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub account: Option<String>,
    /// The Stripe API version used to render `data` when the event was created.
    #[schemars(with = "crate::Nullable<String>")]
    pub api_version: Option<String>,
    /// Authentication context needed to fetch the event or related object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub context: Option<String>,
    /// Time at which the object was created. Measured in seconds since the Unix epoch.
    pub created: i64,
    /// The API resource the event is about.
    pub data: EventData,
    /// Has the value `true` if the object exists in live mode or the value `false` if the object
    /// exists in test mode.
    pub livemode: bool,
    /// Number of webhooks that haven't been successfully delivered (for example, to return a 20x
    /// response) to the URLs you specify.
    pub pending_webhooks: i64,
    /// Information on the API request that triggers the event.
    #[schemars(with = "crate::Nullable<EventRequest>")]
    pub request: Option<EventRequest>,
    /// Description of the event (for example, `invoice.created` or `charge.refunded`).
    #[serde(rename = "type")]
    pub kind: EventType,
}

/// `event`: what an event's `object` always is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventObject {
    /// The one value.
    #[serde(rename = "event")]
    Event,
}

constant_schema!(EventObject, "event");

/// The resource an event is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventData {
    /// Object containing the API resource relevant to the event. For example, an
    /// `invoice.created` event will have a full invoice object as the value of the object key. Any
    /// Stripe API object, as the event's `type` says: its schema is that object's, which this
    /// document does not describe.
    pub object: Map<String, Value>,
    /// Object containing the names of the updated attributes and their values prior to the event
    /// (only included in events of type `*.updated`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Map<String, Value>")]
    pub previous_attributes: Option<Map<String, Value>>,
}

/// The API request that caused an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventRequest {
    /// ID of the API request that caused the event. If null, the event was automatic (e.g.,
    /// Stripe's automatic subscription handling).
    #[schemars(with = "crate::Nullable<String>")]
    pub id: Option<String>,
    /// The idempotency key transmitted during the request, if any.
    #[schemars(with = "crate::Nullable<String>")]
    pub idempotency_key: Option<String>,
}
