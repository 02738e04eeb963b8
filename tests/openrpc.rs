//! The OpenRPC document of every JSON-RPC dialect: valid against the OpenRPC meta-schema, and
//! generated from the same method table and schemas as its OpenAPI document.

use hookspec_tests::{document, generated, workspace};
use serde_json::{Value, json};

/// `(name, openrpc.json, method table)` of every registered JSON-RPC dialect.
fn json_rpc_dialects() -> Vec<(&'static str, Value, hookspec_dialects::table::JsonRpc)> {
    hookspec_dialects::registry()
        .into_iter()
        .filter_map(|dialect| {
            let api = dialect.table().expect("the table parses").jsonrpc?;
            let openrpc =
                serde_json::from_str(&generated(&format!("{}/openrpc.json", dialect.name))).expect("JSON");
            Some((dialect.name, openrpc, api))
        })
        .collect()
}

#[test]
fn every_openrpc_document_validates_against_the_openrpc_meta_schema() {
    let vendor = workspace().join("tests/vendor/openrpc");
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(vendor.join(name)).expect("vendored")).expect("JSON")
    };
    let mut meta = read("openrpc-meta-schema.json");
    let mut tools = read("json-schema-tools-meta-schema.json");
    // Both name their own, unpublished dialect URI in `$schema`; they are draft-07 schemas.
    for schema in [&mut meta, &mut tools] {
        schema.as_object_mut().expect("object").remove("$schema");
    }
    // The OpenRPC meta-schema refers to it both with and without the final slash.
    let registry = jsonschema::Registry::new()
        .add("https://meta.json-schema.tools/", jsonschema::Resource::from_contents(tools.clone()))
        .and_then(|builder| {
            builder.add("https://meta.json-schema.tools", jsonschema::Resource::from_contents(tools))
        })
        .and_then(jsonschema::RegistryBuilder::prepare)
        .expect("the json-schema-tools meta-schema registers");
    // Formats stay annotations, as draft-07 has them by default: the meta-schema types
    // `servers[].url` as `format: uri`, yet the OpenRPC specification lets that URL hold server
    // variables (`https://{host}/api/jsonrpc`), which no URI parser accepts.
    let validator = jsonschema::draft7::options()
        .should_validate_formats(false)
        .with_registry(&registry)
        .build(&meta)
        .expect("the meta-schema compiles");
    let documents = json_rpc_dialects();
    assert!(!documents.is_empty(), "no JSON-RPC dialect is registered");
    for (name, openrpc, _) in documents {
        let errors: Vec<String> = validator
            .iter_errors(&openrpc)
            .map(|error| format!("{}: {error}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");

        // The meta-schema is not vacuous: a document with a broken method fails it.
        let mut broken = openrpc.clone();
        broken["methods"][0]["params"] = json!("not a list");
        assert!(!validator.is_valid(&broken), "{name}");
    }
}

#[test]
fn every_openrpc_document_has_a_method_per_table_method_and_the_openapi_schemas() {
    for (name, openrpc, api) in json_rpc_dialects() {
        let names: Vec<&str> = openrpc["methods"]
            .as_array()
            .expect("methods")
            .iter()
            .filter_map(|m| m["name"].as_str())
            .collect();
        let expected: Vec<&str> = api.methods.iter().map(|method| method.name.as_str()).collect();
        assert_eq!(names, expected, "{name}");
        let openapi = document(name);
        let keys = |value: &Value| {
            value.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()
        };
        assert_eq!(
            keys(&openrpc["components"]["schemas"]),
            keys(&openapi["components"]["schemas"]),
            "{name}"
        );
    }
}
