//! Screens on ratatui's TestBackend: snapshots at 80×24 and 120×40, styles where
//! colour carries meaning. Every test drives the app the way a learner does: key
//! events through the one key table (and mouse clicks), never internal actions.

use mxdrill::content::{self};
use mxdrill::quiz::Mode;
use mxdrill::tui::{App, Screen, Theme};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;

#[path = "common/screen.rs"]
mod screen;
use screen::{NOW, SIZES, key, render, spec, text, typed};

/// The bundled zones and a small, fixed bank.
fn app(color: bool) -> App {
    screen::app_with("tests/fixtures/tui/bank.yaml", color)
}

fn snap(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// A session of one kind, as `mxdrill practice --kind KIND` starts it.
fn session(mode: Mode, kind: Option<mxdrill::content::bank::Kind>) -> App {
    let mut a = app(true);
    a.start(&spec(mode, kind, 7)).expect("a session");
    a
}

fn practice(kind: mxdrill::content::bank::Kind) -> App {
    session(Mode::Practice, Some(kind))
}

use mxdrill::content::bank::Kind;

#[test]
fn home() {
    snap("home", &app(true));
}

#[test]
fn question_and_feedback() {
    let mut a = practice(Kind::Choice);
    snap("question", &a);
    key(&mut a, KeyCode::Char('1')); // A: wrong
    snap("feedback", &a);
}

#[test]
fn the_home_menu_opens_practice_by_keys() {
    let mut a = app(true);
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen(), Screen::Quiz);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    assert!(text(&a, 120, 40).contains("Review · question 1/"));
}

#[test]
fn right_and_wrong_are_marked_by_symbol_and_colour() {
    let mut a = practice(Kind::Choice);
    key(&mut a, KeyCode::Char('1'));
    let t = render(&a, 120, 40);
    let find = |symbol: &str| {
        t.backend()
            .buffer()
            .content()
            .iter()
            .find(|c| c.symbol() == symbol)
            .map(|c| c.fg)
    };
    assert_eq!(find("✗"), Some(Color::Red));
    assert_eq!(find("✓"), Some(Color::Green));
    // NO_COLOR: the same symbols, no colour at all.
    let mut mono = app(false);
    let spec = spec(Mode::Practice, Some(Kind::Choice), 3);
    mono.start(&spec).expect("session");
    key(&mut mono, KeyCode::Char('1'));
    let t = render(&mono, 120, 40);
    let cells = t.backend().buffer().content();
    assert!(
        cells
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(cells.iter().any(|c| c.symbol() == "✗"));
}

#[test]
fn exam_and_results() {
    let mut a = session(Mode::Exam, None);
    snap("exam", &a);
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Char('S'));
    key(&mut a, KeyCode::Char('S'));
    assert_eq!(a.screen(), Screen::Results);
    snap("results", &a);
}

#[test]
fn help_overlay() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('?'));
    snap("help", &a);
    key(&mut a, KeyCode::Esc);
    assert!(!text(&a, 80, 24).contains("Keys — ?"));
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    assert!(text(&app(true), 30, 8).contains("Please"));
    render(&app(true), 1, 1);
}

#[test]
fn an_exam_ends_when_its_time_is_up() {
    let mut a = session(Mode::Exam, None);
    a.tick(NOW + 60 * 3);
    assert_eq!(a.screen(), Screen::Results);
}

#[test]
fn simulator_animates_by_ticks_and_replays_what_ifs() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('5'));
    assert_eq!(a.screen(), Screen::Simulator);
    key(&mut a, KeyCode::Char('s')); // mail.petalmail.example: down
    key(&mut a, KeyCode::Char('r'));
    assert!(a.animating());
    while a.animating() {
        a.animate();
    }
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("Delivered to backupmail.petalmail.example"),
        "{shown}"
    );
    snap("simulator", &a);
}

#[test]
fn end_jumps_to_the_outcome() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('5'));
    key(&mut a, KeyCode::End);
    assert!(text(&a, 120, 40).contains("Delivered to mail.petalmail.example"));
}

