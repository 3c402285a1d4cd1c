//! Hostile surroundings for the command line: a closed or full standard output,
//! absurd numbers, no terminal. Every case ends with a message and an exit code,
//! never a panic (exit 101) or a runaway allocation.

use std::process::{Command, Stdio};

fn mxdrill() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mxdrill"));
    cmd.env("XDG_DATA_HOME", env!("CARGO_TARGET_TMPDIR"));
    cmd
}

/// Commands that print and then exit.
const PRINTING: &[&[&str]] = &[
    &["check"],
    &["check", "--json"],
    &["simulate", "someone@blossomflowers.com", "--seed", "1"],
    &[
        "simulate",
        "someone@blossomflowers.com",
        "--seed",
        "1",
        "--json",
    ],
    &["dig", "blossomflowers.com", "MX"],
    &["nslookup", "-type=mx", "blossomflowers.com"],
    &["host", "-t", "mx", "blossomflowers.com"],
    &["completions", "bash"],
    &["report"],
    &["report", "--format", "json"],
];

#[test]
fn a_closed_reader_ends_every_command_quietly() {
    for args in PRINTING {
        // The reading end is closed before the command starts: every write is EPIPE.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = mxdrill()
            .args(*args)
            .stdout(Stdio::from(writer))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {stderr}");
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?} said: {stderr}"
        );
    }
}

#[test]
fn a_full_disk_is_an_error_message_and_exit_74() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not a Linux machine
    };
    for args in PRINTING {
        let full = full.try_clone().expect("dup");
        let out = mxdrill()
            .args(*args)
            .stdout(Stdio::from(full))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(74), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write output") && !stderr.contains("panicked"),
            "{args:?} said: {stderr}"
        );
    }
}

#[test]
fn counts_have_bounds_with_clear_errors() {
    for count in ["18446744073709551615", "100000000", "200000", "0"] {
        let out = mxdrill()
            .args(["practice", "--plain", "--drill", "--count", count])
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--count {count}: {stderr}");
        assert!(stderr.contains("--count"), "--count {count}: {stderr}");
    }
    // The largest allowed count works.
    let out = mxdrill()
        .args(["practice", "--plain", "--drill", "--count", "1000"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_app_without_a_terminal_says_to_use_plain() {
    for args in [&[][..], &["practice"][..], &["present"][..]] {
        let out = mxdrill()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("--plain"), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            out.stdout.is_empty(),
            "no escapes on stdout: {:?}",
            out.stdout
        );
    }
}
