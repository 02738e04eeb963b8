//! ShipStream's behaviour: JSON-RPC 2.0 on `POST /api/jsonrpc`, `login` and
//! `call(session_id, method, arguments)`, HTTP Basic with a `null` session or a session `login`
//! answered, JSON-RPC error codes (the API's own as `-(32000 + n)`) always with HTTP 200, and
//! the documented retry schedule.
//!
//! Where ShipStream is silent the sandbox chooses, and says so: `webhook.delete` takes
//! `[webhook_id]` and answers `true`; a webhook created without `is_active` is active; one
//! created without `secret_key` gets a random one.

use std::collections::BTreeSet;

use base64::Engine;
use hookspec_dialects::shipstream::{Webhook, WebhookData};
use hookspec_model as model;
use serde_json::{Value, json};

use crate::contract::{Contract, Incoming, Refusal};
use crate::deliveries::{Retries, Target};
use crate::{Provider, Reply, random_hex};

/// "Up to 14 retries at +1m, +2m, +4m, +8m, +15m, +30m, +1h, +2h, +4h, +8h, +16h, +24h, +24h,
/// +24h", in seconds.
const RETRIES: [u64; 14] =
    [60, 120, 240, 480, 900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400, 86_400];

/// The API methods `call` reaches.
const METHODS: [&str; 4] = ["webhook.list", "webhook.create", "webhook.update_status", "webhook.delete"];

pub(crate) struct ShipStream {
    contract: Contract,
    sessions: BTreeSet<String>,
    webhooks: Vec<(model::Webhook, Option<String>)>,
    next_id: u64,
}

/// A JSON-RPC error: its code and message.
type Failure = (i64, String);

impl ShipStream {
    pub(crate) fn new() -> Result<ShipStream, String> {
        let contract = Contract::new(
            "spec/shipstream/openapi.yaml",
            include_str!("../../../spec/shipstream/openapi.yaml"),
        )?;
        Ok(ShipStream { contract, sessions: BTreeSet::new(), webhooks: Vec::new(), next_id: 1 })
    }

    /// Why a request the document refuses is refused, as the most specific JSON-RPC error.
    fn diagnose(&self, request: &Value, problems: Vec<String>) -> Failure {
        let method = request.get("method").and_then(Value::as_str);
        if request.get("jsonrpc") != Some(&json!("2.0")) || method.is_none() || !request["params"].is_array()
        {
            return (
                -32600,
                "Invalid Request: a JSON-RPC 2.0 request has `\"jsonrpc\": \"2.0\"`, a `method` and `params` as an array."
                    .into(),
            );
        }
        match method {
            Some("login") => {}
            Some("call") => {
                if let Some(api) = request["params"].get(1).and_then(Value::as_str)
                    && !METHODS.contains(&api)
                {
                    return (-32601, format!("Method not found: `{api}`."));
                }
            }
            Some(other) => {
                return (-32601, format!("Method not found: `{other}`; the methods are `login` and `call`."));
            }
            None => {}
        }
        (-32602, format!("Invalid params: {}", problems.join("; ")))
    }

    fn login(&mut self, params: &[Value]) -> Result<Value, Failure> {
        let filled =
            |value: Option<&Value>| value.and_then(Value::as_str).is_some_and(|text| !text.is_empty());
        if !filled(params.first()) || !filled(params.get(1)) {
            return Err((-32002, "Access denied.".into()));
        }
        let session = random_hex();
        self.sessions.insert(session.clone());
        Ok(json!(session))
    }

