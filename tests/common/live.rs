//! Live tests run real servers (BIND's named, Postfix and Exim) next to mxdrill's.
//! Where their tools are missing such a test cannot run: it says so on standard
//! error, and fails instead when CI requires it (`.ci/run` sets the variable once it
//! has installed the tools).
// Each test crate that includes this uses a different part of it.
#![allow(dead_code)]

use std::io::Write;

/// BIND's dig and named must be there: the lab server is compared with them.
pub const REQUIRE_BIND: &str = "MXDRILL_REQUIRE_BIND";
/// Exim and an unpacked Postfix must be there: the simulator is compared with them.
pub const REQUIRE_MTA: &str = "MXDRILL_REQUIRE_MTA";

/// The live test cannot run here, because of `why`: a `SKIPPED` line on standard
/// error (written past the test harness's capture, so it shows when the test passes),
/// or a failure when `require` is set.
pub fn skip(require: &str, why: &str) {
    assert!(
        std::env::var_os(require).is_none(),
        "{require} is set: the live test must run here, but {why}"
    );
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why}");
}
