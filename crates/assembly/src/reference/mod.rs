//! The reference pages: `spec/<dialect>/index.html`, one static page per dialect, and
//! `spec/index.html`, the list of dialects. They are rendered with minijinja from the same
//! in-memory document and conformance data as every other published file, descriptions with
//! pulldown-cmark, and need nothing but the file: no script, and no style, font or image from
//! elsewhere.
//!
//! A page shows the servers and authentication; every operation (for JSON-RPC, every method)
//! with its parameters, request body fields, responses and documented examples; every delivery
//! with its payload fields, samples, signature headers, how to verify one (in words, as data, as a
//! command and as receiver code in Python and JavaScript) and its retries; every schema; and the
//! provenance of what it says: the pages that document an assertion are linked beside it, every
//! assumption carries a visible "assumed" mark with its reason, and the errata have their own
//! section.
//!
//! A dialect whose page would be larger than [`MOST_BYTES`] gets event pages besides it,
//! `spec/<dialect>/events/<group>.html`: the `webhooks` entries of a delivery published an entry
//! per event move there, one page per event group (the events a webhook subscribes to by one
//! name), each page with the schemas its entries reach that the main page does not show. The main
//! page keeps the rest, links every event to its entry, and shows every assumption mark the event
//! pages do not (each mark is shown once, on one of the pages).

mod builder;
mod deliveries;
mod model;
mod snippets;
mod split;
mod types;

use minijinja::Environment;
use serde_json::{Value, json};

use crate::conformance::Conformance;
use crate::{Error, Output};

pub use deliveries::mark_count;
pub use model::page;

const PAGE: &str = include_str!("page.html");
const EVENTS: &str = include_str!("events.html");
const MACROS: &str = include_str!("macros.html");
const INDEX: &str = include_str!("index.html");
const STYLE: &str = include_str!("style.css");

/// The templates of this module, compiled once.
fn environment() -> Result<&'static Environment<'static>, String> {
    static ENVIRONMENT: std::sync::OnceLock<Result<Environment<'static>, String>> =
        std::sync::OnceLock::new();
    ENVIRONMENT
        .get_or_init(|| {
            let mut environment = Environment::new();
            environment.add_template("macros.html", MACROS).map_err(|error| error.to_string())?;
            environment.add_template("page.html", PAGE).map_err(|error| error.to_string())?;
            environment.add_template("events.html", EVENTS).map_err(|error| error.to_string())?;
            environment.add_template("index.html", INDEX).map_err(|error| error.to_string())?;
            environment.add_global("style", STYLE);
            Ok(environment)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Renders a template of this module with `context`.
fn render(name: &'static str, context: &Value) -> Result<String, String> {
    let template = environment()?.get_template(name).map_err(|error| error.to_string())?;
    template.render(minijinja::value::Serde(context)).map_err(|error| format!("{error:#}"))
}

/// The size a page is kept within: a dialect whose one page would be larger gets event pages.
pub const MOST_BYTES: usize = 400 * 1024;

/// The reference pages of a dialect: `index.html`, everything on one page when it is at most
/// [`MOST_BYTES`] long; otherwise the main page and its event pages, `events/<group>.html`.
pub fn dialect_page(
    dialect: &hookspec_dialects::Provider,
    table: &hookspec_dialects::Table,
    scheme: &hookspec_signature::Scheme,
    document: &crate::document::OpenApi,
    conformance: &Conformance,
) -> Result<Vec<Output>, Error> {
    let output = |path: &str, template: &'static str, context: &Value| {
        let contents = render(template, context).map_err(|message| Error::Render {
            dialect: dialect.name.clone(),
            what: if template == "page.html" { "index.html" } else { "an event page" },
            message,
        })?;
        Ok(Output { path: format!("{}/{path}", dialect.name), contents })
    };
    let whole = output(split::MAIN, "page.html", &page(dialect, table, scheme, document, conformance))?;
    if whole.contents.len() <= MOST_BYTES {
        return Ok(vec![whole]);
    }
    let layout = split::Layout::new(document, &dialect.catalogue);
    let (main, events) = model::pages(dialect, table, scheme, document, conformance, Some(&layout));
    let mut outputs = vec![output(split::MAIN, "page.html", &main)?];
    for (path, context) in &events {
        outputs.push(output(path, "events.html", context)?);
    }
    Ok(outputs)
}

/// `spec/index.html`: the dialects the registry lists, each with its page and documents.
pub fn index(dialects: &[&hookspec_dialects::Provider]) -> Result<Output, Error> {
    let listed: Vec<Value> = dialects
        .iter()
        .map(|dialect| {
            let table = &dialect.table;
            json!({
                "name": dialect.name,
                "provider": table.provider,
                "title": table.info.title,
                "version": table.info.version,
                "protocol": dialect.protocol.label(),
                "openrpc": dialect.protocol.jsonrpc().is_some(),
            })
        })
        .collect();
    let contents = render("index.html", &json!({"dialects": listed})).map_err(|message| Error::Render {
        dialect: "index".into(),
        what: "index.html",
        message,
    })?;
    Ok(Output { path: "index.html".into(), contents })
}

/// Markdown as HTML, raw HTML in it shown as text.
pub(crate) fn markdown(text: &str) -> String {
    use pulldown_cmark::{Event, Parser, html};
    let events = Parser::new(text).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// One paragraph of Markdown as inline HTML, without its `<p>`.
pub(crate) fn inline_markdown(text: &str) -> String {
    let html = markdown(text);
    let trimmed = html.trim_end();
    trimmed.strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>")).unwrap_or(trimmed).to_owned()
}

/// A page's name for a string: letters, digits, `-` and `_`; anything else becomes `-`.
fn anchor(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The constraints a schema states, in words.
fn constraints(schema: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let show = |value: &Value| value.to_string();
    if let Some(values) = schema["enum"].as_array() {
        found.push(format!("one of {}", values.iter().map(show).collect::<Vec<_>>().join(", ")));
    }
    if let Some(values) = schema["x-extensible-enum"].as_array() {
        found.push(format!("known values {}", values.iter().map(show).collect::<Vec<_>>().join(", ")));
    }
    for (keyword, words) in [
        ("const", "always"),
        ("default", "default"),
        ("minimum", "at least"),
        ("maximum", "at most"),
        ("minLength", "at least this long:"),
        ("maxLength", "at most this long:"),
        ("minItems", "at least this many items:"),
        ("pattern", "matches"),
    ] {
        if let Some(value) = schema.get(keyword) {
            found.push(format!("{words} {}", show(value)));
        }
    }
    found
}