#[test]
fn lab_console_runs_commands_with_history() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('6'));
    assert_eq!(a.screen(), Screen::Lab);
    assert!(a.typing());
    typed(&mut a, "dig +short blossomflowers.example MX");
    key(&mut a, KeyCode::Enter);
    assert!(text(&a, 120, 40).contains("10 mail.petalmail.example."));
    key(&mut a, KeyCode::Up);
    assert!(text(&a, 120, 40).contains("$ dig +short blossomflowers.example MX"));
    key(&mut a, KeyCode::Down);
    snap("lab", &a);
}

#[test]
fn stats_show_the_sessions_of_the_run() {
    let mut a = practice(Kind::Choice);
    key(&mut a, KeyCode::Char('2')); // MX: right
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('7'));
    assert_eq!(a.screen(), Screen::Stats);
    assert!(text(&a, 120, 40).contains("Answered 1 · right 1 (100%)"));
    snap("stats", &a);
}

#[test]
fn presenter_mode_shows_big_text_and_the_step_caption() {
    let mut a = app(true);
    assert!(a.present(Some("blossomflowers.example")));
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Right);
    snap("presenter", &a);
    let mut b = app(true);
    assert!(!b.present(Some("nosuch.example")));
}

#[test]
fn clicks_select_menu_items_and_choices() {
    // One click selects, a second opens or chooses (a stray click launches nothing).
    let mut a = app(true);
    a.resize_to(120, 40);
    a.click(mxdrill::tui::app::FIRST_MENU_ROW + 4);
    assert_eq!(a.screen(), Screen::Home);
    a.click(mxdrill::tui::app::FIRST_MENU_ROW + 4);
    assert_eq!(a.screen(), Screen::Simulator);
    let mut p = practice(Kind::Choice);
    p.resize_to(120, 40);
    p.click(1 + 1 + 1 + 1); // header, one prompt line, a blank line: the second choice
    assert!(!text(&p, 120, 40).contains("Correct"), "only selected");
    p.click(1 + 1 + 1 + 1);
    assert!(text(&p, 120, 40).contains("✓ Correct"), "MX clicked");
}

#[test]
fn order_and_command_questions() {
    let mut a = practice(Kind::Order);
    key(&mut a, KeyCode::Char('J'));
    snap("order", &a);
    let mut c = practice(Kind::Command);
    assert!(c.typing());
    typed(&mut c, "host -t mx blossomflowers.example");
    key(&mut c, KeyCode::Enter);
    snap("command", &c);
}

#[test]
fn a_command_that_does_not_run_is_refused_not_graded() {
    let mut c = practice(Kind::Command);
    typed(&mut c, "dgi blossomflowers.example MX");
    key(&mut c, KeyCode::Enter);
    let shown = text(&c, 120, 40);
    assert!(shown.contains("that command does not run"), "{shown}");
    assert!(c.typing(), "the learner can retype it");
}

#[test]
fn the_exam_navigator_marks_answered_and_flagged_questions() {
    let mut a = session(Mode::Exam, None);
    key(&mut a, KeyCode::Char('f'));
    key(&mut a, KeyCode::Right);
    let shown = text(&a, 120, 40);
    assert!(shown.contains("1⚑") && shown.contains("2·"), "{shown}");
}

#[test]
fn a_predict_or_order_question_opens_its_delivery_in_the_simulator() {
    let mut a = practice(Kind::Order);
    key(&mut a, KeyCode::Enter); // answer as shown
    key(&mut a, KeyCode::Char('v'));
    assert_eq!(a.screen(), Screen::Simulator);
    assert!(text(&a, 120, 40).contains("postmaster@blossomflowers.example"));
}

#[test]
fn esc_from_the_simulator_opened_by_v_returns_to_the_same_question_in_practice_and_review() {
    for mode in [Mode::Practice, Mode::Review] {
        let mut a = session(mode, Some(Kind::Order));
        key(&mut a, KeyCode::Enter); // answered as shown: the feedback shows
        let feedback = text(&a, 80, 24);
        key(&mut a, KeyCode::Char('v'));
        assert_eq!(a.screen(), Screen::Simulator, "{mode:?}");
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screen(), Screen::Quiz, "{mode:?}: back to the question");
        assert_eq!(text(&a, 80, 24), feedback, "{mode:?}: the same question");
        key(&mut a, KeyCode::Esc);
        assert_eq!(a.screen(), Screen::Home, "{mode:?}: Esc then leaves");
    }
}

