//! Bad input gets a clear error naming the file and location, a non-zero exit, and no writes; and
//! the conformance check holds both ways: a fact that disagrees, a stale erratum, an assertion
//! neither documented nor assumed, and an assumption that is stale or unnecessary all fail.

use hookspec_assembly::Error;
use hookspec_dialects::facts::{Assumption, Constraints, FieldOf, Page, Required, Responder, Target};
use hookspec_dialects::{Claim, DataFile, Fact, Facts, Fixture, ParamIn, Place, Source, Table};
use hookspec_tests::{dialect, scratch, xtask};

fn source() -> Source {
    Source {
        page: Page { title: "Test page".into(), url: "https://docs.example/test".into() },
        section: "Bad input".into(),
        part: "JSON".into(),
    }
}

fn claim(fact: Fact) -> Claim {
    Claim { sources: vec![source()], quotes: Vec::new(), fact, erratum: None, declared: DECLARED.into() }
}

fn fixture(name: &'static str, text: &'static str) -> Fixture {
    Fixture::verbatim(DataFile { name, text })
}

fn register_request(fixture: Fixture) -> Claim {
    claim(Fact::Example {
        name: "bad".into(),
        fixture,
        at: Place::Request { operation: "registerWebhook".into() },
        schema: None,
        corrected: Vec::new(),
    })
}

const CITED: &str = "[Test page](https://docs.example/test), \"Bad input\", JSON";

/// Where the claims made here are declared, as a problem names it.
const DECLARED: &str = "test/facts.yaml:1";

/// The problems of a dialect whose documentation is its own, changed by `edit`, one per line.
fn problems_with(dialect_name: &str, edit: impl FnOnce(&mut Facts)) -> Vec<String> {
    let mut dialect = dialect(dialect_name).clone();
    edit(&mut dialect.facts);
    match hookspec_assembly::assemble(&dialect) {
        Ok(_) => Vec::new(),
        Err(Error::Dialect { problems, .. }) => problems.iter().map(ToString::to_string).collect(),
        Err(other) => vec![other.to_string()],
    }
}

/// The problems of Gigapay's documentation with `claim` added.
fn problems(claim: Claim) -> Vec<String> {
    problems_with("gigapay", |facts| facts.claims.push(claim))
}

