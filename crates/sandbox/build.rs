//! Embeds every published OpenAPI 3.1 document (`spec/<dialect>/openapi.yaml`), so that a mock
//! checks requests against exactly what hookspec publishes. The table is sorted by dialect.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let spec = Path::new(&manifest).join("../../spec");
    println!("cargo:rerun-if-changed={}", spec.display());
    let mut documents: Vec<(String, String)> = fs::read_dir(&spec)
        .expect("spec/ is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path().join("openapi.yaml");
            path.is_file().then(|| {
                let name = path.parent()?.file_name()?.to_string_lossy().into_owned();
                Some((name, path.canonicalize().ok()?.display().to_string()))
            })?
        })
        .collect();
    documents.sort();
    let mut table = String::from(
        "/// Every published OpenAPI 3.1 document, by dialect.\npub static DOCUMENTS: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &documents {
        println!("cargo:rerun-if-changed={path}");
        writeln!(table, "    ({name:?}, include_str!({path:?})),").expect("writing to a String");
    }
    table.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("published.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
