//! Item-writing figures of the bundled banks (issue 17): enough questions in every
//! category, no "pick the longest option" cue, CompTIA's voice (every multi says how
//! many to choose), US spelling, reserved names only, and deep-dive items kept out of
//! exams.

use mxdrill::content::bank::{Category, Kind, Question, Scope};
use mxdrill::content::{self, Level, Library};
use mxdrill::quiz::{Mode, Score};
use std::sync::OnceLock;

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| content::load(&content::bundled_sources()))
}

fn questions() -> Vec<&'static Question> {
    library()
        .banks
        .iter()
        .flat_map(|b| b.questions.iter())
        .collect()
}

fn chars(text: &Option<String>) -> usize {
    text.as_deref().map_or(0, |t| t.chars().count())
}

#[test]
fn at_least_260_questions_and_25_in_every_category() {
    let qs = questions();
    println!("{} questions", qs.len());
    assert!(qs.len() >= 260, "{} questions", qs.len());
    for category in Category::ALL {
        let n = qs.iter().filter(|q| q.category == category).count();
        println!("  {}: {n}", category.name());
        assert!(n >= 25, "{}: {n} questions", category.name());
    }
}

/// Test-wise cue: a correct option that is the longest, or much longer than every
/// distractor. At most 35 % of single-answer questions may have the longest correct
/// option, and none may have it longer than 1.3 × the longest distractor.
#[test]
fn the_correct_option_is_rarely_the_longest_and_never_much_longer() {
    let singles: Vec<_> = questions()
        .into_iter()
        .filter(|q| q.kind == Kind::Choice)
        .collect();
    let mut longest = 0;
    let mut too_long = Vec::new();
    for q in &singles {
        let right = q
            .choices
            .iter()
            .filter(|c| c.correct == Some(true))
            .map(|c| chars(&c.text))
            .max()
            .unwrap_or(0);
        let wrong = q
            .choices
            .iter()
            .filter(|c| c.correct != Some(true))
            .map(|c| chars(&c.text))
            .max()
            .unwrap_or(0);
        if right > wrong {
            longest += 1;
        }
        if right * 10 > wrong * 13 {
            too_long.push(format!("{} ({right} vs {wrong})", q.id));
        }
    }
    let worst = singles
        .iter()
        .map(|q| {
            let len = |right: bool| {
                q.choices
                    .iter()
                    .filter(|c| (c.correct == Some(true)) == right)
                    .map(|c| chars(&c.text))
                    .max()
                    .unwrap_or(0)
            };
            len(true) as f64 / len(false).max(1) as f64
        })
        .fold(0.0, f64::max);
    println!("largest correct/longest-distractor ratio: {worst:.2}");
    let percent = longest * 100 / singles.len().max(1);
    println!(
        "{} single-answer questions; correct option longest in {longest} ({percent} %)",
        singles.len()
    );
    assert!(
        longest * 100 <= singles.len() * 35,
        "correct option longest in {longest} of {} ({percent} %)",
        singles.len()
    );
    assert!(
        too_long.is_empty(),
        "correct option over 1.3 × the longest distractor: {too_long:?}"
    );
}

/// Test-wise cue in multi-answer items (issue 26): a learner who picks the k longest
/// options, where k is the number the prompt asks for, should not score more often than
/// chance (about 5–10 % with five or six options). A question counts as cued when every
/// correct option is at least as long as every distractor (ties count against the item,
/// as the audit counted them), unless all its options have the same length, where
/// length says nothing (port lists such as "993", "995", "143"). At most a quarter of the
/// multi questions may be cued; a ratio, so that new banks are judged by the same rate.
#[test]
fn the_correct_options_of_a_multi_are_rarely_exactly_the_longest() {
    let multis: Vec<_> = questions()
        .into_iter()
        .filter(|q| q.kind == Kind::Multi)
        .collect();
    let mut cued = Vec::new();
    for q in &multis {
        let lens = |right: bool| -> Vec<usize> {
            q.choices
                .iter()
                .filter(|c| (c.correct == Some(true)) == right)
                .map(|c| chars(&c.text))
                .collect()
        };
        let (right, wrong) = (lens(true), lens(false));
        let shortest_right = right.iter().copied().min().unwrap_or(0);
        let longest_wrong = wrong.iter().copied().max().unwrap_or(0);
        let all_same = right.iter().chain(&wrong).all(|&n| n == shortest_right);
        if shortest_right >= longest_wrong && !all_same {
            cued.push(q.id.as_str());
        }
    }
    let percent = cued.len() * 100 / multis.len().max(1);
    println!(
        "{} multi-answer questions; correct options exactly the longest in {} ({percent} %): {cued:?}",
        multis.len(),
        cued.len()
    );
    assert!(
        cued.len() * 4 <= multis.len(),
        "correct options exactly the longest in {} of {} multi questions ({percent} %), over a quarter: {cued:?}",
        cued.len(),
        multis.len()
    );
}

