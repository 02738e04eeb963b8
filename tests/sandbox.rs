//! The sandbox, end to end and in process: each provider's mock driven through its whole
//! webhook lifecycle (the REST ones by the progenitor clients generated from the committed
//! documents where progenitor can make one, else by raw requests), a trigger whose delivery a
//! receiver verifies with `hookspec-signature`, a failed delivery retried on the provider's
//! schedule (scaled down), and bad requests answered with the provider's own errors, never a 500.
//! Stripe's mock has its own file (`stripe_mock.rs`), the faults receivers meet theirs
//! (`faults.rs`), and every provider's contract `contract.rs`.

use crate::scene::Scene;
use hookspec_clients::{equals_money, gigapay};
use hookspec_tests::example;
use serde_json::{Value, json};

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

/// "Integration-Scoped Webhooks ... require an `Integration-ID` header for all operations"; "User-Scoped
/// Webhooks ... do not require an `Integration-ID` header for any operations" (Registration events);
/// a list with the header shows the integration's along with the user-scoped ones, without it only
/// the user-scoped ones.
#[test]
fn gigapay_mock_keeps_user_scoped_webhooks_apart_from_an_integrations() {
    let scene = Scene::start("gigapay", &[]);
    let user = [("authorization", "Token key")];
    let integration = [("authorization", "Token key"), ("integration-id", "i")];
    let register = |auth: &[(&str, &str)], events: &str| {
        let body = format!(r#"{{"url": "https://a.example/", "events": {events}}}"#);
        scene.send("POST", "/v2/webhooks/", auth, Some(&body))
    };
    let (status, registration) = register(&user, r#"["Registration.verified"]"#);
    assert_eq!(status, 201, "a user-scoped webhook needs no Integration-ID: {registration}");
    let (status, payout) = register(&integration, r#"["Payout.created"]"#);
    assert_eq!(status, 201, "{payout}");
    let (status, refused) = register(&user, r#"["Payout.created"]"#);
    assert_eq!((status, &refused["detail"]), (401, &json!("Authentication credentials were not provided.")));

    let ids = |auth: &[(&str, &str)]| {
        let (status, page) = scene.send("GET", "/v2/webhooks/", auth, None);
        assert_eq!(status, 200, "{page}");
        page["results"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|webhook| webhook["id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&user), [registration["id"].clone()], "without the header, only the user-scoped ones");
    assert_eq!(
        ids(&integration),
        [payout["id"].clone(), registration["id"].clone()],
        "the integration's and the user's"
    );

    let path = |webhook: &Value| format!("/v2/webhooks/{}/", webhook["id"].as_str().unwrap_or_default());
    assert_eq!(scene.send("GET", &path(&registration), &user, None).0, 200);
    assert_eq!(
        scene.send("GET", &path(&payout), &user, None).0,
        401,
        "an integration's webhook needs its header"
    );
    assert_eq!(
        scene.send("GET", &path(&payout), &[("authorization", "Token key"), ("integration-id", "j")], None).0,
        404
    );
    assert_eq!(
        scene.send("DELETE", &path(&registration), &integration, None).0,
        204,
        "the user's, seen with the header"
    );
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
    // A page number that names no page, as Django REST framework's page-number paging refuses it.
    for query in ["page=first", "page=0", "page=2"] {
        let (status, body) = scene.send("GET", &format!("/v2/webhooks/?{query}"), &auth, None);
        assert_eq!((status, &body["detail"]), (404, &json!("Invalid page.")), "{query}: {body}");
    }
    let (status, body) = scene.send("GET", "/v2/webhooks/?page=1", &auth, None);
    assert_eq!((status, &body["count"]), (200, &json!(0)), "an empty first page is a page: {body}");
    let (status, body) = scene.send("GET", "/v2/webhooks/?page_size=many", &auth, None);
    assert_eq!(status, 400, "{body}");
    assert!(body["page_size"].is_array(), "{body}");
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
        json!([{"topics": "order:created,shipment:packed", "url": scene.receiver_url, "secret_key": "shipstream-secret"}]),
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
            // The envelope is not repeated inside itself: the data it carries is no delivery.
            if behaviour.envelope.is_some() {
                let nested = behaviour.notification(&notification.data).ok().and_then(|inner| inner.event);
                assert_eq!(nested, None, "{}: {name} nests its envelope: {payload}", dialect.name);
            }
        }
    }
}
