use super::*;
use crate::content::Library;
use crate::content::bank::Kind;
use crate::play::SessionSpec;
use crate::quiz::{Filter, Mode, Score};

/// A class of `count` questions of `kind` from the bundled banks, seed 3.
fn class(kind: Kind, count: usize) -> (Library, Class) {
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

fn right_and_wrong(item: &Item) -> (usize, usize) {
    let right = item.answer.right_options()[0];
    (right, (right + 1) % item.options.len())
}

#[test]
fn names_follow_the_learner_rule_and_codes_are_four_to_six_digits() {
    assert_eq!(seat_name("  ana_b ").as_deref(), Ok("ana_b"));
    assert!(seat_name("../etc").is_err());
    assert!(seat_name("").is_err());
    assert!(seat_name("a\u{1b}[2J").is_err());
    assert!(seat_name(&"x".repeat(NAME_LIMIT + 1)).is_err());
    assert_eq!(parse_code("0421").as_deref(), Ok("0421"));
    assert!(parse_code("123").is_err());
    assert!(parse_code("1234567").is_err());
    assert!(parse_code("12a4").is_err());
    assert_eq!(join_code(42), "000042");
    assert_eq!(join_code(9_876_543_210), "543210");
}

#[test]
fn the_flow_goes_lobby_open_closed_revealed_then_the_next_and_finishes() {
    let (library, mut class) = class(Kind::Choice, 2);
    let w = &library.world;
    assert_eq!(class.phase, Phase::Lobby);
    assert_eq!(class.advance(w, 10), Step::Opened(0));
    assert_eq!(class.advance(w, 11), Step::Closed);
    assert_eq!(class.advance(w, 12), Step::Revealed);
    assert_eq!(class.advance(w, 13), Step::Opened(1));
    class.advance(w, 14);
    class.advance(w, 15);
    assert_eq!(class.advance(w, 16), Step::Finished);
    assert_eq!(class.advance(w, 17), Step::Nothing);
}

#[test]
fn everyone_sees_the_same_question_and_the_count_of_answers_grows() {
    let (library, mut class) = class(Kind::Choice, 3);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    let ben = class.join("ben").expect("seat").seat;
    class.advance(w, 0);
    for seat in [ana, ben] {
        let Some(View::Question { number, total, .. }) = class.view(seat, 0) else {
            panic!("a question");
        };
        assert_eq!((number, total), (1, 3));
    }
    let (right, wrong) = right_and_wrong(&class.items[0]);
    assert!(class.press(ana, &Command::Choose(right)));
    assert_eq!(class.answered(), (1, 2));
    assert!(class.press(ben, &Command::Choose(wrong)));
    assert_eq!(class.answered(), (2, 2));
    // Grades are known at the close, not before.
    assert_eq!(class.tally(0).right, 0);
    class.advance(w, 5);
    let tally = class.tally(0);
    assert_eq!((tally.answered, tally.right), (2, 1));
    assert_eq!(tally.picks[right], 1);
    assert_eq!(tally.picks[wrong], 1);
    assert_eq!(
        class.tally(99),
        Tally::default(),
        "no such question: nothing, no panic"
    );
    class.advance(w, 6);
    assert!(matches!(
        class.view(ana, 6),
        Some(View::Revealed {
            right: Some(true),
            ..
        })
    ));
    assert!(matches!(
        class.view(ben, 6),
        Some(View::Revealed {
            right: Some(false),
            ..
        })
    ));
}

#[test]
fn an_answer_can_change_until_the_close_and_none_after() {
    let (library, mut class) = class(Kind::Choice, 1);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    class.advance(w, 0);
    let (right, wrong) = right_and_wrong(&class.items[0]);
    class.press(ana, &Command::Choose(wrong));
    class.press(ana, &Command::Choose(right));
    class.advance(w, 1);
    assert!(!class.press(ana, &Command::Choose(wrong)), "closed");
    assert_eq!(class.by_student()[0].right, 1);
}

#[test]
fn a_multi_question_needs_marks_before_enter_sends_it() {
    let (library, mut class) = class(Kind::Multi, 1);
    let ana = class.join("ana").expect("seat").seat;
    class.advance(&library.world, 0);
    class.press(ana, &Command::Enter);
    assert_eq!(class.answered(), (0, 1));
    assert!(class.seat(ana).and_then(|s| s.notice.clone()).is_some());
    for &k in class.items[0].answer.right_options().to_vec().iter() {
        class.press(ana, &Command::Choose(k));
    }
    class.press(ana, &Command::Enter);
    assert_eq!(class.answered(), (1, 1));
    class.advance(&library.world, 1);
    assert_eq!(class.tally(0).right, 1);
}

#[test]
fn a_student_who_reconnects_gets_their_seat_and_answers_back() {
    let (library, mut class) = class(Kind::Choice, 2);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    class.advance(w, 0);
    let (right, _) = right_and_wrong(&class.items[0]);
    class.press(ana, &Command::Choose(right));
    class.leave(ana);
    assert_eq!(class.online(), 0);
    // Still counted as present: their answer is in.
    assert_eq!(class.answered(), (1, 1));
    let back = class.join("ANA").expect("seat");
    assert_eq!(
        back,
        Joined {
            seat: ana,
            returning: true
        }
    );
    assert!(matches!(
        class.view(ana, 0),
        Some(View::Question { sent: Some(_), .. })
    ));
    assert_eq!(class.seats().len(), 1);
}

#[test]
fn a_late_joiner_enters_at_the_current_question() {
    let (library, mut class) = class(Kind::Choice, 3);
    let w = &library.world;
    class.join("ana").expect("seat");
    for now in 0..4 {
        class.advance(w, now);
    }
    let late = class.join("cy").expect("seat").seat;
    let Some(View::Question { number, .. }) = class.view(late, 4) else {
        panic!("the open question");
    };
    assert_eq!(number, 2);
    let (right, _) = right_and_wrong(&class.items[1]);
    assert!(class.press(late, &Command::Choose(right)));
}

#[test]
fn a_full_class_refuses_a_new_name_but_not_a_returning_one() {
    let (_, mut class) = class(Kind::Choice, 1);
    class.max_students = 2;
    class.join("ana").expect("seat");
    class.join("ben").expect("seat");
    let full = class.join("cy").expect_err("full");
    assert!(full.contains("full (2 students)"), "{full}");
    class.leave(0);
    assert!(class.join("ana").is_ok());
}

#[test]
fn a_timer_closes_the_question_when_its_time_is_up() {
    let (library, mut class) = class(Kind::Choice, 1);
    let w = &library.world;
    class.timer = Some(30);
    class.advance(w, 100);
    assert_eq!(class.remaining(110), Some(20));
    assert!(!class.tick(w, 129));
    assert!(class.tick(w, 130));
    assert_eq!(class.phase, Phase::Closed);
    assert_eq!(class.remaining(131), None);
}

#[test]
fn the_csv_is_report_merges_with_a_row_per_student_and_category() {
    let (library, mut class) = class(Kind::Choice, 2);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    let ben = class.join("ben").expect("seat").seat;
    class.advance(w, 0);
    let (right, wrong) = right_and_wrong(&class.items[0]);
    class.press(ana, &Command::Choose(right));
    class.press(ben, &Command::Choose(wrong));
    class.finish(w, 1);
    let csv = class.csv();
    let category = class.items[0].category.name();
    assert_eq!(
        csv,
        format!(
            "learner,category,answered,correct,percent\nana,{category},1,1,100\nben,{category},1,0,0\n"
        )
    );
    let Some(View::Finished {
        right,
        answered,
        asked,
    }) = class.view(ana, 2)
    else {
        panic!("finished");
    };
    assert_eq!((right, answered, asked), (1, 1, 1));
}

#[test]
fn a_command_question_is_typed_and_sent_with_enter() {
    let (library, mut class) = class(Kind::Command, 1);
    let ana = class.join("ana").expect("seat").seat;
    class.advance(&library.world, 0);
    let crate::quiz::Answer::Query(name, rtype) = class.items[0].answer.clone() else {
        panic!("a query");
    };
    for c in format!("dig {name} {rtype}").chars() {
        class.press(ana, &Command::Type(c));
    }
    class.press(ana, &Command::Enter);
    assert_eq!(class.answered(), (1, 1));
    class.advance(&library.world, 1);
    assert_eq!(
        class.tally(0).right,
        1,
        "{:?}",
        class.seat(ana).map(|s| &s.answers)
    );
}

#[test]
fn join_lines_name_each_address_students_can_reach() {
    let ips: Vec<IpAddr> = ["127.0.0.1", "192.0.2.10", "::1", "fe80::1", "2001:db8::5"]
        .iter()
        .map(|a| a.parse().expect("ip"))
        .collect();
    let at = |a: &str| a.parse::<SocketAddr>().expect("address");
    assert_eq!(
        join_lines(at("127.0.0.1:2222"), &ips),
        ["ssh -p 2222 NAME@127.0.0.1"]
    );
    assert_eq!(
        join_lines(at("0.0.0.0:2222"), &ips),
        ["ssh -p 2222 NAME@192.0.2.10", "ssh -p 2222 NAME@127.0.0.1"]
    );
    assert_eq!(
        join_lines(at("[::]:22"), &ips),
        [
            "ssh NAME@192.0.2.10",
            "ssh NAME@2001:db8::5",
            "ssh NAME@127.0.0.1",
            "ssh NAME@::1"
        ]
    );
}

#[test]
fn kept_answers_reach_the_students_own_store_once() {
    let (library, mut class) = class(Kind::Choice, 2);
    let w = &library.world;
    let ana = class.join("ana").expect("seat").seat;
    class.advance(w, 0);
    let (right, _) = right_and_wrong(&class.items[0]);
    class.press(ana, &Command::Choose(right));
    class.advance(w, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(dir.path(), 1, 7).expect("store").store;
    assert!(class.keep_answers(ana, &mut store, 2).is_empty());
    assert!(class.keep_answers(ana, &mut store, 3).is_empty());
    let events: usize = store
        .progress
        .entries
        .values()
        .map(|e| e.events.len())
        .sum();
    assert_eq!(events, 1, "one answer, kept once");
}