/// The footer never offers S (submit) while keys go into the command line.
fn assert_no_submit_while_typing(a: &App) {
    let shown = text(a, 120, 40);
    let footer = shown.lines().last().unwrap_or_default();
    assert!(
        !(a.typing() && footer.contains("S ")),
        "S offered while typed into the line:\n{shown}"
    );
}

#[test]
fn an_answered_command_in_an_exam_is_locked_until_enter_or_e() {
    // The last question answered: S submits, it is not typed into the line.
    let mut one = session(Mode::Exam, Some(Kind::Command));
    assert!(one.typing(), "an unanswered command takes keys");
    typed(&mut one, "dig blossomflowers.example MX");
    key(&mut one, KeyCode::Enter);
    assert_no_submit_while_typing(&one);
    assert!(!one.typing(), "the answered command is locked");
    key(&mut one, KeyCode::Char('S'));
    assert_eq!(one.screen(), Screen::Results, "S submitted the exam");

    // Back on an answered command in a whole exam, exam keys are keys.
    let mut a = session(Mode::Exam, None);
    let prompt = "Type a command that shows where mail";
    for _ in 0..30 {
        if text(&a, 120, 40).contains(prompt) {
            break;
        }
        key(&mut a, KeyCode::Right);
    }
    typed(&mut a, "dig blossomflowers.example MX");
    key(&mut a, KeyCode::Enter); // answered: on to the next (or the offer to submit)
    assert_no_submit_while_typing(&a);
    if !text(&a, 120, 40).contains(prompt) {
        key(&mut a, KeyCode::Char('h'));
    }
    assert!(text(&a, 120, 40).contains(prompt), "back on the command");
    assert!(
        !a.typing(),
        "an answered command is locked when navigated back to"
    );
    for c in ['f', 'f', 'h', 'l'] {
        key(&mut a, KeyCode::Char(c));
    }
    for _ in 0..30 {
        if text(&a, 120, 40).contains(prompt) {
            break;
        }
        key(&mut a, KeyCode::Char('l'));
    }
    let shown = text(&a, 120, 40);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("$ dig blossomflowers.example MX ")),
        "exam keys never reach the saved answer:\n{shown}"
    );
    assert!(shown.contains("Enter or e: edit"), "{shown}");
    key(&mut a, KeyCode::Char('e'));
    assert!(a.typing(), "e edits it");
    assert_no_submit_while_typing(&a);
    key(&mut a, KeyCode::Esc);
    assert!(!a.typing());
    key(&mut a, KeyCode::Enter);
    assert!(a.typing(), "Enter edits it too");
}

#[test]
fn typed_commands_have_a_history() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('6'));
    typed(&mut a, "dig blossomflowers.example NS");
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Esc);
    let spec = spec(Mode::Practice, Some(Kind::Command), 3);
    a.start(&spec).expect("session");
    key(&mut a, KeyCode::Up);
    assert!(text(&a, 120, 40).contains("$ dig blossomflowers.example NS"));
}

#[test]
fn answers_go_to_the_progress_store_and_the_stats_screen_reads_it() {
    let dir = tempfile::tempdir().expect("dir");
    let store = mxdrill::progress::Store::open(dir.path(), NOW, 1)
        .expect("store")
        .store;
    let mut a = app(true).with_store(Some(store), None);
    let spec = spec(Mode::Practice, Some(Kind::Choice), 3);
    a.start(&spec).expect("session");
    key(&mut a, KeyCode::Char('2')); // MX: right
    let store = a.store().expect("store");
    assert_eq!(
        store.progress.entries["screens/pick-the-record"].correct(),
        1
    );
    let on_disk = mxdrill::progress::Store::open(dir.path(), NOW, 2)
        .expect("reopen")
        .store;
    assert_eq!(on_disk.progress.entries.len(), 1, "written at once");
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('7'));
    let shown = text(&a, 120, 40);
    assert!(
        shown.contains("Answers per day") && shown.contains("1-day streak"),
        "{shown}"
    );
}

