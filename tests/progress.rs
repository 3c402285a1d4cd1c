//! The progress store loses nothing: atomic writes, unreadable stores kept aside,
//! two writers merged; FSRS scheduling; reports.

use mxdrill::progress::{
    Event, Progress, Rating, Report, Schedule, Store, atomic_write, csv, json, merge_reports,
};
use std::io::Write;

const DAY: u64 = 86_400;
const T0: u64 = 1_795_000_000;

fn objectives() -> Vec<String> {
    vec!["N10-009 3.4".into()]
}

#[test]
fn a_write_that_fails_midway_leaves_the_previous_store_intact() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
    store
        .record("b", "q1", "priority", &objectives(), true, T0)
        .expect("record");
    let path = dir.path().join("progress.json");
    let before = std::fs::read(&path).expect("written");
    let failed = atomic_write(&path, |f| {
        f.write_all(b"{\"version\": 1, \"entr")?;
        Err(std::io::Error::other("disk full"))
    });
    assert!(failed.is_err());
    assert_eq!(std::fs::read(&path).expect("still there"), before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only the store and its lock: {leftovers:?}"
    );
}

#[test]
fn an_unreadable_store_is_kept_aside_and_a_fresh_one_starts() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::write(dir.path().join("progress.json"), b"not json at all").expect("write");
    let opened = Store::open(dir.path(), T0, 1).expect("open");
    let aside = opened.moved_aside.expect("moved aside");
    assert_eq!(std::fs::read(&aside).expect("kept"), b"not json at all");
    assert!(
        aside
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains(&T0.to_string()))
    );
    assert!(opened.store.progress.entries.is_empty());
    // A second unreadable store at the same second does not overwrite the first.
    std::fs::write(dir.path().join("progress.json"), b"{ broken").expect("write");
    let again = Store::open(dir.path(), T0, 1)
        .expect("open")
        .moved_aside
        .expect("aside");
    assert_ne!(again, aside);
    assert!(aside.exists() && again.exists());
}

#[test]
fn two_writers_interleaved_lose_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = Store::open(dir.path(), T0, 1_000).expect("a").store;
    let mut b = Store::open(dir.path(), T0, 2_000).expect("b").store;
    a.record("b", "q1", "priority", &objectives(), true, T0)
        .expect("a1");
    b.record("b", "q2", "tools", &objectives(), false, T0)
        .expect("b1");
    a.record("b", "q1", "priority", &objectives(), false, T0 + 5)
        .expect("a2");
    let on_disk = Store::open(dir.path(), T0, 3_000)
        .expect("reopen")
        .store
        .progress;
    assert_eq!(on_disk.entries.len(), 2);
    assert_eq!(on_disk.entries["b/q1"].attempts(), 2);
    assert_eq!(on_disk.entries["b/q2"].attempts(), 1);
}

