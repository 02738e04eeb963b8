//! Lookups in an OpenAPI document held as JSON: operations by id, local references, component
//! references, and URL matching against servers and path templates.

use serde_json::Value;

/// Escapes one JSON Pointer reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The HTTP methods an OpenAPI path item may hold, in the order they are listed.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// An operation (or a delivery) found in the document.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    /// The document section it is in: `paths`, or `webhooks` (`x-webhooks` in 3.0) for a delivery.
    pub section: &'static str,
    /// Its path template, or its delivery's name.
    pub path: &'a str,
    /// Its method, lower case.
    pub method: &'a str,
    /// The operation object.
    pub object: &'a Value,
}

impl Found<'_> {
    /// JSON Pointer to the operation object.
    pub fn pointer(&self) -> String {
        format!("/{}/{}/{}", self.section, escape(self.path), self.method)
    }
}

/// Every operation of the API (under `paths`), in document order.
pub fn operations(document: &Value) -> Vec<Found<'_>> {
    operations_in(document, "paths")
}

/// Every delivery the provider makes (under `webhooks`, or `x-webhooks` in OpenAPI 3.0).
pub fn deliveries(document: &Value) -> Vec<Found<'_>> {
    let mut found = operations_in(document, "webhooks");
    found.extend(operations_in(document, "x-webhooks"));
    found
}

fn operations_in<'a>(document: &'a Value, section: &'static str) -> Vec<Found<'a>> {
    let Some(items) = document.get(section).and_then(Value::as_object) else {
        return Vec::new();
    };
    items
        .iter()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                item.get(*method).map(|object| Found { section, path, method, object })
            })
        })
        .collect()
}

/// The operation whose `operationId` is `id`.
pub fn operation<'a>(document: &'a Value, id: &str) -> Option<Found<'a>> {
    operations(document)
        .into_iter()
        .find(|operation| operation.object.get("operationId").and_then(Value::as_str) == Some(id))
}

/// Follows local `$ref`s (`#/components/...`), through a component that is itself a reference
/// (`LoginResult: {$ref: SessionId}`); anything else, or a reference that leads nowhere or round
/// in circles, is returned as it is.
pub fn resolve<'a>(document: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str).and_then(|target| target.strip_prefix('#')) {
            Some(pointer) => match document.pointer(pointer) {
                Some(target) => value = target,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

/// The parameters that apply to an operation: its path item's and its own, references resolved.
pub fn parameters<'a>(document: &'a Value, operation: Found<'a>) -> Vec<&'a Value> {
    parameters_at(document, operation).into_iter().map(|(_, parameter)| parameter).collect()
}

/// The parameters that apply to an operation, each with the pointer of the object that defines
/// it (a shared parameter's component, when the operation refers to one).
pub fn parameters_at<'a>(document: &'a Value, operation: Found<'a>) -> Vec<(String, &'a Value)> {
    let item_pointer = format!("/{}/{}", operation.section, escape(operation.path));
    let item = &document[operation.section][operation.path];
    [(item_pointer, item.get("parameters")), (operation.pointer(), operation.object.get("parameters"))]
        .into_iter()
        .flat_map(|(owner, list)| {
            list.and_then(Value::as_array).into_iter().flatten().enumerate().map(move |(index, parameter)| {
                match parameter.get("$ref").and_then(Value::as_str) {
                    Some(target) => (target.trim_start_matches('#').to_owned(), resolve(document, parameter)),
                    None => (format!("{owner}/parameters/{index}"), parameter),
                }
            })
        })
        .collect()
}

/// The parameter of an operation in `location` named `name` (header names ignore case), with the
/// pointer of the object that defines it.
pub fn parameter<'a>(
    document: &'a Value,
    operation: Found<'a>,
    location: &str,
    name: &str,
) -> Option<(String, &'a Value)> {
    parameters_at(document, operation).into_iter().find(|(_, parameter)| {
        parameter["in"].as_str() == Some(location)
            && parameter["name"].as_str().is_some_and(|found| {
                if location == "header" { found.eq_ignore_ascii_case(name) } else { found == name }
            })
    })
}

/// The operation or delivery at `pointer` (`/paths/<path>/<method>` or `/webhooks/<name>/post`).
pub fn operation_at<'a>(document: &'a Value, pointer: &str) -> Option<Found<'a>> {
    operations(document)
        .into_iter()
        .chain(deliveries(document))
        .find(|operation| operation.pointer() == pointer)
}

/// The node at `pointer`, following a local reference found there once, with the pointer of the
/// node it ends at.
pub fn resolve_pointer<'a>(document: &'a Value, pointer: &str) -> (String, Option<&'a Value>) {
    match document.pointer(pointer) {
        Some(node) => {
            match node.get("$ref").and_then(Value::as_str).and_then(|target| target.strip_prefix('#')) {
                Some(target) => (target.to_owned(), document.pointer(target)),
                None => (pointer.to_owned(), Some(node)),
            }
        }
        None => (pointer.to_owned(), None),
    }
}

