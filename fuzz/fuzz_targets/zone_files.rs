//! Zone YAML and master files, loaded and linted: diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxdrill::content::{self, Source};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let master = Source { path: "fuzz.example.zone".into(), text: format!("$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\n{text}"), bundled: false, unreadable: None };
        let indented: String = text.lines().map(|l| format!("  {l}\n")).collect();
        let yaml = Source { path: "fuzz.yaml".into(), text: format!("zone: fuzz.example\nrecords: |\n{indented}"), bundled: false, unreadable: None };
        let raw = Source { path: "raw.zone".into(), text: text.to_string(), bundled: false, unreadable: None };
        let _ = content::load(&[master, yaml, raw]);
    }
});
