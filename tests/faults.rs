//! The faults receivers meet, each against the mock: connection refused, a receiver slower than the
//! provider's timeout, a redirect (not followed, a failure), 410 (which no registered provider
//! documents as special, so it is a failure like any non-2xx), a huge answer (read only up to a
//! limit), and a receiver that closes mid-answer. Each follows the provider's documented retry
//! rule, and `GET /_hookspec/deliveries` shows every attempt with its outcome.
//!
//! ShipStream's mock is the one driven: it documents its timeouts (3 s to connect, 5 s in all) and
//! its retry schedule (60 s, 120 s, ..., scaled here by 0.001).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::scene::Scene;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How a receiver misbehaves.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Answers the first request after 6 s, later ones at once with 200.
    SlowOnce,
    /// Answers 302 to the first request, pointing elsewhere; 200 later.
    RedirectOnce,
    /// Answers 410 to the first request; 200 later.
    GoneOnce,
    /// Answers 200 with a 64 MiB body, counting what it manages to write.
    Huge,
    /// Starts a 200 answer and closes the connection before its end; 200 later.
    CutOnce,
}

/// A receiver with `fault`: its URL, and how many bytes of answers it wrote.
fn receiver(scene: &Scene, fault: Fault) -> (String, Arc<AtomicUsize>) {
    let written = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&written);
    let url = scene.runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let url = format!("http://{}/hooks", listener.local_addr().expect("bound"));
        tokio::spawn(async move {
            let mut seen = 0;
            loop {
                let Ok((mut stream, _)) = listener.accept().await else { return };
                seen += 1;
                let first = seen == 1;
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let mut request = vec![0; 64 * 1024];
                    let _ = stream.read(&mut request).await;
                    let ok = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".to_vec();
                    let answer = match fault {
                        Fault::SlowOnce if first => {
                            tokio::time::sleep(Duration::from_secs(6)).await;
                            ok
                        }
                        Fault::RedirectOnce if first => {
                            b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n".to_vec()
                        }
                        Fault::GoneOnce if first => b"HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n".to_vec(),
                        Fault::CutOnce if first => {
                            b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start".to_vec()
                        }
                        Fault::Huge => {
                            let size = 64 * 1024 * 1024;
                            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {size}\r\n\r\n");
                            if stream.write_all(head.as_bytes()).await.is_err() {
                                return;
                            }
                            let chunk = vec![b'x'; 64 * 1024];
                            for _ in 0..size / chunk.len() {
                                if stream.write_all(&chunk).await.is_err() {
                                    return;
                                }
                                counter.fetch_add(chunk.len(), Ordering::Relaxed);
                            }
                            return;
                        }
                        _ => ok,
                    };
                    let _ = stream.write_all(&answer).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        url
    });
    (url, written)
}

