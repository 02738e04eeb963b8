//! Where the documents come from: two files (or `REV:PATH`s from git), or every dialect's
//! documents under `spec/` and the same files at a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use hookspec_toolkit::Problem;

/// The documents a dialect publishes that `diff` compares, in the order reports list them.
pub const DOCUMENTS: [&str; 3] = ["openapi.yaml", "openapi-3.0.yaml", "openrpc.json"];

/// The file beside a dialect's documents that lists the breaking changes decided on.
pub const ACCEPTED: &str = "accepted-changes.yaml";

/// A text and the name errors give it.
#[derive(Debug, Clone)]
pub struct Text {
    /// A path relative to the repository (`spec/gigapay/openapi.yaml`), `REV:PATH`, or the file
    /// as given.
    pub name: String,
    /// The contents.
    pub text: String,
}

/// One document, before and after; `None` where it does not exist.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The document, as reports name it.
    pub path: String,
    /// Before.
    pub old: Option<Text>,
    /// After.
    pub new: Option<Text>,
}

/// The documents of one dialect (or the one pair compared), with their accepted changes.
#[derive(Debug, Clone)]
pub struct Group {
    /// The dialect, or the new document's name when two files are compared.
    pub dialect: String,
    /// The accepted changes, if the file exists.
    pub accepted: Option<Text>,
    /// The documents.
    pub pairs: Vec<Pair>,
}

/// Two documents given as files or `REV:PATH`, read in `dir`. The accepted changes are the
/// file beside the new document, when it is a file.
pub fn two(dir: &Path, old: &str, new: &str) -> Result<Group, Problem> {
    let old = Text { name: old.to_owned(), text: read_given(dir, old)? };
    let new = Text { name: new.to_owned(), text: read_given(dir, new)? };
    let beside = dir.join(&new.name).parent().map(|folder| folder.join(ACCEPTED));
    let accepted = match beside {
        Some(file) if dir.join(&new.name).is_file() && file.is_file() => {
            let name = Path::new(&new.name).with_file_name(ACCEPTED).display().to_string();
            Some(Text { text: read_file(&file, &name)?, name })
        }
        _ => None,
    };
    Ok(Group {
        dialect: new.name.clone(),
        accepted,
        pairs: vec![Pair { path: new.name.clone(), old: Some(old), new: Some(new) }],
    })
}

/// Every dialect under `spec/` in the working tree of the repository holding `dir`, and at
/// `reference`: one group per dialect, sorted by name.
pub fn base(dir: &Path, reference: &str) -> Result<Vec<Group>, Problem> {
    let root = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?.trim());
    git(&root, &["rev-parse", "--verify", "--quiet", &format!("{reference}^{{commit}}")]).map_err(|_| {
        Problem::new(format!("--base {reference}"), format!("not a git revision of {}", root.display()))
    })?;
    let at_base = git(&root, &["ls-tree", "-r", "--name-only", reference, "--", "spec"])?;
    let mut dialects: Vec<String> = at_base
        .lines()
        .filter_map(|path| {
            let mut parts = path.split('/');
            let (_, dialect, file) = (parts.next()?, parts.next()?, parts.next()?);
            (parts.next().is_none() && DOCUMENTS.contains(&file)).then(|| dialect.to_owned())
        })
        .collect();
    let spec = root.join("spec");
    for entry in std::fs::read_dir(&spec)
        .map_err(|error| Problem::new(spec.display().to_string(), format!("cannot read: {error}")))?
    {
        let entry = entry
            .map_err(|error| Problem::new(spec.display().to_string(), format!("cannot read: {error}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if DOCUMENTS.iter().any(|file| entry.path().join(file).is_file()) {
            dialects.push(name);
        }
    }
    dialects.sort();
    dialects.dedup();
    let listed: Vec<&str> = at_base.lines().collect();
    let mut groups = Vec::new();
    for dialect in dialects {
        let mut pairs = Vec::new();
        for file in DOCUMENTS {
            let path = format!("spec/{dialect}/{file}");
            let new = match root.join(&path).is_file() {
                true => Some(Text { text: read_file(&root.join(&path), &path)?, name: path.clone() }),
                false => None,
            };
            let old = match listed.contains(&path.as_str()) {
                true => {
                    let name = format!("{reference}:{path}");
                    Some(Text { text: git(&root, &["show", &name])?, name })
                }
                false => None,
            };
            if old.is_some() || new.is_some() {
                pairs.push(Pair { path, old, new });
            }
        }
        let accepted_path = format!("spec/{dialect}/{ACCEPTED}");
        let accepted = match root.join(&accepted_path).is_file() {
            true => Some(Text {
                text: read_file(&root.join(&accepted_path), &accepted_path)?,
                name: accepted_path,
            }),
            false => None,
        };
        groups.push(Group { dialect, accepted, pairs });
    }
    Ok(groups)
}

/// A document given on the command line: a file, or `REV:PATH` from git.
fn read_given(dir: &Path, given: &str) -> Result<String, Problem> {
    let file = dir.join(given);
    if file.exists() {
        return read_file(&file, given);
    }
    if given.contains(':') {
        return git(dir, &["show", given])
            .map_err(|problem| Problem::new(given, format!("cannot read from git: {}", problem.message)));
    }
    Err(Problem::new(given, "no such file (a git revision is written REV:PATH)"))
}

fn read_file(file: &Path, name: &str) -> Result<String, Problem> {
    std::fs::read_to_string(file).map_err(|error| Problem::new(name, format!("cannot read: {error}")))
}

/// Runs git in `dir`; its standard output, or why it failed (at the command).
fn git(dir: &Path, args: &[&str]) -> Result<String, Problem> {
    let command = || format!("git -C {} {}", dir.display(), args.join(" "));
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| Problem::new(command(), format!("cannot run git: {error}")))?;
    if !output.status.success() {
        return Err(Problem::new(command(), String::from_utf8_lossy(&output.stderr).trim()));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| Problem::new(command(), "printed something that is not UTF-8"))
}
