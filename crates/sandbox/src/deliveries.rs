//! Signed deliveries: one POST exactly as the provider sends it, and the provider's retries.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hookspec_dialects::behaviour::{Slot, Template};
use hookspec_dialects::table::{Delivery, Retries, Timeouts};
use hookspec_signature::{Scheme, Signing};
use serde::Serialize;

/// Where a delivery goes, and what the provider sends with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Whose webhook it is (the mock's key of its owner), which its records are kept under; empty
    /// when the provider has no owners.
    pub owner: String,
    /// The webhook's identifier.
    pub webhook: String,
    /// The webhook's URL.
    pub url: String,
    /// The secret the delivery is signed with; `None` sends it unsigned.
    pub secret: Option<String>,
    /// Further headers the provider sends, as templates over the delivery and the webhook's
    /// fields (an authorization it holds); one whose template has no value is not sent.
    pub headers: Vec<(String, Template)>,
    /// The webhook's fields, as the provider shows them, for the templates.
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// For a form-encoded delivery, the form parameter that carries the JSON payload.
    pub form: Option<String>,
}

impl Target {
    /// The body as sent: the payload, or the form that carries it.
    pub fn encode(&self, body: &[u8]) -> Vec<u8> {
        match &self.form {
            Some(parameter) => {
                let payload = percent_encoding::percent_encode(body, percent_encoding::NON_ALPHANUMERIC);
                format!("{parameter}={payload}").into_bytes()
            }
            None => body.to_vec(),
        }
    }
}

impl Target {
    /// A delivery to a canonical webhook: its URL, signed with its secret, no further headers.
    pub fn of(webhook: &hookspec_model::Webhook) -> Target {
        Target {
            owner: String::new(),
            webhook: webhook.id.clone(),
            url: webhook.url.clone(),
            secret: webhook.secret.clone(),
            headers: Vec::new(),
            fields: serde_json::Map::new(),
            form: None,
        }
    }
}

/// One attempt at a delivery, as `GET /_hookspec/deliveries` lists it (what it does not list is
/// for the provider's own records of deliveries).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// The attempt's own identifier, a new one for every attempt.
    #[serde(skip)]
    pub id: u64,
    /// The delivery this attempt belongs to; its retries and redeliveries share it.
    pub delivery: u64,
    /// Whether it belongs to a redelivery of the delivery.
    #[serde(skip)]
    pub redelivery: bool,
    /// Whose webhook it was delivered to (the target's owner).
    #[serde(skip)]
    pub owner: String,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub attempt: u32,
    /// The webhook's identifier.
    pub webhook: String,
    /// The event delivered.
    pub event: String,
    /// Where it was posted.
    pub url: String,
    /// When it was sent, in unix seconds.
    pub sent_at: u64,
    /// The headers sent.
    pub headers: BTreeMap<String, String>,
    /// The body sent.
    pub body: String,
    /// The JSON payload, before any form encoding.
    #[serde(skip)]
    pub payload: Vec<u8>,
    /// How long the receiver took to answer (or to fail).
    #[serde(skip)]
    pub duration: Duration,
    /// The receiver's answer, when it answered in full.
    #[serde(skip)]
    pub answer: Option<Answered>,
    /// The receiver's HTTP status, when it answered.
    pub status: Option<u16>,
    /// Why there was no answer (connection refused, timeout).
    pub error: Option<String>,
    /// `delivered`, `retrying` or `failed`.
    pub outcome: &'static str,
    /// When the next retry is due, in milliseconds after this attempt (scaled), if one is.
    pub next_retry_ms: Option<u64>,
}

/// The headers a provider sends with `body` for `event`: JSON content, the signature headers when
/// there is a secret (a secret the scheme cannot take a key from signs nothing), and the target's
/// own headers. `id` is the delivery's identifier, the same on every retry.
pub fn headers(
    scheme: &Scheme,
    target: &Target,
    event: &str,
    body: &[u8],
    timestamp: u64,
    id: &str,
) -> Vec<(String, String)> {
    let media = if target.form.is_some() { "application/x-www-form-urlencoded" } else { "application/json" };
    let mut headers = vec![("Content-Type".to_owned(), media.to_owned())];
    if let Some(secret) = &target.secret
        && let Ok(signed) =
            hookspec_signature::sign(scheme, secret.as_bytes(), body, &Signing { timestamp, id })
    {
        headers.extend(signed);
    }
    for (name, template) in &target.headers {
        let value = template.fill(|slot| match slot {
            Slot::Event => Some(event.to_owned()),
            Slot::Delivery => Some(id.to_owned()),
            Slot::Webhook => Some(target.webhook.clone()),
            Slot::Timestamp => Some(timestamp.to_string()),
            Slot::Uuid4 => Some(uuid::Uuid::new_v4().to_string()),
            Slot::Field(field) => match target.fields.get(field)? {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Number(number) => Some(number.to_string()),
                _ => None,
            },
            // What a delivery header may not use fails at load.
            _ => None,
        });
        if let Some(value) = value {
            headers.push((name.clone(), value));
        }
    }
    headers
}

