//! `cargo xtask import` from end to end on a small description (ToyHub's, in `tests/import/`,
//! written for this test: a 3.1 YAML description with its operations and webhooks in one file):
//! the import writes the folder's generated part, a second import writes the same bytes, and the
//! folder, with the files written by hand (`import.yaml`, `facts.yaml`, `signature.yaml`,
//! `behaviour.yaml` and the conversion), loads, generates a document that conforms, and serves a
//! sandbox that honours it.

use hookspec_dialects::{Folder, Provider, Wire};
use indexmap::IndexMap;
use serde_json::Value;

const DESCRIPTION: &str = include_str!("import/toyhub.yaml");
const SELECTION: &str = include_str!("import/import.yaml");
const HAND: [(&str, &str); 4] = [
    ("import.yaml", SELECTION),
    ("facts.yaml", include_str!("import/facts.yaml")),
    ("signature.yaml", include_str!("import/signature.yaml")),
    ("behaviour.yaml", include_str!("import/behaviour.yaml")),
];

/// A ToyHub webhook read into the canonical model (the conversion, written by hand).
fn read(value: &Value) -> Result<hookspec_model::Webhook, String> {
    let text = |value: &Value| value.as_str().map(str::to_owned);
    Ok(hookspec_model::Webhook {
        id: value["id"].to_string(),
        url: text(&value["url"]).ok_or("`url` is missing")?,
        events: value["events"].as_array().into_iter().flatten().filter_map(text).collect(),
        enabled: value["active"].as_bool().unwrap_or(true),
        secret: text(&value["secret"]),
        metadata: serde_json::Map::new(),
    })
}

static WIRE: Wire = Wire { schemas: |_| Vec::new(), webhook: read, wildcard: None, switch: None };

fn imported() -> hookspec_import::Imported {
    let description =
        hookspec_import::read_description("tests/import/toyhub.yaml", DESCRIPTION).expect("YAML");
    let descriptions: IndexMap<String, Value> = [("toy".to_owned(), description)].into_iter().collect();
    hookspec_import::import("crates/dialects/src/toyhub", SELECTION, &descriptions)
        .unwrap_or_else(|problems| panic!("{problems:#?}"))
}

#[test]
fn a_small_description_imports_into_a_folder_that_generates_and_serves() {
    let first = imported();
    assert_eq!(first, imported(), "a second import writes the same bytes");
    let written: Vec<&str> = first.files.iter().map(|file| file.path.as_str()).collect();
    for generated in hookspec_import::GENERATED {
        assert!(written.contains(&generated), "{generated} in {written:?}");
    }
    let mut files: Vec<(&str, &str)> =
        first.files.iter().map(|file| (file.path.as_str(), file.text.as_str())).collect();
    files.extend(HAND);
    let provider: &'static Provider = Box::leak(Box::new(
        Provider::load(Folder::in_memory("toyhub", &files), &WIRE)
            .unwrap_or_else(|problems| panic!("{problems:#?}")),
    ));
    let outputs = hookspec_assembly::generate(provider).unwrap_or_else(|error| panic!("{error}"));
    let yaml =
        &outputs.iter().find(|output| output.path == "toyhub/openapi.yaml").expect("the document").contents;
    let document: Value = yaml_serde::from_str(yaml).expect("YAML");
    assert_eq!(hookspec_toolkit::lookup::operations(&document).len(), 4);
    let webhooks: Vec<&String> = document["webhooks"].as_object().expect("webhooks").keys().collect();
    assert_eq!(webhooks, ["star-created", "star-deleted"]);
    // Both star events are subscribed to as `star`, and the webhook's `events` say so.
    assert_eq!(provider.event_names(), ["star"]);
    // The description's schemas, as it gives them.
    assert_eq!(
        document["components"]["schemas"]["webhook-star-deleted"]["properties"]["starred_at"],
        serde_json::json!({"type": "null"})
    );
    let counts = crate::contract::run::run(provider, "toyhub/openapi.yaml", yaml)
        .unwrap_or_else(|failures| panic!("{failures:#?}"));
    assert_eq!((counts.operations, counts.events), (4, 2), "{counts:?}");
}

#[test]
fn a_selection_that_names_what_the_description_lacks_fails_naming_import_yaml() {
    let description = hookspec_import::read_description("toyhub.yaml", DESCRIPTION).expect("YAML");
    let descriptions: IndexMap<String, Value> = [("toy".to_owned(), description)].into_iter().collect();
    let selection = SELECTION.replace("hooks/delete]", "hooks/delete, hooks/rename]");
    let problems = hookspec_import::import("crates/dialects/src/toyhub", &selection, &descriptions)
        .expect_err("refused");
    assert!(
        problems.iter().any(|problem| problem.to_string()
            == "crates/dialects/src/toyhub/import.yaml: the description `toy` has no operation `hooks/rename`"),
        "{problems:#?}"
    );
    let problems = hookspec_import::import("crates/dialects/src/toyhub", SELECTION, &IndexMap::new())
        .expect_err("refused");
    assert_eq!(
        problems[0].to_string(),
        "crates/dialects/src/toyhub/import.yaml: the description `toy` was not given"
    );
}
