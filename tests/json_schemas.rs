//! One schema per wire type: the OpenAPI component schema and the published JSON Schema of every
//! published type come from one derivation, so they must give every value the same verdict. The
//! differential test holds them to it over a corpus per type: the documented examples embedded in
//! the document, values synthesised from the schema (every property, and the required ones only),
//! and systematic mutations of each (every property nulled, removed, retyped; an extra property;
//! the value itself replaced by other types).

use hookspec_tests::{document, generated};
use hookspec_toolkit::sample::{self, Fill};
use serde_json::{Value, json};

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("the schema compiles")
}

/// The OpenAPI component `name` of `document`, as a schema that validates on its own.
fn component(document: &Value, name: &str) -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": format!("#/components/schemas/{name}"),
        "components": document["components"],
    })
}

/// Every documented example embedded in `document` whose body is the component `name`.
fn documented(document: &Value, name: &str) -> Vec<Value> {
    let reference = json!(format!("#/components/schemas/{name}"));
    let mut found = Vec::new();
    let mut visit = |media: &Value| {
        if media["schema"]["$ref"] == reference {
            for example in media["examples"].as_object().into_iter().flatten().map(|(_, example)| example) {
                found.push(example["value"].clone());
            }
        }
    };
    fn walk(value: &Value, visit: &mut dyn FnMut(&Value)) {
        match value {
            Value::Object(object) => {
                if object.contains_key("schema") && object.contains_key("examples") {
                    visit(value);
                }
                object.values().for_each(|child| walk(child, visit));
            }
            Value::Array(items) => items.iter().for_each(|child| walk(child, visit)),
            _ => {}
        }
    }
    walk(document, &mut visit);
    found
}

/// `value` and its mutations.
fn mutations(value: &Value) -> Vec<Value> {
    let mut all =
        vec![value.clone(), Value::Null, json!("text"), json!(7), json!(true), json!([]), json!({})];
    if let Value::Object(object) = value {
        let mut extra = object.clone();
        extra.insert("unexpected_property".into(), json!(1));
        all.push(Value::Object(extra));
        for (key, member) in object {
            let mut without = object.clone();
            without.shift_remove(key);
            all.push(Value::Object(without));
            for replacement in [
                Value::Null,
                json!("text"),
                json!(-1),
                json!(2.5),
                json!(false),
                json!([member]),
                json!({"x": member}),
            ] {
                let mut changed = object.clone();
                changed.insert(key.clone(), replacement);
                all.push(Value::Object(changed));
            }
        }
    }
    if let Value::Array(items) = value {
        all.push(json!([value, value]));
        if let Some(first) = items.first() {
            all.extend(mutations(first).into_iter().map(|mutated| json!([mutated])));
        }
    }
    all
}

#[test]
fn the_openapi_component_and_the_json_schema_of_every_published_type_agree_on_every_value() {
    let mut compared = 0;
    for dialect in hookspec_tests::providers() {
        let document = document(&dialect.name);
        let derived = hookspec_assembly::schemas::derive_provider(dialect).expect("the schemas derive");
        for name in &derived.published {
            let published: Value =
                serde_json::from_str(&generated(&format!("{}/schemas/{name}.json", dialect.name)))
                    .expect("JSON");
            let (openapi, standalone) = (validator(&component(&document, name)), validator(&published));
            let schema = json!({"$ref": format!("#/components/schemas/{name}")});
            let mut corpus = documented(&document, name);
            corpus.push(sample::value(&document, &schema, Fill::All));
            corpus.push(sample::value(&document, &schema, Fill::Required));
            let corpus: Vec<Value> = corpus.iter().flat_map(mutations).collect();
            let (mut accepted, mut refused) = (0, 0);
            for value in &corpus {
                let verdict = openapi.is_valid(value);
                assert_eq!(
                    verdict,
                    standalone.is_valid(value),
                    "{}: `{name}` disagrees on {value}: the OpenAPI component says {verdict}",
                    dialect.name
                );
                if verdict { accepted += 1 } else { refused += 1 }
            }
            // A type the provider leaves undocumented accepts any value, so it can refuse none.
            let accepts_anything = [Value::Null, json!("text"), json!(7), json!(true), json!([]), json!({})]
                .iter()
                .all(|value| openapi.is_valid(value));
            assert!(
                accepted > 0 && (refused > 0 || accepts_anything),
                "{}: `{name}`: {accepted} accepted, {refused} refused",
                dialect.name
            );
            compared += corpus.len();
        }
    }
    assert!(compared > 1000, "only {compared} values were compared");
}

#[test]
fn every_documented_example_of_a_published_type_is_valid_and_exercised() {
    for dialect in hookspec_tests::providers() {
        let document = document(&dialect.name);
        for name in
            hookspec_assembly::schemas::derive_provider(dialect).expect("the schemas derive").published
        {
            let published: Value =
                serde_json::from_str(&generated(&format!("{}/schemas/{name}.json", dialect.name)))
                    .expect("JSON");
            for example in documented(&document, &name) {
                let errors: Vec<String> =
                    validator(&published).iter_errors(&example).map(|error| error.to_string()).collect();
                assert!(
                    errors.is_empty(),
                    "{}: `{name}` refuses a documented example: {errors:?}",
                    dialect.name
                );
            }
        }
    }
}

#[test]
fn every_published_type_has_its_json_schema_and_nothing_else_is_published() {
    for dialect in hookspec_tests::providers() {
        let published =
            hookspec_assembly::schemas::derive_provider(dialect).expect("the schemas derive").published;
        let files: Vec<String> = hookspec_tests::published()
            .iter()
            .filter_map(|output| output.path.strip_prefix(&format!("{}/schemas/", dialect.name)))
            .filter_map(|file| file.strip_suffix(".json"))
            .map(str::to_owned)
            .collect();
        let mut expected = published.clone();
        expected.sort();
        let mut files = files;
        files.sort();
        assert_eq!(files, expected, "{}", dialect.name);
    }
}
