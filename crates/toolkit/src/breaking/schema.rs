//! The schema rules of the breaking-change report: how a change to one schema affects the party
//! that writes it and the party that reads it.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::{Comparison, Flow, Party, Severity, members};
use crate::lookup::{escape, resolve};

impl<'a> Comparison<'a> {
    /// Compares two schemas at `pointer`, judged for `party`, which `flow`s them.
    pub(super) fn schema(&mut self, pointer: &str, party: Party, flow: Flow, old: &'a Value, new: &'a Value) {
        let (old_ref, new_ref) = (reference(old), reference(new));
        if let (Some(old_ref), Some(new_ref)) = (old_ref, new_ref)
            && !self.seen.insert((old_ref, new_ref, party, flow))
        {
            return;
        }
        // Changes inside a component both sides use are reported where it is defined; where the
        // use now names another component (or an inline schema), where it is used.
        let pointer = match (old_ref, new_ref) {
            (Some(old_ref), Some(new_ref)) if old_ref == new_ref => {
                new_ref.strip_prefix('#').unwrap_or(pointer)
            }
            _ => pointer,
        }
        .to_owned();
        let pointer = pointer.as_str();
        // No shortcut on equal schemas: a `$ref` inside may point at a changed component.
        let (old, new) = (resolve(self.old, old), resolve(self.new, new));
        let at = |keyword: &str| format!("{pointer}/{keyword}");
        let writes = flow == Flow::Writes;
        let side = if writes { "accepted" } else { "sent" };

        // Types, `nullable` (3.0) folded in.
        let (old_types, new_types) = (types(old), types(new));
        if let (Some(old_types), Some(new_types)) = (&old_types, &new_types) {
            for removed in old_types.difference(new_types) {
                let why = format!("type {removed} no longer {side}");
                self.judge(&at("type"), party, "type-removed", writes, why);
            }
            for added in new_types.difference(old_types) {
                self.judge(&at("type"), party, "type-added", !writes, format!("type {added} now {side}"));
            }
        } else if old_types.is_some() != new_types.is_some() {
            // A type given where there was none narrows; a type dropped widens.
            let narrowed = new_types.is_some();
            let (kind, why) = if narrowed {
                ("type-constrained", "type now constrained")
            } else {
                ("type-unconstrained", "type no longer constrained")
            };
            self.judge(&at("type"), party, kind, narrowed == writes, why.into());
        }

        // Enumerations (`const` is a one-value enum). A value added where the party reads breaks
        // only the readers that match every value they know: a warning.
        let (old_values, new_values) = (values(old), values(new));
        match (old_values, new_values) {
            (Some(old_values), Some(new_values)) => {
                for removed in old_values.iter().filter(|value| !new_values.contains(value)) {
                    let why = format!("value {removed} no longer {side}");
                    self.judge(&at("enum"), party, "enum-value-removed", writes, why);
                }
                for added in new_values.iter().filter(|value| !old_values.contains(value)) {
                    let severity = if writes { Severity::Info } else { Severity::Warning };
                    let why = format!("value {added} now {side}");
                    self.push(&at("enum"), party, "enum-value-added", severity, why);
                }
            }
            (None, Some(_)) => {
                let why = "values now limited to an enumeration".into();
                self.judge(&at("enum"), party, "enum-added", writes, why)
            }
            (Some(_), None) => {
                let why = "values no longer limited to an enumeration".into();
                self.judge(&at("enum"), party, "enum-removed", !writes, why)
            }
            (None, None) => {}
        }

        // Formats and patterns: any other value narrows and widens at once.
        for (keyword, added, removed, changed) in [
            ("format", "format-added", "format-removed", "format-changed"),
            ("pattern", "pattern-added", "pattern-removed", "pattern-changed"),
        ] {
            match (old.get(keyword), new.get(keyword)) {
                (old_value, new_value) if old_value == new_value => {}
                (None, Some(value)) => {
                    self.judge(&at(keyword), party, added, writes, format!("{keyword} {value} added"))
                }
                (Some(value), None) => {
                    self.judge(&at(keyword), party, removed, !writes, format!("{keyword} {value} removed"))
                }
                (Some(old_value), Some(new_value)) => {
                    let why = format!("{keyword} {old_value} -> {new_value}");
                    self.push(&at(keyword), party, changed, Severity::Breaking, why)
                }
                (None, None) => {}
            }
        }

        // Bounds: a tightened bound narrows, a loosened one widens.
        for (keyword, lower) in [
            ("minimum", true),
            ("exclusiveMinimum", true),
            ("minLength", true),
            ("minItems", true),
            ("minProperties", true),
            ("maximum", false),
            ("exclusiveMaximum", false),
            ("maxLength", false),
            ("maxItems", false),
            ("maxProperties", false),
        ] {
            let (old_bound, new_bound) =
                (old.get(keyword).and_then(Value::as_f64), new.get(keyword).and_then(Value::as_f64));
            let tightened = match (old_bound, new_bound) {
                (old_bound, new_bound) if old_bound == new_bound => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(old_bound), Some(new_bound)) => (new_bound > old_bound) == lower,
                (None, None) => continue,
            };
            let why = format!("{keyword} {} -> {}", bound(old.get(keyword)), bound(new.get(keyword)));
            let kind = if tightened { "bound-tightened" } else { "bound-loosened" };
            self.judge(&at(keyword), party, kind, tightened == writes, why);
        }

