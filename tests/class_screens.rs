//! The class session's screens and hub (issue 28) without sockets: an in-memory
//! transport, students' bytes read back through a vt100 parser, the projector on
//! ratatui's TestBackend.

use mxdrill::content::bank::Kind;
use mxdrill::play::SessionSpec;
use mxdrill::play::class::join_lines;
use mxdrill::play::class::{Class, MAX_STUDENTS};
use mxdrill::quiz::{Filter, Mode, Score};
use mxdrill::tui::Theme;
use mxdrill::tui::class::{Arrival, Hub, Transport};
use mxdrill::tui::class_projector::Room;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A transport in memory: events to hand the hub, and what it sent and closed.
#[derive(Default)]
struct Fake {
    events: VecDeque<Arrival>,
    screens: BTreeMap<u64, vt100::Parser>,
    sent: BTreeMap<u64, usize>,
    closed: BTreeMap<u64, String>,
    /// Connections whose sends fail (a dropped or too slow student).
    broken: BTreeSet<u64>,
}

impl Transport for Fake {
    fn try_next(&mut self) -> Option<Arrival> {
        self.events.pop_front()
    }

    fn send(&mut self, conn: u64, bytes: Vec<u8>) -> bool {
        if self.broken.contains(&conn) {
            return false;
        }
        *self.sent.entry(conn).or_default() += bytes.len();
        self.screens
            .entry(conn)
            .or_insert_with(|| vt(24, 80))
            .process(&bytes);
        true
    }

    fn close(&mut self, conn: u64, last_words: Vec<u8>) {
        self.closed
            .insert(conn, String::from_utf8_lossy(&last_words).into_owned());
    }
}

fn vt(rows: u16, cols: u16) -> vt100::Parser {
    let n = |v| std::num::NonZeroU16::new(v).expect("not zero");
    vt100::Parser::new(n(rows), n(cols), 0)
}

const THEME: Theme = Theme {
    color: true,
    ascii: false,
};

/// Three questions of `kind` from the bundled banks, seed 3, in a hub.
fn hub(kind: Kind) -> Hub {
    hub_with(kind, None, MAX_STUDENTS)
}

/// The same with a timer and a number of seats.
fn hub_with(kind: Kind, timer: Option<u64>, seats: usize) -> Hub {
    let library = mxdrill::content::load(&mxdrill::content::bundled_sources());
    let spec = SessionSpec {
        filter: Filter {
            kind: Some(kind),
            ..Filter::default()
        },
        count: Some(3),
        ..SessionSpec::new(Mode::Practice, 3)
    };
    let study = spec
        .start(&library, None, &Score::default(), 0)
        .expect("questions");
    let class = Class::new(study.session.items, timer, seats);
    let room = Room {
        joins: join_lines(
            "0.0.0.0:2222".parse().expect("address"),
            &[
                "127.0.0.1".parse().expect("ip"),
                "192.0.2.10".parse().expect("ip"),
            ],
        ),
        code: "4321".into(),
        ..Room::default()
    };
    Hub::new(class, library, room, THEME, 0)
}

/// Hands the hub every waiting event, then flushes.
fn pump(hub: &mut Hub, t: &mut Fake, now: u64) {
    while let Some(e) = t.try_next() {
        hub.arrive(e, now);
    }
    hub.tick(now);
    hub.flush(t, now);
}

fn join(t: &mut Fake, conn: u64, name: &str) {
    t.events.push_back(Arrival::Joined {
        conn,
        peer: "127.0.0.1:50000".parse().expect("address"),
        name: name.into(),
        cols: 80,
        rows: 24,
    });
}

fn keys(t: &mut Fake, conn: u64, bytes: &[u8]) {
    t.events.push_back(Arrival::Keys {
        conn,
        bytes: bytes.to_vec(),
    });
}

fn screen(t: &Fake, conn: u64) -> String {
    t.screens
        .get(&conn)
        .map(|p| p.screen().contents())
        .unwrap_or_default()
}

fn projector(hub: &mut Hub, w: u16, h: u16, now: u64) -> (String, ratatui::buffer::Buffer) {
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    term.draw(|f| hub.draw(f, now)).expect("drawn");
    let buffer = term.backend().buffer().clone();
    let text = (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    (text, buffer)
}

fn enter(hub: &mut Hub, now: u64) {
    hub.instructor(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), now);
}

