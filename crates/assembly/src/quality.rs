//! The quality bar every emitted document is held to, checked before anything is written.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::Problem;
use hookspec_toolkit::lookup::{self, escape};

/// Every way `document` falls short of the quality bar: operations without an operationId,
/// summary, tag, security requirement or error response, duplicate operationIds, and empty
/// strings anywhere.
pub fn check(document: &Value) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut ids = BTreeSet::new();
    let operations = lookup::operations(document).into_iter().map(|operation| (operation, false));
    let deliveries = lookup::deliveries(document).into_iter().map(|operation| (operation, true));
    for (operation, is_delivery) in operations.chain(deliveries) {
        let at = operation.pointer();
        let mut lacks = |what: &str| {
            problems.push(Problem { at: at.clone(), message: format!("the operation has no {what}") })
        };
        match operation.object["operationId"].as_str() {
            Some(id) if !ids.insert(id) => lacks("unique operationId"),
            Some(_) => {}
            None => lacks("operationId"),
        }
        if operation.object["summary"].as_str().is_none() {
            lacks("summary");
        }
        if operation.object["tags"].as_array().is_none_or(Vec::is_empty) {
            lacks("tag");
        }
        let responses: Vec<&String> = operation.object["responses"]
            .as_object()
            .map(|responses| responses.keys().collect())
            .unwrap_or_default();
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
        if lookup::security(document, operation).is_empty() {
            lacks("security requirement");
        }
        let is_error =
            |status: &&String| status.starts_with('4') || status.starts_with('5') || *status == "default";
        if !responses.iter().any(is_error) {
            lacks("error response (4XX, 5XX or default)");
        }
    }
    empty_strings(document, String::new(), &mut problems);
    problems
}

/// Keys whose values are data rather than descriptions.
const DATA: [&str; 5] = ["example", "examples", "value", "default", "enum"];

fn empty_strings(value: &Value, pointer: String, problems: &mut Vec<Problem>) {
    match value {
        Value::String(text) if text.trim().is_empty() => {
            problems.push(Problem { at: pointer, message: "empty string".to_owned() })
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

    fn messages(document: &Value) -> Vec<String> {
        check(document).into_iter().map(|problem| problem.to_string()).collect()
    }

    #[test]
    fn a_complete_operation_passes() {
        let document = json!({"security": [{"key": []}], "paths": {"/a": {"get": {
            "operationId": "a", "summary": "A", "tags": ["t"], "responses": {"200": {}, "401": {}}
        }}}});
        assert_eq!(messages(&document), Vec::<String>::new());
    }

    #[test]
    fn each_missing_part_of_an_operation_is_named() {
        let document = json!({"paths": {"/a": {"get": {"responses": {"200": {}}}}}});
        assert_eq!(
            messages(&document),
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
            messages(&document),
            ["/webhooks/event/post: the operation has no default response saying what is retried"]
        );
    }

    #[test]
    fn empty_strings_and_duplicate_ids_are_found() {
        let document = json!({"info": {"license": {"name": ""}}, "security": [{"k": []}], "paths": {"/a": {
            "get": {"operationId": "x", "summary": "A", "tags": ["t"], "responses": {"400": {}}},
            "put": {"operationId": "x", "summary": "A", "tags": ["t"], "responses": {"400": {}}}
        }}});
        assert_eq!(
            messages(&document),
            ["/paths/~1a/put: the operation has no unique operationId", "/info/license/name: empty string"]
        );
    }
}
