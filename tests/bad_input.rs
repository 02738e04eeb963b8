//! Bad input gets a clear error naming the file and location, a non-zero exit, and no writes.

use hookspec_assembly::conformance;
use hookspec_dialects::{Claim, DataFile, Fact, Fixture, ParamIn, Place, Source, Table};
use hookspec_tests::{dialect, scratch, xtask};

fn source() -> Source {
    Source { document: "test".into(), section: "Bad input".into(), part: "JSON".into() }
}

fn claim(fact: Fact) -> Claim {
    Claim { sources: vec![source()], fact, erratum: None }
}

fn fixture(name: &'static str, text: &'static str) -> Fixture {
    Fixture { file: DataFile { name, text } }
}

fn register_request(fixture: Fixture) -> Claim {
    claim(Fact::Example {
        name: "bad".into(),
        fixture,
        at: Place::Request { operation: "registerWebhook".into() },
        schema: None,
    })
}

/// Checks `claims` against the Gigapay document and returns the problems, one per line.
fn problems(claims: &[Claim]) -> Vec<String> {
    problems_in("gigapay", claims)
}

fn problems_in(dialect_name: &str, claims: &[Claim]) -> Vec<String> {
    let dialect = dialect(dialect_name);
    let table = dialect.table().expect("the table parses");
    let mut document = hookspec_assembly::openapi::document(dialect, &table).expect("the table renders");
    match conformance::check(&mut document, claims) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_fixture_that_is_not_json_is_named_with_its_line_and_column() {
    let fixture =
        fixture("test/fixtures/broken.json", "{\n  \"url\": \"https://a.example/\",\n  events: []\n}");
    assert_eq!(
        problems(&[register_request(fixture)]),
        [
            "crates/dialects/src/test/fixtures/broken.json:3:3: not valid JSON: key must be a string at line 3 column 3"
        ]
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_named_with_the_json_pointer() {
    let fixture = fixture("test/wrong.json", r#"{"url": "https://a.example/", "events": ["Payout.sent"]}"#);
    let problems = problems(&[register_request(fixture)]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("crates/dialects/src/test/wrong.json: example `bad`"), "{problems:?}");
    assert!(problems[0].contains("at `/events/0`: \"Payout.sent\" is not one of"), "{problems:?}");
}

#[test]
fn a_format_violation_is_caught() {
    let fixture = fixture("test/uri.json", r#"{"url": "not a uri", "events": []}"#);
    let problems = problems(&[register_request(fixture)]);
    assert!(problems.first().is_some_and(|problem| problem.contains("at `/url`")), "{problems:?}");
}

#[test]
fn a_disagreeing_claim_without_an_erratum_fails_and_says_how_to_fix_it() {
    let claim = claim(Fact::Parameter {
        operation: "listWebhooks".into(),
        location: ParamIn::Query,
        name: "page_size".into(),
        required: false,
        default: Some(serde_json::json!(50)),
        schema_type: None,
    });
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
    let claim = Claim {
        erratum: Some("not really".into()),
        ..claim(Fact::BodyField { operation: "registerWebhook".into(), name: "url".into(), required: true })
    };
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
        claim(Fact::BodyField { operation: "launchRocket".into(), name: "url".into(), required: true });
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
    let fixture = fixture(
        "test/structure.txt",
        r#"
  {
    "count": boolean,
    "limit": integer,
    "offset": integer,
    "rows": [
      { "id": "string", "colour": "string" }
    ]
  }"#,
    );
    let claim = claim(Fact::Structure {
        fixture,
        at: Place::Response { operation: "listWebhooks".into(), status: 200 },
    });
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

#[test]
fn a_misspelt_field_in_a_data_file_is_named_with_its_file_line_and_column() {
    let file = DataFile { name: "test/api.yaml", text: "provider: Test\ninfo:\n  title: T\n  versoin: 1\n" };
    let error = file.parse::<Table>().expect_err("an unknown field");
    insta::assert_snapshot!(error.to_string());
}

#[test]
fn a_table_that_names_a_missing_schema_is_refused_with_its_file() {
    let dialect = dialect("gigapay");
    let mut table = dialect.table().expect("the table parses");
    let list = table.operations.iter_mut().find(|operation| operation.id == "listWebhooks").expect("listed");
    let response = list.responses.values_mut().next().expect("a response");
    *response = hookspec_dialects::table::Named::Value(hookspec_dialects::table::Response {
        description: "A page.".into(),
        body: Some(hookspec_dialects::table::Named::Name("WebhookPag".into())),
    });
    let problems = hookspec_assembly::openapi::document(dialect, &table).expect_err("an unknown schema");
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("crates/dialects/src/gigapay/api.yaml"), "{messages:?}");
    assert!(
        messages[0].contains("`WebhookPag` is not a component schema (they are: ErrorBody, Event,"),
        "{messages:?}"
    );
}
