//! `cargo xtask spec --check`: silent when fresh, otherwise every stale, missing and unexpected
//! file named, a diff, and the command that fixes it.

use std::fs;
use std::path::Path;

use hookspec_tests::{scratch, xtask};

/// A fresh copy of spec/ in a scratch folder.
fn fresh_copy(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let (code, _, err) = xtask(&["spec", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{err}");
    dir
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("temporary paths are UTF-8")
}

#[test]
fn drift_check_passes_on_a_fresh_copy_and_writes_nothing() {
    let dir = fresh_copy("fresh");
    let before = fs::read_dir(dir.join("gigapay")).expect("written").count();
    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(fs::read_dir(dir.join("gigapay")).expect("still there").count(), before);
}

#[test]
fn drift_check_reports_an_edited_file_with_a_diff() {
    let dir = fresh_copy("edited");
    let file = dir.join("gigapay/openapi.yaml");
    let text = fs::read_to_string(&file).expect("written");
    fs::write(&file, text.replace("summary: Delete a webhook", "summary: Remove a webhook"))
        .expect("writable");

    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, xtask::DRIFT);
    assert!(out.contains("stale:      gigapay/openapi.yaml"), "{out}");
    assert!(out.contains("--- a/spec/gigapay/openapi.yaml\n+++ b/spec/gigapay/openapi.yaml\n@@"), "{out}");
    assert!(out.contains("\n-      summary: Remove a webhook\n+      summary: Delete a webhook\n"), "{out}");
    assert!(
        out.trim_end().ends_with(&format!("To fix it, run: cargo xtask spec --spec-dir {}", path(&dir))),
        "{out}"
    );
    assert!(fs::read_to_string(&file).expect("kept").contains("Remove a webhook"), "--check must not write");
}

#[test]
fn drift_check_reports_a_deleted_file() {
    let dir = fresh_copy("deleted");
    fs::remove_file(dir.join("gigapay/conformance.md")).expect("removable");
    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, xtask::DRIFT);
    assert!(out.contains("missing:    gigapay/conformance.md"), "{out}");
}

#[test]
fn drift_check_reports_a_stray_file() {
    let dir = fresh_copy("stray");
    fs::write(dir.join("gigapay/notes.txt"), "hand-written").expect("writable");
    fs::create_dir_all(dir.join("retired")).expect("writable");
    fs::write(dir.join("retired/openapi.yaml"), "openapi: 3.1.0").expect("writable");
    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, xtask::DRIFT);
    assert!(out.contains("unexpected: gigapay/notes.txt (nothing generates it)"), "{out}");
    assert!(out.contains("unexpected: retired/openapi.yaml"), "{out}");
}

#[test]
fn a_dialects_accepted_changes_are_neither_drift_nor_removed() {
    let dir = fresh_copy("accepted");
    let accepted = dir.join("gigapay/accepted-changes.yaml");
    fs::write(&accepted, "[]\n").expect("writable");
    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = xtask(&["spec", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(accepted.is_file(), "`cargo xtask spec` keeps the hand-written file");
}

#[test]
fn drift_check_of_one_dialect_looks_only_at_its_folder_and_names_it_in_the_fix() {
    let dir = fresh_copy("scoped");
    fs::write(dir.join("stray.txt"), "elsewhere").expect("writable");
    fs::write(dir.join("gigapay/notes.txt"), "hand-written").expect("writable");
    let (code, out, _) = xtask(&["spec", "--check", "--dialect", "gigapay", "--spec-dir", path(&dir)]);
    assert_eq!(code, xtask::DRIFT);
    assert!(out.contains("gigapay/notes.txt") && !out.contains("stray.txt"), "{out}");
    assert!(out.contains("To fix it, run: cargo xtask spec --dialect gigapay --spec-dir"), "{out}");
}

#[test]
fn spec_repairs_every_kind_of_drift_and_says_what_it_did() {
    let dir = fresh_copy("repair");
    let yaml = dir.join("gigapay/openapi.yaml");
    fs::write(&yaml, "edited").expect("writable");
    fs::remove_file(dir.join("gigapay/conformance.md")).expect("removable");
    fs::create_dir_all(dir.join("retired")).expect("writable");
    fs::write(dir.join("retired/openapi.yaml"), "old").expect("writable");

    let (code, out, err) = xtask(&["spec", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("spec: wrote gigapay/openapi.yaml"), "{out}");
    assert!(out.contains("spec: wrote gigapay/conformance.md"), "{out}");
    assert!(out.contains("spec: removed retired/openapi.yaml (nothing generates it)"), "{out}");
    assert!(!dir.join("retired").exists(), "the emptied folder is removed too");

    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{out}");
    let (_, out, _) = xtask(&["spec", "--spec-dir", path(&dir)]);
    assert!(!out.contains("wrote"), "an unchanged file is not rewritten: {out}");
}

#[test]
fn drift_check_and_spec_cover_the_event_pages_folder() {
    let dir = fresh_copy("events");
    let events = dir.join("github/events");
    let pages = fs::read_dir(&events).expect("GitHub's reference has event pages");
    let page =
        pages.filter_map(Result::ok).map(|entry| entry.file_name().to_string_lossy().into_owned()).min();
    let page = page.expect("an event page");
    fs::remove_file(events.join(&page)).expect("removable");
    fs::write(events.join("retired.html"), "old").expect("writable");
    fs::create_dir_all(dir.join("gigapay/events")).expect("writable");
    fs::write(dir.join("gigapay/events/retired.html"), "old").expect("writable");

    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, xtask::DRIFT);
    assert!(out.contains(&format!("missing:    github/events/{page}")), "{out}");
    assert!(out.contains("unexpected: github/events/retired.html"), "{out}");
    assert!(out.contains("unexpected: gigapay/events/retired.html"), "{out}");

    let (code, out, err) = xtask(&["spec", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("spec: wrote github/events/{page}")), "{out}");
    assert!(out.contains("spec: removed github/events/retired.html (nothing generates it)"), "{out}");
    assert!(!dir.join("gigapay/events").exists(), "the emptied folder is removed too");
    let (code, out, _) = xtask(&["spec", "--check", "--spec-dir", path(&dir)]);
    assert_eq!(code, 0, "{out}");
}
