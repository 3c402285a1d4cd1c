//! Hostile surroundings for the command line: a closed or full standard output,
//! absurd numbers, no terminal. Every case ends with a message and an exit code,
//! never a panic (exit 101) or a runaway allocation.

use std::process::Stdio;

#[path = "common/binary.rs"]
mod binary;
use binary::process as mxdrill;

/// Commands that print and then exit: every command that writes to standard
/// output, in every format.
const PRINTING: &[&[&str]] = &[
    &["--help"],
    &["--version"],
    &["simulate", "--help"],
    &["check"],
    &["check", "--json"],
    &["check", "--answers"],
    &["preview"],
    &["preview", "--json"],
    &["preview", "starter"],
    &["export", "--format", "moodle-xml"],
    &["export", "--format", "gift"],
    &["export", "--format", "markdown"],
    &["simulate", "someone@blossomflowers.example", "--seed", "1"],
    &[
        "simulate",
        "someone@blossomflowers.example",
        "--seed",
        "1",
        "--json",
    ],
    &["dig", "blossomflowers.example", "MX"],
    &["nslookup", "-type=mx", "blossomflowers.example"],
    &["host", "-t", "mx", "blossomflowers.example"],
    &["completions", "bash"],
    &["report"],
    &["report", "--format", "json"],
    &["practice", "--plain", "--count", "1", "--seed", "1"],
    // The server binds, then prints its banner: a failed write ends it before it serves.
    &["serve", "--listen", "127.0.0.1:0"],
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
        // Quiet, with the command's own status: every one of these succeeds when read.
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

/// A closed reader keeps the status the command decided before writing: `check`
/// with errors still fails, and a lookup of a name that does not exist says so.
#[test]
fn a_closed_reader_keeps_the_commands_own_status() {
    for (args, status) in [
        (&["check", "tests/fixtures/choices.yaml"][..], 1),
        (
            &["host", "-t", "mx", "nosuch.blossomflowers.example"][..],
            1,
        ),
    ] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = mxdrill()
            .args(args)
            .stdout(Stdio::from(writer))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {stderr}");
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
}

/// Standard error that cannot be written (a full device) is not a reason to panic:
/// the command still ends with its status.
#[test]
fn a_full_standard_error_never_panics() {
    let Some(full) = full_device() else { return };
    for (args, status) in [
        (&["check", "no/such/path"][..], 2),
        (&["check", "--bogus"][..], 2),
        (&["dig", "+bogus", "x.example"][..], 2),
        (&["simulate", "not-an-address"][..], 2),
        (&["export", "--format", "gift", "--bank", "nosuch"][..], 2),
        (&["--learner", "../etc", "report"][..], 2),
        (&["report", "--merge", "no/such.json"][..], 2),
        (&["export", "--format", "gift"][..], 0), // notes on standard error
    ] {
        let out = mxdrill()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::from(full.try_clone().expect("dup")))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(status), "{args:?}");
    }
}

/// `/dev/full`, where every write fails with ENOSPC; `None` (and a note) where
/// there is none.
fn full_device() -> Option<std::fs::File> {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if full.is_err() {
        use std::io::Write;
        // Straight to standard error: the test harness would hide a captured line.
        let _ = writeln!(std::io::stderr(), "SKIPPED: no /dev/full on this system");
    }
    full.ok()
}

