//! The quiz engine: each kind's grading, every bundled question answered right,
//! sessions and scores.

mod common;

use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Library};
use mxdrill::quiz::{
    self, Answer, Item, Mode, Response, Score, Session, grade, order_drill, predict_drill,
};
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| content::load(&content::bundled_sources()))
}

/// The response that the computed answer says is right.
fn right(item: &Item) -> Response {
    match &item.answer {
        Answer::One(i) => Response::Pick(vec![*i]),
        Answer::Set(s) => Response::Pick(s.clone()),
        Answer::Groups(g) => Response::Order(g.iter().flatten().copied().collect()),
        Answer::Query(name, rtype) => Response::Command(format!("dig {name} {rtype}")),
    }
}

/// Chooses questions as sessions do; every bundled question must prepare.
fn select(
    lib: &mxdrill::content::Library,
    mode: Mode,
    kind: Option<Kind>,
    category: Option<mxdrill::content::bank::Category>,
    count: Option<usize>,
    seed: u64,
    history: &Score,
) -> Result<Vec<Item>, String> {
    let filter = quiz::Filter {
        kind,
        category,
        banks: Vec::new(),
        exam_only: false,
    };
    let order = match mode {
        Mode::Review => quiz::Order::Weakest(history),
        _ => quiz::Order::Shuffled,
    };
    let picked = quiz::select(lib, &filter, order, count, seed);
    match picked.skipped.first() {
        Some(e) => Err(e.to_string()),
        None => Ok(picked.items),
    }
}

#[test]
fn every_bundled_question_answered_with_its_computed_answer_scores_100_percent() {
    let lib = library();
    let items =
        select(lib, Mode::Practice, None, None, None, 9, &Score::default()).expect("prepares");
    let total: usize = lib.banks.iter().map(|b| b.questions.len()).sum();
    assert_eq!(items.len(), total);
    let mut session = Session::new(Mode::Practice, items, 0, None);
    for i in 0..session.items.len() {
        session.go(i);
        let response = right(&session.items[i]);
        let verdict = session
            .answer(response, &lib.world, 0)
            .expect("graded")
            .clone();
        assert!(
            verdict.correct,
            "{}/{}: {}",
            session.items[i].bank, session.items[i].id, verdict.summary
        );
    }
    let score = session.score();
    assert_eq!(score.total.percent(), 100);
    assert_eq!(score.total.answered as usize, total);
}

fn item_of(kind: Kind) -> Item {
    let items = select(
        library(),
        Mode::Practice,
        Some(kind),
        None,
        Some(1),
        3,
        &Score::default(),
    )
    .expect("prepares");
    items.into_iter().next().expect("one question of this kind")
}

#[test]
fn order_accepts_any_order_within_equal_preferences() {
    let item = order_drill(11);
    let Answer::Groups(groups) = &item.answer else {
        panic!("order answer")
    };
    let forward: Vec<usize> = groups.iter().flatten().copied().collect();
    let tied: Vec<usize> = groups
        .iter()
        .flat_map(|g| g.iter().rev())
        .copied()
        .collect();
    let w = &library().world;
    assert!(grade(&item, &Response::Order(forward.clone()), w, 0).correct);
    assert!(grade(&item, &Response::Order(tied), w, 0).correct);
    if groups.len() > 1 {
        let mut wrong = forward.clone();
        wrong.reverse();
        assert!(!grade(&item, &Response::Order(wrong), w, 0).correct);
    }
    assert!(
        !grade(&item, &Response::Order(forward[1..].to_vec()), w, 0).correct,
        "all hosts are needed"
    );
}

#[test]
fn drills_are_seeded_and_labelled() {
    for seed in 0..40 {
        let a = order_drill(seed);
        assert!(a.generated && a.bank == "generated");
        assert_eq!(a.options, order_drill(seed).options);
        let p = predict_drill(seed);
        assert!(p.generated && matches!(p.answer, Answer::One(_)));
        assert_eq!(p.prompt, predict_drill(seed).prompt);
    }
}

