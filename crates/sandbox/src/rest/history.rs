//! A webhook's deliveries as the provider's API shows them: one record per attempt, made from the
//! behaviour data's `delivery_record`, listed, retrieved and redelivered.

use hookspec_dialects::behaviour::{Listing, Order, Slot};
use serde_json::{Map, Value};

use super::{Failure, paging, same_id};
use crate::contract::{Accepted, Incoming};
use crate::deliveries::{self, Attempt};
use crate::records::{self, Record};
use crate::{Mock, Reply};

/// A webhook, with its owner's key.
type Owned<'a> = (&'a str, &'a Record);

/// The attempts made to `webhook`, in the order they were made.
fn made_to(mock: &Mock, (owner, record): Owned<'_>) -> Vec<Attempt> {
    let Some((target, _)) = mock.target(owner, record) else { return Vec::new() };
    mock.deliveries.as_ref().map(|engine| engine.made_to(owner, &target.webhook)).unwrap_or_default()
}

/// The attempt made to `webhook` whose id is the path parameter `parameter`'s.
pub(super) fn find(
    mock: &Mock,
    parameter: &str,
    accepted: &Accepted,
    webhook: Owned<'_>,
) -> Result<Attempt, Failure> {
    let wanted = accepted.parameters.get(parameter).ok_or(Failure::NotFound)?;
    made_to(mock, webhook)
        .into_iter()
        .find(|attempt| same_id(Some(&Value::from(attempt.id)), wanted))
        .ok_or(Failure::NotFound)
}

/// The list of the attempts made to `webhook`, paged and answered as `listing` says, each record
/// as the items of the answer's `schema` show it.
pub(super) fn list(
    mock: &Mock,
    listing: &Listing,
    accepted: &Accepted,
    request: &Incoming,
    webhook: Owned<'_>,
    schema: Option<&Value>,
) -> Result<Reply, Failure> {
    let (status, _) = mock.contract.success(&accepted.operation);
    let mut made = made_to(mock, webhook);
    if listing.order == Order::NewestFirst {
        made.reverse();
    }
    let items = super::items_schema(&mock.contract.document, schema, listing);
    let id = |attempt: &Attempt| Some(Value::from(attempt.id));
    let show = |attempt: &Attempt| show(mock, items.as_ref(), attempt, webhook.1);
    let (body, link) = paging::list(listing, accepted, request, &made, id, show)?;
    let mut reply = Reply::json(status, body);
    reply.headers.extend(link.map(|link| ("Link".to_owned(), link)));
    Ok(reply)
}

/// The record of `attempt`, made to `webhook`, as `schema` shows it (the members it has).
pub(super) fn show(mock: &Mock, schema: Option<&Value>, attempt: &Attempt, webhook: &Record) -> Value {
    let Some(shape) = &mock.provider.behaviour.webhooks.delivery_record else { return Value::Null };
    let payload: Value = serde_json::from_slice(&attempt.payload).unwrap_or(Value::Null);
    let object = |pairs: &std::collections::BTreeMap<String, String>| {
        Value::Object(
            pairs.iter().map(|(name, value)| (name.clone(), Value::String(value.clone()))).collect(),
        )
    };
    let value = shape.fill(&|slot: &Slot| {
        Some(match slot {
            Slot::AttemptId => Value::from(attempt.id),
            Slot::Delivery => Value::String(deliveries::identifier(attempt.delivery)),
            Slot::Event => Value::String(attempt.event.clone()),
            Slot::Webhook => Value::String(attempt.webhook.clone()),
            Slot::Timestamp => Value::from(attempt.sent_at),
            Slot::DeliveredAt => Value::String(
                i64::try_from(attempt.sent_at)
                    .ok()
                    .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
                    .unwrap_or_default()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            ),
            Slot::Redelivery => Value::Bool(attempt.redelivery || attempt.attempt > 1),
            Slot::Duration => Value::from(attempt.duration.as_secs_f64()),
            Slot::StatusCode => Value::from(attempt.status.unwrap_or(0)),
            Slot::Status => Value::String(status(attempt)),
            Slot::Url => Value::String(attempt.url.clone()),
            Slot::RequestHeaders => object(&attempt.headers),
            Slot::Payload(pointer) => payload.pointer(pointer).cloned().unwrap_or(Value::Null),
            Slot::ResponseHeaders => {
                attempt.answer.as_ref().map_or(Value::Null, |answer| object(&answer.headers))
            }
            Slot::ResponseBody => {
                attempt.answer.as_ref().map_or(Value::Null, |answer| Value::String(answer.body.clone()))
            }
            Slot::Field(name) => hookspec_dialects::behaviour::field(webhook, name).cloned()?,
            // What a record may not use fails at load.
            _ => return None,
        })
    });
    match value {
        Value::Object(record) => records::render(&mock.contract.document, schema, &record),
        other => other,
    }
}

/// An attempt's outcome in words: `OK` for a 2xx answer, else the status's reason phrase, or why
/// no answer came.
fn status(attempt: &Attempt) -> String {
    match (attempt.status, &attempt.error) {
        (_, Some(error)) => error.clone(),
        (Some(code), None) if (200..300).contains(&code) => "OK".to_owned(),
        (Some(code), None) => reqwest::StatusCode::from_u16(code)
            .ok()
            .and_then(|code| code.canonical_reason())
            .map_or_else(|| format!("HTTP {code}"), str::to_owned),
        (None, None) => String::new(),
    }
}

/// The empty answer of an action whose document gives its success answer a JSON body.
pub(super) fn empty(mock: &Mock, schema: Option<&Value>) -> Option<Value> {
    schema.map(|schema| records::render(&mock.contract.document, Some(schema), &Map::new()))
}
