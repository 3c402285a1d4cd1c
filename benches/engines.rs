//! Speed of the engines (issue 9): content loading, large banks, `check` on a large
//! zone, drawing every screen at 120×40, and the simulator. Run with
//! `cargo bench --bench engines`; compare medians, not single runs.

use criterion::{Criterion, criterion_group, criterion_main};
use mxdrill::content::{self, Source};
use mxdrill::delivery::{Behaviour, Scenario, simulate};
use mxdrill::dns::HostState;
use mxdrill::tui::{App, Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;

#[path = "support/pathological.rs"]
mod pathological;

/// A bank of `n` choice questions about the bundled zones.
fn bank(n: usize) -> Source {
    let mut text = String::from("bank: generated\ntitle: Generated\nquestions:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  - id: q{i}\n    kind: choice\n    category: priority\n    objectives: [N10-009 3.4]\n    difficulty: 2\n    prompt: \"Question {i}: which host is tried first?\"\n    choices:\n      - text: mx1 (10)\n        correct: true\n        why: Lowest preference.\n      - text: mx2 (20)\n        why: A higher number is tried later.\n    explanation: Lower preference first.\n"
        ));
    }
    Source {
        path: "generated.yaml".into(),
        text,
        bundled: false,
        unreadable: None,
    }
}

/// A zone of about `records` records with MX sets, hosts and TXT.
fn zone(records: usize) -> Source {
    let mut text = String::from(
        "$ORIGIN big.example.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\n",
    );
    for i in 0..records / 5 {
        text.push_str(&format!("d{i} IN MX 10 mx{i}\nd{i} IN MX 20 mx{i}b\nmx{i} IN A 192.0.2.{}\nmx{i}b IN AAAA 2001:db8::{i:x}\nd{i} IN TXT \"v=spf1 mx -all\"\n", i % 250));
    }
    Source {
        path: "big.example.zone".into(),
        text,
        bundled: false,
        unreadable: None,
    }
}

fn loading(c: &mut Criterion) {
    let bundled = content::bundled_sources();
    c.bench_function("load the bundled content", |b| {
        b.iter(|| content::load(black_box(&bundled)))
    });
    for n in [1_000, 10_000] {
        let sources = vec![bank(n)];
        assert!(
            content::load(&sources)
                .banks
                .first()
                .is_some_and(|b| b.questions.len() == n),
            "the generated bank loads"
        );
        c.bench_function(&format!("load a {n}-question bank"), |b| {
            b.iter(|| content::load(black_box(&sources)))
        });
    }
    let big = vec![zone(100_000)];
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    group.bench_function("load and lint a 100,000-record zone", |b| {
        b.iter(|| content::load(black_box(&big)))
    });
    group.finish();
}

/// A key press, as the learner makes it.
fn key(app: &mut App, code: KeyCode) {
    app.press(&KeyEvent::new(code, KeyModifiers::NONE));
}

/// The app's colours with box drawing and symbols.
const THEME: Theme = Theme {
    color: true,
    ascii: false,
};

