//! Embeds every data file of every provider folder (`src/<provider>/api.yaml`, `facts.yaml`,
//! `fixtures/*`) into the crate, so that a dialect does no I/O and adding a fixture is adding a
//! file. The generated table is sorted by path, so the build is deterministic.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let src = Path::new(&manifest).join("src");
    println!("cargo:rerun-if-changed={}", src.display());
    let mut files = Vec::new();
    collect(&src, &src, &mut files);
    files.sort();
    let mut table = String::from(
        "/// Every data file of every provider folder: its path under `src/`, and its text.\n\
         pub static FILES: &[(&str, &str)] = &[\n",
    );
    for (relative, absolute) in &files {
        writeln!(table, "    ({relative:?}, include_str!({absolute:?})),").expect("writing to a String");
    }
    table.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    fs::write(&out, table).expect("OUT_DIR is writable");
}

/// Every file below a provider folder that is not Rust source, as (path relative to `src/`, with
/// `/` separators; absolute path).
fn collect(src: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() {
            collect(src, &path, files);
        } else if dir != src && path.extension().is_none_or(|extension| extension != "rs") {
            let relative = path.strip_prefix(src).expect("below src/");
            let relative: Vec<String> =
                relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
            files.push((relative.join("/"), path.display().to_string()));
        }
    }
}
