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

/// The `[[package]]` entries of a lockfile, as `name version source` lines.
fn locked(path: &str) -> std::collections::BTreeSet<String> {
    let text = manifest(path);
    text.split("[[package]]")
        .skip(1)
        .map(|entry| {
            let field = |key: &str| {
                entry
                    .lines()
                    .find_map(|line| line.strip_prefix(&format!("{key} = ")))
                    .map(|value| value.trim_matches('"').to_owned())
                    .unwrap_or_default()
            };
            format!("{} {} {}", field("name"), field("version"), field("source"))
        })
        .collect()
}

/// xtask's lockfile resolves each package it shares with the main workspace to the same version
/// from the same source, so both builds compile the same code (and share the target folder's
/// artifacts).
#[test]
fn the_two_lockfiles_agree_on_every_package_they_share() {
    let main = locked("Cargo.lock");
    let name = |line: &str| line.split(' ').next().unwrap_or_default().to_owned();
    let differing: Vec<String> = locked("xtask/Cargo.lock")
        .into_iter()
        .filter(|line| !main.contains(line))
        .filter_map(|line| {
            let shared: Vec<&String> = main.iter().filter(|entry| name(entry) == name(&line)).collect();
            (!shared.is_empty()).then(|| format!("xtask has `{line}`, the workspace {shared:?}"))
        })
        .collect();
    assert!(
        differing.is_empty(),
        "the lockfiles differ (run `cargo update -p NAME --precise VERSION` in the one behind):\n{}",
        differing.join("\n")
    );
}
