//! The documented examples of every registered dialect: each one that holds is embedded in the
//! published document, verbatim, where it belongs.

use hookspec_dialects::{Fact, Place};
use hookspec_tests::{document, providers as registry};
use serde_json::Value;

#[test]
fn every_valid_documented_example_is_embedded_verbatim_where_it_belongs() {
    let mut embedded = 0;
    for dialect in registry() {
        let document = document(&dialect.name);
        for claim in dialect.facts.clone().claims {
            let Fact::Example { name, fixture, at, .. } = &claim.fact else { continue };
            if claim.erratum.is_some() {
                continue;
            }
            let value: Value = serde_json::from_str(&fixture.json_text()).expect("fixtures are JSON");
            let found = match at {
                Place::Properties { schema } => {
                    value.as_object().expect("an object").iter().all(|(property, member)| {
                        document["components"]["schemas"][schema]["properties"][property]["examples"]
                            .as_array()
                            .is_some_and(|examples| examples.contains(member))
                    })
                }
                Place::Schema { schema } => document["components"]["schemas"][schema]["examples"]
                    .as_array()
                    .is_some_and(|examples| examples.contains(&value)),
                Place::Request { operation } | Place::Response { operation, .. } => {
                    let found =
                        hookspec_toolkit::lookup::operation(&document, operation).expect("the operation");
                    let media = match at {
                        Place::Response { status, .. } => hookspec_toolkit::lookup::resolve(
                            &document,
                            &found.object["responses"][status.to_string()],
                        )
                        .pointer("/content/application~1json"),
                        _ => found.object.pointer("/requestBody/content/application~1json"),
                    };
                    media.map(|media| &media["examples"][name.as_str()]["value"]) == Some(&value)
                }
            };
            assert!(
                found,
                "{}: example `{name}` ({}) is not embedded at {at:?}",
                dialect.name,
                fixture.path()
            );
            embedded += 1;
        }
    }
    assert!(embedded >= 15, "only {embedded} examples are embedded");
}
