//! Deliveries to `https://` receivers, as `cargo xtask deliver` sends them (it runs this binary):
//! a receiver with a generated, self-signed certificate is reached with `--insecure`, and refused
//! without it with a message that names the certificate problem.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::sync::{Arc, mpsc};
use std::thread;

const BINARY: &str = env!("CARGO_BIN_EXE_hookspec-sandbox");

/// An HTTPS receiver on `localhost` with a certificate made for the test: it answers every
/// request 200 and hands over each body. Its URL, and the bodies.
fn https_receiver() -> (String, mpsc::Receiver<Vec<u8>>) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("a certificate");
    let chain = vec![certified.cert.der().clone()];
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let config =
        rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("a server configuration");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("https://localhost:{}/hooks", listener.local_addr().expect("bound").port());
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(connection) = rustls::ServerConnection::new(Arc::clone(&config)) else { continue };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut reader = BufReader::new(&mut tls);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue; // the client refused the certificate
            }
            let _ = write!(tls, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
            let _ = tls.flush();
            tls.conn.send_close_notify();
            let _ = tls.flush();
            let _ = sender.send(body);
        }
    });
    (url, received)
}

fn deliver(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BINARY).arg("deliver").args(args).output().expect("runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code().unwrap_or(-1), text(&output.stdout), text(&output.stderr))
}

#[test]
fn deliver_reaches_a_self_signed_https_receiver_only_with_insecure() {
    let (url, received) = https_receiver();
    let (code, out, err) = deliver(&["--dialect", "gigapay", "--to", &url, "--secret", "s", "--insecure"]);
    eprintln!("with --insecure: exit {code}\n{out}{err}");
    assert_eq!((code, out.lines().next()), (0, Some("HTTP 200")), "{err}");
    let body = received.recv().expect("a delivery");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok(), "a JSON body");

    let (code, out, err) = deliver(&["--dialect", "gigapay", "--to", &url, "--secret", "s"]);
    eprintln!("without --insecure: exit {code}\n{out}{err}");
    assert_eq!(code, 2, "not sent: {out}{err}");
    assert!(
        err.contains("certificate") && err.contains("UnknownIssuer"),
        "names the certificate problem: {err}"
    );
}

/// The mock's own deliveries take the same road: verified by default, accepted with `insecure`.
#[test]
fn the_mocks_deliveries_reach_an_https_receiver_with_insecure() {
    let (url, received) = https_receiver();
    let provider = hookspec_sandbox::provider("gigapay").expect("Gigapay loads");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let target = |url: &str| hookspec_sandbox::deliveries::Target {
        owner: String::new(),
        webhook: "w".into(),
        url: url.to_owned(),
        secret: Some("s".into()),
        headers: Vec::new(),
        fields: serde_json::Map::new(),
        form: None,
    };
    let attempt = |insecure: bool| {
        let engine =
            hookspec_sandbox::deliveries::Deliveries::new(provider.scheme.clone(), None, 0.0, insecure)
                .expect("an engine");
        runtime.block_on(engine.deliver(target(&url), "Payout.created".into(), b"{}".to_vec()))
    };
    let delivered = attempt(true);
    assert_eq!((delivered.status, delivered.outcome), (Some(200), "delivered"), "{delivered:?}");
    assert_eq!(received.recv().expect("a delivery"), b"{}");
    let refused = attempt(false);
    assert_eq!((refused.status, refused.outcome), (None, "failed"), "{refused:?}");
    assert!(refused.error.as_deref().is_some_and(|error| error.contains("UnknownIssuer")), "{refused:?}");
}
