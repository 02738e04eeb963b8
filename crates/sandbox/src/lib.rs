//! A sandbox for every provider: its API served from memory and checked against the published
//! document, and signed deliveries to the webhooks registered in it, retried on the provider's
//! schedule.
//!
//! - [`contract`]: the published document as a request checker (generic).
//! - [`deliveries`]: signing, sending and retrying (generic).
//! - one module per provider: its state, held in the canonical model and rendered through the
//!   dialect's conversions, its authentication, its error shapes and its retry schedule.
//!
//! Besides the provider's API, the mock answers two routes of its own: `POST /_hookspec/trigger`
//! (`{"event": NAME, "data": {...}}`, `data` optional) delivers an event to every webhook
//! subscribed to it, and `GET /_hookspec/deliveries` lists every attempt.
//!
//! This crate holds the async stack (axum, tokio, reqwest); `cargo xtask spec` never builds it.

pub mod contract;
pub mod deliveries;
mod equals_money;
mod gigapay;
mod shipstream;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hookspec_toolkit::sample;
use serde_json::{Value, json};

use crate::contract::{Contract, Incoming};
use crate::deliveries::{Deliveries, Retries, Target};

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
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: Value) -> Reply {
        Reply { status, body: Some(body) }
    }
}

/// One provider's behaviour: what no document says in a machine-readable way.
pub(crate) trait Provider: Send + 'static {
    /// The published document the requests are checked against.
    fn contract(&self) -> &Contract;
    /// Answers a request to the provider's API.
    fn answer(&mut self, request: &Incoming) -> Reply;
    /// The enabled webhooks subscribed to `event`.
    fn subscribers(&self, event: &str) -> Vec<Target>;
    /// The body delivered for `event`, from `data`: the data itself unless the provider adds to it.
    fn payload(&self, _event: &str, data: Value) -> Value {
        data
    }
    /// When a failed delivery is retried.
    fn retries(&self) -> Retries;
}

/// The dialects the sandbox can serve.
pub const DIALECTS: [&str; 3] = ["gigapay", "equals-money", "shipstream"];

fn provider(dialect: &str) -> Result<Box<dyn Provider>, String> {
    Ok(match dialect {
        "gigapay" => Box::new(gigapay::Gigapay::new()?),
        "equals-money" => Box::new(equals_money::EqualsMoney::new()?),
        "shipstream" => Box::new(shipstream::ShipStream::new()?),
        other => {
            return Err(format!("unknown dialect `{other}`; the sandbox serves: {}", DIALECTS.join(", ")));
        }
    })
}

struct Sandbox {
    provider: Mutex<Box<dyn Provider>>,
    deliveries: Arc<Deliveries>,
    payloads: Payloads,
}

/// What a provider delivers: the document's delivery schema and its documented example.
struct Payloads {
    schema: Value,
    example: Option<Value>,
}

impl Payloads {
    fn of(provider: &dyn Provider) -> Payloads {
        let document = &provider.contract().document;
        let content = hookspec_toolkit::lookup::deliveries(document)
            .first()
            .map(|delivery| delivery.object["requestBody"]["content"]["application/json"].clone())
            .unwrap_or(Value::Null);
        let example = content["examples"]
            .as_object()
            .and_then(|examples| examples.values().next())
            .map(|example| example["value"].clone());
        Payloads { schema: content["schema"].clone(), example }
    }

    /// The body delivered for `event`: from `data`, else the documented example, else a value
    /// synthesised from the schema; refused when it breaks the delivery schema.
    fn build(&self, provider: &dyn Provider, event: &str, data: Option<Value>) -> Result<Value, String> {
        let document = &provider.contract().document;
        let data = data
            .or_else(|| self.example.clone())
            .unwrap_or_else(|| sample::value(document, &self.schema, sample::Fill::All));
        let payload = provider.payload(event, data);
        let validator = hookspec_toolkit::validate::validator(document, &self.schema)?;
        let problems: Vec<String> = validator.iter_errors(&payload).map(|error| error.to_string()).collect();
        if problems.is_empty() {
            Ok(payload)
        } else {
            Err(format!("the payload breaks the document's delivery schema: {}", problems.join("; ")))
        }
    }
}

/// The mock of `dialect`: its API, and the `/_hookspec/` routes.
pub fn app(dialect: &str, options: Options) -> Result<Router, String> {
    let provider = provider(dialect)?;
    let payloads = Payloads::of(provider.as_ref());
    let deliveries = Deliveries::new(scheme(dialect)?, provider.retries(), options.time_scale);
    let sandbox = Arc::new(Sandbox { provider: Mutex::new(provider), deliveries, payloads });
    Ok(Router::new()
        .route("/_hookspec/trigger", post(trigger))
        .route("/_hookspec/deliveries", get(list_deliveries))
        .fallback(api)
        .with_state(sandbox))
}

/// How `dialect` signs its deliveries.
pub fn scheme(dialect: &str) -> Result<hookspec_model::SignatureScheme, String> {
    hookspec_dialects::find(dialect)
        .ok_or_else(|| format!("unknown dialect `{dialect}`; the sandbox serves: {}", DIALECTS.join(", ")))?
        .signature()
        .map_err(|error| error.to_string())
}

/// The body `dialect` delivers for `event` when no data is given: the documented example, or a
/// value synthesised from the delivery schema, as the provider shapes it.
pub fn sample_payload(dialect: &str, event: &str) -> Result<Value, String> {
    let provider = provider(dialect)?;
    Payloads::of(provider.as_ref()).build(provider.as_ref(), event, None)
}

/// Serves `app` on `listener` until SIGTERM or Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
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
    let (reply, allowed) = match sandbox.provider.lock() {
        Ok(mut provider) => (provider.answer(&request), provider.contract().allowed(&request.path)),
        Err(_) => (Reply::json(503, json!({"detail": "the sandbox's state is unavailable"})), Vec::new()),
    };
    let method_not_allowed = reply.status == 405;
    let mut response = respond(reply);
    if method_not_allowed && let Ok(allow) = HeaderValue::from_str(&allowed.join(", ")) {
        response.headers_mut().insert(header::ALLOW, allow);
    }
    response
}

fn respond(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match reply.body {
        Some(body) => {
            let mut response = (status, serde_json::to_vec(&body).unwrap_or_default()).into_response();
            response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            response
        }
        None => status.into_response(),
    }
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
    let prepared = match sandbox.provider.lock() {
        Ok(provider) => sandbox
            .payloads
            .build(provider.as_ref(), event, request.get("data").cloned())
            .map(|payload| (payload, provider.subscribers(event))),
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

/// A fresh random identifier: 32 lower-case hex digits.
pub(crate) fn random_hex() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}
