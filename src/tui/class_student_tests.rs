use super::*;
use crate::content::Library;
use crate::content::bank::Kind;
use crate::play::SessionSpec;
use crate::play::class::MAX_STUDENTS;
use crate::play::sitting::Command;
use crate::quiz::{Filter, Mode, Score};

pub(crate) fn class(kind: Kind, count: usize) -> (Library, Class) {
    let library = crate::content::load(&crate::content::bundled_sources());
    let spec = SessionSpec {
        filter: Filter {
            kind: Some(kind),
            ..Filter::default()
        },
        count: Some(count),
        ..SessionSpec::new(Mode::Practice, 3)
    };
    let study = spec
        .start(&library, None, &Score::default(), 0)
        .expect("questions");
    (library, Class::new(study.session.items, None, MAX_STUDENTS))
}

/// The screen a terminal of `cols` × `rows` shows after `bytes`.
fn screen(parser: &mut vt100::Parser, bytes: &[u8]) -> String {
    parser.process(bytes);
    parser.screen().contents()
}

fn vt(rows: u16, cols: u16) -> vt100::Parser {
    let n = |v| std::num::NonZeroU16::new(v).expect("not zero");
    vt100::Parser::new(n(rows), n(cols), 0)
}

const T: Theme = Theme {
    color: true,
    ascii: false,
};

#[test]
fn a_student_sees_the_lobby_the_question_their_result_and_their_score() {
    let (library, mut class) = class(Kind::Choice, 3);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    let mut s = StudentScreen::new(80, 24).expect("screen");
    let mut vt = vt(24, 80);
    let lobby = screen(&mut vt, &s.render(&class, ana, 0, T));
    assert!(lobby.contains("Welcome ana"), "{lobby}");
    assert!(lobby.contains("1 student joined"), "{lobby}");
    class.advance(w, 0);
    let open = screen(&mut vt, &s.render(&class, ana, 0, T));
    assert!(open.contains("question 1/3"), "{open}");
    assert!(open.contains("Enter send"), "{open}");
    let right = class.items[0].answer.right_options()[0];
    let wrong = (right + 1) % class.items[0].options.len();
    class.press(ana, &Command::Choose(wrong));
    let sent = screen(&mut vt, &s.render(&class, ana, 0, T));
    assert!(sent.contains("answer sent"), "{sent}");
    class.advance(w, 1);
    let closed = screen(&mut vt, &s.render(&class, ana, 1, T));
    assert!(closed.contains("answers are closed"), "{closed}");
    class.advance(w, 2);
    let shown = screen(&mut vt, &s.render(&class, ana, 2, T));
    assert!(shown.contains("✗ Not this time."), "{shown}");
    assert!(shown.contains("(your"), "{shown}");
    let why = &class.items[0].options[wrong].why;
    let start: String = why.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    assert!(
        shown.contains(&start),
        "the why of their choice: {start:?} in {shown}"
    );
    class.finish(w, 3);
    let end = screen(&mut vt, &s.render(&class, ana, 3, T));
    assert!(
        end.contains("You answered 1 of 1 questions: 0 right (0 %)."),
        "{end}"
    );
}

#[test]
fn after_the_first_frame_only_changes_are_sent_and_a_resize_redraws_whole() {
    let (_library, mut class) = class(Kind::Choice, 1);
    let ana = class.join("ana").expect("seat").seat;
    let mut s = StudentScreen::new(80, 24).expect("screen");
    let first = s.render(&class, ana, 0, T);
    assert!(!first.is_empty());
    assert!(s.render(&class, ana, 0, T).is_empty(), "nothing changed");
    class.join("ben").expect("seat");
    let change = s.render(&class, ana, 0, T);
    assert!(
        !change.is_empty() && change.len() < first.len() / 4,
        "{}",
        change.len()
    );
    s.resize(100, 30);
    let whole = String::from_utf8(s.render(&class, ana, 0, T)).expect("utf-8");
    assert!(whole.contains("\x1b[2J"), "cleared and drawn whole");
    // A pty of 65535 × 65535 is drawn at the largest size, no more.
    s.resize(u16::MAX, u16::MAX);
    let big = s.render(&class, ana, 0, T);
    let mut vt = vt(100, 300);
    assert!(screen(&mut vt, &big).contains("Welcome ana"));
    assert!(big.len() < 200_000, "{}", big.len());
}

#[test]
fn a_student_screen_at_80x24() {
    let (library, mut class) = class(Kind::Choice, 3);
    let ana = class.join("ana").expect("seat").seat;
    class.advance(&library.world, 0);
    let mut s = StudentScreen::new(80, 24).expect("screen");
    let mut vt = vt(24, 80);
    let text = screen(&mut vt, &s.render(&class, ana, 0, T));
    insta::assert_snapshot!(text);
}
