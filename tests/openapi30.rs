//! The OpenAPI 3.0.3 documents: lossless through the openapiv3 crate's typed model, and
//! describing the same API as the 3.1 ones.

use hookspec_tests::generated;
use serde_json::Value;

fn openapi30_of(dialect: &str) -> (String, Value) {
    let text = generated(&format!("{dialect}/openapi-3.0.yaml"));
    let value = yaml_serde::from_str(&text).unwrap_or_else(|error| panic!("{dialect}: {error}"));
    (text, value)
}

/// Every key path where two JSON values differ, for a readable failure.
fn differences(left: &Value, right: &Value, at: &str, found: &mut Vec<String>) {
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys().filter(|key| !a.contains_key(*key))) {
                let at = format!("{at}/{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => differences(x, y, &at, found),
                    (x, y) => found.push(format!("{at}: {x:?} vs {y:?}")),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                differences(x, y, &format!("{at}/{index}"), found);
            }
        }
        // A number is its value: openapiv3 reads `minimum: 0` as the float 0.0.
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a != b => found.push(format!("{at}: {a} vs {b}")),
        _ => {}
    }
}

/// Writes out the parameter, header and request body defaults OpenAPI 3.0 defines (`required:
/// false`, and `style` by location; a header's is `simple`), so a document that leaves them out
/// compares equal to one that writes them.
fn with_parameter_defaults(document: &mut Value) {
    for_each_response_header(document, &mut |header| {
        if let Some(header) = header.as_object_mut() {
            header.entry("style").or_insert(Value::String("simple".into()));
        }
    });
    fn fill(parameter: &mut Value) {
        let Some(parameter) = parameter.as_object_mut() else { return };
        if parameter.contains_key("$ref") {
            return;
        }
        parameter.entry("required").or_insert(Value::Bool(false));
        let style = match parameter.get("in").and_then(Value::as_str) {
            Some("query" | "cookie") => "form",
            _ => "simple",
        };
        parameter.entry("style").or_insert(Value::String(style.into()));
    }
    for section in ["paths", "x-webhooks"] {
        for item in document
            .get_mut(section)
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|items| items.values_mut())
        {
            for (key, value) in item.as_object_mut().into_iter().flatten() {
                if let Some(body) = value.get_mut("requestBody").and_then(Value::as_object_mut) {
                    body.entry("required").or_insert(Value::Bool(false));
                    let contents = body.get_mut("content").and_then(Value::as_object_mut);
                    for content in contents.into_iter().flat_map(|contents| contents.values_mut()) {
                        for encoding in content
                            .get_mut("encoding")
                            .and_then(Value::as_object_mut)
                            .into_iter()
                            .flat_map(|encodings| encodings.values_mut())
                            .filter_map(Value::as_object_mut)
                        {
                            // openapiv3 writes an encoding's absent `contentType` as null.
                            if encoding.get("contentType") == Some(&Value::Null) {
                                encoding.remove("contentType");
                            }
                        }
                    }
                }
                let parameters = if key == "parameters" { Some(value) } else { value.get_mut("parameters") };
                for parameter in parameters.and_then(Value::as_array_mut).into_iter().flatten() {
                    fill(parameter);
                }
            }
        }
    }
    for parameter in document
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|parameters| parameters.values_mut())
    {
        fill(parameter);
    }
}

#[test]
fn every_3_0_document_parses_into_openapiv3_without_loss() {
    for dialect in hookspec_tests::providers() {
        let (text, original) = openapi30_of(&dialect.name);
        let typed: openapiv3::OpenAPI = yaml_serde::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: openapiv3 refuses it: {error}", dialect.name));
        assert_eq!(typed.openapi, "3.0.3");
        let mut back = serde_json::to_value(&typed).expect("serialisable");
        let mut original = original;
        with_parameter_defaults(&mut original);
        with_parameter_defaults(&mut back);
        let mut found = Vec::new();
        differences(&original, &back, "", &mut found);
        assert!(found.is_empty(), "{} loses or changes:\n{}", dialect.name, found.join("\n"));
    }
}

