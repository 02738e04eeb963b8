//! Generates every published document when the xtask is built, so that `cargo xtask spec
//! [--check]` only compares (or writes) what the sources give. Generation is a pure function of
//! the compiled-in dialects (`hookspec-dialects` embeds every data file), so cargo's own
//! fingerprints decide when it runs again: whenever a dialect, the model or the generator changes.
//!
//! A dialect that does not generate is not a build failure: its problems are embedded, and
//! `cargo xtask spec` prints them, naming the file and line, and exits 2.

use std::fmt::Write;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out);
    let dialects: Vec<_> = hookspec_dialects::registry().iter().collect();
    let generated = hookspec_assembly::generate_each(&dialects);
    let every: Vec<hookspec_assembly::Output> =
        generated.iter().filter_map(|result| result.as_ref().ok()).flatten().cloned().collect();
    let mut table = String::from(
        "/// A generated file: its path under `spec/`, and its contents.\n\
         pub type File = (&'static str, &'static str);\n\n\
         /// Every dialect's published files, or why it does not generate, in registry order.\n\
         pub static DIALECTS: &[(&str, Result<&[File], &str>)] = &[\n",
    );
    for (dialect, result) in dialects.iter().zip(generated) {
        match result {
            Ok(outputs) => {
                writeln!(table, "    ({:?}, Ok(&[", dialect.name()).expect("a String");
                embed(out, &outputs, &mut table);
                table.push_str("    ])),\n");
            }
            Err(error) => writeln!(table, "    ({:?}, Err({:?})),", dialect.name(), error.to_string())
                .expect("a String"),
        }
    }
    table.push_str(
        "];\n\n/// What is published for the whole registry: the canonical model's JSON Schemas and the \
         index of the dialects.\npub static SHARED: &[File] = &[\n",
    );
    embed(out, &hookspec_assembly::shared(&every), &mut table);
    table.push_str("];\n");
    fs::write(out.join("generated.rs"), table).expect("OUT_DIR is writable");
}

/// Writes each output under `OUT_DIR/spec/` and lists it in `table` as `(path, include_str!(...))`.
fn embed(out: &Path, outputs: &[hookspec_assembly::Output], table: &mut String) {
    for output in outputs {
        let file = out.join("spec").join(&output.path);
        fs::create_dir_all(file.parent().expect("a file in a folder")).expect("OUT_DIR is writable");
        // Rewritten only when it changed, so the xtask is not rebuilt for nothing.
        if fs::read(&file).ok().as_deref() != Some(output.contents.as_bytes()) {
            fs::write(&file, &output.contents).expect("OUT_DIR is writable");
        }
        writeln!(table, "        ({:?}, include_str!({:?})),", output.path, file.display().to_string())
            .expect("a String");
    }
}
