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

/// A command question's `expect.name` that does not exist (NXDOMAIN) while a name of
/// its zone one typo away does is a misspelling: the learner who types the name the
/// prompt means is graded wrong (R6: graded on the name asked), so the question
/// cannot be asked. A name that does not exist and is near no other is a fair
/// troubleshooting question (its answer is NXDOMAIN), and so is a name that exists
/// with no record of the asked type (NODATA).
#[test]
fn a_command_question_asking_for_a_misspelt_name_cannot_be_asked() {
    let zone = "zone: typo-cmd.example\ntitle: t\nrecords: |\n  $TTL 3600\n  @ IN SOA ns1 h 1 2 3 4 5\n  @ IN NS ns1\n  ns1 IN A 192.0.2.1\n  @ IN MX 10 mail\n  mail IN A 192.0.2.2\n";
    let question = |id: &str, name: &str, rtype: &str| {
        format!(
            "  - id: {id}\n    kind: command\n    category: tools\n    objectives: [N10-009 3.4]\n    prompt: p\n    expect: {{ name: {name}, type: {rtype} }}\n    explanation: e\n"
        )
    };
    let bank = format!(
        "bank: typo-cmd\ntitle: t\nquestions:\n{}{}{}",
        question("misspelt", "mial.typo-cmd.example", "A"),
        question("gone", "autodiscover.typo-cmd.example", "CNAME"),
        question("no-data", "mail.typo-cmd.example", "AAAA"),
    );
    let source = |path: &str, text: &str| content::Source {
        path: path.into(),
        text: text.into(),
        bundled: false,
        unreadable: None,
    };
    let mut sources = content::bundled_sources();
    sources.push(source("z.yaml", zone));
    sources.push(source("q.yaml", &bank));
    let library = content::load(&sources);
    let said: Vec<String> = quiz::unpreparable(&library)
        .iter()
        .filter(|d| d.path == "q.yaml")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        said,
        [
            "q.yaml:4:7: error: question `misspelt` cannot be asked: expect.name mial.typo-cmd.example has no records in the world (the lookup answers NXDOMAIN): a learner who types the name the prompt means is marked wrong; did you mean mail.typo-cmd.example?"
        ]
    );
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
