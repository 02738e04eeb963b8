//! The reference pages, without a browser (`.ci/browser.mjs` loads them in Chromium): one per
//! registered dialect and an index, self-contained, within their size bound, and showing what
//! their documents hold.

use hookspec_tests::{document, generated};

/// A page is at most this large.
const MOST_BYTES: usize = 400 * 1024;

#[test]
fn every_page_is_self_contained_and_small() {
    let mut pages = vec![generated("index.html")];
    pages.extend(
        hookspec_tests::providers().iter().map(|dialect| generated(&format!("{}/index.html", dialect.name))),
    );
    for page in pages {
        assert!(page.len() <= MOST_BYTES, "a page of {} bytes", page.len());
        assert!(!page.contains("<script"), "no script");
        for external in ["src=\"http", "<link", "@import", "url("] {
            assert!(!page.contains(external), "nothing fetched from elsewhere: {external}");
        }
    }
}

#[test]
fn every_page_shows_its_operations_schemas_and_every_assumption_once() {
    for dialect in hookspec_tests::providers() {
        let page = generated(&format!("{}/index.html", dialect.name));
        let document = document(&dialect.name);
        let operations = hookspec_toolkit::lookup::operations(&document)
            .into_iter()
            .chain(hookspec_toolkit::lookup::deliveries(&document));
        for operation in operations {
            let id = operation.object["operationId"].as_str().expect("an operationId");
            assert!(page.contains(id), "{}: {id}", dialect.name);
        }
        for schema in document["components"]["schemas"].as_object().expect("schemas").keys() {
            assert!(page.contains(&format!("id=\"schema-{schema}\"")), "{}: {schema}", dialect.name);
        }
        assert_eq!(
            page.matches("class=\"assumed\"").count(),
            hookspec_assembly::reference::mark_count(
                &serde_json::from_value(document.clone()).expect("hookspec's model reads what it writes")
            ),
            "{}: one mark per x-hookspec-assumed entry",
            dialect.name
        );
        assert!(page.contains("data-snippet=\"python\"") && page.contains("data-snippet=\"javascript\""));
    }
}
