//! `--ascii`: every screen drawn in ASCII only, for consoles whose font lacks box
//! drawing and symbols such as ✓ ✗ ▶ … (Windows' classic console). Snapshots at
//! 80×24 and 120×40 of the home screen, a question with its feedback and the
//! simulator; every cell of every screen the app can show is checked, and every
//! symbol the Unicode screens draw must have a stand-in (none shows as `?`).

use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Source};
use mxdrill::quiz::Mode;
use mxdrill::tui::{App, Screen, Theme, glyphs};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key, render, rows, spec, text, typed};

const ASCII: Theme = Theme {
    color: true,
    ascii: true,
};

const UNICODE: Theme = Theme {
    color: true,
    ascii: false,
};

/// The bundled zones and the small, fixed bank of the screen tests.
fn app(theme: Theme) -> App {
    screen::app_in("tests/fixtures/tui/bank.yaml", theme)
}

/// The cells of a `width`×`height` frame that are not ASCII, with their places.
fn not_ascii(app: &App, width: u16, height: u16) -> Vec<(u16, u16, String)> {
    let t = render(app, width, height);
    let buffer = t.backend().buffer();
    let mut found = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let symbol = buffer[(x, y)].symbol();
            if !symbol.is_ascii() {
                found.push((x, y, symbol.to_string()));
            }
        }
    }
    found
}

/// Every cell ASCII at both sizes, then the snapshots.
fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        let found = not_ascii(app, w, h);
        assert!(found.is_empty(), "{name} at {w}x{h}: {found:?}");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

#[test]
fn home() {
    snap("ascii_home", &app(ASCII));
}

#[test]
fn question_and_feedback() {
    let mut a = app(ASCII);
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 7))
        .expect("a session");
    snap("ascii_question", &a);
    key(&mut a, KeyCode::Char('1')); // A: wrong
    let shown = text(&a, 120, 40);
    // The marks of the verdict and of the right and the picked option.
    assert!(shown.contains("x Incorrect."), "{shown}");
    assert!(
        shown.contains("2. MX +") && shown.contains("1. A x"),
        "{shown}"
    );
    snap("ascii_feedback", &a);
}

#[test]
fn simulator() {
    let mut a = app(ASCII);
    key(&mut a, KeyCode::Char('5'));
    assert_eq!(a.screen(), Screen::Simulator);
    key(&mut a, KeyCode::Char('s')); // mail.petalmail.example: down
    key(&mut a, KeyCode::Char('r'));
    while a.animating() {
        a.animate();
    }
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("+ Delivered to backupmail.petalmail.example"),
        "{shown}"
    );
    snap("ascii_simulator", &a);
}

/// Calls `check` on every screen the app shows, as keys reach them: home and help,
/// a question, its feedback and the rules it cites, an exam with a flag and its
/// results, the simulator at every step (and inspecting), the lab, the stats, the
/// presenter at every step, a screen too small to draw on.
fn every_screen(theme: Theme, check: &mut dyn FnMut(&str, &App)) {
    let mut a = app(theme);
    check("home", &a);
    key(&mut a, KeyCode::Char('?'));
    check("help", &a);
    key(&mut a, KeyCode::Esc);
    for kind in [Kind::Choice, Kind::Order, Kind::Command] {
        let mut q = app(theme);
        q.start(&spec(Mode::Practice, Some(kind), 7))
            .expect("a session");
        check("question", &q);
        match kind {
            Kind::Command => {
                typed(&mut q, "dig blossomflowers.example MX");
                check("typing", &q);
                key(&mut q, KeyCode::Enter);
            }
            Kind::Order => key(&mut q, KeyCode::Enter),
            _ => key(&mut q, KeyCode::Char('1')),
        }
        check("feedback", &q);
        key(&mut q, KeyCode::Char('r'));
        check("rules", &q);
    }
    let mut e = app(theme);
    e.start(&spec(Mode::Exam, None, 7)).expect("an exam");
    key(&mut e, KeyCode::Char('f'));
    key(&mut e, KeyCode::Right);
    check("exam", &e);
    key(&mut e, KeyCode::Char('S'));
    key(&mut e, KeyCode::Char('S'));
    check("results", &e);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Char('r'));
    while a.animating() {
        a.animate();
        check("simulator", &a);
    }
    key(&mut a, KeyCode::Enter);
    check("inspector", &a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('6'));
    typed(&mut a, "dig blossomflowers.example MX");
    key(&mut a, KeyCode::Enter);
    check("lab", &a);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('7'));
    check("stats", &a);
    let mut p = app(theme);
    assert!(p.present(Some("blossomflowers.example")));
    for _ in 0..30 {
        check("presenter", &p);
        key(&mut p, KeyCode::Right);
    }
    key(&mut p, KeyCode::End);
    check("presenter", &p);
}

