//! The published documents: pinned for review, deterministic, and fresh in `spec/`.

use hookspec_assembly::drift;
use hookspec_tests::workspace;

fn everything() -> Vec<hookspec_assembly::Output> {
    hookspec_assembly::publish(&[]).expect("generation succeeds").0
}

/// Every published document and report is pinned as an insta snapshot, so a change to a model, a
/// dialect or the assembly shows up as a reviewable diff (`cargo insta review`). The exported
/// JSON Schemas are left to the drift check and to `tests/json_schemas.rs`.
#[test]
fn every_published_document_and_report_is_pinned() {
    for output in everything().into_iter().filter(|output| !output.path.contains("/schemas/")) {
        insta::assert_snapshot!(output.path.replace('/', "__"), output.contents);
    }
}

#[test]
fn generation_is_byte_identical_across_runs() {
    let (first, second) = (everything(), everything());
    assert_eq!(first, second);
}

/// The committed `spec/` folder is what the sources generate (the same check as
/// `cargo xtask spec --check`, so `cargo test` alone catches a forgotten regeneration).
#[test]
fn committed_spec_is_fresh() {
    let drift = drift::compare(&workspace().join("spec"), &everything(), &[]).expect("spec/ is readable");
    assert!(drift.is_empty(), "spec/ is stale; run `cargo xtask spec`: {drift:#?}");
}

#[test]
fn no_generated_document_holds_an_empty_string_or_a_made_up_license() {
    for dialect in hookspec_dialects::registry() {
        let document = hookspec_tests::document(dialect.name());
        assert_eq!(hookspec_assembly::quality::check(&document), [], "{}", dialect.name());
        assert!(document["info"].get("license").is_none(), "{}: utoipa's default license", dialect.name());
        assert!(document["info"]["description"].as_str().is_some_and(|text| !text.is_empty()));
    }
}
