//! The sandbox held to its own documents, for every provider the registry lists, with no test
//! written per provider: each mock driven through a scenario derived from its published document,
//! every answer and every delivery checked against it (`contract/run.rs` says how). A provider
//! whose mock cannot honour its document fails here, naming the operation or event and the entry
//! at fault; a scratch provider whose behaviour data breaks its document shows it.

pub(crate) mod run;

use hookspec_dialects::{Folder, Provider};

/// The committed document of `provider`: what its mock serves.
fn published(provider: &Provider) -> (String, String) {
    let name = format!("spec/{}/openapi.yaml", provider.name);
    let path = hookspec_tests::workspace().join(&name);
    let yaml = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    (name, yaml)
}

#[test]
fn every_registered_provider_honours_its_published_document() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for provider in hookspec_tests::providers() {
        let (name, yaml) = published(provider);
        match run::run(provider, &name, &yaml) {
            Ok(counts) => {
                let document: serde_json::Value = yaml_serde::from_str(&yaml).expect("YAML");
                let operations = match provider.protocol.jsonrpc() {
                    Some(api) => api.methods.len(),
                    None => hookspec_toolkit::lookup::operations(&document).len(),
                };
                assert_eq!(counts.operations, operations, "{}: every operation is called", provider.name);
                assert_eq!(counts.events, provider.catalogue.events.len(), "{}: every event", provider.name);
                assert!(
                    counts.deliveries > 0 && counts.responses > counts.operations,
                    "{}: {counts:?}",
                    provider.name
                );
                report.push(format!(
                    "{}: {} operations, {} events, {} responses checked, {} deliveries checked",
                    provider.name, counts.operations, counts.events, counts.responses, counts.deliveries
                ));
            }
            Err(problems) => failures.push(format!("{}:\n  {}", provider.name, problems.join("\n  "))),
        }
    }
    eprintln!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The registered provider `name`'s folder, in memory, with `path` edited; loaded.
fn scratch(name: &str, path: &str, edit: impl Fn(&str) -> String) -> Result<Provider, Vec<String>> {
    scratch_edits(name, &[(path, &edit)])
}