    fn call(&mut self, request: &Incoming, params: &[Value]) -> Result<Value, Failure> {
        match params.first() {
            Some(Value::String(session)) if self.sessions.contains(session) => {}
            Some(Value::String(_)) => return Err((-32005, "Session expired. Try to relogin.".into())),
            _ if !basic_credentials(request) => return Err((-32002, "Access denied.".into())),
            _ => {}
        }
        let method = params.get(1).and_then(Value::as_str).unwrap_or_default();
        let arguments = params.get(2).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        match method {
            "webhook.list" => Ok(Value::Array(
                self.webhooks.iter().map(|(webhook, extra)| render(webhook, extra.clone())).collect(),
            )),
            "webhook.create" => {
                let data: WebhookData = arguments
                    .first()
                    .cloned()
                    .and_then(|data| serde_json::from_value(data).ok())
                    .ok_or_else(|| (-32101, "Invalid data given.".to_owned()))?;
                let extra = data.extra_headers.clone();
                let mut input = model::WebhookInput::from(data);
                if input.url.is_empty() || input.events.iter().any(String::is_empty) {
                    return Err((
                        -32101,
                        "Invalid data given: `url` and every topic must be non-empty.".into(),
                    ));
                }
                input.secret = Some(input.secret.unwrap_or_else(random_hex));
                let webhook = model::Webhook::register(self.next_id.to_string(), input);
                self.next_id += 1;
                self.webhooks.push((webhook, extra));
                Ok(json!(true))
            }
            "webhook.update_status" => {
                let topic = arguments.first().and_then(Value::as_str).unwrap_or_default();
                let active = arguments.get(1).and_then(Value::as_u64) == Some(1);
                let mut changed = false;
                for (webhook, _) in &mut self.webhooks {
                    if webhook.events.iter().any(|subscribed| subscribed == topic) {
                        webhook.enabled = active;
                        changed = true;
                    }
                }
                if changed {
                    Ok(json!(true))
                } else {
                    Err((-32100, "Error changing status for specified webhook.".into()))
                }
            }
            "webhook.delete" => {
                let id = arguments.first().and_then(Value::as_u64).ok_or_else(|| {
                    (
                        -32602,
                        "Invalid params: the sandbox's `webhook.delete` takes `[webhook_id]`.".to_owned(),
                    )
                })?;
                let before = self.webhooks.len();
                self.webhooks.retain(|(webhook, _)| webhook.id != id.to_string());
                if self.webhooks.len() == before {
                    return Err((-32602, format!("Invalid params: no webhook has the id {id}.")));
                }
                Ok(json!(true))
            }
            other => Err((-32601, format!("Method not found: `{other}`."))),
        }
    }
}

impl Provider for ShipStream {
    fn contract(&self) -> &Contract {
        &self.contract
    }

    fn answer(&mut self, request: &Incoming) -> Reply {
        let checked = self.contract.check(request);
        let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
        let id = body.get("id").cloned().unwrap_or(Value::Null);
        let outcome = match checked {
            Err(Refusal::NoSuchPath) => return Reply::json(404, json!({"message": "Not found."})),
            Err(Refusal::MethodNotAllowed) => {
                return Reply::json(405, json!({"message": "The JSON-RPC endpoint takes POST only."}));
            }
            Err(Refusal::Malformed(message)) => Err((-32700, format!("Parse error: {message}"))),
            Err(Refusal::Invalid(problems)) => {
                Err(self.diagnose(&body, problems.into_iter().map(|problem| problem.message).collect()))
            }
            Ok(_) => {
                let params = body["params"].as_array().cloned().unwrap_or_default();
                match body["method"].as_str() {
                    Some("login") => self.login(&params),
                    _ => self.call(request, &params),
                }
            }
        };
        let id = if matches!(outcome, Err((-32700, _))) { Value::Null } else { id };
        Reply::json(
            200,
            match outcome {
                Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result, "error": null}),
                Err((code, message)) => {
                    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
                }
            },
        )
    }

    /// Webhooks whose topics include `event`, or a prefix pattern such as `order:*` that covers it.
    fn subscribers(&self, event: &str) -> Vec<Target> {
        let covers = |topic: &str| match topic.strip_suffix('*') {
            Some(prefix) => event.starts_with(prefix),
            None => topic == event,
        };
        self.webhooks
            .iter()
            .filter(|(webhook, _)| webhook.enabled && webhook.events.iter().any(|topic| covers(topic)))
            .map(|(webhook, _)| Target::of(webhook))
            .collect()
    }

    fn retries(&self) -> Retries {
        Retries::Listed(&RETRIES)
    }
}

/// Whether the request carries HTTP Basic credentials with a user and a key.
fn basic_credentials(request: &Incoming) -> bool {
    request
        .header("authorization")
        .and_then(|value| value.strip_prefix("Basic "))
        .and_then(|encoded| base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok())
        .and_then(|decoded| String::from_utf8(decoded).ok())
        .and_then(|text| text.split_once(':').map(|(user, key)| !user.is_empty() && !key.is_empty()))
        .unwrap_or(false)
}

fn render(webhook: &model::Webhook, extra_headers: Option<String>) -> Value {
    let wire = Webhook::try_from(webhook.clone()).map(|wire| Webhook { extra_headers, ..wire });
    wire.ok().and_then(|wire| serde_json::to_value(wire).ok()).unwrap_or(Value::Null)
}
