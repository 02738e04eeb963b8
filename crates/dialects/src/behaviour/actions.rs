//! What each operation or method does to the webhooks (`behaviour.yaml`'s `operations`, and
//! `jsonrpc.methods`), and how a list pages and answers.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::Reply;

/// What an operation or method does to the webhooks.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Lists the webhooks (a query parameter that names a webhook field filters on it).
    List(Listing),
    /// Creates a webhook from the body (or the JSON-RPC argument).
    Create(Argument),
    /// Answers one webhook.
    Retrieve(Target),
    /// Changes the fields the body gives; every other keeps its value.
    Update(Target),
    /// Replaces a webhook with the body; what it leaves out takes its default again.
    Replace(Target),
    /// Deletes a webhook.
    Delete(Target),
    /// Turns on or off every webhook subscribed to an event (JSON-RPC arguments): the status
    /// argument is written into the field, and the wire's conversion reads it.
    SetEnabled {
        /// The position of the event's name among the arguments.
        event: usize,
        /// The position of the status among the arguments.
        status: usize,
        /// The webhook field the status is written into.
        field: String,
    },
    /// Lists the event catalogue, each type as `event_type` shows it.
    ListEventTypes(EventTypeObject),
    /// Delivers an event to the webhook a path parameter names, whatever it subscribes to unless
    /// `if_subscribed`, and answers the operation's success status (a ping, a test).
    Deliver(Delivering),
    /// Serves an object field of the webhook a path parameter names as a resource of its own:
    /// answers it (as the webhook's answers show it, the secret masked), and first writes the
    /// members a body gives into it key by key, as an update writes a `merged` field.
    Nested(Nested),
    /// Lists the deliveries made to the webhook a path parameter names, one record per attempt
    /// (every ping, test, triggered event, retry and redelivery), each as `delivery_record` shows
    /// it, paged as `listing` says.
    ListDeliveries(DeliveryListing),
    /// Answers one record of the deliveries made to a webhook, as `delivery_record` shows it.
    RetrieveDelivery(DeliveryTarget),
    /// Delivers again what one record of a webhook's deliveries delivered: the same event and
    /// payload under the same `{delivery}`, to the webhook as it is now, as a new record (a
    /// redelivery). Answers the operation's success status, with an empty object where the
    /// document gives that answer a JSON body.
    Redeliver(DeliveryTarget),
    /// Answers one event type of the catalogue, by the ID in this parameter.
    RetrieveEventType {
        /// The path parameter with the event type's ID.
        id: String,
        /// How it is shown.
        object: IndexMap<String, Value>,
    },
}

/// What an action that delivers sends, and to which webhook.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delivering {
    /// The path parameter with the webhook's id.
    pub parameter: String,
    /// The event delivered (`ping`); the first the webhook subscribes to when absent.
    #[serde(default)]
    pub event: Option<String>,
    /// Whether only a webhook subscribed to the event (by its name, or the wire's wildcard) gets
    /// it; another gets nothing, and the answer is the same.
    #[serde(default)]
    pub if_subscribed: bool,
}

/// An object field of a webhook, served as a resource of its own.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nested {
    /// The path parameter with the webhook's id.
    pub parameter: String,
    /// The field (one of `webhooks.merged`).
    pub field: String,
}

/// The deliveries of a webhook, as a list.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryListing {
    /// The path parameter with the webhook's id.
    pub parameter: String,
    /// How the list is ordered, paged and answered, as a list of webhooks is: `order` by when
    /// each attempt was made, a cursor naming a record's `{attempt_id}`.
    #[serde(default)]
    pub listing: Listing,
}

/// One record of a webhook's deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryTarget {
    /// The path parameter with the webhook's id.
    pub parameter: String,
    /// The path parameter with the record's `{attempt_id}`.
    pub delivery: String,
}

