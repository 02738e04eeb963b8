//! The `hookspec-sandbox` binary: `mock` announces its address first and stops cleanly on
//! SIGTERM; `deliver` sends a delivery that verifies and exits 0, 1 or 2 as documented.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;

const BINARY: &str = env!("CARGO_BIN_EXE_hookspec-sandbox");

/// A receiver that answers one request with `status` and hands over its head and body.
fn receiver(status: u16) -> (String, mpsc::Receiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}/hooks", listener.local_addr().expect("bound"));
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return };
        let mut reader = BufReader::new(stream.try_clone().expect("a clone"));
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
            head.push_str(&line);
        }
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let mut stream = stream;
        let _ = write!(stream, "HTTP/1.1 {status} X\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        let _ = sender.send((head, body));
    });
    (url, received)
}

fn deliver(args: &[&str]) -> (i32, String, String) {
    let output =
        Command::new(BINARY).arg("deliver").args(args).env("HOOK_SECRET", "s3cret").output().expect("runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn deliver_sends_a_signed_delivery_and_exits_by_the_answer() {
    let (url, received) = receiver(200);
    let (code, out, err) = deliver(&[
        "--dialect",
        "gigapay",
        "--to",
        &url,
        "--secret-env",
        "HOOK_SECRET",
        "--timestamp",
        "1700000000",
    ]);
    assert_eq!((code, out.lines().next()), (0, Some("HTTP 200")), "{err}");
    let (head, body) = received.recv().expect("a delivery");
    let header = head
        .lines()
        .find_map(|line| line.strip_prefix("gigapay-signature: "))
        .expect("the signature header")
        .trim();
    let scheme = hookspec_sandbox::provider("gigapay").expect("Gigapay loads").scheme.clone();
    let options = hookspec_signature::VerifyOptions { now: Some(1_700_000_000), ..Default::default() };
    let headers = [("Gigapay-Signature", header)];
    assert_eq!(hookspec_signature::verify(&scheme, b"s3cret", &headers, &body, &options), Ok(()));

    let (url, _received) = receiver(500);
    let (code, out, _) =
        deliver(&["--dialect", "equals-money", "--to", &url, "--secret", "x", "--event", "BoxCredited"]);
    assert_eq!((code, out.lines().next()), (1, Some("HTTP 500")));

    let (code, _, err) =
        deliver(&["--dialect", "shipstream", "--to", "http://127.0.0.1:9/", "--secret", "x"]);
    assert_eq!(code, 2, "nobody listens on the discard port: {err}");
    let (code, _, err) =
        deliver(&["--dialect", "shipstream", "--to", "http://x/", "--secret-env", "NOT_SET_ANYWHERE"]);
    assert_eq!(code, 2);
    assert!(err.contains("NOT_SET_ANYWHERE"), "{err}");
    let (code, _, err) = deliver(&["--dialect", "nope", "--to", "http://x/", "--secret", "x"]);
    assert!(code == 2 && err.contains("unknown dialect `nope`"), "{err}");
}

#[test]
#[cfg(unix)]
fn mock_prints_its_address_first_and_stops_on_sigterm() {
    let mut child = Command::new(BINARY)
        .args(["mock", "--dialect", "equals-money", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    assert!(first.starts_with("listening on http://127.0.0.1:"), "{first}");
    let status = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    assert_eq!(child.wait().expect("exits").code(), Some(0), "a clean stop");

    let output = Command::new(BINARY).args(["mock", "--dialect", "nope"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let output =
        Command::new(BINARY).args(["mock", "--dialect", "nope", "--port", "1"]).output().expect("runs");
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let output = Command::new(BINARY).arg("--help").output().expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stdout).contains("deliver"), "generated help");
}
