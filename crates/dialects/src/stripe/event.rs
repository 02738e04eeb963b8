//! Stripe's event: what a delivery to a webhook endpoint posts, wrapping the API resource it is
//! about.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The name of an event's type (`charge.succeeded`). The types Stripe documents are the
/// catalogue's, listed in `x-extensible-enum`.
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
                            types Stripe documents are listed in `x-extensible-enum`.",
            "examples": ["charge.succeeded"],
            (crate::EVENT_NAMES): [],
        })
    }
}

/// A string or null, for a field that is always present but may be null.
fn nullable_string(_: &mut SchemaGenerator) -> Schema {
    json_schema!({"type": ["string", "null"]})
}

/// The request an event came from, or null: always present.
fn nullable_request(generator: &mut SchemaGenerator) -> Schema {
    json_schema!({"anyOf": [generator.subschema_for::<EventRequest>(), {"type": "null"}]})
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
    pub account: Option<String>,
    /// The Stripe API version used to render `data` when the event was created. The contents of
    /// `data` never change, so this value remains static regardless of the API version currently
    /// in use. This property is populated only for events created on or after October 31, 2014.
    #[schemars(required, schema_with = "nullable_string")]
    pub api_version: Option<String>,
    /// Authentication context needed to fetch the event or related object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    /// Time at which the object was created. Measured in seconds since the Unix epoch.
    pub created: i64,
    /// Object containing data associated with the event.
    pub data: EventData,
    /// If the object exists in live mode, the value is `true`. If the object exists in test mode,
    /// the value is `false`.
    pub livemode: bool,
    /// Number of webhooks that haven't been successfully delivered (for example, to return a 20x
    /// response) to the URLs you specify.
    pub pending_webhooks: i64,
    /// Information on the API request that triggers the event.
    #[schemars(required, schema_with = "nullable_request")]
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

/// Object containing data associated with the event: the API resource it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventData {
    /// Object containing the API resource relevant to the event. For example, an
    /// `invoice.created` event will have a full invoice object as the value of the object key. Any
    /// Stripe API object, as the event's `type` says: its schema is that object's, which this
    /// document does not describe.
    pub object: Map<String, Value>,
    /// Object containing the names of the updated attributes and their values prior to the event
    /// (only included in events of type `*.updated`). If an array attribute has any updated
    /// elements, this object contains the entire array. In Stripe API versions 2017-04-06 or
    /// earlier, an updated array attribute in this object includes only the updated array
    /// elements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_attributes: Option<Map<String, Value>>,
}

/// The API request that caused an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EventRequest {
    /// ID of the API request that caused the event. If null, the event was automatic (e.g.,
    /// Stripe's automatic subscription handling). Request logs are available in the dashboard,
    /// but currently not in the API.
    pub id: Option<String>,
    /// The idempotency key transmitted during the request, if any. Note: This property is
    /// populated only for events on or after May 23, 2017.
    pub idempotency_key: Option<String>,
}