        // A default where the party writes: who leaves the value out gets another one.
        if writes && old.get("default") != new.get("default") {
            let why = format!(
                "default {} -> {}: writers that leave it out get another value",
                bound(old.get("default")),
                bound(new.get("default"))
            );
            self.push(&at("default"), party, "default-changed", Severity::Warning, why);
        }
        self.deprecation(pointer, party, "schema", old, new);
        self.examples(pointer, party, old, new);

        // Object members.
        let required = |schema: &'a Value| -> BTreeSet<&'a str> {
            schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect()
        };
        let (old_required, new_required) = (required(old), required(new));
        for name in new_required.difference(&old_required) {
            let why = format!("property `{name}` became required");
            self.judge(&at("required"), party, "property-required", writes, why);
        }
        let (old_properties, new_properties) = (members(old, "properties"), members(new, "properties"));
        // A required property removed is one change, reported where the property was.
        let removed = |name: &str| old_properties.contains_key(name) && !new_properties.contains_key(name);
        for name in old_required.difference(&new_required).filter(|name| !removed(name)) {
            let why = format!("property `{name}` is no longer required");
            self.judge(&at("required"), party, "property-optional", !writes, why);
        }
        for (name, old_property) in old_properties {
            let at = format!("{pointer}/properties/{}", escape(name));
            match new_properties.get(name) {
                None => {
                    // A reader may rely on a required property; an optional one it must already
                    // do without, so losing it breaks only the readers that use it when present.
                    let (severity, why) = match flow {
                        Flow::Writes => (
                            Severity::Breaking,
                            format!(
                                "property `{name}` removed: what clients send there is no longer described"
                            ),
                        ),
                        Flow::Reads if old_required.contains(name.as_str()) => (
                            Severity::Breaking,
                            format!("property `{name}` removed: readers relying on it find nothing"),
                        ),
                        Flow::Reads => (
                            Severity::Warning,
                            format!(
                                "optional property `{name}` removed: readers that use it when present lose it"
                            ),
                        ),
                    };
                    self.push(&at, party, "property-removed", severity, why)
                }
                Some(new_property) => self.schema(&at, party, flow, old_property, new_property),
            }
        }
        for name in new_properties.keys().filter(|name| !old_properties.contains_key(*name)) {
            let at = format!("{pointer}/properties/{}", escape(name));
            self.push(&at, party, "property-added", Severity::Info, format!("property `{name}` added"));
        }
        let closed = |schema: &Value| schema.get("additionalProperties") == Some(&Value::Bool(false));
        match (closed(old), closed(new)) {
            (false, true) => {
                let why = "other properties no longer accepted".into();
                self.judge(&at("additionalProperties"), party, "additional-properties-closed", writes, why)
            }
            (true, false) => {
                let why = "other properties now allowed".into();
                self.judge(&at("additionalProperties"), party, "additional-properties-opened", !writes, why)
            }
            _ => {}
        }

        // Array items and tuples.
        for keyword in ["items", "additionalProperties"] {
            if let (Some(old_items), Some(new_items)) = (old.get(keyword), new.get(keyword))
                && old_items.is_object()
                && new_items.is_object()
            {
                self.schema(&at(keyword), party, flow, old_items, new_items);
            }
        }
        let prefix = |schema: &'a Value| schema["prefixItems"].as_array().map_or(&[][..], Vec::as_slice);
        for (index, (old_item, new_item)) in prefix(old).iter().zip(prefix(new)).enumerate() {
            self.schema(&format!("{pointer}/prefixItems/{index}"), party, flow, old_item, new_item);
        }

