//! `cargo xtask diff` as a CI gate: the accepted changes, the version rule, `--base` over a git
//! history, and each report format (insta snapshots), on a small document of its own
//! (`tests/gate/api.yaml`) so the verdicts do not move with the dialects.

use std::path::Path;
use std::process::Command;

use hookspec_tests::scratch;
use serde_json::Value;

const API: &str = include_str!("gate/api.yaml");

/// `API` with each `(from, to)` replaced; `from` must occur exactly once.
fn edit(text: &str, edits: &[(&str, &str)]) -> String {
    let mut text = text.to_owned();
    for (from, to) in edits {
        assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
        text = text.replace(from, to);
    }
    text
}

const DROP_METADATA: (&str, &str) = ("        metadata:\n          type: object\n", "");
const METADATA_REQUIRED: (&str, &str) = ("required: [id, url, metadata]", "required: [id, url]");
const DATA_AS_STRING: (&str, &str) =
    ("        data:\n          type: object\n", "        data:\n          type: string\n");
const NEW_EVENT: (&str, &str) =
    ("enum: [payout.created, payout.paid]", "enum: [payout.created, payout.paid, payout.failed]");
const ACCEPT_METADATA: &str = "- pointer: /components/schemas/Webhook/properties/metadata\n  kind: property-removed\n  reason: Nobody read it; decided in the 2.0 review.\n";
const STALE: &str = "- pointer: /components/schemas/Webhook/properties/url\n  kind: property-removed\n  reason: Planned, not done.\n";

fn version(to: &str) -> (&'static str, String) {
    ("version: 1.0.0", format!("version: {to}"))
}

fn write(dir: &Path, name: &str, text: &str) {
    let file = dir.join(name);
    std::fs::create_dir_all(file.parent().expect("a folder")).expect("writable");
    std::fs::write(file, text).expect("writable");
}

/// Runs `cargo xtask diff ARGS` in `dir`.
fn diff(dir: &Path, args: &[&str]) -> (u8, String, String) {
    let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = hookspec_diff::run(dir, &args, &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

#[test]
fn two_files_are_judged_and_unreadable_ones_named() {
    let dir = scratch("gate-two");
    let major = version("2.0.0");
    write(&dir, "old.yaml", API);
    write(&dir, "new.yaml", &edit(API, &[DROP_METADATA, METADATA_REQUIRED, (major.0, &major.1)]));

    let (code, out, _) = diff(&dir, &["old.yaml", "old.yaml"]);
    assert_eq!(code, 0, "{out}");
    let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "! breaking API clients: /components/schemas/Webhook/properties/metadata (property-removed)"
        ),
        "{out}"
    );
    let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml", "--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["passed"], false);
    let change = &report["documents"][0]["changes"][0];
    assert_eq!(
        (change["kind"].as_str(), change["party"].as_str()),
        (Some("property-removed"), Some("clients"))
    );

    let (code, _, err) = diff(&dir, &["old.yaml", "missing.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.yaml: no such file"), "{err}");
    write(&dir, "not-openapi.yaml", "title: hello\n");
    let (code, _, err) = diff(&dir, &["old.yaml", "not-openapi.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("not-openapi.yaml: not an OpenAPI document"), "{err}");
    let (code, _, err) = diff(&dir, &["old.yaml"]);
    assert_eq!(code, 2, "NEW is required with OLD: {err}");
}

#[test]
fn an_accepted_change_passes_the_gate_is_still_reported_and_a_stale_one_is_named() {
    let dir = scratch("gate-accepted");
    let major = version("2.0.0");
    write(&dir, "old.yaml", API);
    write(&dir, "new.yaml", &edit(API, &[DROP_METADATA, METADATA_REQUIRED, (major.0, &major.1)]));

    let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 1, "without the accepted change the break fails: {out}");

    write(&dir, "accepted-changes.yaml", ACCEPT_METADATA);
    let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("  accepted API clients: /components/schemas/Webhook/properties/metadata"), "{out}");
    assert!(out.contains("accepted: Nobody read it; decided in the 2.0 review."), "{out}");

    write(&dir, "accepted-changes.yaml", &format!("{ACCEPT_METADATA}{STALE}"));
    let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 0, "a stale entry is reported, not failed: {out}");
    assert!(
        out.contains("stale accepted change accepted-changes.yaml:4: `property-removed /components/schemas/Webhook/properties/url` matches no change"),
        "{out}"
    );
    let (code, _, _) = diff(&dir, &["old.yaml", "new.yaml", "--fail-on", "warning"]);
    assert_eq!(code, 1, "--fail-on warning fails a stale entry");

    write(
        &dir,
        "accepted-changes.yaml",
        "- pointer: /a\n  kind: property-removed\n  reason: ok\n- pointer: /b\n  kind: property-removed\n  reason: ''\n",
    );
    let (code, _, err) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("accepted-changes.yaml:4: an accepted change needs its kind and the reason"),
        "{err}"
    );
    write(&dir, "accepted-changes.yaml", "- pointer: /a\n  kind: property-removed\n  why: misspelt\n");
    let (code, _, err) = diff(&dir, &["old.yaml", "new.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("accepted-changes.yaml: ") && err.contains("unknown field `why`"), "{err}");
}

/// A version-rule case: its name, the edit, the new version, the exit code, what the report says.
type VersionCase = (&'static str, (&'static str, &'static str), &'static str, u8, &'static str);

#[test]
fn the_version_rule_asks_for_the_bump_the_changes_need() {
    let optional = (
        "        url:\n          type: string\n        events:",
        "        url:\n          type: string\n        label:\n          type: string\n        events:",
    );
    let words = ("description: Registered.", "description: Registered, at once.");
    let cases: [VersionCase; 6] = [
        (
            "accepted break, no bump",
            DROP_METADATA,
            "1.0.0",
            1,
            "info.version is still 1.0.0: a change that breaks API clients needs a major bump, to 2.0.0 at least",
        ),
        (
            "accepted break, minor bump",
            DROP_METADATA,
            "1.1.0",
            1,
            "info.version 1.0.0 -> 1.1.0: a change that breaks API clients needs a major bump, to 2.0.0 at least",
        ),
        ("accepted break, major bump", DROP_METADATA, "2.0.0", 0, ""),
        (
            "addition, no bump",
            optional,
            "1.0.0",
            1,
            "info.version is still 1.0.0: a change clients or receivers can see needs a minor bump, to 1.1.0 at least",
        ),
        (
            "words, no bump",
            words,
            "1.0.0",
            1,
            "info.version is still 1.0.0: a change to the document needs a patch bump, to 1.0.1 at least",
        ),
        ("words, patch bump", words, "1.0.1", 0, ""),
    ];
    for (name, change, to, expected, message) in cases {
        let dir = scratch("gate-version");
        let bump = version(to);
        write(&dir, "old.yaml", API);
        let mut edits = vec![change, (bump.0, bump.1.as_str())];
        if change == DROP_METADATA {
            edits.push(METADATA_REQUIRED);
        }
        write(&dir, "new.yaml", &edit(API, &edits));
        write(&dir, "accepted-changes.yaml", ACCEPT_METADATA);
        let (code, out, _) = diff(&dir, &["old.yaml", "new.yaml", "--fail-on", "breaking"]);
        assert_eq!(code, expected, "{name}: {out}");
        assert!(out.contains(message), "{name}: {out}");
        if expected == 1 {
            assert!(
                out.lines().any(|line| line == format!("! {message}")),
                "{name}: the version rule fails: {out}"
            );
        }
    }
}

/// A repository whose first commit has dialects `alpha` and `beta`, and whose second changes
/// both and adds `gamma`: alpha breaks receivers (not accepted) and clients (accepted, with a
/// stale entry beside it) under a major bump, beta changes words without a bump.
fn history() -> (std::path::PathBuf, String) {
    let dir = scratch("gate-base");
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(["-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
    };
    git(&["init", "--quiet"]);
    write(&dir, "spec/alpha/openapi.yaml", API);
    write(&dir, "spec/beta/openapi.yaml", API);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "first"]);
    let major = version("2.0.0");
    let alpha =
        edit(API, &[DROP_METADATA, METADATA_REQUIRED, DATA_AS_STRING, NEW_EVENT, (major.0, &major.1)]);
    write(&dir, "spec/alpha/openapi.yaml", &alpha);
    write(&dir, "spec/alpha/accepted-changes.yaml", &format!("{ACCEPT_METADATA}{STALE}"));
    write(
        &dir,
        "spec/beta/openapi.yaml",
        &edit(API, &[("title: Example hooks", "title: Example hooks, renamed")]),
    );
    write(&dir, "spec/gamma/openapi.yaml", API);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "second"]);
    (dir, alpha)
}

