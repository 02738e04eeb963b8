//! Equals Money's behaviour: `Authorization: ApiKey <key>`, one event type per webhook (named by
//! its name or its ID), limit/offset paging with filters, an `accountId` scope, and retries every
//! 5 minutes for two weeks. Equals Money does not document its error bodies: the sandbox answers
//! `{"message": ..., "errors": [...]}` with 400, 401, 404 or 405, all inside the document's
//! `4XX`.

use hookspec_dialects::equals_money::{EventTypeName, NewWebhook, Webhook, WebhookUpdate};
use hookspec_model as model;
use serde_json::{Value, json};

use crate::contract::{Checked, Contract, Incoming, Refusal};
use crate::deliveries::{Retries, Target};
use crate::{Provider, Reply};

/// The event types and their IDs, from the table of "How it works"
/// (<https://docs.equalsmoney.com/pages/webhooks/how-it-works>), which gives `OrderCreated` and
/// `OrderCancelled` the same ID (looked up by that ID, the first wins). `CardStateUpdated` is not
/// in that table; its ID is from an earlier version of the page.
const EVENT_TYPES: [(&str, &str); 14] = [
    ("AccountCreated", "7e71bf60-40f3-489f-bd09-e03035d5cd0a"),
    ("AccountActivated", "a4dcc403-41aa-4f2e-acf6-32dbaec78e72"),
    ("RecipientCreated", "64b18e0e-4561-4509-ad35-ecc8d342d291"),
    ("RecipientDeleted", "ed6dfe0e-6cf2-43d5-9f35-aebf873f4e77"),
    ("BoxCredited", "25d5b682-7449-4d07-b6fc-7c9bf1239561"),
    ("BoxDebited", "fc05160e-0f0c-44e0-87a8-e2f093b09ff4"),
    ("OrderCreated", "06e852d1-fcd5-43e6-babe-65a06a43266b"),
    ("OrderCompleted", "4649fed2-1b40-4d8b-b947-bd0e60a2c2e5"),
    ("OrderCancelled", "06e852d1-fcd5-43e6-babe-65a06a43266b"),
    ("FeeCreated", "b5af8772-a4a8-4296-b63a-e38744f07bfe"),
    ("3DSAuthRequest", "2704f4e3-7790-43a0-905c-e0a6aaf89cdd"),
    ("CardTransaction", "da153b21-9c8d-46d2-8911-83c6da10655a"),
    ("CardStateUpdated", "66854098-aac7-4084-938e-bc2e62fb6a44"),
    ("DigitalWalletTokenTransition", "c1a5f01c-67e4-48e5-8cd3-5866b6aa8c85"),
];

/// When the sandbox started: the event types' `createdAt` and `updatedAt`.
const EPOCH: &str = "2024-01-01T00:00:00.000Z";

/// What Equals Money keeps beside the canonical webhook, which has no place for it.
struct Record {
    webhook: model::Webhook,
    product_id: String,
    account_id: Option<String>,
    event_type_id: String,
    authorization_header: Option<String>,
    created_at: String,
    updated_at: String,
}

pub(crate) struct EqualsMoney {
    contract: Contract,
    webhooks: Vec<Record>,
    /// The product each API key belongs to, in the order keys were first seen.
    products: Vec<(String, String)>,
}

impl EqualsMoney {
    pub(crate) fn new() -> Result<EqualsMoney, String> {
        let contract = Contract::new(
            "spec/equals-money/openapi.yaml",
            include_str!("../../../spec/equals-money/openapi.yaml"),
        )?;
        Ok(EqualsMoney { contract, webhooks: Vec::new(), products: Vec::new() })
    }

    fn product(&mut self, key: &str) -> String {
        if let Some((_, product)) = self.products.iter().find(|(known, _)| known == key) {
            return product.clone();
        }
        let product = uuid::Uuid::new_v4().to_string();
        self.products.push((key.to_owned(), product.clone()));
        product
    }

