//! The progress store loses nothing: atomic writes, unreadable stores kept aside,
//! two writers merged; FSRS scheduling; reports.

use mxdrill::progress::{
    Event, Progress, Report, Schedule, Store, atomic_write, csv, json, merge_reports,
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
