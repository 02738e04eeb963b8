//! `cargo xtask import`: the files of `hookspec-import`, written into a provider folder or
//! compared with it.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, bail};
use indexmap::IndexMap;

use crate::DRIFT;

/// Imports into `folder` from `descriptions` (`NAME=FILE`) or the pinned packages in
/// `packages`, or with `check` compares.
pub fn run(
    folder: &Path,
    descriptions: &[String],
    packages: Option<&Path>,
    check: bool,
    restricted: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let selection_path = folder.join("import.yaml");
    let selection = std::fs::read_to_string(&selection_path)
        .with_context(|| format!("reading {}", selection_path.display()))?;
    let files = match packages {
        Some(packages) => pinned(&selection_path, &selection, packages)?,
        None => descriptions
            .iter()
            .map(|argument| match argument.split_once('=') {
                Some((name, file)) => Ok((name.to_owned(), file.to_owned())),
                None => bail!("--description takes NAME=FILE, not `{argument}`"),
            })
            .collect::<anyhow::Result<Vec<_>>>()?,
    };
    let mut read = IndexMap::new();
    for (name, file) in files {
        let text = std::fs::read_to_string(&file).with_context(|| format!("reading {file}"))?;
        let value = hookspec_import::read_description(&file, &text)
            .map_err(|problem| anyhow::anyhow!("{problem}"))?;
        read.insert(name, value);
    }
    let imported =
        hookspec_import::import(&folder.display().to_string(), &selection, &read).map_err(|problems| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            anyhow::anyhow!("{}", lines.join("\n"))
        })?;
    if let Some(path) = restricted {
        let text = serde_json::to_string_pretty(&imported.restricted)? + "\n";
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let written = imported.files;
    let mut drift = Vec::new();
    let mut expected = std::collections::BTreeSet::new();
    for file in &written {
        let path = folder.join(&file.path);
        expected.insert(path.clone());
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() == Some(file.text.as_str()) {
            continue;
        }
        drift.push(file.path.clone());
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(&path, &file.text).with_context(|| format!("writing {}", path.display()))?;
        }
    }
    // An example the descriptions no longer have is stale.
    let examples = folder.join(hookspec_import::EXAMPLES);
    for entry in walk(&examples) {
        if !expected.contains(&entry) {
            drift.push(entry.strip_prefix(folder).unwrap_or(&entry).display().to_string());
            if !check {
                std::fs::remove_file(&entry).with_context(|| format!("removing {}", entry.display()))?;
            }
        }
    }
    let total = written.len();
    match (check, drift.is_empty()) {
        (_, true) => {
            writeln!(out, "{total} files in {}: already what the descriptions give", folder.display())?
        }
        (true, false) => {
            writeln!(
                out,
                "{} of {total} files in {} are not what the descriptions give:",
                drift.len(),
                folder.display()
            )?;
            for path in &drift {
                writeln!(out, "  {path}")?;
            }
            return Ok(DRIFT);
        }
        (false, false) => writeln!(out, "{} of {total} files in {} written", drift.len(), folder.display())?,
    }
    Ok(0)
}

/// Each description import.yaml names, as its file in `packages` (a `node_modules` folder),
/// after checking that the package there is the version import.yaml pins.
fn pinned(at: &Path, selection: &str, packages: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let selection = hookspec_import::parse_selection(&at.display().to_string(), selection)
        .map_err(|problem| anyhow::anyhow!("{problem}"))?;
    let mut files = Vec::new();
    for (name, source) in &selection.descriptions {
        let folder = packages.join(&source.package);
        let manifest = folder.join("package.json");
        let text =
            std::fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
        let version: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("reading {}", manifest.display()))?;
        if version["version"] != serde_json::json!(source.version) {
            bail!(
                "{} is version {}, and import.yaml pins {} {}",
                manifest.display(),
                version["version"],
                source.package,
                source.version
            );
        }
        files.push((name.clone(), folder.join(&source.file).display().to_string()));
    }
    Ok(files)
}

/// Every file below `dir`, in name order; none when it does not exist.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() { pending.push(path) } else { found.push(path) }
        }
    }
    found.sort();
    found
}
