//! The report in each format: text for a terminal, JSON for programs, Markdown for a pull-request
//! comment, GitHub Actions workflow commands, and JUnit XML.

use std::fmt::Write;

use hookspec_toolkit::breaking::{Party, Severity};
use serde_json::{Value, json};

use crate::gate::{Document, Finding, Outcome, State};

/// `--format text`.
pub fn text(outcome: &Outcome) -> String {
    let mut out = String::new();
    for document in &outcome.documents {
        let _ = writeln!(out, "{}", heading(document, outcome.base.as_deref()));
        for finding in &document.findings {
            let change = &finding.change;
            let mark = if finding.fails { "!" } else { " " };
            let _ = writeln!(
                out,
                "{mark} {:<8} {}: {} ({})\n    {}",
                label(finding),
                change.party,
                shown(&change.pointer),
                change.kind,
                change.why
            );
            if let Some(reason) = &finding.accepted {
                let _ = writeln!(out, "    accepted: {reason}");
            }
        }
        if let Some(problem) = &document.version {
            let _ = writeln!(out, "! {problem}");
        }
    }
    for stale in &outcome.stale {
        let _ = writeln!(
            out,
            "{} {}",
            if outcome.fail_on == Severity::Warning { "!" } else { " " },
            stale_text(stale)
        );
    }
    let _ = writeln!(out, "{}", summary(outcome));
    out
}

