//! The generated progenitor clients, called against a loopback server that answers each
//! operation with the documented examples: the proof that a client generated from the committed
//! 3.0 documents sends what the provider documents and decodes what it answers.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use hookspec_clients::{equals_money, gigapay};
use hookspec_tests::example;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// One canned answer: what request it expects, and what it answers.
struct Route {
    method: &'static str,
    target: &'static str,
    status: u16,
    body: Option<Value>,
}

/// What the server received.
#[derive(Debug)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<Value>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }
}

/// Serves `routes` in order on 127.0.0.1, one request each, then stops; gives up after 20 s.
fn serve(routes: Vec<Route>) -> (String, mpsc::Receiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    listener.set_nonblocking(true).expect("non-blocking accept");
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut routes = routes.into_iter();
        let mut next = routes.next();
        while let Some(route) = next.take() {
            if Instant::now() > deadline {
                return;
            }
            match listener.accept() {
                Ok((stream, _)) => {
                    if let Some(received) = answer(stream, &route) {
                        let _ = sender.send(received);
                    }
                    next = routes.next();
                }
                Err(_) => {
                    thread::sleep(Duration::from_millis(5));
                    next = Some(route);
                }
            }
        }
    });
    (format!("http://{address}"), receiver)
}

fn answer(stream: TcpStream, route: &Route) -> Option<Received> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let expected = method == route.method && target == route.target;
    let (status, payload) = if expected {
        (route.status, route.body.as_ref().map(Value::to_string).unwrap_or_default())
    } else {
        (418, format!("expected {} {}", route.method, route.target))
    };
    let mut stream = stream;
    let content_type = if payload.is_empty() { "" } else { "Content-Type: application/json\r\n" };
    write!(
        stream,
        "HTTP/1.1 {status} X\r\n{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .ok()?;
    Some(Received { method, target, headers, body: serde_json::from_slice(&body).ok() })
}

fn documented(dialect: &str, operation: &str, request: bool, name: &str) -> Value {
    serde_json::from_str(example(dialect, operation, request, name).text()).expect("fixtures are JSON")
}

/// Checks that the client decoded the answer to the same value as the documented example decodes
/// to in the generated type `T` (compared through JSON: the generated types need not be
/// `PartialEq`, and they write absent options and timestamps in their own canonical form).
fn assert_decoded<T: Serialize + DeserializeOwned>(decoded: &T, documented: &Value) {
    let expected: T = serde_json::from_value(documented.clone()).expect("the documented example decodes");
    assert_eq!(json_of(decoded), json_of(&expected));
}

fn json_of<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime")
}

fn authorized(header: &'static str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::AUTHORIZATION, reqwest::header::HeaderValue::from_static(header));
    reqwest::Client::builder().default_headers(headers).build().expect("a client")
}

#[test]
fn the_gigapay_client_round_trips_every_documented_example() {
    let list = documented("gigapay", "listWebhooks", false, "documented");
    let register_request = documented("gigapay", "registerWebhook", true, "documented");
    let register_response = documented("gigapay", "registerWebhook", false, "documented");
    let retrieve = documented("gigapay", "retrieveWebhook", false, "documented");
    let update_request = documented("gigapay", "updateWebhook", true, "documented");
    let update_response = documented("gigapay", "updateWebhook", false, "documented");
    let replace_request = documented("gigapay", "replaceWebhook", true, "documented");
    let replace_response = documented("gigapay", "replaceWebhook", false, "documented");
    let (base, received) = serve(vec![
        Route {
            method: "GET",
            target: "/v2/webhooks/?page=2&page_size=2",
            status: 200,
            body: Some(list.clone()),
        },
        Route { method: "POST", target: "/v2/webhooks/", status: 201, body: Some(register_response.clone()) },
        Route { method: "GET", target: "/v2/webhooks/481272/", status: 200, body: Some(retrieve.clone()) },
        Route {
            method: "PATCH",
            target: "/v2/webhooks/481272/",
            status: 200,
            body: Some(update_response.clone()),
        },
        Route {
            method: "PUT",
            target: "/v2/webhooks/481272/",
            status: 200,
            body: Some(replace_response.clone()),
        },
        Route { method: "DELETE", target: "/v2/webhooks/481272/", status: 204, body: None },
        Route {
            method: "GET",
            target: "/v2/webhooks/404/",
            status: 404,
            body: Some(json!({"detail": "Not found."})),
        },
    ]);
    let client =
        gigapay::Client::new_with_client(&format!("{base}/v2"), authorized("Token asasdadjanfkanfda"));
    runtime().block_on(async {
        let page = client
            .list_webhooks()
            .integration_id("aqdnkjasdo12")
            .page(2)
            .page_size(2)
            .send()
            .await
            .expect("list");
        let page = page.into_inner();
        assert_decoded(&page, &list);
        assert_eq!((page.count, page.next.is_none(), page.results.len()), (4, true, 2));

        let body: gigapay::types::WebhookInput =
            serde_json::from_value(register_request.clone()).expect("a documented body");
        let created = client
            .register_webhook()
            .integration_id("aqdnkjasdo12")
            .body(body)
            .send()
            .await
            .expect("register");
        assert_eq!(created.status().as_u16(), 201);
        assert_decoded(&created.into_inner(), &register_response);

        let webhook = client
            .retrieve_webhook()
            .integration_id("aqdnkjasdo12")
            .id("481272")
            .send()
            .await
            .expect("retrieve");
        let webhook = webhook.into_inner();
        assert_decoded(&webhook, &retrieve);
        assert_eq!(webhook.secret_key, "c1329a085d65f7757838df5920fdcc9a");

        let body: gigapay::types::WebhookUpdate =
            serde_json::from_value(update_request.clone()).expect("a documented body");
        let updated = client
            .update_webhook()
            .integration_id("aqdnkjasdo12")
            .id("481272")
            .body(body)
            .send()
            .await
            .expect("update");
        assert_decoded(&updated.into_inner(), &update_response);

        let body: gigapay::types::WebhookReplacement =
            serde_json::from_value(replace_request.clone()).expect("a documented body");
        let replaced = client
            .replace_webhook()
            .integration_id("aqdnkjasdo12")
            .id("481272")
            .body(body)
            .send()
            .await
            .expect("replace");
        assert_decoded(&replaced.into_inner(), &replace_response);

        let deleted =
            client.delete_webhook().integration_id("aqdnkjasdo12").id("481272").send().await.expect("delete");
        assert_eq!(deleted.status().as_u16(), 204);

        match client.retrieve_webhook().integration_id("aqdnkjasdo12").id("404").send().await {
            Err(gigapay::Error::ErrorResponse(error)) => {
                assert_eq!(error.status().as_u16(), 404);
                assert_eq!(error.into_inner().detail.as_deref(), Some("Not found."));
            }
            other => panic!("a 404 must decode as the error body: {other:?}"),
        }
    });

    let requests: Vec<Received> = received.try_iter().collect();
    assert_eq!(requests.len(), 7, "{requests:#?}");
    for request in &requests {
        assert_eq!(
            request.header("integration-id"),
            Some("aqdnkjasdo12"),
            "{} {}",
            request.method,
            request.target
        );
        assert_eq!(request.header("authorization"), Some("Token asasdadjanfkanfda"));
    }
    assert_eq!(requests[1].body.as_ref(), Some(&register_request), "the client sends the documented body");
    assert_eq!(requests[3].body.as_ref(), Some(&update_request));
    assert_eq!(requests[4].body.as_ref(), Some(&replace_request));
}

