//! Unified line diffs, as `spec --check` shows a stale file.
//!
//! Small on purpose: the common head and tail are set aside, and the lines between are aligned by
//! a longest common subsequence, which gives a minimal diff. A change too large to align in
//! reasonable memory is shown whole, as its old lines removed and its new lines added.

/// Lines of unchanged context around each change.
const CONTEXT: usize = 3;

/// The largest table of line pairs aligned; a larger change is shown whole.
const MAX_CELLS: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Edit {
    Keep,
    Remove,
    Add,
}

/// The unified diff from `old` to `new` with `CONTEXT` lines of context, headed `--- old_name`
/// and `+++ new_name`; empty when the texts are equal.
pub fn unified(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let old: Vec<&str> = old.split_inclusive('\n').collect();
    let new: Vec<&str> = new.split_inclusive('\n').collect();
    let edits = edits(&old, &new);
    if edits.iter().all(|edit| *edit == Edit::Keep) {
        return String::new();
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    // Positions in `edits`, and the old and new line each edit starts at.
    let mut starts = Vec::with_capacity(edits.len() + 1);
    let (mut o, mut n) = (0, 0);
    for edit in &edits {
        starts.push((o, n));
        match edit {
            Edit::Keep => (o, n) = (o + 1, n + 1),
            Edit::Remove => o += 1,
            Edit::Add => n += 1,
        }
    }
    starts.push((o, n));
    let changed: Vec<usize> = (0..edits.len()).filter(|&i| edits[i] != Edit::Keep).collect();
    let mut first = 0;
    while first < changed.len() {
        // A hunk takes every change within twice the context of the one before it.
        let mut last = first;
        while last + 1 < changed.len() && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1 {
            last += 1;
        }
        let from = changed[first].saturating_sub(CONTEXT);
        let to = (changed[last] + 1 + CONTEXT).min(edits.len());
        let (old_from, new_from) = starts[from];
        let (old_to, new_to) = starts[to];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(old_from, old_to - old_from),
            range(new_from, new_to - new_from)
        ));
        for (index, edit) in edits[from..to].iter().enumerate() {
            let (o, n) = starts[from + index];
            let (sign, line) = match edit {
                Edit::Keep => (' ', old[o]),
                Edit::Remove => ('-', old[o]),
                Edit::Add => ('+', new[n]),
            };
            out.push(sign);
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
        first = last + 1;
    }
    out
}

/// `start,length` of a hunk side as unified diffs number it: from 1, the length left out when it
/// is 1, and the line before when the side is empty.
fn range(start: usize, length: usize) -> String {
    match length {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{length}", start + 1),
    }
}

/// The edits that turn `old` into `new`, one per line.
fn edits(old: &[&str], new: &[&str]) -> Vec<Edit> {
    let head = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let tail = old[head..].iter().rev().zip(new[head..].iter().rev()).take_while(|(a, b)| a == b).count();
    let (old_middle, new_middle) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    let mut edits = vec![Edit::Keep; head];
    edits.extend(align(old_middle, new_middle));
    edits.extend(std::iter::repeat_n(Edit::Keep, tail));
    edits
}

/// A minimal edit script between `old` and `new` by their longest common subsequence, or all of
/// `old` removed and all of `new` added when the table would be too large.
fn align(old: &[&str], new: &[&str]) -> Vec<Edit> {
    let (rows, columns) = (old.len() + 1, new.len() + 1);
    if rows.saturating_mul(columns) > MAX_CELLS {
        let mut edits = vec![Edit::Remove; old.len()];
        edits.extend(std::iter::repeat_n(Edit::Add, new.len()));
        return edits;
    }
    // common[i * columns + j]: the length of the longest common subsequence of old[i..], new[j..].
    let mut common = vec![0u32; rows * columns];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            common[i * columns + j] = if old[i] == new[j] {
                common[(i + 1) * columns + j + 1] + 1
            } else {
                common[(i + 1) * columns + j].max(common[i * columns + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut edits = Vec::with_capacity(old.len() + new.len());
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            edits.push(Edit::Keep);
            (i, j) = (i + 1, j + 1);
        } else if j == new.len()
            || (i < old.len() && common[(i + 1) * columns + j] >= common[i * columns + j + 1])
        {
            edits.push(Edit::Remove);
            i += 1;
        } else {
            edits.push(Edit::Add);
            j += 1;
        }
    }
    edits
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
