//! Embeds the published OpenAPI 3.1 document (`spec/<dialect>/openapi.yaml`) of every provider the
//! registry lists, so that a mock checks requests against exactly what hookspec publishes. A
//! provider whose document is not published yet is left out (the mock then says to run `cargo
//! xtask spec`).

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let spec = Path::new(&manifest).join("../../spec");
    println!("cargo:rerun-if-changed={}", spec.display());
    let documents: Vec<(String, String)> = hookspec_dialects::registry()
        .iter()
        .filter_map(|registered| {
            let name = registered.name();
            let path = spec.join(&name).join("openapi.yaml");
            println!("cargo:rerun-if-changed={}", path.display());
            Some((name, path.canonicalize().ok()?.display().to_string()))
        })
        .collect();
    let mut table = String::from(
        "/// Every published OpenAPI 3.1 document, by dialect.\npub static DOCUMENTS: &[(&str, &str)] = &[\n",
    );
    for (name, path) in &documents {
        writeln!(table, "    ({name:?}, include_str!({path:?})),").expect("writing to a String");
    }
    table.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("published.rs");
    fs::write(out, table).expect("OUT_DIR is writable");
}
