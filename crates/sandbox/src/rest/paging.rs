//! A list's answer: the page the paging parameters ask for, the links to its neighbours and the
//! listing's envelope, for a list of webhooks and a list of a webhook's deliveries alike.

use hookspec_dialects::behaviour::{EnvelopeField, Listing, Paging};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

use super::{Failure, same_id};
use crate::contract::{Accepted, Incoming};

/// What a value in a link's query keeps as it is: RFC 3986's unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A list's answer and its `Link` header: the page of `matching` (each item's id as `id` reads
/// it) the paging parameters ask for, each item as `show` renders it, in the listing's envelope.
pub(super) fn list<T>(
    listing: &Listing,
    accepted: &Accepted,
    request: &Incoming,
    matching: &[T],
    id: impl Fn(&T) -> Option<Value>,
    show: impl Fn(&T) -> Value,
) -> Result<(Value, Option<String>), Failure> {
    let number = |name: &str| accepted.parameters.get(name).and_then(Value::as_u64);
    let total = matching.len() as u64;
    let link = |pairs: &[(&str, String)]| {
        let query: Vec<String> = pairs
            .iter()
            .map(|(name, value)| {
                format!("{name}={}", percent_encoding::utf8_percent_encode(value, UNRESERVED))
            })
            .collect();
        format!("{}{}?{}", request.origin(), request.path, query.join("&"))
    };
    // How many items the page skips and holds, and its next and previous links.
    type Links = Option<(Option<String>, Option<String>)>;
    // Whether the page ends before a cursor, so that more means more before it.
    let mut backwards = false;
    let (skip, take, links): (u64, u64, Links) = match &listing.paging {
        Some(Paging::PageNumber { page: page_name, size: size_name }) => {
            let asked = number(page_name).unwrap_or(1);
            let size = number(size_name).unwrap_or(total.max(1));
            // A page number that names no page: below 1, or past the last page but the first.
            if let Some(template) = &listing.invalid_page
                && (asked == 0 || (asked > 1 && (asked - 1).saturating_mul(size) >= total))
            {
                return Err(Failure::InvalidPage(template.clone()));
            }
            let page = asked.max(1);
            let at = |page: u64| link(&[(page_name, page.to_string()), (size_name, size.to_string())]);
            let next = (page.saturating_mul(size) < total).then(|| at(page + 1));
            let previous = (page > 1).then(|| at(page - 1));
            ((page - 1).saturating_mul(size), size, Some((next, previous)))
        }
        Some(Paging::Offset { offset, limit }) => {
            (number(offset).unwrap_or(0), number(limit).unwrap_or(total), None)
        }
        Some(Paging::Cursor { limit, after, before }) => {
            let take = number(limit).unwrap_or(total);
            let given = |name: &String| accepted.parameters.get(name).filter(|cursor| **cursor != "");
            // The position of the item a cursor names (an empty cursor is none); a cursor that names
            // no item is refused.
            let position = |name: Option<&String>| -> Result<Option<u64>, Failure> {
                let Some((name, cursor)) = name.and_then(|name| Some((name, given(name)?))) else {
                    return Ok(None);
                };
                let found = matching.iter().position(|item| same_id(id(item).as_ref(), cursor));
                found.map(|index| Some(index as u64)).ok_or_else(|| Failure::NoSuch(name.clone()))
            };
            if let Some(before) = before
                && given(after).is_some()
                && given(before).is_some()
            {
                return Err(Failure::Exclusive(vec![after.clone(), before.clone()]));
            }
            match (position(Some(after))?, position(before.as_ref())?) {
                (Some(index), _) => (index + 1, take, None),
                (None, Some(index)) => {
                    backwards = true;
                    (index.saturating_sub(take), take.min(index), None)
                }
                (None, None) => (0, take, None),
            }
        }
        None => (0, total, None),
    };
    let shown: Vec<&T> = matching
        .iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(usize::try_from(take).unwrap_or(usize::MAX))
        .collect();
    let page: Vec<Value> = shown.iter().map(|item| show(item)).collect();
    let later = skip.saturating_add(page.len() as u64) < total;
    let more = if backwards { skip > 0 } else { later };
    // A cursor's neighbours: the page after the last item, and before the first.
    let links = match (&listing.paging, links) {
        (Some(Paging::Cursor { limit, after, before }), None) => {
            let cursor = |item: Option<&&T>| {
                let value = item.and_then(|item| id(item))?;
                Some(value.as_str().map_or_else(|| value.to_string(), str::to_owned))
            };
            let next = cursor(shown.last())
                .filter(|_| later)
                .map(|last| link(&[(limit, take.to_string()), (after, last)]));
            let previous = before.as_ref().zip(cursor(shown.first()).filter(|_| skip > 0));
            let previous =
                previous.map(|(before, first)| link(&[(limit, take.to_string()), (before, first)]));
            Some((next, previous))
        }
        (_, links) => links,
    };
    let (next, previous) = links.unwrap_or_default();
    // RFC 8288: `<URL>; rel="next", <URL>; rel="prev"`.
    let link = listing.link.then(|| {
        let related = [(&next, "next"), (&previous, "prev")];
        let parts: Vec<String> = related
            .iter()
            .filter_map(|(url, rel)| url.as_ref().map(|url| format!("<{url}>; rel=\"{rel}\"")))
            .collect();
        parts.join(", ")
    });
    let link = link.filter(|link| !link.is_empty());
    let Some(envelope) = &listing.envelope else { return Ok((Value::Array(page), link)) };
    let mut answer = Map::new();
    for (field, value) in envelope {
        let value = match value {
            EnvelopeField::Items => Value::Array(page.clone()),
            EnvelopeField::Total => Value::from(total),
            EnvelopeField::NextUrl => next.clone().map_or(Value::Null, Value::String),
            EnvelopeField::PreviousUrl => previous.clone().map_or(Value::Null, Value::String),
            EnvelopeField::HasMore => Value::Bool(more),
            EnvelopeField::Parameter(name) => accepted.parameters.get(name).cloned().unwrap_or(Value::Null),
            EnvelopeField::Path => Value::String(request.path.clone()),
            EnvelopeField::Constant(value) => value.clone(),
        };
        answer.insert(field.clone(), value);
    }
    Ok((Value::Object(answer), link))
}