fn key(hub: &mut Hub, c: char, now: u64) {
    hub.instructor(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), now);
}

/// The digit key of option `j`, right and wrong answers of the current question.
fn right_and_wrong(hub: &Hub) -> (u8, u8) {
    let item = hub.class().item().expect("a question");
    let right = item.answer.right_options()[0];
    let wrong = (right + 1) % item.options.len();
    (b'1' + right as u8, b'1' + wrong as u8)
}

/// The header and footer rows of the projector end whole (never in `…`).
fn fits(text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for l in [lines[0], lines[lines.len() - 1], lines[lines.len() - 2]] {
        assert!(!l.ends_with('…'), "cut: {l:?}\n{text}");
    }
}

#[test]
fn two_students_answer_and_the_reveal_shows_the_chart() {
    let mut hub = hub(Kind::Choice);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    join(&mut t, 2, "ben");
    pump(&mut hub, &mut t, 0);
    let (lobby, _) = projector(&mut hub, 80, 24, 0);
    assert!(lobby.contains("2 joined"), "{lobby}");
    assert!(lobby.contains("ssh -p 2222 NAME@127.0.0.1"), "{lobby}");
    assert!(screen(&t, 1).contains("Welcome ana"), "{}", screen(&t, 1));
    fits(&lobby);
    insta::assert_snapshot!("lobby_80x24", lobby);
    insta::assert_snapshot!("lobby_120x40", projector(&mut hub, 120, 40, 0).0);

    enter(&mut hub, 1);
    pump(&mut hub, &mut t, 1);
    for conn in [1, 2] {
        assert!(
            screen(&t, conn).contains("question 1/3"),
            "{}",
            screen(&t, conn)
        );
    }
    let (open, _) = projector(&mut hub, 80, 24, 1);
    assert!(open.contains("0/2 answered"), "{open}");
    fits(&open);
    insta::assert_snapshot!("open_80x24", open);
    insta::assert_snapshot!("open_120x40", projector(&mut hub, 120, 40, 1).0);
    insta::assert_snapshot!("student_open_80x24", screen(&t, 1));

    let (right, wrong) = right_and_wrong(&hub);
    keys(&mut t, 1, &[right]);
    // ben moves down to the wrong option and sends it with Enter.
    let mut moves = b"\x1b[A".repeat(9);
    moves.extend(b"\x1b[B".repeat(usize::from(wrong - b'1')));
    moves.push(b'\r');
    keys(&mut t, 2, &moves);
    pump(&mut hub, &mut t, 2);
    assert!(screen(&t, 2).contains("answer sent"), "{}", screen(&t, 2));
    let (answered, _) = projector(&mut hub, 80, 24, 2);
    assert!(answered.contains("2/2 answered"), "{answered}");

    enter(&mut hub, 3);
    pump(&mut hub, &mut t, 3);
    assert!(screen(&t, 1).contains("answers are closed"));
    enter(&mut hub, 4);
    pump(&mut hub, &mut t, 4);
    assert!(screen(&t, 1).contains("✓ Right!"), "{}", screen(&t, 1));
    assert!(
        screen(&t, 2).contains("✗ Not this time."),
        "{}",
        screen(&t, 2)
    );
    let (shown, buffer) = projector(&mut hub, 80, 24, 4);
    assert!(shown.contains("2 answered · 1 right"), "{shown}");
    fits(&shown);
    // The right answer's bar: its mark ✓ and the right answer's style (green,
    // bold), the mark first, so colour is never the only signal.
    let text = |y: u16| {
        (0..80u16)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect::<String>()
    };
    let marked: Vec<u16> = (0..24u16)
        .filter(|&y| buffer[(0, y)].symbol() == "✓")
        .collect();
    assert!(
        text(marked[0]).contains(&format!("{}. ", right - b'0')),
        "{}",
        text(marked[0])
    );
    let y = *marked
        .iter()
        .find(|&&y| text(y).contains('█'))
        .expect("the right answer's bar, marked");
    assert!(text(y).contains("1 ( 50 %)"), "{}", text(y));
    let bar_x = (0..80u16)
        .find(|&x| buffer[(x, y)].symbol() == "█")
        .expect("a bar");
    for x in [0, bar_x] {
        assert_eq!(buffer[(x, y)].fg, Color::Green);
        assert!(buffer[(x, y)].modifier.contains(Modifier::BOLD));
    }
    // The other bars are not in the right answer's style.
    let other = (0..24u16)
        .find(|&y| {
            buffer[(0, y)].symbol() != "✓" && text(y).contains("░") && text(y).contains("%)")
        })
        .expect("another bar");
    assert_ne!(buffer[(bar_x, other)].fg, Color::Green);
    insta::assert_snapshot!("revealed_80x24", shown);
    insta::assert_snapshot!("revealed_120x40", projector(&mut hub, 120, 40, 4).0);

    // The end: q asks, y ends; the results are saved through the caller.
    hub.on_finish(Box::new(|class: &Class| {
        assert!(class.csv().contains("ana") && class.csv().contains("ben"));
        Ok("/data/mxdrill/class-results.csv".into())
    }));
    key(&mut hub, 'q', 5);
    let (asking, _) = projector(&mut hub, 80, 24, 5);
    assert!(asking.contains("End the class now? y: yes"), "{asking}");
    key(&mut hub, 'y', 5);
    pump(&mut hub, &mut t, 5);
    let (end, _) = projector(&mut hub, 80, 24, 5);
    assert!(end.contains("/data/mxdrill/class-results.csv"), "{end}");
    assert!(end.contains("By student"), "{end}");
    fits(&end);
    insta::assert_snapshot!("finished_80x24", end);
    insta::assert_snapshot!("finished_120x40", projector(&mut hub, 120, 40, 5).0);
    assert!(screen(&t, 1).contains("You answered 1 of 1 questions: 1 right (100 %)."));
    assert!(!hub.done());
    key(&mut hub, 'q', 6);
    assert!(hub.done());
    hub.close_all(&mut t);
    assert!(
        t.closed[&1].contains("\x1b[?1049l"),
        "the normal screen back"
    );
}