/// The security requirements that apply to an operation: its own, else the document's.
pub fn security<'a>(document: &'a Value, operation: Found<'a>) -> &'a [Value] {
    operation
        .object
        .get("security")
        .or_else(|| document.get("security"))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The servers' URLs.
pub fn servers(document: &Value) -> Vec<&str> {
    document
        .get("servers")
        .and_then(Value::as_array)
        .map(|servers| servers.iter().filter_map(|server| server["url"].as_str()).collect())
        .unwrap_or_default()
}

/// Matches `url` against `template`, segment by segment. A template segment `{name}` matches any
/// non-empty segment; a URL segment `:name` (a documentation placeholder) matches only a
/// template variable. Returns the variables' values, or `None` when the URL does not match.
pub fn match_template(template: &str, url: &str) -> Option<Vec<(String, String)>> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let template: Vec<&str> = template.split('/').collect();
    let url: Vec<&str> = url.split('/').collect();
    if template.len() != url.len() {
        return None;
    }
    let mut variables = Vec::new();
    for (expected, actual) in template.iter().zip(&url) {
        match expected.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(name) if !actual.is_empty() => variables.push((name.to_owned(), (*actual).to_owned())),
            Some(_) => return None,
            None if actual.starts_with(':') || expected != actual => return None,
            None => {}
        }
    }
    Some(variables)
}

/// Where a URL leads in the document: the first server and path template that match it.
pub fn route<'a>(document: &'a Value, url: &str) -> Option<(&'a str, Vec<(String, String)>)> {
    let paths = document.get("paths").and_then(Value::as_object)?;
    servers(document).into_iter().find_map(|server| {
        paths.keys().find_map(|path| {
            match_template(&format!("{server}{path}"), url).map(|variables| (path.as_str(), variables))
        })
    })
}

/// The JSON Schema type of `value`: the type a `const` implies.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The prefix of a reference to a component schema.
pub const COMPONENT_REF: &str = "#/components/schemas/";

/// The names of the component schemas `schema` refers to, in the order they appear.
pub fn references(schema: &Value, found: &mut Vec<String>) {
    match schema {
        Value::Object(object) => {
            for (key, value) in object {
                match (key.as_str(), value.as_str().and_then(|target| target.strip_prefix(COMPONENT_REF))) {
                    ("$ref", Some(name)) => found.push(name.to_owned()),
                    _ => references(value, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// The alternatives of a `oneOf`/`anyOf` schema, references resolved; the schema itself otherwise.
pub fn alternatives<'a>(document: &'a Value, schema: &'a Value) -> Vec<&'a Value> {
    let schema = resolve(document, schema);
    match schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        Some(list) => list.iter().map(|alternative| resolve(document, alternative)).collect(),
        None => vec![schema],
    }
}

/// The schema of a value that fits any of `schemas`: `{}` for none, the one schema for one, an
/// `anyOf` of the distinct ones otherwise. What a tool that reads no `prefixItems` sees of a
/// tuple's positions.
pub fn any_of(schemas: impl IntoIterator<Item = Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::new();
    for schema in schemas {
        if !distinct.contains(&schema) {
            distinct.push(schema);
        }
    }
    match distinct.len() {
        0 => serde_json::json!({}),
        1 => distinct.swap_remove(0),
        _ => serde_json::json!({ "anyOf": distinct }),
    }
}

/// The media type of a request body or response (`holder`, with its `content`) and its entry: the
/// first the document lists (hookspec's documents give one a body), `application/json` when it
/// has none.
pub fn media(holder: &Value) -> (&str, &Value) {
    holder["content"]
        .as_object()
        .and_then(|content| content.iter().next())
        .map_or(("application/json", &Value::Null), |(media, entry)| (media.as_str(), entry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_variable_matches_a_value_or_a_placeholder() {
        let template = "https://api.example.com/v2/webhooks/{id}/";
        let expected = Some(vec![("id".to_owned(), "42".to_owned())]);
        assert_eq!(match_template(template, "https://api.example.com/v2/webhooks/42/"), expected);
        assert!(match_template(template, "https://api.example.com/v2/webhooks/:id/").is_some());
        assert_eq!(match_template(template, "https://api.example.com/v2/webhooks/"), None);
        assert_eq!(match_template(template, "https://api.example.com/v2/webhooks//"), None);
    }

    #[test]
    fn a_placeholder_does_not_match_a_literal_segment() {
        assert_eq!(match_template("https://a/webhooks/", "https://a/:webhooks/"), None);
    }

    #[test]
    fn the_query_string_is_ignored() {
        assert!(match_template("https://a/webhooks/", "https://a/webhooks/?page=2").is_some());
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape("/webhooks/{id}/"), "~1webhooks~1{id}~1");
        assert_eq!(escape("a~b"), "a~0b");
    }
}