#[test]
fn two_processes_writing_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let threads: Vec<_> = (0..2u64)
        .map(|t| {
            let path = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let mut store = Store::open(&path, T0, t * 1_000_000).expect("open").store;
                for i in 0..25 {
                    store
                        .record(
                            "b",
                            &format!("q{}", i % 5),
                            "priority",
                            &objectives(),
                            i % 2 == 0,
                            T0 + i,
                        )
                        .expect("record");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let progress = Store::open(dir.path(), T0, 9)
        .expect("reopen")
        .store
        .progress;
    let answers: usize = progress.entries.values().map(|e| e.attempts()).sum();
    assert_eq!(answers, 50);
}

fn entry_with(answers: &[(u64, bool)]) -> mxdrill::progress::Entry {
    let mut p = Progress::new();
    for (i, (at, correct)) in answers.iter().enumerate() {
        p.record(
            "b",
            "q",
            "priority",
            &objectives(),
            Event {
                at: *at,
                nonce: i as u64,
                correct: *correct,
                rating: None,
            },
        );
    }
    p.entries["b/q"].clone()
}

#[test]
fn fsrs_intervals_grow_after_right_answers_and_shrink_after_lapses() {
    let mut answers = vec![(T0, true)];
    let mut intervals = Vec::new();
    for _ in 0..4 {
        let s = Schedule::of(&entry_with(&answers)).expect("scheduled");
        intervals.push(s.interval_days);
        answers.push((s.due, true));
    }
    assert!(intervals.windows(2).all(|w| w[1] > w[0]), "{intervals:?}");
    let last = *answers.last().expect("answers");
    answers.push((last.0 + 30 * DAY, false));
    let lapse = Schedule::of(&entry_with(&answers)).expect("scheduled");
    assert!(
        lapse.interval_days < *intervals.last().expect("intervals"),
        "{} vs {intervals:?}",
        lapse.interval_days
    );
}

#[test]
fn reports_in_csv_json_and_a_merged_class_csv() {
    let mut p = Progress::new();
    p.record(
        "mx-core",
        "q1",
        "priority",
        &["N10-009 3.4".into(), "220-1101 2.6".into()],
        Event {
            at: T0,
            nonce: 1,
            correct: true,
            rating: None,
        },
    );
    p.record(
        "mx-core",
        "q1",
        "priority",
        &["N10-009 3.4".into(), "220-1101 2.6".into()],
        Event {
            at: T0 + DAY,
            nonce: 2,
            correct: false,
            rating: None,
        },
    );
    p.record(
        "mx-core",
        "q2",
        "tools",
        &["N10-009 3.4".into()],
        Event {
            at: T0,
            nonce: 3,
            correct: true,
            rating: None,
        },
    );
    let text = csv(&p);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "bank,question,category,objectives,attempts,correct,last_answered,next_due"
    );
    assert!(
        lines[1].starts_with("mx-core,q1,priority,N10-009 3.4; 220-1101 2.6,2,1,2026-11-"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.len(), 3);
    let report = json(&p, "ana");
    assert_eq!(report.categories["priority"].answered, 2);
    let round: Report =
        serde_json::from_str(&serde_json::to_string(&report).expect("json")).expect("parse");
    let class = merge_reports(&[round, json(&p, "ben")]);
    assert_eq!(
        class.lines().next(),
        Some("learner,category,answered,correct,percent")
    );
    assert!(
        class.contains("ana,priority,2,1,50") && class.contains("ben,tools,1,1,100"),
        "{class}"
    );
}

#[test]
fn stats_count_days_streaks_and_due_items() {
    let mut p = Progress::new();
    for (i, day) in [0u64, 1, 2, 4].iter().enumerate() {
        p.record(
            "b",
            &format!("q{i}"),
            "priority",
            &objectives(),
            Event {
                at: T0 + day * DAY,
                nonce: i as u64,
                correct: i % 2 == 0,
                rating: None,
            },
        );
    }
    let now = T0 + 4 * DAY + 60;
    let s = p.stats(now);
    assert_eq!(s.by_category["priority"], (4, 2));
    assert_eq!(s.per_day.iter().sum::<u64>(), 4);
    assert_eq!(s.streak, 1, "day 3 had no answer");
    assert!(
        s.due >= 1,
        "the wrong answers of days 1 and 3 are due again soon"
    );
    assert_eq!(p.stats(now + 30 * DAY).due, 4);
}

/// A newer mxdrill replaced `progress.json` while this session was open (a learner
/// running two versions): the next save must not write the old format over it. The
/// newer file is kept aside, byte for byte, and the store says so.
#[test]
fn a_store_replaced_by_a_newer_version_is_kept_aside_not_overwritten() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("progress.json");
    let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
    store
        .record("b", "q1", "priority", &objectives(), true, T0)
        .expect("record");
    assert!(store.take_notice().is_none(), "nothing to say yet");
    // Between two saves, a newer version's store (with 50 more answers) appears.
    let mut newer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
    newer["version"] = serde_json::json!(mxdrill::progress::VERSION + 1);
    newer["answers_of_the_future"] = serde_json::json!(vec![1; 50]);
    let newer = serde_json::to_vec(&newer).expect("json");
    std::fs::write(&path, &newer).expect("replace");
    store
        .record("b", "q2", "tools", &objectives(), false, T0 + 10)
        .expect("record");
    let aside = store.take_moved_aside();
    assert_eq!(aside.len(), 1, "kept aside once");
    assert_eq!(std::fs::read(&aside[0]).expect("kept"), newer);
    // The message names the file; the fresh store holds this session's answers.
    store
        .record("b", "q3", "tools", &objectives(), true, T0 + 20)
        .expect("record");
    assert!(store.take_notice().is_none(), "said once");
    let on_disk = Store::open(dir.path(), T0 + 30, 2).expect("reopen");
    assert!(on_disk.moved_aside.is_none());
    assert_eq!(on_disk.store.progress.entries.len(), 3);
}

/// The same with a damaged file: never written over, kept aside, and told.
#[test]
fn a_store_damaged_between_saves_is_kept_aside_and_told() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("progress.json");
    let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
    std::fs::write(&path, b"{ half a fi").expect("damage");
    store
        .record("b", "q1", "priority", &objectives(), true, T0)
        .expect("record");
    let notice = store.take_notice().expect("a notice");
    assert!(notice.contains("progress.json.unreadable-"), "{notice}");
}

