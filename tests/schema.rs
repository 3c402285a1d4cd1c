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
