//! How a dialect's reference is split over several pages when one page would be too large: the
//! `webhooks` entries a delivery has one per event go to event pages, one per event group (the
//! events a webhook subscribes to by one name, [`hookspec_dialects::events::Event::subscription`]).
//! Each component schema is on one page: the main page shows those reached from anything but
//! those entries (and those nothing refers to), an event page those only its entries reach, and
//! a page of their own those the entries of several groups reach.

use std::collections::{BTreeMap, BTreeSet};

use hookspec_dialects::events::Catalogue;
use serde_json::Value;

use crate::document::{OpenApi, reference};

/// The main page's path, relative to the dialect's folder.
pub(super) const MAIN: &str = "index.html";

/// The folder of the event pages, in the dialect's folder.
const FOLDER: &str = "events";

/// The name of the page of the schemas several event groups' entries reach, in [`FOLDER`] (an
/// event group of that name gets another).
const SHARED: &str = "shared-schemas";

/// Which page shows what.
pub(super) struct Layout {
    /// The event pages, in the order their first entry has in the document.
    pub(super) pages: Vec<EventPage>,
    /// The page of the schemas the entries of several event groups reach, when there are some.
    pub(super) shared: Option<SharedPage>,
    /// The event page of each entry that has one, by its key under `webhooks`.
    entries: BTreeMap<String, usize>,
    /// The component schemas the main page shows.
    pub(super) main: BTreeSet<String>,
    /// The page that shows each component schema, relative to the dialect's folder.
    homes: BTreeMap<String, String>,
}

/// One event page: an event group's entries and the schemas only they reach.
pub(super) struct EventPage {
    /// The name the group's events are subscribed to by.
    pub(super) name: String,
    /// Its path relative to the dialect's folder: `events/<name>.html`, the name made safe for
    /// a file.
    pub(super) path: String,
    /// Its entries' keys under `webhooks`, in document order.
    pub(super) entries: Vec<String>,
    /// The component schemas its entries reach, transitively, and nothing else does, by name.
    pub(super) schemas: Vec<String>,
}

/// The page of the schemas the entries of several event groups reach and the main page does not
/// show.
pub(super) struct SharedPage {
    /// Its path relative to the dialect's folder: `events/shared-schemas.html`.
    pub(super) path: String,
    /// The schemas, by name.
    pub(super) schemas: Vec<String>,
}

impl Layout {
    /// The pages of `document`, whose event catalogue is `catalogue`. An entry goes to an event
    /// page when its delivery has an entry per event (`x-hookspec-delivery`) and the catalogue
    /// has the event it is named as.
    pub(super) fn new(document: &OpenApi, catalogue: &Catalogue) -> Layout {
        let mut pages: Vec<EventPage> = Vec::new();
        let mut entries: BTreeMap<String, usize> = BTreeMap::new();
        let mut reached: Vec<BTreeSet<String>> = Vec::new();
        let mut files: BTreeSet<String> = BTreeSet::new();
        let shared_path = format!("{FOLDER}/{}.html", file_name(SHARED, &mut files));
        for found in document.deliveries() {
            let Some(event) = catalogue.named(&found.at.path).filter(|_| found.operation.delivery.is_some())
            else {
                continue;
            };
            let group = event.subscription();
            let index = match pages.iter().position(|page| page.name == group) {
                Some(index) => index,
                None => {
                    pages.push(EventPage {
                        name: group.to_owned(),
                        path: format!("{FOLDER}/{}.html", file_name(group, &mut files)),
                        entries: Vec::new(),
                        schemas: Vec::new(),
                    });
                    reached.push(BTreeSet::new());
                    pages.len() - 1
                }
            };
            pages[index].entries.push(found.at.path.clone());
            entries.insert(found.at.path.clone(), index);
            refs(&serde_json::to_value(found.operation).unwrap_or_default(), &mut reached[index]);
        }
        let none = BTreeMap::new();
        let schemas = document.components.as_ref().map_or(&none, |components| &components.schemas);
        let reached: Vec<BTreeSet<String>> =
            reached.into_iter().map(|roots| closure(roots, schemas)).collect();
        // The main page's roots: the document without the moved entries and the schemas themselves.
        let mut rest = serde_json::to_value(document).unwrap_or_default();
        for section in ["webhooks", "x-webhooks"] {
            if let Some(items) = rest.get_mut(section).and_then(Value::as_object_mut) {
                items.retain(|key, _| !entries.contains_key(key));
            }
        }
        if let Some(components) = rest.get_mut("components").and_then(Value::as_object_mut) {
            components.remove("schemas");
        }
        let mut roots = BTreeSet::new();
        refs(&rest, &mut roots);
        let main = closure(roots, schemas);
        let mut homes: BTreeMap<String, String> = BTreeMap::new();
        let mut shared: Vec<String> = Vec::new();
        for name in schemas.keys() {
            let mut groups = reached.iter().enumerate().filter(|(_, reached)| reached.contains(name));
            let home = match (main.contains(name), groups.next(), groups.next()) {
                // A schema no event page reaches (one nothing refers to) is on the main page too.
                (true, _, _) | (false, None, _) => MAIN.to_owned(),
                (false, Some((index, _)), None) => {
                    pages[index].schemas.push(name.clone());
                    pages[index].path.clone()
                }
                (false, Some(_), Some(_)) => {
                    shared.push(name.clone());
                    shared_path.clone()
                }
            };
            homes.insert(name.clone(), home);
        }
        let main = homes.iter().filter(|(_, home)| *home == MAIN).map(|(name, _)| name.clone()).collect();
        let shared = (!shared.is_empty()).then_some(SharedPage { path: shared_path, schemas: shared });
        Layout { pages, shared, entries, main, homes }
    }

