//! Screens on ratatui's TestBackend: snapshots at 80×24 and 120×40, styles where
//! colour carries meaning, keys driven through `update`.

use mxdrill::content::{self, Source};
use mxdrill::quiz::Mode;
use mxdrill::tui::keys::Action;
use mxdrill::tui::{App, Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

/// The bundled zones and a small, fixed bank, so that screens do not change when
/// the bundled questions do.
fn app(color: bool) -> App {
    let mut sources: Vec<Source> = content::bundled_sources()
        .into_iter()
        .filter(|s| s.path.starts_with("zones/"))
        .collect();
    sources.extend(
        content::read_sources(std::path::Path::new("tests/fixtures/tui/bank.yaml")).expect("bank"),
    );
    App::new(content::load(&sources), Theme { color }, 1_795_827_205, 41)
}

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    terminal
}

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

/// Starts practice with the questions in authored order.
fn practice() -> App {
    let mut a = app(true);
    a.update(Action::Enter);
    // Practice shuffles questions; walk to the choice question for a stable screen.
    let q = a.quiz.as_mut().expect("a session");
    let first = q
        .session
        .items
        .iter()
        .position(|i| i.id == "pick-the-record")
        .expect("the choice question");
    q.session.go(first);
    a
}

#[test]
fn home() {
    snap("home", &app(true));
}

#[test]
fn question_and_feedback() {
    let mut a = practice();
    snap("question", &a);
    a.update(Action::Choose(0)); // A: wrong
    snap("feedback", &a);
}

#[test]
fn right_and_wrong_are_marked_by_symbol_and_colour() {
    let mut a = practice();
    a.update(Action::Choose(0));
    let t = render(&a, 120, 40);
    let buffer = t.backend().buffer();
    let find = |symbol: &str| {
        buffer
            .content()
            .iter()
            .find(|c| c.symbol() == symbol)
            .map(|c| c.fg)
    };
    assert_eq!(find("✗"), Some(Color::Red));
    assert_eq!(find("✓"), Some(Color::Green));
    // NO_COLOR: the same symbols, no colour at all.
    let mut mono = app(false);
    mono.update(Action::Enter);
    let q = mono.quiz.as_mut().expect("a session");
    let first = q
        .session
        .items
        .iter()
        .position(|i| i.id == "pick-the-record")
        .expect("question");
    q.session.go(first);
    mono.update(Action::Choose(0));
    let t = render(&mono, 120, 40);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.symbol() == "✗")
    );
}

#[test]
fn exam_and_results() {
    let mut a = app(true);
    a.start(Mode::Exam, false);
    snap("exam", &a);
    a.update(Action::Flag);
    a.update(Action::Submit);
    a.update(Action::Submit);
    snap("results", &a);
}

#[test]
fn help_overlay() {
    let mut a = app(true);
    a.update(Action::Help);
    snap("help", &a);
    a.update(Action::Back);
    assert!(!a.help);
}

#[test]
fn a_tiny_terminal_asks_to_be_enlarged() {
    let t = render(&app(true), 30, 8);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("Please enlarge"));
    render(&app(true), 1, 1);
}

#[test]
fn an_exam_ends_when_its_time_is_up() {
    let mut a = app(true);
    a.start(Mode::Exam, false);
    a.tick(1_795_827_205 + 60 * 3);
    assert_eq!(a.screen, mxdrill::tui::Screen::Results);
}

#[test]
fn simulator_animates_by_ticks_and_replays_what_ifs() {
    let mut a = app(true);
    a.update(Action::Choose(4));
    assert_eq!(a.screen, mxdrill::tui::Screen::Simulator);
    a.update(Action::CycleState); // mail.petalmail.example: down
    a.update(Action::Restart);
    assert!(a.animating());
    while a.animating() {
        a.animate();
    }
    let sim = a.sim.as_ref().expect("simulator");
    assert_eq!(sim.shown, sim.steps());
    assert_eq!(
        sim.trace
            .as_ref()
            .and_then(|t| t.outcome.host.clone())
            .as_deref(),
        Some("backupmail.petalmail.example")
    );
    snap("simulator", &a);
}

#[test]
fn lab_console_runs_commands_with_history() {
    let mut a = app(true);
    a.update(Action::Choose(5));
    assert_eq!(a.screen, mxdrill::tui::Screen::Lab);
    assert!(a.typing());
    for c in "dig +short blossomflowers.example MX".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Enter);
    assert!(a.lab.output.contains("10 mail.petalmail.example."));
    a.update(Action::Up);
    assert_eq!(a.lab.input, "dig +short blossomflowers.example MX");
    a.update(Action::Down);
    assert_eq!(a.lab.input, "");
    snap("lab", &a);
}

#[test]
fn stats_show_the_sessions_of_the_run() {
    let mut a = practice();
    a.update(Action::Choose(1)); // MX: right
    a.update(Action::Back);
    a.update(Action::Choose(6));
    assert_eq!(a.screen, mxdrill::tui::Screen::Stats);
    assert_eq!((a.history.total.correct, a.history.total.answered), (1, 1));
    snap("stats", &a);
}

