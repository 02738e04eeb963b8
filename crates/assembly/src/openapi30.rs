//! Down-conversion of an OpenAPI 3.1 document to OpenAPI 3.0.3, for generators that read 3.0
//! only (progenitor, the openapiv3 crate, older openapi-generator versions).
//!
//! One generic transformation, the same for every dialect. Document-level rules rename or drop
//! 3.1-only fields; schema rules run on every schema object, children first, each a small
//! function. A construct with no faithful 3.0 form is either a documented approximation (the
//! rule says what is lost) or an error naming the JSON pointer; nothing is dropped silently.
//!
//! | 3.1 | 3.0.3 | lost |
//! | --- | --- | --- |
//! | `openapi: 3.1.x` | `openapi: 3.0.3` | |
//! | `webhooks` | `x-webhooks` (as GitHub and Redocly publish it) | |
//! | `jsonSchemaDialect` | removed | nothing hookspec uses |
//! | `type: [T, "null"]` | `type: T`, `nullable: true` | |
//! | `type: [T, U, ...]` | `anyOf` of one schema per type (`nullable` on each with `null`) | |
//! | `type: "null"` | `type: string`, `nullable: true`, `enum: [null]` | |
//! | `const: v` | `enum: [v]`, with the `type` `v` implies where none is given | |
//! | `examples: [a, ...]` in a schema | `example: a` | the other examples |
//! | `exclusiveMinimum: n` | `minimum: n`, `exclusiveMinimum: true` (same for maximum) | |
//! | `prefixItems` (a tuple) | `items: {anyOf: [...]}` with `minItems`/`maxItems`; the tuple kept in `x-prefixItems` | the type of each position |
//! | `items: false` beside `prefixItems` | removed (`maxItems` bounds the length) | |
//! | `items: false` alone (only the empty array) | `items: {}`, `maxItems: 0` | |
//! | an array without `items` (3.0 requires it) | `items: {}` | |
//! | `$ref` with sibling keywords | `allOf: [{$ref}]` with the siblings | |
//! | `if`/`then`/`else`, `dependentSchemas`, `dependentRequired`, `unevaluatedItems`, `unevaluatedProperties`, `patternProperties`, `propertyNames`, `contains`, `$defs`, `$id`, `$anchor`, `$dynamicRef`, `contentSchema` | error | |

use serde_json::{Map, Value, json};

use crate::Problem;
use hookspec_toolkit::lookup::escape;

/// The OpenAPI version written.
pub const VERSION: &str = "3.0.3";

/// Keywords of JSON Schema 2020-12 that OpenAPI 3.0 has no form for.
const UNSUPPORTED: [&str; 14] = [
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedItems",
    "unevaluatedProperties",
    "patternProperties",
    "propertyNames",
    "contains",
    "$defs",
    "$id",
    "$anchor",
    "$dynamicRef",
];

/// `document` (OpenAPI 3.1) as OpenAPI 3.0.3, or every construct that has no 3.0 form.
pub fn convert(document: &Value) -> Result<Value, Vec<Problem>> {
    let mut converted = document.clone();
    let mut problems = Vec::new();
    if let Some(root) = converted.as_object_mut() {
        root.insert("openapi".into(), json!(VERSION));
        root.shift_remove("jsonSchemaDialect");
        if let Some(webhooks) = root.shift_remove("webhooks") {
            insert_after(root, "paths", "x-webhooks", webhooks);
        }
    }
    for_each_schema(&mut converted, &mut |schema, at| convert_schema(schema, at, &mut problems));
    if problems.is_empty() { Ok(converted) } else { Err(problems) }
}

/// Applies every schema rule to one schema object, whose children are already converted.
fn convert_schema(schema: &mut Map<String, Value>, at: &str, problems: &mut Vec<Problem>) {
    for keyword in UNSUPPORTED {
        if schema.contains_key(keyword) {
            problems.push(Problem {
                at: format!("{at}/{}", escape(keyword)),
                message: format!("`{keyword}` has no OpenAPI 3.0 form"),
            });
        }
    }
    wrap_ref_with_siblings(schema);
    type_array(schema);
    null_type(schema);
    const_to_enum(schema);
    examples_to_example(schema);
    exclusive_bounds(schema);
    tuple(schema);
    boolean_items(schema);
}

/// `$ref` ignores its siblings in 3.0: `{$ref, description}` becomes `{allOf: [{$ref}], description}`.
fn wrap_ref_with_siblings(schema: &mut Map<String, Value>) {
    if schema.len() > 1
        && let Some(reference) = schema.shift_remove("$ref")
    {
        schema.insert("allOf".into(), json!([{ "$ref": reference }]));
    }
}

