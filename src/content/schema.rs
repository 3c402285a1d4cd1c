//! JSON Schemas of the content formats, generated from the Rust types, so that
//! editors validate and complete as authors type. `docs/schema/*.json` holds them;
//! a test fails when they are stale (`MXDRILL_WRITE_SCHEMAS=1 cargo test` rewrites).

use super::bank::Bank;
use super::zone::ZoneFile;

/// The schema files: (file name, JSON text).
pub fn schemas() -> Vec<(&'static str, String)> {
    let render = |schema: schemars::Schema| {
        // Serializing a schema (plain JSON values) cannot fail.
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    };
    vec![
        ("bank.json", render(schemars::schema_for!(Bank))),
        ("zone.json", render(schemars::schema_for!(ZoneFile))),
    ]
}
