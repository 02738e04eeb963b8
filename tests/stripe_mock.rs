//! Stripe's mock, as Stripe behaves: its lifecycle over forms, newest first, only the literal `*`
//! as a wildcard, both cursors refused, the metadata limits Stripe documents, malformed UTF-8
//! refused, and Stripe's error object for every refusal, never a 500.

use crate::scene::Scene;
use serde_json::{Value, json};

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
    // Newest first: the second endpoint, then the first.
    let (_, page) = stripe(&scene, "GET", "?limit=1", None);
    assert_eq!(
        (&page["object"], &page["has_more"], &page["data"][0]["id"]),
        (&json!("list"), &json!(true), &other["id"])
    );
    let other_id = other["id"].as_str().unwrap_or_default();
    let (_, next) = stripe(&scene, "GET", &format!("?limit=1&starting_after={other_id}"), None);
    assert_eq!((&next["has_more"], &next["data"][0]["id"]), (&json!(false), &json!(id)));
    let (_, before) = stripe(&scene, "GET", &format!("?ending_before={id}"), None);
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

/// The ids of every endpoint the account has, as one list answers them.
fn listed(scene: &Scene) -> Vec<String> {
    let (status, page) = stripe(scene, "GET", "?limit=100", None);
    assert_eq!(status, 200, "{page}");
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["id"].as_str().map(str::to_owned))
        .collect()
}

fn create(scene: &Scene, form: &str) -> (u16, Value) {
    stripe(scene, "POST", "", Some(&format!("url=https%3A%2F%2Fexample.com%2Fhooks&{form}")))
}

/// Stripe's lists are in reverse chronological order, and the cursors page through that order.
#[test]
fn stripe_lists_newest_first() {
    let scene = Scene::start("stripe", &[]);
    let ids: Vec<String> = (0..3)
        .map(|_| {
            let (status, created) = create(&scene, "enabled_events[]=charge.succeeded");
            assert_eq!(status, 200, "{created}");
            created["id"].as_str().expect("an id").to_owned()
        })
        .collect();
    assert_eq!(listed(&scene), [ids[2].clone(), ids[1].clone(), ids[0].clone()]);
    let (_, after) = stripe(&scene, "GET", &format!("?limit=1&starting_after={}", ids[2]), None);
    assert_eq!((&after["data"][0]["id"], &after["has_more"]), (&json!(ids[1]), &json!(true)));
    let (_, before) = stripe(&scene, "GET", &format!("?ending_before={}", ids[0]), None);
    let before: Vec<&Value> =
        before["data"].as_array().into_iter().flatten().map(|item| &item["id"]).collect();
    assert_eq!(before, [&json!(ids[2]), &json!(ids[1])]);
}

/// Only the literal `*` enables every event; `charge.*` is not an event type, so it is refused and
/// nothing is stored.
#[test]
fn stripe_takes_only_the_literal_wildcard() {
    let scene = Scene::start("stripe", &[]);
    let (status, body) = create(&scene, "enabled_events[]=charge.*");
    assert_eq!((status, &body["error"]["param"]), (400, &json!("enabled_events")), "{body}");
    assert_eq!(listed(&scene), Vec::<String>::new(), "a refused create stores nothing");
    let (status, all) = stripe(
        &scene,
        "POST",
        "",
        Some(&format!(
            "url={}&enabled_events[]=*",
            scene.receiver_url.replace(':', "%3A").replace('/', "%2F")
        )),
    );
    assert_eq!(status, 200, "{all}");
    let delivered = scene.trigger("invoice.paid", None);
    assert_eq!(
        delivered["deliveries"].as_array().map(Vec::len),
        Some(1),
        "`*` covers every event: {delivered}"
    );
}

/// `starting_after` and `ending_before` are mutually exclusive: both at once is a 400 that names
/// the parameter, even when the ids exist.
#[test]
fn stripe_refuses_both_cursors_with_400_and_param() {
    let scene = Scene::start("stripe", &[]);
    let (_, created) = create(&scene, "enabled_events[]=charge.succeeded");
    let id = created["id"].as_str().expect("an id");
    let (status, body) = stripe(&scene, "GET", &format!("?starting_after={id}&ending_before={id}"), None);
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        (&body["error"]["type"], &body["error"]["param"]),
        (&json!("invalid_request_error"), &json!("starting_after")),
        "{body}"
    );
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("starting_after") && message.contains("ending_before"), "{message}");
}

/// "You can specify up to 50 keys, with key names up to 40 characters long and values up to 500
/// characters long": each limit holds at its edge and refuses one past it, naming `metadata`, and a
/// refused create or update stores nothing.
#[test]
fn stripe_holds_metadata_to_its_documented_limits() {
    let scene = Scene::start("stripe", &[]);
    let keys = |count: usize| (0..count).map(|n| format!("metadata[k{n}]=v")).collect::<Vec<_>>().join("&");
    let events = "enabled_events[]=charge.succeeded";
    let (status, body) = create(&scene, &format!("{events}&{}", keys(50)));
    assert_eq!(status, 200, "50 keys are allowed: {body}");
    let id = body["id"].as_str().expect("an id").to_owned();
    for (form, what) in [
        (keys(51), "51 keys"),
        (format!("metadata[{}]=v", "k".repeat(41)), "a 41-character key"),
        (format!("metadata[k]={}", "v".repeat(501)), "a 501-character value"),
    ] {
        let (status, body) = create(&scene, &format!("{events}&{form}"));
        assert_eq!((status, &body["error"]["param"]), (400, &json!("metadata")), "{what}: {body}");
        assert_eq!(listed(&scene), std::slice::from_ref(&id), "{what}: a refused create stores nothing");
    }
    let edge = format!("{events}&metadata[{}]={}", "k".repeat(40), "v".repeat(500));
    let (status, body) = create(&scene, &edge);
    assert_eq!(status, 200, "a 40-character key and a 500-character value are allowed: {body}");
    let (status, body) = stripe(&scene, "POST", &format!("/{id}"), Some("metadata[one_more]=v"));
    assert_eq!(
        (status, &body["error"]["param"]),
        (400, &json!("metadata")),
        "the 51st key by update: {body}"
    );
    let (_, kept) = stripe(&scene, "GET", &format!("/{id}"), None);
    assert_eq!(kept["metadata"].as_object().map(|metadata| metadata.len()), Some(50), "{kept}");
}

/// A form or query value that is not UTF-8 once decoded is refused with 400, and nothing is stored.
#[test]
fn stripe_refuses_malformed_utf8_with_400() {
    let scene = Scene::start("stripe", &[]);
    let (status, body) = create(&scene, "enabled_events[]=charge.succeeded&description=%FF%FE");
    assert_eq!((status, &body["error"]["type"]), (400, &json!("invalid_request_error")), "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|text| text.contains("description")), "{body}");
    assert_eq!(listed(&scene), Vec::<String>::new(), "nothing is stored");
    let (status, body) = stripe(&scene, "GET", "?starting_after=%FF", None);
    assert_eq!(status, 400, "{body}");
}
