//! Spec assembly: turns each dialect into the files published under `spec/<dialect>/`.
//!
//! For one dialect: render its typed document ([`openapi`], [`document`]), check every documented
//! claim against it and embed the documented examples ([`conformance`]), hold it to the quality bar
//! ([`quality`]), and render the OpenAPI YAML and the conformance report deterministically
//! ([`render`], [`report`]), with an OpenAPI 3.0.3 copy for older generators ([`openapi30`]) and,
//! for a JSON-RPC dialect, an OpenRPC document ([`openrpc`]). All of it happens in memory and reads nothing but the compiled-in
//! dialects: the xtask compares the result with `spec/` or writes it there.

pub mod conformance;
pub mod document;
pub mod events;
pub mod index;
pub mod jsonrpc;
pub mod openapi;
pub mod openapi30;
pub mod openrpc;
pub mod quality;
pub mod reference;
pub mod render;
pub mod renderer;
pub mod report;
pub mod schemas;

use std::path::PathBuf;

use hookspec_dialects::table::Table;
use hookspec_dialects::{Provider, Registered};

use crate::conformance::Conformance;
use crate::document::OpenApi;

/// One generated file, with its path relative to `spec/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path relative to the `spec/` folder, with `/` separators.
    pub path: String,
    /// The file's contents.
    pub contents: String,
}

pub use hookspec_dialects::Problem;

/// Why the spec could not be generated, compared or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dialect's sources are inconsistent with its documentation or the quality bar.
    #[error("dialect `{dialect}` has {} problem(s):\n{}", problems.len(), list(problems))]
    Dialect {
        /// The dialect's name.
        dialect: String,
        /// Every problem found, in source order.
        problems: Vec<Problem>,
    },
    /// A dialect name that is not registered.
    #[error("unknown dialect `{name}`; the dialects are: {known}")]
    UnknownDialect {
        /// The name asked for.
        name: String,
        /// The registered names, comma-separated.
        known: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Serialising a document failed.
    #[error("dialect `{dialect}`: cannot render {what}: {message}")]
    Render {
        /// The dialect's name.
        dialect: String,
        /// The file being rendered.
        what: &'static str,
        /// The serialiser's message.
        message: String,
    },
}

fn list(problems: &[Problem]) -> String {
    problems.iter().map(|problem| format!("  - {problem}")).collect::<Vec<_>>().join("\n")
}

