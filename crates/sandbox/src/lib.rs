//! A sandbox for every provider: its API served from memory and checked against the published
//! document, and signed deliveries to the webhooks registered in it, retried on the provider's
//! schedule.
//!
//! Nothing here names a provider. A mock is made from the dialect's data alone: the committed
//! document (what requests are allowed: [`contract`]), the operation table (security schemes,
//! JSON-RPC methods, the retry schedule), the behaviour data (what each operation does, ids,
//! secrets, error bodies) and the event catalogue, and the dialect's conversion of a webhook to
//! the canonical model. REST and JSON-RPC are served by generic code (`rest`, `jsonrpc`);
//! deliveries are signed with the provider's scheme as data ([`deliveries`]).
//!
//! Besides the provider's API, the mock answers two routes of its own: `POST /_hookspec/trigger`
//! (`{"event": NAME, "data": {...}}`, `data` optional) delivers an event to every webhook
//! subscribed to it, and `GET /_hookspec/deliveries` lists every attempt.
//!
//! This crate holds the async stack (axum, tokio, reqwest); `cargo xtask spec` never builds it.

pub mod contract;
pub mod deliveries;
mod jsonrpc;
mod records;
mod refusal;
mod rest;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hookspec_dialects::{Protocol, Provider, Wildcard};
use hookspec_toolkit::sample;
use serde_json::{Value, json};

use crate::contract::Contract;
pub use crate::contract::Incoming;
use crate::deliveries::{Deliveries, Target};
use crate::records::{Record, Refused, Store};

mod published {
    include!(concat!(env!("OUT_DIR"), "/published.rs"));
}

/// How the mock behaves beyond what the provider documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Every retry delay is multiplied by this: `0.001` turns a minute into 60 ms.
    pub time_scale: f64,
    /// Deliveries to `https://` receivers accept any certificate (a self-signed one, as local
    /// tunnels have); by default a certificate is verified against the system's roots.
    pub insecure: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options { time_scale: 1.0, insecure: false }
    }
}

/// An answer of the provider's API.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body; `None` answers an empty body.
    pub body: Option<Value>,
    /// Further headers (`Allow` on a 405).
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, body: Some(body), headers: Vec::new() }
    }
}

/// One provider, served: its published document, and the webhooks it holds.
pub(crate) struct Mock {
    provider: &'static Provider,
    contract: Contract,
    store: Store,
    sessions: BTreeSet<String>,
    /// The path of the provider's first server, which its API is served under.
    base: String,
    /// Deliveries an answer asked for (a ping, a redelivery), sent once the answer is made.
    pending: Vec<Pending>,
    /// The engine that sends deliveries and keeps every attempt, once the mock serves.
    deliveries: Option<Arc<Deliveries>>,
}

/// A delivery an answer asked for.
struct Pending {
    /// The webhook's owner's key.
    owner: String,
    /// The webhook, as it is when the answer is made.
    record: Record,
    /// The event delivered.
    event: String,
    /// For a redelivery: the delivery's number and the payload it delivered; else a fresh
    /// delivery of the event's payload.
    again: Option<(u64, Vec<u8>)>,
}

/// A delivery ready to send: the target, the event, the payload and, for a redelivery, the
/// delivery's number.
type Outgoing = (Target, String, Vec<u8>, Option<u64>);

impl Mock {
    /// The mock of `provider`, checking requests against `document`, its published OpenAPI 3.1
    /// document (YAML), named `name` in messages.
    fn new(provider: &'static Provider, name: &str, document: &str) -> Result<Mock, String> {
        Ok(Mock {
            provider,
            contract: Contract::new(name, document, &provider.behaviour.messages.required)?,
            store: Store::default(),
            sessions: BTreeSet::new(),
            base: provider.table.servers.first().map(|server| server.base_path()).unwrap_or_default(),
            pending: Vec::new(),
            deliveries: None,
        })
    }

    /// The mock of `provider`, checking requests against its committed `spec/<name>/openapi.yaml`.
    fn published(provider: &'static Provider) -> Result<Mock, String> {
        let name = format!("spec/{}/openapi.yaml", provider.name);
        let yaml = published::DOCUMENTS
            .iter()
            .find(|(known, _)| *known == provider.name)
            .map(|(_, yaml)| *yaml)
            .ok_or_else(|| format!("{name} is not published: run `cargo xtask spec`"))?;
        Mock::new(provider, &name, yaml)
    }

    /// Answers a request to the provider's API.
    fn answer(&mut self, request: &Incoming) -> Reply {
        let provider = self.provider;
        match &provider.protocol {
            Protocol::JsonRpc { behaviour, .. } => jsonrpc::answer(self, behaviour, request),
            Protocol::Rest { refusals } => rest::answer(self, refusals, request),
        }
    }

