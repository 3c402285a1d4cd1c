//! DNS packets into the lab server's handler: an answer, FORMERR or a drop.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxdrill::content;
use std::sync::OnceLock;

static LIBRARY: OnceLock<content::Library> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let library = LIBRARY.get_or_init(|| content::load(&content::bundled_sources()));
    let _ = mxdrill::lab::answer(&library.world, data, Some(512));
    let _ = mxdrill::lab::answer(&library.world, data, None);
});
