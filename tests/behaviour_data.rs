//! What the behaviour data can say beyond the registered providers, shown on a toy provider in the
//! shape of GitHub's repository webhooks, built in memory with no code outside its folder but its
//! wire reading: webhooks owned by a path parameter, fields the provider sets made from the base
//! URL, the path and the id, a secret nested in `config` and masked, paging by `Link`, actions
//! that deliver (ping, test) and answer 204, delivery headers from templates, partial updates of
//! a nested object and add/remove lists, and form-encoded deliveries where a webhook asks for them.

use crate::scene::{self, Scene};
use hookspec_dialects::{Folder, Provider, Wire};
use hookspec_signature::{VerifyOptions, verify};
use serde_json::{Value, json};

const API: &str = r#"
provider: ToyHub
info: {title: ToyHub repository webhooks, version: "1.0.0", description: A toy in GitHub's shape.}
servers: [{url: "https://api.toyhub.test", description: The API.}]
security_schemes: {}
security: []
tags: [{name: Webhooks, description: Repository webhooks.}]
parameters:
  Owner: {name: owner, in: path, required: true, description: The account., schema: {type: string}}
  Repo: {name: repo, in: path, required: true, description: The repository., schema: {type: string}}
  HookId: {name: hook_id, in: path, required: true, description: The webhook., schema: {type: integer}}
responses:
  NotFound: {description: No such webhook.}
operations:
  - {id: listRepoWebhooks, method: GET, path: "/repos/{owner}/{repo}/hooks", tag: Webhooks, summary: List, description: List.,
     parameters: [Owner, Repo, {name: page, in: query, description: Page., schema: {type: integer, default: 1}},
                  {name: per_page, in: query, description: Size., schema: {type: integer, default: 30}}],
     responses: {200: {description: A page., headers: {Link: {description: Neighbours., schema: {type: string}}}}}}
  - {id: createRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks", tag: Webhooks, summary: Create,
     description: Create., parameters: [Owner, Repo], body: {description: The hook., schema: {type: object}},
     responses: {201: {description: Created.}}}
  - {id: getRepoWebhook, method: GET, path: "/repos/{owner}/{repo}/hooks/{hook_id}", tag: Webhooks, summary: Get,
     description: Get., parameters: [Owner, Repo, HookId], responses: {200: {description: The hook.}, 404: NotFound}}
  - {id: updateRepoWebhook, method: PATCH, path: "/repos/{owner}/{repo}/hooks/{hook_id}", tag: Webhooks,
     summary: Update, description: Update., parameters: [Owner, Repo, HookId],
     body: {description: Changes., schema: {type: object}}, responses: {200: {description: The hook.}}}
  - {id: pingRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks/{hook_id}/pings", tag: Webhooks,
     summary: Ping, description: Ping., parameters: [Owner, Repo, HookId], responses: {204: {description: Sent.}}}
  - {id: testRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks/{hook_id}/tests", tag: Webhooks,
     summary: Test, description: Test., parameters: [Owner, Repo, HookId], responses: {204: {description: Sent.}}}
deliveries:
  - name: event
    tag: Webhooks
    summary: An event
    description: An event.
    payload: {type: object}
    signed: when_secret
    headers:
      - {name: X-GitHub-Event, in: header, required: true, description: The event., schema: {type: string}}
      - {name: X-GitHub-Delivery, in: header, required: true, description: The delivery., schema: {type: string}}
    responses: {2XX: Acknowledged., default: Failed.}
    retries: {listed: []}
"#;

const BEHAVIOUR: &str = r#"
webhooks:
  owner: {parameter: repo}
  id: {field: id, generate: sequential}
  secret: {field: config.secret, masked: "********"}
  fields:
    url: {template: "{base}/repos/{param:owner}/{param:repo}/hooks/{webhook}"}
    ping_url: {template: "{base}/repos/{param:owner}/{param:repo}/hooks/{webhook}/pings"}
    test_url: {template: "{base}/repos/{param:owner}/{param:repo}/hooks/{webhook}/tests"}
    active: {default: true}
  merged: [config]
  lists: {events: {add: add_events, remove: remove_events}}
  form_deliveries: {field: config.content_type, value: form, parameter: payload}
  delivery_headers:
    X-GitHub-Event: "{event}"
    X-GitHub-Delivery: "{delivery}"
    X-GitHub-Hook-ID: "{webhook}"
operations:
  listRepoWebhooks: {list: {paging: {page_number: {page: page, size: per_page}}, link: true}}
  createRepoWebhook: {create: {}}
  getRepoWebhook: {retrieve: {parameter: hook_id}}
  updateRepoWebhook: {update: {parameter: hook_id}}
  pingRepoWebhook: {deliver: {parameter: hook_id, event: ping}}
  testRepoWebhook: {deliver: {parameter: hook_id}}
refusals:
  unauthenticated: {status: 401, body: {message: "{message}"}}
  not_found: {status: 404, body: {message: Not Found}}
  method_not_allowed: {status: 405, body: {message: "{message}"}}
  malformed: {status: 400, body: {message: "{message}"}}
  invalid: {status: 422, body: {message: Validation Failed, errors: "{messages}"}}
  conflict: {status: 422, body: {message: Validation Failed, errors: "{messages}"}}
"#;

const SIGNATURE: &str = "algorithm: HMAC-SHA256\nkey: secret\nsigned: \"{body}\"\nencoding: hex\n\
                         headers: {X-Hub-Signature-256: \"sha256={signature}\"}\n";

/// A ToyHub webhook as the canonical model reads it: `config.url`, `events`, `active`,
/// `config.secret`.
fn read(value: &Value) -> Result<hookspec_model::Webhook, String> {
    let text = |value: &Value| value.as_str().map(str::to_owned);
    Ok(hookspec_model::Webhook {
        id: value["id"].to_string(),
        url: text(&value["config"]["url"]).ok_or("`config.url` is missing")?,
        events: value["events"].as_array().into_iter().flatten().filter_map(text).collect(),
        enabled: value["active"].as_bool().unwrap_or(true),
        secret: text(&value["config"]["secret"]),
        metadata: serde_json::Map::new(),
    })
}

static WIRE: Wire = Wire { schemas: |_| Vec::new(), webhook: read, wildcard: None, switch: None };

fn toy(behaviour: &str) -> Result<Provider, Vec<String>> {
    let files = [
        ("api.yaml", API),
        ("behaviour.yaml", behaviour),
        ("events.yaml", "events: [{name: ping}, {name: push}]\n"),
        ("signature.yaml", SIGNATURE),
        ("facts.yaml", "pages: {}\nfacts: []\n"),
    ];
    Provider::load(Folder::in_memory("toyhub", &files), &WIRE)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect())
}

