//! The webhooks a mock holds: each as the provider's JSON shows it, kept per owner, made and
//! changed as the provider's behaviour data says (ids, secrets, the fields the provider sets, the
//! event type named by its name or ID).

use std::collections::BTreeMap;

use hookspec_dialects::Provider;
use hookspec_dialects::behaviour::{Generate, Owner, ServerField, Slot, Webhooks};
use hookspec_dialects::events::Catalogue;
use serde_json::{Map, Value};

use crate::Incoming;

/// A webhook, as the provider's JSON shows it.
pub(crate) type Record = Map<String, Value>;

/// The webhooks of one owner, in the order they were made.
pub(crate) struct Owned {
    /// The owner's key: its header's value or its credential, empty when the provider has no owners.
    pub key: String,
    /// The UUID that stands for the owner, for an `owner_id` field.
    pub id: String,
    /// Its webhooks.
    pub webhooks: Vec<Record>,
}

/// Every owner's webhooks.
#[derive(Default)]
pub(crate) struct Store {
    owners: Vec<Owned>,
    sequence: u64,
}

/// Why a webhook cannot be made or changed: the field it is about, and what is wrong (a kind of
/// the provider's messages, or words of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Invalid input.
    Invalid(Option<String>, String),
    /// Invalid input, in words already the provider's.
    Said(Option<String>, String),
    /// A client-chosen id another webhook of the owner has.
    Conflict(String, String),
}

/// What a webhook is made in: the owner's UUID (for an `owner_id` field), the base URL the client
/// addressed, the path of the collection the webhook is in and the request's path parameters
/// (for the fields made from templates).
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub owner_id: String,
    pub base: String,
    pub collection: String,
    pub parameters: BTreeMap<String, Value>,
}

/// Whose webhooks a request acts on: its owner header's value, its credential, or the owner's
/// path parameters it has, by name and value; empty when the provider has no owners.
pub(crate) fn owner(rules: &Webhooks, request: &Incoming, parameters: &BTreeMap<String, Value>) -> String {
    match &rules.owner {
        Some(Owner::Header(name)) => request.header(name).unwrap_or_default().to_owned(),
        Some(Owner::Credential) => request.header("authorization").unwrap_or_default().to_owned(),
        Some(Owner::Parameters(names)) => {
            let given: Vec<(&String, String)> =
                names.iter().filter_map(|name| Some((name, text(parameters.get(name)?)))).collect();
            if given.is_empty() { String::new() } else { serde_json::json!(given).to_string() }
        }
        None => String::new(),
    }
}

impl Store {
    /// The webhooks of the owner `key` (see [`owner`]), made empty on first sight.
    pub fn owned(&mut self, key: &str) -> &mut Owned {
        let key = key.to_owned();
        let index = match self.owners.iter().position(|owned| owned.key == key) {
            Some(index) => index,
            None => {
                self.owners.push(Owned { key, id: uuid::Uuid::new_v4().to_string(), webhooks: Vec::new() });
                self.owners.len() - 1
            }
        };
        &mut self.owners[index]
    }

    /// Every webhook of every owner.
    pub fn all(&self) -> impl Iterator<Item = &Record> {
        self.owners.iter().flat_map(|owned| &owned.webhooks)
    }

    /// Every webhook of every owner, with the owner's key.
    pub fn each(&self) -> impl Iterator<Item = (&str, &Record)> {
        self.owners.iter().flat_map(|owned| owned.webhooks.iter().map(|record| (owned.key.as_str(), record)))
    }

