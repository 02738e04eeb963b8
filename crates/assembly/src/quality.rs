//! The quality bar every emitted document is held to, checked before anything is written.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Problem;
use crate::document::OpenApi;
use hookspec_toolkit::lookup::escape;

/// Every way `document` falls short of the quality bar: operations without an operationId,
/// summary, tag, security requirement or error response, duplicate operationIds, and empty
/// strings anywhere (looked for in what the document writes, wherever it writes it).
pub fn check(document: &OpenApi) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let operations = document.operations().into_iter().map(|operation| (operation, false));
    let deliveries = document.deliveries().into_iter().map(|operation| (operation, true));
    for (found, is_delivery) in operations.chain(deliveries) {
        let (at, operation) = (found.at.to_string(), found.operation);
        let mut lacks =
            |what: &str| problems.push(Problem::new(at.clone(), format!("the operation has no {what}")));
        match operation.operation_id.as_deref() {
            Some(id) if !ids.insert(id) => lacks("unique operationId"),
            Some(_) => {}
            None => lacks("operationId"),
        }
        if operation.summary.is_none() {
            lacks("summary");
        }
        if operation.tags.as_ref().is_none_or(Vec::is_empty) {
            lacks("tag");
        }
        let responses: Vec<&String> = operation.responses.keys().collect();
        if is_delivery {
            // The provider calls the subscriber: what matters is what acknowledges and what is retried.
            if !responses.iter().any(|status| status.starts_with('2')) {
                lacks("acknowledging (2XX) response");
            }
            if !responses.iter().any(|status| *status == "default") {
                lacks("default response saying what is retried");
            }
            continue;
        }
        if operation.security(document).is_empty() {
            lacks("security requirement");
        }
        let is_error =
            |status: &&String| status.starts_with('4') || status.starts_with('5') || *status == "default";
        if !responses.iter().any(is_error) {
            lacks("error response (4XX, 5XX or default)");
        }
    }
    match serde_json::to_value(document) {
        Ok(written) => empty_strings(&written, String::new(), &mut problems),
        Err(error) => problems.push(Problem::new(String::new(), error.to_string())),
    }
    problems
}

/// Keys whose values are data rather than descriptions.
const DATA: [&str; 5] = ["example", "examples", "value", "default", "enum"];

fn empty_strings(value: &Value, pointer: String, problems: &mut Vec<Problem>) {
    match value {
        Value::String(text) if text.trim().is_empty() => {
            problems.push(Problem::new(pointer, "empty string".to_owned()))
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                empty_strings(item, format!("{pointer}/{index}"), problems);
            }
        }
        Value::Object(fields) => {
            // Example values, defaults and enumerations are data: an empty string there is real.
            for (key, field) in fields.iter().filter(|(key, _)| !DATA.contains(&key.as_str())) {
                empty_strings(field, format!("{pointer}/{}", escape(key)), problems);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The problems of `document`, an OpenAPI document as JSON; a title and version are added to
    /// what it leaves out.
    fn messages(mut document: Value) -> Vec<String> {
        let root = document.as_object_mut().expect("an object");
        root.entry("openapi").or_insert(json!("3.1.0"));
        root.entry("info").or_insert(json!({"title": "API", "version": "1.0.0"}));
        let document: OpenApi = serde_json::from_value(document).expect("a document");
        check(&document).into_iter().map(|problem| problem.to_string()).collect()
    }

    #[test]
    fn a_complete_operation_passes() {
        let document = json!({"security": [{"key": []}], "paths": {"/a": {"get": {
            "operationId": "a", "summary": "A", "tags": ["t"], "responses": {"200": {}, "401": {}}
        }}}});
        assert_eq!(messages(document), Vec::<String>::new());
    }

    #[test]
    fn each_missing_part_of_an_operation_is_named() {
        let document = json!({"paths": {"/a": {"get": {"responses": {"200": {}}}}}});
        assert_eq!(
            messages(document),
            [
                "/paths/~1a/get: the operation has no operationId",
                "/paths/~1a/get: the operation has no summary",
                "/paths/~1a/get: the operation has no tag",
                "/paths/~1a/get: the operation has no security requirement",
                "/paths/~1a/get: the operation has no error response (4XX, 5XX or default)",
            ]
        );
    }

    #[test]
    fn a_delivery_needs_an_acknowledgement_and_a_retry_policy() {
        let document = json!({"webhooks": {"event": {"post": {
            "operationId": "event", "summary": "E", "tags": ["d"], "responses": {"200": {}}
        }}}});
        assert_eq!(
            messages(document),
            ["/webhooks/event/post: the operation has no default response saying what is retried"]
        );
    }

    #[test]
    fn empty_strings_and_duplicate_ids_are_found() {
        let document = json!({"info": {"title": "", "version": "1.0.0"}, "security": [{"k": []}], "paths": {"/a": {
            "get": {"operationId": "x", "summary": "A", "tags": ["t"], "responses": {"400": {}}},
            "put": {"operationId": "x", "summary": "A", "tags": ["t"], "responses": {"400": {}}}
        }}});
        assert_eq!(
            messages(document),
            ["/paths/~1a/put: the operation has no unique operationId", "/info/title: empty string"]
        );
    }
}