    /// The provider's words for a kind of refusal (`blank`, `conflict`, `unknown_event_type`,
    /// `unknown_cursor`).
    fn message(&self, kind: &str) -> String {
        let messages = &self.provider.behaviour.messages;
        match kind {
            "blank" => messages.blank.clone(),
            "conflict" => messages.conflict.clone(),
            "unknown_event_type" => messages.unknown_event_type.clone(),
            "unknown_cursor" => messages.unknown_cursor.clone(),
            other => other.to_owned(),
        }
    }

    /// A refusal in words: `field: message`.
    fn describe(&self, refused: &Refused) -> String {
        match refused {
            Refused::Invalid(Some(field), kind) | Refused::Conflict(field, kind) => {
                format!("`{field}`: {}", self.message(kind))
            }
            Refused::Invalid(None, kind) => self.message(kind),
            Refused::Said(Some(field), text) => format!("`{field}`: {text}"),
            Refused::Said(None, text) => text.clone(),
        }
    }

    /// Refuses a webhook the provider's wire types cannot read, or one without a URL or with an
    /// unnamed event (a webhook is a URL and named events, whoever the provider). The refusal
    /// names the field the document's schema of the answer (`schema`) says is wrong, in the
    /// provider's words, never the parser's.
    fn check_canonical(&self, record: &Record, schema: Option<&Value>) -> Result<(), Refused> {
        let messages = &self.provider.behaviour.messages;
        let Ok(canonical) = (self.provider.wire.webhook)(&Value::Object(record.clone())) else {
            let document = &self.contract.document;
            let shown = records::render(document, schema, record);
            let problem = schema
                .map(|schema| contract::field_errors(document, schema, &shown, &messages.required))
                .and_then(|problems| problems.into_iter().next());
            return Err(match problem {
                Some(problem) => Refused::Said(problem.field, problem.message),
                None => Refused::Said(None, messages.unreadable.clone()),
            });
        };
        if canonical.url.trim().is_empty() || canonical.events.iter().any(|event| event.trim().is_empty()) {
            return Err(Refused::Said(None, "a webhook needs a URL, and every event a name".into()));
        }
        Ok(())
    }

    /// Where a delivery to the webhook `record` of the owner `owner` goes, as the canonical model
    /// reads it: its URL, secret, further headers and encoding.
    fn target(&self, owner: &str, record: &Record) -> Option<(Target, hookspec_model::Webhook)> {
        let rules = &self.provider.behaviour.webhooks;
        let webhook = (self.provider.wire.webhook)(&Value::Object(record.clone())).ok()?;
        let form = rules.form_deliveries.as_ref().filter(|form| {
            hookspec_dialects::behaviour::field(record, &form.field).and_then(Value::as_str)
                == Some(form.value.as_str())
        });
        let target = Target {
            owner: owner.to_owned(),
            headers: rules.delivery_headers.clone().into_iter().collect(),
            fields: record.clone(),
            form: form.map(|form| form.parameter.clone()),
            ..Target::of(&webhook)
        };
        Some((target, webhook))
    }

    /// The deliveries answers asked for, each with its target, event, body and, for a
    /// redelivery, the delivery's number.
    fn take_pending(&mut self, payloads: &Payloads) -> Vec<Outgoing> {
        std::mem::take(&mut self.pending)
            .into_iter()
            .filter_map(|pending| {
                let (target, _) = self.target(&pending.owner, &pending.record)?;
                let (delivery, body) = match pending.again {
                    Some((delivery, body)) => (Some(delivery), body),
                    None => {
                        let payload = self.payload(&pending.event, None, payloads).ok()?;
                        (None, serde_json::to_vec(&payload).unwrap_or_default())
                    }
                };
                let named = self
                    .provider
                    .catalogue
                    .named(&pending.event)
                    .map_or(pending.event.as_str(), |known| known.subscription())
                    .to_owned();
                Some((target, named, body, delivery))
            })
            .collect()
    }

    /// The enabled webhooks subscribed to `event` (the same name, or one the wire's wildcard makes
    /// cover it), and each webhook the wire types cannot read, with the reason it gets nothing.
    fn subscribers(&self, event: &str) -> (Vec<Target>, Vec<Value>) {
        let event = self.provider.catalogue.named(event).map_or(event, |known| known.subscription());
        let covers = |subscribed: &str| Wildcard::covers(self.provider.wire.wildcard, subscribed, event);
        let rules = &self.provider.behaviour.webhooks;
        let mut targets = Vec::new();
        let mut skipped = Vec::new();
        for (owner, record) in self.store.each() {
            match self.target(owner, record) {
                Some((target, webhook))
                    if webhook.enabled && webhook.events.iter().any(|subscribed| covers(subscribed)) =>
                {
                    targets.push(target);
                }
                Some(_) => {}
                None => skipped.push(json!({
                    "webhook": record.get(&rules.id.field),
                    "reason": "the provider's wire types cannot read this webhook, so it gets no delivery",
                })),
            }
        }
        (targets, skipped)
    }