/// The identifier of the delivery numbered `delivery`, as its headers and records carry it.
pub fn identifier(delivery: u64) -> String {
    format!("msg_{delivery}")
}

/// How much of a receiver's answer is read: the rest is left unread, as a provider does.
pub const ANSWER_LIMIT: usize = 64 * 1024;

/// What a receiver answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    /// The HTTP status.
    pub status: u16,
    /// The headers, names lower-case.
    pub headers: BTreeMap<String, String>,
    /// The start of the body (at most [`ANSWER_LIMIT`] bytes), as text.
    pub body: String,
}

/// Posts `body` with `headers` to `url`; the receiver's answer (the start of its body, at most
/// [`ANSWER_LIMIT`] bytes), or why it did not answer. A redirect is not followed: its status is
/// the answer. An answer cut off before its end is an error, with the status it had.
pub async fn post(
    client: &reqwest::Client,
    url: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Result<Answered, (Option<u16>, String)> {
    let mut request = client.post(url).body(body);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let mut response = request.send().await.map_err(|error| (None, describe(&error)))?;
    let status = response.status().as_u16();
    let answer_headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
        })
        .collect();
    let mut answer = Vec::new();
    while answer.len() < ANSWER_LIMIT {
        match response.chunk().await {
            Ok(Some(chunk)) => answer.extend_from_slice(&chunk),
            Ok(None) => break,
            Err(error) => {
                return Err((Some(status), format!("the answer was cut off: {}", describe(&error))));
            }
        }
    }
    answer.truncate(ANSWER_LIMIT);
    Ok(Answered { status, headers: answer_headers, body: String::from_utf8_lossy(&answer).into_owned() })
}

fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// How long a delivery waits for the subscriber when the provider documents nothing: the
/// sandbox's choice.
pub const DEFAULT_TIMEOUTS: Timeouts = Timeouts { connect: 10, total: 30 };

/// An HTTP client with the provider's delivery timeouts that follows no redirect and speaks TLS
/// (rustls), verifying a receiver's certificate unless `insecure`.
pub fn client(timeouts: Timeouts, insecure: bool) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(timeouts.connect))
        .timeout(Duration::from_secs(timeouts.total))
        .redirect(reqwest::redirect::Policy::none())
        .tls_danger_accept_invalid_certs(insecure)
        .build()
        .map_err(|error| format!("cannot make an HTTP client: {}", describe(&error)))
}

/// The current time in unix seconds.
pub fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// Sends deliveries, retries failed ones on the provider's schedule, and keeps every attempt.
pub struct Deliveries {
    client: reqwest::Client,
    scheme: Scheme,
    retries: Option<Retries>,
    time_scale: f64,
    log: Mutex<Vec<Attempt>>,
    next: AtomicU64,
    next_attempt: AtomicU64,
}

impl Deliveries {
    /// A delivery engine for a provider that signs with `scheme` and delivers as `delivery` says
    /// (its timeouts and retries; none when `None`), with every delay multiplied by `time_scale`,
    /// accepting any certificate when `insecure`.
    pub fn new(
        scheme: Scheme,
        delivery: Option<&Delivery>,
        time_scale: f64,
        insecure: bool,
    ) -> Result<Arc<Deliveries>, String> {
        let timeouts = delivery.and_then(|delivery| delivery.timeouts).unwrap_or(DEFAULT_TIMEOUTS);
        let retries = delivery.map(|delivery| delivery.retries.clone());
        Ok(Arc::new(Deliveries {
            client: client(timeouts, insecure)?,
            scheme,
            retries,
            time_scale,
            log: Mutex::new(Vec::new()),
            next: AtomicU64::new(1),
            next_attempt: AtomicU64::new(1),
        }))
    }

