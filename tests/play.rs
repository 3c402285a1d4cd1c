//! The application layer: the CLI and the app's simulator agree on every bundled
//! mail domain; sessions mean the same from every front end; the plain mode runs
//! in-process.

use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Library};
use mxdrill::ground::bare;
use mxdrill::play::plain::Plain;
use mxdrill::play::session::{MAX_COUNT, SessionOptions};
use mxdrill::play::{SessionSpec, WhatIf, library::mail_domains};
use mxdrill::quiz::{Filter, Mode, Score};

fn library() -> Library {
    content::load(&content::bundled_sources())
}

#[path = "common/binary.rs"]
mod binary;
use binary::mxdrill;

#[test]
fn simulate_and_the_apps_simulator_give_the_same_outcome_for_every_bundled_domain() {
    let lib = library();
    let domains = mail_domains(&lib.world);
    assert!(domains.len() > 20, "{}", domains.len());
    let mut whatif = WhatIf::new(&lib.world);
    for domain in &domains {
        let name = bare(domain);
        assert!(whatif.select(&name, &lib.world), "{name}");
        let app = whatif.trace.as_ref().map(|t| t.outcome.clone());
        let out = mxdrill()
            .args(["simulate", &format!("info@{name}"), "--seed", "0", "--json"])
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let cli = &json["outcome"];
        let app = app.expect("the app's delivery runs");
        assert_eq!(
            cli["kind"],
            serde_json::to_value(app.kind).expect("kind"),
            "{name}"
        );
        assert_eq!(cli["attempts"], app.attempts, "{name}");
        assert_eq!(cli["seconds"], app.seconds, "{name}");
        assert_eq!(
            cli["host"],
            serde_json::to_value(&app.host).expect("host"),
            "{name}"
        );
    }
}

#[test]
fn a_hosts_zone_duration_survives_in_the_apps_simulator() {
    // saltmarsh-bakery: a host down `for:` a while; the app once dropped the
    // duration and bounced after 112 attempts where the CLI delivered.
    let lib = library();
    let mut whatif = WhatIf::new(&lib.world);
    assert!(whatif.select("saltmarsh-bakery.example.org", &lib.world));
    let outcome = &whatif.trace.as_ref().expect("runs").outcome;
    assert_eq!(outcome.kind, mxdrill::delivery::OutcomeKind::Delivered);
    assert!(whatif.hosts.iter().any(|h| h.behaviour.lasts.is_some()));
}

#[test]
fn sessions_have_one_default_per_mode() {
    // What `mxdrill exam [--count N] [--kind K]` hands the library (the command line's
    // own bounds are checked in src/cli/args.rs).
    let options = |count: Option<usize>, kind: Option<&str>| SessionOptions {
        count,
        kind: kind.map(String::from),
        ..SessionOptions::default()
    };
    let exam = SessionSpec::from_options(Mode::Exam, &options(None, None), 1).expect("spec");
    assert_eq!(exam.count(), 20);
    let five =
        SessionSpec::from_options(Mode::Exam, &options(Some(5), Some("order")), 1).expect("spec");
    assert_eq!((five.count(), five.filter.kind), (5, Some(Kind::Order)));
    for count in [0, MAX_COUNT + 1] {
        let refused = SessionSpec::from_options(Mode::Exam, &options(Some(count), None), 1);
        assert!(
            refused.is_err(),
            "--count {count} is bounded in the library too"
        );
    }
    assert!(SessionSpec::from_options(Mode::Exam, &options(None, Some("essay")), 1).is_err());
    let lib = library();
    let study = five
        .start(&lib, None, &Score::default(), 0)
        .expect("starts");
    assert_eq!(study.session.items.len(), 5);
    assert!(study.session.items.iter().all(|i| i.kind == Kind::Order));
}

#[test]
fn bank_scope_limits_the_session_and_an_unknown_bank_is_refused() {
    let lib = library();
    let bank = lib.banks[0].bank.clone();
    let spec = SessionSpec {
        filter: Filter {
            banks: vec![bank.clone()],
            ..Filter::default()
        },
        count: Some(50),
        ..SessionSpec::new(Mode::Practice, 2)
    };
    let study = spec
        .start(&lib, None, &Score::default(), 0)
        .expect("starts");
    assert!(study.session.items.iter().all(|i| i.bank == bank));
    let nosuch = SessionSpec {
        filter: Filter {
            banks: vec!["nosuch".into()],
            ..Filter::default()
        },
        ..spec
    };
    let e = nosuch
        .start(&lib, None, &Score::default(), 0)
        .expect_err("refused");
    assert!(e.contains("no bank 'nosuch'"), "{e}");
}