#[test]
fn a_full_disk_is_an_error_message_and_exit_74() {
    let Some(full) = full_device() else { return };
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

fn check_folder(dir: &std::path::Path) -> (Option<i32>, String, String) {
    let out = mxdrill()
        .arg("check")
        .arg(dir)
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A link in a content folder to a file outside it (`/etc/shadow`) is refused with a
/// diagnostic naming the link, and the file's text is never shown.
#[test]
fn links_out_of_the_content_folder_are_refused() {
    let outside = tempfile::tempdir().expect("dir");
    let secret = outside.path().join("secret");
    std::fs::write(&secret, "root:SECRET-HASH:19000:0:99999:7:::\n").expect("write");
    for (link, target) in [
        ("shadow.zone", secret.clone()),
        ("etc", outside.path().into()),
    ] {
        let dir = tempfile::tempdir().expect("dir");
        std::os::unix::fs::symlink(&target, dir.path().join(link)).expect("link");
        let (code, stdout, stderr) = check_folder(dir.path());
        assert_eq!(code, Some(2), "{link}: {stdout}{stderr}");
        assert!(
            stderr.contains("leads outside the content folder"),
            "{stderr}"
        );
        assert!(stderr.contains(link), "names the link: {stderr}");
        assert!(
            !format!("{stdout}{stderr}").contains("SECRET"),
            "{stdout}{stderr}"
        );
    }
    // A link that stays inside the folder is followed.
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("real")).expect("mkdir");
    std::fs::copy(
        "tests/fixtures/gaps.zone",
        dir.path().join("real/gaps.zone"),
    )
    .expect("copy");
    std::os::unix::fs::symlink("real/gaps.zone", dir.path().join("alias.zone")).expect("link");
    let (code, stdout, stderr) = check_folder(dir.path());
    assert_ne!(code, Some(2), "{stderr}");
    assert!(stdout.contains("alias.zone"), "{stdout}");
}

/// Link loops (a link to itself, a folder linking to its parent) end at once with a
/// diagnostic instead of hanging every command.
#[test]
fn link_loops_are_detected() {
    let dir = tempfile::tempdir().expect("dir");
    std::os::unix::fs::symlink("self.zone", dir.path().join("self.zone")).expect("link");
    let (code, _, stderr) = check_folder(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).expect("link");
    let (code, _, stderr) = check_folder(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
}

/// Devices and FIFOs are not content: `/dev/zero` must not be read until memory runs
/// out, nor a FIFO wait for a writer forever. The same holds for `report --merge`.
#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().expect("dir");
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).expect("link");
    let (code, _, stderr) = check_folder(dir.path());
    assert_eq!(code, Some(2), "{stderr}");
    // /dev/zero is outside the folder: refused before it is opened.
    assert!(stderr.contains("zero.yaml"), "{stderr}");
    let fifo_dir = tempfile::tempdir().expect("dir");
    let fifo = fifo_dir.path().join("pipe.zone");
    let c_path = std::ffi::CString::new(fifo.display().to_string()).expect("path");
    // SAFETY: mkfifo(3) with a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
    for args in [
        vec!["check".into(), fifo_dir.path().display().to_string()],
        vec!["check".into(), fifo.display().to_string()],
        vec!["check".into(), "/dev/zero".into()],
        vec![
            "report".into(),
            "--merge".into(),
            fifo.display().to_string(),
        ],
        vec!["report".into(), "--merge".into(), "/dev/zero".into()],
    ] {
        let out = mxdrill().args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{args:?}: {stderr}");
    }
}

/// Escape bytes in content (`ESC[2J` clears the screen) are shown escaped in
/// diagnostics, never sent to the terminal.
#[test]
fn control_characters_in_content_are_escaped_in_diagnostics() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(
        dir.path().join("evil.zone"),
        "$ORIGIN evil.example.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n\u{1b}[2Jbad\u{202e}name IN BOGUS x\n",
    )
    .expect("write");
    let (code, stdout, stderr) = check_folder(dir.path());
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    let all = format!("{stdout}{stderr}");
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{202e}'),
        "{all:?}"
    );
    assert!(all.contains("\\u{1b}[2J"), "{all}");
}

fn report_file(
    dir: &std::path::Path,
    name: &str,
    learner: &str,
    answered: u32,
    correct: u32,
) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "{{\n  \"learner\": \"{learner}\",\n  \"rows\": [],\n  \"categories\": {{\n    \"priority\": {{\n      \"answered\": {answered},\n      \"correct\": {correct}\n    }}\n  }}\n}}\n"
        ),
    )
    .expect("write");
    path.display().to_string()
}

/// A class CSV opened in a spreadsheet must not run formulas from learner or
/// category names; impossible figures are refused with file and line; learners who
/// share a name are pointed out.
#[test]
fn merged_reports_are_safe_in_a_spreadsheet_and_checked() {
    let dir = tempfile::tempdir().expect("dir");
    let evil = report_file(dir.path(), "a.json", "=HYPERLINK(\\\"http://x\\\")", 4, 2);
    let plus = report_file(dir.path(), "b.json", "+1", 2, 1);
    let out = mxdrill()
        .args(["report", "--merge", &evil, &plus])
        .output()
        .expect("runs");
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in csv.lines().skip(1) {
        assert!(line.starts_with("\"'"), "a formula cell is quoted: {line}");
    }
    // 50 right of 1 answered is not a report mxdrill wrote.
    let bad = report_file(dir.path(), "bad.json", "ana", 1, 50);
    let out = mxdrill()
        .args(["report", "--merge", &bad])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("bad.json") && stderr.contains("line 9") && stderr.contains("impossible"),
        "{stderr}"
    );
    // Everyone exported as `default`.
    let one = report_file(dir.path(), "one.json", "default", 2, 1);
    let two = report_file(dir.path(), "two.json", "default", 3, 3);
    let out = mxdrill()
        .args(["report", "--merge", &one, &two])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        stderr.contains("'default' is in several reports"),
        "{stderr}"
    );
}

#[path = "../benches/support/pathological.rs"]
mod pathological;

fn load_one(path: &str, text: String) -> mxdrill::content::Library {
    mxdrill::content::load(&[mxdrill::content::Source {
        path: path.into(),
        text,
        bundled: false,
        unreadable: None,
    }])
}