    /// The page that shows the component schema `name`, relative to the dialect's folder.
    pub(super) fn home(&self, name: &str) -> Option<&str> {
        self.homes.get(name).map(String::as_str)
    }

    /// The event page of the entry at `key` under `webhooks`, if it has one, with its index.
    pub(super) fn page_of(&self, key: &str) -> Option<(usize, &EventPage)> {
        self.entries.get(key).map(|index| (*index, &self.pages[*index]))
    }
}

/// `name` made safe for a file (letters, digits, `-` and `_`; anything else becomes `-`), and
/// distinct from the names in `taken`, ignoring case, with a number after it where it would not
/// be; the name is added to `taken`.
fn file_name(name: &str, taken: &mut BTreeSet<String>) -> String {
    let safe = if name.is_empty() { FOLDER.to_owned() } else { super::anchor(name) };
    let mut candidate = safe.clone();
    let mut number = 1;
    while !taken.insert(candidate.to_ascii_lowercase()) {
        number += 1;
        candidate = format!("{safe}-{number}");
    }
    candidate
}

/// The component schemas `value` refers to (`$ref`), added to `found`.
fn refs(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(members) => {
            if let Some(name) = reference(value) {
                found.insert(name.to_owned());
            }
            members.values().for_each(|member| refs(member, found));
        }
        Value::Array(items) => items.iter().for_each(|item| refs(item, found)),
        _ => {}
    }
}

/// `roots` and every component schema they reach through `schemas`, transitively.
fn closure(roots: BTreeSet<String>, schemas: &BTreeMap<String, Value>) -> BTreeSet<String> {
    let mut found = roots.clone();
    let mut pending: Vec<String> = roots.into_iter().collect();
    while let Some(name) = pending.pop() {
        let mut next = BTreeSet::new();
        if let Some(schema) = schemas.get(&name) {
            refs(schema, &mut next);
        }
        for name in next {
            if found.insert(name.clone()) {
                pending.push(name);
            }
        }
    }
    found
}

/// The link from the page at `from` to `anchor` on the page at `to` (both relative to the
/// dialect's folder, at most one folder deep): `#anchor` on the same page.
pub(super) fn href(from: &str, to: &str, anchor: &str) -> String {
    format!("{}#{anchor}", relative(from, to))
}

/// The path of the page at `to` relative to the page at `from` (both relative to the dialect's
/// folder, at most one folder deep); empty for the same page.
pub(super) fn relative(from: &str, to: &str) -> String {
    let folder = |path: &str| path.rsplit_once('/').map_or("", |(folder, _)| folder).to_owned();
    let file = to.rsplit_once('/').map_or(to, |(_, file)| file);
    if from == to {
        String::new()
    } else if folder(from) == folder(to) {
        file.to_owned()
    } else if folder(from).is_empty() {
        to.to_owned()
    } else {
        format!("../{to}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_distinct_ignoring_case() {
        let mut taken = BTreeSet::new();
        assert_eq!(file_name("check_run", &mut taken), "check_run");
        assert_eq!(file_name("order:created", &mut taken), "order-created");
        assert_eq!(file_name("order.created", &mut taken), "order-created-2");
        assert_eq!(file_name("Check_Run", &mut taken), "Check_Run-2");
    }

    #[test]
    fn links_are_relative_to_the_page_they_are_on() {
        assert_eq!(href(MAIN, MAIN, "verify"), "#verify");
        assert_eq!(href(MAIN, "events/a.html", "x"), "events/a.html#x");
        assert_eq!(href("events/a.html", MAIN, "verify"), "../index.html#verify");
        assert_eq!(href("events/a.html", "events/b.html", "x"), "b.html#x");
        assert_eq!(href("events/a.html", "events/a.html", "x"), "#x");
    }
}
