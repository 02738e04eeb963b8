//! The reference pages, without a browser (`.ci/browser.mjs` loads them in Chromium): one per
//! registered dialect (with its event pages, for a dialect whose one page would be too large)
//! and an index, self-contained, within their size bound, and together showing what their
//! documents hold.

use hookspec_tests::{document, generated, published};

/// A page is at most this large.
const MOST_BYTES: usize = 400 * 1024;

// A dialect's page is split before it is larger than the bound it is held to.
const _: () = assert!(hookspec_assembly::reference::MOST_BYTES <= MOST_BYTES);

/// The reference pages of `dialect`: its main page first, then its event pages, as
/// `(path, contents)`.
fn pages_of(dialect: &str) -> Vec<(&'static str, &'static str)> {
    let events = format!("{dialect}/events/");
    let main = format!("{dialect}/index.html");
    let mut pages: Vec<(&str, &str)> = published()
        .iter()
        .filter(|output| output.path == main || output.path.starts_with(&events))
        .map(|output| (output.path.as_str(), output.contents.as_str()))
        .collect();
    pages.sort_by_key(|(path, _)| *path != main);
    assert_eq!(pages.first().map(|(path, _)| *path), Some(main.as_str()), "{dialect} has a page");
    pages
}

#[test]
fn every_page_is_self_contained_and_small() {
    let pages: Vec<&hookspec_assembly::Output> =
        published().iter().filter(|output| output.path.ends_with(".html")).collect();
    assert!(pages.len() > hookspec_tests::providers().len(), "an index and a page per dialect at least");
    for page in pages {
        let (path, page) = (&page.path, &page.contents);
        assert!(page.len() <= MOST_BYTES, "{path}: a page of {} bytes", page.len());
        assert!(!page.contains("<script"), "{path}: no script");
        for external in ["src=\"http", "<link", "@import", "url("] {
            assert!(!page.contains(external), "{path}: nothing fetched from elsewhere: {external}");
        }
    }
}

#[test]
fn a_dialect_whose_page_fits_has_one_page_and_the_others_event_pages() {
    for dialect in hookspec_tests::providers() {
        let pages = pages_of(&dialect.name);
        if pages.len() == 1 {
            continue;
        }
        let main = pages[0].1.replace("&#x2f;", "/");
        for (path, page) in &pages[1..] {
            let (page, file) = (page.replace("&#x2f;", "/"), path.rsplit('/').next().expect("a file name"));
            assert!(file.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)), "{path}");
            assert!(main.contains(&format!("href=\"events/{file}")), "the main page links {path}");
            assert!(page.contains("href=\"../index.html\""), "{path} links back to the main page");
            assert!(page.contains("href=\"../index.html#verify\""), "{path} links to the verification");
        }
    }
    // The size of the one page decides: the dialects that fit keep it, the others are split.
    assert_eq!(pages_of("gigapay").len(), 1);
    assert!(pages_of("github").len() > 1);
}

#[test]
fn every_dialects_pages_show_its_operations_schemas_and_every_assumption_once() {
    for dialect in hookspec_tests::providers() {
        let pages = pages_of(&dialect.name);
        // The pages' text, as a browser shows it: minijinja escapes `/` in an operationId.
        let every: String = pages.iter().map(|(_, page)| *page).collect::<String>().replace("&#x2f;", "/");
        let document = document(&dialect.name);
        let operations = hookspec_toolkit::lookup::operations(&document)
            .into_iter()
            .chain(hookspec_toolkit::lookup::deliveries(&document));
        for operation in operations {
            let id = operation.object["operationId"].as_str().expect("an operationId");
            assert!(every.contains(id), "{}: {id}", dialect.name);
        }
        for schema in document["components"]["schemas"].as_object().expect("schemas").keys() {
            assert!(every.contains(&format!("id=\"schema-{schema}\"")), "{}: {schema}", dialect.name);
        }
        assert_eq!(
            every.matches("class=\"assumed\"").count(),
            hookspec_assembly::reference::mark_count(
                &serde_json::from_value(document.clone()).expect("hookspec's model reads what it writes")
            ),
            "{}: one mark per x-hookspec-assumed entry",
            dialect.name
        );
        let main = generated(&format!("{}/index.html", dialect.name));
        assert!(main.contains("data-snippet=\"python\"") && main.contains("data-snippet=\"javascript\""));
    }
}

#[test]
fn every_link_between_pages_and_to_a_schema_leads_to_its_anchor() {
    let html: Vec<&hookspec_assembly::Output> =
        published().iter().filter(|output| output.path.ends_with(".html")).collect();
    let ids = |contents: &str| -> Vec<String> {
        contents
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    for page in &html {
        let folder: Vec<&str> = page
            .path
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(Vec::new(), |(_, folder)| folder.to_vec());
        for href in page.contents.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let href = href.replace("&#x2f;", "/");
            let (file, anchor) = href.split_once('#').unwrap_or((&href, ""));
            // A link the page makes: to another page of spec/, or to a schema's anchor; not the
            // links the provider's descriptions hold.
            if href.starts_with("http") || !(file.ends_with(".html") || anchor.starts_with("schema-")) {
                continue;
            }
            let mut target = folder.clone();
            for part in file.split('/').filter(|part| !part.is_empty()) {
                if part == ".." {
                    assert!(target.pop().is_some(), "{}: {href} leaves spec/", page.path);
                } else {
                    target.push(part);
                }
            }
            let target = if file.is_empty() { page.path.clone() } else { target.join("/") };
            let found = html.iter().find(|output| output.path == target);
            let found = found.unwrap_or_else(|| panic!("{}: {href} leads to no page", page.path));
            assert!(
                anchor.is_empty() || ids(&found.contents).iter().any(|id| id == anchor),
                "{}: {href}",
                page.path
            );
        }
    }
}