#[test]
fn a_fixture_that_is_not_json_is_named_with_its_line_and_column() {
    let fixture =
        fixture("test/fixtures/broken.json", "{\n  \"url\": \"https://a.example/\",\n  events: []\n}");
    assert_eq!(
        problems(register_request(fixture)),
        [
            "crates/dialects/src/test/fixtures/broken.json:3:3: not valid JSON: key must be a string at line 3 column 3"
        ]
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_named_with_the_json_pointer() {
    let fixture = fixture("test/wrong.json", r#"{"url": "https://a.example/", "events": "Payout.sent"}"#);
    let problems = problems(register_request(fixture));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("crates/dialects/src/test/wrong.json: example `bad`"), "{problems:?}");
    assert!(problems[0].contains("at `/events`: \"Payout.sent\" is not of type \"array\""), "{problems:?}");
}

#[test]
fn a_format_violation_is_caught() {
    let fixture = fixture("test/uri.json", r#"{"url": "not a uri", "events": []}"#);
    let problems = problems(register_request(fixture));
    assert!(problems.first().is_some_and(|problem| problem.contains("at `/url`")), "{problems:?}");
}

#[test]
fn a_disagreeing_claim_without_an_erratum_fails_and_says_how_to_fix_it() {
    let claim = claim(Fact::Parameter {
        operation: "listWebhooks".into(),
        location: ParamIn::Query,
        name: "page_size".into(),
        required: false,
        constraints: Constraints { default: Some(serde_json::json!(50)), ..Default::default() },
    });
    assert_eq!(
        problems(claim),
        [format!(
            "{DECLARED} ({CITED}): listWebhooks: query parameter `page_size`, optional, default 50 disagrees with the document \
             (query parameter `page_size`): the document's default is 25, not 50. Fix the dialect; if the \
             documentation contradicts itself, give the claim an erratum."
        )]
    );
}

#[test]
fn an_erratum_on_a_claim_that_holds_is_stale() {
    let claim = Claim {
        erratum: Some("not really".into()),
        ..claim(Fact::Field {
            description: None,
            of: FieldOf::Body("registerWebhook".into()),
            name: Some("url".into()),
            required: Some(Required::Yes),
            constraints: Constraints::default(),
        })
    };
    assert_eq!(
        problems(claim),
        [format!(
            "{DECLARED} ({CITED}): registerWebhook request body: field `url`, required holds, but the claim is listed as an \
             erratum; remove the erratum."
        )]
    );
}

#[test]
fn a_claim_about_an_operation_the_dialect_lacks_is_refused() {
    let claim = claim(Fact::Status { of: Responder::Operation("launchRocket".into()), status: "200".into() });
    assert_eq!(
        problems(claim),
        [format!(
            "{DECLARED} ({CITED}): the claim names operation `launchRocket`, which the document does not have"
        )]
    );
}

#[test]
fn an_assertion_neither_documented_nor_assumed_fails_generation() {
    // The one fact behind `limit`'s bounds and default is the list's parameter table.
    let problems = problems_with("equals-money", |facts| {
        facts.claims.retain(|claim| !matches!(&claim.fact, Fact::Parameter { name, .. } if name == "limit"));
    });
    let pointer = "openapi.yaml#/paths/~1webhooks/get/parameters/0/schema";
    for keyword in ["default", "minimum", "maximum"] {
        assert!(
            problems
                .iter()
                .any(|problem| problem.starts_with(pointer) && problem.contains(&format!("`{keyword}`"))),
            "{keyword}: {problems:#?}"
        );
    }
    assert!(
        problems
            .iter()
            .any(|problem| problem.contains("/parameters/query/limit") && problem.contains("`parameter`")),
        "the operation taking `limit` is an assertion too: {problems:#?}"
    );
    assert!(problems[0].contains("neither documented nor assumed"), "{problems:#?}");
}

fn assumption(at: Target) -> Assumption {
    Assumption {
        at: vec![at],
        assumed: "Something.".into(),
        because: "A reason.".into(),
        declared: "crates/dialects/src/gigapay/facts.yaml:999".into(),
    }
}

#[test]
fn an_assumption_that_a_documented_fact_makes_unnecessary_fails_generation() {
    let problems = problems_with("gigapay", |facts| {
        facts
            .assumptions
            .push(assumption(Target::Status(Responder::Operation("registerWebhook".into()), "401".into())))
    });
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with(
            "crates/dialects/src/gigapay/facts.yaml:999: `status` at `/paths/~1webhooks~1/post/responses/401` is \
             documented ([Gigapay API reference](https://developer.gigapay.se/)"
        ),
        "{problems:#?}"
    );
    assert!(problems[0].ends_with("remove the assumption"), "{problems:#?}");
}

#[test]
fn an_assumption_about_what_the_document_does_not_state_fails_generation() {
    let problems = problems_with("gigapay", |facts| {
        facts.assumptions.push(assumption(Target::Schema {
            schema: "Webhook".into(),
            property: Some("url".into()),
            keyword: "maxLength".into(),
        }));
        facts.assumptions.push(assumption(Target::Status(Responder::Operation("nope".into()), "200".into())));
    });
    assert_eq!(
        problems,
        [
            "crates/dialects/src/gigapay/facts.yaml:999: the assumption names `maxLength` at \
             `/components/schemas/Webhook/properties/url`, which the document does not state; remove the assumption",
            "crates/dialects/src/gigapay/facts.yaml:999: the assumption names nothing in the document: the document \
             has no operation `nope`",
        ]
    );
}

#[test]
fn an_assumption_is_marked_where_it_stands() {
    let document = hookspec_tests::document("gigapay");
    let deleted = &document["paths"]["/webhooks/{id}/"]["delete"]["responses"]["204"];
    assert!(
        deleted["x-hookspec-assumed"]["status"].as_str().is_some_and(|text| text.contains("204")),
        "{deleted}"
    );
    assert!(deleted["description"].as_str().is_some_and(|text| text.contains("Assumed")), "{deleted}");
    let documented = &document["components"]["responses"]["Unauthorized"];
    assert!(
        documented.get("x-hookspec-assumed").is_none()
            && documented["description"].as_str().is_some_and(|text| !text.contains("Assumed")),
        "a documented status is not marked: {documented}"
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
    assert!(err.contains("unexpected argument '--chek'") && err.contains("Usage: cargo xtask spec"), "{err}");
    let (code, _, err) = xtask(&["publish"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("unrecognized subcommand 'publish'"), "{err}");
    let (code, _, err) = xtask(&["spec", "--dialect"]);
    assert_eq!(code, xtask::FAILURE);
    assert!(err.contains("a value is required for '--dialect <NAME>'"), "{err}");
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
    let problems = problems_with("equals-money", |facts| facts.claims.push(claim));
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
    let mut dialect = dialect("gigapay").clone();
    let list =
        dialect.table.operations.iter_mut().find(|operation| operation.id == "listWebhooks").expect("listed");
    let response = list.responses.values_mut().next().expect("a response");
    *response = hookspec_dialects::table::Named::Value(hookspec_dialects::table::Response {
        description: "A page.".into(),
        body: Some(hookspec_dialects::table::Named::Name("WebhookPag".into())),
        headers: Default::default(),
    });
    let derived = hookspec_assembly::schemas::derive_provider(&dialect).expect("the schemas derive");
    let problems = hookspec_assembly::openapi::render(&dialect, &derived).expect_err("an unknown schema");
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].starts_with("crates/dialects/src/gigapay/api.yaml"), "{messages:?}");
    assert!(
        messages[0].contains("`WebhookPag` is not a component schema (they are: Employee, ErrorBody, Event,"),
        "{messages:?}"
    );
}

/// A quote of the documented header format that the scheme does not render (a prefix, a field
/// or a separator more or less) fails generation, naming the facts file and line.
#[test]
fn a_wrong_quote_of_a_header_format_fails_with_its_file_and_line() {
    let quotes = [
        ("sha256=<signature>", "none of the format's parts"),
        ("t=1583327301", "the format's `v1={signature}` is not documented"),
        (
            "t=1583327301;v1=ad583e2b2093c8d6fb3b65e04b99fc5988e98c0c312909acad334072da7e99ec",
            "none of the format's parts",
        ),
        (
            "t=1583327301,v1=ad583e2b2093c8d6fb3b65e04b99fc5988e98c0c312909acad334072da7e99ec,s=1",
            "none of the format's parts",
        ),
    ];
    for (quote, difference) in quotes {
        let problems = problems_with("gigapay", |facts| {
            for claim in &mut facts.claims {
                if let Fact::Signature { format, .. } = &mut claim.fact {
                    *format = Some(quote.into());
                }
            }
        });
        assert!(!problems.is_empty(), "{quote}");
        assert!(problems[0].starts_with("crates/dialects/src/gigapay/facts.yaml:"), "{problems:?}");
        let line: String = problems[0]["crates/dialects/src/gigapay/facts.yaml:".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let text = std::fs::read_to_string(
            hookspec_tests::workspace().join("crates/dialects/src/gigapay/facts.yaml"),
        )
        .expect("readable");
        let row = text.lines().nth(line.parse::<usize>().expect("a line") - 1).unwrap_or_default();
        assert!(row.trim_start().starts_with("- from:"), "the line of the fact's row: {row}");
        assert!(problems[0].contains(difference), "{quote}: {problems:?}");
    }
}

/// The source inventory is held to the facts both ways: an example a fact cites must be listed on
/// its page, a listed fixture must be cited from its page, and every entry is a fixture or left out
/// with the reason. Each error names `facts.yaml` and, where it can, the line.
#[test]
fn an_example_missing_from_its_page_or_listed_without_a_fact_fails_with_its_file() {
    use hookspec_dialects::facts::{PageExample, inventory};
    let dialect = dialect("gigapay");
    let file = dialect.folder.file("facts.yaml").expect("embedded");
    let facts = dialect.facts.clone();
    let check = |facts: &Facts| {
        inventory::check(file, &dialect.folder, &facts.pages, &facts.claims)
            .map_err(|error| error.to_string())
    };
    assert_eq!(check(&facts), Ok(()));

    // A page that no longer lists an example a fact cites from it.
    let mut unlisted = facts.clone();
    let api = unlisted.pages.get_mut("api").expect("a page");
    api.examples.retain(|example| example.fixture.as_deref() != Some("webhooks/retrieve.response.json"));
    let error = check(&unlisted).expect_err("an unlisted example");
    assert!(error.starts_with("crates/dialects/src/gigapay/facts.yaml:"), "{error}");
    assert!(
        error.contains("`webhooks/retrieve.response.json` is cited from") && error.contains("do not list it"),
        "{error}"
    );

    // A fixture listed on a page no fact cites it from.
    let mut uncited = facts.clone();
    uncited.pages.get_mut("draft").expect("a page").examples.push(PageExample {
        at: "somewhere".into(),
        fixture: Some("webhooks/retrieve.response.json".into()),
        left_out: None,
        count: None,
    });
    let error = check(&uncited).expect_err("a listed fixture no fact cites from the page");
    assert!(error.contains("no fact from that page cites it"), "{error}");

    // An entry that is neither a fixture nor left out with a reason.
    let mut neither = facts.clone();
    neither.pages.get_mut("draft").expect("a page").examples.push(PageExample {
        at: "the list's response".into(),
        fixture: None,
        left_out: Some("  ".into()),
        count: None,
    });
    let error = check(&neither).expect_err("an entry without a reason");
    assert!(error.contains("either a `fixture` or `left_out` with the reason"), "{error}");
}