    /// Every attempt so far, oldest first.
    pub fn attempts(&self) -> Vec<Attempt> {
        self.log.lock().map(|log| log.clone()).unwrap_or_default()
    }

    /// The attempts made to the webhook `webhook` of the owner `owner`, in the order they were
    /// made.
    pub fn made_to(&self, owner: &str, webhook: &str) -> Vec<Attempt> {
        let mut made: Vec<Attempt> = self
            .log
            .lock()
            .map(|log| {
                log.iter()
                    .filter(|attempt| attempt.owner == owner && attempt.webhook == webhook)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        made.sort_by_key(|attempt| attempt.id);
        made
    }

    /// Sends `body` to `target` and returns the first attempt; a failed delivery is retried in
    /// the background.
    pub async fn deliver(self: &Arc<Self>, target: Target, event: String, body: Vec<u8>) -> Attempt {
        let delivery = self.next.fetch_add(1, Ordering::Relaxed);
        self.send(delivery, false, target, event, body).await
    }

    /// Sends `body` to `target` again as the delivery numbered `delivery` (its identifier the
    /// same), a redelivery, retried as a delivery is; returns the first attempt.
    pub async fn redeliver(
        self: &Arc<Self>,
        delivery: u64,
        target: Target,
        event: String,
        body: Vec<u8>,
    ) -> Attempt {
        self.send(delivery, true, target, event, body).await
    }

    async fn send(
        self: &Arc<Self>,
        delivery: u64,
        redelivery: bool,
        target: Target,
        event: String,
        body: Vec<u8>,
    ) -> Attempt {
        let series = Series { delivery, redelivery };
        let first = self.attempt(series, 1, &target, &event, &body).await;
        if first.outcome == "retrying" {
            let engine = Arc::clone(self);
            let delay = first.next_retry_ms;
            tokio::spawn(async move {
                let mut delay = delay;
                let mut retry = 2;
                while let Some(milliseconds) = delay {
                    tokio::time::sleep(Duration::from_millis(milliseconds)).await;
                    let attempt = engine.attempt(series, retry, &target, &event, &body).await;
                    delay = attempt.next_retry_ms;
                    retry += 1;
                }
            });
        }
        first
    }

    async fn attempt(
        &self,
        series: Series,
        attempt: u32,
        target: &Target,
        event: &str,
        payload: &[u8],
    ) -> Attempt {
        let id = self.next_attempt.fetch_add(1, Ordering::Relaxed);
        let Series { delivery, redelivery } = series;
        let sent_at = now();
        let body = &target.encode(payload);
        let headers = headers(&self.scheme, target, event, body, sent_at, &identifier(delivery));
        let started = std::time::Instant::now();
        let answer = post(&self.client, &target.url, &headers, body.to_vec()).await;
        let duration = started.elapsed();
        let delivered = matches!(&answer, Ok(answered) if (200..300).contains(&answered.status));
        let next_retry_ms = if delivered {
            None
        } else {
            self.retries.as_ref().and_then(|retries| retries.delay(attempt)).map(|seconds| {
                let scaled = seconds as f64 * 1000.0 * self.time_scale;
                if scaled.is_finite() && scaled > 0.0 { scaled.round() as u64 } else { 0 }
            })
        };
        let record = Attempt {
            id,
            delivery,
            redelivery,
            owner: target.owner.clone(),
            attempt,
            webhook: target.webhook.clone(),
            event: event.to_owned(),
            url: target.url.clone(),
            sent_at,
            headers: headers.into_iter().collect(),
            body: String::from_utf8_lossy(body).into_owned(),
            payload: payload.to_vec(),
            duration,
            status: match &answer {
                Ok(answered) => Some(answered.status),
                Err((status, _)) => *status,
            },
            error: answer.as_ref().err().map(|(_, error)| error.clone()),
            answer: answer.ok(),
            outcome: match (delivered, next_retry_ms) {
                (true, _) => "delivered",
                (false, Some(_)) => "retrying",
                (false, None) => "failed",
            },
            next_retry_ms,
        };
        if let Ok(mut log) = self.log.lock() {
            log.push(record.clone());
        }
        record
    }
}

/// Which delivery an attempt belongs to, and whether to a redelivery of it.
#[derive(Debug, Clone, Copy)]
struct Series {
    delivery: u64,
    redelivery: bool,
}