/// `type: [T, "null"]` becomes `type: T, nullable: true`; several non-null types become an
/// `anyOf` of one schema per type.
fn type_array(schema: &mut Map<String, Value>) {
    let Some(Value::Array(types)) = schema.get("type").cloned() else { return };
    let nullable = types.iter().any(|kind| kind == "null");
    let others: Vec<Value> = types.into_iter().filter(|kind| kind != "null").collect();
    match others.as_slice() {
        [] => {
            schema.insert("type".into(), json!("null"));
        }
        [single] => {
            schema.insert("type".into(), single.clone());
            if nullable {
                schema.insert("nullable".into(), json!(true));
            }
        }
        several => {
            schema.shift_remove("type");
            let alternatives: Vec<Value> =
                several
                    .iter()
                    .map(|kind| {
                        if nullable { json!({"type": kind, "nullable": true}) } else { json!({"type": kind}) }
                    })
                    .collect();
            schema.insert("anyOf".into(), Value::Array(alternatives));
        }
    }
}

/// `type: "null"` has no 3.0 form: a nullable type restricted to `null` is the same set of values.
fn null_type(schema: &mut Map<String, Value>) {
    if schema.get("type").is_some_and(|kind| kind == "null") {
        schema.insert("type".into(), json!("string"));
        schema.insert("nullable".into(), json!(true));
        schema.insert("enum".into(), json!([null]));
    }
}

/// `const: v` becomes `enum: [v]`, with the `type` that `v` implies where none is given (3.0
/// generators read an untyped `enum` as one of strings).
fn const_to_enum(schema: &mut Map<String, Value>) {
    if let Some(value) = schema.shift_remove("const") {
        let implied = hookspec_toolkit::lookup::json_type(&value);
        if !schema.contains_key("type") && implied != "null" {
            schema.insert("type".into(), json!(implied));
        }
        schema.insert("enum".into(), json!([value]));
    }
}

/// A schema's `examples` list becomes its single `example` (the first); the rest are lost.
fn examples_to_example(schema: &mut Map<String, Value>) {
    if let Some(Value::Array(mut examples)) = schema.shift_remove("examples")
        && !examples.is_empty()
    {
        schema.insert("example".into(), examples.swap_remove(0));
    }
}

/// Numeric `exclusiveMinimum`/`exclusiveMaximum` become a bound with a boolean flag.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = schema.get(exclusive).filter(|value| value.is_number()).cloned() {
            schema.insert(bound.into(), limit);
            schema.insert(exclusive.into(), json!(true));
        }
    }
}

/// A tuple (`prefixItems`) becomes an array whose items are any of the positions' schemas, its
/// length bounds kept; the exact tuple stays in `x-prefixItems`. What is lost: which schema
/// applies at which position.
fn tuple(schema: &mut Map<String, Value>) {
    let Some(Value::Array(positions)) = schema.shift_remove("prefixItems") else { return };
    let rest = schema.shift_remove("items");
    if rest == Some(Value::Bool(false)) && !schema.contains_key("maxItems") {
        schema.insert("maxItems".into(), json!(positions.len()));
    }
    // `items` beyond the positions applies to nothing when `maxItems` allows no more.
    let bounded =
        schema.get("maxItems").and_then(Value::as_u64).is_some_and(|max| max <= positions.len() as u64);
    let rest = rest.filter(|rest| rest.is_object() && !bounded);
    let items = hookspec_toolkit::lookup::any_of(positions.iter().chain(rest.as_ref()).cloned());
    schema.insert("items".into(), items);
    schema.insert("x-prefixItems".into(), Value::Array(positions));
}

/// 3.0 has no boolean schemas and requires `items` on an array: `items: false` (only the empty
/// array) becomes `items: {}` with `maxItems: 0`, `items: true` or no `items` becomes `items: {}`.
fn boolean_items(schema: &mut Map<String, Value>) {
    match schema.get("items") {
        Some(Value::Bool(false)) => {
            schema.insert("items".into(), json!({}));
            schema.insert("maxItems".into(), json!(0));
        }
        Some(Value::Bool(true)) => {
            schema.insert("items".into(), json!({}));
        }
        None if schema.get("type").is_some_and(|kind| kind == "array") => {
            schema.insert("items".into(), json!({}));
        }
        _ => {}
    }
}