#[test]
fn presenter_mode_shows_big_text_and_the_step_caption() {
    let mut a = app(true);
    assert!(a.present(Some("blossomflowers.example")));
    a.update(Action::Next);
    a.update(Action::Next);
    snap("presenter", &a);
    let mut b = app(true);
    assert!(!b.present(Some("nosuch.example")));
}

#[test]
fn clicks_select_menu_items_and_choices() {
    let mut a = app(true);
    a.width = 120;
    a.click(mxdrill::tui::view::first_menu_row() + 4);
    assert_eq!(a.screen, mxdrill::tui::Screen::Simulator);
    let mut p = practice();
    p.width = 120;
    p.click(1 + 1 + 1 + 1); // header, one prompt line, a blank line: the second choice
    let q = p.quiz.as_ref().expect("session");
    assert_eq!(
        q.session.verdicts[q.session.current]
            .as_ref()
            .map(|v| v.correct),
        Some(true),
        "MX clicked"
    );
}

#[test]
fn order_and_command_questions() {
    let mut a = app(true);
    a.update(Action::Enter);
    let find = |a: &App, id: &str| {
        a.quiz
            .as_ref()
            .expect("session")
            .session
            .items
            .iter()
            .position(|i| i.id == id)
            .expect(id)
    };
    let order = find(&a, "order-blossom");
    a.goto(order);
    a.update(Action::MoveDown);
    snap("order", &a);
    let command = find(&a, "command-mx");
    a.goto(command);
    assert!(a.typing());
    for c in "host -t mx blossomflowers.example".chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Enter);
    snap("command", &a);
}

#[test]
fn the_exam_navigator_marks_answered_and_flagged_questions() {
    let mut a = app(true);
    a.start(Mode::Exam, false);
    a.update(Action::Flag);
    a.update(Action::Next);
    let t = render(&a, 120, 40);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("1⚑") && text.contains("2·"), "{text}");
}

#[test]
fn a_predict_or_order_question_opens_its_delivery_in_the_simulator() {
    let mut a = app(true);
    a.update(Action::Enter);
    let order = a
        .quiz
        .as_ref()
        .expect("session")
        .session
        .items
        .iter()
        .position(|i| i.id == "order-blossom")
        .expect("order");
    a.goto(order);
    a.update(Action::Enter); // answer as shown
    a.update(Action::Replay);
    assert_eq!(a.screen, mxdrill::tui::Screen::Simulator);
    assert_eq!(
        a.sim.as_ref().map(|s| s.recipient()).as_deref(),
        Some("info@blossomflowers.example")
    );
}

#[test]
fn typed_commands_have_a_history() {
    let mut a = app(true);
    a.update(Action::Enter);
    let command = a
        .quiz
        .as_ref()
        .expect("session")
        .session
        .items
        .iter()
        .position(|i| i.id == "command-mx")
        .expect("command");
    a.lab.history.push("dig blossomflowers.example NS".into());
    a.goto(command);
    a.update(Action::Up);
    assert_eq!(
        a.quiz.as_ref().map(|q| q.input.clone()).as_deref(),
        Some("dig blossomflowers.example NS")
    );
}

#[test]
fn answers_go_to_the_progress_store_and_the_stats_screen_reads_it() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = practice();
    a.store = Some(
        mxdrill::progress::Store::open(dir.path(), 1_795_827_205, 1)
            .expect("store")
            .store,
    );
    a.update(Action::Choose(1)); // MX: right
    let store = a.store.as_ref().expect("store");
    assert_eq!(
        store.progress.entries["screens/pick-the-record"].correct(),
        1
    );
    let on_disk = mxdrill::progress::Store::open(dir.path(), 1_795_827_205, 2)
        .expect("reopen")
        .store;
    assert_eq!(on_disk.progress.entries.len(), 1, "written at once");
    a.update(Action::Back);
    a.update(Action::Choose(6));
    let t = render(&a, 120, 40);
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(
        text.contains("Answers per day") && text.contains("1-day streak"),
        "{text}"
    );
}

#[test]
fn the_lab_console_starts_the_server_and_presenter_edits_are_served_at_once() {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .expect("port");
    let mut a = app(true);
    a.update(Action::Choose(5));
    for c in format!("serve {port}").chars() {
        a.update(Action::Type(c));
    }
    a.update(Action::Enter);
    assert!(a.lab_server.is_some(), "{}", a.lab.output);
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
    // Presenter what-if: remove the primary's MX record; the server answers the change.
    assert!(a.present(Some("blossomflowers.example")));
    a.update(Action::RemoveMx);
    assert_eq!(a.sim.as_ref().map(|s| s.hosts.len()), Some(1));
    assert_eq!(ask(), 1);
    a.update(Action::RaisePreference);
    assert_eq!(
        a.sim.as_ref().and_then(|s| s.hosts.first().map(|h| h.0)),
        Some(30)
    );
    a.poll_lab();
    assert!(
        a.lab_log
            .iter()
            .any(|l| l.contains("blossomflowers.example. MX NOERROR")),
        "{:?}",
        a.lab_log
    );
}