/// The dialects named, or all registered ones when `names` is empty.
pub fn select(names: &[String]) -> Result<Vec<&'static Registered>, Error> {
    if names.is_empty() {
        return Ok(hookspec_dialects::registry().iter().collect());
    }
    names
        .iter()
        .map(|name| {
            hookspec_dialects::find(name).ok_or_else(|| Error::UnknownDialect {
                name: name.clone(),
                known: hookspec_dialects::registry()
                    .iter()
                    .map(Registered::name)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        })
        .collect()
}

/// The registered provider, loaded, or the problems that stop it loading.
pub fn load(registered: &'static Registered) -> Result<&'static Provider, Error> {
    registered
        .provider()
        .map_err(|errors| Error::Dialect { dialect: registered.name(), problems: errors.to_vec() })
}

/// A dialect's OpenAPI 3.1 document, checked against its documentation.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The operation table.
    pub table: Table,
    /// The schemas of the wire types.
    pub derived: schemas::Derived,
    /// The document, with the documented examples embedded and the assumptions marked.
    pub document: OpenApi,
    /// How it conforms to the documentation.
    pub conformance: Conformance,
    /// How its deliveries are signed.
    pub scheme: hookspec_signature::Scheme,
    /// The types the event catalogue's samples added to what its objects' tables (or first samples)
    /// showed.
    pub widenings: Vec<events::Widening>,
}

/// The checked OpenAPI 3.1 document of `provider`.
pub fn assemble(provider: &Provider) -> Result<Assembled, Error> {
    let name = || provider.name.clone();
    let table = provider.table.clone();
    let scheme = provider.scheme.clone();
    let derived = schemas::derive_provider(provider)
        .map_err(|problems| Error::Dialect { dialect: name(), problems })?;
    let (mut document, widenings) = openapi::render(provider, &derived)
        .map_err(|problems| Error::Dialect { dialect: name(), problems })?;
    // The components generated from the protocol (JSON-RPC's envelope) and from the event catalogue's
    // samples say nothing the provider's facts could back beyond their samples, but for the union's
    // discriminator: that every delivery names its event.
    let jsonrpc = provider.protocol.jsonrpc();
    let mut generated = conformance::Generated {
        names: jsonrpc.iter().flat_map(|api| jsonrpc::component_names(api)).collect(),
        discriminated: None,
        imported: provider.imported.keys().cloned().collect(),
    };
    let catalogue = &provider.catalogue;
    generated.names.extend(catalogue.payloads.keys().cloned());
    generated.names.extend(
        catalogue.events.iter().filter(|event| event.sample.is_some()).map(|event| event.component()),
    );
    if let Some(union_name) = catalogue.union.as_ref().and_then(|union| union.name.clone()) {
        if catalogue.union.as_ref().is_some_and(|union| union.discriminator.is_some()) {
            generated.discriminated = Some(union_name.clone());
        }
        generated.names.insert(union_name);
    }
    if let Some(fallback) = catalogue.union.as_ref().and_then(|union| union.fallback.as_deref()) {
        generated.names.insert(events::untyped(fallback));
    }
    let conformance =
        conformance::check(&mut document, &provider.facts, &table.provider, &generated, jsonrpc)
            .map_err(|problems| Error::Dialect { dialect: name(), problems })?;
    Ok(Assembled { table, derived, document, conformance, scheme, widenings })
}

/// Every file published for `provider`.
pub fn generate(provider: &Provider) -> Result<Vec<Output>, Error> {
    let name = provider.name.as_str();
    let Assembled { table, derived, document, conformance, scheme, widenings } = assemble(provider)?;
    meets_quality_bar(name, &document)?;
    let openapi30_document = openapi30::convert(&document)
        .map_err(|problems| Error::Dialect { dialect: name.into(), problems })?;
    meets_quality_bar(name, &openapi30_document)?;
    // The two documents and the reference pages are rendered side by side: for a large dialect
    // they are most of its generation, and the other dialects are done before it.
    let (openapi, openapi30, pages) = std::thread::scope(|scope| {
        let openapi = scope.spawn(|| render::yaml(name, "openapi.yaml", &document));
        let openapi30 = scope.spawn(|| render::yaml(name, "openapi-3.0.yaml", &openapi30_document));
        let pages = reference::dialect_page(provider, &table, &scheme, &document, &conformance);
        let joined = |handle: std::thread::ScopedJoinHandle<'_, Result<String, Error>>| {
            handle.join().unwrap_or_else(|_| {
                Err(Error::Render {
                    dialect: name.into(),
                    what: "a document",
                    message: "the renderer panicked".into(),
                })
            })
        };
        (joined(openapi), joined(openapi30), pages)
    });
    let mut outputs = vec![
        Output { path: format!("{name}/openapi.yaml"), contents: openapi? },
        Output { path: format!("{name}/openapi-3.0.yaml"), contents: openapi30? },
        Output {
            path: format!("{name}/conformance.md"),
            contents: report::markdown(provider, &conformance, &widenings),
        },
    ];
    outputs.extend(json_schemas(name, &derived));
    outputs.extend(pages?);
    if let Some(api) = provider.protocol.jsonrpc() {
        let openrpc = openrpc::render(api, &document);
        let reserved = openrpc::reserved_names(&openrpc);
        if !reserved.is_empty() {
            let problems = reserved
                .into_iter()
                .map(|param| Problem::new(provider.folder.path("api.yaml"), format!(
                        "the by-position parameter `{param}` is named with a word generated clients cannot use; \
                         label it otherwise and keep the provider's word in its description"
                    )))
                .collect();
            return Err(Error::Dialect { dialect: name.into(), problems });
        }
        outputs.push(Output { path: format!("{name}/openrpc.json"), contents: render::json(&openrpc) });
    }
    Ok(outputs)
}