#[test]
fn a_student_who_drops_and_rejoins_gets_their_answer_back_and_a_late_joiner_sees_the_question() {
    let mut hub = hub(Kind::Choice);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    pump(&mut hub, &mut t, 0);
    enter(&mut hub, 1);
    let (right, _) = right_and_wrong(&hub);
    keys(&mut t, 1, &[right]);
    t.events.push_back(Arrival::Left { conn: 1 });
    pump(&mut hub, &mut t, 2);
    assert_eq!(hub.class().online(), 0);
    // Back on a new connection, in another case: the seat and its answer.
    join(&mut t, 7, "ANA");
    join(&mut t, 8, "cy");
    pump(&mut hub, &mut t, 3);
    let back = screen(&t, 7);
    assert!(back.contains("answer sent"), "{back}");
    assert!(back.contains("(•)"), "{back}");
    assert!(screen(&t, 8).contains("question 1/3"), "{}", screen(&t, 8));
    // The same name while connected: the older connection is closed.
    join(&mut t, 9, "cy");
    pump(&mut hub, &mut t, 4);
    assert!(t.closed[&8].contains("joined again"), "{:?}", t.closed);
    assert_eq!(hub.seat_of(9), Some(1));
    assert_eq!(hub.connections(), 2);
    assert_eq!(hub.class().answered(), (1, 2));
}

#[test]
fn a_student_whose_sends_fail_is_away_and_the_count_drops() {
    let mut hub = hub(Kind::Choice);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    join(&mut t, 2, "ben");
    pump(&mut hub, &mut t, 0);
    assert!(projector(&mut hub, 80, 24, 0).0.contains("2 joined"));
    t.broken.insert(2);
    enter(&mut hub, 1);
    pump(&mut hub, &mut t, 1);
    assert_eq!(hub.connections(), 1);
    let (open, _) = projector(&mut hub, 80, 24, 1);
    assert!(
        open.contains("1 joined") && open.contains("0/1 answered"),
        "{open}"
    );
}

