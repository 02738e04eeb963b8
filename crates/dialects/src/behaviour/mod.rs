//! How a provider's API behaves, as data, read from its `behaviour.yaml`: what a mock needs
//! beyond the document (which already says the operations, parameters, schemas, defaults,
//! limits, media types and security schemes). The generic sandbox (`crates/sandbox`) serves every
//! provider from its document, its table and this.
//!
//! Only what no document states lives here: which operation does what to the webhooks, whose they
//! are, how ids and secrets are made, the order of lists, the limits the provider documents in
//! prose, the headers it sends, the error body for each kind of refusal, and, for JSON-RPC, what
//! each method does. The retry schedule is in the table's deliveries, the event catalogue in
//! `events.yaml`, and what is wire mapping (the wildcard, an on/off switch) beside the wire types
//! ([`crate::Wire`]). What a provider needs that this data cannot say fails at load
//! ([`check`]), naming what is missing.

mod actions;
mod check;

pub(crate) use check::Served;
mod replies;
mod template;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

pub use actions::{
    Action, Argument, Delivering, DeliveryListing, DeliveryTarget, EnvelopeField, EventTypeObject, Listing,
    Nested, Order, Paging, Target,
};
pub use replies::{JsonRpcBehaviour, Login, Messages, Refusals, Reply, RpcError, RpcErrors};
pub use template::{Shape, Slot, Template};

/// A provider's behaviour.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// The webhooks: how they are kept, made and shown.
    pub webhooks: Webhooks,
    /// What each REST operation does, by `operationId`.
    #[serde(default)]
    pub operations: IndexMap<String, Action>,
    /// What each JSON-RPC method does, for a JSON-RPC provider.
    #[serde(default)]
    pub(crate) jsonrpc: Option<JsonRpcBehaviour>,
    /// The answer to each kind of refusal, for a REST provider.
    #[serde(default)]
    pub(crate) refusals: Option<Refusals>,
    /// The headers each operation's success answer carries, by `operationId`, then by header
    /// name: every response header `api.yaml` declares has its template here.
    #[serde(default)]
    pub headers: IndexMap<String, IndexMap<String, Template>>,
    /// The words of the provider's own validation messages.
    #[serde(default)]
    pub messages: Messages,
    /// The form of the provider's API keys, where it has one.
    #[serde(default)]
    pub keys: Option<Keys>,
    /// What a delivery's body is made of: the event's data as it is when absent, else this
    /// template, in which a member `"...": "{data}"` spreads the data's fields, and the strings
    /// `{data}`, `{event}`, `{message_id}` (a fresh UUID4, the same on every retry) and `{time}`
    /// are those values. It reads a delivery into the canonical notification and writes one back.
    #[serde(default)]
    pub envelope: Option<Value>,
}

impl Behaviour {
    /// A delivery's body in the canonical model: the event, message id and time the envelope
    /// names, and the rest as the data.
    pub fn notification(&self, body: &Value) -> Result<hookspec_model::Notification, String> {
        let mut notification =
            hookspec_model::Notification { event: None, message_id: None, time: None, data: Value::Null };
        match &self.envelope {
            None => notification.data = body.clone(),
            Some(envelope) => read(envelope, body, &mut notification)?,
        }
        Ok(notification)
    }

    /// The body a provider posts for `notification`.
    pub fn delivery(&self, notification: &hookspec_model::Notification) -> Value {
        match &self.envelope {
            None => notification.data.clone(),
            Some(envelope) => fill(envelope, notification),
        }
    }
}

/// Reads `body` by the envelope `template` into `into`.
fn read(template: &Value, body: &Value, into: &mut hookspec_model::Notification) -> Result<(), String> {
    let text =
        |value: &Value| value.as_str().map(str::to_owned).ok_or_else(|| format!("`{value}` is not a string"));
    match template {
        Value::String(slot) if slot == "{data}" => into.data = body.clone(),
        Value::String(slot) if slot == "{event}" => into.event = Some(text(body)?),
        Value::String(slot) if slot == "{message_id}" => into.message_id = Some(text(body)?),
        Value::String(slot) if slot == "{time}" => into.time = Some(text(body)?),
        Value::Object(members) => {
            let Value::Object(given) = body else { return Err(format!("`{body}` is not an object")) };
            let mut rest = given.clone();
            for (key, member) in members {
                if key == "..." {
                    continue;
                }
                let value = rest.shift_remove(key).ok_or_else(|| format!("the delivery has no `{key}`"))?;
                read(member, &value, into)?;
            }
            if let Some(spread) = members.get("...") {
                read(spread, &Value::Object(rest), into)?;
            }
        }
        other if other == body => {}
        other => return Err(format!("the delivery has `{body}` where the envelope has `{other}`")),
    }
    Ok(())
}