#[test]
fn the_equals_money_client_round_trips_every_documented_example() {
    let list = documented("equals-money", "listWebhooks", false, "documented");
    let retrieve = documented("equals-money", "retrieveWebhook", false, "documented");
    let id = "d7d34e0f-c6e9-4cea-8c25-baaffa81714f";
    let (base, received) = serve(vec![
        Route {
            method: "GET",
            target: "/v2/webhooks?enabled=true&limit=100",
            status: 200,
            body: Some(list.clone()),
        },
        Route {
            method: "GET",
            target: "/v2/webhooks/d7d34e0f-c6e9-4cea-8c25-baaffa81714f?accountId=F12345",
            status: 200,
            body: Some(retrieve.clone()),
        },
        // Create and update answer a webhook; the documented webhook is the answer.
        Route { method: "POST", target: "/v2/webhooks", status: 201, body: Some(retrieve.clone()) },
        Route {
            method: "PATCH",
            target: "/v2/webhooks/d7d34e0f-c6e9-4cea-8c25-baaffa81714f",
            status: 200,
            body: Some(retrieve.clone()),
        },
        Route {
            method: "DELETE",
            target: "/v2/webhooks/d7d34e0f-c6e9-4cea-8c25-baaffa81714f",
            status: 204,
            body: None,
        },
    ]);
    let client =
        equals_money::Client::new_with_client(&format!("{base}/v2"), authorized("ApiKey YOUR_API_KEY_HERE"));
    let create = json!({"enabled": true, "url": "https://api.url.com", "webhookEventTypeName": "OrderCreated", "accountId": "F12345"});
    runtime().block_on(async {
        let page = client.list_webhooks().enabled(true).limit(100).send().await.expect("list");
        let page = page.into_inner();
        assert_decoded(&page, &list);
        assert_eq!((page.count, page.rows.len()), (2, 2));
        assert_eq!(page.rows[0].created_at.to_rfc3339(), "2023-11-01T14:09:10+00:00");
        assert!(page.rows[0].shared_secret.is_none());

        let webhook =
            client.retrieve_webhook().webhook_id(id).account_id("F12345").send().await.expect("retrieve");
        let webhook = webhook.into_inner();
        assert_decoded(&webhook, &retrieve);
        assert_eq!(webhook.id.to_string(), id);
        assert_eq!(webhook.authorization_header.as_deref(), Some("Basic AXVubzpwQDU1dzByYM=="));

        let body: equals_money::types::NewWebhook =
            serde_json::from_value(create.clone()).expect("a create body");
        let created = client.create_webhook().body(body).send().await.expect("create");
        assert_decoded(&created.into_inner(), &retrieve);

        let body: equals_money::types::WebhookUpdate =
            serde_json::from_value(json!({"enabled": false})).expect("an update body");
        let updated = client.update_webhook().webhook_id(id).body(body).send().await.expect("update");
        assert_decoded(&updated.into_inner(), &retrieve);

        let deleted = client.delete_webhook().webhook_id(id).send().await.expect("delete");
        assert_eq!(deleted.status().as_u16(), 204);
    });

    let requests: Vec<Received> = received.try_iter().collect();
    assert_eq!(requests.len(), 5, "{requests:#?}");
    assert!(
        requests.iter().all(|request| request.header("authorization") == Some("ApiKey YOUR_API_KEY_HERE"))
    );
    assert_eq!(requests[2].body.as_ref(), Some(&create));
    assert_eq!(requests[3].body.as_ref(), Some(&json!({"enabled": false})));
}
