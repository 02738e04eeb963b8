//! A REST provider's API, served generically: the request checked against the document, the
//! operation's action taken from the behaviour data, refusals in the provider's shape.

mod history;
mod paging;

use hookspec_dialects::behaviour::{
    Action, EnvelopeField, Listing, Order, Owner, Paging, Refusals, Slot, Target,
};
use serde_json::{Map, Value};

use crate::contract::{Accepted, FieldError, Incoming, Refusal};
use crate::records::{self, Record, Refused};
use crate::{Mock, Pending, Reply, refusal};

/// Answers a request to a REST provider's API.
pub(crate) fn answer(mock: &mut Mock, refusals: &Refusals, request: &Incoming) -> Reply {
    let refuse = |template, errors: Vec<FieldError>| refusal::reply(template, &request.method, &errors);
    let message = |text: String| vec![FieldError { field: None, message: text }];
    if !refusal::authenticated(&mock.provider.table, mock.provider.behaviour.keys.as_ref(), request) {
        return refuse(
            &refusals.unauthenticated,
            message("Authentication credentials were not provided.".into()),
        );
    }
    // The header that says whose webhooks a request acts on is part of who the caller is, unless
    // some webhooks belong to the account, which a request without it acts on.
    let rules = &mock.provider.behaviour.webhooks;
    if let Some(Owner::Header(name)) = &rules.owner
        && rules.account_events.is_empty()
        && request.header(name).is_none_or(|value| value.trim().is_empty())
    {
        return refuse(&refusals.unauthenticated, message(format!("The {name} header is missing.")));
    }
    let accepted = match mock.contract.check(request) {
        Ok(accepted) => accepted,
        Err(Refusal::NoSuchPath) => return refuse(&refusals.not_found, message("Not found.".into())),
        Err(Refusal::MethodNotAllowed) => {
            let mut reply =
                refuse(&refusals.method_not_allowed, message(format!("{} is not allowed.", request.method)));
            reply.headers.push(("Allow".into(), mock.contract.allowed(&request.path).join(", ")));
            return reply;
        }
        Err(Refusal::Malformed(text)) => return refuse(&refusals.malformed, message(text)),
        Err(Refusal::Invalid(errors)) => {
            return match invalid_page(mock, request, &errors) {
                Some(template) => refuse(template, message("Invalid page.".into())),
                None => refuse(&refusals.invalid, errors),
            };
        }
    };
    let Some(action) = mock.provider.behaviour.operations.get(&accepted.operation) else {
        return refuse(
            &refusals.method_not_allowed,
            message(format!("`{}` is not served by the sandbox.", accepted.operation)),
        );
    };
    match act(mock, action, &accepted, request) {
        Ok(reply) => with_headers(mock, &accepted.operation, request, reply),
        Err(Failure::NotFound) => refuse(&refusals.not_found, message("Not found.".into())),
        Err(Failure::InvalidPage(template)) => refuse(&template, message("Invalid page.".into())),
        Err(Failure::Unowned(header)) => {
            refuse(&refusals.unauthenticated, message(format!("The {header} header is missing.")))
        }
        Err(Failure::Exclusive(parameters)) => {
            let names: Vec<String> = parameters.iter().map(|name| format!("`{name}`")).collect();
            let text = mock.provider.behaviour.messages.exclusive.replace("{parameters}", &names.join(", "));
            refuse(
                &refusals.invalid,
                vec![FieldError { field: parameters.into_iter().next(), message: text }],
            )
        }
        Err(Failure::Refused(Refused::Said(field, text))) => {
            refuse(&refusals.invalid, vec![FieldError { field, message: text }])
        }
        Err(Failure::NoSuch(parameter)) => refuse(
            &refusals.not_found,
            vec![FieldError { field: Some(parameter), message: mock.message("unknown_cursor") }],
        ),
        Err(Failure::Refused(Refused::Invalid(field, kind))) => {
            let text = mock.message(&kind);
            refuse(&refusals.invalid, vec![FieldError { field, message: text }])
        }
        Err(Failure::Refused(Refused::Conflict(field, kind))) => {
            let text = mock.message(&kind);
            refuse(&refusals.conflict, vec![FieldError { field: Some(field), message: text }])
        }
    }
}