    fn handle(&mut self, key: &str, checked: Checked) -> Reply {
        let product = self.product(key);
        let account = checked.text("accountId").map(str::to_owned);
        let visible = |record: &Record| {
            record.product_id == product
                && account.as_ref().is_none_or(|account| record.account_id.as_ref() == Some(account))
        };
        let position = |webhooks: &[Record]| {
            let id = checked.text("webhookId").unwrap_or_default();
            webhooks.iter().position(|record| record.webhook.id == id && visible(record))
        };
        let body = checked.body.clone().unwrap_or(Value::Null);
        match checked.operation.as_str() {
            "listWebhookEventTypes" => {
                Reply::json(200, Value::Array(EVENT_TYPES.iter().map(event_type).collect()))
            }
            "retrieveWebhookEventType" => {
                let id = checked.text("webhookEventTypeId").unwrap_or_default();
                match EVENT_TYPES.iter().find(|(_, known)| *known == id) {
                    Some(found) => Reply::json(200, event_type(found)),
                    None => not_found("event type"),
                }
            }
            "listWebhooks" => {
                let limit = checked.integer("limit").unwrap_or(100);
                let offset = checked.integer("offset").unwrap_or(0);
                let enabled = checked.parameters.get("enabled").and_then(Value::as_bool);
                let type_id = checked.text("webhookEventTypeId");
                let type_name = checked.text("webhookEventTypeName");
                let matching: Vec<&Record> = self
                    .webhooks
                    .iter()
                    .filter(|record| visible(record))
                    .filter(|record| enabled.is_none_or(|enabled| record.webhook.enabled == enabled))
                    .filter(|record| type_id.is_none_or(|id| record.event_type_id == id))
                    .filter(|record| {
                        type_name.is_none_or(|name| record.webhook.events.iter().any(|event| event == name))
                    })
                    .collect();
                let rows: Vec<Value> = matching
                    .iter()
                    .skip(usize::try_from(offset).unwrap_or(usize::MAX))
                    .take(usize::try_from(limit).unwrap_or(usize::MAX))
                    .map(|record| render(record))
                    .collect();
                Reply::json(
                    200,
                    json!({"count": matching.len(), "limit": limit, "offset": offset, "rows": rows}),
                )
            }
            "createWebhook" => {
                let new = match serde_json::from_value::<NewWebhook>(body) {
                    Ok(new) => new,
                    Err(error) => return invalid(vec![error.to_string()]),
                };
                let by_name = new.webhook_event_type_name.as_ref().map(|name| name.0.as_str());
                let found = EVENT_TYPES.iter().find(|(name, id)| {
                    by_name.is_none_or(|wanted| wanted == *name)
                        && new.webhook_event_type_id.as_deref().is_none_or(|wanted| wanted == *id)
                });
                let Some((name, id)) = found else {
                    return invalid(vec!["No webhook event type has this name and ID.".into()]);
                };
                let now = timestamp();
                let account_id = new.account_id.clone();
                let authorization_header = new.authorization_header.clone();
                let named =
                    NewWebhook { webhook_event_type_name: Some(EventTypeName((*name).to_owned())), ..new };
                let input = match model::WebhookInput::try_from(named) {
                    Ok(input) => input,
                    Err(error) => return invalid(vec![error.to_string()]),
                };
                let record = Record {
                    webhook: model::Webhook::register(uuid::Uuid::new_v4().to_string(), input),
                    product_id: product,
                    account_id,
                    event_type_id: (*id).to_owned(),
                    authorization_header,
                    created_at: now.clone(),
                    updated_at: now,
                };
                let reply = Reply::json(201, render(&record));
                self.webhooks.push(record);
                reply
            }
            "retrieveWebhook" => match position(&self.webhooks) {
                Some(index) => Reply::json(200, render(&self.webhooks[index])),
                None => not_found("webhook"),
            },
            "updateWebhook" => {
                let Some(index) = position(&self.webhooks) else { return not_found("webhook") };
                let update = match serde_json::from_value::<WebhookUpdate>(body) {
                    Ok(update) => update,
                    Err(error) => return invalid(vec![error.to_string()]),
                };
                let record = &mut self.webhooks[index];
                if let Some(header) = update.authorization_header.clone() {
                    record.authorization_header = Some(header);
                }
                record.webhook.apply(model::WebhookPatch::from(update));
                record.updated_at = timestamp();
                Reply::json(200, render(record))
            }
            "deleteWebhook" => match position(&self.webhooks) {
                Some(index) => {
                    self.webhooks.remove(index);
                    Reply { status: 204, body: None }
                }
                None => not_found("webhook"),
            },
            other => Reply::json(405, json!({"message": format!("`{other}` is not served by the sandbox.")})),
        }
    }
}

