//! xtask is a workspace of its own (so that `cargo xtask` resolves only what it uses), yet it is
//! built and linted as the main workspace is: its lints and profiles are the same text.

use hookspec_tests::workspace;

fn manifest(path: &str) -> String {
    std::fs::read_to_string(workspace().join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The text from `start` up to `end` (or the end of the manifest).
fn section<'a>(manifest: &'a str, start: &str, end: Option<&str>) -> &'a str {
    let from = manifest.find(start).unwrap_or_else(|| panic!("no `{start}` in the manifest"));
    let to = end.and_then(|end| manifest[from..].find(end)).map_or(manifest.len(), |to| from + to);
    manifest[from..to].trim()
}

#[test]
fn xtask_has_the_main_workspace_lints_and_profiles() {
    let root = manifest("Cargo.toml");
    let xtask = manifest("xtask/Cargo.toml");
    assert_eq!(
        section(&xtask, "[lints.rust]", Some("[profile.dev]")),
        section(&root, "[workspace.lints.rust]", Some("[profile.dev]"))
            .replace("[workspace.lints.", "[lints."),
        "xtask/Cargo.toml's lints differ from the workspace's: copy them"
    );
    assert_eq!(
        section(&xtask, "[profile.dev]", None),
        section(&root, "[profile.dev]", None),
        "xtask/Cargo.toml's profiles differ from the workspace's: copy them"
    );
    assert!(root.contains("exclude = [\"xtask\"]") && xtask.contains("\n[workspace]\n"));
}