/// Writers killed between creating their temporary file and renaming it leave
/// `.tmp*` files; the next open removes them (under the lock, so never a live
/// writer's file), and leaves everything else alone.
#[test]
fn stale_temporary_files_are_removed_on_open() {
    let dir = tempfile::tempdir().expect("dir");
    for name in [".tmpAbC123", ".tmp0xyz99", "progress.json.unreadable-1"] {
        std::fs::write(dir.path().join(name), b"left over").expect("write");
    }
    Store::open(dir.path(), T0, 1).expect("open");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    left.sort();
    assert_eq!(left, ["progress.json.unreadable-1", "progress.lock"]);
}

/// One rounding for every percentage (`ground::percent`, half up): 2 of 3 is 67 in
/// the class CSV as on the results screen (the CSV once said 66), and a pass mark
/// of 67 is met by the 67 % the learner reads.
#[test]
fn the_class_csv_rounds_percentages_as_the_screens_do() {
    let report: Report = serde_json::from_str(
        r#"{"learner": "ana", "rows": [], "categories": {"priority": {"answered": 3, "correct": 2}, "tools": {"answered": 8, "correct": 1}}}"#,
    )
    .expect("a report");
    let class = merge_reports(&[report]);
    assert!(class.contains("ana,priority,3,2,67\n"), "{class}");
    assert!(
        class.contains("ana,tools,8,1,13\n"),
        "12.5 rounds up: {class}"
    );
    let tally = mxdrill::quiz::Tally {
        answered: 3,
        correct: 2,
    };
    assert_eq!(tally.percent(), 67);
    assert_eq!(mxdrill::tui::text::percent(2, 3), 67);
}

/// The seconds a "Comes back for review ..." hint says, and the half unit it was
/// rounded to.
fn hint_seconds(hint: &str) -> (u64, u64) {
    let when = hint
        .strip_prefix("Comes back for review ")
        .unwrap_or_else(|| panic!("not a hint: {hint}"));
    if when == "now" {
        return (0, 0);
    }
    if when == "tomorrow" {
        return (DAY, DAY / 2);
    }
    let mut words = when.split(' ');
    assert_eq!(words.next(), Some("in"), "{hint}");
    let n: u64 = words.next().and_then(|n| n.parse().ok()).expect("a number");
    let unit = match words.next().expect("a unit").trim_end_matches('s') {
        "minute" => 60,
        "hour" => 3_600,
        "day" => DAY,
        other => panic!("unit {other} in {hint}"),
    };
    (n * unit, unit / 2)
}

