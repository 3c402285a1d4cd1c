//! Compiles the bundled `questions/` and `zones/` into the binary, so an installed
//! mxdrill works from any directory.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let mut files = Vec::new();
    for dir in ["zones", "questions"] {
        println!("cargo:rerun-if-changed={dir}");
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let wanted = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "zone"));
            if wanted {
                println!("cargo:rerun-if-changed={}", path.display());
                files.push(path.display().to_string());
            }
        }
    }
    files.sort();
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut code = String::from(
        "/// Bundled content files: (path, text).\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for file in &files {
        let full = Path::new(&root).join(file);
        writeln!(
            code,
            "    ({file:?}, include_str!({:?})),",
            full.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundled.rs");
    std::fs::write(out, code).expect("write bundled.rs");
}