#[test]
fn the_plain_mode_runs_in_process() {
    let lib = library();
    let spec = SessionSpec {
        filter: Filter {
            kind: Some(Kind::Order),
            ..Filter::default()
        },
        count: Some(2),
        ..SessionSpec::new(Mode::Practice, 4)
    };
    let mut study = spec
        .start(&lib, None, &Score::default(), 0)
        .expect("starts");
    let n = study.session.items[0].options.len();
    let first: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let input = format!("9 9\n{}\n", first.join(" "));
    let mut out = Vec::new();
    let mut plain = Plain {
        library: &lib,
        input: input.as_bytes(),
        out: &mut out,
        store: None,
        replay: true,
        clock: &|| 0,
    };
    plain.run(&mut study).expect("runs");
    let text = String::from_utf8(out).expect("utf-8");
    assert!(text.contains("Invalid answer: choose from 1 to"), "{text}");
    assert!(text.contains("The delivery, step by step"), "{text}");
    assert!(text.contains("Score: "), "{text}");
}

#[test]
fn practice_options_are_honoured_by_the_plain_mode_through_the_binary() {
    let out = mxdrill()
        .args(["exam", "--plain", "--count", "5", "--seed", "3"])
        .write_stdin("")
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Question 1/5"), "{text}");
    assert!(text.contains("Score: 0/5"), "{text}");
}

#[test]
fn resolve_dnsname_is_accepted_and_a_typo_is_refused_before_grading() {
    let lib = library();
    let spec = SessionSpec {
        filter: Filter {
            kind: Some(Kind::Command),
            ..Filter::default()
        },
        ..SessionSpec::new(Mode::Practice, 1)
    };
    let study = spec
        .start(&lib, None, &Score::default(), 0)
        .expect("starts");
    let item = &study.session.items[0];
    let parse = |line: &str| mxdrill::play::input::parse_line(item, line);
    assert!(parse("Resolve-DnsName -Name blossomflowers.example -Type MX").is_ok());
    assert!(parse("dig blossomflowers.example MX").is_ok());
    let refused = parse("dgi blossomflowers.example MX").expect_err("not a command");
    assert!(refused.contains("does not run"), "{refused}");
}

/// Standard output that, each time a verdict line is written, reads the progress
/// store on disk and notes how many answers it holds then.
struct Witness {
    dir: std::path::PathBuf,
    text: Vec<u8>,
    /// Answers on disk at each verdict line, in order.
    on_disk: Vec<usize>,
}

impl std::io::Write for Witness {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let verdicts = String::from_utf8_lossy(buf)
            .lines()
            .filter(|l| l.starts_with("Correct.") || l.starts_with("Incorrect."))
            .count();
        for _ in 0..verdicts {
            let store = mxdrill::progress::Store::open(&self.dir, 0, 0).expect("readable");
            let answers = store.store.progress.entries.values().map(|e| e.attempts());
            self.on_disk.push(answers.sum());
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_plain_mode_saves_each_answer_before_it_shows_the_feedback() {
    let lib = library();
    let spec = SessionSpec {
        filter: Filter {
            kind: Some(Kind::Choice),
            ..Filter::default()
        },
        count: Some(3),
        ..SessionSpec::new(Mode::Practice, 3)
    };
    let mut study = spec
        .start(&lib, None, &Score::default(), 0)
        .expect("starts");
    let data = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a data folder");
    let mut store = mxdrill::progress::Store::open(data.path(), 0, 1)
        .expect("a store")
        .store;
    let mut out = Witness {
        dir: data.path().to_path_buf(),
        text: Vec::new(),
        on_disk: Vec::new(),
    };
    let mut plain = Plain {
        library: &lib,
        input: "1\n2\n1\n".as_bytes(),
        out: &mut out,
        store: Some(&mut store),
        replay: false,
        clock: &|| 100,
    };
    let warnings = plain.run(&mut study).expect("runs");
    assert!(warnings.is_empty(), "{warnings:?}");
    let text = String::from_utf8_lossy(&out.text);
    assert_eq!(
        out.on_disk,
        vec![1, 2, 3],
        "the store on disk holds each answer when its feedback is written: {text}"
    );
}
