//! How a provider's API behaves, as data, read from its `behaviour.yaml`: what a mock needs
//! beyond the document (which already says the operations, parameters, schemas, defaults,
//! limits, media types and security schemes). The generic sandbox (`crates/sandbox`) serves every
//! provider from its document, its table and this.
//!
//! Only what no document states lives here: which operation does what to the webhooks, whose they
//! are, how ids and secrets are made, the error body for each kind of refusal, and, for
//! JSON-RPC, what each method does. The retry schedule is in the table's deliveries, the event
//! catalogue in `events.yaml`.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A provider's behaviour.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// Whose webhooks a request sees; everyone's when absent.
    #[serde(default)]
    pub owner: Option<Owner>,
    /// The identifier: its field, and how one is made when the client gives none.
    pub id: Generated,
    /// The signing secret: its field, and how one is made when the client gives none (none: the
    /// webhook is unsigned).
    pub secret: Generated,
    /// Fields the provider sets itself.
    #[serde(default)]
    pub fields: IndexMap<String, ServerField>,
    /// The field that says whether a webhook is enabled, for providers that turn one on or off by
    /// a method (not by writing the field).
    #[serde(default)]
    pub enabled: Option<Switch>,
    /// A webhook subscribes to one event type, named by its name or its ID in these fields: the
    /// one given must be in the catalogue, and the other is filled from it.
    #[serde(default)]
    pub event_type: Option<EventTypeFields>,
    /// A subscribed event name ending in this (`*`) covers every event whose name starts with
    /// the text before it.
    #[serde(default)]
    pub wildcard: Option<String>,
    /// The field that lists the events a webhook subscribes to, for a provider that refuses an
    /// event it does not have: each must be in the catalogue, or cover some of it by the wildcard.
    #[serde(default)]
    pub events: Option<String>,
    /// Headers a delivery carries from the webhook's fields: header name to field.
    #[serde(default)]
    pub delivery_headers: IndexMap<String, String>,
    /// Whether a body field given as the empty string takes its `default` (of `fields`) again, as
    /// a form unsets a field (Stripe's `description=`, `metadata=`).
    #[serde(default)]
    pub empty_resets: bool,
    /// Object fields a create or update writes key by key: an update keeps the keys it does not
    /// give, and a key given the empty string is removed (Stripe's `metadata[key]=`).
    #[serde(default)]
    pub merged: Vec<String>,
}

impl Webhooks {
    /// Whether a webhook subscribed to `subscribed` gets `event`: the same name, or a name ending
    /// in the wildcard and `event` starting with what comes before it.
    pub fn covers(&self, subscribed: &str, event: &str) -> bool {
        match self.wildcard.as_deref().and_then(|wildcard| subscribed.strip_suffix(wildcard)) {
            Some(prefix) => event.starts_with(prefix),
            None => subscribed == event,
        }
    }
}

/// Whose webhooks a request sees.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Owner {
    /// The value of this request header (an integration): ids are unique per owner.
    Header(String),
    /// The request's credential (an API key).
    Credential,
}

/// A field the provider fills in when the client leaves it out.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
}

/// How a value is made.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
}

/// A field that turns a webhook on or off, and its two values.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Switch {
    /// The field.
    pub field: String,
    /// Its value when enabled.
    pub on: Value,
    /// Its value when disabled.
    pub off: Value,
    /// A boolean field of a create or update body that sets the switch instead of the field
    /// itself: `true` disables the webhook, `false` enables it (Stripe's `disabled`). A webhook
    /// created without it is enabled, and a body cannot write the field directly.
    #[serde(default)]
    pub flag: Option<String>,
}

/// The fields that name a webhook's one event type.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventTypeFields {
    /// The field of the event type's name.
    pub name: String,
    /// The field of the event type's ID.
    pub id: String,
}

/// What an operation or method does to the webhooks.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
    /// Turns on or off every webhook subscribed to an event (JSON-RPC arguments).
    SetEnabled {
        /// The position of the event's name among the arguments.
        event: usize,
        /// The position of the status among the arguments: the switch's `on` or `off` value.
        status: usize,
    },
    /// Lists the event catalogue, each type as `event_type` shows it.
    ListEventTypes(EventTypeObject),
    /// Answers one event type of the catalogue, by the ID in this parameter.
    RetrieveEventType {
        /// The path parameter with the event type's ID.
        id: String,
        /// How it is shown.
        object: IndexMap<String, Value>,
    },
}

