//! `import.yaml`: what to import from which description, written by hand.

use hookspec_problem::Problem;
use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A provider folder's `import.yaml`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Selection {
    /// The provider's name, as the documents show it (`GitHub`).
    pub provider: String,
    /// The document's title and description (the descriptions' own are of the whole API).
    pub info: Info,
    /// The descriptions read, by the name the rest of the file calls them: each a file of a
    /// published package, pinned to a version.
    pub descriptions: IndexMap<String, DescriptionRef>,
    /// The operations imported.
    pub operations: Operations,
    /// The webhooks imported: one event each.
    pub webhooks: Webhooks,
    /// The security schemes, as `api.yaml` writes them, where the descriptions give none (their
    /// facts, from the provider's prose, are written by hand in `facts.yaml`).
    #[serde(default)]
    pub security_schemes: Option<Value>,
    /// The security requirement of every operation, as `api.yaml` writes it.
    #[serde(default)]
    pub security: Option<Value>,
    /// What the document adds to the descriptions, each with the reason: responses the
    /// descriptions do not list for an operation (their facts, from the provider's prose, are
    /// written by hand in `facts.yaml`).
    #[serde(default)]
    pub added: Vec<Added>,
    /// Where the document deliberately says otherwise than the descriptions for a reason the
    /// import cannot see (the signature scheme, what GitHub's prose says of a header), each with
    /// the changes `cargo xtask diff` reports for it; written into `description/differences.yaml`
    /// with those the import makes itself.
    #[serde(default)]
    pub differences: Vec<Value>,
    /// The tools that cannot make a client of the document, each with the reason, as `api.yaml`
    /// writes them.
    #[serde(default)]
    pub unsupported: IndexMap<String, String>,
    /// The component schemas that get Rust wire types (`wire.rs`): those the conversion to the
    /// canonical model reads.
    #[serde(default)]
    pub wire: Vec<String>,
}

/// The published document's title and description.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Info {
    /// Its title.
    pub title: String,
    /// What it describes.
    pub description: String,
}

/// A description, as a file of a published package.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DescriptionRef {
    /// What it is, as a reader would name it.
    pub title: String,
    /// The package (`@octokit/openapi`).
    pub package: String,
    /// Its version, pinned.
    pub version: String,
    /// The file within the package.
    pub file: String,
    /// The package's public page at that version.
    pub url: String,
}

/// Which operations, from which description.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// The description's name in `descriptions`.
    pub from: String,
    /// Their `operationId`s, in the order the document lists them.
    pub ids: Vec<String>,
    /// The tags they are listed under, by the description's tag name: the descriptions' own tags
    /// describe whole areas of the API.
    pub tags: IndexMap<String, String>,
}

/// Which webhooks, from which description, and what the description does not say of them.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// The description's name in `descriptions`.
    pub from: String,
    /// A JSON pointer into each webhook's entry to the name a webhook subscribes to its event by
    /// (`/post/x-github/subcategory`); the event's own name (the entry's key) when absent.
    #[serde(default)]
    pub subscribed_as: Option<String>,
    /// A JSON pointer into each webhook's entry to the list of the kinds of webhook it is sent to
    /// (`/post/x-github/supported-webhook-types`), said in the event's description.
    #[serde(default)]
    pub sent_to: Option<String>,
    /// The headers the signature scheme makes (`signature.yaml`), left out of the delivery's
    /// other headers.
    #[serde(default)]
    pub signature_headers: Vec<String>,
    /// The union of every event's payload: its component name, and what it is.
    pub union: Union,
    /// The delivery in the table (`api.yaml`'s `deliveries`): what the description does not say.
    pub delivery: Value,
}

/// Responses the document adds to operations.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Added {
    /// The operations, by `operationId`.
    pub operations: Vec<String>,
    /// The responses, by status, each a shared response of the description (`not_found`).
    pub responses: IndexMap<String, String>,
    /// Why, in words.
    pub because: String,
}

/// The component that stands for any event's payload.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Union {
    /// Its component name.
    pub name: String,
    /// What it is, in words.
    pub description: String,
}

/// A problem of a YAML file at `at`, with the parser's line and column.
pub(crate) fn problem(at: &str, error: &yaml_serde::Error) -> Problem {
    let location = error.location();
    Problem {
        at: at.into(),
        line: location.as_ref().map(|location| location.line()),
        column: location.as_ref().map(|location| location.column()),
        message: error.to_string(),
    }
}