impl Provider for EqualsMoney {
    fn contract(&self) -> &Contract {
        &self.contract
    }

    fn answer(&mut self, request: &Incoming) -> Reply {
        let key = request.header("authorization").and_then(|value| value.strip_prefix("ApiKey "));
        let Some(key) = key.map(str::trim).filter(|key| !key.is_empty()).map(str::to_owned) else {
            return Reply::json(
                401,
                json!({"message": "Unauthorized: send `Authorization: ApiKey <api key>`."}),
            );
        };
        match self.contract.check(request) {
            Ok(checked) => self.handle(&key, checked),
            Err(Refusal::NoSuchPath) => not_found("resource"),
            Err(Refusal::MethodNotAllowed) => Reply::json(
                405,
                json!({"message": format!("Method {} is not allowed here.", request.method)}),
            ),
            Err(Refusal::Malformed(message)) => invalid(vec![message]),
            Err(Refusal::Invalid(errors)) => invalid(
                errors
                    .into_iter()
                    .map(|error| match error.field {
                        Some(field) => format!("{field}: {}", error.message),
                        None => error.message,
                    })
                    .collect(),
            ),
        }
    }

    fn subscribers(&self, event: &str) -> Vec<Target> {
        self.webhooks
            .iter()
            .filter(|record| record.webhook.enabled && record.webhook.events.iter().any(|name| name == event))
            .map(|record| Target {
                headers: record
                    .authorization_header
                    .iter()
                    .map(|value| ("Authorization".to_owned(), value.clone()))
                    .collect(),
                ..Target::of(&record.webhook)
            })
            .collect()
    }

    /// Every event payload carries its `webhookEventTypeName` and a `messageId`.
    fn payload(&self, event: &str, data: Value) -> Value {
        let mut payload = match data {
            Value::Object(fields) => fields,
            other => return other,
        };
        payload.insert("webhookEventTypeName".into(), event.into());
        payload.insert("messageId".into(), uuid::Uuid::new_v4().to_string().into());
        Value::Object(payload)
    }

    /// "Every 5 minutes for a period of two weeks": 4,032 retries.
    fn retries(&self) -> Retries {
        Retries::Every { seconds: 5 * 60, count: 14 * 24 * 12 }
    }
}

fn render(record: &Record) -> Value {
    let webhook = Webhook {
        id: record.webhook.id.clone(),
        product_id: record.product_id.clone(),
        account_id: record.account_id.clone(),
        webhook_event_type_id: record.event_type_id.clone(),
        url: record.webhook.url.clone(),
        enabled: record.webhook.enabled,
        authorization_header: record.authorization_header.clone(),
        shared_secret: record.webhook.secret.clone(),
        created_at: record.created_at.clone(),
        updated_at: record.updated_at.clone(),
        webhook_event_type_name: EventTypeName(record.webhook.events.first().cloned().unwrap_or_default()),
    };
    serde_json::to_value(webhook).unwrap_or(Value::Null)
}

fn event_type((name, id): &(&str, &str)) -> Value {
    json!({"id": id, "name": name, "enabled": true, "createdAt": EPOCH, "updatedAt": EPOCH})
}

fn timestamp() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn not_found(what: &str) -> Reply {
    Reply::json(404, json!({"message": format!("No {what} has this ID.")}))
}

fn invalid(errors: Vec<String>) -> Reply {
    Reply::json(400, json!({"message": "The request is invalid.", "errors": errors}))
}