/// Issue 24, "Done when": the spaced-repetition hints agree with the store's
/// next_due. After a right and after a wrong answer, at several histories, the
/// hint the feedback shows is the store's schedule for the question (the due
/// date the report gives as next_due), rounded to its unit.
#[test]
fn the_hints_agree_with_the_stores_next_due() {
    let histories: &[&[(u64, bool)]] = &[
        &[],
        &[(0, true)],
        &[(0, false)],
        &[(0, true), (3, true)],
        &[(0, true), (2, false), (3, true)],
        &[(0, true), (3, true), (12, true), (40, true)],
        &[(0, false), (0, false), (1, true)],
    ];
    for (h, history) in histories.iter().enumerate() {
        for last in [true, false] {
            let dir = tempfile::tempdir().expect("dir");
            let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
            let q = format!("q{h}");
            for &(day, correct) in history.iter() {
                store
                    .record("b", &q, "priority", &objectives(), correct, T0 + day * DAY)
                    .expect("record");
            }
            let now = T0 + 60 * DAY + 3_600;
            store
                .record("b", &q, "priority", &objectives(), last, now)
                .expect("record");
            let hint = store
                .progress
                .comes_back("b", &q, now)
                .expect("an answered question has a hint");
            // The store as written: what `report` reads.
            let on_disk = Store::open(dir.path(), now, 2).expect("reopen").store;
            let report = json(&on_disk.progress, "default");
            let row = report.rows.iter().find(|r| r.question == q).expect("row");
            let entry = &on_disk.progress.entries[&format!("b/{q}")];
            let due = Schedule::of(entry).expect("scheduled").due;
            assert_eq!(row.next_due, mxdrill::progress::date(due));
            assert_eq!(hint, mxdrill::progress::comes_back(due, now));
            let (said, half) = hint_seconds(&hint);
            let off = due.saturating_sub(now);
            assert!(
                off.abs_diff(said) <= half,
                "history {history:?} then {last}: due in {off} s, the hint says {hint}"
            );
            assert_eq!(
                mxdrill::progress::date(now + said),
                row.next_due,
                "history {history:?} then {last}: {hint}"
            );
            if !last {
                assert_eq!(hint, "Comes back for review now");
            }
        }
    }
}

/// Issue 24, "Done when", for every rating: after a right answer rated Again,
/// Hard, Good or Easy (at several histories), the hint the feedback shows and the
/// date the rating offer gave for that rating are the store's schedule as
/// written (the report's next_due); Easy comes back later than Good, Good later
/// than Hard, and Again at once.
#[test]
fn the_hints_agree_with_the_stores_next_due_for_every_rating() {
    let histories: &[&[(u64, bool)]] = &[
        &[],
        &[(0, true)],
        &[(0, false)],
        &[(0, true), (3, true), (12, true)],
    ];
    for (h, history) in histories.iter().enumerate() {
        let mut dues = Vec::new();
        for rating in Rating::ALL {
            let dir = tempfile::tempdir().expect("dir");
            let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
            let q = format!("q{h}");
            for &(day, correct) in history.iter() {
                store
                    .record("b", &q, "priority", &objectives(), correct, T0 + day * DAY)
                    .expect("record");
            }
            let now = T0 + 60 * DAY;
            let answer = store
                .record("b", &q, "priority", &objectives(), true, now)
                .expect("record");
            let id = (answer.at, answer.nonce);
            let offered = store
                .progress
                .due_if("b", &q, id, rating)
                .expect("an offer");
            store.rate("b", &q, id, rating).expect("rated");
            let hint = store.progress.comes_back("b", &q, now).expect("a hint");
            let on_disk = Store::open(dir.path(), now, 2).expect("reopen").store;
            let entry = &on_disk.progress.entries[&format!("b/{q}")];
            assert_eq!(entry.events.last().and_then(|e| e.rating), Some(rating));
            let due = Schedule::of(entry).expect("scheduled").due;
            let report = json(&on_disk.progress, "default");
            let row = report.rows.iter().find(|r| r.question == q).expect("row");
            assert_eq!(row.next_due, mxdrill::progress::date(due), "{rating:?}");
            assert_eq!(offered, due, "the offer's date is the store's, {rating:?}");
            assert_eq!(hint, mxdrill::progress::comes_back(due, now), "{rating:?}");
            let (said, half) = hint_seconds(&hint);
            assert!(due.saturating_sub(now).abs_diff(said) <= half, "{hint}");
            dues.push(due);
        }
        let [again, hard, good, easy] = dues[..] else {
            panic!("four ratings")
        };
        let now = T0 + 60 * DAY;
        assert_eq!(again, now, "Again comes back at once ({history:?})");
        assert!(
            now < hard && hard < good && good < easy,
            "Easy > Good > Hard after {history:?}: {dues:?}"
        );
    }
}