        // Choices: branches matched by their reference, or by position.
        for keyword in ["oneOf", "anyOf", "allOf"] {
            let (old_branches, new_branches) = (branches(old, keyword), branches(new, keyword));
            if old_branches.is_empty() && new_branches.is_empty() {
                continue;
            }
            let key = |branch: &Value, index: usize| {
                reference(branch).map_or_else(|| format!("#{index}"), str::to_owned)
            };
            let old_keys: Vec<String> =
                old_branches.iter().enumerate().map(|(index, branch)| key(branch, index)).collect();
            let new_keys: Vec<String> =
                new_branches.iter().enumerate().map(|(index, branch)| key(branch, index)).collect();
            // In `allOf` every branch constrains: one removed widens, one added narrows.
            let narrows_when_added = keyword == "allOf";
            // Branches matched by key; those left over on both sides are paired in order (an
            // inline branch that became a reference, or one reference renamed), and compared.
            let mut pairs: Vec<(usize, usize)> = Vec::new();
            let mut removed: Vec<usize> = Vec::new();
            for (index, old_key) in old_keys.iter().enumerate() {
                match new_keys.iter().position(|candidate| candidate == old_key) {
                    Some(new_index) => pairs.push((index, new_index)),
                    None => removed.push(index),
                }
            }
            let mut added: Vec<usize> =
                (0..new_keys.len()).filter(|index| !old_keys.contains(&new_keys[*index])).collect();
            let leftover = removed.len().min(added.len());
            pairs.extend(removed.drain(..leftover).zip(added.drain(..leftover)));
            for (index, new_index) in pairs {
                let at = format!("{pointer}/{keyword}/{new_index}");
                self.schema(&at, party, flow, &old_branches[index], &new_branches[new_index]);
            }
            for index in removed {
                let at = format!("{pointer}/{keyword}/{index}");
                let breaking = if narrows_when_added { !writes } else { writes };
                let why = format!("{keyword} branch {} removed", old_keys[index]);
                self.judge(&at, party, "branch-removed", breaking, why);
            }
            for index in added {
                let at = format!("{pointer}/{keyword}/{index}");
                let breaking = if narrows_when_added { writes } else { !writes };
                let why = format!("{keyword} branch {} added", new_keys[index]);
                self.judge(&at, party, "branch-added", breaking, why);
            }
        }
    }
}

/// The target of a `$ref`, if `schema` is one.
fn reference(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str)
}

/// A schema or object without the members that only document it.
pub(super) fn strip_docs(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "description" | "summary" | "title" | "example" | "examples")
                        && !key.starts_with("x-hookspec-assumed")
                })
                .map(|(key, value)| (key.clone(), strip_docs(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_docs).collect()),
        other => other.clone(),
    }
}

/// The types a schema allows, `nullable` included; `None` when it does not say.
fn types(schema: &Value) -> Option<BTreeSet<String>> {
    let mut found: BTreeSet<String> = match &schema["type"] {
        Value::String(kind) => [kind.clone()].into(),
        Value::Array(kinds) => kinds.iter().filter_map(|kind| kind.as_str().map(str::to_owned)).collect(),
        _ => match schema.get("const") {
            Some(value) => [crate::lookup::json_type(value).to_owned()].into(),
            None => return None,
        },
    };
    if found.contains("integer") && found.contains("number") {
        found.remove("integer");
    }
    if schema["nullable"] == json!(true) {
        found.insert("null".into());
    }
    Some(found)
}

/// A schema's enumerated values (`const` as one), if it enumerates.
fn values(schema: &Value) -> Option<&[Value]> {
    match (schema.get("enum"), schema.get("const")) {
        (Some(Value::Array(values)), _) => Some(values),
        (_, Some(value)) => Some(std::slice::from_ref(value)),
        _ => None,
    }
}

fn branches<'v>(schema: &'v Value, keyword: &str) -> &'v [Value] {
    schema[keyword].as_array().map_or(&[], Vec::as_slice)
}

fn bound(value: Option<&Value>) -> String {
    value.map_or_else(|| "none".to_owned(), ToString::to_string)
}
