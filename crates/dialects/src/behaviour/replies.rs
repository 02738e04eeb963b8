//! The answers of refusals: an error body for each kind on REST, an error code on JSON-RPC, and the
//! words of the provider's validation messages.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::{Action, Generate};

/// What each kind of refusal answers.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
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

impl Refusals {
    /// Each kind of refusal, by its name in `behaviour.yaml`, and its answer.
    pub fn kinds(&self) -> [(&'static str, &Reply); 6] {
        [
            ("unauthenticated", &self.unauthenticated),
            ("not_found", &self.not_found),
            ("method_not_allowed", &self.method_not_allowed),
            ("malformed", &self.malformed),
            ("invalid", &self.invalid),
            ("conflict", &self.conflict),
        ]
    }
}

/// An answer: a status and a body template. In the body, a string `{message}` or `{method}`
/// (inside a string too) is the refusal's message or the request's method; the string `"{param}"`
/// is the field the first message is about (null when none); the string
/// `"{messages}"` is the list of messages (`field: message`); the string `"{fields}"` is an object
/// of each field's messages, with the messages about no field under `other_field`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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
    /// Parameters given together that exclude each other; `{parameters}` names them.
    #[serde(default = "exclusive")]
    pub exclusive: String,
    /// An object field with more keys than its limit; `{limit}` is the limit.
    #[serde(default = "too_many_keys")]
    pub too_many_keys: String,
    /// A key longer than its limit; `{limit}` is the limit, `{key}` the key.
    #[serde(default = "key_too_long")]
    pub key_too_long: String,
    /// A value longer than its limit; `{limit}` is the limit, `{key}` its key.
    #[serde(default = "value_too_long")]
    pub value_too_long: String,
    /// A webhook the provider's wire types cannot read, where the document's schema does not say
    /// which field is wrong.
    #[serde(default = "unreadable")]
    pub unreadable: String,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            required: required(),
            blank: blank(),
            conflict: conflict(),
            unknown_event_type: unknown_event_type(),
            unknown_cursor: unknown_cursor(),
            exclusive: exclusive(),
            too_many_keys: too_many_keys(),
            key_too_long: key_too_long(),
            value_too_long: value_too_long(),
            unreadable: unreadable(),
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

fn exclusive() -> String {
    "Give only one of {parameters}.".into()
}

fn too_many_keys() -> String {
    "At most {limit} keys are allowed.".into()
}

fn key_too_long() -> String {
    "The key `{key}` is longer than {limit} characters.".into()
}

fn value_too_long() -> String {
    "The value of `{key}` is longer than {limit} characters.".into()
}

fn unreadable() -> String {
    "This webhook is not one the API can represent.".into()
}

/// A JSON-RPC provider's behaviour.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Login {
    /// Its name.
    pub method: String,
    /// How a session id is made.
    pub session: Generate,
}

/// The JSON-RPC error of each kind of refusal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RpcError {
    /// The `error.code`.
    pub code: i64,
    /// The start of the `error.message`.
    pub message: String,
}
