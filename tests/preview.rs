//! `mxdrill preview` and `check --answers` (issue 16): every bundled question with
//! the answer the engine computes; a sample of each kind compared.

use mxdrill::content;
use predicates::prelude::*;

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;

fn preview(target: &str) -> String {
    let out = mxdrill().args(["preview", target]).assert().success();
    String::from_utf8_lossy(&out.get_output().stdout).to_string()
}

#[test]
fn predict_shows_the_scenario_the_simulated_outcome_and_its_trace() {
    let text = preview("mx-delivery/d-predict-primary-refused");
    for want in [
        "mx-delivery/d-predict-primary-refused  (predict, priority, difficulty 1)  questions/delivery.yaml:",
        "  Recipient: info@marigold-dental.example.com   Sending MTA: postfix",
        "  Host state: mail.marigold-dental.example.com: down",
        "  * a) RelayBay's spool1 accepts it",
        // A refused connection is temporary: the sender falls back to the next MX (R1.7).
        "Answer: delivered spool1.relaybay.example.net.",
        "Sort the MX hosts by preference, lowest first",
    ] {
        assert!(text.contains(want), "lacks {want:?}:\n{text}");
    }
}

#[test]
fn order_shows_the_hosts_in_the_order_a_sender_tries_them() {
    let text = preview("mx-delivery/d-order-kestrel-full-range");
    // Lowest preference first; 0 is an ordinary preference (R1.7).
    assert!(
        text.contains(
            "Answer: \n  1. hub.kestrel-couriers.example.org (preference 0)\n  2. hub2.kestrel-couriers.example.org (preference 5)\n  3. spool1.relaybay.example.net (preference 100)\n  4. lastresort.kestrel-couriers.example.org (preference 65535)\n"
        ),
        "{text}"
    );
    // The hosts are shown without their preferences: those are the answer.
    assert!(!text.contains("        preference"), "{text}");
}

#[test]
fn zone_line_shows_the_faulty_line_with_the_linters_message() {
    let text = preview("starter/trouble-mx-cname-line");
    assert!(
        text.contains("  * g)   7  @       IN MX    10 mail"),
        "{text}"
    );
    // An MX exchange must not be an alias (R3.1, linter L2).
    assert!(
        text.contains("  line 7: oakridge-law.example.com/MX 'mail.oakridge-law.example.com' is a CNAME (illegal) [mx-cname]"),
        "{text}"
    );
}

#[test]
fn command_shows_the_query_a_right_command_asks() {
    preview_contains(
        "mail-protocols/m-win-cmd-dmarc",
        "Answer: a command that asks _dmarc.blossomflowers.example TXT, such as `dig _dmarc.blossomflowers.example TXT`",
    );
}

fn preview_contains(target: &str, want: &str) {
    let text = preview(target);
    assert!(text.contains(want), "lacks {want:?}:\n{text}");
}

#[test]
fn choice_marks_the_right_option() {
    preview_contains("starter/ident-mail-record", "Answer: b) MX");
}

#[test]
fn every_bundled_question_is_previewed_with_an_answer_in_json() {
    let out = mxdrill().args(["preview", "--json"]).assert().success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let previews = json.as_array().expect("array");
    let library = content::load(&content::bundled_sources());
    let questions: usize = library.banks.iter().map(|b| b.questions.len()).sum();
    assert_eq!(previews.len(), questions);
    for p in previews {
        assert_ne!(p["key"]["type"], "unpreparable", "{p}");
    }
    let predict = previews
        .iter()
        .find(|p| p["kind"] == "predict")
        .expect("a predict question");
    assert!(
        predict["key"]["trace"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
}

#[test]
fn an_unknown_bank_or_question_is_a_usage_error() {
    mxdrill()
        .args(["preview", "nosuch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no bank `nosuch` is loaded"));
    mxdrill()
        .args(["preview", "starter/nosuch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bank `starter` has no question `nosuch`",
        ));
}

#[test]
fn check_answers_previews_the_checked_bank_only() {
    mxdrill()
        .args(["check", "--answers", "tests/fixtures/unplayable/unplayable.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "unplayable/playable  (command, tools, difficulty 2)",
        ))
        .stdout(predicate::str::contains(
            "Answer: none: the question cannot be asked: expect.name blosomflowers.example is in no loaded zone",
        ))
        .stdout(predicate::str::contains("starter/").not());
}
