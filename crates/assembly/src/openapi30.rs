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
use crate::document::OpenApi;
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
pub fn convert(document: &OpenApi) -> Result<OpenApi, Vec<Problem>> {
    let mut converted = document.clone();
    let mut problems = Vec::new();
    converted.openapi = VERSION.into();
    converted.json_schema_dialect = None;
    if let Some(webhooks) = converted.webhooks.take() {
        converted.x_webhooks = Some(webhooks);
    }
    for_each_schema(&mut converted, &mut |schema, at| convert_schema(schema, at, &mut problems));
    if problems.is_empty() { Ok(converted) } else { Err(problems) }
}

/// Applies every schema rule to one schema object, whose children are already converted.
fn convert_schema(schema: &mut Map<String, Value>, at: &str, problems: &mut Vec<Problem>) {
    for keyword in UNSUPPORTED {
        if schema.contains_key(keyword) {
            problems.push(Problem::new(
                format!("{at}/{}", escape(keyword)),
                format!("`{keyword}` has no OpenAPI 3.0 form"),
            ));
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

/// Calls `visit` on every schema object of an OpenAPI document, children before parents, with
/// its JSON pointer. Only places the specification defines as schemas are visited, so example
/// values are never mistaken for schemas.
pub fn for_each_schema(document: &mut OpenApi, visit: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    for root in document.schema_roots() {
        let at = root.to_string();
        if let Some(schema) = document.schema_root_mut(&root) {
            walk_schema(schema, &at, visit);
        }
    }
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
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        for (name, child) in properties.iter_mut() {
            walk_schema(child, &format!("{at}/properties/{}", escape(name)), visit);
        }
    }
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

    /// An OpenAPI document, read from JSON.
    fn document(value: Value) -> OpenApi {
        serde_json::from_value(value).expect("a document")
    }

    /// `document` converted, as JSON.
    fn converted(document: Value) -> Result<Value, Vec<Problem>> {
        convert(&self::document(document)).map(|converted| json!(converted))
    }

    #[test]
    fn the_document_is_renamed_and_webhooks_move_to_x_webhooks() {
        let document = json!({"openapi": "3.1.0", "jsonSchemaDialect": "x", "info": {"title": "A", "version": "1.0.0"},
                              "paths": {}, "webhooks": {"e": {}}, "components": {}});
        let converted = converted(document).expect("convertible");
        assert_eq!(converted["openapi"], "3.0.3");
        assert!(converted.get("webhooks").is_none() && converted.get("jsonSchemaDialect").is_none());
        let keys: Vec<&String> = converted.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["openapi", "info", "paths", "x-webhooks", "components"]);
    }

    #[test]
    fn only_schemas_are_converted_never_example_values() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "A", "version": "1.0.0"}, "paths": {"/a": {"get": {"responses": {"200": {"content": {
            "application/json": {
                "schema": {"type": ["string", "null"]},
                "examples": {"e": {"value": {"type": ["string", "null"], "const": 1}}}
            }
        }}}}}}});
        let converted = converted(document).expect("convertible");
        let media = &converted["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(media["examples"]["e"]["value"], json!({"type": ["string", "null"], "const": 1}));
    }

    #[test]
    fn a_construct_without_a_3_0_form_is_an_error_with_its_pointer() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "A", "version": "1.0.0"}, "components": {"schemas": {"A": {
            "type": "object", "properties": {"m": {"type": "object", "propertyNames": {"pattern": "^x"}}}
        }}}});
        let problems = converted(document).expect_err("not convertible");
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["/components/schemas/A/properties/m/propertyNames: `propertyNames` has no OpenAPI 3.0 form"]
        );
    }
}
