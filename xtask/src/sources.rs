//! `cargo xtask sources`: the quotes of every page read from a provider's docs repository, checked
//! against a local clone of it, at the pinned commits or (with `--latest`) at the clone's `HEAD`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use hookspec_dialects::Provider;
use hookspec_dialects::sources::{self, Docs, Report};

/// A local clone of a docs repository (a checkout or a bare repository), read with git.
pub struct Checkout {
    dir: PathBuf,
}

impl Checkout {
    /// The clone in `dir`, which must be a git repository.
    pub fn open(dir: &Path) -> anyhow::Result<Checkout> {
        let clone = Checkout { dir: dir.to_owned() };
        clone
            .git(&["rev-parse", "--git-dir"])
            .with_context(|| format!("{} is not a git repository", dir.display()))?;
        Ok(clone)
    }

    fn git(&self, args: &[&str]) -> anyhow::Result<Vec<u8>> {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.dir)
            .args(args)
            .output()
            .with_context(|| format!("cannot run git in {}", self.dir.display()))?;
        if !output.status.success() {
            bail!("git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
        }
        Ok(output.stdout)
    }
}

impl Docs for Checkout {
    fn read(&self, commit: &str, path: &str) -> Result<Option<String>, String> {
        let object = format!("{commit}^{{commit}}");
        self.git(&["cat-file", "-e", &object]).map_err(|_| {
            format!(
                "{} has no commit {commit}: fetch it, or clone the repository in full",
                self.dir.display()
            )
        })?;
        match self.git(&["show", &format!("{commit}:{path}")]) {
            Ok(bytes) => {
                String::from_utf8(bytes).map(Some).map_err(|_| format!("{path} at {commit} is not UTF-8"))
            }
            Err(_) => Ok(None),
        }
    }

    fn head(&self) -> Result<String, String> {
        let bytes = self.git(&["rev-parse", "HEAD"]).map_err(|error| error.to_string())?;
        Ok(String::from_utf8_lossy(&bytes).trim().to_owned())
    }
}

/// Checks `providers`' quotes against each `(repository, clone)`, and prints what it found; the
/// exit code is 1 when a quote is missing or (with `latest`) the docs drifted, else 0.
pub fn report(
    providers: &[&Provider],
    clones: &[(String, Checkout)],
    latest: bool,
    out: &mut dyn Write,
) -> anyhow::Result<u8> {
    let mut failed = false;
    for (repo, clone) in clones {
        let head = if latest { Some(clone.head().map_err(anyhow::Error::msg)?) } else { None };
        let mut cited = false;
        for provider in providers {
            let report: Report = sources::check(provider, repo, clone, latest).map_err(anyhow::Error::msg)?;
            if report.pages == 0 {
                continue;
            }
            cited = true;
            let against = match &head {
                Some(head) => format!("at HEAD {}", &head[..7.min(head.len())]),
                None => "at the pinned commits".to_owned(),
            };
            writeln!(
                out,
                "{} ({repo} {against}): {} page(s), {} quote(s), {} found",
                provider.name, report.pages, report.quotes, report.found
            )?;
            for finding in &report.findings {
                writeln!(out, "  - {finding}")?;
            }
            failed |= !report.findings.is_empty();
        }
        if !cited {
            writeln!(out, "{repo}: no page of any dialect is read from it")?;
        }
    }
    Ok(u8::from(failed))
}

/// `OWNER/NAME=DIR`, parsed and opened.
pub fn clone_arg(arg: &str) -> anyhow::Result<(String, Checkout)> {
    let Some((repo, dir)) = arg.split_once('=') else {
        bail!("`--docs {arg}`: write it OWNER/NAME=DIR (a repository and its local clone)");
    };
    if repo.split('/').filter(|part| !part.is_empty()).count() != 2 {
        bail!("`--docs {arg}`: `{repo}` is not OWNER/NAME");
    }
    Ok((repo.to_owned(), Checkout::open(Path::new(dir))?))
}