    /// The body delivered for `event`: `data` in the provider's envelope, else the event's
    /// documented sample, else a body synthesised from the event's schema; refused when it breaks
    /// the event's schema (its payload's in the catalogue, else the delivery's).
    fn payload(&self, event: &str, data: Option<Value>, delivery: &Payloads) -> Result<Value, String> {
        let document = &self.contract.document;
        let component = self.provider.catalogue.named(event).and_then(|known| known.payload_component());
        let schema = match &component {
            Some(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
            None => delivery.schema.clone(),
        };
        let sample = component
            .as_ref()
            .and_then(|name| document["components"]["schemas"][name]["examples"].get(0).cloned());
        let envelope = |data: &Value| {
            self.provider.behaviour.delivery(&hookspec_model::Notification {
                event: Some(event.to_owned()),
                message_id: Some(uuid::Uuid::new_v4().to_string()),
                time: Some(records::now()),
                data: data.clone(),
            })
        };
        let payload = match (data, sample) {
            (Some(data), _) => envelope(&data),
            // The documented sample is a whole delivery body; a payload's that events share names
            // this event where the body names its event.
            (None, Some(mut sample)) => {
                let pointer =
                    self.provider.catalogue.union.as_ref().and_then(|union| union.discriminator.as_deref());
                if let Some(slot) = pointer.and_then(|pointer| sample.pointer_mut(pointer)) {
                    *slot = Value::String(event.to_owned());
                }
                sample
            }
            // The synthesised value is a whole delivery body too: its data, read back through the
            // envelope, goes into a fresh one (else an enveloped body would be enveloped again).
            (None, None) => {
                let body = sample::value(document, &schema, sample::Fill::All);
                match self.provider.behaviour.notification(&body) {
                    Ok(read) => envelope(&read.data),
                    Err(_) => envelope(&body),
                }
            }
        };
        match hookspec_toolkit::validate::validate(document, &schema, &payload) {
            Ok(()) => Ok(payload),
            Err(problems) => {
                Err(format!("the payload breaks the schema of `{event}`'s delivery: {problems}"))
            }
        }
    }
}

/// What a provider delivers: the document's delivery schema.
struct Payloads {
    schema: Value,
}

impl Payloads {
    fn of(document: &Value) -> Payloads {
        let content = hookspec_toolkit::lookup::deliveries(document)
            .first()
            .map(|delivery| delivery.object["requestBody"]["content"]["application/json"].clone())
            .unwrap_or(Value::Null);
        Payloads { schema: content["schema"].clone() }
    }
}

struct Sandbox {
    mock: Mutex<Mock>,
    deliveries: Arc<Deliveries>,
    payloads: Payloads,
}

/// The registered provider `name`, loaded, or an error naming the providers or the problems that
/// stop it loading.
pub fn provider(name: &str) -> Result<&'static Provider, String> {
    let registered = hookspec_dialects::find(name).ok_or_else(|| {
        let known: Vec<String> = hookspec_dialects::registry().iter().map(|entry| entry.name()).collect();
        format!("unknown dialect `{name}`; the sandbox serves: {}", known.join(", "))
    })?;
    registered
        .provider()
        .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

/// The mock of `provider`, checking requests against its committed document: its API, and the
/// `/_hookspec/` routes.
pub fn app(provider: &'static Provider, options: Options) -> Result<Router, String> {
    router(Mock::published(provider)?, options)
}

/// The mock of `provider`, checking requests against `document` (its OpenAPI 3.1 document as
/// YAML, named `name` in messages): for a provider that is not published, such as one a test
/// builds in memory.
pub fn app_with_document(
    provider: &'static Provider,
    name: &str,
    document: &str,
    options: Options,
) -> Result<Router, String> {
    router(Mock::new(provider, name, document)?, options)
}

fn router(mut mock: Mock, options: Options) -> Result<Router, String> {
    let payloads = Payloads::of(&mock.contract.document);
    let provider = mock.provider;
    let deliveries = Deliveries::new(
        provider.scheme.clone(),
        provider.table.deliveries.first(),
        options.time_scale,
        options.insecure,
    )?;
    mock.deliveries = Some(Arc::clone(&deliveries));
    let sandbox = Arc::new(Sandbox { mock: Mutex::new(mock), deliveries, payloads });
    Ok(Router::new()
        .route("/_hookspec/trigger", post(trigger))
        .route("/_hookspec/deliveries", get(list_deliveries))
        .fallback(api)
        .with_state(sandbox))
}

/// How long `provider`'s deliveries wait for the subscriber.
pub fn timeouts(provider: &Provider) -> hookspec_dialects::table::Timeouts {
    provider
        .table
        .deliveries
        .first()
        .and_then(|delivery| delivery.timeouts)
        .unwrap_or(deliveries::DEFAULT_TIMEOUTS)
}

/// The body `provider` delivers for `event` when no data is given: the documented example, or a
/// value synthesised from the delivery schema, as the provider shapes it.
pub fn sample_payload(provider: &'static Provider, event: &str) -> Result<Value, String> {
    let mock = Mock::published(provider)?;
    let payloads = Payloads::of(&mock.contract.document);
    mock.payload(event, None, &payloads)
}

/// A delivery's body, or why it cannot be made.
pub type Payload = Result<Value, String>;

/// What `provider` delivers for each event of its catalogue when no data is given, in catalogue
/// order.
pub fn catalogue_payloads(provider: &'static Provider) -> Result<Vec<(String, Payload)>, String> {
    let mock = Mock::published(provider)?;
    let payloads = Payloads::of(&mock.contract.document);
    Ok(provider
        .catalogue
        .events
        .iter()
        .map(|event| (event.name.clone(), mock.payload(&event.name, None, &payloads)))
        .collect())
}

/// Serves `app` on `listener` until `stop` completes (see [`stop_signal`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(stop).await
}

