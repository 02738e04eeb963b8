//! Compares generated files with the `spec/` folder, and writes them there.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One generated file: its path relative to `spec/` (with `/` separators), and its contents.
pub type Output<'a> = (&'a str, &'a str);

/// Why a file under `spec/` could not be read or written.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct Error {
    /// The file or folder.
    pub path: PathBuf,
    /// The underlying error.
    pub source: io::Error,
}

/// How one file under `spec/` differs from what would be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file exists with other contents; `diff` is a unified diff from it to the generated one.
    Stale {
        /// Path relative to `spec/`.
        path: String,
        /// Unified diff, committed -> generated.
        diff: String,
    },
    /// The file would be generated but does not exist.
    Missing {
        /// Path relative to `spec/`.
        path: String,
    },
    /// The file exists but nothing generates it.
    Unexpected {
        /// Path relative to `spec/`.
        path: String,
    },
}

/// What [`write`] did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Created or rewritten.
    Updated(String),
    /// Already up to date; left untouched.
    Unchanged(String),
    /// Removed, because nothing generates it any more.
    Removed(String),
}

/// Compares `outputs` with `spec_dir`. Files under the folders of `scope` (dialect names) that
/// nothing generates are unexpected; with an empty scope the whole of `spec_dir` is looked at.
pub fn compare(spec_dir: &Path, outputs: &[Output<'_>], scope: &[&str]) -> Result<Vec<Drift>, Error> {
    let mut drift = Vec::new();
    for output in outputs {
        let file = spec_dir.join(output.0);
        match fs::read(&file) {
            Ok(bytes) if bytes == output.1.as_bytes() => {}
            Ok(bytes) => {
                let old = String::from_utf8_lossy(&bytes);
                let diff = hookspec_toolkit::textdiff::unified(
                    &old,
                    output.1,
                    &format!("a/spec/{}", output.0),
                    &format!("b/spec/{}", output.0),
                );
                drift.push(Drift::Stale { path: output.0.to_owned(), diff });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                drift.push(Drift::Missing { path: output.0.to_owned() })
            }
            Err(source) => return Err(Error { path: file, source }),
        }
    }
    for path in existing(spec_dir, scope)? {
        if !outputs.iter().any(|output| output.0 == path) {
            drift.push(Drift::Unexpected { path });
        }
    }
    Ok(drift)
}

/// Writes `outputs` under `spec_dir`, leaving files that are already up to date untouched, and
/// removes files in `scope` that nothing generates (see [`compare`]). Each file is written to a
/// temporary sibling first and renamed into place, so no file is ever half-written.
pub fn write(spec_dir: &Path, outputs: &[Output<'_>], scope: &[&str]) -> Result<Vec<Written>, Error> {
    let mut written = Vec::new();
    for drift in compare(spec_dir, outputs, scope)? {
        if let Drift::Unexpected { path } = drift {
            let file = spec_dir.join(&path);
            fs::remove_file(&file).map_err(|source| Error { path: file.clone(), source })?;
            remove_empty_parents(spec_dir, &file);
            written.push(Written::Removed(path));
        }
    }
    for output in outputs {
        let file = spec_dir.join(output.0);
        if fs::read(&file).is_ok_and(|bytes| bytes == output.1.as_bytes()) {
            written.push(Written::Unchanged(output.0.to_owned()));
            continue;
        }
        let io = |source| Error { path: file.clone(), source };
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(|source| Error { path: parent.to_owned(), source })?;
        }
        let temporary = file.with_file_name(format!(
            ".{}.tmp",
            file.file_name().map(|name| name.to_string_lossy()).unwrap_or_default()
        ));
        fs::write(&temporary, output.1).map_err(io)?;
        fs::rename(&temporary, &file).map_err(io)?;
        written.push(Written::Updated(output.0.to_owned()));
    }
    Ok(written)
}

/// The one file under `spec/` written by hand: a dialect's breaking changes decided on, which
/// `cargo xtask diff` reads beside the documents. Generation neither flags nor removes it.
pub const ACCEPTED_CHANGES: &str = "accepted-changes.yaml";

/// Paths (relative, `/`-separated, sorted) of the generated files' kind under the scope's
/// folders: every file but [`ACCEPTED_CHANGES`].
fn existing(spec_dir: &Path, scope: &[&str]) -> Result<Vec<String>, Error> {
    let roots: Vec<PathBuf> = if scope.is_empty() {
        vec![spec_dir.to_owned()]
    } else {
        scope.iter().map(|name| spec_dir.join(name)).collect()
    };
    let mut files = Vec::new();
    for root in roots {
        collect(&root, &mut files)?;
    }
    let mut paths: Vec<String> = files
        .iter()
        .filter_map(|file| file.strip_prefix(spec_dir).ok())
        .map(|relative| {
            relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        })
        .collect();
    paths.sort();
    Ok(paths)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error { path: dir.to_owned(), source });
        }
    };
    for entry in entries {
        let entry = entry.map_err(|source| Error { path: dir.to_owned(), source })?;
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if entry.file_name() != ACCEPTED_CHANGES {
            files.push(path);
        }
    }
    Ok(())
}

fn remove_empty_parents(spec_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir.filter(|current| *current != spec_dir && current.starts_with(spec_dir)) {
        if fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}
