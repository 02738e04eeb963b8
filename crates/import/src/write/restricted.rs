//! The descriptions restricted to what `import.yaml` imports, for `cargo xtask diff`.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::find;
use crate::openapi::{self, escape, referenced};
use crate::selection::Selection;

/// The descriptions restricted to what `selection` imports, as one OpenAPI 3.1 document: the
/// selected operations, every webhook, and the components they refer to, as the descriptions give
/// them (a 3.0 description's schemas written as 3.1's), for `cargo xtask diff` to compare with the
/// published document.
pub(super) fn restricted(
    selection: &Selection,
    api: &Value,
    hooks: &Value,
    schemas: BTreeMap<String, Value>,
) -> Value {
    let mut paths = Map::new();
    for id in &selection.operations.ids {
        let Some((path, method, operation)) = find(api, id) else { continue };
        let item = paths.entry(path.clone()).or_insert_with(|| json!({}));
        if let Some(shared) = api["paths"][&path].get("parameters") {
            item["parameters"] = schemas_31(shared);
        }
        item[method] = schemas_31(operation);
    }
    let mut components = Map::new();
    components.insert("schemas".into(), json!(schemas));
    for kind in ["parameters", "responses", "headers", "examples"] {
        let mut found = Map::new();
        let mut pending = Vec::new();
        refs_of(&Value::Object(paths.clone()), kind, &mut pending);
        while let Some(name) = pending.pop() {
            if found.contains_key(&name) {
                continue;
            }
            if let Some(component) = api.pointer(&format!("/components/{kind}/{}", escape(&name))) {
                refs_of(component, kind, &mut pending);
                found.insert(name, schemas_31(component));
            }
        }
        if !found.is_empty() {
            components.insert(kind.into(), Value::Object(found));
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": format!("{} (restricted to what import.yaml imports)", hooks["info"]["title"].as_str().unwrap_or_default()),
            "version": api["info"]["version"]},
        "servers": api["servers"],
        "paths": paths,
        "webhooks": hooks["webhooks"],
        "components": components,
    })
}

/// `value` with every schema in it (a member named `schema`) written in 3.1's dialect.
fn schemas_31(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(key, member)| {
                    (key.clone(), if key == "schema" { openapi::to_31(member) } else { schemas_31(member) })
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(schemas_31).collect()),
        other => other.clone(),
    }
}

/// The components of `kind` that `value` refers to, directly.
fn refs_of(value: &Value, kind: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            if let Some(name) = referenced(value, kind) {
                found.push(name.to_owned());
            }
            members.values().for_each(|member| refs_of(member, kind, found));
        }
        Value::Array(items) => items.iter().for_each(|item| refs_of(item, kind, found)),
        _ => {}
    }
}
