//! What the import writes: the table, the catalogue, the schemas, the facts and the examples.

use std::collections::BTreeMap;

use hookspec_problem::Problem;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

use crate::openapi::{self, escape, referenced, resolve};
use crate::selection::Selection;
use crate::{EXAMPLES, Imported, Written};

mod restricted;
mod rows;
mod webhooks;

use restricted::restricted;
use rows::{drop_empty_descriptions, field_rows, null_beside_a_choice, parameter_row, table_parameter};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];
const JSON: &str = "application/json";

/// Everything the import writes for `selection` (declared at `at`).
pub(crate) fn files(
    at: &str,
    selection: &Selection,
    descriptions: &IndexMap<String, Value>,
) -> Result<Imported, Vec<Problem>> {
    let mut import = Import {
        at,
        selection,
        problems: Vec::new(),
        facts: Vec::new(),
        examples: Vec::new(),
        differences: Vec::new(),
        delivery_responses: Vec::new(),
    };
    let api = &descriptions[&selection.operations.from];
    let hooks = &descriptions[&selection.webhooks.from];
    let (table, api_roots) = import.table(api, hooks);
    let (catalogue, roots) = import.catalogue(hooks);
    let mut schemas = BTreeMap::new();
    let mut described = BTreeMap::new();
    for (document, roots) in [(api, api_roots.iter().collect()), (hooks, roots)] {
        let (found, missing) = openapi::reachable(document, &roots);
        for name in missing {
            import.problem(format!("the description refers to the schema `{name}`, which it does not have"));
        }
        for (name, mut schema) in found {
            described.entry(name.clone()).or_insert_with(|| schema.clone());
            let mut repaired = Vec::new();
            null_beside_a_choice(&mut schema, &format!("#/components/schemas/{name}"), &mut repaired);
            for at in repaired {
                import.differences.push(json!({"only_in": "provider", "at": at,
                    "covers": [{"kind": "*", "pointer": format!("*{}*", at.trim_start_matches('#').replace("/components/schemas/", "/"))}],
                    "what": "`type: [\"null\"]` beside `allOf`, `anyOf`, `oneOf` or `$ref`, which no value satisfies",
                    "because": "Read as `null` or what the choice says, as the 3.0 descriptions write such a field (`nullable: true` beside the choice): a payload the field is in can validate at all."}));
            }
            if drop_empty_descriptions(&mut schema) {
                import
                    .differences
                    .push(json!({"only_in": "provider", "at": format!("#/components/schemas/{name}"),
                    "what": "an empty `description`", "because": "A document states no empty string."}));
            }
            match schemas.get(&name) {
                Some(known) if *known != schema => import.problem(format!(
                    "the descriptions give two schemas named `{name}`, which differ: the import cannot publish both"
                )),
                _ => {
                    schemas.insert(name, schema);
                }
            }
        }
    }
    let wire = crate::rust::types(&schemas, &selection.wire).unwrap_or_else(|message| {
        import.problem(message);
        String::new()
    });
    if !import.problems.is_empty() {
        return Err(import.problems);
    }
    let facts = import.facts_file(descriptions);
    let restricted = restricted(selection, api, hooks, described);
    let header = |format: &str, what: &str| {
        format!(
            "# yaml-language-server: $schema=../../../../spec/formats/{format}.json\n# Written by `cargo xtask \
             import` from {}, as import.yaml selects: {what} Do not edit: change import.yaml and import again.\n",
            sources(selection)
        )
    };
    let mut written = vec![
        Written {
            path: "api.yaml".into(),
            text: header("api", "the operations and the delivery.") + &yaml(&table),
        },
        Written {
            path: "events.yaml".into(),
            text: header("events", "an event per webhook, its payload the description's schema.")
                + &yaml(&catalogue),
        },
        Written { path: "schemas.json".into(), text: pretty(&json!(schemas)) },
        Written { path: "wire.rs".into(), text: wire },
        Written {
            path: "description/facts.yaml".into(),
            text: header("facts", "a fact per operation, parameter, status, response header and example.")
                .replace("../../../../", "../../../../../")
                + &yaml(&facts),
        },
    ];
    import.differences.extend(selection.differences.iter().cloned());
    written.push(Written {
        path: "description/differences.yaml".into(),
        text: format!(
            "# Written by `cargo xtask import` from {}: where the document and the descriptions differ, each with\n# \
             the side that states it (`hookspec`, or the `provider`'s description) and why.\n{}",
            sources(selection),
            yaml(&json!(import.differences))
        ),
    });
    for (file, value) in import.examples {
        written.push(Written { path: format!("{EXAMPLES}/{file}"), text: pretty(&value) });
    }
    Ok(Imported { files: written, restricted })
}

