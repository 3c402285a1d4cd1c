//! Every screen whole at 80×24: each screen is walked to by keys, as a learner
//! does, and its header and footer must end in no `…` (a cut) and name its state
//! and the keys it needs.

use mxdrill::content::bank::Kind;
use mxdrill::quiz::Mode;
use mxdrill::tui::App;
use ratatui::crossterm::event::KeyCode;

#[path = "common/screen.rs"]
mod screen;
use screen::{SIZES, key, render, rows, spec, typed};

/// The study fixture: one question of every kind.
fn app() -> App {
    screen::app_with("tests/fixtures/study/bank.yaml", false)
}

fn session(mode: Mode, kind: Option<Kind>) -> App {
    let mut a = app();
    a.start(&spec(mode, kind, 7)).expect("a session");
    a
}

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// Every screen, walked to by keys: its name and its rows at 80×24; with
/// `snaps`, the screens no other test pictures are snapshot at both sizes.
fn screens(snaps: bool) -> Vec<(String, Vec<String>)> {
    let snap = |name: &str, app: &App| {
        if snaps {
            snap(name, app)
        }
    };
    let mut all = Vec::new();
    let mut shot = |name: &str, a: &App| all.push((name.to_string(), rows(a, 80, 24)));
    let mut a = app();
    shot("home", &a);
    key(&mut a, KeyCode::Char('?'));
    shot("help", &a);
    for kind in Kind::ALL {
        let mut a = session(Mode::Practice, Some(kind));
        shot(&format!("practice {kind:?}"), &a);
        if a.typing() {
            typed(&mut a, "dig blossomflowers.example MX");
        } else if kind != Kind::Order {
            key(&mut a, KeyCode::Char('1'));
        }
        key(&mut a, KeyCode::Enter);
        shot(&format!("feedback {kind:?}"), &a);
    }
    // A right answer saved to a store: the feedback offers its rating (1-4).
    let folders: Vec<_> = (0..2).map(|_| tempfile::tempdir().expect("dir")).collect();
    for (kind, folder) in [Kind::Choice, Kind::Predict].into_iter().zip(&folders) {
        for (n, answer) in ('1'..='4').enumerate() {
            let dir = folder.path().join(n.to_string());
            let store = mxdrill::progress::Store::open(&dir, screen::NOW, 1).expect("store");
            let mut a = app().with_store(Some(store.store), None);
            a.start(&spec(Mode::Practice, Some(kind), 7))
                .expect("a session");
            key(&mut a, KeyCode::Char(answer));
            if rows(&a, 80, 24)
                .join("\n")
                .contains("How well did you know it?")
            {
                shot(&format!("feedback {kind:?} rated"), &a);
                key(&mut a, KeyCode::Char('4'));
                shot(&format!("feedback {kind:?} rated Easy"), &a);
                break;
            }
        }
    }
    let mut leave = session(Mode::Exam, None);
    key(&mut leave, KeyCode::Esc);
    shot("exam leave prompt", &leave);
    snap("fit_leave_prompt", &leave);
    let mut exam = session(Mode::Exam, None);
    for n in 1..=6 {
        if exam.typing() {
            key(&mut exam, KeyCode::Tab);
        }
        shot(&format!("exam question {n}"), &exam);
        key(&mut exam, KeyCode::Char('f'));
        shot(&format!("exam question {n} flagged"), &exam);
        if n < 6 {
            key(&mut exam, KeyCode::Right);
        }
    }
    // The review list (issue 24): opened by g, its keys in the footer; Esc back.
    key(&mut exam, KeyCode::Char('g'));
    shot("exam review list", &exam);
    key(&mut exam, KeyCode::Esc);
    key(&mut exam, KeyCode::Char('S'));
    shot("exam submit prompt", &exam);
    key(&mut exam, KeyCode::Char('S'));
    shot("results", &exam);
    let mut sim = app();
    key(&mut sim, KeyCode::Char('5'));
    shot("simulator", &sim);
    key(&mut sim, KeyCode::Char('p'));
    shot("simulator after p", &sim);
    key(&mut sim, KeyCode::Char('n'));
    shot("simulator after n", &sim);
    snap("fit_simulator_after_p_n", &sim);
    key(&mut sim, KeyCode::Char('x'));
    shot("simulator modified", &sim);
    key(&mut sim, KeyCode::Enter);
    shot("inspector", &sim);
    snap("fit_inspector", &sim);
    let mut lab = app();
    key(&mut lab, KeyCode::Char('6'));
    typed(&mut lab, "dig blossomflowers.example MX");
    key(&mut lab, KeyCode::Enter);
    shot("lab console", &lab);
    let mut stats = app();
    key(&mut stats, KeyCode::Char('7'));
    shot("stats", &stats);
    let mut drills = app();
    key(&mut drills, KeyCode::Char('4'));
    shot("drills", &drills);
    snap("fit_drills", &drills);
    key(&mut drills, KeyCode::Char('1'));
    shot("drills feedback", &drills);
    all
}