/// Completes on SIGTERM or Ctrl-C. The handlers are in place when this returns, so a signal sent
/// after it (once the mock has said where it listens) stops the server cleanly. Call it inside the
/// runtime.
pub fn stop_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut terminate = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = terminate.recv() => {},
                _ = interrupt.recv() => {},
            }
        })
    }
    #[cfg(not(unix))]
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

async fn api(
    State(sandbox): State<Arc<Sandbox>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = contract::pairs(uri.query().unwrap_or_default().as_bytes());
    let request = Incoming {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        query: query.clone().unwrap_or_default(),
        unreadable: query.err(),
        headers: headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect(),
        body: body.to_vec(),
    };
    // A request never panics while holding the lock; were one to, the state is still served.
    let (reply, pending) = {
        let mut mock = sandbox.mock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let reply = mock.answer(&request);
        (reply, mock.take_pending(&sandbox.payloads))
    };
    for (target, event, body, again) in pending {
        let deliveries = Arc::clone(&sandbox.deliveries);
        tokio::spawn(async move {
            match again {
                Some(delivery) => deliveries.redeliver(delivery, target, event, body).await,
                None => deliveries.deliver(target, event, body).await,
            }
        });
    }
    respond(reply)
}

fn respond(reply: Reply) -> Response {
    // Every status is the document's or a refusal's, which the behaviour data holds to 4xx at load.
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut response = match reply.body {
        Some(body) => {
            let mut response = (status, serde_json::to_vec(&body).unwrap_or_default()).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        None => status.into_response(),
    };
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(&value)) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}

async fn trigger(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let refuse = |message: String| respond(Reply::json(400, json!({"error": message})));
    let request: Value = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(error) => return refuse(format!("the body is not JSON: {error}")),
    };
    let Some(event) = request.get("event").and_then(Value::as_str).filter(|event| !event.is_empty()) else {
        return refuse("`event` must name an event: {\"event\": NAME, \"data\": {...}}".into());
    };
    let prepared = {
        let mock = sandbox.mock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // A delivery names its event as a webhook subscribes to it (`check_run` for
        // `check-run-completed`).
        let named =
            mock.provider.catalogue.named(event).map_or(event, |known| known.subscription()).to_owned();
        mock.payload(event, request.get("data").cloned(), &sandbox.payloads)
            .map(|payload| (payload, mock.subscribers(event), named))
    };
    let (payload, (targets, skipped), named) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => return refuse(message),
    };
    let body = serde_json::to_vec(&payload).unwrap_or_default();
    let mut attempts = Vec::new();
    for target in targets {
        attempts.push(sandbox.deliveries.deliver(target, named.to_owned(), body.clone()).await);
    }
    let mut answer = json!({"event": event, "payload": payload, "deliveries": attempts});
    if !skipped.is_empty() {
        answer["skipped"] = Value::Array(skipped);
    }
    respond(Reply::json(200, answer))
}

async fn list_deliveries(State(sandbox): State<Arc<Sandbox>>) -> Response {
    respond(Reply::json(200, json!(sandbox.deliveries.attempts())))
}