#[test]
fn base_annotates_the_line_of_a_breaking_change_in_each_dialect() {
    let (dir, alpha) = history();
    let (code, out, err) = diff(&dir, &["--base", "HEAD~1", "--format", "github"]);
    assert_eq!(code, 1, "{out}{err}");
    // The node that changed: `type` under `data`, in the new file.
    let data = alpha.lines().position(|line| line == "        data:").expect("data") + 1;
    assert_eq!(alpha.lines().nth(data), Some("          type: string"));
    let line = data + 1;
    assert!(
        out.contains(&format!(
            "::error file=spec/alpha/openapi.yaml,line={line},title=breaking for delivery receivers (type-added)::/components/schemas/Notification/properties/data/type: type string now sent\n"
        )),
        "{out}"
    );
    // Beta changed words without a bump: the version rule points at `info.version`.
    let version_line = API.lines().position(|line| line.trim() == "version: 1.0.0").expect("a version") + 1;
    assert!(
        out.contains(&format!(
            "::error file=spec/beta/openapi.yaml,line={version_line},title=version rule::"
        )),
        "{out}"
    );
    assert!(
        out.contains("::warning file=spec/alpha/accepted-changes.yaml,line=4,title=stale accepted change::"),
        "{out}"
    );
    assert!(!out.contains("spec/gamma/openapi.yaml,"), "an added dialect annotates nothing: {out}");
    insta::assert_snapshot!("base_github", out);
}

#[test]
fn base_reports_in_every_format() {
    let (dir, _) = history();
    for format in ["text", "json", "markdown", "junit"] {
        let (code, out, err) = diff(&dir, &["--base", "HEAD~1", "--format", format]);
        assert_eq!(code, 1, "{format}: {out}{err}");
        insta::assert_snapshot!(format!("base_{format}"), out);
    }
    let (code, out, _) = diff(&dir, &["--base", "HEAD", "--format", "text"]);
    assert_eq!(code, 0, "nothing changed since HEAD: {out}");
    let (code, _, err) = diff(&dir, &["--base", "no-such-ref"]);
    assert_eq!(code, 2);
    assert!(err.contains("--base no-such-ref: not a git revision"), "{err}");
}