#[test]
fn every_3_0_document_keeps_every_operation_and_delivery() {
    for dialect in hookspec_tests::providers() {
        let (_, openapi30) = openapi30_of(&dialect.name);
        let modern = hookspec_tests::document(&dialect.name);
        let ids = |document: &Value| -> Vec<String> {
            hookspec_toolkit::lookup::operations(document)
                .into_iter()
                .chain(hookspec_toolkit::lookup::deliveries(document))
                .filter_map(|operation| operation.object["operationId"].as_str().map(str::to_owned))
                .collect()
        };
        assert_eq!(ids(&openapi30), ids(&modern), "{}", dialect.name);
        assert!(
            openapi30.get("webhooks").is_none() && openapi30["x-webhooks"].is_object(),
            "{}",
            dialect.name
        );
        assert_eq!(
            openapi30["components"]["schemas"].as_object().map(|s| s.len()),
            modern["components"]["schemas"].as_object().map(|s| s.len())
        );
    }
}

#[test]
fn every_documented_example_still_validates_in_the_3_0_document() {
    // The 3.0 schemas are at least as permissive as the 3.1 ones (tuples become any-of arrays),
    // so every example embedded in the 3.1 document must validate against its 3.0 schema too,
    // read with 3.0's meaning of `nullable`.
    for dialect in hookspec_tests::providers() {
        let (_, openapi30) = openapi30_of(&dialect.name);
        let mut typed: hookspec_assembly::document::OpenApi =
            serde_json::from_value(openapi30).unwrap_or_else(|error| panic!("{}: {error}", dialect.name));
        hookspec_assembly::openapi30::for_each_schema(&mut typed, &mut read_nullable);
        let openapi30 = serde_json::to_value(&typed).expect("serialisable");
        for operation in hookspec_toolkit::lookup::operations(&openapi30) {
            let bodies = [operation.object.pointer("/requestBody/content/application~1json")]
                .into_iter()
                .chain(operation.object["responses"].as_object().into_iter().flatten().map(
                    |(_, response)| {
                        hookspec_toolkit::lookup::resolve(&openapi30, response)
                            .pointer("/content/application~1json")
                    },
                ))
                .flatten();
            for media in bodies {
                for (name, example) in media["examples"].as_object().into_iter().flatten() {
                    let verdict =
                        hookspec_toolkit::validate::validate(&openapi30, &media["schema"], &example["value"]);
                    assert_eq!(verdict, Ok(()), "{} {} example {name}", dialect.name, operation.pointer());
                }
            }
        }
    }
}

/// OpenAPI 3.0's `nullable: true` adds `null` to a schema's values; JSON Schema says it with the
/// type (and enum) itself.
fn read_nullable(schema: &mut serde_json::Map<String, Value>, _: &str) {
    if schema.shift_remove("nullable") != Some(Value::Bool(true)) {
        return;
    }
    if let Some(Value::String(kind)) = schema.get("type").cloned() {
        schema.insert("type".into(), serde_json::json!([kind, "null"]));
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

/// Calls `visit` on every header of every response of the document's operations and components.
fn for_each_response_header(document: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
    fn headers_of(response: &mut Value, visit: &mut dyn FnMut(&mut Value)) {
        for header in response
            .get_mut("headers")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|h| h.values_mut())
        {
            visit(header);
        }
    }
    for item in document
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|items| items.values_mut())
    {
        for operation in item.as_object_mut().into_iter().flat_map(|item| item.values_mut()) {
            for response in operation
                .get_mut("responses")
                .and_then(Value::as_object_mut)
                .into_iter()
                .flat_map(|r| r.values_mut())
            {
                headers_of(response, visit);
            }
        }
    }
    for response in document
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|responses| responses.values_mut())
    {
        headers_of(response, visit);
    }
}
