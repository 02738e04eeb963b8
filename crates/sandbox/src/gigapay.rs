//! Gigapay's behaviour: `Authorization: Token <key>` plus `Integration-ID`, webhooks kept per
//! integration (ids are unique per integration), page-number paging with absolute links,
//! Django REST framework's error bodies (`detail`, or each invalid field with its messages), and
//! retries "up to 10 times, with exponential backoff".

use std::collections::BTreeMap;

use hookspec_dialects::gigapay::{Webhook, WebhookInput, WebhookReplacement, WebhookUpdate};
use hookspec_model as model;
use serde_json::{Value, json};

use crate::contract::{Checked, Contract, FieldError, Incoming, Refusal};
use crate::deliveries::{Retries, Target};
use crate::{Provider, Reply, random_hex};

pub(crate) struct Gigapay {
    contract: Contract,
    /// Webhooks by integration, in the order they were registered.
    webhooks: BTreeMap<String, Vec<model::Webhook>>,
}

impl Gigapay {
    pub(crate) fn new() -> Result<Gigapay, String> {
        let contract =
            Contract::new("spec/gigapay/openapi.yaml", include_str!("../../../spec/gigapay/openapi.yaml"))?;
        Ok(Gigapay { contract, webhooks: BTreeMap::new() })
    }

    fn handle(&mut self, request: &Incoming, checked: Checked) -> Reply {
        let integration = checked.text("Integration-ID").unwrap_or_default().to_owned();
        let webhooks = self.webhooks.entry(integration).or_default();
        let position = |webhooks: &[model::Webhook]| {
            let id = checked.text("id").unwrap_or_default();
            webhooks.iter().position(|webhook| webhook.id == id)
        };
        let body = checked.body.clone().unwrap_or(Value::Null);
        match checked.operation.as_str() {
            "listWebhooks" => {
                let page = checked.integer("page").unwrap_or(1).max(1);
                let size = checked.integer("page_size").unwrap_or(25).clamp(1, 1000);
                let link =
                    |page: u64| format!("{}/v2/webhooks/?page={page}&page_size={size}", request.origin());
                let count = webhooks.len() as u64;
                let skip = usize::try_from((page - 1).saturating_mul(size)).unwrap_or(usize::MAX);
                let results: Vec<Value> = webhooks
                    .iter()
                    .skip(skip)
                    .take(usize::try_from(size).unwrap_or(usize::MAX))
                    .map(render)
                    .collect();
                let next = ((page.saturating_mul(size)) < count).then(|| link(page + 1));
                let previous = (page > 1).then(|| link(page - 1));
                Reply::json(
                    200,
                    json!({"count": count, "next": next, "previous": previous, "results": results}),
                )
            }
            "registerWebhook" => match serde_json::from_value::<WebhookInput>(body) {
                Ok(input) => {
                    let input = model::WebhookInput::from(input);
                    let id = input.id.clone().unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                    if webhooks.iter().any(|webhook| webhook.id == id) {
                        return duplicate();
                    }
                    let webhook = settle(id, input);
                    let reply = Reply::json(201, render(&webhook));
                    webhooks.push(webhook);
                    reply
                }
                Err(error) => invalid(&error.to_string()),
            },
            "retrieveWebhook" => match position(webhooks) {
                Some(index) => Reply::json(200, render(&webhooks[index])),
                None => not_found(),
            },
            "updateWebhook" => {
                let Some(index) = position(webhooks) else { return not_found() };
                let patch = match serde_json::from_value::<WebhookUpdate>(body) {
                    Ok(update) => model::WebhookPatch::from(update),
                    Err(error) => return invalid(&error.to_string()),
                };
                if let Some(id) = &patch.id
                    && webhooks.iter().enumerate().any(|(other, webhook)| other != index && &webhook.id == id)
                {
                    return duplicate();
                }
                let webhook = &mut webhooks[index];
                webhook.apply(patch);
                Reply::json(200, render(webhook))
            }
            "replaceWebhook" => {
                let Some(index) = position(webhooks) else { return not_found() };
                let input = match serde_json::from_value::<WebhookReplacement>(body) {
                    Ok(replacement) => model::WebhookInput::from(WebhookInput::from(replacement)),
                    Err(error) => return invalid(&error.to_string()),
                };
                let id = input.id.clone().unwrap_or_else(|| webhooks[index].id.clone());
                if webhooks.iter().enumerate().any(|(other, webhook)| other != index && webhook.id == id) {
                    return duplicate();
                }
                webhooks[index] = settle(id, input);
                Reply::json(200, render(&webhooks[index]))
            }
            "deleteWebhook" => match position(webhooks) {
                Some(index) => {
                    webhooks.remove(index);
                    Reply { status: 204, body: None }
                }
                None => not_found(),
            },
            other => Reply::json(405, json!({"detail": format!("`{other}` is not served by the sandbox.")})),
        }
    }
}

