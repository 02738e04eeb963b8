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
use hookspec_dialects::Dialect;
use hookspec_dialects::behaviour::Behaviour;
use hookspec_dialects::events::Catalogue;
use hookspec_dialects::table::Table;
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
}

impl Default for Options {
    fn default() -> Self {
        Options { time_scale: 1.0 }
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

/// One dialect, served: its document, table, behaviour and catalogue, and the webhooks it holds.
pub(crate) struct Mock {
    contract: Contract,
    table: Table,
    behaviour: Arc<Behaviour>,
    catalogue: Catalogue,
    webhook: fn(&Value) -> Result<hookspec_model::Webhook, String>,
    store: Store,
    sessions: BTreeSet<String>,
}

impl Mock {
    fn new(dialect: &Dialect) -> Result<Mock, String> {
        let text = |error: hookspec_dialects::DataError| error.to_string();
        let name = format!("spec/{}/openapi.yaml", dialect.name);
        let yaml = published::DOCUMENTS
            .iter()
            .find(|(known, _)| *known == dialect.name)
            .map(|(_, yaml)| *yaml)
            .ok_or_else(|| format!("{name} is not published: run `cargo xtask spec`"))?;
        let behaviour = dialect.behaviour().map_err(text)?;
        let mock = Mock {
            contract: Contract::new(&name, yaml, &behaviour.messages.required)?,
            table: dialect.table().map_err(text)?,
            behaviour: Arc::new(behaviour),
            catalogue: dialect.events().map_err(text)?,
            webhook: dialect.webhook,
            store: Store::default(),
            sessions: BTreeSet::new(),
        };
        if mock.table.jsonrpc.is_some() != mock.behaviour.jsonrpc.is_some()
            || mock.table.jsonrpc.is_none() && mock.behaviour.refusals.is_none()
        {
            return Err(format!(
                "{}/behaviour.yaml: a JSON-RPC API has `jsonrpc`, a REST API `refusals`",
                dialect.folder
            ));
        }
        for operation in mock.behaviour.operations.keys() {
            if hookspec_toolkit::lookup::operation(&mock.contract.document, operation).is_none() {
                return Err(format!(
                    "{}/behaviour.yaml: `{operation}` is not an operation of {name}",
                    dialect.folder
                ));
            }
        }
        Ok(mock)
    }

    /// Answers a request to the provider's API.
    fn answer(&mut self, request: &Incoming) -> Reply {
        let behaviour = Arc::clone(&self.behaviour);
        match (&behaviour.jsonrpc, &behaviour.refusals) {
            (Some(rpc), _) => jsonrpc::answer(self, rpc, request),
            (None, Some(refusals)) => rest::answer(self, refusals, request),
            (None, None) => Reply::json(500, json!({"error": "the provider's behaviour has no refusals"})),
        }
    }

    /// The provider's words for a kind of refusal (`blank`, `conflict`, `unknown_event_type`,
    /// `unknown_cursor`).
    fn message(&self, kind: &str) -> String {
        let messages = &self.behaviour.messages;
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
        }
    }

    /// Refuses a webhook the canonical model cannot read, or one without a URL or with an
    /// unnamed event: a webhook is a URL and named events, whoever the provider.
    fn check_canonical(&self, record: &Record) -> Result<(), Refused> {
        let canonical =
            (self.webhook)(&Value::Object(record.clone())).map_err(|error| Refused::Invalid(None, error))?;
        if canonical.url.trim().is_empty() || canonical.events.iter().any(|event| event.trim().is_empty()) {
            return Err(Refused::Invalid(None, "a webhook needs a URL, and every event a name".into()));
        }
        Ok(())
    }

    /// The enabled webhooks subscribed to `event` (a name ending in the wildcard covers every
    /// event it starts).
    fn subscribers(&self, event: &str) -> Vec<Target> {
        let covers = |subscribed: &str| self.behaviour.webhooks.covers(subscribed, event);
        self.store
            .all()
            .filter_map(|record| {
                let webhook = (self.webhook)(&Value::Object(record.clone())).ok()?;
                (webhook.enabled && webhook.events.iter().any(|subscribed| covers(subscribed))).then(|| {
                    Target {
                        headers: self
                            .behaviour
                            .webhooks
                            .delivery_headers
                            .iter()
                            .filter_map(|(header, field)| {
                                Some((header.clone(), record.get(field)?.as_str()?.to_owned()))
                            })
                            .collect(),
                        ..Target::of(&webhook)
                    }
                })
            })
            .collect()
    }

    /// The body delivered for `event`: `data` in the provider's envelope, else the event's
    /// documented sample, else a body synthesised from the event's schema; refused when it breaks
    /// the event's schema (its payload's in the catalogue, else the delivery's).
    fn payload(&self, event: &str, data: Option<Value>, delivery: &Payloads) -> Result<Value, String> {
        let document = &self.contract.document;
        let component = self.catalogue.named(event).and_then(|known| known.payload_component());
        let schema = match &component {
            Some(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
            None => delivery.schema.clone(),
        };
        let sample = component
            .as_ref()
            .and_then(|name| document["components"]["schemas"][name]["examples"].get(0).cloned());
        let envelope = |data: &Value| {
            self.behaviour.delivery(&hookspec_model::Notification {
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
                let pointer = self.catalogue.union.as_ref().and_then(|union| union.discriminator.as_deref());
                if let Some(slot) = pointer.and_then(|pointer| sample.pointer_mut(pointer)) {
                    *slot = Value::String(event.to_owned());
                }
                sample
            }
            (None, None) => envelope(&sample::value(document, &schema, sample::Fill::All)),
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

/// The registered dialect `name`, or an error naming the dialects.
fn dialect(name: &str) -> Result<&'static Dialect, String> {
    hookspec_dialects::find(name).ok_or_else(|| {
        let known: Vec<&str> = hookspec_dialects::registry().iter().map(|dialect| dialect.name).collect();
        format!("unknown dialect `{name}`; the sandbox serves: {}", known.join(", "))
    })
}

/// The mock of `dialect`: its API, and the `/_hookspec/` routes.
pub fn app(name: &str, options: Options) -> Result<Router, String> {
    let dialect = dialect(name)?;
    let mock = Mock::new(dialect)?;
    let payloads = Payloads::of(&mock.contract.document);
    let scheme = dialect.signature().map_err(|error| error.to_string())?;
    let deliveries = Deliveries::new(scheme, mock.table.deliveries.first(), options.time_scale);
    let sandbox = Arc::new(Sandbox { mock: Mutex::new(mock), deliveries, payloads });
    Ok(Router::new()
        .route("/_hookspec/trigger", post(trigger))
        .route("/_hookspec/deliveries", get(list_deliveries))
        .fallback(api)
        .with_state(sandbox))
}

/// How `dialect` signs its deliveries.
pub fn scheme(name: &str) -> Result<hookspec_signature::Scheme, String> {
    dialect(name)?.signature().map_err(|error| error.to_string())
}

/// How long `dialect`'s deliveries wait for the subscriber.
pub fn timeouts(name: &str) -> Result<hookspec_dialects::table::Timeouts, String> {
    let table = dialect(name)?.table().map_err(|error| error.to_string())?;
    Ok(table
        .deliveries
        .first()
        .and_then(|delivery| delivery.timeouts)
        .unwrap_or(deliveries::DEFAULT_TIMEOUTS))
}

/// The body `dialect` delivers for `event` when no data is given: the documented example, or a
/// value synthesised from the delivery schema, as the provider shapes it.
pub fn sample_payload(name: &str, event: &str) -> Result<Value, String> {
    let dialect = dialect(name)?;
    let mock = Mock::new(dialect)?;
    let payloads = Payloads::of(&mock.contract.document);
    mock.payload(event, None, &payloads)
}

/// A delivery's body, or why it cannot be made.
pub type Payload = Result<Value, String>;

/// What `dialect` delivers for each event of its catalogue when no data is given, in catalogue
/// order.
pub fn catalogue_payloads(name: &str) -> Result<Vec<(String, Payload)>, String> {
    let dialect = dialect(name)?;
    let mock = Mock::new(dialect)?;
    let payloads = Payloads::of(&mock.contract.document);
    Ok(mock
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
    let request = Incoming {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        query: uri.query().and_then(|query| serde_urlencoded::from_str(query).ok()).unwrap_or_default(),
        headers: headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect(),
        body: body.to_vec(),
    };
    let reply = match sandbox.mock.lock() {
        Ok(mut mock) => mock.answer(&request),
        Err(_) => Reply::json(503, json!({"error": "the sandbox's state is unavailable"})),
    };
    respond(reply)
}

fn respond(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
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
    let prepared = match sandbox.mock.lock() {
        Ok(mock) => mock
            .payload(event, request.get("data").cloned(), &sandbox.payloads)
            .map(|payload| (payload, mock.subscribers(event))),
        Err(_) => return respond(Reply::json(503, json!({"error": "the sandbox's state is unavailable"}))),
    };
    let (payload, targets) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => return refuse(message),
    };
    let body = serde_json::to_vec(&payload).unwrap_or_default();
    let mut attempts = Vec::new();
    for target in targets {
        attempts.push(sandbox.deliveries.deliver(target, event.to_owned(), body.clone()).await);
    }
    respond(Reply::json(200, json!({"event": event, "payload": payload, "deliveries": attempts})))
}

async fn list_deliveries(State(sandbox): State<Arc<Sandbox>>) -> Response {
    respond(Reply::json(200, json!(sandbox.deliveries.attempts())))
}
