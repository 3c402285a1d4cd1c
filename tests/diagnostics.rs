//! Every loading diagnostic, on a fixture, at its line (and column where known).

mod common;

use mxdrill::content::{self, Level, Library, Source};
use std::path::Path;

fn load(path: &str) -> Library {
    let mut sources = content::bundled_sources();
    sources.extend(content::read_sources(Path::new(path)).expect("fixture"));
    content::load(&sources)
}

/// Asserts the fixture's diagnostics are exactly these (line, col, level, words).
fn expect(path: &str, want: &[(u32, Option<u32>, Level, &str)]) {
    let library = load(path);
    let got: Vec<_> = library
        .diagnostics
        .iter()
        .filter(|d| d.path.starts_with(path))
        .collect();
    let shown: Vec<String> = got.iter().map(|d| d.to_string()).collect();
    assert_eq!(got.len(), want.len(), "{path}:\n{}", shown.join("\n"));
    for (d, (line, col, level, words)) in got.iter().zip(want) {
        assert_eq!((d.pos.line, d.level), (*line, *level), "{d}");
        if col.is_some() {
            assert_eq!(d.pos.col, *col, "{d}");
        }
        assert!(d.message.contains(words), "{d} lacks {words:?}");
    }
}

const E: Level = Level::Error;

#[test]
fn yaml_syntax_error_has_its_line() {
    expect(
        "tests/fixtures/yaml-syntax.yaml",
        &[(6, Some(13), E, "YAML syntax error")],
    );
}

#[test]
fn unknown_fields_kinds_and_categories_are_all_reported_in_one_run() {
    expect(
        "tests/fixtures/unknown-fields.yaml",
        &[
            (13, Some(9), E, "unknown field `corect`"),
            // `{ text: A, why: Maps a name, not mail }`: the comma makes `not mail` a key.
            (24, None, E, "unknown field `not mail`"),
            (27, Some(11), E, "unknown variant `quiz`"),
            (35, Some(15), E, "unknown variant `dns`"),
            // The other questions' references are checked too.
            (46, Some(11), E, "no zone gone.example is loaded"),
            // Every broken choice of a question, not only the first.
            (55, Some(21), E, "unknown field `corect`"),
            (56, Some(20), E, "unknown field `wy`"),
        ],
    );
}

#[test]
fn correct_choice_rules_and_duplicate_ids() {
    expect(
        "tests/fixtures/choices.yaml",
        &[
            (11, None, E, "none is marked `correct: true`"),
            (22, None, E, "2 are marked"),
            (31, None, E, "multi question needs at least one correct"),
            (
                34,
                Some(9),
                E,
                "duplicate question id `none-correct` (first used at line 4)",
            ),
        ],
    );
}

#[test]
fn references_to_missing_zones_and_hosts() {
    expect(
        "tests/fixtures/references.yaml",
        &[
            (10, Some(11), E, "no zone nosuch.example is loaded"),
            (
                23,
                Some(9),
                E,
                "host ghost.petalmail.example has no address records",
            ),
            (
                26,
                Some(9),
                E,
                "host nowhere.example.com is in no loaded zone",
            ),
        ],
    );
}

#[test]
fn zone_syntax_errors_have_file_lines_inside_yaml() {
    expect(
        "tests/fixtures/bad-records.yaml",
        &[
            (
                8,
                Some(15),
                E,
                "MX preference 70000 is out of range (0-65535)",
            ),
            (9, Some(15), E, "bad IPv4 address '192.0.2.300'"),
            (10, Some(11), E, "unknown RR type 'CNAMEE'"),
            (11, Some(3), E, "$INCLUDE is refused"),
        ],
    );
}

#[test]
fn every_part_of_a_zone_file_is_checked_in_one_run() {
    expect(
        "tests/fixtures/zone-many-errors.yaml",
        &[
            (2, Some(1), E, "unknown field `titel`"),
            (8, Some(15), E, "bad IPv4 address '999.1.1.1'"),
            (10, Some(38), E, "unknown variant `dwn`"),
        ],
    );
}

#[test]
fn include_is_refused_in_master_files() {
    expect(
        "tests/fixtures/include.zone",
        &[(6, Some(1), E, "$INCLUDE is refused")],
    );
}

#[test]
fn zone_defined_twice_names_both_files() {
    let library = load("tests/fixtures/dup");
    let d = library
        .diagnostics
        .iter()
        .find(|d| d.level == E)
        .expect("an error");
    assert_eq!(d.path, "tests/fixtures/dup/second.yaml");
    assert_eq!(d.pos.line, 1);
    assert!(
        d.message
            .contains("defined twice: here and in tests/fixtures/dup/first.yaml:1"),
        "{d}"
    );
}