/// Test-wise cue: "always" and "never" in an option text. When only wrong options carry
/// them, a learner learns to strike every absolute statement (the issue 26 audit found
/// 12 of 13 uses in wrong options). Some rules really are absolute (R1.5: with any MX
/// the domain's own A/AAAA records are never used; R2.2: mail to a null MX domain is
/// never queued), so correct options may carry them too. Bound, counted in the option
/// texts of choice and multi questions (predict options carry no `correct` mark): the
/// absolute words appear in correct options at least a third as often
/// as in wrong ones (wrong uses ≤ 3 × correct uses). A ratio, so that new banks are
/// judged by the same rate.
#[test]
fn absolute_words_do_not_mark_the_wrong_options() {
    let absolute = |text: &str| {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| w.eq_ignore_ascii_case("always") || w.eq_ignore_ascii_case("never"))
            .count()
    };
    let (mut right, mut wrong) = (0, 0);
    let mut wrong_uses = Vec::new();
    let marked = questions()
        .into_iter()
        .filter(|q| matches!(q.kind, Kind::Choice | Kind::Multi));
    for q in marked {
        for c in &q.choices {
            let n = absolute(c.text.as_deref().unwrap_or_default());
            if c.correct == Some(true) {
                right += n;
            } else if n > 0 {
                wrong += n;
                wrong_uses.push(q.id.as_str());
            }
        }
    }
    println!(
        "\"always\"/\"never\" in option texts: {right} in correct options, {wrong} in wrong ones"
    );
    assert!(
        wrong <= right * 3,
        "\"always\"/\"never\" in {wrong} wrong options but only {right} correct ones \
         (at most 3 to 1): {wrong_uses:?}"
    );
}

/// CompTIA's multi-answer stems say how many to choose: "Select TWO." for two
/// correct options, and so on.
#[test]
fn every_multi_says_how_many_to_choose() {
    let words = ["ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX"];
    for q in questions().into_iter().filter(|q| q.kind == Kind::Multi) {
        let n = q.choices.iter().filter(|c| c.correct == Some(true)).count();
        let wanted = format!("Select {}.", words.get(n - 1).unwrap_or(&"ALL"));
        assert!(
            q.prompt.contains(&wanted),
            "{}: {n} correct options, the prompt should say `{wanted}`",
            q.id
        );
        assert!(!q.prompt.contains("all that apply"), "{}", q.id);
    }
}

