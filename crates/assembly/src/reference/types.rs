//! Schemas as a page shows them: a schema's type as pieces of text linked to the components it
//! names (on this page, or on the page that holds them), its fields, and its constraints in words.

use hookspec_dialects::table::Named;
use serde_json::{Value, json};

use super::builder::Builder;
use super::{constraints, markdown};
use crate::document::{SchemaAt, reference};

impl<'a> Builder<'a> {
    /// The data of a component schema's section: its name, type, description, fields, and the
    /// sources and assumptions of each.
    pub(super) fn schema(&self, name: &str, schema: &Value) -> Value {
        let at = SchemaAt::component(name);
        let pointer = at.to_string();
        json!({
            "name": name,
            "anchor": format!("schema-{name}"),
            "description": markdown(schema["description"].as_str().unwrap_or_default()),
            "type": self.type_of(schema),
            "fields": self.fields(schema, &at),
            "assumed": self.marks(&pointer),
            "sources": self.sources(&[&pointer]),
        })
    }

    /// A link to the component schema `name`: its anchor, and the page that holds it when that is
    /// not the page being built.
    fn schema_link(&self, name: &str) -> Value {
        let anchor = format!("schema-{name}");
        let mut piece = json!({"text": name, "anchor": anchor});
        if let Some(page) = self.elsewhere(name) {
            piece["page"] = Value::String(page);
        }
        piece
    }

    /// A schema's fields: each property with its type, whether it is required, its constraints,
    /// its description, the pages that document it, and the assumptions about it.
    pub(super) fn fields(&self, schema: &Value, at: &SchemaAt) -> Vec<Value> {
        let document = self.document;
        let schema = document.resolve(schema);
        let required: Vec<&str> =
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        schema["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(name, property)| {
                let at = at.property(name).to_string();
                let resolved = document.resolve(property);
                json!({
                    "name": name,
                    "type": self.type_of(property),
                    "required": required.contains(&name.as_str()),
                    "constraints": constraints(resolved),
                    "description": markdown(resolved["description"].as_str().unwrap_or_default()),
                    "sources": self.sources(&[&at]),
                    "assumed": self.marks(&at),
                })
            })
            .collect()
    }

    /// Where the schema a body refers to is (its component, for a reference), and the schema
    /// itself; `inline` is where the body's schema is.
    pub(super) fn schema_at(&self, schema: &'a Value, inline: SchemaAt) -> (SchemaAt, &'a Value) {
        match reference(schema) {
            Some(name) => (SchemaAt::component(name), self.document.resolve(schema)),
            None => (inline, schema),
        }
    }

    /// A table entry's schema as a type.
    pub(super) fn named_type(&self, schema: &Named<Value>) -> Vec<Value> {
        match schema {
            Named::Name(name) => vec![self.schema_link(name)],
            Named::Value(schema) => self.type_of(schema),
        }
    }

    /// A schema's type, as pieces of text, each a link to a component where it names one.
    pub(super) fn type_of(&self, schema: &Value) -> Vec<Value> {
        if let Some(target) = schema["$ref"].as_str() {
            let name = target.rsplit('/').next().unwrap_or(target);
            return vec![self.schema_link(name)];
        }
        let text = |text: &str| json!({"text": text});
        for keyword in ["oneOf", "anyOf", "allOf"] {
            if let Some(choices) = schema[keyword].as_array() {
                let joiner = if keyword == "allOf" { " and " } else { " or " };
                let mut pieces = Vec::new();
                // A member that only constrains (no type, no reference) narrows the others: say so
                // once, after them, rather than as a type of its own.
                let constraining = |choice: &Value| {
                    keyword == "allOf" && choice.get("$ref").is_none() && choice.get("type").is_none()
                };
                for choice in choices.iter().filter(|choice| !constraining(choice)) {
                    if !pieces.is_empty() {
                        pieces.push(text(joiner));
                    }
                    pieces.extend(self.type_of(choice));
                }
                if choices.iter().any(constraining) {
                    pieces.push(text(" (constrained)"));
                }
                return pieces;
            }
        }
        let mut pieces = Vec::new();
        let kinds: Vec<&str> = match &schema["type"] {
            Value::String(kind) => vec![kind.as_str()],
            Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
            _ if schema.get("const").is_some() => vec![hookspec_toolkit::lookup::json_type(&schema["const"])],
            _ => vec!["any"],
        };
        for (index, kind) in kinds.iter().enumerate() {
            if index > 0 {
                pieces.push(text(" or "));
            }
            match *kind {
                "array" => {
                    pieces.push(text("array of "));
                    match schema.get("prefixItems") {
                        Some(Value::Array(positions)) => {
                            pieces.push(text("["));
                            for (position, item) in positions.iter().enumerate() {
                                if position > 0 {
                                    pieces.push(text(", "));
                                }
                                pieces.extend(self.type_of(item));
                            }
                            pieces.push(text("]"));
                        }
                        _ => pieces.extend(
                            schema
                                .get("items")
                                .map_or_else(|| vec![text("any")], |items| self.type_of(items)),
                        ),
                    }
                }
                other => {
                    let format =
                        schema["format"].as_str().map(|format| format!(" ({format})")).unwrap_or_default();
                    pieces.push(text(&format!("{other}{format}")));
                }
            }
        }
        pieces
    }
}