#[test]
fn declared_defect_the_linter_does_not_find_is_an_error() {
    expect(
        "tests/fixtures/undeclared.yaml",
        &[(
            3,
            Some(10),
            E,
            "declares defect `mx-cname` but the linter does not find it",
        )],
    );
}

#[test]
fn zones_bind_loads_load_here_despite_hickory_gaps() {
    // `@` in data, DNAME, SPF type, RFC 3597 generic data (mx-rules.md §8).
    let library = load("tests/fixtures/gaps.zone");
    let ours: Vec<_> = library
        .diagnostics
        .iter()
        .filter(|d| d.path.ends_with("gaps.zone"))
        .collect();
    assert!(ours.iter().all(|d| d.level != E), "{ours:?}");
    let zone = library
        .world
        .zones()
        .iter()
        .find(|z| z.path.ends_with("gaps.zone"))
        .expect("loaded");
    assert_eq!(zone.records.len(), 10);
}

#[test]
fn a_file_with_errors_never_half_loads() {
    let library = load("tests/fixtures/choices.yaml");
    assert!(library.banks.iter().all(|b| b.bank != "choice-rules"));
    let library = load("tests/fixtures/bad-records.yaml");
    assert!(
        library
            .world
            .zones()
            .iter()
            .all(|z| !z.path.ends_with("bad-records.yaml"))
    );
}