/// `--format json`.
pub fn json(outcome: &Outcome) -> Value {
    json!({
        "passed": outcome.passed(),
        "fail_on": outcome.fail_on.key(),
        "base": outcome.base,
        "documents": outcome.documents.iter().map(|document| json!({
            "dialect": document.dialect,
            "path": document.path,
            "state": state(document),
            "old_version": document.versions.0,
            "new_version": document.versions.1,
            "version_problem": document.version,
            "changes": document.findings.iter().map(|finding| json!({
                "pointer": finding.change.pointer,
                "kind": finding.change.kind,
                "party": finding.change.party.key(),
                "severity": finding.change.severity.key(),
                "why": finding.change.why,
                "accepted": finding.accepted,
                "fails": finding.fails,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "stale": outcome.stale.iter().map(|stale| json!({
            "file": stale.file, "line": stale.line, "pointer": stale.pointer, "kind": stale.kind,
        })).collect::<Vec<_>>(),
    })
}

/// `--format markdown`: a pull-request comment. A summary table per dialect and role, then each
/// document's changes folded.
pub fn markdown(outcome: &Outcome) -> String {
    let mut out = String::new();
    let verdict = if outcome.passed() { "passed" } else { "failed" };
    let against = outcome.base.as_deref().map(|base| format!(" against `{base}`")).unwrap_or_default();
    let _ = writeln!(out, "### API changes{against}: the gate {verdict}\n");
    let _ = writeln!(
        out,
        "| dialect | role | breaking | warning | info | accepted |\n| --- | --- | ---: | ---: | ---: | ---: |"
    );
    let mut dialects: Vec<&str> =
        outcome.documents.iter().map(|document| document.dialect.as_str()).collect();
    dialects.dedup();
    for dialect in dialects {
        let findings: Vec<&Finding> = outcome
            .documents
            .iter()
            .filter(|document| document.dialect == dialect)
            .flat_map(|document| &document.findings)
            .collect();
        for party in [Party::Clients, Party::Receivers] {
            let mine: Vec<&&Finding> =
                findings.iter().filter(|finding| finding.change.party == party).collect();
            let count = |severity: Severity| {
                mine.iter()
                    .filter(|finding| finding.accepted.is_none() && finding.change.severity == severity)
                    .count()
            };
            let accepted = mine.iter().filter(|finding| finding.accepted.is_some()).count();
            let _ = writeln!(
                out,
                "| {dialect} | {party} | {} | {} | {} | {accepted} |",
                count(Severity::Breaking),
                count(Severity::Warning),
                count(Severity::Info)
            );
        }
    }
    out.push('\n');
    for document in &outcome.documents {
        if let Some(problem) = &document.version {
            let _ = writeln!(out, "- **{}**: {}", document.path, escape_markdown(problem));
        }
    }
    for stale in &outcome.stale {
        let _ = writeln!(out, "- {}", escape_markdown(&stale_text(stale)));
    }
    for document in &outcome.documents {
        let _ = writeln!(
            out,
            "\n<details><summary>{}</summary>\n",
            html(&heading(document, outcome.base.as_deref()))
        );
        if document.findings.is_empty() {
            let _ = writeln!(out, "No change a client or receiver can see.");
        } else {
            let _ = writeln!(
                out,
                "| | severity | role | where | kind | what |\n| --- | --- | --- | --- | --- | --- |"
            );
            for finding in &document.findings {
                let change = &finding.change;
                let what = match &finding.accepted {
                    Some(reason) => format!("{} (accepted: {reason})", change.why),
                    None => change.why.clone(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | `{}` | {} | {} |",
                    if finding.fails { "fails" } else { "" },
                    label(finding),
                    change.party,
                    shown(&change.pointer).replace('|', "\\|"),
                    change.kind,
                    escape_markdown(&what)
                );
            }
        }
        let _ = writeln!(out, "\n</details>");
    }
    let _ = writeln!(out, "\n{}", summary(outcome));
    out
}

/// `--format github`: a workflow command per change that fails or warns (and per accepted one, as
/// a notice), at the line of the changed node in the new document.
pub fn github(outcome: &Outcome) -> String {
    let mut out = String::new();
    for document in &outcome.documents {
        for finding in &document.findings {
            let change = &finding.change;
            let command = match (finding.fails, &finding.accepted, change.severity) {
                (true, _, _) => "error",
                (false, Some(_), _) => "notice",
                (false, None, Severity::Breaking | Severity::Warning) => "warning",
                (false, None, Severity::Info) => continue,
            };
            let title = format!("{} for {} ({})", label(finding), change.party, change.kind);
            let mut message = format!("{}: {}", shown(&change.pointer), change.why);
            if let Some(reason) = &finding.accepted {
                message.push_str(&format!(" (accepted: {reason})"));
            }
            annotation(&mut out, command, &document.path, finding.line, &title, &message);
        }
        if let Some(problem) = &document.version {
            annotation(&mut out, "error", &document.path, document.version_line, "version rule", problem);
        }
    }
    for stale in &outcome.stale {
        let command = if outcome.fail_on == Severity::Warning { "error" } else { "warning" };
        annotation(&mut out, command, &stale.file, stale.line, "stale accepted change", &stale_text(stale));
    }
    let _ = writeln!(out, "{}", summary(outcome));
    out
}

/// `--format junit`: a test suite per document, a test case per change (and one for the version
/// rule), failed when it fails the gate.
pub fn junit(outcome: &Outcome) -> String {
    let mut suites = String::new();
    let (mut tests, mut failures) = (0, 0);
    for document in &outcome.documents {
        let mut cases = String::new();
        let (mut suite_tests, mut suite_failures) = (0, 0);
        let mut case = |name: String, failure: Option<String>| {
            suite_tests += 1;
            let _ =
                write!(cases, "    <testcase classname=\"{}\" name=\"{}\"", xml(&document.path), xml(&name));
            match failure {
                Some(message) => {
                    suite_failures += 1;
                    let _ =
                        writeln!(cases, ">\n      <failure message=\"{}\"/>\n    </testcase>", xml(&message));
                }
                None => cases.push_str("/>\n"),
            }
        };
        for finding in &document.findings {
            let change = &finding.change;
            let name = format!(
                "{} for {}: {} {}",
                label(finding),
                change.party,
                change.kind,
                shown(&change.pointer)
            );
            case(name, finding.fails.then(|| change.why.clone()));
        }
        if document.state == State::Compared {
            case("version rule".to_owned(), document.version.clone());
        }
        tests += suite_tests;
        failures += suite_failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{suite_tests}\" failures=\"{suite_failures}\">\n{cases}  </testsuite>\n",
            xml(&document.path)
        );
    }
    if !outcome.stale.is_empty() {
        let mut cases = String::new();
        let fails = outcome.fail_on == Severity::Warning;
        for stale in &outcome.stale {
            tests += 1;
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml(&stale.file),
                xml(&stale_text(stale))
            );
            if fails {
                failures += 1;
                cases.push_str(
                    ">\n      <failure message=\"an accepted change that matches none\"/>\n    </testcase>\n",
                );
            } else {
                cases.push_str("/>\n");
            }
        }
        let count = outcome.stale.len();
        let stale_failures = if fails { count } else { 0 };
        let _ = write!(
            suites,
            "  <testsuite name=\"stale accepted changes\" tests=\"{count}\" failures=\"{stale_failures}\">\n{cases}  </testsuite>\n"
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"cargo xtask diff\" tests=\"{tests}\" failures=\"{failures}\">\n{suites}</testsuites>\n"
    )
}

fn heading(document: &Document, base: Option<&str>) -> String {
    let since = base.map(|base| format!(" since {base}")).unwrap_or_default();
    match document.state {
        State::Added => format!("{}: new{since}", document.path),
        State::Removed => format!("{}: removed{since}", document.path),
        State::Compared => {
            let (old, new) = &document.versions;
            let count = document.findings.len();
            format!("{} ({old} -> {new}): {count} change(s)", document.path)
        }
    }
}

fn label(finding: &Finding) -> &'static str {
    if finding.accepted.is_some() { "accepted" } else { finding.change.severity.key() }
}

fn state(document: &Document) -> &'static str {
    match document.state {
        State::Compared => "compared",
        State::Added => "added",
        State::Removed => "removed",
    }
}

/// A pointer as reports show it: the whole document is `/`.
fn shown(pointer: &str) -> &str {
    if pointer.is_empty() { "/" } else { pointer }
}

fn stale_text(stale: &crate::gate::Stale) -> String {
    let at = stale.line.map(|line| format!(":{line}")).unwrap_or_default();
    format!("stale accepted change {}{at}: `{} {}` matches no change", stale.file, stale.kind, stale.pointer)
}

/// The closing line: the verdict and its counts.
fn summary(outcome: &Outcome) -> String {
    let findings = || outcome.documents.iter().flat_map(|document| &document.findings);
    let count = |severity: Severity| {
        findings().filter(|finding| finding.accepted.is_none() && finding.change.severity == severity).count()
    };
    let accepted = findings().filter(|finding| finding.accepted.is_some()).count();
    let failing = findings().filter(|finding| finding.fails).count();
    let versions = outcome.documents.iter().filter(|document| document.version.is_some()).count();
    let verdict = if outcome.passed() { "passed" } else { "FAILED" };
    format!(
        "{verdict}: {} document(s), {} breaking, {} warning(s), {} info, {accepted} accepted, {} stale; {failing} change(s) and {versions} version rule(s) fail the gate (--fail-on {})",
        outcome.documents.len(),
        count(Severity::Breaking),
        count(Severity::Warning),
        count(Severity::Info),
        outcome.stale.len(),
        outcome.fail_on,
    )
}

/// One workflow command; its data and properties escaped as GitHub's runner reads them.
fn annotation(out: &mut String, command: &str, file: &str, line: Option<usize>, title: &str, message: &str) {
    let property = |value: &str| data(value).replace(':', "%3A").replace(',', "%2C");
    let line = line.map(|line| format!(",line={line}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "::{command} file={}{line},title={}::{}",
        property(file),
        property(title),
        data(message)
    );
}

fn data(value: &str) -> String {
    value.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn xml(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn html(value: &str) -> String {
    value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Text in a Markdown table cell: pipes escaped, tags not read as HTML.
fn escape_markdown(value: &str) -> String {
    html(value).replace('|', "\\|")
}