/// The descriptions, as a sentence names them.
fn sources(selection: &Selection) -> String {
    let names: Vec<String> = selection
        .descriptions
        .values()
        .map(|source| format!("{} {} ({})", source.package, source.version, source.file))
        .collect();
    names.join(" and ")
}

/// `value` as YAML.
fn yaml(value: &Value) -> String {
    yaml_serde::to_string(value).unwrap_or_default()
}

/// `value` as JSON, two-space indented, with a final newline.
fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// `value` as compact JSON: how a fact quotes the description's own text.
fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

struct Import<'a> {
    at: &'a str,
    selection: &'a Selection,
    problems: Vec<Problem>,
    /// The facts, in order.
    facts: Vec<Value>,
    /// The examples, by file name under `fixtures/description/`.
    examples: Vec<(String, Value)>,
    /// Where the document and the descriptions differ, and why.
    differences: Vec<Value>,
    /// The answers the webhooks' receivers give, by status, as the description says them.
    delivery_responses: Vec<(String, String)>,
}

impl Import<'_> {
    fn problem(&mut self, message: String) {
        self.problems.push(Problem::new(self.at, message));
    }

    /// `api.yaml`: the selected operations of `api`, the shared parameters and responses they
    /// refer to, and the delivery, with the headers every webhook of `hooks` carries.
    /// Also the parts of `api` it takes (resolved), whose schema references the import follows.
    fn table(&mut self, api: &Value, hooks: &Value) -> (Value, Vec<Value>) {
        let from = self.selection.operations.from.clone();
        let mut taken = Vec::new();
        let mut parameters = Map::new();
        let mut responses = Map::new();
        let mut operations = Vec::new();
        for id in &self.selection.operations.ids {
            let Some((path, method, operation)) = find(api, id) else {
                self.problem(format!("the description `{from}` has no operation `{id}`"));
                continue;
            };
            let pointer = format!("/paths/{}/{method}", escape(&path));
            taken.push(operation.clone());
            let summary = text(operation, "summary");
            let server = api["servers"][0]["url"].as_str().unwrap_or_default();
            let url = format!("{server}{path}");
            self.fact(
                &from,
                id,
                &pointer,
                &summary,
                json!({"request": {"operation": id, "method": method.to_uppercase(), "url": url}}),
            );
            let mut listed = Vec::new();
            let mut rows = Vec::new();
            let path_item = &api["paths"][&path];
            for parameter in list(path_item, "parameters").chain(list(operation, "parameters")) {
                let Some(resolved) = resolve(api, parameter) else { continue };
                let row = parameter_row(resolved);
                rows.push((row, compact(resolved)));
                match referenced(parameter, "parameters") {
                    Some(name) => {
                        parameters.insert(name.to_owned(), table_parameter(resolved));
                        listed.push(json!(name));
                    }
                    None => listed.push(table_parameter(resolved)),
                }
            }
            if !rows.is_empty() {
                let quotes: Vec<Value> = rows.iter().map(|(_, quote)| json!(quote)).collect();
                let rows: Vec<Value> = rows.into_iter().map(|(row, _)| row).collect();
                self.fact(
                    &from,
                    id,
                    &format!("{pointer}/parameters"),
                    &quotes,
                    json!({"parameters": {"operation": id, "rows": rows}}),
                );
            }
            let mut entry = Map::new();
            entry.insert("id".into(), json!(id));
            entry.insert("method".into(), json!(method.to_uppercase()));
            entry.insert("path".into(), json!(path));
            let tag = operation["tags"][0].as_str().unwrap_or_default().to_owned();
            if !self.selection.operations.tags.contains_key(&tag) {
                self.problem(format!(
                    "`{id}` is tagged `{tag}`, which import.yaml's `operations.tags` does not describe"
                ));
            }
            entry.insert("tag".into(), json!(tag));
            entry.insert("summary".into(), json!(summary));
            let description = operation["description"].as_str().unwrap_or(&summary).trim().to_owned();
            entry.insert("description".into(), json!(description));
            if !listed.is_empty() {
                entry.insert("parameters".into(), Value::Array(listed));
            }
            if let Some(body) = operation.get("requestBody").and_then(|body| resolve(api, body))
                && let Some(body) = self.body(body, id, &pointer)
            {
                entry.insert("body".into(), body);
            }
            let mut answers = Map::new();
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                let Some(resolved) = resolve(api, response) else { continue };
                taken.push(json_only(resolved));
                let quote = format!("{status}: {}", compact(response));
                let at = format!("{pointer}/responses/{status}");
                self.fact(&from, id, &at, &quote, json!({"status": {"operation": id, "status": status}}));
                for header in resolved["headers"].as_object().into_iter().flatten().map(|(name, _)| name) {
                    let quote = compact(&resolved["headers"][header]);
                    self.fact(
                        &from,
                        id,
                        &format!("{at}/headers/{}", escape(header)),
                        &quote,
                        json!({"response_header": {"operation": id, "status": status, "name": header}}),
                    );
                }
                self.response_examples(api, resolved, id, status, &at);
                match referenced(response, "responses") {
                    Some(name) => {
                        responses.insert(name.to_owned(), self.response(api, resolved, name));
                        answers.insert(status.clone(), json!(name));
                    }
                    None => {
                        let answer = self.response(api, resolved, &format!("{id} {status}"));
                        answers.insert(status.clone(), answer);
                    }
                }
            }
            for added in self.selection.added.iter().filter(|added| added.operations.contains(id)) {
                for (status, shared) in &added.responses {
                    let Some(response) = api.pointer(&format!("/components/responses/{}", escape(shared)))
                    else {
                        self.problem(format!(
                            "`added` names the response `{shared}`, which the description does not have"
                        ));
                        continue;
                    };
                    if answers.contains_key(status) {
                        self.problem(format!(
                            "`added` gives `{id}` a {status}, which the description already lists"
                        ));
                        continue;
                    }
                    taken.push(json_only(response));
                    responses.insert(shared.clone(), self.response(api, response, shared));
                    answers.insert(status.clone(), json!(shared));
                    let at = format!("{pointer}/responses/{status}");
                    self.differences.push(json!({"only_in": "hookspec", "at": at,
                        "what": format!("`{id}` answers {status} (`{shared}`)"), "because": added.because}));
                }
            }
            entry.insert("responses".into(), Value::Object(answers));
            operations.push(Value::Object(entry));
        }
        let tags: Vec<Value> = self
            .selection
            .operations
            .tags
            .iter()
            .map(|(name, description)| json!({"name": name, "description": description}))
            .collect();
        let servers: Vec<Value> = list(api, "servers")
            .map(|server| json!({"url": server["url"], "description": server.get("description").cloned().unwrap_or(json!(format!("{}'s API.", self.selection.provider)))}))
            .collect();
        let mut delivery = self.selection.webhooks.delivery.clone();
        delivery["payload"] = json!(self.selection.webhooks.union.name);
        delivery["headers"] = Value::Array(self.delivery_headers(hooks));
        // The receiver's answers the description gives, then those import.yaml adds (`default`).
        let mut answers: Map<String, Value> =
            self.delivery_responses.iter().map(|(status, said)| (status.clone(), json!(said))).collect();
        if let Some(Value::Object(more)) = self.selection.webhooks.delivery.get("responses") {
            answers.extend(more.clone());
        }
        delivery["responses"] = Value::Object(answers);
        let table = json!({
            "provider": self.selection.provider,
            "info": {
                "title": self.selection.info.title,
                "version": api["info"]["version"],
                "description": self.selection.info.description,
            },
            "servers": servers,
            "security_schemes": self.selection.security_schemes.clone().unwrap_or(json!({})),
            "security": self.selection.security.clone().unwrap_or(json!([])),
            "tags": tags,
            "parameters": parameters,
            "responses": responses,
            "operations": operations,
            "deliveries": [delivery],
        });
        let mut table = table;
        if !self.selection.unsupported.is_empty() {
            table["unsupported"] = json!(self.selection.unsupported);
        }
        (table, taken)
    }

    /// The table's body of an operation, from its request body, and its example.
    fn body(&mut self, body: &Value, id: &str, pointer: &str) -> Option<Value> {
        let media = body["content"].get(JSON)?;
        let schema = openapi::to_31(&media["schema"]);
        let schema = referenced(&media["schema"], "schemas").map_or(schema, |name| json!(name));
        let mut out = json!({
            "description": body["description"].as_str().map_or_else(|| "The request body.".to_owned(), str::to_owned),
            "schema": schema,
        });
        // The table's body is required unless it says otherwise; the description's only when it
        // says so.
        out["required"] = json!(body["required"] == json!(true));
        let mut rows = Vec::new();
        let mut quotes = Vec::new();
        field_rows(&media["schema"], "", &mut rows, &mut quotes);
        if !rows.is_empty() {
            let from = self.selection.operations.from.clone();
            let at = format!("{pointer}/requestBody/content/{}/schema/properties", escape(JSON));
            self.fact(&from, id, &at, &quotes, json!({"body_fields": {"operation": id, "rows": rows}}));
        }
        for (name, example) in media["examples"].as_object().into_iter().flatten() {
            if let Some(value) = example.get("value") {
                let file = format!("{}.request.{name}.json", slug(id));
                self.examples.push((file.clone(), value.clone()));
                let at = format!("{pointer}/requestBody/content/{}/examples/{name}", escape(JSON));
                let from = self.selection.operations.from.clone();
                self.fact(&from, id, &at, &compact(value),
                    json!({"example": {"name": format!("{id} {name}"), "fixture": format!("description/{file}"), "request": id}}));
            }
        }
        Some(out)
    }

    /// The response examples of an operation's answer at `status`, each a fixture and a fact.
    fn response_examples(&mut self, api: &Value, response: &Value, id: &str, status: &str, at: &str) {
        let Some(media) = response["content"].get(JSON) else { return };
        for (name, example) in media["examples"].as_object().into_iter().flatten() {
            let Some(resolved) = resolve(api, example) else { continue };
            let Some(value) = resolved.get("value").filter(|value| !value.is_null()) else { continue };
            let file = match referenced(example, "examples") {
                Some(shared) => format!("{shared}.json"),
                None => format!("{}.{status}.{name}.json", slug(id)),
            };
            if !self.examples.iter().any(|(known, _)| *known == file) {
                self.examples.push((file.clone(), value.clone()));
            }
            let from = self.selection.operations.from.clone();
            let pointer = format!("{at}/content/{}/examples/{name}", escape(JSON));
            self.fact(
                &from,
                id,
                &pointer,
                &compact(example),
                json!({"example": {
                "name": format!("{id} {status} {name}"), "fixture": format!("description/{file}"),
                "response": id, "status": status.parse::<u16>().unwrap_or_default()}}),
            );
        }
    }

    /// The table's response: its description, its JSON body's schema and its headers.
    fn response(&mut self, api: &Value, response: &Value, what: &str) -> Value {
        let mut out = json!({"description": text(response, "description")});
        if let Some(media) = response["content"].get(JSON) {
            let schema = &media["schema"];
            out["body"] =
                referenced(schema, "schemas").map_or_else(|| openapi::to_31(schema), |name| json!(name));
        }
        let others: Vec<&String> = response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(media, _)| media)
            .filter(|media| *media != JSON)
            .collect();
        for media in others {
            let difference = json!({"only_in": "provider", "at": what, "what": format!("the `{media}` body"),
                "because": "The table holds a response's JSON body only.",
                "covers": [{"kind": "media-type-removed", "pointer": format!("*/{}", escape(media))}]});
            if !self.differences.contains(&difference) {
                self.differences.push(difference);
            }
        }
        let mut headers = Map::new();
        for (name, header) in response["headers"].as_object().into_iter().flatten() {
            let Some(header) = resolve(api, header) else { continue };
            let description =
                header["description"].as_str().map_or_else(|| format!("The `{name}` header."), str::to_owned);
            headers.insert(
                name.clone(),
                json!({"description": description, "schema": openapi::to_31(&header["schema"])}),
            );
        }
        if !headers.is_empty() {
            out["headers"] = Value::Object(headers);
        }
        out
    }

    /// Records a fact citing the description `from` at `pointer`.
    fn fact(
        &mut self,
        from: &str,
        section: &str,
        pointer: &str,
        quote: &(impl serde::Serialize + ?Sized),
        what: Value,
    ) {
        let mut row = json!({"from": [from, section, pointer], "quote": quote});
        if let (Value::Object(row), Value::Object(what)) = (&mut row, what) {
            row.extend(what);
        }
        self.facts.push(row);
    }

    /// `description/facts.yaml`: the descriptions as pages, and the facts.
    fn facts_file(&self, descriptions: &IndexMap<String, Value>) -> Value {
        let mut pages = Map::new();
        for (name, source) in &self.selection.descriptions {
            // Each example once: a shared one (`#/components/examples/hook`) where it is first used.
            let mut examples: Vec<Value> = Vec::new();
            for fact in self.facts.iter().filter(|fact| fact["from"][0] == json!(name)) {
                let Some(fixture) = fact.get("example").map(|example| &example["fixture"]) else { continue };
                if !examples.iter().any(|listed| listed["fixture"] == *fixture) {
                    examples.push(json!({"at": fact["from"][2], "fixture": fixture}));
                }
            }
            let info = &descriptions[name]["info"];
            pages.insert(name.clone(), json!({
                "title": format!("{}, {} {} ({})", source.title, source.package, source.version, source.file),
                "url": source.url,
                "read": format!("the file `{}` of the package {} at version {}, whose description is version {} of \"{}\"",
                    source.file, source.package, source.version, info["version"].as_str().unwrap_or("?"), info["title"].as_str().unwrap_or("?")),
                "captured": "whole",
                "examples": examples,
            }));
        }
        json!({"pages": pages, "facts": self.facts})
    }
}

/// The operation `id` of `api`: its path, method and object.
fn find<'a>(api: &'a Value, id: &str) -> Option<(String, &'static str, &'a Value)> {
    for (path, item) in api["paths"].as_object()? {
        for method in METHODS {
            if item[method]["operationId"] == json!(id) {
                return Some((path.clone(), method, &item[method]));
            }
        }
    }
    None
}

/// The items of the array `key` of `value`.
fn list<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    value.get(key).and_then(Value::as_array).into_iter().flatten()
}

/// The string `key` of `value`, trimmed, or empty.
fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().trim().to_owned()
}

/// An operation id as a file name: `repos/list-webhooks` is `repos.list-webhooks`.
fn slug(id: &str) -> String {
    id.replace('/', ".")
}

/// A response with its JSON body only: what the table takes of it, whose schemas the import follows.
fn json_only(response: &Value) -> Value {
    let mut kept = response.clone();
    if let Some(Value::Object(content)) = kept.get_mut("content") {
        content.retain(|media, _| media == JSON);
    }
    kept
}