/// An unrated right answer is scheduled as Good, so pressing Enter (no rating)
/// and rating Good agree.
#[test]
fn an_unrated_right_answer_is_good_and_a_wrong_one_stays_again() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(dir.path(), T0, 1).expect("open").store;
    let right = store
        .record("b", "q", "priority", &objectives(), true, T0)
        .expect("record");
    let unrated = Schedule::of(&store.progress.entries["b/q"])
        .expect("due")
        .due;
    let good = store
        .progress
        .due_if("b", "q", (right.at, right.nonce), Rating::Good)
        .expect("offer");
    assert_eq!(unrated, good);
    let wrong = store
        .record("b", "w", "priority", &objectives(), false, T0)
        .expect("record");
    store
        .rate("b", "w", (wrong.at, wrong.nonce), Rating::Easy)
        .expect("nothing to write");
    let entry = &store.progress.entries["b/w"];
    assert_eq!(entry.events[0].rating, None, "a wrong answer is not rated");
    assert_eq!(
        Schedule::of(entry).expect("due").due,
        T0,
        "still due at once"
    );
}

/// The store's format keeps version 1: a store written before ratings (no
/// `rating` field) loads unchanged and schedules as before; a rated answer is
/// written as `"rating": "easy"`, an unrated one without the field, and both
/// load again.
#[test]
fn stores_before_ratings_load_and_ratings_round_trip() {
    let dir = tempfile::tempdir().expect("dir");
    let old = r#"{
  "version": 1,
  "entries": {
    "b/q1": {
      "bank": "b", "question": "q1", "category": "priority",
      "objectives": ["N10-009 3.4"],
      "events": [
        { "at": 1795000000, "nonce": 7, "correct": true },
        { "at": 1795086400, "nonce": 8, "correct": false }
      ]
    }
  }
}"#;
    std::fs::write(dir.path().join("progress.json"), old).expect("write");
    let opened = Store::open(dir.path(), T0, 1).expect("open");
    assert!(opened.moved_aside.is_none(), "the old store is read");
    let mut store = opened.store;
    let entry = &store.progress.entries["b/q1"];
    assert_eq!(entry.attempts(), 2);
    assert!(entry.events.iter().all(|e| e.rating.is_none()));
    assert_eq!(
        Schedule::of(entry).expect("due").due,
        T0 + DAY,
        "wrong: due at once"
    );
    let answer = store
        .record("b", "q1", "priority", &objectives(), true, T0 + 2 * DAY)
        .expect("record");
    store
        .rate("b", "q1", (answer.at, answer.nonce), Rating::Easy)
        .expect("rate");
    let text = std::fs::read_to_string(dir.path().join("progress.json")).expect("read");
    assert!(text.contains(r#""version": 1"#), "{text}");
    assert_eq!(text.matches(r#""rating": "easy""#).count(), 1, "{text}");
    assert_eq!(text.matches(r#""rating""#).count(), 1, "unrated: no field");
    let again = Store::open(dir.path(), T0, 2).expect("reopen");
    assert!(again.moved_aside.is_none(), "the new store is read");
    let events = &again.store.progress.entries["b/q1"].events;
    assert_eq!(events.len(), 3, "rating adds no answer");
    assert_eq!(events[2].rating, Some(Rating::Easy));
    assert_eq!(events[..2], store.progress.entries["b/q1"].events[..2]);
}

/// One answer is one event: rating it twice keeps the last rating; merging a
/// store that holds the rated answer with one that holds it unrated keeps the
/// rating, in either order; and an instance holding an older rating in memory
/// does not write it over the newer one on disk.
#[test]
fn rated_answers_merge_as_one_event_with_the_latest_rating() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = Store::open(dir.path(), T0, 1_000).expect("a").store;
    let answer = a
        .record("b", "q1", "priority", &objectives(), true, T0)
        .expect("record");
    let id = (answer.at, answer.nonce);
    let unrated = a.progress.clone();
    let mut b = Store::open(dir.path(), T0, 2_000).expect("b").store;
    a.rate("b", "q1", id, Rating::Easy).expect("rate");
    a.rate("b", "q1", id, Rating::Hard).expect("rate again");
    let rated = a.progress.clone();
    assert_eq!(rated.entries["b/q1"].events.len(), 1);
    assert_eq!(rated.entries["b/q1"].events[0].rating, Some(Rating::Hard));
    for (mut into, from) in [
        (unrated.clone(), rated.clone()),
        (rated.clone(), unrated.clone()),
    ] {
        into.merge(&from);
        let events = &into.entries["b/q1"].events;
        assert_eq!(events.len(), 1, "one event for one answer");
        assert_eq!(events[0].rating, Some(Rating::Hard), "the rating is kept");
    }
    // b read the store before the ratings; it saves an answer of its own.
    b.record("b", "q2", "tools", &objectives(), true, T0 + 5)
        .expect("record");
    assert_eq!(
        b.progress.entries["b/q1"].events[0].rating,
        Some(Rating::Hard)
    );
    // a changes its mind; b, holding Hard, saves again: Easy stands.
    a.rate("b", "q1", id, Rating::Easy).expect("rate");
    b.record("b", "q2", "tools", &objectives(), false, T0 + 6)
        .expect("record");
    let on_disk = Store::open(dir.path(), T0, 3_000).expect("reopen").store;
    let events = &on_disk.progress.entries["b/q1"].events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].rating, Some(Rating::Easy));
    assert_eq!(on_disk.progress.entries["b/q2"].attempts(), 2);
}

/// An older mxdrill reads a store with ratings: its `Event` (at, nonce, correct;
/// serde without `deny_unknown_fields`, as `progress::Event` is) skips the
/// `rating` field, so the store is not moved aside; it would write the answers
/// back without their ratings (they then count as Good).
#[test]
fn an_older_reader_skips_the_rating_field() {
    #[derive(serde::Deserialize)]
    struct OldEvent {
        at: u64,
        nonce: u64,
        correct: bool,
    }
    let mut p = Progress::new();
    p.record(
        "b",
        "q",
        "priority",
        &objectives(),
        Event {
            at: T0,
            nonce: 1,
            correct: true,
            rating: Some(Rating::Hard),
        },
    );
    let text = serde_json::to_string(&p.entries["b/q"].events[0]).expect("json");
    assert_eq!(
        text,
        r#"{"at":1795000000,"nonce":1,"correct":true,"rating":"hard"}"#
    );
    let old: OldEvent = serde_json::from_str(&text).expect("an older reader");
    assert_eq!((old.at, old.nonce, old.correct), (T0, 1, true));
}
