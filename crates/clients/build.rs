//! Generates a typed client for every REST dialect in the registry with progenitor, from the
//! committed `spec/<dialect>/openapi-3.0.yaml`: a new dialect gets its client with no line here.
//! A dialect whose `api.yaml` declares progenitor `unsupported` gets an empty module that says why.
//! A JSON-RPC dialect has one operation whose body names the method; its OpenRPC document is what
//! its clients are generated from (`.ci/matrix.py`).

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let spec = Path::new(&manifest).join("../../spec");
    let mut clients = String::new();
    for registered in hookspec_dialects::registry() {
        let dialect = registered.provider().unwrap_or_else(|problems| panic!("{}", problems[0]));
        let table = &dialect.table;
        if dialect.protocol.jsonrpc().is_some() {
            continue;
        }
        let module = dialect.folder.name;
        if let Some(reason) = table.unsupported.get("progenitor") {
            writeln!(
                clients,
                "/// {}: no client, as `api.yaml` declares: {reason}\npub mod {module} {{}}",
                table.provider
            )
            .expect("writing to a String");
            continue;
        }
        let path = spec.join(&dialect.name).join("openapi-3.0.yaml");
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let document: openapiv3::OpenAPI =
            yaml_serde::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let mut settings = progenitor::GenerationSettings::new();
        settings.with_interface(progenitor::InterfaceStyle::Builder);
        let tokens = progenitor::Generator::new(&settings)
            .generate_tokens(&document)
            .unwrap_or_else(|error| panic!("{}: progenitor refuses it: {error}", path.display()));
        writeln!(
            clients,
            "/// {}, generated from `spec/{}/openapi-3.0.yaml`.\npub mod {module} {{\n{tokens}\n}}",
            table.provider, dialect.name
        )
        .expect("writing to a String");
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("clients.rs");
    fs::write(out, clients).expect("OUT_DIR is writable");
}
