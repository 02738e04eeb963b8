//! Refusals in the provider's own shape, from its behaviour data, and the credential check the
//! document's security schemes describe.

use base64::Engine;
use hookspec_dialects::behaviour::Keys;
use hookspec_dialects::table::{SecurityScheme, Table};
use serde_json::{Map, Value};

use crate::Reply;
use crate::contract::{FieldError, Incoming};

/// The answer `template` gives for `errors` (the first one's message is `{message}`) to a request
/// with `method`.
pub(crate) fn reply(
    template: &hookspec_dialects::behaviour::Reply,
    method: &str,
    errors: &[FieldError],
) -> Reply {
    let message = errors.first().map(|error| error.message.as_str()).unwrap_or_default();
    let body = fill(&template.body, method, message, errors, template.other_field.as_deref());
    Reply::json(template.status, body)
}

fn fill(template: &Value, method: &str, message: &str, errors: &[FieldError], other: Option<&str>) -> Value {
    match template {
        Value::String(text) if text == "{fields}" => {
            let mut fields: Map<String, Value> = Map::new();
            for error in errors {
                let key = error.field.clone().unwrap_or_else(|| other.unwrap_or("errors").to_owned());
                if let Value::Array(messages) = fields.entry(key).or_insert_with(|| Value::Array(Vec::new()))
                {
                    messages.push(Value::String(error.message.clone()));
                }
            }
            Value::Object(fields)
        }
        Value::String(text) if text == "{messages}" => Value::Array(
            errors
                .iter()
                .map(|error| match &error.field {
                    Some(field) => Value::String(format!("{field}: {}", error.message)),
                    None => Value::String(error.message.clone()),
                })
                .collect(),
        ),
        Value::String(text) if text == "{param}" => {
            errors.first().and_then(|error| error.field.clone()).map_or(Value::Null, Value::String)
        }
        Value::String(text) => Value::String(text.replace("{message}", message).replace("{method}", method)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| fill(item, method, message, errors, other)).collect())
        }
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| (key.clone(), fill(value, method, message, errors, other)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether the request carries credentials in the form one of the table's security requirements
/// asks for, with a key of the form `keys` gives (any well-formed credential is accepted: the
/// sandbox has no accounts).
pub(crate) fn authenticated(table: &Table, keys: Option<&Keys>, request: &Incoming) -> bool {
    let key = |key: &str| !key.trim().is_empty() && keys.is_none_or(|keys| keys.accepts(key));
    if table.security.is_empty() {
        return true;
    }
    table.security.iter().any(|requirement| {
        requirement.keys().all(|name| match table.security_schemes.get(name) {
            Some(SecurityScheme::ApiKey { header, prefix, .. }) => {
                request.header(header).is_some_and(|value| {
                    value.strip_prefix(prefix.as_deref().unwrap_or_default()).is_some_and(key)
                })
            }
            // A user and a password; or, for a provider whose keys have a form, a key as the user name
            // (the password empty, as such providers ask).
            Some(SecurityScheme::HttpBasic { .. }) => {
                basic(request).is_some_and(|(user, password)| match keys {
                    Some(_) => key(&user),
                    None => !password.is_empty(),
                })
            }
            Some(SecurityScheme::HttpBearer { .. }) => request
                .header("authorization")
                .and_then(|value| value.strip_prefix("Bearer "))
                .is_some_and(key),
            None => false,
        })
    })
}

/// The user and password of HTTP Basic credentials, when there is a user (the password may be
/// empty).
pub(crate) fn basic(request: &Incoming) -> Option<(String, String)> {
    let encoded = request.header("authorization")?.strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, key) = text.split_once(':')?;
    (!user.is_empty()).then(|| (user.to_owned(), key.to_owned()))
}