/// How a list pages and what it answers.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    /// The order of the webhooks: oldest first when absent.
    #[serde(default)]
    pub order: Order,
    /// The paging style, and its parameters (their defaults and limits are the document's).
    #[serde(default)]
    pub paging: Option<Paging>,
    /// The answer: a bare array of webhooks when absent, else an object with these fields.
    #[serde(default)]
    pub envelope: Option<IndexMap<String, EnvelopeField>>,
    /// Whether the page's neighbours are also in a `Link` header (`<URL>; rel="next"`, as RFC
    /// 8288 writes them): for page-number paging, the URLs name the pages; for cursor paging, the
    /// next page's names the last item's id as its `after` cursor (and the previous page's the
    /// first item's as its `before` cursor, where there is one).
    #[serde(default)]
    pub link: bool,
    /// The answer to a page number that names no page (one that is not a whole number from 1, or
    /// a page past the last but the first), for page-number paging, where the provider refuses it
    /// apart from other invalid parameters. Without it, a page number of the wrong type is refused
    /// as `invalid` and a page past the last is empty.
    #[serde(default)]
    pub invalid_page: Option<Reply>,
}

/// The order a list gives the webhooks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// In the order they were created.
    #[default]
    OldestFirst,
    /// The most recently created first.
    NewestFirst,
}

/// A paging style.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Paging {
    /// The `page`-th page (from 1) of `size` items.
    PageNumber {
        /// The page parameter.
        page: String,
        /// The page-size parameter.
        size: String,
    },
    /// `limit` items after skipping `offset`.
    Offset {
        /// The offset parameter.
        offset: String,
        /// The limit parameter.
        limit: String,
    },
    /// `limit` items after (or before) the item whose id a cursor parameter names.
    Cursor {
        /// The limit parameter.
        limit: String,
        /// The parameter with the id the page starts after.
        after: String,
        /// The parameter with the id the page ends before, where the list pages backwards too.
        #[serde(default)]
        before: Option<String>,
    },
}

impl Paging {
    /// The parameters it pages by.
    pub fn parameters(&self) -> Vec<&String> {
        match self {
            Paging::PageNumber { page, size } => vec![page, size],
            Paging::Offset { offset, limit } => vec![offset, limit],
            Paging::Cursor { limit, after, before } => {
                [Some(limit), Some(after), before.as_ref()].into_iter().flatten().collect()
            }
        }
    }
}

impl Action {
    /// How the list it answers is ordered and paged, for an action that lists.
    pub fn listing(&self) -> Option<&Listing> {
        match self {
            Action::List(listing) | Action::ListDeliveries(DeliveryListing { listing, .. }) => Some(listing),
            _ => None,
        }
    }
}

/// A field of a list's answer.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EnvelopeField {
    /// The webhooks of the page.
    Items,
    /// How many webhooks the whole list has.
    Total,
    /// The absolute URL of the next page, or null.
    NextUrl,
    /// The absolute URL of the previous page, or null.
    PreviousUrl,
    /// Whether more webhooks follow the page.
    HasMore,
    /// The value of the paging parameter of this name.
    Parameter(String),
    /// The request's path.
    Path,
    /// This value.
    Constant(Value),
}

/// Where a method's input is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Argument {
    /// For a JSON-RPC method, the position of the argument; a REST operation takes its body.
    #[serde(default)]
    pub argument: Option<usize>,
}

/// Which webhook an operation is about.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The path parameter with its id (REST).
    #[serde(default)]
    pub parameter: Option<String>,
    /// The position of the argument with its id (JSON-RPC).
    #[serde(default)]
    pub argument: Option<usize>,
    /// For a delete that answers a body: the fields it adds to the deleted webhook's, which the
    /// success response's schema then shows (Stripe's `deleted: true`).
    #[serde(default)]
    pub answer: Option<serde_json::Map<String, Value>>,
}

/// How an event type of the catalogue is shown: an object whose string values may be `{id}` and
/// `{name}`.
pub type EventTypeObject = IndexMap<String, Value>;