/// How a list pages and what it answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The paging style, and its parameters (their defaults and limits are the document's).
    #[serde(default)]
    pub paging: Option<Paging>,
    /// The answer: a bare array of webhooks when absent, else an object with these fields.
    #[serde(default)]
    pub envelope: Option<IndexMap<String, EnvelopeField>>,
}

/// A paging style.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// For a JSON-RPC method, the position of the argument; a REST operation takes its body.
    #[serde(default)]
    pub argument: Option<usize>,
}

/// Which webhook an operation is about.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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

/// What each kind of refusal answers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusals {
    /// No credentials, or credentials not in the security scheme's form.
    pub unauthenticated: Reply,
    /// No such path or webhook.
    pub not_found: Reply,
    /// The path exists; the method does not.
    pub method_not_allowed: Reply,
    /// A body the media type cannot parse.
    pub malformed: Reply,
    /// Parameters or a body the document refuses, or that break the provider's rules.
    pub invalid: Reply,
    /// A client-chosen id another webhook has.
    pub conflict: Reply,
}

/// An answer: a status and a body template. In the body, a string `{message}` or `{method}`
/// (inside a string too) is the refusal's message or the request's method; the string `"{param}"`
/// is the field the first message is about (null when none); the string
/// `"{messages}"` is the list of messages (`field: message`); the string `"{fields}"` is an object
/// of each field's messages, with the messages about no field under `other_field`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Value,
    /// The key of the messages about no field, in `{fields}`.
    #[serde(default)]
    pub other_field: Option<String>,
}

/// The words of the provider's validation messages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// A required field or parameter is missing.
    #[serde(default = "required")]
    pub required: String,
    /// A client-chosen id is empty.
    #[serde(default = "blank")]
    pub blank: String,
    /// A client-chosen id another webhook has.
    #[serde(default = "conflict")]
    pub conflict: String,
    /// An event type that is not in the catalogue, or a name and an ID that do not agree.
    #[serde(default = "unknown_event_type")]
    pub unknown_event_type: String,
    /// A paging cursor that names no webhook.
    #[serde(default = "unknown_cursor")]
    pub unknown_cursor: String,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            required: required(),
            blank: blank(),
            conflict: conflict(),
            unknown_event_type: unknown_event_type(),
            unknown_cursor: unknown_cursor(),
        }
    }
}

fn required() -> String {
    "This field is required.".into()
}

fn blank() -> String {
    "This field may not be blank.".into()
}

fn conflict() -> String {
    "A webhook with this id already exists.".into()
}

fn unknown_event_type() -> String {
    "No event type has this name and ID.".into()
}

fn unknown_cursor() -> String {
    "No webhook has this ID.".into()
}

/// A JSON-RPC provider's behaviour.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonRpcBehaviour {
    /// The method that opens a session from a user name and a key, and how a session is made.
    #[serde(default)]
    pub login: Option<Login>,
    /// What each API method does, by name.
    pub methods: IndexMap<String, Action>,
    /// The error of each kind of refusal.
    pub errors: RpcErrors,
}

/// A login method.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// Its name.
    pub method: String,
    /// How a session id is made.
    pub session: Generate,
}

/// The JSON-RPC error of each kind of refusal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RpcErrors {
    /// The body is not JSON.
    pub parse_error: RpcError,
    /// Not a JSON-RPC 2.0 request.
    pub invalid_request: RpcError,
    /// No such method.
    pub method_not_found: RpcError,
    /// Arguments the document refuses.
    pub invalid_params: RpcError,
    /// No credentials, or a login that fails.
    pub access_denied: RpcError,
    /// A session that is unknown or expired.
    pub session_expired: RpcError,
    /// A create whose data breaks the provider's rules.
    pub invalid_data: RpcError,
    /// A change that matched no webhook.
    pub not_changed: RpcError,
    /// A webhook id that names no webhook.
    pub not_found: RpcError,
    /// A call through the wrapper that names no method of the API.
    pub invalid_path: RpcError,
}

/// A JSON-RPC error: its code, and the message (to which the details are added).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RpcError {
    /// The `error.code`.
    pub code: i64,
    /// The start of the `error.message`.
    pub message: String,
}