fn screens(c: &mut Criterion) {
    let library = || content::load(&content::bundled_sources());
    let mut apps: Vec<(&str, App)> = Vec::new();
    apps.push(("home", App::new(library(), THEME, 0, 1)));
    let mut quiz = App::new(library(), THEME, 0, 1);
    key(&mut quiz, KeyCode::Enter);
    apps.push(("question", quiz));
    let mut exam = App::new(library(), THEME, 0, 1);
    key(&mut exam, KeyCode::Char('2'));
    apps.push(("exam", exam));
    let mut sim = App::new(library(), THEME, 0, 1);
    key(&mut sim, KeyCode::Char('5'));
    for _ in 0..8 {
        key(&mut sim, KeyCode::Right);
    }
    apps.push(("simulator", sim));
    let mut lab = App::new(library(), THEME, 0, 1);
    key(&mut lab, KeyCode::Char('6'));
    apps.push(("lab", lab));
    let mut stats = App::new(library(), THEME, 0, 1);
    key(&mut stats, KeyCode::Char('7'));
    apps.push(("stats", stats));
    let mut presenter = App::new(library(), THEME, 0, 1);
    presenter.present(None);
    apps.push(("presenter", presenter));
    // The issue-15 target: a simulator frame at 120×40 in under a millisecond, with
    // the longest bundled run (timeout + down: 111 attempts) and the widest topology.
    let mut queue = App::new(library(), THEME, 0, 1);
    key(&mut queue, KeyCode::Char('5'));
    for k in ['s', 's'] {
        key(&mut queue, KeyCode::Char(k));
    }
    key(&mut queue, KeyCode::Tab);
    key(&mut queue, KeyCode::Char('s'));
    key(&mut queue, KeyCode::End);
    apps.push(("simulator timeout+down at its end", queue));
    // The same frame in ASCII (`--ascii`): every cell is made ASCII after drawing.
    let mut ascii = App::new(
        library(),
        Theme {
            ascii: true,
            ..THEME
        },
        0,
        1,
    );
    key(&mut ascii, KeyCode::Char('5'));
    for k in ['s', 's'] {
        key(&mut ascii, KeyCode::Char(k));
    }
    key(&mut ascii, KeyCode::Tab);
    key(&mut ascii, KeyCode::Char('s'));
    key(&mut ascii, KeyCode::End);
    apps.push(("simulator timeout+down at its end in ASCII", ascii));
    let mut school = App::new(library(), THEME, 0, 1);
    school.present(Some("pebblebrook-school.example.org"));
    key(&mut school, KeyCode::End);
    key(&mut school, KeyCode::Enter);
    apps.push(("presenter six hosts inspecting", school));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    for (name, app) in &apps {
        c.bench_function(&format!("draw {name} at 120x40"), |b| {
            b.iter(|| terminal.draw(|f| view::draw(f, app)).map(|_| ()))
        });
    }
}

fn simulator(c: &mut Criterion) {
    let library = content::load(&content::bundled_sources());
    let hosts: Vec<hickory_proto::rr::Name> =
        ["mail.petalmail.example.", "backupmail.petalmail.example."]
            .iter()
            .map(|h| h.parse().expect("host"))
            .collect();
    let states = HostState::ALL;
    let mut group = c.benchmark_group("simulator");
    group.sample_size(10);
    group.bench_function("simulate 10,000 scenarios", |b| {
        b.iter(|| {
            for i in 0..10_000usize {
                let overrides = hosts
                    .iter()
                    .enumerate()
                    .map(|(j, h)| {
                        (
                            h.clone(),
                            Behaviour {
                                state: states[(i + j * 3) % states.len()],
                                lasts: None,
                            },
                        )
                    })
                    .collect();
                let scenario = Scenario {
                    world: &library.world,
                    recipient: "info@blossomflowers.example",
                    overrides,
                    profile: Default::default(),
                    self_host: None,
                    seed: i as u64,
                };
                black_box(simulate(&scenario).ok());
            }
        })
    });
    group.finish();
}

/// Pathological content (issue 18): the time must grow linearly, 10 k → 100 k about
/// ×10 (it was quadratic: 54 s for a 100 k-key mapping, 254 s for 100 k records at
/// one owner). `cargo bench --bench engines -- linear`.
fn linear(c: &mut Criterion) {
    let mut group = c.benchmark_group("linear");
    group.sample_size(10);
    for n in [10_000, 100_000] {
        let cases = [
            (
                "yaml mapping of {n} keys",
                "wide.yaml",
                pathological::yaml_keys(n),
            ),
            (
                "{n} TXT records at one owner",
                "wide.zone",
                pathological::zone_one_owner(n),
            ),
            (
                "{n} MX records at one owner",
                "mx-wide.zone",
                pathological::zone_many_mx(n),
            ),
        ];
        for (name, path, text) in cases {
            let sources = vec![Source {
                path: path.into(),
                text,
                bundled: false,
                unreadable: None,
            }];
            group.bench_function(name.replace("{n}", &n.to_string()), |b| {
                b.iter(|| content::load(black_box(&sources)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, loading, screens, simulator, linear);
criterion_main!(benches);
