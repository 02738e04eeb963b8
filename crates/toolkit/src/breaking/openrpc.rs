//! The OpenRPC rules: methods, their parameters, results and errors, judged for API clients, who
//! write the parameters and read the results. Schemas follow the same rules as OpenAPI's.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Comparison, Flow, Party, Severity};
use crate::lookup::resolve;

/// `(name, value, index)` of each member of the array at `key`, named by `name`.
fn named<'v>(holder: &'v Value, key: &str) -> Vec<(&'v str, &'v Value, usize)> {
    let items = holder[key].as_array().map_or(&[][..], Vec::as_slice);
    items.iter().enumerate().map(|(index, item)| (item["name"].as_str().unwrap_or(""), item, index)).collect()
}

impl<'a> Comparison<'a> {
    pub(super) fn openrpc(&mut self) {
        let party = Party::Clients;
        self.servers();
        let (old_methods, new_methods) = (named(self.old, "methods"), named(self.new, "methods"));
        for (name, old_method, old_index) in &old_methods {
            let Some((_, new_method, index)) = new_methods.iter().find(|(candidate, ..)| candidate == name)
            else {
                let why = format!("method `{name}` removed");
                self.push(&format!("/methods/{old_index}"), party, "method-removed", Severity::Breaking, why);
                continue;
            };
            let (old_method, new_method) = (resolve(self.old, old_method), resolve(self.new, new_method));
            let pointer = format!("/methods/{index}");
            self.deprecation(&pointer, party, &format!("method `{name}`"), old_method, new_method);
            self.params(&pointer, old_method, new_method);
            let (old_result, new_result) =
                (resolve(self.old, &old_method["result"]), resolve(self.new, &new_method["result"]));
            if !old_result.is_null() && new_result.is_null() {
                let why = format!("method `{name}` no longer describes its result");
                self.push(
                    &format!("/methods/{old_index}/result"),
                    party,
                    "result-removed",
                    Severity::Breaking,
                    why,
                );
            }
            let at = format!("{pointer}/result/schema");
            self.schema(&at, party, Flow::Reads, &old_result["schema"], &new_result["schema"]);
            self.errors(&pointer, old_method, new_method);
        }
        for (name, _, index) in &new_methods {
            if !old_methods.iter().any(|(candidate, ..)| candidate == name) {
                let why = format!("method `{name}` added");
                self.push(&format!("/methods/{index}"), party, "method-added", Severity::Info, why);
            }
        }
    }

    fn params(&mut self, pointer: &str, old: &'a Value, new: &'a Value) {
        let party = Party::Clients;
        let by_position = |method: &Value| method["paramStructure"].as_str() == Some("by-position");
        let positional = by_position(old) || by_position(new);
        let (old_params, new_params) = (named(old, "params"), named(new, "params"));
        let required = |param: &Value| param["required"].as_bool().unwrap_or(false);
        for (name, old_param, old_index) in &old_params {
            let Some((_, new_param, index)) = new_params.iter().find(|(candidate, ..)| candidate == name)
            else {
                let why = format!("parameter `{name}` removed: the server no longer reads what clients send");
                let at = format!("{pointer}/params/{old_index}");
                self.push(&at, party, "parameter-removed", Severity::Breaking, why);
                continue;
            };
            let (old_param, new_param) = (resolve(self.old, old_param), resolve(self.new, new_param));
            let at = format!("{pointer}/params/{index}");
            if positional && old_index != index {
                let why = format!("parameter `{name}` moved from position {old_index} to {index}");
                self.push(&at, party, "parameter-moved", Severity::Breaking, why);
            }
            match (required(old_param), required(new_param)) {
                (false, true) => {
                    let why = format!("parameter `{name}` became required");
                    self.push(&at, party, "parameter-required", Severity::Breaking, why)
                }
                (true, false) => {
                    let why = format!("parameter `{name}` is no longer required");
                    self.push(&at, party, "parameter-optional", Severity::Info, why)
                }
                _ => {}
            }
            self.deprecation(&at, party, &format!("parameter `{name}`"), old_param, new_param);
            let at = format!("{at}/schema");
            self.schema(&at, party, Flow::Writes, &old_param["schema"], &new_param["schema"]);
        }
        for (name, new_param, index) in &new_params {
            if !old_params.iter().any(|(candidate, ..)| candidate == name) {
                let breaking = required(resolve(self.new, new_param));
                let why = format!("parameter `{name}` added{}", if breaking { " as required" } else { "" });
                self.judge(&format!("{pointer}/params/{index}"), party, "parameter-added", breaking, why);
            }
        }
    }

    /// Error codes: a new one is a value a client may not handle (a warning, as a new enum value
    /// it reads is); one removed is information.
    fn errors(&mut self, pointer: &str, old: &'a Value, new: &'a Value) {
        let codes = |document: &'a Value, method: &'a Value| -> BTreeSet<i64> {
            let errors = method["errors"].as_array().map_or(&[][..], Vec::as_slice);
            errors.iter().filter_map(|error| resolve(document, error)["code"].as_i64()).collect()
        };
        let (old_codes, new_codes) = (codes(self.old, old), codes(self.new, new));
        let at = format!("{pointer}/errors");
        for code in new_codes.difference(&old_codes) {
            let why = format!("error code {code} now sent: clients that match every code they know miss it");
            self.push(&at, Party::Clients, "error-code-added", Severity::Warning, why);
        }
        for code in old_codes.difference(&new_codes) {
            self.push(
                &at,
                Party::Clients,
                "error-code-removed",
                Severity::Info,
                format!("error code {code} removed"),
            );
        }
    }
}