/// The toy's OpenAPI document, written by hand (the toy has no facts to generate one from).
fn document() -> String {
    let path =
        |id: &str, status: &str| json!({"operationId": id, "responses": {status: {"description": "ok"}}});
    let owner = json!({"name": "owner", "in": "path", "required": true, "schema": {"type": "string"}});
    let repo = json!({"name": "repo", "in": "path", "required": true, "schema": {"type": "string"}});
    let list = json!({"operationId": "listRepoWebhooks",
        "parameters": [owner, repo, {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
                       {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30}}],
        "responses": {"200": {"description": "ok"}}});
    let body = json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
    let mut create = path("createRepoWebhook", "201");
    create["requestBody"] = body.clone();
    create["parameters"] = json!([owner, repo]);
    let mut update = path("updateRepoWebhook", "200");
    update["requestBody"] = body;
    let hook = json!({"name": "hook_id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let with_hook = json!([owner, repo, hook]);
    let mut get = path("getRepoWebhook", "200");
    get["parameters"] = with_hook.clone();
    update["parameters"] = with_hook.clone();
    let mut ping = path("pingRepoWebhook", "204");
    ping["parameters"] = with_hook.clone();
    let mut test = path("testRepoWebhook", "204");
    test["parameters"] = with_hook;
    json!({
        "openapi": "3.1.0",
        "info": {"title": "ToyHub", "version": "1.0.0"},
        "servers": [{"url": "https://api.toyhub.test"}],
        "paths": {
            "/repos/{owner}/{repo}/hooks": {"get": list, "post": create},
            "/repos/{owner}/{repo}/hooks/{hook_id}": {"get": get, "patch": update},
            "/repos/{owner}/{repo}/hooks/{hook_id}/pings": {"post": ping},
            "/repos/{owner}/{repo}/hooks/{hook_id}/tests": {"post": test},
        },
        "webhooks": {"event": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "ok"}}}}},
    })
    .to_string()
}

/// What the receiver got, waiting until it has `count` deliveries.
fn wait_for(scene: &Scene, count: usize) -> Vec<scene::Received> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while scene.receiver.received().len() < count && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    scene.receiver.received()
}