/// Registers a ShipStream webhook at `url` for `order:created`, triggers it, and waits until the
/// attempts of its delivery reach `count` (or 20 s pass): those attempts.
fn deliver(scene: &Scene, url: &str, count: usize) -> Vec<Value> {
    let basic = [("authorization", "Basic dXNlcjprZXk=")];
    let create = json!({"jsonrpc": "2.0", "id": 1, "method": "call",
        "params": [null, "webhook.create", [{"topics": "order:created", "url": url, "secret_key": "s"}]]});
    let (status, created) = scene.send("POST", "/api/jsonrpc", &basic, Some(&create.to_string()));
    assert_eq!((status, &created["result"]), (200, &json!(true)), "{created}");
    scene.trigger("order:created", None);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let attempts: Vec<Value> =
            scene.attempts().into_iter().filter(|attempt| attempt["url"] == url).collect();
        if attempts.len() >= count || Instant::now() > deadline {
            eprintln!("{url}: {}", serde_json::to_string_pretty(&attempts).unwrap_or_default());
            return attempts;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The (attempt, outcome, status, error) of each attempt.
fn outcomes(attempts: &[Value]) -> Vec<(u64, String, Option<u64>, Option<String>)> {
    attempts
        .iter()
        .map(|attempt| {
            (
                attempt["attempt"].as_u64().unwrap_or_default(),
                attempt["outcome"].as_str().unwrap_or_default().to_owned(),
                attempt["status"].as_u64(),
                attempt["error"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn connection_refused_is_retried_on_the_schedule_until_it_fails() {
    let scene = Scene::start("shipstream", &[]);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/hooks", closed.local_addr().expect("bound"));
    drop(closed);
    let attempts = deliver(&scene, &url, 3);
    let seen = outcomes(&attempts);
    assert!(seen.len() >= 3, "{seen:?}");
    for (n, (attempt, outcome, status, error)) in seen.iter().take(3).enumerate() {
        assert_eq!((*attempt, outcome.as_str(), *status), (n as u64 + 1, "retrying", None), "{seen:?}");
        assert!(error.as_deref().is_some_and(|error| error.contains("Connection refused")), "{seen:?}");
    }
    // The schedule's delays, scaled by 0.001: 60 s, 120 s, 240 s.
    let delays: Vec<u64> =
        attempts.iter().take(3).filter_map(|attempt| attempt["next_retry_ms"].as_u64()).collect();
    assert_eq!(delays, [60, 120, 240]);
}

#[test]
fn a_receiver_slower_than_the_timeout_fails_and_the_retry_is_delivered() {
    let scene = Scene::start("shipstream", &[]);
    let (url, _) = receiver(&scene, Fault::SlowOnce);
    let started = Instant::now();
    let seen = outcomes(&deliver(&scene, &url, 2));
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!((seen[0].0, seen[0].1.as_str(), seen[0].2), (1, "retrying", None), "{seen:?}");
    assert!(seen[0].3.as_deref().is_some_and(|error| error.contains("timed out")), "{seen:?}");
    assert_eq!((seen[1].1.as_str(), seen[1].2), ("delivered", Some(200)), "{seen:?}");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(6),
        "ShipStream's 5 s: {waited:?}"
    );
}

#[test]
fn a_redirect_is_not_followed_and_counts_as_a_failure() {
    let scene = Scene::start("shipstream", &[]);
    let (url, _) = receiver(&scene, Fault::RedirectOnce);
    let seen = outcomes(&deliver(&scene, &url, 2));
    assert_eq!(seen[0], (1, "retrying".into(), Some(302), None), "{seen:?}");
    assert_eq!((seen[1].1.as_str(), seen[1].2), ("delivered", Some(200)), "{seen:?}");
}

#[test]
fn gone_is_a_failure_like_any_other_status_since_no_provider_documents_it_otherwise() {
    let scene = Scene::start("shipstream", &[]);
    let (url, _) = receiver(&scene, Fault::GoneOnce);
    let seen = outcomes(&deliver(&scene, &url, 2));
    assert_eq!(seen[0], (1, "retrying".into(), Some(410), None), "{seen:?}");
    assert_eq!((seen[1].1.as_str(), seen[1].2), ("delivered", Some(200)), "{seen:?}");
}

#[test]
fn a_huge_answer_is_read_only_up_to_the_limit() {
    let scene = Scene::start("shipstream", &[]);
    let (url, written) = receiver(&scene, Fault::Huge);
    let seen = outcomes(&deliver(&scene, &url, 1));
    assert_eq!(seen[0], (1, "delivered".into(), Some(200), None), "{seen:?}");
    std::thread::sleep(Duration::from_millis(500));
    let written = written.load(Ordering::Relaxed);
    assert!(written < 32 * 1024 * 1024, "the mock stopped reading: {written} of 64 MiB were written");
}

#[test]
fn a_receiver_that_closes_mid_answer_fails_and_is_retried() {
    let scene = Scene::start("shipstream", &[]);
    let (url, _) = receiver(&scene, Fault::CutOnce);
    let seen = outcomes(&deliver(&scene, &url, 2));
    assert_eq!((seen[0].0, seen[0].1.as_str(), seen[0].2), (1, "retrying", Some(200)), "{seen:?}");
    assert!(seen[0].3.as_deref().is_some_and(|error| error.contains("cut off")), "{seen:?}");
    assert_eq!((seen[1].1.as_str(), seen[1].2), ("delivered", Some(200)), "{seen:?}");
}