/// The success answer with the headers the behaviour data makes for the operation, each from
/// the request's headers, the answered webhook's fields or a fresh value.
fn with_headers(mock: &Mock, operation: &str, request: &Incoming, mut reply: Reply) -> Reply {
    let Some(headers) = mock.provider.behaviour.headers.get(operation) else { return reply };
    let body = reply.body.clone().unwrap_or_default();
    let text = |value: &serde_json::Value| match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    for (name, template) in headers {
        let value = template.fill(|slot| match slot {
            Slot::Header(header) => request.header(header).map(str::to_owned),
            Slot::Uuid4 => Some(uuid::Uuid::new_v4().to_string()),
            Slot::Webhook => body.get(&mock.provider.behaviour.webhooks.id.field).and_then(text),
            Slot::Field(field) => body.get(field).and_then(text),
            _ => None,
        });
        if let Some(value) = value {
            reply.headers.push((name.clone(), value));
        }
    }
    reply
}

/// Why an action did not happen.
enum Failure {
    NotFound,
    /// A webhook that belongs to the owner header's owner, acted on without the header.
    Unowned(String),
    /// Parameters given together that exclude each other.
    Exclusive(Vec<String>),
    /// The webhook a parameter names (a paging cursor) is not there.
    NoSuch(String),
    /// A page number that names no page, refused as the listing's `invalid_page` says.
    InvalidPage(hookspec_dialects::behaviour::Reply),
    Refused(Refused),
}

impl From<Refused> for Failure {
    fn from(refused: Refused) -> Failure {
        Failure::Refused(refused)
    }
}