#[test]
fn a_toy_provider_in_githubs_shape_is_served_from_data() {
    let provider: &'static Provider =
        Box::leak(Box::new(toy(BEHAVIOUR).unwrap_or_else(|problems| panic!("{problems:#?}"))));
    let options = hookspec_sandbox::Options { time_scale: 0.001, ..Default::default() };
    let app = hookspec_sandbox::app_with_document(provider, "toyhub/openapi.json", &document(), options)
        .expect("the mock starts");
    let scene = Scene::serve(app, &[]);
    let hooks = "/repos/octo/hello/hooks";
    let create = json!({"config": {"url": scene.receiver_url, "content_type": "json", "secret": "s3cret"}, "events": ["push"]});
    let (status, created) = scene.send("POST", hooks, &[], Some(&create.to_string()));
    assert_eq!(status, 201, "{created}");
    // Fields made from the base URL, the path and the id; the nested secret masked.
    let base = format!("{}{hooks}/1", scene.mock);
    assert_eq!((&created["id"], &created["url"]), (&json!(1), &json!(base)), "{created}");
    assert_eq!(created["ping_url"], json!(format!("{base}/pings")));
    assert_eq!((&created["config"]["secret"], &created["active"]), (&json!("********"), &json!(true)));

    // Owned by the repository in the path.
    assert_eq!(scene.send("GET", "/repos/octo/other/hooks", &[], None), (200, json!([])));
    for _ in 0..2 {
        scene.send(
            "POST",
            hooks,
            &[],
            Some(&json!({"config": {"url": "https://x.test/"}, "events": ["push"]}).to_string()),
        );
    }
    let page = scene.runtime.block_on(async {
        let answer =
            scene.http.get(format!("{}{hooks}?per_page=2", scene.mock)).send().await.expect("answers");
        answer.headers().get("link").and_then(|link| link.to_str().ok()).map(str::to_owned)
    });
    assert_eq!(
        page,
        Some(format!("<{}{hooks}?page=2&per_page=2>; rel=\"next\"", scene.mock)),
        "paging by Link"
    );

    // Ping delivers `ping` with 204, with the headers the templates make, signed with the nested secret.
    let (status, body) = scene.send("POST", &format!("{hooks}/1/pings"), &[], None);
    assert_eq!((status, body), (204, Value::Null));
    let received = wait_for(&scene, 1);
    let ping = &received[0];
    assert_eq!((ping.header("x-github-event"), ping.header("x-github-hook-id")), (Some("ping"), Some("1")));
    assert!(ping.header("x-github-delivery").is_some_and(|id| !id.is_empty()));
    let scheme = provider.scheme.clone();
    let pairs = |received: &scene::Received| {
        received.headers.iter().map(|(name, value)| (name.clone(), value.clone())).collect::<Vec<_>>()
    };
    let signed = pairs(ping);
    let signed: Vec<(&str, &str)> =
        signed.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    assert_eq!(verify(&scheme, b"s3cret", &signed, &ping.body, &VerifyOptions::default()), Ok(()));

    // A partial update of `config` keeps what it does not give; add/remove lists change `events`.
    let change =
        json!({"config": {"content_type": "form"}, "add_events": ["ping"], "remove_events": ["push"]});
    let (status, updated) = scene.send("PATCH", &format!("{hooks}/1"), &[], Some(&change.to_string()));
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["events"], json!(["ping"]), "{updated}");
    assert_eq!(
        (&updated["config"]["url"], &updated["config"]["content_type"], &updated["config"]["secret"]),
        (&json!(scene.receiver_url), &json!("form"), &json!("********"))
    );

    // Test delivers the first subscribed event, form-encoded now that the webhook asks for it.
    let (status, _) = scene.send("POST", &format!("{hooks}/1/tests"), &[], None);
    assert_eq!(status, 204);
    let received = wait_for(&scene, 2);
    let test = &received[1];
    assert_eq!(test.header("x-github-event"), Some("ping"));
    assert_eq!(test.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(test.body.starts_with(b"payload=%7B"), "{}", String::from_utf8_lossy(&test.body));
    let signed = pairs(test);
    let signed: Vec<(&str, &str)> =
        signed.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    assert_eq!(
        verify(&scheme, b"s3cret", &signed, &test.body, &VerifyOptions::default()),
        Ok(()),
        "signed as sent"
    );
}

#[test]
fn what_the_toys_data_does_not_say_fails_at_load() {
    let problems = toy(&BEHAVIOUR.replace("  testRepoWebhook: {deliver: {parameter: hook_id}}\n", ""))
        .expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.starts_with("crates/dialects/src/toyhub/api.yaml:")
            && problem.contains("`testRepoWebhook` has no entry under behaviour.yaml's `operations`")),
        "{problems:#?}"
    );
    let problems =
        toy(&BEHAVIOUR.replace("    X-GitHub-Delivery: \"{delivery}\"\n", "")).expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.contains(
            "the delivery `event` carries the header `X-GitHub-Delivery`, which behaviour.yaml's \
             `webhooks.delivery_headers` does not say how to make"
        )),
        "{problems:#?}"
    );
    let problems = toy(&BEHAVIOUR.replace("link: true", "link: false")).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("`listRepoWebhooks` answers 200 with the header `Link`")),
        "{problems:#?}"
    );
    let problems = toy(&BEHAVIOUR.replace("{param:repo}/hooks/{webhook}\"", "{event}/hooks/{webhook}\""))
        .expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.contains("the slot {event} cannot be filled here")),
        "{problems:#?}"
    );
}