/// The envelope `template` with the notification's values in place.
fn fill(template: &Value, notification: &hookspec_model::Notification) -> Value {
    let text = |value: &Option<String>| value.clone().map_or(Value::Null, Value::String);
    match template {
        Value::String(slot) if slot == "{data}" => notification.data.clone(),
        Value::String(slot) if slot == "{event}" => text(&notification.event),
        Value::String(slot) if slot == "{message_id}" => text(&notification.message_id),
        Value::String(slot) if slot == "{time}" => text(&notification.time),
        Value::Object(members) => {
            let mut filled = serde_json::Map::new();
            for (key, value) in members {
                match (key.as_str(), fill(value, notification)) {
                    ("...", Value::Object(fields)) => filled.extend(fields),
                    ("...", _) => {}
                    (_, value) => {
                        filled.insert(key.clone(), value);
                    }
                }
            }
            Value::Object(filled)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| fill(item, notification)).collect()),
        other => other.clone(),
    }
}

/// The form of a provider's API keys: a key of another form is refused as unauthenticated, as the
/// provider refuses a key it does not know (the sandbox has no accounts, so the form is all it
/// checks).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Keys {
    /// What a key starts with (`sk_test_`).
    pub prefixes: Vec<String>,
    /// A key of that form, for the made-up credentials of tests and fuzzers.
    pub example: String,
}

impl Keys {
    /// Whether `key` has the form.
    pub fn accepts(&self, key: &str) -> bool {
        self.prefixes
            .iter()
            .any(|prefix| key.strip_prefix(prefix.as_str()).is_some_and(|rest| !rest.is_empty()))
    }
}

/// How webhooks are kept, made and shown.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// Whose webhooks a request sees; everyone's when absent.
    #[serde(default)]
    pub owner: Option<Owner>,
    /// With an owner header: the event-name prefixes of the webhooks that belong to the account
    /// rather than to the header's owner (Gigapay's `Registration` events: "user-scoped webhooks
    /// ... do not require an Integration-ID header"). A webhook whose every event has one of them
    /// needs no header; a request without the header sees only those; one with it sees its own and
    /// those. Empty: every request names its owner.
    #[serde(default)]
    pub account_events: Vec<String>,
    /// The identifier: its field, and how one is made when the client gives none.
    pub id: Generated,
    /// The signing secret: its field, and how one is made when the client gives none (none: the
    /// webhook is unsigned).
    pub secret: Generated,
    /// Fields the provider sets itself.
    #[serde(default)]
    pub fields: IndexMap<String, ServerField>,
    /// A webhook subscribes to one event type, named by its name or its ID in these fields: the
    /// one given must be in the catalogue, and the other is filled from it.
    #[serde(default)]
    pub event_type: Option<EventTypeFields>,
    /// The field that lists the events a webhook subscribes to, for a provider that refuses an
    /// event it does not have: each must be in the catalogue, or cover some of it by the wire's
    /// wildcard.
    #[serde(default)]
    pub events: Option<String>,
    /// Headers a delivery carries besides the signature's, as templates over the delivery
    /// (`{event}`, `{delivery}`, `{webhook}`, `{timestamp}`, `{uuid4}`) and the webhook's fields
    /// (`{field:authorizationHeader}`); a header whose template has no value is not sent.
    #[serde(default)]
    pub delivery_headers: IndexMap<String, Template>,
    /// How a record of one attempt at a delivery is shown, for the actions on a webhook's
    /// deliveries (`list_deliveries`, `retrieve_delivery`): a JSON value whose strings are
    /// templates over the attempt, a string that is exactly one slot taking the slot's value with
    /// its type. The slots: `{attempt_id}` (the record's id, an integer), `{delivery}` (the
    /// delivery's identifier, as its headers carry it, shared by its retries and redeliveries),
    /// `{event}`, `{webhook}`, `{timestamp}`, `{delivered_at}`, `{redelivery}` (a boolean),
    /// `{duration}` (seconds, a number), `{status_code}` (an integer, 0 without an answer),
    /// `{status}` (`OK`, the reason phrase or why no answer came), `{url}`, `{request_headers}`
    /// (an object), `{payload}` (the JSON delivered) or `{payload:/POINTER}` (a member of it, null
    /// when absent), `{response_headers}` (an object), `{response_body}` (text) and
    /// `{field:NAME}` (the webhook's). Each action's answer shows the members its schema in the
    /// document has, so one record serves a list's short items and a retrieve's whole record.
    #[serde(default)]
    pub delivery_record: Option<Shape>,
    /// Limits on object fields that the provider documents in prose, not in its schemas.
    #[serde(default)]
    pub limits: IndexMap<String, Limits>,
    /// Whether a body field given as the empty string takes its `default` (of `fields`) again, as
    /// a form unsets a field (Stripe's `description=`, `metadata=`).
    #[serde(default)]
    pub empty_resets: bool,
    /// Object fields a create or update writes key by key: an update keeps the keys it does not
    /// give, and a key given the empty string is removed (Stripe's `metadata[key]=`, a webhook's
    /// nested configuration).
    #[serde(default)]
    pub merged: Vec<String>,
    /// List fields an update also changes by adding and removing items, by field: the body fields
    /// that do it (`add_events` and `remove_events`).
    #[serde(default)]
    pub lists: IndexMap<String, AddRemove>,
    /// Deliveries a webhook asks to be form-encoded, where the provider offers it.
    #[serde(default)]
    pub form_deliveries: Option<FormDeliveries>,
}

