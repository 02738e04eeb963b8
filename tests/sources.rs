//! `cargo xtask sources` against scratch git repositories: every quote of a repository-backed page
//! stands at its pinned commit, and `--latest` names a quoted sentence the docs deleted and a JSON
//! example they added, and exits 1. No network: the repository is made here.

use std::path::Path;
use std::process::Command;

use hookspec_dialects::{Folder, Provider};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=hookspec",
            "-c",
            "user.email=tests@hookspec.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap_or_else(|error| panic!("git: {error}"));
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Commits `text` as `docs/page.md` and answers the commit.
fn commit(dir: &Path, text: &str, message: &str) -> String {
    std::fs::create_dir_all(dir.join("docs")).expect("a folder");
    std::fs::write(dir.join("docs/page.md"), text).expect("written");
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", message]);
    git(dir, &["rev-parse", "HEAD"])
}

/// Gigapay's provider, with its API reference (`api`) read from `test/docs` at `pinned`, from the
/// one file `docs/page.md`.
fn provider_pinned_at(pinned: &str) -> &'static Provider {
    let gigapay = hookspec_tests::dialect("gigapay");
    let files: Vec<(String, String)> = gigapay
        .folder
        .files()
        .map(|(path, text)| {
            let text = if path == "facts.yaml" {
                let start = text
                    .find("    source:\n      repo: gigapay/Documentation\n")
                    .expect("the api page's source");
                let end = start + text[start..].find("]\n").expect("its paths") + 2;
                format!(
                    "{}    source: {{repo: test/docs, commit: {pinned}, path: docs/page.md}}\n{}",
                    &text[..start],
                    &text[end..]
                )
            } else {
                text.to_owned()
            };
            (path.to_owned(), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let provider = Provider::load(Folder::in_memory("scratch_sources", &files), gigapay.wire)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    Box::leak(Box::new(provider))
}

/// Every quote Gigapay's facts (and its history of changes) take from its API reference, each on
/// its own line.
fn api_quotes() -> String {
    let facts = &hookspec_tests::dialect("gigapay").facts;
    let from_claims =
        facts.claims.iter().flat_map(|claim| &claim.quotes).map(|quote| (&quote.page, &quote.text));
    let from_changes = facts
        .changes
        .iter()
        .flat_map(|change| [&change.was, &change.now])
        .map(|side| (&side.page, &side.quote));
    let mut quotes: Vec<String> = from_claims
        .chain(from_changes)
        .filter(|(page, _)| *page == "api")
        .map(|(_, text)| text.clone())
        .collect();
    quotes.dedup();
    quotes.join("\n\n")
}

fn run(provider: &Provider, dir: &Path, latest: bool) -> (u8, String) {
    let checkout = xtask::sources::Checkout::open(dir).expect("a git repository");
    let mut out = Vec::new();
    let code = xtask::sources::report(&[provider], &[("test/docs".to_owned(), checkout)], latest, &mut out)
        .expect("the check runs");
    (code, String::from_utf8_lossy(&out).into_owned())
}

#[test]
fn every_quote_stands_at_its_pinned_commit_and_latest_names_what_the_docs_changed() {
    let dir = hookspec_tests::scratch("sources");
    git(&dir, &["init", "-q"]);
    let text = api_quotes();
    let pinned = commit(&dir, &text, "the docs as read");
    let provider = provider_pinned_at(&pinned);

    let (code, out) = run(provider, &dir, false);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("page(s)") && !out.contains("  - "), "{out}");

    // A newer commit deletes a quoted sentence (the longest quote, which no other contains) and adds a
    // JSON example.
    let sentence =
        text.split("\n\n").max_by_key(|quote| quote.len()).map(hookspec_dialects::sources::collapse);
    let sentence = sentence.expect("a quote");
    let changed = hookspec_dialects::sources::collapse(&text).replace(&sentence, "")
        + "\n\n```json\n{\"id\": \"new-example\"}\n```\n";
    commit(&dir, &changed, "the docs change");

    let (code, out) = run(provider, &dir, true);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("at HEAD"), "{out}");
    let named = format!("the quote from page `api` is not in its files: \"{}", &sentence[..40]);
    assert!(out.contains(&named), "the deleted sentence is named: {out}");
    assert!(
        out.contains("page `api`: `docs/page.md:")
            && out.contains("has a JSON example the inventory does not list: {\"id\": \"new-example\"}"),
        "the new example is named: {out}"
    );
    assert_eq!(out.matches("  - ").count(), 2, "nothing else: {out}");

    // The pinned commit still holds every quote: the check without --latest passes.
    assert_eq!(run(provider, &dir, false).0, 0);
}

#[test]
fn a_missing_pinned_commit_is_an_error_naming_it() {
    let dir = hookspec_tests::scratch("sources-missing");
    git(&dir, &["init", "-q"]);
    commit(&dir, "nothing quoted", "unrelated");
    let provider = provider_pinned_at("0123456789abcdef0123456789abcdef01234567");
    let checkout = xtask::sources::Checkout::open(&dir).expect("a git repository");
    let error =
        xtask::sources::report(&[provider], &[("test/docs".to_owned(), checkout)], false, &mut Vec::new())
            .expect_err("no such commit");
    assert!(error.to_string().contains("has no commit 0123456789abcdef0123456789abcdef01234567"), "{error}");
}

#[test]
fn json_examples_are_fenced_blocks_that_start_with_a_brace_or_bracket() {
    let text = "# T\n\n```json\n{\"a\": 1}\n```\n\n```shell\ncurl x\n```\n\n~~~javascript\n[1, 2]\n~~~\n";
    let found = hookspec_dialects::sources::json_examples(text);
    assert_eq!(found, vec![(4, "{\"a\": 1}".to_owned()), (12, "[1, 2]".to_owned())]);
}