/// An edit of a data file: its path in the folder, and what it makes of the text.
type Edit<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// A scratch copy of the registered provider `name` with each edit applied, loaded.
fn scratch_edits(name: &str, edits: &[Edit<'_>]) -> Result<Provider, Vec<String>> {
    let registered = hookspec_tests::dialect(name);
    let files: Vec<(String, String)> = registered
        .folder
        .files()
        .map(|(file, text)| {
            let text = match edits.iter().find(|(path, _)| *path == file) {
                Some((path, edit)) => {
                    let edited = edit(text);
                    assert_ne!(edited, text, "the edit of {path} changes it");
                    edited
                }
                None => text.to_owned(),
            };
            (file.to_owned(), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(file, text)| (file.as_str(), text.as_str())).collect();
    Provider::load(Folder::in_memory(&format!("scratch_{}", registered.folder.name), &files), registered.wire)
        .map_err(|problems| problems.iter().map(ToString::to_string).collect())
}

/// Gigapay's `facts.yaml` with a fact that backs the header [`with_idempotency_header`] declares.
fn with_idempotency_fact(text: &str) -> String {
    text.replacen(
        "\nfacts:\n",
        "\nfacts:\n  - from: [api, Idempotency, a test's header]\n    quote: a test's header\n    \
         response_header: {operation: registerWebhook, status: 201, name: Idempotency-Key}\n",
        1,
    )
}

/// Gigapay's `api.yaml` with its create declaring an `Idempotency-Key` answer header (as an earlier
/// revision of its docs did), for the tests of response headers.
fn with_idempotency_header(text: &str) -> String {
    text.replacen(
        "      201: {description: The registered webhook., body: Webhook}",
        "      201:\n        description: The registered webhook.\n        body: Webhook\n        headers:\n          \
         Idempotency-Key: {description: The request's idempotency key., schema: {type: string}}",
        1,
    )
}

/// The contract's failures for a scratch copy of `name` with `path` edited: its document
/// generated, its mock served from it.
fn failures_of_scratch(name: &str, path: &str, edit: impl Fn(&str) -> String) -> Vec<String> {
    failures_of(scratch(name, path, edit))
}

/// The contract's failures for a scratch provider: its document generated, its mock served from it.
fn failures_of(provider: Result<Provider, Vec<String>>) -> Vec<String> {
    let provider: &'static Provider =
        Box::leak(Box::new(provider.unwrap_or_else(|problems| panic!("{problems:?}"))));
    let outputs = hookspec_assembly::generate(provider).unwrap_or_else(|error| panic!("{error}"));
    let yaml = outputs
        .into_iter()
        .find(|output| output.path.ends_with("/openapi.yaml"))
        .map(|output| output.contents)
        .expect("an OpenAPI document");
    run::run(provider, "scratch/openapi.yaml", &yaml).expect_err("the contract fails")
}

#[test]
fn a_list_envelope_that_breaks_the_document_fails_naming_the_operation_and_entry() {
    let failures = failures_of_scratch("gigapay", "behaviour.yaml", |text| {
        text.replace("envelope: {count: total,", "envelope: {count: has_more,")
    });
    eprintln!("{}", failures.join("\n"));
    assert!(
        failures.iter().any(|failure| failure.starts_with(
            "`listWebhooks` (the scenario's request): the 200 answer breaks \
             its schema in api.yaml's `listWebhooks` (behaviour.yaml's `operations.listWebhooks`)"
        )),
        "{failures:#?}"
    );
}

#[test]
fn a_response_header_the_behaviour_does_not_make_fails_naming_the_header() {
    let failures = failures_of(scratch_edits(
        "gigapay",
        &[
            ("api.yaml", &with_idempotency_header),
            ("facts.yaml", &with_idempotency_fact),
            ("behaviour.yaml", &|text: &str| {
                format!(
                    "{text}headers:\n  registerWebhook: {{Idempotency-Key: \"{{header:Idempotency-Key}}\"}}\n"
                )
            }),
        ],
    ));
    eprintln!("{}", failures.join("\n"));
    assert!(
        failures.iter().any(|failure| failure.contains(
            "the 201 answer lacks the header `Idempotency-Key` that api.yaml's `registerWebhook` declares \
             (behaviour.yaml's `headers.registerWebhook` makes it)"
        )),
        "{failures:#?}"
    );
}

#[test]
fn a_field_the_provider_sets_left_out_fails_naming_the_answers_that_break() {
    // The mock cannot make a webhook its wire types read, so it refuses the document's own
    // request, in Stripe's words and naming the field: never stored, never a parser's message.
    let failures = failures_of_scratch("stripe", "behaviour.yaml", |text| {
        text.replace("    object: {constant: webhook_endpoint}\n", "")
    });
    eprintln!("{}", failures.join("\n"));
    assert!(
        failures.iter().any(|failure| failure.starts_with(
            "`createWebhookEndpoint` (the scenario's request) answered 400 where the document's request asks for a 2xx \
             (behaviour.yaml's `operations.createWebhookEndpoint`): "
        ) && failure.contains(r#""message":"Missing required param.","param":"object""#)),
        "{failures:#?}"
    );
}

#[test]
fn an_operation_without_behaviour_or_a_header_without_a_template_fails_at_load() {
    let problems = scratch("gigapay", "behaviour.yaml", |text| {
        text.replace("  deleteWebhook: {delete: {parameter: id}}\n", "")
    })
    .expect_err("refused at load");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("crates/dialects/src/scratch_gigapay/api.yaml:")
            && problems[0].contains("`deleteWebhook` has no entry under behaviour.yaml's `operations`"),
        "{problems:?}"
    );
    let problems = scratch("gigapay", "api.yaml", with_idempotency_header).expect_err("refused at load");
    assert!(
        problems[0].contains(
            "`registerWebhook` answers 201 with the header `Idempotency-Key`, which behaviour.yaml's \
             `headers` does not say how to make"
        ),
        "{problems:?}"
    );
    let problems = scratch("equals-money", "behaviour.yaml", |text| {
        text.replace("{field:authorizationHeader}", "{header:authorizationHeader}")
    })
    .expect_err("refused at load");
    assert!(
        problems[0].contains("the slot {header:authorizationHeader} cannot be filled here"),
        "{problems:?}"
    );
}
