//! The toy provider's folder, in memory, and its OpenAPI document, written by hand (the toy has no
//! facts to generate one from): repository and organisation webhooks side by side, a webhook's
//! configuration as a resource of its own, and its deliveries listed, retrieved and redelivered.

use hookspec_dialects::{Folder, Provider, Wire};
use serde_json::{Value, json};

pub const API: &str = r#"
provider: ToyHub
info: {title: ToyHub webhooks, version: "1.0.0", description: A toy in GitHub's shape.}
servers: [{url: "https://api.toyhub.test", description: The API.}]
security_schemes: {}
security: []
tags: [{name: Webhooks, description: Repository and organisation webhooks.}]
parameters:
  Owner: {name: owner, in: path, required: true, description: The account., schema: {type: string}}
  Repo: {name: repo, in: path, required: true, description: The repository., schema: {type: string}}
  Org: {name: org, in: path, required: true, description: The organisation., schema: {type: string}}
  HookId: {name: hook_id, in: path, required: true, description: The webhook., schema: {type: integer}}
  DeliveryId: {name: delivery_id, in: path, required: true, description: The delivery., schema: {type: integer}}
  Page: {name: page, in: query, description: Page., schema: {type: integer, default: 1}}
  PerPage: {name: per_page, in: query, description: Size., schema: {type: integer, default: 30}}
  Cursor: {name: cursor, in: query, description: Where the page starts., schema: {type: string}}
responses:
  NotFound: {description: No such webhook.}
  Linked: {description: A page., headers: {Link: {description: Neighbours., schema: {type: string}}}}
operations:
  - {id: listRepoWebhooks, method: GET, path: "/repos/{owner}/{repo}/hooks", tag: Webhooks, summary: List,
     description: List., parameters: [Owner, Repo, Page, PerPage], responses: {200: Linked}}
  - {id: createRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks", tag: Webhooks, summary: Create,
     description: Create., parameters: [Owner, Repo], body: {description: The hook., schema: {type: object}},
     responses: {201: {description: Created.}}}
  - {id: getRepoWebhook, method: GET, path: "/repos/{owner}/{repo}/hooks/{hook_id}", tag: Webhooks, summary: Get,
     description: Get., parameters: [Owner, Repo, HookId], responses: {200: {description: The hook.}, 404: NotFound}}
  - {id: updateRepoWebhook, method: PATCH, path: "/repos/{owner}/{repo}/hooks/{hook_id}", tag: Webhooks,
     summary: Update, description: Update., parameters: [Owner, Repo, HookId],
     body: {description: Changes., schema: {type: object}}, responses: {200: {description: The hook.}}}
  - {id: deleteRepoWebhook, method: DELETE, path: "/repos/{owner}/{repo}/hooks/{hook_id}", tag: Webhooks,
     summary: Delete, description: Delete., parameters: [Owner, Repo, HookId], responses: {204: {description: Gone.}}}
  - {id: getRepoWebhookConfig, method: GET, path: "/repos/{owner}/{repo}/hooks/{hook_id}/config", tag: Webhooks,
     summary: Config, description: Config., parameters: [Owner, Repo, HookId], responses: {200: {description: It.}}}
  - {id: updateRepoWebhookConfig, method: PATCH, path: "/repos/{owner}/{repo}/hooks/{hook_id}/config",
     tag: Webhooks, summary: Change config, description: Change config., parameters: [Owner, Repo, HookId],
     body: {description: Members., schema: {type: object}}, responses: {200: {description: It.}}}
  - {id: listRepoWebhookDeliveries, method: GET, path: "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries",
     tag: Webhooks, summary: Deliveries, description: Deliveries., parameters: [Owner, Repo, HookId, PerPage, Cursor],
     responses: {200: Linked}}
  - {id: getRepoWebhookDelivery, method: GET, path: "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}",
     tag: Webhooks, summary: Delivery, description: Delivery., parameters: [Owner, Repo, HookId, DeliveryId],
     responses: {200: {description: It.}, 404: NotFound}}
  - {id: redeliverRepoWebhookDelivery, method: POST,
     path: "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts", tag: Webhooks,
     summary: Redeliver, description: Redeliver., parameters: [Owner, Repo, HookId, DeliveryId],
     responses: {202: {description: Accepted.}}}
  - {id: pingRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks/{hook_id}/pings", tag: Webhooks,
     summary: Ping, description: Ping., parameters: [Owner, Repo, HookId], responses: {204: {description: Sent.}}}
  - {id: testRepoWebhook, method: POST, path: "/repos/{owner}/{repo}/hooks/{hook_id}/tests", tag: Webhooks,
     summary: Test, description: Test., parameters: [Owner, Repo, HookId], responses: {204: {description: Sent.}}}
  - {id: listOrgWebhooks, method: GET, path: "/orgs/{org}/hooks", tag: Webhooks, summary: List,
     description: List., parameters: [Org, Page, PerPage], responses: {200: Linked}}
  - {id: createOrgWebhook, method: POST, path: "/orgs/{org}/hooks", tag: Webhooks, summary: Create,
     description: Create., parameters: [Org], body: {description: The hook., schema: {type: object}},
     responses: {201: {description: Created.}}}
  - {id: getOrgWebhook, method: GET, path: "/orgs/{org}/hooks/{hook_id}", tag: Webhooks, summary: Get,
     description: Get., parameters: [Org, HookId], responses: {200: {description: The hook.}, 404: NotFound}}
  - {id: pingOrgWebhook, method: POST, path: "/orgs/{org}/hooks/{hook_id}/pings", tag: Webhooks,
     summary: Ping, description: Ping., parameters: [Org, HookId], responses: {204: {description: Sent.}}}
  - {id: listOrgWebhookDeliveries, method: GET, path: "/orgs/{org}/hooks/{hook_id}/deliveries",
     tag: Webhooks, summary: Deliveries, description: Deliveries., parameters: [Org, HookId, PerPage, Cursor],
     responses: {200: Linked}}
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

pub const BEHAVIOUR: &str = r#"
webhooks:
  owner: {parameters: [org, owner, repo]}
  id: {field: id, generate: sequential}
  secret: {field: config.secret, masked: "********"}
  fields:
    url: {template: "{base}{collection}/{webhook}"}
    ping_url: {template: "{base}{collection}/{webhook}/pings"}
    test_url: {template: "{base}{collection}/{webhook}/tests"}
    deliveries_url: {template: "{base}{collection}/{webhook}/deliveries"}
    active: {default: true}
  merged: [config]
  lists: {events: {add: add_events, remove: remove_events}}
  form_deliveries: {field: config.content_type, value: form, parameter: payload}
  delivery_headers:
    X-GitHub-Event: "{event}"
    X-GitHub-Delivery: "{delivery}"
    X-GitHub-Hook-ID: "{webhook}"
  delivery_record:
    id: "{attempt_id}"
    guid: "{delivery}"
    delivered_at: "{delivered_at}"
    redelivery: "{redelivery}"
    duration: "{duration}"
    status: "{status}"
    status_code: "{status_code}"
    event: "{event}"
    action: "{payload:/action}"
    installation_id: null
    repository_id: null
    throttled_at: null
    url: "{url}"
    request: {headers: "{request_headers}", payload: "{payload}"}
    response: {headers: "{response_headers}", payload: "{response_body}"}
operations:
  listRepoWebhooks: {list: {paging: {page_number: {page: page, size: per_page}}, link: true}}
  createRepoWebhook: {create: {}}
  getRepoWebhook: {retrieve: {parameter: hook_id}}
  updateRepoWebhook: {update: {parameter: hook_id}}
  deleteRepoWebhook: {delete: {parameter: hook_id}}
  getRepoWebhookConfig: {nested: {parameter: hook_id, field: config}}
  updateRepoWebhookConfig: {nested: {parameter: hook_id, field: config}}
  listRepoWebhookDeliveries:
    list_deliveries:
      parameter: hook_id
      listing: {order: newest_first, paging: {cursor: {limit: per_page, after: cursor}}, link: true}
  getRepoWebhookDelivery: {retrieve_delivery: {parameter: hook_id, delivery: delivery_id}}
  redeliverRepoWebhookDelivery: {redeliver: {parameter: hook_id, delivery: delivery_id}}
  pingRepoWebhook: {deliver: {parameter: hook_id, event: ping}}
  testRepoWebhook: {deliver: {parameter: hook_id, event: push, if_subscribed: true}}
  listOrgWebhooks: {list: {paging: {page_number: {page: page, size: per_page}}, link: true}}
  createOrgWebhook: {create: {}}
  getOrgWebhook: {retrieve: {parameter: hook_id}}
  pingOrgWebhook: {deliver: {parameter: hook_id, event: ping}}
  listOrgWebhookDeliveries:
    list_deliveries:
      parameter: hook_id
      listing: {order: newest_first, paging: {cursor: {limit: per_page, after: cursor}}, link: true}
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

/// The toy, loaded with `behaviour` as its behaviour.yaml, or its problems.
pub fn toy(behaviour: &str) -> Result<Provider, Vec<String>> {
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

/// An object schema with these properties, each of any type.
fn object(properties: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> =
        properties.iter().map(|name| ((*name).to_owned(), json!({}))).collect();
    json!({"type": "object", "properties": properties})
}

/// An operation of the document: its id, method, path, query parameters, whether it takes a JSON
/// body, its success status and the schema of that answer's body.
type Row<'a> = (&'a str, &'a str, &'a str, &'a [Value], bool, &'a str, Option<Value>);

/// The toy's OpenAPI document: each operation with its path parameters (`{name}` in its path,
/// strings but for the ids), query parameters, a JSON body where it takes one, and its success
/// status with the schema of its body, if any.
pub fn document() -> String {
    const ITEM: [&str; 12] = [
        "id",
        "guid",
        "delivered_at",
        "redelivery",
        "duration",
        "status",
        "status_code",
        "event",
        "action",
        "installation_id",
        "repository_id",
        "throttled_at",
    ];
    let delivery = object(&[&ITEM[..], &["url", "request", "response"]].concat());
    let config = object(&["url", "content_type", "secret", "insecure_ssl"]);
    let query = |name: &str, schema: Value| json!({"name": name, "in": "query", "schema": schema});
    let paged = [
        query("page", json!({"type": "integer", "default": 1})),
        query("per_page", json!({"type": "integer", "default": 30})),
    ];
    let cursor = [
        query("per_page", json!({"type": "integer", "default": 30})),
        query("cursor", json!({"type": "string"})),
    ];
    let operations: Vec<Row<'_>> = vec![
        ("listRepoWebhooks", "get", "/repos/{owner}/{repo}/hooks", &paged, false, "200", None),
        ("createRepoWebhook", "post", "/repos/{owner}/{repo}/hooks", &[], true, "201", None),
        ("getRepoWebhook", "get", "/repos/{owner}/{repo}/hooks/{hook_id}", &[], false, "200", None),
        ("updateRepoWebhook", "patch", "/repos/{owner}/{repo}/hooks/{hook_id}", &[], true, "200", None),
        ("deleteRepoWebhook", "delete", "/repos/{owner}/{repo}/hooks/{hook_id}", &[], false, "204", None),
        (
            "getRepoWebhookConfig",
            "get",
            "/repos/{owner}/{repo}/hooks/{hook_id}/config",
            &[],
            false,
            "200",
            Some(config.clone()),
        ),
        (
            "updateRepoWebhookConfig",
            "patch",
            "/repos/{owner}/{repo}/hooks/{hook_id}/config",
            &[],
            true,
            "200",
            Some(config),
        ),
        (
            "listRepoWebhookDeliveries",
            "get",
            "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries",
            &cursor,
            false,
            "200",
            Some(json!({"type": "array", "items": object(&ITEM)})),
        ),
        (
            "getRepoWebhookDelivery",
            "get",
            "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}",
            &[],
            false,
            "200",
            Some(delivery),
        ),
        (
            "redeliverRepoWebhookDelivery",
            "post",
            "/repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts",
            &[],
            false,
            "202",
            Some(json!({"type": "object"})),
        ),
        ("pingRepoWebhook", "post", "/repos/{owner}/{repo}/hooks/{hook_id}/pings", &[], false, "204", None),
        ("testRepoWebhook", "post", "/repos/{owner}/{repo}/hooks/{hook_id}/tests", &[], false, "204", None),
        ("listOrgWebhooks", "get", "/orgs/{org}/hooks", &paged, false, "200", None),
        ("createOrgWebhook", "post", "/orgs/{org}/hooks", &[], true, "201", None),
        ("getOrgWebhook", "get", "/orgs/{org}/hooks/{hook_id}", &[], false, "200", None),
        ("pingOrgWebhook", "post", "/orgs/{org}/hooks/{hook_id}/pings", &[], false, "204", None),
        (
            "listOrgWebhookDeliveries",
            "get",
            "/orgs/{org}/hooks/{hook_id}/deliveries",
            &cursor,
            false,
            "200",
            Some(json!({"type": "array", "items": object(&ITEM)})),
        ),
    ];
    let mut paths = serde_json::Map::new();
    for (id, method, path, queries, body, status, schema) in operations {
        let mut parameters: Vec<Value> = path
            .split('/')
            .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
            .map(|name| {
                let kind = if name.ends_with("_id") { "integer" } else { "string" };
                json!({"name": name, "in": "path", "required": true, "schema": {"type": kind}})
            })
            .collect();
        parameters.extend(queries.iter().cloned());
        let mut response = json!({"description": "ok"});
        if let Some(schema) = schema {
            response["content"] = json!({"application/json": {"schema": schema}});
        }
        let mut operation =
            json!({"operationId": id, "parameters": parameters, "responses": {status: response}});
        if body {
            operation["requestBody"] =
                json!({"required": true, "content": {"application/json": {"schema": {"type": "object"}}}});
        }
        let item = paths.entry(path.to_owned()).or_insert_with(|| json!({}));
        item[method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "ToyHub", "version": "1.0.0"},
        "servers": [{"url": "https://api.toyhub.test"}],
        "paths": paths,
        "webhooks": {"event": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"200": {"description": "ok"}}}}},
    })
    .to_string()
}
