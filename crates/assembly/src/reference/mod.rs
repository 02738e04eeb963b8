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

mod model;
mod snippets;

use minijinja::Environment;
use serde_json::{Value, json};

use crate::conformance::Conformance;
use crate::{Error, Output};

pub use model::{mark_count, page};

const PAGE: &str = include_str!("page.html");
const INDEX: &str = include_str!("index.html");
const STYLE: &str = include_str!("style.css");

/// The templates of this module, compiled once.
fn environment() -> Result<&'static Environment<'static>, String> {
    static ENVIRONMENT: std::sync::OnceLock<Result<Environment<'static>, String>> =
        std::sync::OnceLock::new();
    ENVIRONMENT
        .get_or_init(|| {
            let mut environment = Environment::new();
            environment.add_template("page.html", PAGE).map_err(|error| error.to_string())?;
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

/// The reference page of a dialect.
pub fn dialect_page(
    dialect: &hookspec_dialects::Provider,
    table: &hookspec_dialects::Table,
    scheme: &hookspec_signature::Scheme,
    document: &crate::document::OpenApi,
    conformance: &Conformance,
) -> Result<Output, Error> {
    let context = page(dialect, table, scheme, document, conformance);
    let contents = render("page.html", &context).map_err(|message| Error::Render {
        dialect: dialect.name.clone(),
        what: "index.html",
        message,
    })?;
    Ok(Output { path: format!("{}/index.html", dialect.name), contents })
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
