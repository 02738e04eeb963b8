//! No module imports one that imports it back. A module's imports are the modules its `use`
//! declarations and paths name through `crate::`, `super::` or `self::`, other than its own
//! submodules (which are its parts) and other than a glob of its parent (`use super::*`, which
//! takes the parent's names for a part of it). Every crate of the workspace and the xtask are
//! read; a circle fails the test with the files and the paths that tie it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every `.rs` file below `src`, with its module path (`facts/rows.rs` is `[facts, rows]`).
fn modules(src: &Path) -> Vec<(Module, PathBuf)> {
    let mut found = Vec::new();
    let mut pending = vec![src.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display())) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|extension| extension != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).expect("below src");
            let mut module: Module = relative
                .iter()
                .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            match module.last().map(String::as_str) {
                Some("main") if module.len() == 1 => continue, // a binary's root: a crate of its own
                Some("lib") if module.len() == 1 => module.clear(),
                Some("mod") => {
                    module.pop();
                }
                _ => {}
            }
            found.push((module, path));
        }
    }
    found
}

/// The text without comments and string literals, which name no module.
fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                let mut escaped = false;
                for c in chars.by_ref() {
                    if !escaped && c == '"' {
                        break;
                    }
                    escaped = c == '\\' && !escaped;
                }
                out.push_str("\"\"");
            }
            _ => out.push(c),
        }
    }
    out
}

/// Every path a file's code names from `crate::`, `super::` or `self::`, `use` trees expanded;
/// a glob keeps its `*`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut index = 0;
    while index < code.len() {
        let rest = &code[index..];
        let starts_word =
            index == 0 || !(bytes[index - 1].is_ascii_alphanumeric() || bytes[index - 1] == b'_');
        let head = ["crate::", "super::", "self::"].into_iter().find(|head| rest.starts_with(head));
        match head {
            Some(head) if starts_word && !(index >= 2 && &code[index - 2..index] == "::") => {
                let (tree, length) = use_tree(rest);
                for path in tree {
                    found.push(path);
                }
                index += length.max(head.len());
            }
            _ => index += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// The paths of the `use` tree (or plain path) at the start of `text`, and the length it spans.
fn use_tree(text: &str) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut index = 0;
    loop {
        let rest = &text[index..];
        let trimmed = rest.trim_start();
        index += rest.len() - trimmed.len();
        if let Some(inner) = trimmed.strip_prefix('{') {
            // A group: each member is a tree of its own.
            let mut found = Vec::new();
            let mut offset = index + 1;
            let mut member_start = inner;
            loop {
                let (members, length) = use_tree(member_start);
                for member in members {
                    found.push(prefix.iter().cloned().chain(member).collect());
                }
                offset += length;
                let after = text[offset..].trim_start();
                offset += text[offset..].len() - after.len();
                if let Some(next) = after.strip_prefix(',') {
                    offset += 1;
                    if next.trim_start().starts_with('}') {
                        let skipped = next.len() - next.trim_start().len();
                        return (found, offset + skipped + 1);
                    }
                    member_start = &text[offset..];
                } else {
                    return (found, offset + usize::from(after.starts_with('}')));
                }
            }
        }
        let word: String =
            trimmed.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '*').collect();
        if word.is_empty() {
            return (vec![prefix], index);
        }
        prefix.push(word.clone());
        index += word.len();
        if text[index..].starts_with("::") {
            index += 2;
        } else {
            return (vec![prefix], index);
        }
    }
}

/// The module a path names, from the module `from`: the longest prefix of it that is a module;
/// `None` for a glob of the parent.
fn target(from: &Module, path: &[String], known: &BTreeSet<Module>) -> Option<Module> {
    let mut absolute: Module = Vec::new();
    let mut rest = path;
    match path.first().map(String::as_str) {
        Some("crate") => rest = &path[1..],
        Some("self") => {
            absolute = from.clone();
            rest = &path[1..];
        }
        Some("super") => {
            absolute = from.clone();
            while rest.first().is_some_and(|part| part == "super") {
                absolute.pop();
                rest = &rest[1..];
            }
            if rest == ["*"] && absolute.len() + 1 == from.len() {
                return None;
            }
        }
        _ => return None,
    }
    absolute.extend(rest.iter().filter(|part| *part != "*").cloned());
    while !known.contains(&absolute) {
        absolute.pop();
    }
    Some(absolute)
}

/// Every circle of the graph, as the modules on it.
fn circles(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeSet<Module>>,
        stack: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
        found: &mut Vec<Vec<Module>>,
    ) {
        if let Some(at) = stack.iter().position(|seen| seen == node) {
            found.push(stack[at..].to_vec());
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, stack, done, found);
        }
        stack.pop();
        done.insert(node.clone());
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        visit(node, edges, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = hookspec_tests::workspace();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .expect("crates/")
        .filter_map(|entry| Some(entry.ok()?.path().join("src")))
        .filter(|src| src.is_dir())
        .collect();
    sources.push(root.join("xtask/src"));
    sources.sort();
    let mut checked = 0;
    for src in sources {
        let files = modules(&src);
        let known: BTreeSet<Module> = files.iter().map(|(module, _)| module.clone()).collect();
        let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
        let mut why: BTreeMap<(Module, Module), String> = BTreeMap::new();
        for (module, path) in &files {
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            for named in paths(&code(&text)) {
                let Some(to) = target(module, &named, &known) else { continue };
                if to.starts_with(module) {
                    continue; // itself, or one of its parts
                }
                why.entry((module.clone(), to.clone())).or_insert_with(|| named.join("::"));
                edges.entry(module.clone()).or_default().insert(to);
            }
            checked += 1;
        }
        let file_of = |module: &Module| {
            files
                .iter()
                .find(|(known, _)| known == module)
                .map(|(_, path)| path.display().to_string())
                .unwrap_or_default()
        };
        let found = circles(&edges);
        let described: Vec<String> = found
            .iter()
            .map(|circle| {
                let mut steps = Vec::new();
                for (index, module) in circle.iter().enumerate() {
                    let next = &circle[(index + 1) % circle.len()];
                    let named = why.get(&(module.clone(), next.clone())).cloned().unwrap_or_default();
                    steps.push(format!("{} -> {} ({named})", file_of(module), file_of(next)));
                }
                steps.join("\n  ")
            })
            .collect();
        assert!(described.is_empty(), "import circles in {}:\n  {}", src.display(), described.join("\n\n  "));
    }
    assert!(checked > 50, "{checked} files read");
}

#[test]
fn use_trees_and_relative_paths_are_read_as_rustc_reads_them() {
    let code = code(
        "use crate::{a::{B, c::D}, e};\nuse super::*;\nfn f() { super::g::h(); crate::i::J; }\n// crate::k\n\"crate::l\"",
    );
    assert_eq!(
        paths(&code),
        [
            vec!["crate", "a", "B"],
            vec!["crate", "a", "c", "D"],
            vec!["crate", "e"],
            vec!["super", "*"],
            vec!["super", "g", "h"],
            vec!["crate", "i", "J"],
        ]
        .map(|path| path.into_iter().map(str::to_owned).collect::<Vec<_>>())
    );
    let known: BTreeSet<Module> =
        [vec![], vec!["a".to_owned()], vec!["a".to_owned(), "c".to_owned()]].into_iter().collect();
    let from = vec!["a".to_owned(), "c".to_owned()];
    assert_eq!(target(&from, &["super".to_owned(), "*".to_owned()], &known), None);
    assert_eq!(
        target(&from, &["crate".to_owned(), "a".to_owned(), "X".to_owned()], &known),
        Some(vec!["a".to_owned()])
    );
}
