//! A mock of a provider on loopback and a webhook receiver beside it, for the tests that drive
//! the sandbox over HTTP (`crate::scene`).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hookspec_sandbox::Options;
use hookspec_signature::{VerifyOptions, verify};
use serde_json::{Value, json};

/// What a receiver got: the headers (names lower-case) and the raw body.
#[derive(Debug, Clone)]
pub struct Received {
    /// The path and query the delivery was posted to.
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// A webhook receiver: answers each delivery with the next status of its script (200 once the
/// script is spent) and keeps what it received.
#[derive(Clone, Default)]
pub struct Receiver {
    pub script: Arc<Mutex<VecDeque<u16>>>,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    receiver.received.lock().expect("not poisoned").push(Received {
        uri: uri.to_string(),
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_owned()))
            .collect(),
        body: body.to_vec(),
    });
    let status = receiver.script.lock().expect("not poisoned").pop_front().unwrap_or(200);
    StatusCode::from_u16(status).expect("a status")
}

/// A running mock and a receiver beside it, both on loopback.
pub struct Scene {
    pub runtime: tokio::runtime::Runtime,
    pub mock: String,
    pub receiver: Receiver,
    pub receiver_url: String,
    pub http: reqwest::Client,
}

impl Scene {
    /// Starts the mock of `dialect` (retries 1000 times faster) and a receiver that answers
    /// `script` first.
    pub fn start(dialect: &str, script: &[u16]) -> Scene {
        let options = Options { time_scale: 0.001, ..Options::default() };
        let app = hookspec_sandbox::app(hookspec_tests::dialect(dialect), options).expect("the mock starts");
        Scene::serve(app, script)
    }

    /// Serves `app` (a mock) and a receiver that answers `script` first, on loopback.
    pub fn serve(app: axum::Router, script: &[u16]) -> Scene {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let receiver = Receiver {
            script: Arc::new(Mutex::new(script.iter().copied().collect())),
            ..Receiver::default()
        };
        let (mock, receiver_url) = runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
            let mock = format!("http://{}", listener.local_addr().expect("bound"));
            tokio::spawn(async move { hookspec_sandbox::serve(listener, app, std::future::pending()).await });
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
            let url = format!("http://{}/hooks", listener.local_addr().expect("bound"));
            let hooks = axum::Router::new()
                .route("/hooks", axum::routing::post(receive))
                .with_state(receiver.clone());
            tokio::spawn(async move { axum::serve(listener, hooks).await });
            (mock, url)
        });
        Scene { runtime, mock, receiver, receiver_url, http: reqwest::Client::new() }
    }

    /// Sends a raw request with a JSON body to the mock; its status and JSON body (`Null` when
    /// empty).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> (u16, Value) {
        self.send_as(method, path, headers, body.map(|body| ("application/json", body)))
    }

    /// Sends a raw request with a body of the given media type (`(media type, text)`).
    pub fn send_as(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, &str)>,
    ) -> (u16, Value) {
        self.runtime.block_on(async {
            let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
            let mut request = self.http.request(method, format!("{}{path}", self.mock));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            if let Some((media, body)) = body {
                request = request.header("content-type", media).body(body.to_owned());
            }
            let response = request.send().await.expect("the mock answers");
            let status = response.status().as_u16();
            let bytes = response.bytes().await.expect("a body");
            (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
        })
    }

    pub fn trigger(&self, event: &str, data: Option<Value>) -> Value {
        let mut request = json!({"event": event});
        if let Some(data) = data {
            request["data"] = data;
        }
        let (status, answer) = self.send("POST", "/_hookspec/trigger", &[], Some(&request.to_string()));
        assert_eq!(status, 200, "{answer:#}");
        answer
    }

    pub fn attempts(&self) -> Vec<Value> {
        let (status, attempts) = self.send("GET", "/_hookspec/deliveries", &[], None);
        assert_eq!(status, 200);
        attempts.as_array().cloned().unwrap_or_default()
    }

    /// Triggers `event`, and checks that the one subscribed receiver got a delivery that
    /// verifies with `secret` and, after one failure, a retry that does too.
    pub fn deliveries_are_signed_and_retried(&self, dialect: &str, event: &str, secret: &str) {
        let scheme = hookspec_tests::dialect(dialect).scheme.clone();
        let first = self.trigger(event, None);
        let deliveries = first["deliveries"].as_array().expect("deliveries");
        assert_eq!(deliveries.len(), 1, "one webhook is subscribed: {first:#}");
        assert_eq!(deliveries[0]["status"], 500, "the receiver's scripted failure: {first:#}");
        assert_eq!(deliveries[0]["outcome"], "retrying");

        let deadline = Instant::now() + Duration::from_secs(10);
        while self.receiver.received().len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        let received = self.receiver.received();
        assert_eq!(received.len(), 2, "the failed delivery is retried once, then acknowledged");
        for delivery in &received {
            assert_eq!(delivery.body, received[0].body, "a retry carries the same body");
            let headers: Vec<(&str, &str)> =
                delivery.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
            assert_eq!(
                verify(&scheme, secret.as_bytes(), &headers, &delivery.body, &VerifyOptions::default()),
                Ok(())
            );
            assert_eq!(
                verify(&scheme, b"another secret", &headers, &delivery.body, &VerifyOptions::default()),
                Err(hookspec_signature::VerifyError::Mismatch)
            );
        }
        // The receiver answers the retry before the mock records its outcome: wait for the record.
        let mut attempts = self.attempts();
        while attempts.len() < 2 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
            attempts = self.attempts();
        }
        let outcomes: Vec<(u64, &str)> = attempts
            .iter()
            .map(|attempt| {
                (attempt["attempt"].as_u64().unwrap_or(0), attempt["outcome"].as_str().unwrap_or(""))
            })
            .collect();
        assert_eq!(outcomes, [(1, "retrying"), (2, "delivered")]);
    }
}
