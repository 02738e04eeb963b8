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

mod check;

pub(crate) use check::Served;
mod replies;
mod template;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

pub use replies::{JsonRpcBehaviour, Login, Messages, Refusals, Reply, RpcError, RpcErrors};
pub use template::{Slot, Template};

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
    /// (`{event}`, `{delivery}`, `{webhook}`, `{timestamp}`) and the webhook's fields
    /// (`{field:authorizationHeader}`); a header whose template has no value is not sent.
    #[serde(default)]
    pub delivery_headers: IndexMap<String, Template>,
    /// Limits on object fields that the provider documents in prose, not in its schemas.
    #[serde(default)]
    pub limits: IndexMap<String, Limits>,
    /// Whether a body field given as the empty string takes its `default` (of `fields`) again, as
    /// a form unsets a field (Stripe's `description=`, `metadata=`).
    #[serde(default)]
    pub empty_resets: bool,
    /// Object fields a create or update writes key by key: an update keeps the keys it does not
    /// give, and a key given the empty string is removed (Stripe's `metadata[key]=`, GitHub's
    /// `config`).
    #[serde(default)]
    pub merged: Vec<String>,
    /// List fields an update also changes by adding and removing items, by field: the body fields
    /// that do it (GitHub's `add_events` and `remove_events`).
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
    /// The value of this path parameter (a repository): the webhooks under it.
    Parameter(String),
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
    /// The text every answer shows instead of the value (GitHub's `********`).
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
    /// Text made from the base URL the client addressed (`{base}`: its origin and the server's
    /// path), the webhook's id (`{webhook}`) and the request's path parameters (`{param:NAME}`):
    /// GitHub's `url`, `ping_url`, `test_url`.
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

/// What an operation or method does to the webhooks.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Lists the webhooks (a query parameter that names a webhook field filters on it).
    List(Listing),
    /// Creates a webhook from the body (or the JSON-RPC argument).
    Create(Argument),
    /// Answers one webhook.
    Retrieve(Target),
    /// Changes the fields the body gives; every other keeps its value.
    Update(Target),
    /// Replaces a webhook with the body; what it leaves out takes its default again.
    Replace(Target),
    /// Deletes a webhook.
    Delete(Target),
    /// Turns on or off every webhook subscribed to an event (JSON-RPC arguments): the status
    /// argument is written into the field, and the wire's conversion reads it.
    SetEnabled {
        /// The position of the event's name among the arguments.
        event: usize,
        /// The position of the status among the arguments.
        status: usize,
        /// The webhook field the status is written into.
        field: String,
    },
    /// Lists the event catalogue, each type as `event_type` shows it.
    ListEventTypes(EventTypeObject),
    /// Delivers an event to the webhook a path parameter names, whatever it subscribes to, and
    /// answers the operation's success status (GitHub's ping and test).
    Deliver(Delivering),
    /// Answers one event type of the catalogue, by the ID in this parameter.
    RetrieveEventType {
        /// The path parameter with the event type's ID.
        id: String,
        /// How it is shown.
        object: IndexMap<String, Value>,
    },
}

/// What an action that delivers sends, and to which webhook.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivering {
    /// The path parameter with the webhook's id.
    pub parameter: String,
    /// The event delivered (`ping`); the first the webhook subscribes to when absent.
    #[serde(default)]
    pub event: Option<String>,
}

/// How a list pages and what it answers.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The order of the webhooks: oldest first when absent.
    #[serde(default)]
    pub order: Order,
    /// The paging style, and its parameters (their defaults and limits are the document's).
    #[serde(default)]
    pub paging: Option<Paging>,
    /// The answer: a bare array of webhooks when absent, else an object with these fields.
    #[serde(default)]
    pub envelope: Option<IndexMap<String, EnvelopeField>>,
    /// Whether the page's neighbours are also in a `Link` header (`<URL>; rel="next"`, as RFC
    /// 8288 writes them), for page-number paging.
    #[serde(default)]
    pub link: bool,
    /// The answer to a page number that names no page (one that is not a whole number from 1, or
    /// a page past the last but the first), for page-number paging, where the provider refuses it
    /// apart from other invalid parameters. Without it, a page number of the wrong type is refused
    /// as `invalid` and a page past the last is empty.
    #[serde(default)]
    pub invalid_page: Option<Reply>,
}

/// The order a list gives the webhooks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// In the order they were created.
    #[default]
    OldestFirst,
    /// The most recently created first.
    NewestFirst,
}

/// A paging style.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Paging {
    /// The `page`-th page (from 1) of `size` items.
    PageNumber {
        /// The page parameter.
        page: String,
        /// The page-size parameter.
        size: String,
    },
    /// `limit` items after skipping `offset`.
    Offset {
        /// The offset parameter.
        offset: String,
        /// The limit parameter.
        limit: String,
    },
    /// `limit` items after (or before) the webhook whose id a cursor parameter names.
    Cursor {
        /// The limit parameter.
        limit: String,
        /// The parameter with the id the page starts after.
        after: String,
        /// The parameter with the id the page ends before.
        before: String,
    },
}

/// A field of a list's answer.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EnvelopeField {
    /// The webhooks of the page.
    Items,
    /// How many webhooks the whole list has.
    Total,
    /// The absolute URL of the next page, or null.
    NextUrl,
    /// The absolute URL of the previous page, or null.
    PreviousUrl,
    /// Whether more webhooks follow the page.
    HasMore,
    /// The value of the paging parameter of this name.
    Parameter(String),
    /// The request's path.
    Path,
    /// This value.
    Constant(Value),
}

/// Where a method's input is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// For a JSON-RPC method, the position of the argument; a REST operation takes its body.
    #[serde(default)]
    pub argument: Option<usize>,
}

/// Which webhook an operation is about.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The path parameter with its id (REST).
    #[serde(default)]
    pub parameter: Option<String>,
    /// The position of the argument with its id (JSON-RPC).
    #[serde(default)]
    pub argument: Option<usize>,
    /// For a delete that answers a body: the fields it adds to the deleted webhook's, which the
    /// success response's schema then shows (Stripe's `deleted: true`).
    #[serde(default)]
    pub answer: Option<serde_json::Map<String, Value>>,
}

/// How an event type of the catalogue is shown: an object whose string values may be `{id}` and
/// `{name}`.
pub type EventTypeObject = IndexMap<String, Value>;