#[test]
fn names_that_break_the_rule_and_a_full_class_are_refused_with_a_message() {
    let mut hub = hub(Kind::Choice);
    let mut t = Fake::default();
    join(&mut t, 1, "../etc");
    join(&mut t, 2, "a\x1b[2J");
    pump(&mut hub, &mut t, 0);
    assert_eq!(hub.connections(), 0);
    assert!(t.closed[&1].starts_with("\x1b[0m\x1b[?25h\x1b[?1049l"));
    assert!(t.closed[&1].contains("mxdrill class:"), "{:?}", t.closed);
    assert!(
        !t.closed[&2].contains("a\x1b[2J"),
        "the name is not echoed raw: {:?}",
        t.closed[&2]
    );
    assert!(t.sent.is_empty());
    // A full class: a new name is refused, a returning one is not.
    let mut full = hub_with(Kind::Choice, None, 1);
    join(&mut t, 3, "ana");
    join(&mut t, 4, "ben");
    t.events.push_back(Arrival::Left { conn: 3 });
    join(&mut t, 5, "ana");
    pump(&mut full, &mut t, 0);
    assert!(t.closed[&4].contains("the class is full"), "{:?}", t.closed);
    assert_eq!(full.seat_of(5), Some(0));
    let (lobby, buffer) = projector(&mut hub, 80, 24, 0);
    assert!(lobby.contains("a student was turned away"), "{lobby}");
    let control = buffer
        .content()
        .iter()
        .any(|c| c.symbol().chars().any(char::is_control));
    assert!(
        !control,
        "no control character reaches the instructor's terminal"
    );
}

#[test]
fn hostile_input_does_nothing_harmful() {
    let mut hub = hub(Kind::Multi);
    let mut t = Fake::default();
    join(&mut t, 1, "mallory");
    pump(&mut hub, &mut t, 0);
    enter(&mut hub, 1);
    pump(&mut hub, &mut t, 1);
    // A 1 MiB paste of digits and Enters, in chunks, answers nothing.
    let mut paste = b"\x1b[200~".to_vec();
    paste.extend(b"1 2 3\r".repeat(1 << 18));
    paste.extend(b"\x1b[201~");
    for chunk in paste.chunks(32 * 1024) {
        keys(&mut t, 1, chunk);
    }
    // Garbage sequences, and a resize storm ending at 65535 × 65535.
    keys(
        &mut t,
        1,
        b"\x1b[999999999999;99999999H\x1b]0;pwned\x07\x1bP\x1b[?1049l\xff\xfe",
    );
    for n in 0..200u16 {
        t.events.push_back(Arrival::Resized {
            conn: 1,
            cols: n.wrapping_mul(331),
            rows: n.wrapping_mul(97),
        });
    }
    t.events.push_back(Arrival::Resized {
        conn: 1,
        cols: u16::MAX,
        rows: u16::MAX,
    });
    let before = t.sent[&1];
    pump(&mut hub, &mut t, 2);
    assert_eq!(hub.class().answered(), (0, 1), "nothing answered");
    assert_eq!(hub.connections(), 1);
    assert!(t.sent[&1] - before < 300_000, "one redraw at most 300×100");
    // Events for a connection that is not there are ignored.
    keys(&mut t, 99, b"1\r");
    t.events.push_back(Arrival::Left { conn: 99 });
    pump(&mut hub, &mut t, 3);
    assert_eq!(hub.class().answered(), (0, 1));
}

#[test]
fn only_students_whose_screen_changed_are_sent_anything() {
    let mut hub = hub(Kind::Choice);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    join(&mut t, 2, "ben");
    pump(&mut hub, &mut t, 0);
    enter(&mut hub, 1);
    pump(&mut hub, &mut t, 1);
    let before = t.sent.clone();
    keys(&mut t, 1, b"j");
    pump(&mut hub, &mut t, 1);
    assert!(t.sent[&1] > before[&1], "ana's cursor moved");
    assert_eq!(t.sent[&2], before[&2], "ben's screen did not change");
}