/// The exams are written in US English.
#[test]
fn us_spelling() {
    let british = [
        "behaviour",
        "colour",
        "favour",
        "honour",
        "labour",
        "neighbour",
        "organis",
        "recognis",
        "realis",
        "randomis",
        "prioritis",
        "summaris",
        "authoris",
        "analyse",
        "centre",
        "licence",
        "catalogue",
        "practise",
        "whilst",
        "amongst",
        "cancelled",
        "modelled",
        "travelled",
        "labelled",
        "judgement",
        "artefact",
        "programme",
        // issue 26
        "memoris",
        "fibre",
        "misspelt",
        "spelt ",
        "learnt",
        "defence",
        "utilis",
        "minimis",
        "maximis",
        "optimis",
        "customis",
        "synchronis",
        "categoris",
        "standardis",
        "finalis",
        "apologis",
        "criticis",
        "emphasise",
        "aluminium",
        "enrol ",
        "travelling",
        "signalled",
        "fulfil ",
        "specialis",
    ];
    for q in questions() {
        let mut text = format!("{} {}", q.prompt, q.explanation);
        for c in &q.choices {
            text.push_str(&format!(
                " {} {}",
                c.text.as_deref().unwrap_or_default(),
                c.why
            ));
        }
        let lower = text.to_lowercase();
        for word in british {
            assert!(!lower.contains(word), "{}: British spelling `{word}`", q.id);
        }
    }
    // What else a learner reads: bank titles and descriptions, zone titles and
    // descriptions (issue 26).
    let lib = library();
    for b in &lib.banks {
        let lower = format!(
            "{} {}",
            b.title,
            b.description.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        for word in british {
            assert!(
                !lower.contains(word),
                "bank {}: British spelling `{word}`",
                b.bank
            );
        }
    }
    for zone in lib.world.zones() {
        let lower = format!(
            "{} {}",
            zone.title.as_deref().unwrap_or_default(),
            zone.description.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        for word in british {
            assert!(
                !lower.contains(word),
                "zone {}: British spelling `{word}`",
                zone.path
            );
        }
    }
}

/// Every question serves at least one CURRENT exam objective: N10-009, 220-1201 or
/// 220-1202 (issue 26). The retired 220-1101 may stay as an extra tag, never alone.
#[test]
fn every_question_carries_a_current_objective() {
    let current = ["N10-009 ", "220-1201 ", "220-1202 "];
    let without: Vec<&str> = questions()
        .into_iter()
        .filter(|q| {
            !q.objectives
                .iter()
                .any(|o| current.iter().any(|c| o.starts_with(c)))
        })
        .map(|q| q.id.as_str())
        .collect();
    assert!(
        without.is_empty(),
        "questions with only retired objectives: {without:?}"
    );
}

/// N10-009 objective 1.4 lists SMTP 25 and "SMTPS" 587 and no POP3, IMAP or 465
/// (CompTIA, N10-009 Exam Objectives 4.0): a question about the mailbox ports or
/// about 465 alone does not belong to it, and the exam's label is taught beside the
/// RFCs (issue 26).
#[test]
fn n10_009_1_4_keeps_to_its_list_and_the_smtps_label_is_taught() {
    let mut taught = false;
    for q in questions() {
        let mut text = format!("{} {}", q.prompt, q.explanation);
        let mut keys = String::new();
        for c in &q.choices {
            let t = c.text.as_deref().unwrap_or_default();
            text.push_str(&format!(" {t} {}", c.why));
            if c.correct == Some(true) {
                keys.push_str(&format!(" {t}"));
            }
        }
        if text.contains("SMTPS") && text.contains("587") && text.contains("RFC 8314") {
            taught = true;
        }
        if !q.objectives.iter().any(|o| o == "N10-009 1.4") || keys.is_empty() {
            continue;
        }
        // Every correct option of a 1.4 question made only of mailbox ports (110,
        // 143, 993, 995) is outside the N10-009 list.
        let mailbox_only = q
            .choices
            .iter()
            .filter(|c| c.correct == Some(true))
            .all(|c| {
                let t = c.text.as_deref().unwrap_or_default().trim_matches('"');
                ["110", "143", "993", "995"].contains(&t)
            });
        assert!(
            !mailbox_only,
            "{}: tagged N10-009 1.4, but its answers are POP3/IMAP ports",
            q.id
        );
    }
    assert!(
        taught,
        "no question teaches N10-009's \"SMTPS 587\" beside RFC 8314"
    );
}

/// Every choice, right or wrong, explains itself.
#[test]
fn every_choice_has_a_why() {
    for q in questions() {
        for c in &q.choices {
            assert!(
                c.why.split_whitespace().count() >= 4,
                "{}: {:?}",
                q.id,
                c.text
            );
        }
    }
}

/// Only names reserved by RFC 2606 / RFC 6761 in the bundled content: `check`
/// finds no other name in any zone or bank.
#[test]
fn bundled_content_uses_reserved_names_only() {
    let lib = library();
    let unreserved: Vec<_> = lib
        .diagnostics
        .iter()
        .filter(|d| d.level != Level::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(unreserved.is_empty(), "{unreserved:#?}");
    assert!(lib.skipped.is_empty(), "{:?}", lib.skipped);
}

/// Deep-dive items are for practice: an exam never draws one, practice offers all.
#[test]
fn exams_leave_out_deep_dive_questions_and_practice_offers_them() {
    let lib = library();
    let deep: Vec<String> = lib
        .banks
        .iter()
        .flat_map(|b| b.questions.iter())
        .filter(|q| q.scope == Scope::DeepDive)
        .map(|q| q.id.clone())
        .collect();
    assert!(deep.len() >= 15, "{} deep-dive questions", deep.len());
    // Sessions as every front end starts them, with every question.
    let ids = |mode| -> Vec<String> {
        let spec = mxdrill::play::SessionSpec {
            count: Some(1000),
            ..mxdrill::play::SessionSpec::new(mode, 7)
        };
        let study = spec.start(lib, None, &Score::default(), 0).expect("starts");
        assert!(study.skipped.is_empty(), "{:?}", study.skipped);
        study
            .session
            .items
            .iter()
            .map(|item| item.progress_id())
            .collect()
    };
    let exam = ids(Mode::Exam);
    let practice = ids(Mode::Practice);
    assert!(deep.iter().all(|id| !exam.contains(id)));
    assert!(deep.iter().all(|id| practice.contains(id)));
    assert_eq!(exam.len() + deep.len(), practice.len());
}

/// A zone that is wrong on purpose exists to be asked about: every bundled zone
/// with declared `defects` is the zone of at least one question (issue 17).
#[test]
fn every_defect_zone_is_used_by_a_question() {
    let lib = library();
    let used: Vec<_> = questions()
        .iter()
        .filter_map(|q| q.zone.as_deref())
        .filter_map(|z| mxdrill::content::zone::zone_name(z).ok())
        .collect();
    let unused: Vec<String> = lib
        .world
        .zones()
        .iter()
        .filter(|z| !z.defects.is_empty() && !used.contains(&z.origin))
        .map(|z| z.origin.to_string())
        .collect();
    assert!(
        unused.is_empty(),
        "defect zones no question uses: {unused:?}"
    );
}
