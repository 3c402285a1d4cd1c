//! dig / nslookup / host command lines, parsed and run against the bundled world.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mxdrill::content;
use mxdrill::dns::tools::{self, Context};
use std::sync::OnceLock;

static LIBRARY: OnceLock<content::Library> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let library = LIBRARY.get_or_init(|| content::load(&content::bundled_sources()));
    if let Ok(line) = std::str::from_utf8(data) {
        if let Ok(command) = tools::parse(line) {
            let _ = tools::run(&command, &Context { world: &library.world, now: 0, id: 1 });
        }
    }
});
