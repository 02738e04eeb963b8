//! A provider is one loaded value: every data file parsed once, every rule that spans files checked
//! at load with the file and line, and a provider can be built in memory.

use hookspec_dialects::{Folder, Provider};

/// The files of the registered provider `name`, with `path` replaced by what `edit` makes of it.
fn folder_with(name: &str, path: &str, edit: impl Fn(&str) -> String) -> Folder {
    let provider = hookspec_tests::dialect(name);
    let files: Vec<(String, String)> = provider
        .folder
        .files()
        .map(|(file, text)| (file.to_owned(), if file == path { edit(text) } else { text.to_owned() }))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(file, text)| (file.as_str(), text.as_str())).collect();
    Folder::in_memory(&format!("scratch_{name}"), &files)
}

#[test]
fn no_data_file_is_parsed_twice_however_often_the_documents_are_generated() {
    hookspec_assembly::publish(&[]).unwrap_or_else(|error| panic!("{error}"));
    hookspec_assembly::publish(&[]).unwrap_or_else(|error| panic!("{error}"));
    let counts = hookspec_dialects::data::parse_counts();
    for provider in hookspec_tests::providers() {
        for file in ["api.yaml", "behaviour.yaml", "events.yaml", "facts.yaml", "signature.yaml"] {
            let name = format!("{}/{file}", provider.folder.name);
            assert_eq!(counts.get(name.as_str()), Some(&1), "{name}: {counts:?}");
        }
    }
}

#[test]
fn a_provider_built_in_memory_generates_the_same_documents() {
    let registered = hookspec_tests::dialect("gigapay");
    let folder = folder_with("gigapay", "api.yaml", str::to_owned);
    let copy = Provider::load(folder, registered.wire).unwrap_or_else(|problems| panic!("{problems:?}"));
    let documents = |provider: &Provider| {
        let outputs = hookspec_assembly::generate(provider).unwrap_or_else(|error| panic!("{error}"));
        outputs
            .into_iter()
            .find(|output| output.path.ends_with("/openapi.yaml"))
            .map(|output| output.contents)
    };
    assert_eq!(documents(&copy), documents(registered));
}

#[test]
fn a_behaviour_for_an_operation_the_table_lacks_fails_at_load_with_its_line() {
    let folder =
        folder_with("gigapay", "behaviour.yaml", |text| text.replace("  deleteWebhook:", "  dropWebhook:"));
    let problems = Provider::load(folder, hookspec_tests::dialect("gigapay").wire).expect_err("refused");
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].starts_with("crates/dialects/src/scratch_gigapay/behaviour.yaml:")
            && messages[0].ends_with(": `dropWebhook` is not an operation of api.yaml"),
        "{messages:?}"
    );
    // ...and the operation it no longer names has nothing to say what it does.
    assert!(
        messages[1].starts_with("crates/dialects/src/scratch_gigapay/api.yaml:")
            && messages[1].contains("`deleteWebhook` has no entry under behaviour.yaml's `operations`"),
        "{messages:?}"
    );
}

#[test]
fn a_rest_table_with_json_rpc_behaviour_fails_at_load_naming_what_is_wanted() {
    let folder = folder_with("gigapay", "behaviour.yaml", |text| text.replace("refusals:", "refusal:"));
    let problems = Provider::load(folder, hookspec_tests::dialect("gigapay").wire).expect_err("refused");
    assert!(problems[0].to_string().contains("unknown field `refusal`"), "{problems:?}");
    let folder = folder_with("gigapay", "behaviour.yaml", |text| {
        let cut = text.find("refusals:").expect("refusals");
        let end = text[cut..].find("messages:").map_or(text.len(), |end| cut + end);
        format!("{}{}", &text[..cut], &text[end..])
    });
    let problems = Provider::load(folder, hookspec_tests::dialect("gigapay").wire).expect_err("refused");
    assert!(problems[0].to_string().contains("so behaviour.yaml has `refusals`"), "{problems:?}");
}

#[test]
fn a_fact_without_a_quote_fails_at_load_naming_facts_yaml_and_its_line() {
    let line = "    quote: \"API requests without valid authentication will fail with the HTTP response code `401`.\"\n";
    let folder = folder_with("gigapay", "facts.yaml", |text| {
        assert!(text.contains(line), "the row this test takes its quote from");
        text.replacen(line, "", 1)
    });
    let problems = Provider::load(folder, hookspec_tests::dialect("gigapay").wire).expect_err("refused");
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(
        messages.iter().any(|message| {
            let at_line = message
                .strip_prefix("crates/dialects/src/scratch_gigapay/facts.yaml:")
                .is_some_and(|rest| rest.starts_with(|first: char| first.is_ascii_digit()));
            at_line && message.contains("the fact has no `quote:`")
        }),
        "{messages:?}"
    );
}