fn act(mock: &mut Mock, action: &Action, accepted: &Accepted, request: &Incoming) -> Result<Reply, Failure> {
    let (status, schema) = mock.contract.success(&accepted.operation);
    let schema = schema.cloned();
    let document = &mock.contract.document;
    let rules = &mock.provider.behaviour.webhooks;
    let mut body = match &accepted.body {
        Some(Value::Object(body)) => body.clone(),
        _ => Map::new(),
    };
    if matches!(action, Action::Create(_) | Action::Replace(_)) {
        for (name, default) in mock.contract.body_defaults(&accepted.operation) {
            body.entry(name).or_insert(default);
        }
    }
    let key = records::owner(rules, request, &accepted.parameters);
    // The owners whose webhooks the request sees: its own, and the account's where some webhooks
    // belong to the account (an empty key).
    let keys: Vec<String> = if rules.account_events.is_empty() || key.is_empty() {
        vec![key.clone()]
    } else {
        vec![key.clone(), String::new()]
    };
    let owned = mock.store.owned(&key);
    let replaced = match action {
        Action::Replace(which) => which.parameter.as_deref(),
        _ => None,
    };
    let context = records::Context {
        owner_id: owned.id.clone(),
        base: format!("{}{}", request.origin(), mock.base),
        collection: collection(&accepted.path, &request.path, &mock.base, replaced),
        parameters: accepted.parameters.clone(),
    };
    let webhook_schema = match action {
        Action::List(listing) => items_schema(document, schema.as_ref(), listing),
        _ => schema.clone(),
    };
    let by = |parameter: &str| Target { parameter: Some(parameter.to_owned()), argument: None, answer: None };
    let filters = filters(document, accepted, action, webhook_schema.as_ref());
    let visible = |record: &Record| {
        filters.iter().all(|(field, value)| record.get(field).is_some_and(|found| found == value))
    };
    let named = |target: &Target, record: &Record| {
        let id = target.parameter.as_ref().and_then(|name| accepted.parameters.get(name));
        id.is_some_and(|id| same_id(record.get(&rules.id.field), id)) && visible(record)
    };
    // The owner key and position of the webhook a target names, among those the request sees; a
    // webhook of another owner that the request cannot name without its header is refused so.
    let found = |store: &mut records::Store, target: &Target| -> Result<(String, usize), Failure> {
        for key in &keys {
            if let Some(index) = store.owned(key).webhooks.iter().position(|record| named(target, record)) {
                return Ok((key.clone(), index));
            }
        }
        match (&rules.owner, key.is_empty() && !rules.account_events.is_empty()) {
            (Some(Owner::Header(header)), true) if store.all().any(|record| named(target, record)) => {
                Err(Failure::Unowned(header.clone()))
            }
            _ => Err(Failure::NotFound),
        }
    };
    // Where a webhook is kept: the account's, when every event it subscribes to belongs to the
    // account; else the request's owner's, which the request must name.
    let home = |record: &Record| -> Result<String, Failure> {
        if rules.account_events.is_empty() {
            return Ok(key.clone());
        }
        let events =
            (mock.provider.wire.webhook)(&Value::Object(record.clone())).map(|webhook| webhook.events);
        let account = events.is_ok_and(|events| {
            !events.is_empty()
                && events
                    .iter()
                    .all(|event| rules.account_events.iter().any(|prefix| event.starts_with(prefix)))
        });
        match (&rules.owner, account, key.is_empty()) {
            (_, true, _) => Ok(String::new()),
            (Some(Owner::Header(header)), false, true) => Err(Failure::Unowned(header.clone())),
            _ => Ok(key.clone()),
        }
    };
    match action {
        Action::List(listing) => {
            let mut seen: Vec<Record> = Vec::new();
            for key in &keys {
                seen.extend(mock.store.owned(key).webhooks.iter().filter(|record| visible(record)).cloned());
            }
            let mut matching: Vec<&Record> = seen.iter().collect();
            if listing.order == Order::NewestFirst {
                matching.reverse();
            }
            let show = |record: &&Record| shown(rules, document, webhook_schema.as_ref(), record);
            let id = |record: &&Record| record.get(&rules.id.field).cloned();
            let (body, link) = paging::list(listing, accepted, request, &matching, id, show)?;
            let mut reply = Reply::json(status, body);
            reply.headers.extend(link.map(|link| ("Link".to_owned(), link)));
            Ok(reply)
        }
        Action::Create(_) => {
            // Every rule is checked before anything is stored: a refused create leaves no record.
            let record = records::make(&mut mock.store, mock.provider, &context, body, None)?;
            let home = home(&record)?;
            check_unique(rules, &mock.store.owned(&home).webhooks, &record, None)?;
            mock.check_canonical(&record, schema.as_ref())?;
            let answer = shown_as(rules, &mock.contract.document, schema.as_ref(), &record, true);
            mock.store.owned(&home).webhooks.push(record);
            Ok(Reply::json(status, answer))
        }
        Action::Retrieve(which) => {
            let (owner, index) = found(&mut mock.store, which)?;
            let record = &mock.store.owned(&owner).webhooks[index];
            Ok(Reply::json(status, shown(rules, document, schema.as_ref(), record)))
        }
        Action::Update(which) | Action::Replace(which) => {
            let (owner, index) = found(&mut mock.store, which)?;
            let mut changed = mock.store.owned(&owner).webhooks[index].clone();
            if matches!(action, Action::Update(_)) {
                records::update(mock.provider, &mut changed, body)?;
            } else {
                let kept = changed.clone();
                changed = records::make(&mut mock.store, mock.provider, &context, body, Some(&kept))?;
            }
            // A change of events may move it to another owner's webhooks (the account's, or back).
            let home = home(&changed)?;
            let kept_at = (home == owner).then_some(index);
            check_unique(rules, &mock.store.owned(&home).webhooks, &changed, kept_at)?;
            mock.check_canonical(&changed, schema.as_ref())?;
            let shown_record =
                shown(&mock.provider.behaviour.webhooks, &mock.contract.document, schema.as_ref(), &changed);
            if home == owner {
                mock.store.owned(&owner).webhooks[index] = changed;
            } else {
                mock.store.owned(&owner).webhooks.remove(index);
                mock.store.owned(&home).webhooks.push(changed);
            }
            Ok(Reply::json(status, shown_record))
        }
        Action::Delete(which) => {
            let (owner, index) = found(&mut mock.store, which)?;
            let mut deleted = mock.store.owned(&owner).webhooks.remove(index);
            match (&which.answer, &schema) {
                (Some(answer), Some(schema)) => {
                    deleted.extend(answer.clone());
                    Ok(Reply::json(status, records::render(document, Some(schema), &deleted)))
                }
                _ => Ok(Reply { status, body: None, headers: Vec::new() }),
            }
        }
        Action::ListEventTypes(object) => Ok(Reply::json(
            status,
            // An event type the documentation gives no usable ID is not one the API can list.
            Value::Array(
                mock.provider
                    .catalogue
                    .events
                    .iter()
                    .filter(|event| event.id.is_some())
                    .map(|event| event_type(object, event))
                    .collect(),
            ),
        )),
        Action::RetrieveEventType { id, object } => {
            let wanted = accepted.parameters.get(id).and_then(Value::as_str);
            let event = mock.provider.catalogue.events.iter().find(|event| event.id.as_deref() == wanted);
            Ok(Reply::json(status, event_type(object, event.ok_or(Failure::NotFound)?)))
        }
        Action::Deliver(delivering) => {
            let (owner, index) = found(&mut mock.store, &by(&delivering.parameter))?;
            let record = mock.store.owned(&owner).webhooks[index].clone();
            let events = (mock.provider.wire.webhook)(&Value::Object(record.clone()))
                .map(|webhook| webhook.events)
                .unwrap_or_default();
            let event =
                delivering.event.clone().or_else(|| events.first().cloned()).ok_or(Failure::NotFound)?;
            let wildcard = mock.provider.wire.wildcard;
            let covered = events
                .iter()
                .any(|subscribed| hookspec_dialects::Wildcard::covers(wildcard, subscribed, &event));
            if covered || !delivering.if_subscribed {
                mock.pending.push(Pending { owner, record, event, again: None });
            }
            Ok(Reply { status, body: None, headers: Vec::new() })
        }
        Action::Nested(nested) => {
            let (owner, index) = found(&mut mock.store, &by(&nested.parameter))?;
            if accepted.body.is_some() {
                let mut changed = mock.store.owned(&owner).webhooks[index].clone();
                let changes = Map::from_iter([(nested.field.clone(), Value::Object(body))]);
                records::update(mock.provider, &mut changed, changes)?;
                mock.check_canonical(&changed, None)?;
                mock.store.owned(&owner).webhooks[index] = changed;
            }
            let record = &mock.store.owned(&owner).webhooks[index];
            let whole = shown(rules, &mock.contract.document, None, record);
            let part = match whole.get(&nested.field) {
                Some(Value::Object(part)) => part.clone(),
                _ => Map::new(),
            };
            Ok(Reply::json(status, records::render(&mock.contract.document, schema.as_ref(), &part)))
        }
        Action::ListDeliveries(listing) => {
            let (owner, index) = found(&mut mock.store, &by(&listing.parameter))?;
            let record = mock.store.owned(&owner).webhooks[index].clone();
            history::list(mock, &listing.listing, accepted, request, (&owner, &record), schema.as_ref())
        }
        Action::RetrieveDelivery(which) => {
            let (owner, index) = found(&mut mock.store, &by(&which.parameter))?;
            let record = mock.store.owned(&owner).webhooks[index].clone();
            let attempt = history::find(mock, &which.delivery, accepted, (&owner, &record))?;
            Ok(Reply::json(status, history::show(mock, schema.as_ref(), &attempt, &record)))
        }
        Action::Redeliver(which) => {
            let (owner, index) = found(&mut mock.store, &by(&which.parameter))?;
            let record = mock.store.owned(&owner).webhooks[index].clone();
            let attempt = history::find(mock, &which.delivery, accepted, (&owner, &record))?;
            let again = Some((attempt.delivery, attempt.payload));
            mock.pending.push(Pending { owner, record, event: attempt.event, again });
            Ok(Reply { status, body: history::empty(mock, schema.as_ref()), headers: Vec::new() })
        }
        Action::SetEnabled { .. } => Err(Failure::NotFound),
    }
}

