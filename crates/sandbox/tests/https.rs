/// The mock's own deliveries take the same road: verified by default, accepted with `insecure`.
#[test]
fn the_mocks_deliveries_reach_an_https_receiver_with_insecure() {
    let (url, received) = https_receiver();
    let provider = hookspec_sandbox::provider("gigapay").expect("Gigapay loads");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let target = |url: &str| hookspec_sandbox::deliveries::Target {
        webhook: "w".into(),
        url: url.to_owned(),
        secret: Some("s".into()),
        headers: Vec::new(),
        fields: serde_json::Map::new(),
    };
    let attempt = |insecure: bool| {
        let options = hookspec_sandbox::Options { time_scale: 0.0, insecure };
        let engine = hookspec_sandbox::deliveries::Deliveries::new(provider.scheme.clone(), None, options)
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
