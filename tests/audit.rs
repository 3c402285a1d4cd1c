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

const KINDS_BANK: &str = "tests/fixtures/mistakes/kinds-bank.yaml";
const KINDS_ZONE: &str = "tests/fixtures/mistakes/kinds-ties.yaml";

/// The bundled content with the kinds fixtures (two hosts sharing preference 10).
fn with_ties() -> content::Library {
    let mut sources = content::bundled_sources();
    for file in [KINDS_ZONE, KINDS_BANK] {
        sources.extend(content::read_sources(std::path::Path::new(file)).expect("fixture"));
    }
    content::load(&sources)
}

/// R1.7: equal preferences are tried in random order, so a predict question whose
/// first attempt ends otherwise for another seed has a key that is wrong for some
/// senders; `check` names both seeds. Writing `seed` fixes the order (the question
/// is about it), and the key is then the one that seed gives.
#[test]
fn a_predict_key_that_holds_for_some_seeds_only_is_an_error_unless_the_seed_is_written() {
    let mut library = with_ties();
    let errors = |library: &content::Library| -> Vec<String> {
        quiz::audit(library, |b| b.bank == "kinds-engines")
            .into_iter()
            .filter(|d| d.level == Level::Error)
            .map(|d| d.message)
            .collect()
    };
    let found = errors(&library);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("question `kinds-predict-tie-decides`: its answer depends on the random order of equal preferences (R1.7): with seed 0"),
        "{}",
        found[0]
    );
    // The seed the message names gives the other outcome: write it, and it decides.
    let seed: u64 = found[0]
        .split("with seed ")
        .nth(2)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .expect("a second seed");
    let bank = library
        .banks
        .iter_mut()
        .find(|b| b.bank == "kinds-engines")
        .expect("the fixture bank loads");
    let q = bank
        .questions
        .iter_mut()
        .find(|q| q.id == "kinds-predict-tie-decides")
        .expect("the question");
    q.scenario.as_mut().expect("a scenario").seed = Some(seed);
    assert!(errors(&library).is_empty(), "{:?}", errors(&library));
    let bank = library
        .banks
        .iter()
        .find(|b| b.bank == "kinds-engines")
        .expect("the bank");
    let q = bank
        .questions
        .iter()
        .find(|q| q.id == "kinds-predict-tie-decides")
        .expect("the question");
    let mut rng = <rand::rngs::StdRng as rand::SeedableRng>::seed_from_u64(0);
    let item = quiz::prepare(bank, q, &library.world, &mut rng).expect("prepares");
    let quiz::Answer::One(right) = item.answer else {
        panic!("one answer")
    };
    // Seed 0 delivers to mx-b, so the other seed bounces.
    assert_eq!(item.options[right].text, "It bounces with 550");
}