#[test]
fn a_wrong_answer_is_due_and_comes_back_first_in_review() {
    let dir = tempfile::tempdir().expect("dir");
    let store = mxdrill::progress::Store::open(dir.path(), NOW, 1)
        .expect("store")
        .store;
    let mut a = app(true).with_store(Some(store), None);
    let spec = spec(Mode::Practice, Some(Kind::Choice), 3);
    a.start(&spec).expect("session");
    key(&mut a, KeyCode::Char('1')); // A: wrong
    key(&mut a, KeyCode::Esc);
    assert!(text(&a, 120, 40).contains("1 question due for review"));
    key(&mut a, KeyCode::Char('3')); // Review
    assert!(
        text(&a, 120, 40).contains("Which DNS record"),
        "the wrong one first"
    );
}

#[test]
fn the_lab_console_starts_the_server_and_presenter_edits_are_served_at_once() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('6'));
    // Port 0: a free port, which the console names.
    typed(&mut a, "serve 0");
    key(&mut a, KeyCode::Enter);
    assert!(a.serving(), "{}", text(&a, 120, 40));
    let shown = text(&a, 120, 40);
    let port: u16 = shown
        .split("Lab server running on 127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("the port it got: {shown}"));
    assert_ne!(port, 0);
    assert!(
        shown.contains(&format!("dig @127.0.0.1 -p {port} ")),
        "{shown}"
    );
    let ask = || {
        use hickory_proto::op::{Message, Query};
        let mut q = Message::query();
        q.metadata.id = 1;
        q.add_query(Query::query(
            "blossomflowers.example.".parse().expect("name"),
            hickory_proto::rr::RecordType::MX,
        ));
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("client");
        socket
            .set_read_timeout(Some(std::time::Duration::from_secs(2)))
            .expect("timeout");
        socket
            .send_to(&q.to_vec().expect("encode"), ("127.0.0.1", port))
            .expect("send");
        let mut buf = [0u8; 2048];
        let (n, _) = socket.recv_from(&mut buf).expect("an answer");
        Message::from_vec(&buf[..n]).expect("decodes").answers.len()
    };
    assert_eq!(ask(), 2);
    // Presenter what-if by keys: x removes the primary's MX record; the server
    // answers the change at once.
    assert!(a.present(Some("blossomflowers.example")));
    key(&mut a, KeyCode::Char('x'));
    let shown = text(&a, 120, 40);
    assert!(!shown.contains("preference 10") && !shown.contains(" mail.petalmail.example"));
    assert_eq!(ask(), 1);
    key(&mut a, KeyCode::Char('+'));
    assert!(text(&a, 120, 40).contains("preference 30"));
    key(&mut a, KeyCode::Char('-'));
    key(&mut a, KeyCode::Char('-'));
    assert!(text(&a, 120, 40).contains("preference 10"));
    a.poll_lab();
    let mut b = app(true);
    assert!(b.present(Some("blossomflowers.example")));
    key(&mut b, KeyCode::End);
    assert!(text(&b, 120, 40).contains("Delivered to mail.petalmail.example"));
}

#[test]
fn b_on_home_scopes_sessions_to_one_bank() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('b'));
    assert!(text(&a, 100, 30).contains("Bank screens: 3 questions"));
    key(&mut a, KeyCode::Enter);
    assert_eq!(a.screen(), Screen::Quiz);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Char('b'));
    assert!(text(&a, 100, 30).contains("3 questions in 1 bank"));
}

#[test]
fn a_predict_question_shows_its_scenario_and_after_the_answer_its_delivery() {
    let mut sources = content::bundled_sources();
    sources.retain(|s| !s.path.starts_with("questions/") || s.path.contains("delivery"));
    let library = content::load(&sources);
    let mut a = App::new(
        library,
        Theme {
            color: true,
            ascii: false,
        },
        NOW,
        41,
    );
    let spec = spec(Mode::Practice, Some(Kind::Predict), 3);
    a.start(&spec).expect("a predict session");
    let before = text(&a, 120, 40);
    assert!(
        before.contains("Message to ") && before.contains("sending MTA"),
        "{before}"
    );
    key(&mut a, KeyCode::Char('1'));
    let after = text(&a, 120, 40);
    assert!(after.contains("The delivery (profile"), "{after}");
}

