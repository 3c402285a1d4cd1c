//! Question-bank YAML, loaded with the bundled zones: diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxdrill::content::{self, Source};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let source = Source { path: "fuzz.yaml".into(), text: format!("bank: fuzz\ntitle: fuzz\n{text}"), bundled: false, unreadable: None };
        let _ = content::load(&[source]);
        let raw = Source { path: "raw.yaml".into(), text: text.to_string(), bundled: false, unreadable: None };
        let _ = content::load(&[raw]);
    }
});