#[test]
fn bundled_content_has_no_errors_or_warnings() {
    let library = content::load(&content::bundled_sources());
    let bad: Vec<String> = library
        .diagnostics
        .iter()
        .filter(|d| d.level != Level::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(library.world.zones().len() >= 12);
    let questions: usize = library.banks.iter().map(|b| b.questions.len()).sum();
    assert!(questions >= 15, "{questions} questions");
}

#[test]
fn unused_source_kinds_are_refused() {
    let library = content::load(&[Source {
        path: "x.yaml".into(),
        text: "title: nothing\n".into(),
        bundled: false,
        unreadable: None,
    }]);
    assert!(
        library.diagnostics[0]
            .message
            .contains("neither a question bank")
    );
}

const ALIAS_ZONE: &str = "zone: alias.example\nDEFECTS\nrecords: |\n  $TTL 3600\n  @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n  @ IN NS ns1\n  ns1 IN A 192.0.2.53\n  @ IN MX 10 mail\n  mail IN CNAME ns1\n";

#[test]
fn an_undeclared_defect_is_an_error_and_a_declared_one_a_note_l2() {
    let undeclared = common::load_with(&[("alias.yaml", &ALIAS_ZONE.replace("DEFECTS\n", ""))]);
    let d = undeclared
        .diagnostics
        .iter()
        .find(|d| d.path == "alias.yaml")
        .expect("finding");
    assert_eq!(
        (d.pos.line, d.level, d.code.as_deref()),
        (7, Level::Error, Some("mx-cname"))
    );
    assert!(
        d.message
            .contains("alias.example/MX 'mail.alias.example' is a CNAME (illegal)"),
        "{d}"
    );

    let declared = common::load_with(&[(
        "alias.yaml",
        &ALIAS_ZONE.replace("DEFECTS", "defects: [mx-cname]"),
    )]);
    let d = declared
        .diagnostics
        .iter()
        .find(|d| d.path == "alias.yaml")
        .expect("finding");
    assert_eq!((d.pos.line, d.level), (8, Level::Note));
    assert!(d.message.starts_with("expected defect mx-cname:"), "{d}");
}

#[test]
fn zone_line_questions_need_declared_defects() {
    let bank = "bank: b\ntitle: t\nquestions:\n  - id: q\n    kind: zone-line\n    category: troubleshooting\n    objectives: [N10-009 3.4]\n    difficulty: 2\n    prompt: Which line is wrong?\n    zone: blossomflowers.example\n    explanation: x\n";
    let library = common::load_with(&[("b.yaml", bank)]);
    let d = library
        .diagnostics
        .iter()
        .find(|d| d.path == "b.yaml")
        .expect("error");
    assert_eq!(d.pos.line, 10);
    assert!(
        d.message.contains("blossomflowers.example declares none"),
        "{d}"
    );
}

#[test]
fn duplicates_merge_and_a_second_cname_is_refused() {
    let zone = "$ORIGIN dups.example.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n\
@ IN TXT \"v=spf1 -all\"\n@ IN TXT \"v=spf1 -all\"\n@ IN MX 10 ns1\nwww IN CNAME ns1\nwww IN CNAME @\n";
    let library = common::load_with(&[("dups.zone", zone)]);
    let ours: Vec<_> = library
        .diagnostics
        .iter()
        .filter(|d| d.path == "dups.zone")
        .collect();
    assert_eq!(ours.len(), 1, "{ours:?}"); // no L10 from an identical copy
    assert_eq!((ours[0].pos.line, ours[0].level), (10, E));
    assert!(ours[0].message.contains("multiple RRs of singleton type"));
}

#[test]
fn records_must_be_a_literal_block() {
    let zone = "zone: folded.example\nrecords: >\n  $TTL 3600\n  @ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n";
    let library = common::load_with(&[("folded.yaml", zone)]);
    let d = library
        .diagnostics
        .iter()
        .find(|d| d.path == "folded.yaml")
        .expect("error");
    assert!(d.message.contains("literal block"), "{d}");
}

#[test]
fn an_origin_after_the_first_record_does_not_rename_the_zone() {
    let zone = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n$ORIGIN sub.later.example.\nmail IN A 192.0.2.25\n";
    let library = common::load_with(&[("later.example.zone", zone)]);
    assert!(
        library
            .world
            .zones()
            .iter()
            .any(|z| z.origin.to_string() == "later.example.")
    );
}

/// Each question kind checks its own fields when its bank is loaded (`kind/`, through
/// `kind::Written` and `kind::Report`): these are the diagnostics the loader gave
/// before the checks moved there, at the same positions.
#[test]
fn each_kind_checks_its_own_fields() {
    const W: Level = Level::Warning;
    expect(
        "tests/fixtures/kinds.yaml",
        &[
            (7, Some(11), E, "order questions need `zone`"),
            (13, Some(7), E, "`choices` is not used by order questions"),
            (14, Some(13), E, "`expect` is not used by order questions"),
            (16, Some(11), E, "zone-line questions need `zone`"),
            (
                21,
                Some(15),
                E,
                "`scenario` is not used by zone-line questions",
            ),
            (23, Some(11), E, "predict questions need `zone`"),
            (
                23,
                Some(11),
                E,
                "predict questions need `scenario: { recipient: ... }`",
            ),
            (
                28,
                Some(14),
                E,
                "`defects` is not used by predict questions",
            ),
            (35, Some(13), E, "`domain` is not used by predict questions"),
            (38, Some(18), E, "`not-an-address` is not an email address"),
            (
                39,
                Some(17),
                E,
                "bad domain name 'bad..name': Malformed label",
            ),
            (39, Some(36), E, "host nohost.example is in no loaded zone"),
            (
                39,
                Some(61),
                E,
                "host mx1.blossomflowers.example has no address records (A or",
            ),
            (
                41,
                Some(7),
                E,
                "a predict question needs at least two outcomes to choose fro",
            ),
            (
                41,
                Some(9),
                E,
                "predict answers are computed by the simulator: remove",
            ),
            (
                41,
                Some(9),
                E,
                "host mx1.blossomflowers.example has no address records (A or",
            ),
            (
                49,
                Some(28),
                E,
                "`@blossomflowers.example` is not an email address",
            ),
            (51, Some(9), E, "a predict choice needs `outcome`"),
            (52, Some(9), E, "bad outcome 'delivered': write"),
            (53, Some(9), E, "host nohost.example is in no loaded zone"),
            (
                62,
                Some(28),
                E,
                "bad domain name 'bad..domain': Malformed label",
            ),
            (
                67,
                Some(11),
                E,
                "command questions need `expect: { name: ..., type: ... }`",
            ),
            (
                72,
                Some(14),
                E,
                "`defects` is not used by command questions",
            ),
            (
                79,
                Some(13),
                E,
                "bad domain name 'bad..name': Malformed label",
            ),
            (79, Some(13), E, "unknown record type `XYZ` (use one of"),
            (86, Some(11), E, "no zone nozone.example is loaded"),
            (87, Some(13), E, "empty domain name"),
            (87, Some(13), E, "unknown record type `hinfo` (use one of"),
            (
                95,
                Some(15),
                E,
                "`scenario` is not used by choice questions",
            ),
            (97, Some(7), E, "a question needs at least two choices"),
            (97, Some(9), E, "choice has no `text`"),
            (105, Some(7), E, "none is marked `corr"),
            (
                105,
                Some(9),
                E,
                "`outcome` is only used by predict questions",
            ),
            (106, Some(9), W, "choice `same` appears twice"),
            (116, Some(9), E, "3 are marked (use ki"),
            (124, Some(13), E, "`domain` is not used by multi questions"),
            (
                126,
                Some(7),
                E,
                "a multi question needs at least one correct choice",
            ),
            (
                133,
                Some(11),
                E,
                "zone-line questions need a zone with declared defects; bloss",
            ),
            (
                133,
                Some(11),
                E,
                "zone blossomflowers.example does not declare defect `mx-cnam",
            ),
            (
                136,
                Some(14),
                E,
                "`shuffle` is not used by zone-line questions",
            ),
            (142, Some(11), E, "no zone nosuch.example is loaded"),
            (144, Some(14), E, "`defects` is not used by order questions"),
        ],
    );
}
