//! What the behaviour data can say beyond the registered providers, shown on a toy provider in the
//! shape of GitHub's repository and organisation webhooks, built in memory with no code outside
//! its folder but its wire reading (`toy.rs`): webhooks owned by the path parameters a request
//! has, fields the provider sets made from the base URL, the collection's path and the id, a
//! secret nested in `config` and masked, paging by `Link`, actions that deliver (ping, test) and
//! answer 204, a delete that answers 204, delivery headers from templates, partial updates of a
//! nested object (also served as a resource of its own) and add/remove lists, form-encoded
//! deliveries where a webhook asks for them, and every delivery recorded per webhook, listed,
//! retrieved and redelivered.

mod toy;

use crate::scene::{self, Scene};
use hookspec_dialects::Provider;
use hookspec_signature::{VerifyOptions, verify};
use serde_json::{Value, json};
use toy::{BEHAVIOUR, toy};

/// What the receiver got, waiting until it has `count` deliveries.
fn wait_for(scene: &Scene, count: usize) -> Vec<scene::Received> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while scene.receiver.received().len() < count && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    scene.receiver.received()
}

/// The records a list of deliveries answers at `path`, waiting until it has `count` (the mock
/// records an attempt once the receiver's answer is read).
fn records(scene: &Scene, path: &str, count: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (status, list) = scene.send("GET", path, &[], None);
        assert_eq!(status, 200, "{list}");
        let list = list.as_array().cloned().unwrap_or_default();
        if list.len() >= count || std::time::Instant::now() > deadline {
            return list;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The `Link` header of a GET of `path`.
fn link(scene: &Scene, path: &str) -> Option<String> {
    scene.runtime.block_on(async {
        let answer = scene.http.get(format!("{}{path}", scene.mock)).send().await.expect("answers");
        answer.headers().get("link").and_then(|link| link.to_str().ok()).map(str::to_owned)
    })
}

/// Whether `received` verifies with the secret `s3cret`.
fn signed(provider: &Provider, received: &scene::Received) -> bool {
    let headers: Vec<(&str, &str)> =
        received.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    verify(&provider.scheme, b"s3cret", &headers, &received.body, &VerifyOptions::default()).is_ok()
}

fn serve(script: &[u16]) -> (&'static Provider, Scene) {
    let provider: &'static Provider =
        Box::leak(Box::new(toy(BEHAVIOUR).unwrap_or_else(|problems| panic!("{problems:#?}"))));
    let options = hookspec_sandbox::Options { time_scale: 0.001, ..Default::default() };
    let app = hookspec_sandbox::app_with_document(provider, "toyhub/openapi.json", &toy::document(), options)
        .expect("the mock starts");
    (provider, Scene::serve(app, script))
}

#[test]
fn a_toy_provider_in_githubs_shape_is_served_from_data() {
    let (provider, scene) = serve(&[]);
    let hooks = "/repos/octo/hello/hooks";
    let create = json!({"config": {"url": scene.receiver_url, "content_type": "json", "secret": "s3cret"}, "events": ["push"]});
    let (status, created) = scene.send("POST", hooks, &[], Some(&create.to_string()));
    assert_eq!(status, 201, "{created}");
    // Fields made from the base URL, the collection's path and the id; the nested secret masked.
    let base = format!("{}{hooks}/1", scene.mock);
    assert_eq!((&created["id"], &created["url"]), (&json!(1), &json!(base)), "{created}");
    assert_eq!(created["ping_url"], json!(format!("{base}/pings")));
    assert_eq!(created["deliveries_url"], json!(format!("{base}/deliveries")));
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
    assert_eq!(
        link(&scene, &format!("{hooks}?per_page=2")),
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
    assert!(signed(provider, ping));

    // A partial update of `config` keeps what it does not give; add/remove lists change `events`.
    let change = json!({"config": {"insecure_ssl": "1"}, "add_events": ["ping"], "remove_events": ["push"]});
    let (status, updated) = scene.send("PATCH", &format!("{hooks}/1"), &[], Some(&change.to_string()));
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["events"], json!(["ping"]), "{updated}");
    assert_eq!(
        (&updated["config"]["url"], &updated["config"]["insecure_ssl"], &updated["config"]["secret"]),
        (&json!(scene.receiver_url), &json!("1"), &json!("********"))
    );

    // Test delivers `push`, and only to a webhook subscribed to it: this one no longer is.
    let (status, _) = scene.send("POST", &format!("{hooks}/1/tests"), &[], None);
    assert_eq!(status, 204);
    let change = json!({"add_events": ["push"]});
    assert_eq!(scene.send("PATCH", &format!("{hooks}/1"), &[], Some(&change.to_string())).0, 200);

    // The configuration is a resource of its own: answered with the secret masked, and a partial
    // update of it asks for form-encoded deliveries.
    let config = format!("{hooks}/1/config");
    let (status, shown) = scene.send("GET", &config, &[], None);
    assert_eq!(status, 200, "{shown}");
    assert_eq!(
        shown,
        json!({"url": scene.receiver_url, "content_type": "json", "secret": "********", "insecure_ssl": "1"})
    );
    let (status, changed) =
        scene.send("PATCH", &config, &[], Some(&json!({"content_type": "form"}).to_string()));
    assert_eq!(
        (status, &changed["content_type"], &changed["secret"]),
        (200, &json!("form"), &json!("********"))
    );
    assert_eq!(changed["url"], json!(scene.receiver_url), "the members it does not give are kept");
    assert_eq!(
        scene.send("GET", &format!("{hooks}/9/config"), &[], None),
        (404, json!({"message": "Not Found"}))
    );

    let (status, _) = scene.send("POST", &format!("{hooks}/1/tests"), &[], None);
    assert_eq!(status, 204);
    let received = wait_for(&scene, 2);
    assert_eq!(received.len(), 2, "the test of a webhook not subscribed to `push` sent nothing");
    let test = &received[1];
    assert_eq!(test.header("x-github-event"), Some("push"));
    assert_eq!(test.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(test.body.starts_with(b"payload=%7B"), "{}", String::from_utf8_lossy(&test.body));
    assert!(signed(provider, test), "signed as sent");

    // A delete answers 204 with no body; the webhook is gone.
    assert_eq!(scene.send("DELETE", &format!("{hooks}/3"), &[], None), (204, Value::Null));
    assert_eq!(scene.send("GET", &format!("{hooks}/3"), &[], None).0, 404);
}

#[test]
fn organisation_and_repository_webhooks_are_kept_apart() {
    let (_, scene) = serve(&[]);
    let create = |path: &str| {
        let body = json!({"config": {"url": scene.receiver_url}, "events": ["push"]});
        let (status, created) = scene.send("POST", path, &[], Some(&body.to_string()));
        assert_eq!(status, 201, "{created}");
        created
    };
    let repository = create("/repos/octo/hello/hooks");
    let organisation = create("/orgs/octo/hooks");
    let other = create("/repos/octo/other/hooks");
    // Each field made for its own kind of path.
    assert_eq!(organisation["url"], json!(format!("{}/orgs/octo/hooks/2", scene.mock)));
    assert_eq!(organisation["ping_url"], json!(format!("{}/orgs/octo/hooks/2/pings", scene.mock)));
    assert_eq!(other["url"], json!(format!("{}/repos/octo/other/hooks/3", scene.mock)));
    assert_eq!(repository["test_url"], json!(format!("{}/repos/octo/hello/hooks/1/tests", scene.mock)));
    // Three owners: each lists its own, and a webhook of one is not found under another.
    for (path, id) in
        [("/repos/octo/hello/hooks", 1), ("/orgs/octo/hooks", 2), ("/repos/octo/other/hooks", 3)]
    {
        let (status, list) = scene.send("GET", path, &[], None);
        let ids: Vec<&Value> = list.as_array().into_iter().flatten().map(|hook| &hook["id"]).collect();
        assert_eq!((status, ids), (200, vec![&json!(id)]), "{path}");
    }
    for path in [
        "/repos/octo/hello/hooks/2",
        "/repos/octo/hello/hooks/3",
        "/orgs/octo/hooks/1",
        "/orgs/other/hooks/2",
    ] {
        assert_eq!(scene.send("GET", path, &[], None), (404, json!({"message": "Not Found"})), "{path}");
    }
    assert_eq!(scene.send("GET", "/orgs/octo/hooks/2", &[], None).0, 200);
    // An organisation's webhook is pinged, and its deliveries recorded, under its own path.
    assert_eq!(scene.send("POST", "/orgs/octo/hooks/2/pings", &[], None).0, 204);
    assert_eq!(scene.send("POST", "/repos/octo/hello/hooks/2/pings", &[], None).0, 404);
    let recorded = records(&scene, "/orgs/octo/hooks/2/deliveries", 1);
    assert_eq!((recorded.len(), &recorded[0]["event"]), (1, &json!("ping")), "{recorded:#?}");
    assert_eq!(records(&scene, "/repos/octo/hello/hooks/1/deliveries", 0), Vec::<Value>::new());
}

#[test]
fn every_delivery_is_recorded_listed_retrieved_and_redelivered() {
    // The receiver fails the first delivery, then acknowledges.
    let (provider, scene) = serve(&[500]);
    let hooks = "/repos/octo/hello/hooks";
    let body = json!({"config": {"url": scene.receiver_url, "secret": "s3cret"}, "events": ["push"]});
    assert_eq!(scene.send("POST", hooks, &[], Some(&body.to_string())).0, 201);
    assert_eq!(scene.send("POST", &format!("{hooks}/1/pings"), &[], None).0, 204);
    wait_for(&scene, 1);
    assert_eq!(scene.send("POST", &format!("{hooks}/1/tests"), &[], None).0, 204);
    wait_for(&scene, 2);
    let trigger = json!({"event": "push", "data": {"action": "created", "ref": "main"}});
    assert_eq!(scene.send("POST", "/_hookspec/trigger", &[], Some(&trigger.to_string())).0, 200);

    // Newest first, each as the list's item schema shows a record: no request or response.
    let deliveries = format!("{hooks}/1/deliveries");
    let list = records(&scene, &deliveries, 3);
    let events: Vec<(&Value, &Value, &Value)> =
        list.iter().map(|record| (&record["id"], &record["event"], &record["action"])).collect();
    assert_eq!(
        events,
        [
            (&json!(3), &json!("push"), &json!("created")),
            (&json!(2), &json!("push"), &Value::Null),
            (&json!(1), &json!("ping"), &Value::Null)
        ]
    );
    let failed = &list[2];
    assert_eq!((&failed["status_code"], &failed["status"]), (&json!(500), &json!("Internal Server Error")));
    assert_eq!(
        (&list[0]["status_code"], &list[0]["status"], &list[0]["redelivery"]),
        (&json!(200), &json!("OK"), &json!(false))
    );
    assert!(
        failed["duration"].is_number() && failed["delivered_at"].as_str().is_some_and(|at| at.ends_with('Z'))
    );
    assert_eq!((&failed["installation_id"], &failed["throttled_at"]), (&Value::Null, &Value::Null));
    assert!(failed.get("request").is_none() && failed.get("url").is_none(), "{failed:#}");
    let received = wait_for(&scene, 3);
    assert_eq!(failed["guid"].as_str(), received[0].header("x-github-delivery"));

    // Paged by `per_page` and a cursor, the next page's in the `Link` header.
    let (_, page) = scene.send("GET", &format!("{deliveries}?per_page=2"), &[], None);
    assert_eq!(page.as_array().map(Vec::len), Some(2));
    let next = format!("{}{deliveries}?per_page=2&cursor=2", scene.mock);
    assert_eq!(link(&scene, &format!("{deliveries}?per_page=2")), Some(format!("<{next}>; rel=\"next\"")));
    let (_, rest) = scene.send("GET", &format!("{deliveries}?per_page=2&cursor=2"), &[], None);
    assert_eq!(
        rest.as_array().map(|page| page.iter().map(|record| record["id"].clone()).collect::<Vec<_>>()),
        Some(vec![json!(1)])
    );
    assert_eq!(link(&scene, &format!("{deliveries}?per_page=2&cursor=2")), None, "the last page");

    // One record, whole: where it went, what was sent and what came back.
    let (status, one) = scene.send("GET", &format!("{deliveries}/3"), &[], None);
    assert_eq!(status, 200, "{one}");
    assert_eq!(
        (&one["url"], &one["request"]["payload"]),
        (&json!(scene.receiver_url), &json!({"action": "created", "ref": "main"}))
    );
    assert_eq!(one["request"]["headers"]["X-GitHub-Event"], json!("push"), "{one:#}");
    assert!(one["response"]["headers"].is_object() && one["response"]["payload"] == "", "{one:#}");
    for path in [
        format!("{deliveries}/99"),
        "/repos/octo/other/hooks/1/deliveries/3".to_owned(),
        format!("{hooks}/9/deliveries/3"),
    ] {
        assert_eq!(scene.send("GET", &path, &[], None), (404, json!({"message": "Not Found"})), "{path}");
    }

    // A redelivery: 202 and `{}`, the same event, payload and delivery id, recorded anew.
    let (status, answer) = scene.send("POST", &format!("{deliveries}/1/attempts"), &[], None);
    assert_eq!((status, answer), (202, json!({})));
    let received = wait_for(&scene, 4);
    let (first, again) = (&received[0], &received[3]);
    assert_eq!((again.header("x-github-event"), &again.body), (Some("ping"), &first.body));
    assert_eq!(again.header("x-github-delivery"), first.header("x-github-delivery"));
    assert!(signed(provider, again));
    let list = records(&scene, &deliveries, 4);
    let (newest, original) = (&list[0], &list[3]);
    assert_eq!(
        (&newest["id"], &newest["redelivery"], &newest["guid"]),
        (&json!(4), &json!(true), &original["guid"])
    );
    assert_eq!((&newest["event"], &newest["status_code"]), (&json!("ping"), &json!(200)));
    assert_eq!(scene.send("POST", &format!("{deliveries}/99/attempts"), &[], None).0, 404);
}

#[test]
fn what_the_toys_data_does_not_say_fails_at_load() {
    let problems = toy(&BEHAVIOUR.replace(
        "  testRepoWebhook: {deliver: {parameter: hook_id, event: push, if_subscribed: true}}\n",
        "",
    ))
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
    let problems = toy(&BEHAVIOUR.replacen("link: true", "link: false", 1)).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("`listRepoWebhooks` answers 200 with the header `Link`")),
        "{problems:#?}"
    );
    let problems = toy(&BEHAVIOUR.replace("{collection}/{webhook}/pings", "{event}/{webhook}/pings"))
        .expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.contains("the slot {event} cannot be filled here")),
        "{problems:#?}"
    );
    // A delivery record with a slot a record cannot fill, and one with no slot of that name.
    let problems = toy(&BEHAVIOUR.replace("url: \"{url}\"", "url: \"{base}\"")).expect_err("refused");
    let line = BEHAVIOUR.lines().position(|line| line.contains("url: \"{url}\"")).expect("the line") + 1;
    assert!(
        problems.iter().any(|problem| problem
            .starts_with(&format!("crates/dialects/src/toyhub/behaviour.yaml:{line}:"))
            && problem
                .contains("`delivery_record.url`: the slot {base} cannot be filled in a delivery record")),
        "{problems:#?}"
    );
    let problems = toy(&BEHAVIOUR.replace("\"{status_code}\"", "\"{status_cod}\"")).expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.starts_with("crates/dialects/src/toyhub/behaviour.yaml:")
            && problem.contains("`{status_cod}` is not a slot")),
        "{problems:#?}"
    );
    // Actions on deliveries with no record to show, a nested resource that is not merged, and an
    // owner's parameter no path has.
    let without = BEHAVIOUR.split("  delivery_record:").next().expect("before").to_owned()
        + "operations:"
        + BEHAVIOUR.split("\noperations:").nth(1).expect("after");
    let problems = toy(&without).expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.contains(
            "`listRepoWebhookDeliveries` answers records of deliveries, which behaviour.yaml does not say how to show"
        )),
        "{problems:#?}"
    );
    let problems = toy(&BEHAVIOUR.replace("merged: [config]", "merged: []")).expect_err("refused");
    assert!(
        problems.iter().any(
            |problem| problem.contains("`getRepoWebhookConfig` serves `config` as a resource of its own")
        ),
        "{problems:#?}"
    );
    let problems =
        toy(&BEHAVIOUR.replace("[org, owner, repo]", "[org, owner, repository]")).expect_err("refused");
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("`webhooks.owner` names the path parameter `repository`")),
        "{problems:#?}"
    );
}

/// The sandbox and the behaviour format name no provider: whatever a provider needs is data in its
/// folder.
#[test]
fn the_sandbox_and_the_behaviour_format_name_no_provider() {
    let root = hookspec_tests::workspace();
    let mut pending = vec![root.join("crates/sandbox"), root.join("crates/dialects/src/behaviour")];
    let mut read = 0;
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(
                std::fs::read_dir(&path).expect("a folder").map(|entry| entry.expect("an entry").path()),
            );
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(!text.to_lowercase().contains("github"), "{} names GitHub", path.display());
        read += 1;
    }
    assert!(read > 10, "{read} files read");
}