/// Inserts `key` right after `after`, keeping the order of the other keys.
fn insert_after(object: &mut Map<String, Value>, after: &str, key: &str, value: Value) {
    let entries: Vec<(String, Value)> = std::mem::take(object).into_iter().collect();
    let mut placed = false;
    for (name, entry) in entries {
        let is_anchor = name == after;
        object.insert(name, entry);
        if is_anchor {
            object.insert(key.into(), value.clone());
            placed = true;
        }
    }
    if !placed {
        object.insert(key.into(), value);
    }
}

/// Calls `visit` on every schema object of an OpenAPI document, children before parents, with
/// its JSON pointer. Only places the specification defines as schemas are visited, so example
/// values are never mistaken for schemas.
pub fn for_each_schema(document: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(root) = document.as_object_mut() else { return };
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        for_each_member(components.get_mut("schemas"), "/components/schemas", &mut |schema, at| {
            walk_schema(schema, at, visit)
        });
        for_each_member(components.get_mut("parameters"), "/components/parameters", &mut |parameter, at| {
            walk_holder(parameter, at, visit)
        });
        for_each_member(components.get_mut("responses"), "/components/responses", &mut |response, at| {
            walk_response(response, at, visit)
        });
    }
    for section in ["paths", "webhooks", "x-webhooks"] {
        for_each_member(root.get_mut(section), &format!("/{section}"), &mut |item, at| {
            let Some(item) = item.as_object_mut() else { return };
            for (key, value) in item.iter_mut() {
                let at = format!("{at}/{}", escape(key));
                if key == "parameters" {
                    walk_parameters(value, &at, visit);
                } else if hookspec_toolkit::lookup::METHODS.contains(&key.as_str()) {
                    walk_operation(value, &at, visit);
                }
            }
        });
    }
}

fn for_each_member(container: Option<&mut Value>, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    if let Some(members) = container.and_then(Value::as_object_mut) {
        for (name, member) in members.iter_mut() {
            visit(member, &format!("{at}/{}", escape(name)));
        }
    }
}

fn walk_operation(operation: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(operation) = operation.as_object_mut() else { return };
    if let Some(parameters) = operation.get_mut("parameters") {
        walk_parameters(parameters, &format!("{at}/parameters"), visit);
    }
    if let Some(body) = operation.get_mut("requestBody") {
        walk_content(body, &format!("{at}/requestBody"), visit);
    }
    for_each_member(operation.get_mut("responses"), &format!("{at}/responses"), &mut |response, at| {
        walk_response(response, at, visit)
    });
}

fn walk_parameters(parameters: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    if let Some(list) = parameters.as_array_mut() {
        for (index, parameter) in list.iter_mut().enumerate() {
            walk_holder(parameter, &format!("{at}/{index}"), visit);
        }
    }
}

fn walk_response(response: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    walk_content(response, at, visit);
    if let Some(response) = response.as_object_mut() {
        for_each_member(response.get_mut("headers"), &format!("{at}/headers"), &mut |header, at| {
            walk_holder(header, at, visit)
        });
    }
}

/// A parameter or header: its `schema`.
fn walk_holder(holder: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    if let Some(schema) = holder.get_mut("schema") {
        walk_schema(schema, &format!("{at}/schema"), visit);
    }
}

/// A request body or response: the `schema` of each media type.
fn walk_content(holder: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    for_each_member(holder.get_mut("content"), &format!("{at}/content"), &mut |media, at| {
        walk_holder(media, at, visit)
    });
}

