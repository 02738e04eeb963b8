//! A provider's event catalogue, read from its `events.yaml`: every event (or topic, or event
//! type) the provider documents, with its ID where it has one, and the documented sample of what a
//! delivery of it carries.
//!
//! A sample is a fixture (`fixtures/...`, verbatim) and a documented fact: `facts::load` makes an
//! example claim of each, and the assembly derives each event's payload schema from it (each field
//! typed as the sample shows it, required only where the provider says) and publishes the union
//! the delivery carries.

use indexmap::IndexMap;
use serde::Deserialize;

/// Everything a provider folder's `events.yaml` holds.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// The component a delivery's payload names, any of the events' payloads, and where the body
    /// names its event.
    #[serde(default)]
    pub union: Option<Union>,
    /// Payloads several events share (the API objects a delivery carries), by component name.
    #[serde(default)]
    pub payloads: IndexMap<String, Payload>,
    /// The events, in documented order.
    pub events: Vec<Event>,
}

/// The component that stands for any event's payload, and where a body names its event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Union {
    /// Its component name; none when every event carries the same payload (a wire type that
    /// names its event), which then stands for them all.
    #[serde(default)]
    pub name: Option<String>,
    /// A JSON pointer into the body to the string that names the event (`/topic`); absent when
    /// the body does not name it.
    #[serde(default)]
    pub discriminator: Option<String>,
    /// Pointers to the other fields every payload has, as the provider documents
    /// (`/body/messageId`): required in each event's payload.
    #[serde(default)]
    pub always: Vec<String>,
    /// What the union is, in words.
    #[serde(default)]
    pub description: Option<String>,
    /// The payload of the events whose payload the documentation does not show (a wire type that
    /// reads any of them): the union admits it only for a body that names none of the events typed
    /// here, so a body naming a typed event must match that event's schema.
    #[serde(default)]
    pub fallback: Option<String>,
}

/// A documented sample: a fixture, verbatim, and where it is documented.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    /// The fixture, under `fixtures/`.
    pub file: String,
    /// Where it is documented: `[page, section, part]`.
    pub from: (String, String, String),
    /// The page's own words that introduce it (its heading or first line), verbatim.
    #[serde(default)]
    pub quote: Option<String>,
    /// Where the documented JSON does not parse: how it is read, and the erratum.
    #[serde(default)]
    pub repaired: Option<crate::fixture::Repair>,
}

impl Sample {
    /// The sample's fixture in the provider folder `folder`.
    pub fn fixture(&self, folder: &crate::Folder) -> Option<crate::Fixture> {
        folder
            .file(&format!("fixtures/{}", self.file))
            .map(|file| crate::Fixture { file, repair: self.repaired.clone() })
    }

    /// The sample's JSON, read as the documentation is (repaired, where it does not parse).
    pub fn value(&self, folder: &crate::Folder) -> Option<serde_json::Value> {
        serde_json::from_str(&self.fixture(folder)?.json_text()).ok()
    }
}

/// A payload several events carry, documented by samples.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    /// Its samples: its schema is what they show together.
    pub samples: Vec<Sample>,
    /// What it is.
    pub description: String,
    /// Its properties that the documentation says are always there.
    #[serde(default)]
    pub required: Vec<String>,
    /// Pointers (within the payload, `/stock_adjustments`) to objects whose keys are identifiers
    /// (SKUs, ids): each is a map, its values typed as the samples show them together.
    #[serde(default)]
    pub maps: Vec<String>,
    /// Pointers to values the documentation says may be any JSON (metadata): not narrowed to what
    /// the samples show.
    #[serde(default)]
    pub free_form: Vec<String>,
    /// Objects it carries that are payloads of their own (`{/shipments/*: Shipment}`, `*` for an
    /// array's items): each part of its samples there is a sample of that payload too, and its
    /// schema refers to that payload's there.
    #[serde(default)]
    pub carries: IndexMap<String, String>,
    /// Fields the provider shows as an identifier or, expanded, as the object it names
    /// (`{/employee: Employee}`): a string, or that payload.
    #[serde(default)]
    pub expands: IndexMap<String, String>,
    /// Fields the provider marks deprecated (`{/unique_id: {from: ..., quote: ...}}`): each is
    /// `deprecated` in the payload's schema, its description ending with the provider's words.
    #[serde(default)]
    pub deprecated: IndexMap<String, Deprecation>,
}

/// One documented event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Its name, as a webhook subscribes to it.
    pub name: String,
    /// Its ID, for a provider whose event types have one.
    #[serde(default)]
    pub id: Option<String>,
    /// The name a webhook subscribes to it by, and the delivery names it by, where several events
    /// share one (GitHub's `check_run` for each of its actions); its own name otherwise.
    #[serde(default)]
    pub subscribed_as: Option<String>,
    /// The `operationId` of its `webhooks` entry, where the provider's description gives one; its
    /// name otherwise.
    #[serde(default)]
    pub operation_id: Option<String>,
    /// What it is, where the provider's description says: its `webhooks` entry's summary and
    /// description (the delivery's otherwise).
    #[serde(default)]
    pub summary: Option<String>,
    /// The rest of what the description says of it.
    #[serde(default)]
    pub description: Option<String>,
    /// The sample of its delivery, when it has one of its own.
    #[serde(default)]
    pub sample: Option<Sample>,
    /// The shared payload it carries when it has no sample of its own: one of `payloads`, a
    /// schema the provider's description gives (`schemas.json`), or a wire type of the
    /// provider's (for events whose payload the documentation does not show).
    #[serde(default)]
    pub payload: Option<String>,
    /// Objects its sample carries that are payloads of their own (`{/message: Order}`, `*` for an
    /// array's items): the part of the sample at each pointer is a sample of that payload too, and
    /// the event's schema refers to the payload's there, so one object has one schema whichever
    /// event carries it.
    #[serde(default)]
    pub carries: IndexMap<String, String>,
    /// Where the provider marks the event deprecated: its words, verbatim, and where they stand.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
}

/// The provider's words that mark something deprecated.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deprecation {
    /// Where: `[page, section, part]`.
    pub from: (String, String, String),
    /// The words.
    pub quote: String,
}

impl Event {
    /// The name a webhook subscribes to the event by.
    pub fn subscription(&self) -> &str {
        self.subscribed_as.as_deref().unwrap_or(&self.name)
    }

    /// The component name of the event's own payload: its name in PascalCase, then `Event`
    /// (`order:created` is `OrderCreatedEvent`).
    pub fn component(&self) -> String {
        let mut name: String = self
            .name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        name.push_str("Event");
        name
    }

    /// The component of what a delivery of the event carries: its own, or the shared payload.
    pub fn payload_component(&self) -> Option<String> {
        match (&self.sample, &self.payload) {
            (Some(_), _) => Some(self.component()),
            (None, Some(payload)) => Some(payload.clone()),
            (None, None) => None,
        }
    }
}

impl Catalogue {
    /// The event named `name`.
    pub fn named(&self, name: &str) -> Option<&Event> {
        self.events.iter().find(|event| event.name == name)
    }
}