#[test]
fn command_accepts_every_tool_that_asks_the_right_question() {
    // A question asking for another type than NS, which the wrong answers ask for.
    let item = (0..50)
        .flat_map(|seed| {
            select(
                library(),
                Mode::Practice,
                Some(Kind::Command),
                None,
                Some(1),
                seed,
                &Score::default(),
            )
            .expect("prepares")
        })
        .find(|i| matches!(&i.answer, Answer::Query(_, t) if t.to_string() != "NS"))
        .expect("a command question for another type than NS");
    let Answer::Query(name, rtype) = item.answer.clone() else {
        panic!("command answer")
    };
    let (n, t) = (name.to_string(), rtype.to_string());
    let w = &library().world;
    for line in [
        format!("dig {n} {t}"),
        format!("dig {t} {n}"),
        format!("dig -t {t} {n} +short"),
        format!("nslookup -type={} {n}", t.to_lowercase()),
        format!("host -t {t} {n}"),
        // Windows PowerShell asks the same question.
        format!("Resolve-DnsName -Name {n} -Type {t}"),
        format!("Resolve-DnsName {n} {t}"),
    ] {
        let v = grade(&item, &Response::Command(line.clone()), w, 0);
        assert!(v.correct, "{line}: {:?}", v);
        assert!(
            v.details
                .iter()
                .any(|d| d.starts_with("Your command asks:"))
        );
    }
    let wrong = grade(&item, &Response::Command(format!("dig {n} NS")), w, 0);
    assert!(!wrong.correct && wrong.details.iter().any(|d| d.contains("For example")));
    let other = grade(
        &item,
        &Response::Command(format!("Resolve-DnsName {n} -Type NS")),
        w,
        0,
    );
    assert!(
        !other.correct
            && other
                .details
                .iter()
                .any(|d| d.contains("Resolve-DnsName -Name"))
    );
    let broken = grade(&item, &Response::Command("dig +bogus".into()), w, 0);
    assert!(!broken.correct && broken.summary.contains("does not run"));
}

#[test]
fn multi_and_zone_line_need_exactly_the_right_set() {
    for kind in [Kind::Multi, Kind::ZoneLine] {
        let item = item_of(kind);
        let Answer::Set(set) = item.answer.clone() else {
            panic!("set answer")
        };
        let w = &library().world;
        let mut reversed = set.clone();
        reversed.reverse();
        assert!(grade(&item, &Response::Pick(reversed), w, 0).correct);
        let extra = (0..item.options.len()).find(|i| !set.contains(i));
        if let Some(extra) = extra {
            let mut more = set.clone();
            more.push(extra);
            assert!(!grade(&item, &Response::Pick(more), w, 0).correct);
        }
    }
}

#[test]
fn a_predict_answer_written_by_hand_is_refused() {
    let bank = "bank: b\ntitle: t\nquestions:\n  - id: q\n    kind: predict\n    category: priority\n    objectives: [N10-009 3.4]\n    difficulty: 1\n    prompt: Where?\n    zone: blossomflowers.example\n    scenario:\n      recipient: info@blossomflowers.example\n    choices:\n      - outcome: delivered mail.petalmail.example.\n        correct: true\n        why: Lowest preference.\n      - outcome: deferred\n        why: No.\n    explanation: x\n";
    let lib = common::load_with(&[("hand.yaml", bank)]);
    assert!(
        lib.diagnostics
            .iter()
            .any(|d| d.path == "hand.yaml" && d.message.contains("computed by the simulator"))
    );
}