fn walk_schema(schema: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(object) = schema.as_object_mut() else { return };
    for keyword in ["items", "additionalProperties", "not"] {
        if let Some(child) = object.get_mut(keyword) {
            walk_schema(child, &format!("{at}/{keyword}"), visit);
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(Value::Array(children)) = object.get_mut(keyword) {
            for (index, child) in children.iter_mut().enumerate() {
                walk_schema(child, &format!("{at}/{keyword}/{index}"), visit);
            }
        }
    }
    for_each_member(object.get_mut("properties"), &format!("{at}/properties"), &mut |child, at| {
        walk_schema(child, at, visit)
    });
    visit(object, at);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(apply: fn(&mut Map<String, Value>), schema: Value) -> Value {
        let mut schema = schema.as_object().cloned().unwrap_or_default();
        apply(&mut schema);
        Value::Object(schema)
    }

    #[test]
    fn a_nullable_type_array_becomes_nullable() {
        assert_eq!(
            rule(type_array, json!({"type": ["string", "null"]})),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(rule(type_array, json!({"type": ["integer"]})), json!({"type": "integer"}));
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            rule(type_array, json!({"type": ["string", "integer", "null"], "description": "id"})),
            json!({"description": "id", "anyOf": [
                {"type": "string", "nullable": true}, {"type": "integer", "nullable": true}
            ]})
        );
    }

    #[test]
    fn the_null_type_becomes_a_nullable_enum_of_null() {
        assert_eq!(
            rule(null_type, json!({"type": "null"})),
            json!({"type": "string", "nullable": true, "enum": [null]})
        );
    }

    #[test]
    fn const_becomes_a_single_value_enum() {
        assert_eq!(rule(const_to_enum, json!({"const": "2.0"})), json!({"type": "string", "enum": ["2.0"]}));
        assert_eq!(
            rule(const_to_enum, json!({"type": ["boolean", "null"], "const": true})),
            json!({"type": ["boolean", "null"], "enum": [true]})
        );
    }

    #[test]
    fn examples_become_the_first_example() {
        assert_eq!(rule(examples_to_example, json!({"examples": ["a", "b"]})), json!({"example": "a"}));
        assert_eq!(rule(examples_to_example, json!({"examples": []})), json!({}));
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        assert_eq!(
            rule(exclusive_bounds, json!({"exclusiveMinimum": 0, "exclusiveMaximum": 10})),
            json!({"exclusiveMinimum": true, "minimum": 0, "exclusiveMaximum": true, "maximum": 10})
        );
        assert_eq!(
            rule(exclusive_bounds, json!({"exclusiveMinimum": true})),
            json!({"exclusiveMinimum": true})
        );
    }

    #[test]
    fn a_tuple_becomes_items_of_any_position_and_keeps_the_tuple() {
        let converted = rule(
            tuple,
            json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}, {"type": "string"}],
                   "items": false, "minItems": 3, "maxItems": 3}),
        );
        assert_eq!(
            converted,
            json!({"type": "array", "minItems": 3, "maxItems": 3,
                   "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                   "x-prefixItems": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]})
        );
        assert_eq!(rule(tuple, json!({"prefixItems": []}))["items"], json!({}));
    }

    #[test]
    fn boolean_items_become_schemas_with_the_same_meaning() {
        assert_eq!(
            rule(boolean_items, json!({"type": "array", "items": false})),
            json!({"type": "array", "items": {}, "maxItems": 0})
        );
        assert_eq!(rule(boolean_items, json!({"type": "array"})), json!({"type": "array", "items": {}}));
        assert_eq!(rule(boolean_items, json!({"items": true})), json!({"items": {}}));
    }

    #[test]
    fn a_tuple_with_further_items_admits_them_too() {
        let converted =
            rule(tuple, json!({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}));
        assert_eq!(converted["items"], json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
        assert!(converted.get("maxItems").is_none());
    }

    #[test]
    fn a_ref_with_siblings_is_wrapped_in_all_of() {
        assert_eq!(
            rule(wrap_ref_with_siblings, json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(rule(wrap_ref_with_siblings, json!({"$ref": "#/x"})), json!({"$ref": "#/x"}));
    }

    #[test]
    fn the_document_is_renamed_and_webhooks_move_to_x_webhooks() {
        let document = json!({"openapi": "3.1.0", "jsonSchemaDialect": "x", "info": {}, "paths": {}, "webhooks": {"e": {}}, "components": {}});
        let converted = convert(&document).expect("convertible");
        assert_eq!(converted["openapi"], "3.0.3");
        assert!(converted.get("webhooks").is_none() && converted.get("jsonSchemaDialect").is_none());
        let keys: Vec<&String> = converted.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["openapi", "info", "paths", "x-webhooks", "components"]);
    }

    #[test]
    fn only_schemas_are_converted_never_example_values() {
        let document = json!({"openapi": "3.1.0", "paths": {"/a": {"get": {"responses": {"200": {"content": {
            "application/json": {
                "schema": {"type": ["string", "null"]},
                "examples": {"e": {"value": {"type": ["string", "null"], "const": 1}}}
            }
        }}}}}}});
        let converted = convert(&document).expect("convertible");
        let media = &converted["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(media["examples"]["e"]["value"], json!({"type": ["string", "null"], "const": 1}));
    }

    #[test]
    fn a_construct_without_a_3_0_form_is_an_error_with_its_pointer() {
        let document = json!({"openapi": "3.1.0", "components": {"schemas": {"A": {
            "type": "object", "properties": {"m": {"type": "object", "propertyNames": {"pattern": "^x"}}}
        }}}});
        let problems = convert(&document).expect_err("not convertible");
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["/components/schemas/A/properties/m/propertyNames: `propertyNames` has no OpenAPI 3.0 form"]
        );
    }
}