#[test]
fn every_screen_is_ascii_at_every_size() {
    let mut checked = 0;
    every_screen(ASCII, &mut |name, a| {
        for (w, h) in SIZES.into_iter().chain([(60, 20), (30, 8)]) {
            let found = not_ascii(a, w, h);
            assert!(found.is_empty(), "{name} at {w}x{h}: {found:?}");
            checked += 1;
        }
    });
    assert!(checked > 50, "{checked} frames");
}

/// A symbol without a stand-in would show as `?` in ASCII: every one the Unicode
/// screens draw has one.
#[test]
fn every_symbol_the_screens_draw_has_a_stand_in() {
    let mut seen = std::collections::BTreeSet::new();
    every_screen(UNICODE, &mut |name, a| {
        for (w, h) in SIZES {
            for (_, _, symbol) in not_ascii(a, w, h) {
                for c in symbol.chars() {
                    assert!(
                        glyphs::stand_in(c).is_some(),
                        "{name} at {w}x{h} draws {c:?}, which has no ASCII stand-in"
                    );
                    seen.insert(c);
                }
            }
        }
    });
    // The walk reaches the glyphs that matter: borders, marks, the message, bars.
    for c in ['┌', '✓', '✗', '▶', '●', '…', '·', '█'] {
        assert!(seen.contains(&c), "{c} never drawn: {seen:?}");
    }
}

/// A bank whose text has typographic punctuation, as authors paste it.
const TYPOGRAPHY: &str = r#"bank: typo
title: Typography
questions:
  - id: curly
    kind: choice
    category: concepts
    objectives: [N10-009 3.4]
    difficulty: 1
    shuffle: false
    prompt: “Which” record — per RFC 5321 §5.1 — routes a domain’s mail… to its exchangers when the sender looks it up?
    choices:
      - text: MX
        correct: true
        why: It names the exchangers.
      - text: TXT
        why: It holds text – SPF policies, say.
      - text: CNAME
        why: It makes one name an alias of another.
      - text: PTR
        why: It maps an address back to a name.
    explanation: Senders ask for MX first (RFC 5321 §5.1); lower preferences first.
"#;

/// Typographic punctuation in a bank is drawn with its stand-ins before wrapping,
/// so a wider one (`§` → `section `, `…` → `...`) is wrapped, never cut.
#[test]
fn content_punctuation_is_drawn_in_ascii_and_wrapped_whole() {
    let dir = tempfile::tempdir().expect("dir");
    let bank = dir.path().join("bank.yaml");
    std::fs::write(&bank, TYPOGRAPHY).expect("write bank");
    let mut sources: Vec<Source> = content::bundled_sources()
        .into_iter()
        .filter(|s| s.path.starts_with("zones/"))
        .collect();
    sources.extend(content::read_sources(Path::new(&bank)).expect("bank"));
    let mut a = App::new(content::load(&sources), ASCII, NOW, 41);
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 1))
        .expect("a session");
    key(&mut a, KeyCode::Char('2'));
    let shown = rows(&a, 80, 24).join("\n");
    let words: String = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    for part in [
        "\"Which\" record - per RFC 5321 section 5.1 - routes a domain's mail... to its",
        "x Incorrect.",
        "It holds text - SPF policies, say.",
        "(RFC 5321 section 5.1)",
    ] {
        assert!(words.contains(part), "{part:?} not in\n{shown}");
    }
    assert!(not_ascii(&a, 80, 24).is_empty());
}

/// Clicks find options where the ASCII screen draws them.
#[test]
fn a_click_chooses_the_option_drawn_under_it() {
    let mut a = app(ASCII);
    a.start(&spec(Mode::Practice, Some(Kind::Choice), 3))
        .expect("a session");
    a.resize_to(80, 24);
    let row = rows(&a, 80, 24)
        .iter()
        .position(|r| r.contains("2. MX"))
        .expect("option 2 on screen");
    let row = u16::try_from(row).expect("row");
    a.click(row);
    a.click(row);
    assert!(
        text(&a, 80, 24).contains("+ Correct."),
        "{}",
        text(&a, 80, 24)
    );
}