/// A webhook as an answer shows it (by `schema`): the secret masked where the provider masks it,
/// and left out of every answer but its creation's where only that one shows it.
fn shown_as(
    rules: &hookspec_dialects::behaviour::Webhooks,
    document: &Value,
    schema: Option<&Value>,
    record: &Record,
    creating: bool,
) -> Value {
    let mut shown = records::render(document, schema, record);
    let mut path: Vec<&str> = rules.secret.field.split('.').collect();
    let last = path.pop().unwrap_or_default();
    let holder = path.iter().try_fold(&mut shown, |value, name| value.get_mut(*name));
    if let Some(Value::Object(fields)) = holder {
        if rules.secret.only_on_create && !creating {
            fields.shift_remove(last);
        } else if let (Some(mask), Some(secret)) = (&rules.secret.masked, fields.get_mut(last))
            && !secret.is_null()
        {
            *secret = Value::String(mask.clone());
        }
    }
    shown
}

/// A webhook as answers other than its creation show it.
fn shown(
    rules: &hookspec_dialects::behaviour::Webhooks,
    document: &Value,
    schema: Option<&Value>,
    record: &Record,
) -> Value {
    shown_as(rules, document, schema, record, false)
}

/// The query parameters that name a property of the webhook's schema, with their values: every
/// one filters.
fn filters(
    document: &Value,
    accepted: &Accepted,
    action: &Action,
    webhook: Option<&Value>,
) -> Vec<(String, Value)> {
    let webhook = webhook.map(|schema| hookspec_toolkit::lookup::resolve(document, schema));
    let properties = webhook.as_ref().and_then(|schema| schema.get("properties")).and_then(Value::as_object);
    let paging: Vec<&String> = match action {
        Action::List(Listing { paging: Some(paging), .. }) => paging.parameters(),
        _ => Vec::new(),
    };
    accepted
        .query
        .iter()
        .filter(|name| !paging.contains(name))
        .filter(|name| properties.is_some_and(|properties| properties.contains_key(name.as_str())))
        .filter_map(|name| Some((name.clone(), accepted.parameters.get(name)?.clone())))
        .collect()
}