#[test]
fn an_order_question_reveals_right_and_wrong_and_replays_its_delivery() {
    let mut hub = hub(Kind::Order);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    join(&mut t, 2, "ben");
    pump(&mut hub, &mut t, 0);
    enter(&mut hub, 1);
    pump(&mut hub, &mut t, 1);
    assert!(screen(&t, 1).contains("K J move host"), "{}", screen(&t, 1));
    // Both send the order as shown; ben first moves a host (K J, the app's keys).
    keys(&mut t, 1, b"\r");
    keys(&mut t, 2, b"jK\r");
    pump(&mut hub, &mut t, 2);
    assert_eq!(hub.class().answered(), (2, 2));
    enter(&mut hub, 3);
    enter(&mut hub, 4);
    pump(&mut hub, &mut t, 4);
    let (shown, _) = projector(&mut hub, 80, 24, 4);
    assert!(
        shown.contains("✓ right") && shown.contains("  wrong"),
        "{shown}"
    );
    assert!(shown.contains("r replay the delivery"), "{shown}");
    assert!(
        screen(&t, 1).contains("The right order:"),
        "{}",
        screen(&t, 1)
    );
    // r: the app's simulator replays the delivery on the projector; Esc: back.
    key(&mut hub, 'r', 5);
    assert!(hub.replaying());
    let (sim, _) = projector(&mut hub, 80, 24, 5);
    assert!(
        !sim.contains("answered ·"),
        "the simulator, not the chart: {sim}"
    );
    for _ in 0..50 {
        if !hub.animating() {
            break;
        }
        hub.animate();
    }
    hub.instructor(&KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE), 6);
    assert!(!hub.replaying());
    assert!(projector(&mut hub, 80, 24, 6).0.contains("answered ·"));
}

#[test]
fn a_timer_counts_down_on_every_screen_and_closes_the_question() {
    let mut hub = hub_with(Kind::Choice, Some(30), MAX_STUDENTS);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    pump(&mut hub, &mut t, 100);
    enter(&mut hub, 100);
    pump(&mut hub, &mut t, 100);
    assert!(screen(&t, 1).contains("⏱ 0:30"), "{}", screen(&t, 1));
    pump(&mut hub, &mut t, 111);
    assert!(screen(&t, 1).contains("⏱ 0:19"), "{}", screen(&t, 1));
    assert!(projector(&mut hub, 80, 24, 111).0.contains("⏱ 0:19"));
    pump(&mut hub, &mut t, 130);
    assert!(
        screen(&t, 1).contains("answers are closed"),
        "{}",
        screen(&t, 1)
    );
}

#[test]
fn every_screen_draws_at_any_size() {
    let mut hub = hub(Kind::Predict);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    for step in 0..10u64 {
        for (w, h) in [
            (1, 1),
            (2, 3),
            (10, 4),
            (20, 6),
            (33, 9),
            (80, 24),
            (200, 60),
        ] {
            let _ = projector(&mut hub, w, h, step);
            t.events.push_back(Arrival::Resized {
                conn: 1,
                cols: w,
                rows: h,
            });
            pump(&mut hub, &mut t, step);
        }
        keys(&mut t, 1, b"1");
        enter(&mut hub, step);
    }
    assert_eq!(hub.class().phase, mxdrill::play::class::Phase::Finished);
}

/// A command question in class: the student types the command (letters are
/// characters, not keys, while it is open), sees it on their screen, and Enter
/// sends it; the close grades it as `mxdrill dig` would.
#[test]
fn a_command_question_is_typed_on_the_students_screen_and_sent_with_enter() {
    let mut h = hub(Kind::Command);
    let mut t = Fake::default();
    join(&mut t, 1, "ana");
    pump(&mut h, &mut t, 0);
    h.instructor(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), 1);
    pump(&mut h, &mut t, 1);
    let item = h.class().item().expect("open").clone();
    let mxdrill::quiz::Answer::Query(name, rtype) = item.answer else {
        panic!("a command question");
    };
    // `q` inside the command is a letter, not "leave".
    let typed = format!("dig {name} {rtype} +nocmd");
    keys(&mut t, 1, typed.as_bytes());
    pump(&mut h, &mut t, 2);
    assert!(
        screen(&t, 1).contains(&format!("> {typed}")),
        "{}",
        screen(&t, 1)
    );
    assert!(t.closed.is_empty(), "still connected");
    keys(&mut t, 1, b"\r");
    pump(&mut h, &mut t, 3);
    assert_eq!(h.class().answered(), (1, 1));
    h.instructor(&KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), 4);
    assert_eq!(h.class().tally(0).right, 1);
}
