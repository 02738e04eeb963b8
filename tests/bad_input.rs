//! Bad input gets a clear error naming the file and location, a non-zero exit, and no writes.

use hookspec_dialects::{Claim, Fact, Fixture, Place, Source};
use hookspec_assembly::conformance;
use hookspec_tests::{dialect, scratch, xtask};

fn source() -> Source {
    Source { document: "test", section: "Bad input", part: "JSON" }
}

fn register_request(fixture: Fixture) -> Claim {
    Claim::new(
        source(),
        Fact::Example {
            name: "bad",
            fixture,
            at: Place::Request { operation: "registerWebhook" },
            schema: None,
        },
    )
}

/// Checks `claims` against the Gigapay document and returns the problems, one per line.
fn problems(claims: &[Claim]) -> Vec<String> {
    problems_in("gigapay", claims)
}

fn problems_in(dialect_name: &str, claims: &[Claim]) -> Vec<String> {
    let mut document = serde_json::to_value(dialect(dialect_name).openapi()).expect("serialisable");
    match conformance::check(&mut document, claims) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_fixture_that_is_not_json_is_named_with_its_line_and_column() {
    let fixture = Fixture {
        path: "fixtures/broken.json",
        text: "{\n  \"url\": \"https://a.example/\",\n  events: []\n}",
    };
    assert_eq!(
        problems(&[register_request(fixture)]),
        ["fixtures/broken.json:3:3: not valid JSON: key must be a string at line 3 column 3"]
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_named_with_the_json_pointer() {
    let fixture = Fixture {
        path: "fixtures/wrong.json",
        text: r#"{"url": "https://a.example/", "events": ["Payout.sent"]}"#,
    };
    let problems = problems(&[register_request(fixture)]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("fixtures/wrong.json: example `bad`"), "{problems:?}");
    assert!(problems[0].contains("at `/events/0`: \"Payout.sent\" is not one of"), "{problems:?}");
}

#[test]
fn a_format_violation_is_caught() {
    let fixture = Fixture { path: "fixtures/uri.json", text: r#"{"url": "not a uri", "events": []}"# };
    let problems = problems(&[register_request(fixture)]);
    assert!(problems.first().is_some_and(|problem| problem.contains("at `/url`")), "{problems:?}");
}

#[test]
fn a_disagreeing_claim_without_an_erratum_fails_and_says_how_to_fix_it() {
    let claim = Claim::new(
        source(),
        Fact::Parameter {
            operation: "listWebhooks",
            location: hookspec_dialects::ParamIn::Query,
            name: "page_size",
            required: false,
            default: Some("50"),
            schema_type: None,
        },
    );
    assert_eq!(
        problems(&[claim]),
        [
            "test, \"Bad input\", JSON: listWebhooks: query parameter `page_size`, optional, default 50 disagrees \
          with the document (query parameter `page_size`): the document's default is 25. Fix the dialect; if the documentation is wrong, give \
          the claim an erratum."
        ]
    );
}

#[test]
fn an_erratum_on_a_claim_that_holds_is_stale() {
    let claim =
        Claim::new(source(), Fact::BodyField { operation: "registerWebhook", name: "url", required: true })
            .erratum("not really");
    assert_eq!(
        problems(&[claim]),
        [
            "test, \"Bad input\", JSON: registerWebhook: body field `url`, required holds, but the claim is listed as \
          an erratum; remove the erratum."
        ]
    );
}

#[test]
fn a_claim_about_an_operation_the_dialect_lacks_is_refused() {
    let claim =
        Claim::new(source(), Fact::BodyField { operation: "launchRocket", name: "url", required: true });
    assert_eq!(
        problems(&[claim]),
        [
            "test, \"Bad input\", JSON: the claim names operation `launchRocket`, which the document does not have"
        ]
    );
}

#[test]
fn an_unknown_dialect_is_refused_and_nothing_is_written() {
    let dir = scratch("unknown-dialect");
    let (code, out, err) = xtask(&["spec", "--dialect", "nope", "--spec-dir", dir.to_str().expect("UTF-8")]);
    assert_eq!(code, xtask::FAILURE);
    assert_eq!(out, "");
    assert!(
        err.starts_with("error: unknown dialect `nope`; the dialects are: gigapay, equals-money"),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&dir).expect("exists").count(), 0, "nothing may be written");
}

#[test]
fn an_unknown_argument_or_command_is_refused_with_the_usage() {
    let (code, _, err) = xtask(&["spec", "--chek"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(
        err.contains("unknown argument `--chek`") && err.contains("usage: cargo xtask <command>"),
        "{err}"
    );
    let (code, _, err) = xtask(&["publish"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("unknown command `publish`"), "{err}");
    let (code, _, err) = xtask(&["spec", "--dialect"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("`--dialect` needs a value"), "{err}");
}

#[test]
fn a_structure_block_that_disagrees_with_the_schema_is_reported_field_by_field() {
    let fixture = Fixture {
        path: "fixtures/structure.txt",
        text: r#"
  {
    "count": boolean,
    "limit": integer,
    "offset": integer,
    "rows": [
      { "id": "string", "colour": "string" }
    ]
  }"#,
    };
    let claim = Claim::new(
        source(),
        Fact::Structure { fixture, at: Place::Response { operation: "listWebhooks", status: 200 } },
    );
    let problems = problems_in("equals-money", &[claim]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    for expected in [
        "`/count` is boolean in the structure but integer in the schema",
        "`/rows/0/colour` is in the structure but not in the schema",
        "`/rows/0/productId` is in the schema but not in the structure",
    ] {
        assert!(problems[0].contains(expected), "{expected} in {problems:?}");
    }
}