/// The listing's answer to a page number that names no page, when the request is refused only
/// over a page-number list's page parameter (a page that is not a whole number) and the listing
/// refuses such a page apart from other invalid parameters.
fn invalid_page<'a>(
    mock: &'a Mock,
    request: &Incoming,
    errors: &[FieldError],
) -> Option<&'a hookspec_dialects::behaviour::Reply> {
    if request.method != "GET" || errors.is_empty() {
        return None;
    }
    mock.provider.behaviour.operations.values().find_map(|action| match action.listing() {
        Some(Listing {
            paging: Some(Paging::PageNumber { page, .. }), invalid_page: Some(reply), ..
        }) if errors.iter().all(|error| error.field.as_deref() == Some(page.as_str())) => Some(reply),
        _ => None,
    })
}

/// The path of the collection a webhook is in, under the server's path `base`: the request's
/// `path` up to the segment of the webhook's id, the path parameter `parameter` of the operation's
/// path `template` (the whole path without one).
fn collection(template: &str, path: &str, base: &str, parameter: Option<&str>) -> String {
    let cut = parameter.map(|name| format!("{{{name}}}"));
    let kept: Vec<&str> = template
        .split('/')
        .zip(path.split('/'))
        .take_while(|(segment, _)| cut.as_deref() != Some(*segment))
        .map(|(_, value)| value)
        .collect();
    let kept = kept.join("/");
    kept.strip_prefix(base).unwrap_or(&kept).to_owned()
}

/// Whether a webhook's id field holds `id` (a path parameter is text; an id may be a number).
fn same_id(field: Option<&Value>, id: &Value) -> bool {
    match (field, id) {
        (Some(field), id) if field == id => true,
        (Some(Value::Number(number)), Value::String(text)) => number.to_string() == *text,
        _ => false,
    }
}

fn check_unique(
    rules: &hookspec_dialects::behaviour::Webhooks,
    webhooks: &[Record],
    record: &Record,
    except: Option<usize>,
) -> Result<(), Refused> {
    let id = record.get(&rules.id.field);
    let taken = webhooks
        .iter()
        .enumerate()
        .any(|(index, other)| Some(index) != except && id.is_some() && other.get(&rules.id.field) == id);
    if taken { Err(Refused::Conflict(rules.id.field.clone(), "conflict".into())) } else { Ok(()) }
}

/// The schema of a list's items: the envelope's items field's, or the bare array's.
fn items_schema(document: &Value, schema: Option<&Value>, listing: &Listing) -> Option<Value> {
    let schema = hookspec_toolkit::lookup::resolve(document, schema?);
    let array = match &listing.envelope {
        Some(envelope) => {
            let (field, _) = envelope.iter().find(|(_, value)| **value == EnvelopeField::Items)?;
            hookspec_toolkit::lookup::resolve(document, schema.get("properties")?.get(field)?)
        }
        None => schema,
    };
    array.get("items").cloned()
}

/// An event type of the catalogue, as `object` shows it.
fn event_type(
    object: &hookspec_dialects::behaviour::EventTypeObject,
    event: &hookspec_dialects::events::Event,
) -> Value {
    Value::Object(
        object
            .iter()
            .map(|(key, value)| {
                let value = match value {
                    Value::String(text) if text == "{id}" => {
                        event.id.clone().map_or(Value::Null, Value::String)
                    }
                    Value::String(text) if text == "{name}" => Value::String(event.name.clone()),
                    other => other.clone(),
                };
                (key.clone(), value)
            })
            .collect(),
    )
}
