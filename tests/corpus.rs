//! Real before/after pairs of published API descriptions, cut down to the parts that changed
//! (`tests/corpus/<package>-<old>-<new>/{old,new}.json`, with `SOURCE.md` saying where each is
//! from): each pair's report is pinned by a snapshot, so a rule that changes a real verdict is
//! reviewed.

use hookspec_tests::workspace;

#[test]
fn every_real_pair_keeps_its_verdicts() {
    let corpus = workspace().join("tests/corpus");
    let mut pairs: Vec<String> = std::fs::read_dir(&corpus)
        .expect("tests/corpus")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("old.json").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    pairs.sort();
    assert!(pairs.len() >= 5, "{pairs:?}");
    for pair in pairs {
        let args: Vec<String> = ["old.json", "new.json"].map(str::to_owned).to_vec();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = hookspec_diff::run(&corpus.join(&pair), &args, &mut out, &mut err);
        let err = String::from_utf8_lossy(&err);
        assert!(code < 2, "{pair}: {err}");
        insta::assert_snapshot!(pair, String::from_utf8_lossy(&out));
    }
}
