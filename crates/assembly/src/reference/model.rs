//! What a reference page shows, as data for its template: read off the document (with its
//! examples and assumption marks), the operation table, the signature scheme and the conformance
//! of the facts.

use std::collections::BTreeMap;

use hookspec_dialects::{Provider, Table};
use hookspec_signature::Scheme;
use serde_json::{Value, json};

use super::builder::{Builder, OnPage, links};
use super::split::{Layout, MAIN, relative};
use super::{anchor, markdown};
use crate::conformance::Conformance;
use crate::document::{OpenApi, SecurityKind};

/// The data of a dialect's reference page, everything on one page.
pub fn page(
    dialect: &Provider,
    table: &Table,
    scheme: &Scheme,
    document: &OpenApi,
    conformance: &Conformance,
) -> Value {
    pages(dialect, table, scheme, document, conformance, None).0
}

/// The data of a dialect's reference pages: the main page's and, split as `layout` says, each
/// event page's, with its path relative to the dialect's folder. Without a layout, the main page
/// shows everything.
pub(super) fn pages(
    dialect: &Provider,
    table: &Table,
    scheme: &Scheme,
    document: &OpenApi,
    conformance: &Conformance,
    layout: Option<&Layout>,
) -> (Value, Vec<(String, Value)>) {
    let builder = Builder::new(document, conformance, layout);
    let operations: Vec<Value> =
        document.operations().iter().map(|found| builder.operation(found, "op")).collect();
    let methods = dialect.protocol.jsonrpc().map(|api| builder.methods(api)).unwrap_or_default();
    let mut on_pages: Vec<OnPage> =
        vec![(Vec::new(), Vec::new()); layout.map_or(0, |layout| layout.pages.len())];
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    let deliveries = super::deliveries::deliveries(&builder, &mut on_pages, &mut moved);
    let verify = builder.verify(dialect, table, scheme);
    let components = document.components.as_ref();
    let schemas: Vec<Value> = components
        .into_iter()
        .flat_map(|components| &components.schemas)
        .filter(|(name, _)| layout.is_none_or(|layout| layout.main.contains(*name)))
        .map(|(name, schema)| builder.schema(name, schema))
        .collect();
    let sub_pages = layout.map(|layout| sub_pages(&builder, table, layout, on_pages)).unwrap_or_default();
    let shared_page = layout.and_then(|layout| layout.shared.as_ref());
    let security: Vec<Value> = components
        .into_iter()
        .flat_map(|components| &components.security_schemes)
        .map(|(name, scheme)| {
            let how = match scheme.kind {
                SecurityKind::ApiKey => format!("`{}` header", scheme.name.as_deref().unwrap_or_default()),
                SecurityKind::Http => format!("HTTP {}", scheme.scheme.as_deref().unwrap_or_default()),
            };
            let description = markdown(scheme.description.as_deref().unwrap_or_default());
            json!({"name": name, "how": markdown(&how), "description": description})
        })
        .collect();
    let errata: Vec<Value> = conformance
        .errata()
        .map(|entry| {
            json!({
                "fact": markdown(&crate::conformance::describe(&entry.claim.fact)),
                "sources": links(conformance, &entry.claim),
                "check": markdown(entry.mismatch.as_deref().unwrap_or_default()),
                "models": markdown(entry.claim.erratum.as_deref().unwrap_or_default()),
            })
        })
        .collect();
    let assumptions: Vec<Value> = conformance
        .assumed
        .iter()
        .map(|entry| {
            json!({
                "assumed": markdown(&entry.assumption.assumed),
                "because": markdown(&entry.assumption.because),
                "where": entry.assertions.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    // Every mark of the document is shown once, on one of the pages: the ones nothing showed, here.
    let remaining = builder.remaining_marks();
    let events: Vec<Value> = dialect
        .catalogue
        .events
        .iter()
        .map(|event| {
            let mut row = json!({
                "name": event.name, "id": event.id, "anchor": format!("event-{}", anchor(&event.name)),
            });
            if let Some(href) = moved.get(&event.name) {
                row["href"] = Value::String(href.clone());
            }
            row
        })
        .collect();
    let listed: Vec<Value> = layout
        .into_iter()
        .flat_map(|layout| &layout.pages)
        .map(|page| json!({"name": page.name, "href": page.path, "count": page.entries.len()}))
        .collect();
    let main = json!({
        "dialect": dialect.name,
        "provider": table.provider,
        "title": table.info.title,
        "version": table.info.version,
        "description": markdown(&table.info.description),
        "servers": document.servers.iter().flatten().map(|server| json!({
            "url": server.url, "description": markdown(server.description.as_deref().unwrap_or_default()),
        })).collect::<Vec<_>>(),
        "security": security,
        "jsonrpc": dialect.protocol.jsonrpc().is_some(),
        "operations": operations,
        "methods": methods,
        "deliveries": deliveries,
        "event_pages": listed,
        "shared_schemas": shared_page.map(|page| page.path.clone()),
        "verify": verify,
        "events": events,
        "schemas": schemas,
        "errata": errata,
        "assumptions": assumptions,
        "other_marks": remaining,
        "pages": builder.pages(),
        "openrpc": dialect.protocol.jsonrpc().is_some(),
    });
    (main, sub_pages)
}

/// The data of the pages besides the main one, as `layout` says, with their paths relative to the
/// dialect's folder: each event page, with its entries and the deliveries whose shared part they
/// have (`on_pages`, by page), then the page of the schemas several event groups share.
fn sub_pages(
    builder: &Builder<'_>,
    table: &Table,
    layout: &Layout,
    on_pages: Vec<OnPage>,
) -> Vec<(String, Value)> {
    let components = builder.document.components.as_ref().map(|components| &components.schemas);
    let schemas_of = |path: &str, names: &[String]| -> Vec<Value> {
        builder.at(path);
        let found = names.iter().filter_map(|name| Some((name, components?.get(name)?)));
        found.map(|(name, schema)| builder.schema(name, schema)).collect()
    };
    let shared = layout.shared.as_ref();
    let page = |path: &str, name: Option<&str>, entries: Vec<Value>, deliveries: Vec<Value>, schemas| {
        json!({
            "title": table.info.title,
            "version": table.info.version,
            "name": name,
            "entries": entries,
            "deliveries": deliveries,
            "schemas": schemas,
            "shared": shared.map(|shared| relative(path, &shared.path)).filter(|link| !link.is_empty()),
        })
    };
    let mut pages: Vec<(String, Value)> = layout
        .pages
        .iter()
        .zip(on_pages)
        .map(|(event_page, (entries, deliveries))| {
            let schemas = schemas_of(&event_page.path, &event_page.schemas);
            let data = page(&event_page.path, Some(&event_page.name), entries, deliveries, schemas);
            (event_page.path.clone(), data)
        })
        .collect();
    if let Some(shared) = shared {
        let schemas = schemas_of(&shared.path, &shared.schemas);
        pages.push((shared.path.clone(), page(&shared.path, None, Vec::new(), Vec::new(), schemas)));
    }
    builder.at(MAIN);
    pages
}
