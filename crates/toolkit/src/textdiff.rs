//! Unified line diffs, as `spec --check` shows a stale file: `similar`'s Myers diff, written as
//! `diff -u` writes it.

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

/// The unified diff from `old` to `new` with three lines of context, headed `--- old_name` and
/// `+++ new_name`; empty when the texts are equal.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(CONTEXT)
        .header(old_name, new_name)
        .missing_newline_hint(true)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines `1` to `count`, with the lines `changed` names replaced by words.
    fn lines(count: usize, changed: &[usize]) -> String {
        (1..=count)
            .map(|line| if changed.contains(&line) { format!("line {line}\n") } else { format!("{line}\n") })
            .collect()
    }

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\nb\n", "a\nb\n", "a", "b"), "");
    }

    #[test]
    fn a_changed_line_is_shown_with_three_lines_of_context() {
        assert_eq!(
            unified(&lines(10, &[]), &lines(10, &[5]), "a/x", "b/x"),
            "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+line 5\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn changes_far_apart_make_separate_hunks_and_near_ones_share_one() {
        let old = lines(30, &[]);
        // Seven unchanged lines between two changes: two hunks; six: one.
        assert_eq!(unified(&old, &lines(30, &[3, 11]), "a", "b").matches("@@ -").count(), 2);
        assert_eq!(unified(&old, &lines(30, &[3, 10]), "a", "b").matches("@@ -").count(), 1);
    }

    #[test]
    fn added_and_removed_lines_are_numbered_as_unified_diffs_number_them() {
        assert_eq!(unified("a\n", "a\nb\n", "o", "n"), "--- o\n+++ n\n@@ -1 +1,2 @@\n a\n+b\n");
        assert_eq!(unified("", "a\n", "o", "n"), "--- o\n+++ n\n@@ -0,0 +1 @@\n+a\n");
        assert_eq!(unified("a\nb\n", "b\n", "o", "n"), "--- o\n+++ n\n@@ -1,2 +1 @@\n-a\n b\n");
    }

    #[test]
    fn the_alignment_is_minimal() {
        // A line moved from the end to the front: one removal and one addition, the rest kept.
        let diff = unified("a\nb\nc\nd\n", "d\na\nb\nc\n", "o", "n");
        assert_eq!(diff.lines().filter(|line| line.starts_with(['-', '+'])).count(), 4, "{diff}");
    }

    #[test]
    fn a_missing_final_newline_is_marked() {
        assert_eq!(
            unified("a\n", "a", "o", "n"),
            "--- o\n+++ n\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n"
        );
    }
}
