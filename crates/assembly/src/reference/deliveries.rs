//! What the pages show of the deliveries: a delivery published an entry per event is one group,
//! whose entries' shared part (the headers, the answers, the retries) is shown once; and how many
//! assumption marks the pages show, counting those once.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::anchor;
use super::builder::{Builder, OnPage};
use super::split::{MAIN, href};
use crate::document::{Found, OpenApi, ResponseAt};

/// What the pages show of each delivery: what the entries of a delivery published an entry per
/// event share (the headers, the answers, the retries), once, on the main page; then each entry's
/// payload, on the main page or on its event page (in `on_pages`, by page, with the deliveries
/// whose shared part it has). `moved` gets the link from the main page to each entry shown
/// elsewhere, by its key under `webhooks`.
pub(super) fn deliveries(
    builder: &Builder<'_>,
    on_pages: &mut [OnPage],
    moved: &mut BTreeMap<String, String>,
) -> Vec<Value> {
    let mut deliveries: Vec<Value> = Vec::new();
    for group in delivery_groups(builder.document) {
        let name = group[0].operation.delivery.clone().unwrap_or_else(|| group[0].at.path.clone());
        let group_anchor = format!("deliveries-{}", anchor(&name));
        let shared = group.len() > 1;
        builder.at(MAIN);
        let common = shared.then(|| builder.shared(&group[0]));
        let mut entries: Vec<Value> = Vec::new();
        for found in &group {
            let page = builder.layout.and_then(|layout| layout.page_of(&found.at.path));
            builder.at(page.map_or(MAIN, |(_, page)| page.path.as_str()));
            let mut entry = builder.operation(found, "delivery");
            if shared {
                for key in ["parameters", "responses", "retries"] {
                    entry[key] = Value::Null;
                }
            }
            let Some((index, page)) = page else {
                entries.push(entry);
                continue;
            };
            moved.insert(
                found.at.path.clone(),
                href(MAIN, &page.path, entry["anchor"].as_str().unwrap_or_default()),
            );
            let (listed, sharing) = &mut on_pages[index];
            listed.push(entry);
            if shared && !sharing.iter().any(|known| known["anchor"] == group_anchor.as_str()) {
                sharing.push(json!({"name": name, "anchor": group_anchor}));
            }
        }
        builder.at(MAIN);
        let elsewhere = entries.len() < group.len();
        deliveries.push(json!({
            "name": name,
            "anchor": group_anchor,
            "shared": common,
            "entries": entries,
            "count": group.len(),
            "elsewhere": elsewhere,
        }));
    }
    deliveries
}

/// The number of assumption marks in a document, which its pages show one by one.
pub fn mark_count(document: &OpenApi) -> usize {
    let shared: std::collections::BTreeSet<String> = delivery_groups(document)
        .iter()
        .filter(|group| group.len() > 1)
        .flat_map(|group| group[1..].iter().flat_map(|found| shared_mark_pointers(document, found)))
        .collect();
    document
        .marks()
        .iter()
        .filter(|(pointer, _)| !shared.contains(*pointer))
        .map(|(_, marks)| marks.len())
        .sum()
}

/// The document's deliveries, grouped: the `webhooks` entries of one delivery together, in order.
fn delivery_groups(document: &OpenApi) -> Vec<Vec<Found<'_>>> {
    let mut groups: Vec<Vec<Found<'_>>> = Vec::new();
    for found in document.deliveries() {
        match groups.last_mut() {
            Some(group)
                if found.operation.delivery.is_some()
                    && group[0].operation.delivery == found.operation.delivery =>
            {
                group.push(found)
            }
            _ => groups.push(vec![found]),
        }
    }
    groups
}

/// The pointers of an entry's parameters and answers, where their marks stand.
fn shared_mark_pointers(document: &OpenApi, found: &Found<'_>) -> Vec<String> {
    let mut pointers: Vec<String> =
        document.parameters(found).into_iter().map(|(at, _)| at.to_string()).collect();
    pointers.extend(
        found
            .operation
            .responses
            .keys()
            .map(|status| ResponseAt::Operation(found.at.clone(), status.clone()).to_string()),
    );
    pointers
}