    /// A fresh value made as `generate` says.
    pub fn generate(&mut self, generate: &Generate) -> Value {
        match generate {
            Generate::Uuid4 => Value::String(uuid::Uuid::new_v4().to_string()),
            Generate::Sequential => {
                self.sequence += 1;
                Value::from(self.sequence)
            }
            Generate::RandomHex(length) => Value::String(random(length, b"0123456789abcdef")),
            Generate::Prefixed { prefix, length } => Value::String(format!(
                "{prefix}{}",
                random(length, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
            )),
        }
    }
}

/// `length` characters drawn at random from `alphabet`.
fn random(length: &usize, alphabet: &[u8]) -> String {
    let mut text = String::with_capacity(*length);
    while text.len() < *length {
        for byte in uuid::Uuid::new_v4().as_bytes() {
            if text.len() < *length {
                text.push(char::from(alphabet[usize::from(*byte) % alphabet.len()]));
            }
        }
    }
    text
}

/// Makes a webhook from the client's `input` (a create or replace body), owned by `owned`:
/// the id and secret it leaves out generated, the provider's own fields set, the event type named
/// by its name or ID completed from the catalogue. `keep` is the webhook a replace replaces.
pub(crate) fn make(
    store: &mut Store,
    provider: &Provider,
    context: &Context,
    input: Map<String, Value>,
    keep: Option<&Record>,
) -> Result<Record, Refused> {
    let rules = &provider.behaviour.webhooks;
    let mut record = input;
    switch_by_flag(provider, &mut record, Some(keep.is_none_or(|kept| enabled(provider, kept))));
    write_fields(rules, &mut record, None);
    match (record.get(&rules.id.field), keep, &rules.id.generate) {
        (Some(Value::String(id)), _, _) if id.trim().is_empty() => {
            return Err(Refused::Invalid(Some(rules.id.field.clone()), "blank".into()));
        }
        (Some(_), _, _) => {}
        (None, Some(kept), _) => {
            if let Some(id) = kept.get(&rules.id.field) {
                record.insert(rules.id.field.clone(), id.clone());
            }
        }
        (None, None, Some(generate)) => {
            record.insert(rules.id.field.clone(), store.generate(generate));
        }
        (None, None, None) => {}
    }
    if let Some(generate) = &rules.secret.generate
        && hookspec_dialects::behaviour::field(&record, &rules.secret.field).is_none_or(Value::is_null)
    {
        set(&mut record, &rules.secret.field, store.generate(generate));
    }
    let now = now();
    for (field, value) in &rules.fields {
        let kept = keep.and_then(|kept| kept.get(field)).cloned();
        let value = match value {
            ServerField::OwnerId => Value::String(context.owner_id.clone()),
            ServerField::Template(template) => {
                let id = record.get(&rules.id.field).map(text).unwrap_or_default();
                Value::String(
                    template
                        .fill(|slot| match slot {
                            Slot::Base => Some(context.base.clone()),
                            Slot::Collection => Some(context.collection.clone()),
                            Slot::Webhook => Some(id.clone()),
                            Slot::Param(name) => context.parameters.get(name).map(text),
                            _ => None,
                        })
                        .unwrap_or_default(),
                )
            }
            ServerField::CreatedAt => kept.unwrap_or_else(|| Value::String(now.clone())),
            ServerField::UpdatedAt => Value::String(now.clone()),
            ServerField::CreatedUnix => kept.unwrap_or_else(|| Value::from(hookspec_signature::unix_now())),
            ServerField::Constant(value) => value.clone(),
            ServerField::Default(value) => match record.get(field) {
                Some(given) => given.clone(),
                None => value.clone(),
            },
        };
        record.insert(field.clone(), value);
    }
    name_event_type(rules, &provider.catalogue, &mut record)?;
    check_events(provider, &record)?;
    check_limits(provider, &record)?;
    Ok(record)
}

/// Applies a partial update: every field `changes` gives replaces the webhook's; the provider's
/// timestamps move.
pub(crate) fn update(
    provider: &Provider,
    record: &mut Record,
    changes: Map<String, Value>,
) -> Result<(), Refused> {
    let rules = &provider.behaviour.webhooks;
    if let Some(Value::String(id)) = changes.get(&rules.id.field)
        && id.trim().is_empty()
    {
        return Err(Refused::Invalid(Some(rules.id.field.clone()), "blank".into()));
    }
    let mut changes = changes;
    add_and_remove(rules, record, &mut changes);
    switch_by_flag(provider, &mut changes, None);
    write_fields(rules, &mut changes, Some(record));
    let mut changed = record.clone();
    changed.extend(changes);
    for (field, value) in &rules.fields {
        if *value == ServerField::UpdatedAt {
            changed.insert(field.clone(), Value::String(now()));
        }
    }
    name_event_type(rules, &provider.catalogue, &mut changed)?;
    check_events(provider, &changed)?;
    check_limits(provider, &changed)?;
    *record = changed;
    Ok(())
}

/// A value as text: a string as it is, anything else as JSON.
fn text(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}

/// Sets the field at `path` (names separated by dots), making the objects on the way.
fn set(record: &mut Record, path: &str, value: Value) {
    let mut names: Vec<&str> = path.split('.').collect();
    let last = names.pop().unwrap_or_default();
    let mut object = record;
    for name in names {
        let slot = object.entry(name.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        let Value::Object(inner) = slot else { return };
        object = inner;
    }
    object.insert(last.to_owned(), value);
}

/// Applies the add and remove fields of `changes` to the list fields they change: the items
/// added that the list lacks are appended, the items removed taken out.
fn add_and_remove(rules: &Webhooks, record: &Record, changes: &mut Record) {
    for (field, lists) in &rules.lists {
        let add = changes.remove(&lists.add);
        let remove = changes.remove(&lists.remove);
        if add.is_none() && remove.is_none() {
            continue;
        }
        let current = changes.get(field).or_else(|| record.get(field)).and_then(Value::as_array).cloned();
        let mut items = current.unwrap_or_default();
        for item in add.as_ref().and_then(Value::as_array).into_iter().flatten() {
            if !items.contains(item) {
                items.push(item.clone());
            }
        }
        if let Some(Value::Array(removed)) = &remove {
            items.retain(|item| !removed.contains(item));
        }
        changes.insert(field.clone(), Value::Array(items));
    }
}

/// For a switch set by a flag: takes the flag out of `body` and sets the switch's field from it
/// (`true` disables), else from `otherwise` (whether to enable; `None` leaves the field as it is).
/// A value the body gives the field itself is dropped.
fn switch_by_flag(provider: &Provider, body: &mut Record, otherwise: Option<bool>) {
    let Some(switch) = provider.wire.switch else { return };
    body.remove(switch.field);
    let enable = match body.remove(switch.flag) {
        Some(Value::Bool(disabled)) => Some(!disabled),
        _ => otherwise,
    };
    if let Some(enable) = enable {
        let value = if enable { switch.on } else { switch.off };
        body.insert(switch.field.to_owned(), Value::String(value.to_owned()));
    }
}

/// Reads `body`'s fields as the provider writes them: a field given as the empty string takes its
/// default again (when empty values reset), and a merged field keeps the keys of `kept`'s that it
/// does not give and loses those it gives empty.
fn write_fields(rules: &Webhooks, body: &mut Record, kept: Option<&Record>) {
    for (field, value) in body.iter_mut() {
        if rules.merged.contains(field)
            && let Value::Object(given) = value
        {
            let mut merged = match kept.and_then(|kept| kept.get(field)) {
                Some(Value::Object(kept)) => kept.clone(),
                _ => Map::new(),
            };
            for (key, item) in std::mem::take(given) {
                if item == "" {
                    merged.remove(&key);
                } else {
                    merged.insert(key, item);
                }
            }
            *value = Value::Object(merged);
        }
        if rules.empty_resets
            && *value == ""
            && let Some(ServerField::Default(default)) = rules.fields.get(field)
        {
            *value = default.clone();
        }
    }
}

/// Whether a webhook's switch is on (a provider without a switch: always).
fn enabled(provider: &Provider, record: &Record) -> bool {
    provider
        .wire
        .switch
        .is_none_or(|switch| record.get(switch.field).and_then(Value::as_str) != Some(switch.off))
}

/// Refuses a subscribed event the catalogue does not have (and that covers none of it by the
/// wire's wildcard), for a provider that lists the events a webhook takes.
fn check_events(provider: &Provider, record: &Record) -> Result<(), Refused> {
    let Some(field) = &provider.behaviour.webhooks.events else { return Ok(()) };
    let covers =
        |name: &str, event: &str| hookspec_dialects::Wildcard::covers(provider.wire.wildcard, name, event);
    let known = |name: &str| provider.catalogue.events.iter().any(|event| covers(name, event.subscription()));
    let names = record.get(field).and_then(Value::as_array).into_iter().flatten();
    match names.filter_map(Value::as_str).find(|name| !known(name)) {
        Some(_) => Err(Refused::Invalid(Some(field.clone()), "unknown_event_type".into())),
        None => Ok(()),
    }
}

/// Refuses an object field with more keys, or longer keys or values, than the provider's limits.
fn check_limits(provider: &Provider, record: &Record) -> Result<(), Refused> {
    let messages = &provider.behaviour.messages;
    for (field, limits) in &provider.behaviour.webhooks.limits {
        let Some(Value::Object(entries)) = record.get(field) else { continue };
        let refuse = |template: &str, limit: usize, key: &str| {
            let text = template.replace("{limit}", &limit.to_string()).replace("{key}", key);
            Err(Refused::Said(Some(field.clone()), text))
        };
        if let Some(limit) = limits.entries.filter(|limit| entries.len() > *limit) {
            return refuse(&messages.too_many_keys, limit, "");
        }
        for (key, value) in entries {
            if let Some(limit) = limits.key_length.filter(|limit| key.chars().count() > *limit) {
                return refuse(&messages.key_too_long, limit, key);
            }
            let length =
                value.as_str().map_or_else(|| value.to_string().chars().count(), |text| text.chars().count());
            if let Some(limit) = limits.value_length.filter(|limit| length > *limit) {
                return refuse(&messages.value_too_long, limit, key);
            }
        }
    }
    Ok(())
}

/// Completes the event type a webhook names by its name or its ID, refusing one the catalogue
/// does not have or a name and an ID that do not agree.
fn name_event_type(rules: &Webhooks, catalogue: &Catalogue, record: &mut Record) -> Result<(), Refused> {
    let Some(fields) = &rules.event_type else { return Ok(()) };
    let text = |field: &str| record.get(field).and_then(Value::as_str).map(str::to_owned);
    let (name, id) = (text(&fields.name), text(&fields.id));
    // An event type without an ID is one the documentation gives no usable ID: not subscribable here.
    let found = catalogue.events.iter().filter(|event| event.id.is_some()).find(|event| {
        name.as_ref().is_none_or(|name| *name == event.name)
            && id.as_ref().is_none_or(|id| event.id.as_ref() == Some(id))
    });
    match found {
        Some(event) if name.is_some() || id.is_some() => {
            record.insert(fields.name.clone(), Value::String(event.name.clone()));
            record.insert(fields.id.clone(), event.id.clone().map_or(Value::Null, Value::String));
            Ok(())
        }
        _ => Err(Refused::Invalid(None, "unknown_event_type".into())),
    }
}

/// The webhook's fields in the order of the schema's properties, null for a required property it
/// lacks that the schema lets be null; fields the schema does not have are left out.
pub(crate) fn render(document: &Value, schema: Option<&Value>, record: &Record) -> Value {
    let Some(schema) = schema.map(|schema| hookspec_toolkit::lookup::resolve(document, schema)) else {
        return Value::Object(record.clone());
    };
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Value::Object(record.clone());
    };
    let required: Vec<&str> =
        schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    let mut shown = Map::new();
    for (name, property) in properties {
        match record.get(name) {
            Some(value) => {
                shown.insert(name.clone(), in_its_type(document, property, value));
            }
            None if required.contains(&name.as_str()) && nullable(document, property) => {
                shown.insert(name.clone(), Value::Null);
            }
            None => {}
        }
    }
    Value::Object(shown)
}

/// `value` as an answer whose schema is `schema` shows it: a number where the schema has only a
/// string is the string the number reads as (a request may give `0` where the answer shows `"0"`:
/// a request's schema that takes either, an answer's that shows a string), inside objects too.
fn in_its_type(document: &Value, schema: &Value, value: &Value) -> Value {
    let schema = hookspec_toolkit::lookup::resolve(document, schema);
    match value {
        Value::Number(number) if schema["type"] == "string" => Value::String(number.to_string()),
        Value::Object(members) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            Value::Object(
                members
                    .iter()
                    .map(|(name, member)| {
                        let shown = match properties.and_then(|properties| properties.get(name)) {
                            Some(property) => in_its_type(document, property, member),
                            None => member.clone(),
                        };
                        (name.clone(), shown)
                    })
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// Whether a schema lets a value be null.
fn nullable(document: &Value, schema: &Value) -> bool {
    let schema = hookspec_toolkit::lookup::resolve(document, schema);
    let null = Value::String("null".into());
    match &schema["type"] {
        Value::String(kind) => kind == "null",
        Value::Array(kinds) => kinds.contains(&null),
        _ => ["anyOf", "oneOf"].iter().any(|keyword| {
            schema[keyword]
                .as_array()
                .is_some_and(|choices| choices.iter().any(|choice| nullable(document, choice)))
        }),
    }
}

/// Now, as the providers write their timestamps: RFC 3339, milliseconds, UTC.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
