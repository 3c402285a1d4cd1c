//! Files as Windows editors save them, and folders named twice (issue 16): a byte
//! order mark is not text; a file that is not UTF-8 is one diagnostic and the rest
//! loads; a file is read once however often it is named; a skipped zone's
//! dependants say which file and error skipped it; a zone with format errors is
//! still linted.

use predicates::prelude::*;

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;

const DIR: &str = "tests/fixtures/encoding";

fn check_output(args: &[&str]) -> String {
    let out = mxdrill().args(args).assert().code(1);
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

#[test]
fn a_byte_order_mark_is_ignored_in_yaml_and_master_files() {
    let text = check_output(&["check", DIR]);
    assert!(!text.contains("bom-yaml.yaml"), "{text}");
    assert!(!text.contains("bom-master"), "{text}");
    // The question on the BOM zone loads and orders its two MX hosts.
    assert!(!text.contains("uses.yaml:9"), "{text}");
}

#[test]
fn a_latin1_file_is_one_diagnostic_at_its_first_bad_byte_and_the_rest_loads() {
    let text = check_output(&["check", DIR]);
    assert!(
        text.contains(
            "tests/fixtures/encoding/latin1.yaml:2:11: error: not UTF-8 text (byte 0xe9)"
        ),
        "{text}"
    );
    assert_eq!(text.matches("latin1.yaml").count(), 1, "{text}");
    assert!(text.contains("5 files checked: 4 errors"), "{text}");
}

#[test]
fn a_folder_given_as_content_and_as_path_is_read_once() {
    let text = check_output(&[
        "--content",
        DIR,
        "check",
        DIR,
        "tests/fixtures/encoding/uses.yaml",
    ]);
    assert!(!text.contains("defined twice"), "{text}");
    assert!(text.contains("5 files checked: 4 errors"), "{text}");
}

#[test]
fn a_ttl_with_an_unknown_unit_is_hinted_and_its_zone_still_linted() {
    let text = check_output(&["check", DIR]);
    assert!(
        text.contains("ttl-typo.yaml:7:8: error: unknown RR type '1hr': it looks like a TTL"),
        "{text}"
    );
    // The MX to a CNAME (R3.2, linter L2) is found in the same run.
    assert!(
        text.contains(
            "ttl-typo.yaml:8:3: error: ttl-typo.example/MX 'mail2.ttl-typo.example' is a CNAME"
        ),
        "{text}"
    );
}

#[test]
fn a_question_on_a_skipped_zone_names_the_file_and_error_that_skipped_it() {
    mxdrill().args(["check", DIR]).assert().code(1).stdout(predicate::str::contains(
        "uses.yaml:16:11: error: no zone ttl-typo.example is loaded: tests/fixtures/encoding/ttl-typo.yaml would define it but was skipped for its error at line 7: unknown RR type '1hr'",
    ));
}

#[test]
fn yaml_errors_are_in_plain_words_with_the_fix() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("colon.yaml");
    std::fs::write(
        &path,
        "bank: colon\ntitle: x\nquestions:\n  - id: q\n    prompt: Which record: MX or A?\n",
    )
    .expect("write");
    mxdrill()
        .args(["check", path.to_str().expect("utf-8 path")])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "colon.yaml:5:25: error: YAML syntax error: a colon followed by a space ends the value: put the text in quotes",
        ));
}