/// The body fields that add items to a list field and remove items from it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddRemove {
    /// The field whose items are added, when not there already.
    pub add: String,
    /// The field whose items are removed.
    pub remove: String,
}

/// Form-encoded deliveries: a webhook whose field (a path such as `config.content_type`) has the
/// value gets the JSON payload as the value of a form parameter (`payload=...`), signed as sent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormDeliveries {
    /// The webhook field that asks for them (dots reach into objects).
    pub field: String,
    /// Its value that asks for them (`form`).
    pub value: String,
    /// The form parameter that carries the payload (`payload`).
    pub parameter: String,
}

/// A field of a webhook, as a path of names separated by dots (`config.secret`).
pub fn field<'a>(record: &'a serde_json::Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut names = path.split('.');
    let first = record.get(names.next()?)?;
    names.try_fold(first, |value, name| value.get(name))
}

/// The limits on an object field's entries (Stripe's metadata).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// At most this many keys.
    #[serde(default)]
    pub entries: Option<usize>,
    /// Keys of at most this many characters.
    #[serde(default)]
    pub key_length: Option<usize>,
    /// Values of at most this many characters.
    #[serde(default)]
    pub value_length: Option<usize>,
}

/// Whose webhooks a request sees.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Owner {
    /// The value of this request header (an integration): ids are unique per owner.
    Header(String),
    /// The request's credential (an API key).
    Credential,
    /// The path parameters of these names that the request has, by name and value: the webhooks
    /// under them. With `[org, owner, repo]`, `/orgs/a/hooks`, `/repos/a/b/hooks` and
    /// `/repos/a/c/hooks` are three owners, and a webhook of one is not found under another.
    Parameters(Vec<String>),
}

/// A field the provider fills in when the client leaves it out.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Generated {
    /// The field's name.
    pub field: String,
    /// How a value is made; `None`: left out.
    #[serde(default)]
    pub generate: Option<Generate>,
    /// Whether only the answer that creates the webhook shows it (a secret shown once).
    #[serde(default)]
    pub only_on_create: bool,
    /// The text every answer shows instead of the value (`********`), wherever the answer shows
    /// the field (a nested resource's answer too).
    #[serde(default)]
    pub masked: Option<String>,
}

/// How a value is made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Generate {
    /// A random UUID, version 4, as a string.
    Uuid4,
    /// 1, 2, 3...: an integer one more than the last one made.
    Sequential,
    /// This many random lower-case hexadecimal digits.
    RandomHex(usize),
    /// A prefix, then this many random letters and digits (`we_`, 24).
    Prefixed {
        /// What the value starts with.
        prefix: String,
        /// How many random letters and digits follow.
        length: usize,
    },
}

/// A field the provider sets itself.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ServerField {
    /// A UUID that stands for the owner (Equals Money's product of an API key).
    OwnerId,
    /// When the webhook was created (RFC 3339, milliseconds, UTC).
    CreatedAt,
    /// When the webhook was last written (RFC 3339, milliseconds, UTC).
    UpdatedAt,
    /// When the webhook was created, in unix seconds.
    CreatedUnix,
    /// This value, always.
    Constant(Value),
    /// This value when the client gives none.
    Default(Value),
    /// Text made when the webhook is made or replaced, from the base URL the client addressed
    /// (`{base}`: its origin and the server's path), the path of the collection the webhook is in
    /// under it (`{collection}`: the request's path up to the segment of the webhook's id, so
    /// `/orgs/a/hooks` and `/repos/a/b/hooks` each for its own), the webhook's id (`{webhook}`) and
    /// the request's path parameters (`{param:NAME}`): a webhook's own URL
    /// (`{base}{collection}/{webhook}`) and those of its actions.
    Template(Template),
}

/// The fields that name a webhook's one event type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventTypeFields {
    /// The field of the event type's name.
    pub name: String,
    /// The field of the event type's ID.
    pub id: String,
}