/// A mapping of 20,000 keys loads (and its unknown field is reported) at once: duplicate
/// keys are found with a set, not a scan of every earlier key (quadratic: 10 s for
/// 20 k keys in a debug build). The time is measured in `cargo bench -- linear`.
#[test]
fn a_mapping_of_many_keys_loads_in_linear_time() {
    let lib = load_one("wide.yaml", pathological::yaml_keys(20_000));
    assert!(
        lib.diagnostics
            .iter()
            .any(|d| d.message.contains("unknown field `extra`")),
        "{:?}",
        lib.diagnostics
    );
    // A duplicate among them is still found, at its line.
    let mut text = pathological::yaml_keys(20_000);
    text.push_str("  key7: again\n");
    let lib = load_one("wide.yaml", text);
    assert!(
        lib.diagnostics
            .iter()
            .any(|d| d.message.contains("duplicate key `key7`") && d.pos.line == 20_004),
        "{:?}",
        lib.diagnostics
    );
}

/// 20,000 records at one owner load with the duplicate merged (as BIND merges it),
/// and 20,000 MX records at one owner are linted, without a scan of the owner's records
/// per record (quadratic: 28 s in a debug build).
#[test]
fn many_records_at_one_owner_load_in_linear_time() {
    let lib = load_one("wide.zone", pathological::zone_one_owner(20_000));
    let zone = lib.world.zones().first().expect("the zone loads");
    assert_eq!(
        zone.records.len(),
        3 + 20_000,
        "the duplicate TXT is merged"
    );
    let lib = load_one("mx-wide.zone", pathological::zone_many_mx(20_000));
    assert!(
        !mxdrill::content::has_errors(&lib.diagnostics),
        "{:?}",
        &lib.diagnostics[..lib.diagnostics.len().min(3)]
    );
    assert_eq!(lib.world.zones()[0].records.len(), 3 + 40_000);
}

/// Standard input is the plain mode's answers: a line without its end (`< /dev/zero`
/// grew to 1.8 GB in 4 s) is refused at the cap, as an input error (exit 65), not an
/// output one (74); a line of exactly the cap is still an answer.
#[test]
fn a_line_longer_than_the_cap_is_an_input_error() {
    let out = binary::mxdrill()
        .args(["practice", "--plain", "--seed", "1", "--count", "2"])
        .write_stdin("a".repeat(1 << 20))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.starts_with("mxdrill practice: an input line is longer than 4096 bytes"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let out = binary::mxdrill()
        .args(["practice", "--plain", "--seed", "1", "--count", "1"])
        .write_stdin(format!("{}\n", "a".repeat(4096)))
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Invalid answer"));
}

/// Bytes that are not UTF-8 on standard input are the input's fault, said so with
/// exit 65 (they were "cannot write output", exit 74).
#[test]
fn answers_that_are_not_utf8_are_an_input_error() {
    for args in [&["practice", "--plain"][..], &["exam", "--plain"][..]] {
        let out = binary::mxdrill()
            .args(args)
            .args(["--seed", "1", "--count", "2"])
            .write_stdin(b"1\n\xff\xfe2\n".to_vec())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(65), "{args:?}: {stderr}");
        let said = format!("mxdrill {}: an input line is not UTF-8", args[0]);
        assert!(stderr.starts_with(&said), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("cannot write output"),
            "{args:?}: {stderr}"
        );
    }
}

/// A folder as standard input (`mxdrill practice --plain < /`) cannot be read: an
/// input error naming why, exit 65. Skipped where a folder cannot be opened as a
/// file (Windows).
#[test]
fn a_folder_as_standard_input_is_an_input_error() {
    let folder = binary::data_folder();
    let Ok(stdin) = std::fs::File::open(folder.path()) else {
        use std::io::Write;
        // Straight to standard error: the test harness would hide a captured line.
        let _ = writeln!(std::io::stderr(), "SKIPPED: a folder cannot be opened here");
        return;
    };
    let out = mxdrill()
        .args(["practice", "--plain", "--seed", "1", "--count", "1"])
        .stdin(Stdio::from(stdin))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.starts_with("mxdrill practice: the input cannot be read: "),
        "{stderr}"
    );
}

/// Issue 27 item 6: what a learner types comes back in error messages with its
/// control characters escaped, never raw (an ESC sequence would clear or recolor
/// the terminal): a learner name and a simulate address.
#[test]
fn control_characters_typed_by_the_learner_are_escaped_in_messages() {
    for args in [
        vec!["--learner", "bad\u{1b}[2Jname", "report"],
        vec!["simulate", "info@bl\u{1b}[31mossom.example"],
    ] {
        let out = mxdrill().args(&args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(!out.status.success(), "{args:?}: {err}");
        assert!(!err.contains('\u{1b}'), "{args:?}: a raw ESC: {err:?}");
        assert!(
            err.contains("\\u{1b}"),
            "{args:?}: the ESC shown escaped: {err}"
        );
    }
}
