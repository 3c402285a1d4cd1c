//! `check` prepares every question as a session does (issue 16): a bank that passes
//! `check` can be played. And the item-writing lint: warnings with ids, never errors.

use mxdrill::content::{self, Level, item_lint};
use mxdrill::quiz;
use predicates::prelude::*;

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;

const UNPLAYABLE: &str = "tests/fixtures/unplayable/unplayable.yaml";

#[test]
fn questions_a_session_cannot_prepare_fail_check_at_their_lines() {
    mxdrill()
        .args(["check", UNPLAYABLE])
        .assert()
        .code(1)
        // The simulator delivers to the backup MX (R1.7), which no choice names.
        .stdout(predicate::str::contains(format!(
            "{UNPLAYABLE}:5:7: error: question `outcome-missing` cannot be asked: the simulator's outcome, `delivered spool1.relaybay.example.net.`, is not among the choices"
        )))
        // A null MX (R2.1) leaves no hosts to order.
        .stdout(predicate::str::contains(format!(
            "{UNPLAYABLE}:22:7: error: question `one-host` cannot be asked: quietmeadow.example.org has fewer than two MX hosts to order"
        )))
        .stdout(predicate::str::contains(format!(
            "{UNPLAYABLE}:30:7: error: question `typo-name` cannot be asked: expect.name blosomflowers.example is in no loaded zone"
        )))
        .stdout(predicate::str::contains("1 file checked: 3 errors, 0 warnings"));
}

#[test]
fn the_bank_still_loads_and_its_playable_question_prepares() {
    let mut sources = content::bundled_sources();
    sources.extend(content::read_sources(std::path::Path::new(UNPLAYABLE)).expect("fixture"));
    let library = content::load(&sources);
    let bank = library
        .banks
        .iter()
        .find(|b| b.bank == "unplayable")
        .expect("the bank loads: its questions are well-formed");
    let failing: Vec<&str> = quiz::unpreparable(&library)
        .iter()
        .filter(|d| d.path == UNPLAYABLE)
        .map(|d| d.message.split('`').nth(1).unwrap_or_default())
        .map(|id| {
            bank.questions
                .iter()
                .find(|q| q.id == id)
                .map_or("", |q| q.id.as_str())
        })
        .collect();
    assert_eq!(failing, ["outcome-missing", "one-host", "typo-name"]);
}

#[test]
fn every_bundled_question_can_be_prepared() {
    let library = content::load(&content::bundled_sources());
    let errors: Vec<String> = quiz::audit(&library, |_| true)
        .iter()
        .filter(|d| d.level == Level::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn item_writing_lint_warns_with_ids_and_check_still_passes() {
    let out = mxdrill()
        .args(["check", "--json", "tests/fixtures/item-writing.yaml"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let got: Vec<(u64, &str, &str)> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["level"].as_str().unwrap_or(""),
                d["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (13, "warning", item_lint::LONG_CORRECT),
            (29, "warning", item_lint::ALL_NONE_ABOVE),
            (31, "warning", item_lint::NO_WHY),
            (34, "warning", item_lint::MULTI_COUNT),
            (50, "warning", item_lint::DUPLICATE_PROMPT),
        ]
    );
}

#[test]
fn the_guide_explains_every_item_lint_id() {
    let guide = std::fs::read_to_string("docs/authoring.md").expect("guide");
    for id in item_lint::IDS {
        assert!(
            guide.contains(&format!("`{id}`")),
            "docs/authoring.md lacks `{id}`"
        );
    }
}

#[test]
fn check_audits_the_valid_questions_of_a_bank_left_out_for_an_error() {
    // One error must not hide the rest of its file (issue 25): the unknown field of
    // one question and the other questions' audit errors come in one run.
    let file = "tests/fixtures/mistakes/load-hidden.yaml";
    let zone = "tests/fixtures/mistakes/load-zone.yaml";
    mxdrill()
        .args(["check", file, zone])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{file}:13:5: error: unknown field `hint`"
        )))
        .stdout(predicate::str::contains(format!(
            "{file}:22:7: error: question `load-outcome-missing` cannot be asked"
        )))
        .stdout(predicate::str::contains(format!(
            "{file}:42:7: error: question `load-misspelt-name` cannot be asked"
        )))
        .stdout(predicate::str::contains("2 files checked: 3 errors"));
    let mut sources = content::bundled_sources();
    for path in [file, zone] {
        sources.extend(content::read_sources(std::path::Path::new(path)).expect("fixture"));
    }
    let library = content::load(&sources);
    assert!(
        library.banks.iter().all(|b| b.bank != "load-hidden"),
        "a bank with an error is never served"
    );
}
