//! The OpenRPC document of every JSON-RPC dialect: valid against the OpenRPC meta-schema, and
//! generated from the same method table and schemas as its OpenAPI document.

use hookspec_tests::{document, generated, workspace};
use serde_json::{Value, json};

/// `(name, openrpc.json, method table)` of every registered JSON-RPC dialect.
fn json_rpc_dialects() -> Vec<(&'static str, Value, hookspec_dialects::table::JsonRpc)> {
    hookspec_tests::providers()
        .into_iter()
        .filter_map(|dialect| {
            let api = dialect.protocol.jsonrpc()?.clone();
            let openrpc =
                serde_json::from_str(&generated(&format!("{}/openrpc.json", dialect.name))).expect("JSON");
            Some((dialect.name.as_str(), openrpc, api))
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
fn every_openrpc_document_has_the_methods_the_server_has_and_the_openapi_schemas() {
    for (name, openrpc, api) in json_rpc_dialects() {
        let methods = openrpc["methods"].as_array().expect("methods");
        let names: Vec<&str> = methods.iter().filter_map(|m| m["name"].as_str()).collect();
        // The JSON-RPC methods on the wire: the table's own methods, then the wrapper.
        let mut expected: Vec<&str> = api
            .methods
            .iter()
            .filter(|method| method.direct || api.call.is_none())
            .map(|method| method.name.as_str())
            .collect();
        expected.extend(api.call.iter().map(|call| call.method.as_str()));
        assert_eq!(names, expected, "{name}");

        if let Some(call) = &api.call {
            let wrapper = methods.iter().find(|m| m["name"] == call.method.as_str()).expect("the wrapper");
            let wrapped: Vec<&hookspec_dialects::table::JsonRpcMethod> =
                api.methods.iter().filter(|method| !method.direct).collect();
            let listed: Vec<&str> = wrapper["params"][1]["schema"]["enum"]
                .as_array()
                .expect("the API methods are listed")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(
                listed,
                wrapped.iter().map(|method| method.name.as_str()).collect::<Vec<_>>(),
                "{name}"
            );
            for (param, suffix) in
                [(&wrapper["params"][2]["schema"], "Arguments"), (&wrapper["result"]["schema"], "Result")]
            {
                let refs: Vec<String> = wrapped
                    .iter()
                    .map(|method| format!("#/components/schemas/{}{suffix}", method.stem()))
                    .collect();
                let found: Vec<String> = param["anyOf"]
                    .as_array()
                    .expect("anyOf")
                    .iter()
                    .filter_map(|branch| branch["$ref"].as_str().map(str::to_owned))
                    .collect();
                assert_eq!(found, refs, "{name}: {suffix}");
            }
        }

        // Every documented request with a documented result is an example pairing of its method.
        let pairings: usize = methods.iter().map(|m| m["examples"].as_array().map_or(0, Vec::len)).sum();
        assert!(pairings >= 2, "{name}: {pairings} example pairings");
        for method in methods {
            for pairing in method["examples"].as_array().into_iter().flatten() {
                let params = pairing["params"].as_array().expect("params");
                let declared: Vec<&Value> =
                    method["params"].as_array().expect("params").iter().map(|p| &p["name"]).collect();
                let given: Vec<&Value> = params.iter().map(|p| &p["name"]).collect();
                assert_eq!(given, declared, "{name}: {}", pairing["name"]);
            }
        }

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
