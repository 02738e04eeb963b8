//! A provider's event catalogue, read from its `events.yaml`: every event (or topic, or event
//! type) the provider documents, with its ID where it has one.

use serde::Deserialize;

/// Everything a provider folder's `events.yaml` holds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The events, in documented order.
    pub events: Vec<Event>,
}

/// One documented event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Its name, as a webhook subscribes to it.
    pub name: String,
    /// Its ID, for a provider whose event types have one.
    #[serde(default)]
    pub id: Option<String>,
}

impl Catalogue {
    /// The event named `name`.
    pub fn named(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.name == name)
    }
}
