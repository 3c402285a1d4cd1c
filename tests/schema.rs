//! docs/schema/*.json are generated from the Rust types; this test fails when they
//! are stale. Rewrite them with `MXDRILL_WRITE_SCHEMAS=1 cargo test --test schema`.

use mxdrill::content::schema::schemas;

#[test]
fn json_schemas_in_docs_are_current() {
    let write = std::env::var_os("MXDRILL_WRITE_SCHEMAS").is_some();
    for (file, json) in schemas() {
        let path = format!("docs/schema/{file}");
        if write {
            std::fs::create_dir_all("docs/schema").expect("create docs/schema");
            std::fs::write(&path, &json).expect("write schema");
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == json,
            "{path} is stale: run MXDRILL_WRITE_SCHEMAS=1 cargo test --test schema"
        );
    }
}

#[test]
fn schemas_name_every_kind_category_and_defect() {
    let all: String = schemas().into_iter().map(|(_, json)| json).collect();
    for word in [
        "zone-line",
        "predict",
        "troubleshooting",
        "mx-cname",
        "null-mx-mixed",
        "rcpt-5xx",
        "greet-4xx",
        "deep-dive",
    ] {
        assert!(
            all.contains(&format!("\"{word}\"")),
            "{word} missing from the schemas"
        );
    }
}

/// The schema agrees with `check` where issue 16 found them apart: `questions` is
/// required, `pass_mark` is a percentage, `difficulty` may be left out (default 2).
#[test]
fn the_bank_schema_requires_what_check_requires() {
    let (_, json) = schemas()
        .into_iter()
        .find(|(file, _)| *file == "bank.json")
        .expect("bank.json");
    let schema: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let required = |v: &serde_json::Value| -> Vec<String> {
        v["required"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(required(&schema).contains(&"questions".to_string()));
    assert_eq!(schema["properties"]["pass_mark"]["maximum"], 100);
    let question = &schema["$defs"]["Question"];
    assert!(!required(question).contains(&"difficulty".to_string()));
    assert_eq!(question["properties"]["difficulty"]["default"], 2);
}
