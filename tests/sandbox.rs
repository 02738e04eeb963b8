//! The sandbox, end to end and in process: each provider's mock driven through its whole
//! webhook lifecycle (the REST ones by the progenitor clients generated from the committed
//! documents where progenitor can make one, else by raw requests), a trigger whose delivery a receiver verifies with `hookspec-signature`, a failed
//! delivery retried on the provider's schedule (scaled down), and bad requests answered with the
//! provider's own errors, never a 500.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use hookspec_clients::{equals_money, gigapay};
use hookspec_sandbox::Options;
use hookspec_signature::{VerifyOptions, verify};
use hookspec_tests::example;
use serde_json::{Value, json};

/// What a receiver got: the headers (names lower-case) and the raw body.
#[derive(Debug, Clone)]
struct Received {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// A webhook receiver: answers each delivery with the next status of its script (200 once the
/// script is spent) and keeps what it received.
#[derive(Clone, Default)]
struct Receiver {
    script: Arc<Mutex<VecDeque<u16>>>,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    receiver.received.lock().expect("not poisoned").push(Received {
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
struct Scene {
    runtime: tokio::runtime::Runtime,
    mock: String,
    receiver: Receiver,
    receiver_url: String,
    http: reqwest::Client,
}

impl Scene {
    /// Starts the mock of `dialect` (retries 1000 times faster) and a receiver that answers
    /// `script` first.
    fn start(dialect: &str, script: &[u16]) -> Scene {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let app = hookspec_sandbox::app(hookspec_tests::dialect(dialect), Options { time_scale: 0.001 })
            .expect("the mock starts");
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
    fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> (u16, Value) {
        self.send_as(method, path, headers, body.map(|body| ("application/json", body)))
    }

    /// Sends a raw request with a body of the given media type (`(media type, text)`).
    fn send_as(
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

    fn trigger(&self, event: &str, data: Option<Value>) -> Value {
        let mut request = json!({"event": event});
        if let Some(data) = data {
            request["data"] = data;
        }
        let (status, answer) = self.send("POST", "/_hookspec/trigger", &[], Some(&request.to_string()));
        assert_eq!(status, 200, "{answer:#}");
        answer
    }

    fn attempts(&self) -> Vec<Value> {
        let (status, attempts) = self.send("GET", "/_hookspec/deliveries", &[], None);
        assert_eq!(status, 200);
        attempts.as_array().cloned().unwrap_or_default()
    }

    /// Triggers `event`, and checks that the one subscribed receiver got a delivery that
    /// verifies with `secret` and, after one failure, a retry that does too.
    fn deliveries_are_signed_and_retried(&self, dialect: &str, event: &str, secret: &str) {
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

fn documented(dialect: &str, operation: &str, request: bool) -> Value {
    serde_json::from_str(example(dialect, operation, request, "documented").text())
        .expect("fixtures are JSON")
}

fn authorized(name: &'static str, value: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(name, reqwest::header::HeaderValue::from_static(value));
    reqwest::Client::builder().default_headers(headers).build().expect("a client")
}

#[test]
fn gigapay_mock_serves_the_lifecycle_and_delivers() {
    let scene = Scene::start("gigapay", &[500]);
    let client = gigapay::Client::new_with_client(
        &format!("{}/v2", scene.mock),
        authorized("authorization", "Token key"),
    );
    let integration = "integration-1";
    let receiver_url = scene.receiver_url.clone();
    scene.runtime.block_on(async {
        let body: gigapay::types::WebhookInput =
            serde_json::from_value(documented("gigapay", "registerWebhook", true))
                .expect("a documented body");
        let created =
            client.register_webhook().integration_id(integration).body(body).send().await.expect("register");
        assert_eq!(created.status().as_u16(), 201);
        let created = created.into_inner();
        assert_eq!(created.url, "https://jobmatchr.se/webhooks/payouts/");
        assert!(uuid::Uuid::parse_str(&created.id).is_ok(), "a generated UUID4: {}", created.id);
        assert_eq!(created.secret_key.len(), 32, "a generated 32-character secret");
        assert!(created.metadata.is_empty());

        let id = created.id.clone();
        let body: gigapay::types::WebhookUpdate =
            serde_json::from_value(documented("gigapay", "updateWebhook", true)).expect("a documented body");
        let updated = client
            .update_webhook()
            .integration_id(integration)
            .id(&id)
            .body(body)
            .send()
            .await
            .expect("update");
        let updated = updated.into_inner();
        assert_eq!(updated.events.len(), 2);
        assert_eq!(
            (updated.url.as_str(), updated.secret_key.as_str()),
            (created.url.as_str(), created.secret_key.as_str())
        );

        let body: gigapay::types::WebhookReplacement =
            serde_json::from_value(documented("gigapay", "replaceWebhook", true)).expect("a documented body");
        let replaced = client
            .replace_webhook()
            .integration_id(integration)
            .id(&id)
            .body(body)
            .send()
            .await
            .expect("replace");
        let replaced = replaced.into_inner();
        assert_eq!(
            (replaced.id.as_str(), replaced.url.as_str()),
            (id.as_str(), "https://jobmatchr.se/webhooks/payruns/")
        );
        assert_ne!(replaced.secret_key, created.secret_key, "a replacement without a secret gets a new one");

        for n in 0..3 {
            let body = gigapay::types::WebhookInput {
                id: Some(format!("extra-{n}")),
                url: format!("https://example.com/{n}"),
                events: vec![gigapay::types::Event("Invoice.paid".into())],
                secret_key: None,
                metadata: Default::default(),
            };
            client.register_webhook().integration_id(integration).body(body).send().await.expect("register");
        }
        let page = client
            .list_webhooks()
            .integration_id(integration)
            .page(2)
            .page_size(3)
            .send()
            .await
            .expect("list");
        let page = page.into_inner();
        assert_eq!((page.count, page.results.len()), (4, 1));
        assert!(page.next.is_none());
        assert_eq!(
            page.previous.as_deref(),
            Some(format!("{}/v2/webhooks/?page=1&page_size=3", scene.mock).as_str())
        );
        let other = client.list_webhooks().integration_id("integration-2").send().await.expect("list");
        assert_eq!(other.into_inner().count, 0, "webhooks belong to their integration");

        let deleted =
            client.delete_webhook().integration_id(integration).id(&id).send().await.expect("delete");
        assert_eq!(deleted.status().as_u16(), 204);
        match client.retrieve_webhook().integration_id(integration).id(&id).send().await {
            Err(gigapay::Error::ErrorResponse(error)) => {
                assert_eq!(error.status().as_u16(), 404);
                assert_eq!(error.into_inner().detail.as_deref(), Some("Not found."));
            }
            other => panic!("a deleted webhook is gone: {other:?}"),
        }

        let body = gigapay::types::WebhookInput {
            id: None,
            url: receiver_url,
            events: vec![gigapay::types::Event("Payout.created".into())],
            secret_key: Some("gigapay-secret".into()),
            metadata: Default::default(),
        };
        client.register_webhook().integration_id(integration).body(body).send().await.expect("register");
    });
    scene.deliveries_are_signed_and_retried("gigapay", "Payout.created", "gigapay-secret");
}

#[test]
fn gigapay_mock_refuses_bad_requests_as_gigapay_does() {
    let scene = Scene::start("gigapay", &[]);
    let auth = [("authorization", "Token key"), ("integration-id", "i")];
    let (status, body) = scene.send("GET", "/v2/webhooks/", &[], None);
    assert_eq!((status, &body["detail"]), (401, &json!("Authentication credentials were not provided.")));
    let (status, body) = scene.send("POST", "/v2/webhooks/", &auth, Some("{not json"));
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().is_some_and(|detail| detail.starts_with("JSON parse error")), "{body}");
    let (status, body) = scene.send("POST", "/v2/webhooks/", &auth, Some(r#"{"url": 5}"#));
    assert_eq!(status, 400);
    assert_eq!(body["events"], json!(["This field is required."]), "{body}");
    assert!(body["url"][0].as_str().is_some_and(|message| message.contains("string")), "{body}");
    let (status, body) = scene.send("GET", "/v2/webhooks/?page=first", &auth, None);
    assert_eq!(status, 400, "{body}");
    assert!(body["page"].is_array(), "{body}");
    let (status, _) = scene.send("GET", "/v2/webhooks/nope/", &auth, None);
    assert_eq!(status, 404);
    let (status, body) = scene.send("POST", "/v2/webhooks/x/", &auth, Some("{}"));
    assert_eq!((status, &body["detail"]), (405, &json!("Method \"POST\" not allowed.")));
    let (status, body) = scene.send(
        "POST",
        "/v2/webhooks/",
        &auth,
        Some(r#"{"id": "a", "url": "https://x.se/", "events": []}"#),
    );
    assert_eq!(status, 201, "{body}");
    let (status, body) = scene.send(
        "POST",
        "/v2/webhooks/",
        &auth,
        Some(r#"{"id": "a", "url": "https://x.se/", "events": []}"#),
    );
    assert_eq!((status, &body["id"]), (400, &json!(["webhook with this id already exists."])));
}

#[test]
fn equals_money_mock_serves_the_lifecycle_and_delivers() {
    let scene = Scene::start("equals-money", &[500]);
    let client = equals_money::Client::new_with_client(
        &format!("{}/v2", scene.mock),
        authorized("authorization", "ApiKey key"),
    );
    let receiver_url = scene.receiver_url.clone();
    scene.runtime.block_on(async {
        let types = client.list_webhook_event_types().send().await.expect("event types").into_inner();
        // Every event type of the catalogue that the documentation gives a usable ID.
        let with_ids = Some(
            hookspec_tests::dialect("equals-money")
                .catalogue
                .events
                .iter()
                .filter(|event| event.id.is_some())
                .count(),
        );
        assert_eq!(Some(types.len()), with_ids);
        assert_eq!(types.len(), 25);
        let activated = types.iter().find(|kind| kind.name.as_str() == "AccountActivated").expect("listed");
        let retrieved = client
            .retrieve_webhook_event_type()
            .webhook_event_type_id(activated.id)
            .send()
            .await
            .expect("one");
        assert_eq!(retrieved.into_inner().name.as_str(), "AccountActivated");

        let body: equals_money::types::NewWebhook =
            serde_json::from_value(documented("equals-money", "createWebhook", true))
                .expect("a documented body");
        let created = client.create_webhook().body(body).send().await.expect("create");
        assert_eq!(created.status().as_u16(), 201);
        let created = created.into_inner();
        assert_eq!(created.webhook_event_type_id.to_string(), "a4dcc403-41aa-4f2e-acf6-32dbaec78e72");
        assert_eq!(created.account_id.as_deref(), Some("F12345"));

        let page = client
            .list_webhooks()
            .account_id("F12345")
            .enabled(true)
            .send()
            .await
            .expect("list")
            .into_inner();
        assert_eq!((page.count, page.rows.len()), (1, 1));
        let none = client.list_webhooks().account_id("other").send().await.expect("list").into_inner();
        assert_eq!(none.count, 0);

        let body: equals_money::types::WebhookUpdate =
            serde_json::from_value(documented("equals-money", "updateWebhook", true))
                .expect("a documented body");
        let id = created.id.to_string();
        let updated = client
            .update_webhook()
            .webhook_id(id.as_str())
            .body(body)
            .send()
            .await
            .expect("update")
            .into_inner();
        assert_eq!(updated.shared_secret.as_deref(), Some("123e4567-e89b-12d3-a456-426614174000"));
        assert_eq!(updated.url, created.url);

        let deleted = client.delete_webhook().webhook_id(id.as_str()).send().await.expect("delete");
        assert_eq!(deleted.status().as_u16(), 204);
        match client.retrieve_webhook().webhook_id(id.as_str()).send().await {
            Err(equals_money::Error::ErrorResponse(error)) => assert_eq!(error.status().as_u16(), 404),
            other => panic!("a deleted webhook is gone: {other:?}"),
        }

        let body: equals_money::types::NewWebhook = serde_json::from_value(json!({
            "enabled": true,
            "url": receiver_url,
            "webhookEventTypeName": "BoxCredited",
            "sharedSecret": "equals-secret",
            "authorizationHeader": "Bearer receiver-token",
        }))
        .expect("a body");
        client.create_webhook().body(body).send().await.expect("create");
    });
    scene.deliveries_are_signed_and_retried("equals-money", "BoxCredited", "equals-secret");
    let delivery = &scene.receiver.received()[0];
    assert_eq!(delivery.header("authorization"), Some("Bearer receiver-token"));
    let payload: Value = serde_json::from_slice(&delivery.body).expect("JSON");
    // As the documentation shows every event: the payload inside `body`.
    assert_eq!(payload["body"]["webhookEventTypeName"], "BoxCredited");
    assert!(payload["body"]["messageId"].as_str().is_some_and(|id| id.len() == 36), "{payload}");
}

#[test]
fn equals_money_mock_refuses_bad_requests_inside_4xx() {
    let scene = Scene::start("equals-money", &[]);
    let auth = [("authorization", "ApiKey key")];
    let (status, _) = scene.send("GET", "/v2/webhooks", &[("authorization", "Token key")], None);
    assert_eq!(status, 401);
    let (status, body) = scene.send("GET", "/v2/webhooks?limit=0", &auth, None);
    assert_eq!(status, 400, "{body}");
    assert!(body["errors"][0].as_str().is_some_and(|error| error.starts_with("limit:")), "{body}");
    let (status, _) =
        scene.send("POST", "/v2/webhooks", &auth, Some(r#"{"enabled": true, "url": "https://x"}"#));
    assert_eq!(status, 400, "an event type is required");
    let (status, _) = scene.send(
        "POST",
        "/v2/webhooks",
        &auth,
        Some(r#"{"enabled": true, "url": "https://x", "webhookEventTypeName": "NoSuchEvent"}"#),
    );
    assert_eq!(status, 400);
    let (status, _) = scene.send(
        "PATCH",
        "/v2/webhooks/00000000-0000-4000-8000-000000000000",
        &auth,
        Some(r#"{"enabled": false}"#),
    );
    assert_eq!(status, 404);
    let (status, _) = scene.send("PUT", "/v2/webhooks/missing", &auth, Some("{}"));
    assert_eq!(status, 405);
}

/// Sends a JSON-RPC request; the answer, checked against the document's `JsonRpcResponse`.
fn rpc(scene: &Scene, headers: &[(&str, &str)], request: Value) -> Value {
    let (status, answer) = scene.send("POST", "/api/jsonrpc", headers, Some(&request.to_string()));
    assert_eq!(status, 200, "JSON-RPC answers with HTTP 200: {answer:#}");
    let document = hookspec_tests::document("shipstream");
    let schema = json!({"$ref": "#/components/schemas/JsonRpcResponse"});
    assert_eq!(hookspec_toolkit::validate::validate(&document, &schema, &answer), Ok(()), "{answer:#}");
    answer
}

#[test]
fn shipstream_mock_serves_the_lifecycle_and_delivers() {
    let scene = Scene::start("shipstream", &[500]);
    let basic = [("authorization", "Basic dXNlcjprZXk=")];
    let login =
        rpc(&scene, &[], json!({"jsonrpc": "2.0", "id": 1, "method": "login", "params": ["user", "key"]}));
    let session = login["result"].as_str().expect("a session id").to_owned();
    assert_eq!(session.len(), 32);

    let call = |headers: &[(&str, &str)], session: Value, method: &str, arguments: Value| {
        rpc(
            &scene,
            headers,
            json!({"jsonrpc": "2.0", "id": 7, "method": "call", "params": [session, method, arguments]}),
        )
    };
    let created = call(
        &[],
        json!(session),
        "webhook.create",
        json!([{"topics": "order:*,shipment:packed", "url": scene.receiver_url, "secret_key": "shipstream-secret"}]),
    );
    assert_eq!((&created["id"], &created["result"]), (&json!(7), &json!(true)), "{created}");
    call(
        &basic,
        Value::Null,
        "webhook.create",
        json!([{"topics": "inventory:adjusted", "url": "https://x/"}]),
    );

    let listed = call(&basic, Value::Null, "webhook.list", json!([]));
    let webhooks = listed["result"].as_array().expect("a list");
    assert_eq!(webhooks.len(), 2);
    assert_eq!((&webhooks[0]["webhook_id"], &webhooks[0]["is_active"]), (&json!(1), &json!(1)));
    assert_eq!(webhooks[1]["secret_key"].as_str().map(str::len), Some(32), "a generated secret");

    let paused = call(&basic, Value::Null, "webhook.update_status", json!(["inventory:adjusted", 0]));
    assert_eq!(paused["result"], true);
    let listed = call(&basic, Value::Null, "webhook.list", json!([]));
    assert_eq!(listed["result"][1]["is_active"], 0);
    let missing = call(&basic, Value::Null, "webhook.update_status", json!(["nobody:listens", 1]));
    assert_eq!(missing["error"]["code"], -32100);

    let deleted = call(&basic, Value::Null, "webhook.delete", json!([2]));
    assert_eq!(deleted["result"], true);
    let listed = call(&basic, Value::Null, "webhook.list", json!([]));
    assert_eq!(listed["result"].as_array().map(Vec::len), Some(1));

    scene.deliveries_are_signed_and_retried("shipstream", "order:created", "shipstream-secret");
}

#[test]
fn shipstream_mock_answers_every_bad_request_with_its_json_rpc_error() {
    let scene = Scene::start("shipstream", &[]);
    let document = hookspec_tests::document("shipstream");
    let schema = json!({"$ref": "#/components/schemas/JsonRpcResponse"});
    let code = |headers: &[(&str, &str)], body: &str| {
        let (status, answer) = scene.send("POST", "/api/jsonrpc", headers, Some(body));
        assert_eq!(status, 200, "{answer}");
        assert_eq!(hookspec_toolkit::validate::validate(&document, &schema, &answer), Ok(()), "{answer:#}");
        answer["error"]["code"].as_i64()
    };
    let basic = [("authorization", "Basic dXNlcjprZXk=")];
    assert_eq!(code(&[], "{"), Some(-32700));
    assert_eq!(
        code(&[], r#"{"jsonrpc": 2.0, "id": 1, "method": "login", "params": ["u", "k"]}"#),
        Some(-32600)
    );
    assert_eq!(code(&[], r#"{"jsonrpc": "2.0", "id": 1, "method": "logout", "params": []}"#), Some(-32601));
    assert_eq!(
        code(&[], r#"{"jsonrpc": "2.0", "id": 1, "method": "login", "params": [1, 2]}"#),
        Some(-32602)
    );
    assert_eq!(
        code(
            &basic,
            r#"{"jsonrpc": "2.0", "id": 1, "method": "call", "params": [null, "webhook.nope", []]}"#
        ),
        Some(-32003),
        "an API method `call` does not know is an invalid api path"
    );
    assert_eq!(
        code(
            &basic,
            r#"{"jsonrpc": "2.0", "id": 1, "method": "call", "params": [null, "webhook.list", [1]]}"#
        ),
        Some(-32602)
    );
    assert_eq!(
        code(&[], r#"{"jsonrpc": "2.0", "id": 1, "method": "call", "params": [null, "webhook.list", []]}"#),
        Some(-32002)
    );
    let expired = r#"{"jsonrpc": "2.0", "id": 1, "method": "call", "params": ["be1c13ed4e03f0ed7f1e4053dfff9658", "webhook.list", []]}"#;
    let (_, answer) = scene.send("POST", "/api/jsonrpc", &[], Some(expired));
    assert_eq!(answer["error"], json!({"code": -32005, "message": "Session expired. Try to relogin."}));
    assert_eq!(
        code(
            &basic,
            r#"{"jsonrpc": "2.0", "id": 1, "method": "call", "params": [null, "webhook.create", [{"topics": "", "url": "https://x"}]]}"#
        ),
        Some(-32101)
    );
    for id in ["{}", "1.5", "[1]"] {
        let request = format!(
            r#"{{"jsonrpc": "2.0", "id": {id}, "method": "call", "params": [null, "webhook.list", []]}}"#
        );
        let (status, answer) = scene.send("POST", "/api/jsonrpc", &basic, Some(&request));
        assert_eq!(status, 200);
        assert_eq!(
            (&answer["id"], &answer["error"]["code"]),
            (&Value::Null, &json!(-32600)),
            "id {id}: {answer}"
        );
    }
    let (status, _) = scene.send("GET", "/api/jsonrpc", &[], None);
    assert_eq!(status, 405);
}

#[test]
fn a_trigger_without_subscribers_delivers_nothing_and_bad_triggers_are_refused() {
    let scene = Scene::start("gigapay", &[]);
    let answer = scene.trigger("Invoice.paid", Some(json!({"id": "a0c72032-8e02-4d5d-be09-274dc67dbe2d"})));
    assert_eq!(answer["deliveries"], json!([]));
    let (status, _) = scene.send("POST", "/_hookspec/trigger", &[], Some("{}"));
    assert_eq!(status, 400);
    let (status, _) =
        scene.send("POST", "/_hookspec/trigger", &[], Some(r#"{"event": "Invoice.paid", "data": [1]}"#));
    assert_eq!(status, 400, "a payload that breaks the delivery schema is refused");
    let (status, _) = scene.send(
        "POST",
        "/_hookspec/trigger",
        &[],
        Some(r#"{"event": "Invoice.paid", "data": {"id": 1}}"#),
    );
    assert_eq!(status, 400, "a payload that breaks the event's own schema is refused");
}

/// Every dialect the registry lists is served: its behaviour and catalogue read, its operations
/// exist, and an unauthenticated request gets the provider's refusal, never a 5xx.
/// A form body to the Stripe mock, authenticated.
fn stripe(scene: &Scene, method: &str, path: &str, form: Option<&str>) -> (u16, Value) {
    let auth = [("authorization", "Bearer sk_test_key")];
    scene.send_as(
        method,
        &format!("/v1/webhook_endpoints{path}"),
        &auth,
        form.map(|form| ("application/x-www-form-urlencoded", form)),
    )
}

#[test]
fn stripe_mock_serves_the_lifecycle_over_forms_and_delivers() {
    let scene = Scene::start("stripe", &[500]);
    let hooks = scene.receiver_url.replace(':', "%3A").replace('/', "%2F");
    // Both ways SDKs write an array: `a[]=x` and `a[0]=x`.
    let (status, created) = stripe(
        &scene,
        "POST",
        "",
        Some(&format!("url={hooks}&enabled_events[]=charge.succeeded&metadata[team]=ops")),
    );
    assert_eq!(status, 200, "{created}");
    let secret = created["secret"].as_str().expect("the secret, shown at creation").to_owned();
    assert!(
        secret.starts_with("whsec_") && created["id"].as_str().is_some_and(|id| id.starts_with("we_")),
        "{created}"
    );
    assert_eq!((&created["status"], &created["object"]), (&json!("enabled"), &json!("webhook_endpoint")));
    let id = created["id"].as_str().expect("an id").to_owned();
    let (status, other) = stripe(
        &scene,
        "POST",
        "",
        Some(
            "url=https%3A%2F%2Fexample.com&enabled_events[0]=charge.failed&enabled_events[1]=charge.refunded",
        ),
    );
    assert_eq!(
        (status, &other["enabled_events"]),
        (200, &json!(["charge.failed", "charge.refunded"])),
        "{other}"
    );

    let (status, retrieved) = stripe(&scene, "GET", &format!("/{id}?expand[]=application"), None);
    assert_eq!(status, 200, "{retrieved}");
    assert_eq!(retrieved.get("secret"), None, "the secret is only returned at creation");
    let (_, page) = stripe(&scene, "GET", "?limit=1", None);
    assert_eq!(
        (&page["object"], &page["has_more"], &page["data"][0]["id"]),
        (&json!("list"), &json!(true), &json!(id))
    );
    let (_, next) = stripe(&scene, "GET", &format!("?limit=1&starting_after={id}"), None);
    assert_eq!((&next["has_more"], &next["data"][0]["id"]), (&json!(false), &other["id"]));
    let (_, before) =
        stripe(&scene, "GET", &format!("?ending_before={}", other["id"].as_str().unwrap_or_default()), None);
    assert_eq!(before["data"].as_array().map(Vec::len), Some(1));

    let (_, updated) =
        stripe(&scene, "POST", &format!("/{id}"), Some("disabled=true&metadata[team]=&metadata[tier]=1"));
    assert_eq!(
        (&updated["status"], &updated["metadata"]),
        (&json!("disabled"), &json!({"tier": "1"})),
        "{updated}"
    );
    let (_, updated) = stripe(&scene, "POST", &format!("/{id}"), Some("disabled=false&description="));
    assert_eq!((&updated["status"], &updated["description"]), (&json!("enabled"), &Value::Null), "{updated}");

    scene.deliveries_are_signed_and_retried("stripe", "charge.succeeded", &secret);
    let delivered: Value = serde_json::from_slice(&scene.receiver.received()[0].body).expect("a JSON event");
    assert_eq!((&delivered["object"], &delivered["type"]), (&json!("event"), &json!("charge.succeeded")));

    let (status, deleted) = stripe(&scene, "DELETE", &format!("/{id}"), None);
    assert_eq!((status, deleted), (200, json!({"deleted": true, "id": id, "object": "webhook_endpoint"})));
    let (status, gone) = stripe(&scene, "GET", &format!("/{id}"), None);
    assert_eq!((status, &gone["error"]["type"]), (404, &json!("invalid_request_error")));
}

#[test]
fn stripe_mock_refuses_bad_input_with_stripes_error_never_a_500() {
    let scene = Scene::start("stripe", &[]);
    let refused = |(status, body): (u16, Value), expected: u16, param: Value| {
        assert_eq!(status, expected, "{body}");
        assert_eq!(body["error"]["type"], "invalid_request_error", "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
        assert_eq!(body["error"]["param"], param, "{body}");
    };
    let (status, body) = scene.send("GET", "/v1/webhook_endpoints", &[], None);
    assert_eq!((status, &body["error"]["type"]), (401, &json!("invalid_request_error")), "{body}");
    // A key not of Stripe's form is refused; a key as the Basic user name, with no password, is not.
    let (status, _) =
        scene.send("GET", "/v1/webhook_endpoints", &[("authorization", "Bearer not-a-key")], None);
    assert_eq!(status, 401);
    let basic = ("authorization", "Basic c2tfdGVzdF9rZXk6"); // `sk_test_key:`
    assert_eq!(scene.send("GET", "/v1/webhook_endpoints", &[basic], None).0, 200);
    refused(stripe(&scene, "POST", "", Some("url=%ZZ&enabled_events[=x")), 400, Value::Null);
    refused(
        stripe(&scene, "POST", "", Some("url=https%3A%2F%2Fx.com&enabled_events[]=charge.nope")),
        400,
        json!("enabled_events"),
    );
    refused(stripe(&scene, "POST", "", Some("enabled_events[]=charge.failed")), 400, json!("url"));
    refused(stripe(&scene, "GET", "?limit=101", None), 400, json!("limit"));
    refused(stripe(&scene, "GET", "?starting_after=we_nope", None), 404, json!("starting_after"));
    refused(stripe(&scene, "POST", "/we_nope", Some("disabled=true")), 404, Value::Null);
}

#[test]
fn every_registered_dialect_is_served() {
    for dialect in hookspec_tests::providers() {
        let scene = Scene::start(&dialect.name, &[]);
        let table = dialect.table.clone();
        let base = table.servers.first().map(|server| server.base_path()).unwrap_or_default();
        let path = table.operations.first().map(|operation| operation.path.clone()).unwrap_or_default();
        for method in ["GET", "POST", "DELETE"] {
            let (status, body) = scene.send(method, &format!("{base}{path}"), &[], Some("{}"));
            assert!((200..500).contains(&status), "{} {method}: {status} {body}", dialect.name);
        }
    }
}

/// A trigger without data delivers the event's documented sample, and a body synthesised for an
/// event without one takes the event's own schema.
#[test]
fn every_catalogued_event_is_delivered_as_its_sample() {
    for dialect in hookspec_tests::providers() {
        let catalogue = dialect.catalogue.clone();
        let payloads = hookspec_sandbox::catalogue_payloads(dialect).expect("the mock starts");
        assert_eq!(payloads.len(), catalogue.events.len());
        let document = hookspec_tests::document(&dialect.name);
        let behaviour = dialect.behaviour.clone();
        for (event, (name, payload)) in catalogue.events.iter().zip(payloads) {
            let payload = payload.unwrap_or_else(|error| panic!("{}: {name}: {error}", dialect.name));
            if let Some(sample) = &event.sample {
                let documented = sample.value(&dialect.folder).expect("the sample is JSON");
                assert_eq!(payload, documented, "{}: {name}", dialect.name);
            }
            // Synthesised or documented, the payload is one of the event's own schema...
            let component = event.payload_component().expect("every event has a payload");
            let schema = json!({"$ref": format!("#/components/schemas/{component}")});
            assert_eq!(
                hookspec_toolkit::validate::validate(&document, &schema, &payload),
                Ok(()),
                "{}: {name} as {component}: {payload}",
                dialect.name
            );
            // ...and where the body names its event, it names this one.
            let notification = behaviour.notification(&payload).expect("the envelope reads it");
            if let Some(named) = notification.event {
                assert_eq!(named, event.name, "{}", dialect.name);
            }
        }
    }
}