impl Provider for Gigapay {
    fn contract(&self) -> &Contract {
        &self.contract
    }

    fn answer(&mut self, request: &Incoming) -> Reply {
        let token = request.header("authorization").and_then(|value| value.strip_prefix("Token "));
        if token.is_none_or(|token| token.trim().is_empty()) {
            return Reply::json(401, json!({"detail": "Authentication credentials were not provided."}));
        }
        if request.header("integration-id").is_none_or(|id| id.trim().is_empty()) {
            return Reply::json(401, json!({"detail": "The Integration-ID header is missing."}));
        }
        match self.contract.check(request) {
            Ok(checked) if checked.body.as_ref().is_some_and(|body| body.get("id") == Some(&json!(""))) => {
                Reply::json(400, json!({"id": ["This field may not be blank."]}))
            }
            Ok(checked) => self.handle(request, checked),
            Err(Refusal::NoSuchPath) => not_found(),
            Err(Refusal::MethodNotAllowed) => {
                Reply::json(405, json!({"detail": format!("Method \"{}\" not allowed.", request.method)}))
            }
            Err(Refusal::Malformed(message)) => Reply::json(400, json!({"detail": message})),
            Err(Refusal::Invalid(errors)) => Reply::json(400, json!(by_field(&errors))),
        }
    }

    fn subscribers(&self, event: &str) -> Vec<Target> {
        self.webhooks
            .values()
            .flatten()
            .filter(|webhook| webhook.enabled && webhook.events.iter().any(|subscribed| subscribed == event))
            .map(Target::of)
            .collect()
    }

    /// Gigapay documents "up to 10 times, with exponential backoff", not the first delay: the
    /// sandbox assumes one minute, doubling.
    fn retries(&self) -> Retries {
        Retries::Doubling { first: 60, count: 10 }
    }
}

/// A webhook as registered from `input`: a random 32-character secret when left out, as Gigapay
/// documents (Gigapay cannot pause a webhook, so its inputs never say `enabled`).
fn settle(id: String, mut input: model::WebhookInput) -> model::Webhook {
    input.secret = Some(input.secret.unwrap_or_else(random_hex));
    model::Webhook::register(id, input)
}

/// Validation errors as Django REST framework writes them: each field with its messages, and
/// `non_field_errors` for the body as a whole.
fn by_field(errors: &[FieldError]) -> BTreeMap<String, Vec<String>> {
    let mut fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for error in errors {
        let field = error.field.clone().unwrap_or_else(|| "non_field_errors".to_owned());
        fields.entry(field).or_default().push(error.message.clone());
    }
    fields
}

fn render(webhook: &model::Webhook) -> Value {
    Webhook::try_from(webhook.clone())
        .ok()
        .and_then(|webhook| serde_json::to_value(webhook).ok())
        .unwrap_or(Value::Null)
}

fn not_found() -> Reply {
    Reply::json(404, json!({"detail": "Not found."}))
}

fn duplicate() -> Reply {
    Reply::json(400, json!({"id": ["webhook with this id already exists."]}))
}

fn invalid(message: &str) -> Reply {
    Reply::json(400, json!({"non_field_errors": [message]}))
}