fn meets_quality_bar(dialect: &str, document: &OpenApi) -> Result<(), Error> {
    let problems = quality::check(document);
    if problems.is_empty() { Ok(()) } else { Err(Error::Dialect { dialect: dialect.into(), problems }) }
}

/// The folder of the canonical model's JSON Schemas under `spec/`.
pub const CANONICAL: &str = "canonical";

/// The standalone JSON Schemas of the published types of `derived`, as
/// `<folder>/schemas/<name>.json`.
fn json_schemas(folder: &str, derived: &schemas::Derived) -> Vec<Output> {
    derived
        .published
        .iter()
        .map(|name| {
            let mut schema = schemas::standalone(&derived.components, name);
            render::unwrap_descriptions(&mut schema);
            Output { path: format!("{folder}/schemas/{name}.json"), contents: render::json(&schema) }
        })
        .collect()
}

/// Every file published for each of `dialects`, loaded and generated side by side (the dialects
/// are independent), in the order given.
pub fn generate_each(dialects: &[&'static Registered]) -> Vec<Result<Vec<Output>, Error>> {
    std::thread::scope(|scope| {
        let running: Vec<_> =
            dialects.iter().map(|registered| scope.spawn(|| generate(load(registered)?))).collect();
        running
            .into_iter()
            .map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    })
}

/// The folder under `spec/` of the JSON Schemas of a provider folder's data files.
pub const FORMATS: &str = "formats";

/// The JSON Schema of each data file format of a provider folder (`api.yaml`, `facts.yaml`, ...),
/// as `formats/<name>.json`, for editors and for dialect authors.
pub fn formats() -> Vec<Output> {
    hookspec_dialects::formats()
        .into_iter()
        .map(|(file, schema)| Output {
            path: format!("{FORMATS}/{}.json", file.trim_end_matches(".yaml")),
            contents: render::json(&schema.to_value()),
        })
        .collect()
}

/// The JSON Schemas of the canonical model, under `canonical/schemas/`.
pub fn canonical() -> Vec<Output> {
    json_schemas(CANONICAL, &schemas::derive(hookspec_dialects::canonical_schemas))
}

/// What is published for the whole registry besides each dialect's files: the canonical
/// model's schemas and the index of the dialects (`README.md`), given every dialect's `outputs`.
pub fn shared(outputs: &[Output]) -> Vec<Output> {
    let mut shared = canonical();
    shared.extend(formats());
    // `generate` reports a provider that does not load; the indexes list those that do.
    let providers: Vec<&Provider> =
        hookspec_dialects::registry().iter().filter_map(|registered| registered.provider().ok()).collect();
    shared.push(index::markdown(&providers, outputs));
    // Every dialect's page is among `outputs`; the index of the pages cannot fail to render.
    shared.extend(reference::index(&providers).ok());
    shared
}

/// What `cargo xtask spec` publishes for the dialects `names` (all, and the canonical model's
/// schemas, when `names` is empty), and the folders under `spec/` those files own: files there
/// that nothing generates are stray. An empty scope means the whole of `spec/`.
pub fn publish(names: &[String]) -> Result<(Vec<Output>, Vec<String>), Error> {
    let dialects = select(names)?;
    let mut outputs = Vec::new();
    for result in generate_each(&dialects) {
        outputs.extend(result?);
    }
    if names.is_empty() {
        let shared = shared(&outputs);
        outputs.extend(shared);
        return Ok((outputs, Vec::new()));
    }
    Ok((outputs, dialects.iter().map(|registered| registered.name()).collect()))
}