#[test]
fn choices_shuffle_with_the_seed_and_the_same_seed_gives_the_same_session() {
    let a = select(
        library(),
        Mode::Practice,
        Some(Kind::Choice),
        None,
        Some(20),
        5,
        &Score::default(),
    )
    .expect("a");
    let b = select(
        library(),
        Mode::Practice,
        Some(Kind::Choice),
        None,
        Some(20),
        5,
        &Score::default(),
    )
    .expect("b");
    let c = select(
        library(),
        Mode::Practice,
        Some(Kind::Choice),
        None,
        Some(20),
        6,
        &Score::default(),
    )
    .expect("c");
    let key = |items: &[Item]| {
        items
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.options.iter().map(|o| o.text.clone()).collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
    assert_ne!(key(&a), key(&c));
}

#[test]
fn exam_gives_no_feedback_until_submitted_and_scores_by_category_and_objective() {
    let lib = library();
    let items = select(lib, Mode::Exam, None, None, Some(10), 2, &Score::default()).expect("items");
    let mut exam = Session::new(Mode::Exam, items, 1000, None);
    assert_eq!(exam.remaining(1000), Some(600));
    let first = right(&exam.items[0]);
    assert!(
        exam.answer(first, &lib.world, 1001).is_none(),
        "no feedback in an exam"
    );
    exam.toggle_flag();
    assert!(exam.flagged[0]);
    let score = exam.submit(&lib.world, 1002);
    assert_eq!((score.total.correct, score.total.answered), (1, 10));
    assert!(score.by_category.values().map(|t| t.answered).sum::<u32>() == 10);
    assert!(!score.by_objective.is_empty());
    assert!(!exam.passed() && score.scaled_estimate() < 720);
}

#[test]
fn review_puts_the_weakest_category_first() {
    let mut history = Score::default();
    let items = select(
        library(),
        Mode::Practice,
        None,
        None,
        None,
        1,
        &Score::default(),
    )
    .expect("items");
    for item in &items {
        history.add(
            item,
            item.category != mxdrill::content::bank::Category::Security,
        );
    }
    let review = select(library(), Mode::Review, None, None, Some(5), 1, &history).expect("review");
    assert!(
        review
            .iter()
            .all(|i| i.category == mxdrill::content::bank::Category::Security)
    );
}

/// Every zone-line pick explains itself (issue 17): a faulty line carries the
/// linter's message, every other line says it is fine (or names the fault it has
/// that the question does not ask about), so a wrong pick is never left without a why.
#[test]
fn every_zone_line_option_has_a_why_and_faulty_lines_carry_the_linters_message() {
    let lib = library();
    let items = select(
        lib,
        Mode::Practice,
        Some(Kind::ZoneLine),
        None,
        None,
        3,
        &Score::default(),
    )
    .expect("prepares");
    assert!(items.len() >= 20, "{} zone-line items", items.len());
    for item in &items {
        let Answer::Set(right) = &item.answer else {
            panic!("{}: set answer", item.id)
        };
        for (i, o) in item.options.iter().enumerate() {
            if right.contains(&i) {
                assert!(
                    o.why.starts_with("The checker reports: "),
                    "{}: {o:?}",
                    item.id
                );
            } else {
                // A line whose record takes part in a fault reported on another
                // line names that fault (issue 24), never "fine".
                assert!(
                    o.why.starts_with("This line is fine: ")
                        || o.why.starts_with("Not the fault asked about here")
                        || o.why
                            .starts_with("Takes part in the fault the checker reports on line "),
                    "{}: {o:?}",
                    item.id
                );
            }
        }
    }
    // Oakridge Law: the MX line names an alias (L2); the CNAME line itself is fine.
    let oakridge = items
        .iter()
        .find(|i| i.id == "trouble-mx-cname-line")
        .expect("bundled");
    let why_of = |needle: &str| {
        oakridge
            .options
            .iter()
            .find(|o| o.text.contains(needle))
            .map(|o| o.why.clone())
            .unwrap_or_default()
    };
    assert!(why_of("IN MX").contains("is a CNAME (illegal)"));
    assert!(why_of("$TTL").starts_with("This line is fine: a directive"));
}

/// A wrong zone-line pick is answered with its why: the verdict lists the faulty
/// lines with the checker's words and then the wrongly picked line with its why.
#[test]
fn a_wrong_zone_line_pick_is_explained_in_the_verdict() {
    let item = item_of(Kind::ZoneLine);
    let Answer::Set(right) = item.answer.clone() else {
        panic!("set answer")
    };
    let wrong = (0..item.options.len())
        .find(|i| !right.contains(i))
        .expect("a line that is not faulty");
    let v = grade(&item, &Response::Pick(vec![wrong]), &library().world, 0);
    assert!(!v.correct);
    assert_eq!(v.details.len(), right.len() + 1, "{:?}", v.details);
    assert!(
        v.details[..right.len()]
            .iter()
            .all(|d| d.contains("The checker reports: "))
    );
    let last = v.details.last().expect("the wrong pick");
    assert!(last.starts_with(&item.options[wrong].text), "{last}");
    assert!(last.contains(&item.options[wrong].why), "{last}");
}

/// Drills cite what the learner can see (rule ids such as R1.7 and plain words),
/// never a file of the source tree such as mx-rules.md (issue 17).
#[test]
fn drills_cite_rule_ids_not_files_the_learner_does_not_have() {
    for item in quiz::drills(5, 40) {
        let text = format!("{} {}", item.prompt, item.explanation);
        assert!(!text.contains("mx-rules") && !text.contains('§'), "{text}");
        assert!(text.contains("(R1."), "{text}");
    }
}