/// Issue 24 #8: at 80×24 a command is echoed and its answer shown from the start,
/// where dig prints `status:` and `flags:` (REFUSED for a typo too); PgDn reaches its end.
#[test]
fn the_lab_console_echoes_the_command_and_keeps_the_start_of_the_answer_in_view() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('6'));
    typed(&mut a, "dig blossomflowers.example MX");
    key(&mut a, KeyCode::Enter);
    let shown = text(&a, 80, 24);
    for want in [
        "$ dig blossomflowers.example MX",
        "status: NOERROR",
        ";; flags: qr aa rd",
    ] {
        assert!(shown.contains(want), "{want} at 80×24:\n{shown}");
    }
    assert!(!shown.contains("MSG SIZE"), "the end waits below:\n{shown}");
    for _ in 0..3 {
        key(&mut a, KeyCode::PageDown);
    }
    let end = text(&a, 80, 24);
    assert!(end.contains("MSG SIZE"), "PgDn reaches the end:\n{end}");
    typed(&mut a, "dig blossomflowers.exmaple MX");
    key(&mut a, KeyCode::Enter);
    let typo = text(&a, 80, 24);
    for want in [
        "$ dig blossomflowers.exmaple MX",
        "status: REFUSED",
        ";; flags:",
    ] {
        assert!(typo.contains(want), "{want} at 80×24:\n{typo}");
    }
}

/// Issue 24 #7: the lab console runs Windows PowerShell's `Resolve-DnsName` (which
/// command questions accept) and prints what PowerShell prints, at 80×24.
#[test]
fn the_lab_console_runs_resolve_dnsname_as_powershell_prints_it() {
    let mut a = app(true);
    key(&mut a, KeyCode::Char('6'));
    assert!(
        text(&a, 80, 24).contains("Resolve-DnsName"),
        "the hints name it"
    );
    typed(&mut a, "Resolve-DnsName blossomflowers.example -Type MX");
    key(&mut a, KeyCode::Enter);
    let shown = text(&a, 80, 24);
    assert!(!shown.contains("not a lookup tool"), "{shown}");
    for want in [
        "$ Resolve-DnsName blossomflowers.example -Type MX",
        "NameExchange",
        "blossomflowers.example                   MX     ",
        "mail.petalmail.example",
    ] {
        assert!(shown.contains(want), "{want} at 80×24:\n{shown}");
    }
    typed(&mut a, "resolve-dnsname nosuch.blossomflowers.example");
    key(&mut a, KeyCode::Enter);
    let missing = text(&a, 80, 24);
    assert!(
        missing.contains("Resolve-DnsName : nosuch.blossomflowers.example : DNS name does not"),
        "{missing}"
    );
    // A command question's input line names it too.
    let q = practice(Kind::Command);
    let asked = text(&q, 80, 24);
    assert!(asked.contains("host or Resolve-DnsName"), "{asked}");
}

/// The questions home counts per category (the number ending each category line).
fn held_on_home(a: &App) -> usize {
    let shown = text(a, 120, 40);
    let start = shown
        .lines()
        .position(|l| l.contains("Questions by category"))
        .unwrap_or_else(|| panic!("category lines:\n{shown}"));
    shown
        .lines()
        .skip(start + 1)
        .take(mxdrill::content::bank::Category::ALL.len())
        .map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let n = words.len().saturating_sub(2);
            words
                .get(n)
                .and_then(|w| w.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("a count ends {l:?}"))
        })
        .sum()
}

/// Issue 24 defect 11: choosing a bank with `b` counts that bank's questions per
/// category on home, as its sessions will draw them.
#[test]
fn b_on_home_counts_the_chosen_banks_questions_per_category() {
    let library = content::load(&content::bundled_sources());
    let total: usize = library.banks.iter().map(|b| b.questions.len()).sum();
    let first = library.banks[0].questions.len();
    assert!(first < total, "the bundled banks are more than one");
    let mut a = App::new(
        library,
        Theme {
            color: false,
            ascii: false,
        },
        NOW,
        41,
    );
    assert_eq!(held_on_home(&a), total);
    key(&mut a, KeyCode::Char('b'));
    assert_eq!(held_on_home(&a), first, "{}", text(&a, 120, 40));
}