/// The header (first row) and the footer (the last two rows) of a screen.
fn edges(rows: &[String]) -> Vec<&str> {
    let n = rows.len();
    [0, n - 2, n - 1]
        .iter()
        .map(|&i| rows[i].trim_end())
        .collect()
}

#[test]
fn no_header_or_footer_is_cut_at_80x24() {
    for (name, rows) in screens(true) {
        for line in edges(&rows) {
            assert!(
                !line.ends_with('…'),
                "{name}: `{line}` is cut\n{}",
                rows.join("\n")
            );
        }
    }
}

/// The rows of the screen called `name` in the walk.
fn screen(all: &[(String, Vec<String>)], name: &str) -> String {
    all.iter()
        .find(|(n, _)| n == name)
        .map(|(_, r)| r.join("\n"))
        .unwrap_or_else(|| panic!("no screen {name}"))
}

/// The footer of a screen: its last two rows.
fn footer(all: &[(String, Vec<String>)], name: &str) -> String {
    let shown = screen(all, name);
    let rows: Vec<&str> = shown.lines().collect();
    rows[rows.len() - 2..].join("\n")
}

#[test]
fn the_simulator_header_shows_profile_seed_and_speed_and_their_changes_at_80x24() {
    let all = screens(false);
    let state = |name: &str| {
        let shown = screen(&all, name);
        let head: Vec<&str> = shown.lines().take(2).collect();
        head.join(" · ")
    };
    let word_after = |line: &str, word: &str| {
        line.split(word)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(String::from)
            .unwrap_or_else(|| panic!("no `{word}` in `{line}`"))
    };
    let before = state("simulator");
    for word in ["profile ", "seed ", "speed "] {
        assert!(before.contains(word), "{word}missing: {before}");
    }
    let after_p = state("simulator after p");
    assert_ne!(
        word_after(&before, "profile "),
        word_after(&after_p, "profile "),
        "p switches the profile, and the header shows it"
    );
    let after_n = state("simulator after n");
    assert_ne!(
        word_after(&after_p, "seed "),
        word_after(&after_n, "seed "),
        "n draws a new seed, and the header shows it"
    );
}

#[test]
fn each_screen_names_the_keys_it_needs_at_80x24() {
    let all = screens(false);
    let needs: &[(&str, &[&str])] = &[
        ("home", &["? help", "Enter", "q quit"]),
        ("practice Order", &["? help", "K J", "Enter"]),
        ("practice Multi", &["Space", "Enter"]),
        ("practice Choice", &["? help", "Enter"]),
        ("feedback Order", &["v watch"]),
        ("feedback Choice rated", &["1-4 rate", "Enter"]),
        ("feedback Predict rated", &["1-4 rate", "v watch", "Enter"]),
        ("feedback Predict rated Easy", &["1-4 rate", "v watch"]),
        (
            "exam question 1",
            &["S submit", "f flag", "←", "→", "Esc back"],
        ),
        ("exam question 4", &["K J", "f flag", "←", "→"]),
        (
            "exam review list",
            &["S submit", "↑ ↓", "Enter open", "number", "Esc back"],
        ),
        ("results", &["? help", "Esc back"]),
        (
            "simulator",
            &["? help", "p profile", "n seed", "Space play", "→"],
        ),
        ("simulator modified", &["w undo"]),
        ("drills", &["? help", "K J"]),
        ("stats", &["Esc back"]),
    ];
    for (name, keys) in needs {
        let shown = footer(&all, name);
        for k in *keys {
            assert!(shown.contains(k), "{name}: no `{k}` in the footer\n{shown}");
        }
    }
    let submit = footer(&all, "exam submit prompt");
    assert!(
        submit.contains("Submit the exam?") && submit.contains("S or y submits"),
        "{submit}"
    );
    let leave = footer(&all, "exam leave prompt");
    assert!(
        leave.contains("Leave the exam?") && leave.contains(" y "),
        "{leave}"
    );
}

#[test]
fn the_current_step_wraps_whole_at_80x24() {
    let mut a = app();
    key(&mut a, KeyCode::Char('5'));
    for _ in 0..3 {
        key(&mut a, KeyCode::Right); // step 4: the primary's addresses
    }
    let shown = rows(&a, 80, 24).join("\n");
    let step = shown
        .split("▶  4.")
        .nth(1)
        .unwrap_or_else(|| panic!("step 4 is current:\n{shown}"));
    let words: String = step
        .lines()
        .take(3)
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("198.51.100.25, 2001:db8:25::25"),
        "the IPv6 address whole:\n{shown}"
    );
    let after = shown.split("▶  4.").nth(1).unwrap_or_default();
    assert!(
        after.contains("   5."),
        "the next step still in view:\n{shown}"
    );
}

#[test]
fn the_topology_keeps_every_address_whole_at_80x24() {
    let mut a = app();
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::Char('s')); // the primary down: its wires say "refused"
    key(&mut a, KeyCode::End);
    let shown = rows(&a, 80, 24);
    for address in ["198.51.100.25", "2001:db8:25::25", "2001:db8:26::25"] {
        assert!(
            shown.iter().any(|r| r.contains(&format!("▶ {address}"))),
            "{address} whole:\n{}",
            shown.join("\n")
        );
    }
}
