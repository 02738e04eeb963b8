//! Every data file of every provider folder validates against the JSON Schema of its format, which
//! `cargo xtask spec` publishes under `spec/formats/` (derived from the types that read the files),
//! and names that schema in its first line, so an editor completes and checks it.

use serde_json::Value;

/// YAML as JSON, keys as strings (`200:` is the key `"200"`, as editors read it).
fn json(yaml: &yaml_serde::Value) -> Value {
    match yaml {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(value) => Value::Bool(*value),
        yaml_serde::Value::Number(number) => serde_json::to_value(number).unwrap_or(Value::Null),
        yaml_serde::Value::String(text) => Value::String(text.clone()),
        yaml_serde::Value::Sequence(items) => Value::Array(items.iter().map(json).collect()),
        yaml_serde::Value::Mapping(members) => Value::Object(
            members
                .iter()
                .map(|(key, value)| {
                    let key = match key {
                        yaml_serde::Value::String(text) => text.clone(),
                        other => json(other).to_string(),
                    };
                    (key, json(value))
                })
                .collect(),
        ),
        yaml_serde::Value::Tagged(tagged) => json(&tagged.value),
    }
}

#[test]
fn every_data_file_validates_against_its_published_format_and_names_it() {
    let mut checked = 0;
    for (file, _) in hookspec_dialects::formats() {
        let stem = file.trim_end_matches(".yaml");
        let schema: Value =
            serde_json::from_str(&hookspec_tests::generated(&format!("formats/{stem}.json"))).expect("JSON");
        let validator =
            jsonschema::draft202012::new(&schema).unwrap_or_else(|error| panic!("{stem}: {error}"));
        for provider in hookspec_tests::providers() {
            let Some(data) = provider.folder.file(file) else { continue };
            let parsed: yaml_serde::Value = yaml_serde::from_str(data.text).expect("YAML");
            let errors: Vec<String> = validator
                .iter_errors(&json(&parsed))
                .map(|error| format!("at `{}`: {error}", error.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{} does not validate against formats/{stem}.json:\n{}",
                data.path(),
                errors.join("\n")
            );
            let named = format!("# yaml-language-server: $schema=../../../../spec/formats/{stem}.json");
            assert_eq!(
                data.text.lines().next(),
                Some(named.as_str()),
                "{}: name its schema in its first line",
                data.path()
            );
            checked += 1;
        }
    }
    assert!(checked >= 16, "{checked} data files");
}

#[test]
fn a_misspelt_field_breaks_the_format_as_it_breaks_loading() {
    let schema: Value = serde_json::from_str(&hookspec_tests::generated("formats/api.json")).expect("JSON");
    let validator = jsonschema::draft202012::new(&schema).expect("compiles");
    let text = hookspec_tests::dialect("gigapay").folder.file("api.yaml").expect("api.yaml").text;
    let good: yaml_serde::Value = yaml_serde::from_str(text).expect("YAML");
    assert!(validator.is_valid(&json(&good)));
    let bad: yaml_serde::Value =
        yaml_serde::from_str(&text.replacen("servers:", "server:", 1)).expect("YAML");
    assert!(!validator.is_valid(&json(&bad)));
}
