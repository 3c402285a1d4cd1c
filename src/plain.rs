//! Plain line mode (`mxdrill practice|exam|review --plain`): numbered choices on
//! standard output, one answer per line on standard input — for screen readers
//! and scripts. Works when standard input is not a terminal.

use crate::{learner, sources};
use mxdrill::cli::{Cli, QuizArgs};
use mxdrill::content::bank::{Category, Kind};
use mxdrill::content::{self, Library};
use mxdrill::delivery::Scenario;
use mxdrill::progress::{self, Store};
use mxdrill::quiz::{self, Answer, Item, Mode, Response, Score, Session, Verdict};
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

fn usage(message: &str) -> ExitCode {
    eprintln!("mxdrill: {message}");
    ExitCode::from(2)
}

fn parse_kind(text: &str) -> Result<Kind, String> {
    Kind::ALL
        .into_iter()
        .find(|k| k.name() == text)
        .ok_or_else(|| {
            format!("unknown kind '{text}' (choice, multi, order, zone-line, command, predict)")
        })
}

fn parse_category(text: &str) -> Result<Category, String> {
    Category::ALL
        .into_iter()
        .find(|c| c.name() == text)
        .ok_or_else(|| format!("unknown category '{text}' (identification, priority, troubleshooting, tools, security, concepts)"))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Runs a plain session.
pub fn run(cli: &Cli, mode: Mode, args: &QuizArgs) -> ExitCode {
    let library: Library = match sources(cli, &[]) {
        Ok(sources) => content::load(&sources),
        Err(d) => return usage(&format!("{}: {}", d.path, d.message)),
    };
    for d in &library.skipped {
        eprintln!(
            "warning: skipped {} because of errors; the first: {d}",
            d.path
        );
    }
    let kind = match args.kind.as_deref().map(parse_kind).transpose() {
        Ok(k) => k,
        Err(e) => return usage(&e),
    };
    let category = match args.category.as_deref().map(parse_category).transpose() {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let seed = args.seed.unwrap_or_else(|| now() % 100_000);
    let count = args
        .count
        .or(Some(if mode == Mode::Exam { 30 } else { 10 }));
    let mut store = match learner::open(&cli.learner) {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("warning: progress will not be saved: {e}");
            None
        }
    };
    let items = if args.drill {
        quiz::drills(seed, args.count.unwrap_or(20))
    } else {
        let chosen = match (&store, mode, kind, category) {
            // Review with a store: due questions first, then unseen ones (FSRS).
            (Some(store), Mode::Review, None, None) => quiz::select_review(
                &library,
                count,
                seed,
                &progress::due_order(&store.progress),
                now(),
            ),
            _ => quiz::select(
                &library,
                mode,
                kind,
                category,
                count,
                seed,
                &Score::default(),
            ),
        };
        match chosen {
            Ok(items) if !items.is_empty() => items,
            Ok(_) => return usage("no question matches"),
            Err(e) => return usage(&e.to_string()),
        }
    };
    let pass_mark = library.banks.iter().find_map(|b| b.pass_mark);
    let mut session = Session::new(mode, items, now(), pass_mark);
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout().lock();
    let total = session.items.len();
    let mut answered = 0;
    'questions: for i in 0..total {
        session.go(i);
        let item = session.items[i].clone();
        let _ = write!(out, "{}", show(&item, i, total));
        if let Some(left) = session.remaining(now()) {
            let _ = writeln!(out, "Time left: {}:{:02}", left / 60, left % 60);
        }
        loop {
            let _ = out.flush();
            let mut line = String::new();
            match input.read_line(&mut line) {
                Ok(0) | Err(_) => break 'questions,
                Ok(_) => {}
            }
            let response = match read(&item, line.trim()) {
                Ok(r) => r,
                Err(e) => {
                    let _ = writeln!(out, "Invalid answer: {e}. Try again.");
                    continue;
                }
            };
            answered += 1;
            if let Some(verdict) = session.answer(response, &library.world, now()) {
                save(&mut store, &item, verdict.correct);
                let _ = write!(out, "{}", feedback(&item, verdict));
                if args.replay {
                    let _ = write!(out, "{}", replay(&item, &library));
                }
            }
            let _ = writeln!(out);
            break;
        }
    }
    if mode == Mode::Exam {
        let score = session.submit(&library.world, now());
        for (item, verdict) in session.items.iter().zip(&session.verdicts) {
            if let Some(v) = verdict {
                save(&mut store, item, v.correct);
            }
        }
        let _ = write!(
            out,
            "{}",
            results(&score, session.passed(), session.pass_mark)
        );
        let _ = writeln!(out, "Score: {}/{}", score.total.correct, total);
    } else {
        let score = session.score();
        let _ = writeln!(out, "Score: {}/{}", score.total.correct, answered);
    }
    ExitCode::SUCCESS
}

/// A question as text.
fn show(item: &Item, i: usize, total: usize) -> String {
    let mut s = format!(
        "Question {}/{} ({}, {}){}\n{}\n",
        i + 1,
        total,
        item.category.name(),
        item.kind.name(),
        if item.generated { ", generated" } else { "" },
        item.prompt
    );
    if !item.zone_lines.is_empty() && item.kind != Kind::ZoneLine {
        s.push_str("Zone:\n");
        for (n, line) in &item.zone_lines {
            s.push_str(&format!("{n:>4}  {line}\n"));
        }
    }
    let hint = match item.kind {
        Kind::Choice | Kind::Predict => "Type the number of your answer.",
        Kind::Multi => "Type the numbers of all that apply, separated by spaces.",
        Kind::Order => {
            "Type the numbers in the order a sender tries the hosts, separated by spaces."
        }
        Kind::ZoneLine => "Type the line number(s) of the faulty record(s), separated by spaces.",
        Kind::Command => "Type a dig, nslookup or host command.",
    };
    for (n, o) in item.options.iter().enumerate() {
        match item.kind {
            Kind::ZoneLine => s.push_str(&format!("  {}\n", o.text)),
            _ => s.push_str(&format!("  {}. {}\n", n + 1, o.text)),
        }
    }
    s.push_str(hint);
    s.push('\n');
    s
}

/// Reads one answer line.
fn read(item: &Item, line: &str) -> Result<Response, String> {
    if item.kind == Kind::Command {
        return if line.is_empty() {
            Err("type a command".into())
        } else {
            Ok(Response::Command(line.to_string()))
        };
    }
    let numbers: Vec<usize> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.parse::<usize>()
                .map_err(|_| format!("'{w}' is not a number"))
        })
        .collect::<Result<_, _>>()?;
    if numbers.is_empty() {
        return Err("type at least one number".into());
    }
    let indices: Vec<usize> = match item.kind {
        // Zone-line options are the zone's non-empty lines, answered by file line number.
        Kind::ZoneLine => numbers
            .iter()
            .map(|&n| {
                let mut lines = item.zone_lines.iter().filter(|(_, t)| !t.trim().is_empty());
                lines
                    .position(|(line, _)| *line as usize == n)
                    .ok_or_else(|| format!("there is no record on line {n}"))
            })
            .collect::<Result<_, _>>()?,
        _ => numbers
            .iter()
            .map(|&n| {
                if (1..=item.options.len()).contains(&n) {
                    Ok(n - 1)
                } else {
                    Err(format!("choose from 1 to {}", item.options.len()))
                }
            })
            .collect::<Result<_, _>>()?,
    };
    match item.kind {
        Kind::Choice | Kind::Predict if indices.len() != 1 => Err("choose exactly one".into()),
        Kind::Order
            if {
                let mut s = indices.clone();
                s.sort_unstable();
                s.dedup();
                s.len() != item.options.len() || indices.len() != item.options.len()
            } =>
        {
            Err(format!("give all {} hosts, each once", item.options.len()))
        }
        Kind::Order => Ok(Response::Order(indices)),
        _ => Ok(Response::Pick(indices)),
    }
}

/// The verdict line and the teaching that follows it.
fn feedback(item: &Item, verdict: &Verdict) -> String {
    let mut s = format!(
        "{}. {}\n",
        if verdict.correct {
            "Correct"
        } else {
            "Incorrect"
        },
        verdict.summary
    );
    for d in &verdict.details {
        s.push_str(&format!("  {d}\n"));
    }
    if matches!(item.answer, Answer::One(_) | Answer::Set(_)) && item.kind != Kind::ZoneLine {
        for (n, o) in item
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| !o.why.is_empty())
        {
            s.push_str(&format!("  {}. {} — {}\n", n + 1, o.text, o.why));
        }
    }
    s.push_str(&format!("{}\n", item.explanation));
    s
}

/// Exam results by category and objective.
fn results(score: &Score, passed: bool, pass_mark: Option<u8>) -> String {
    let mut s = String::from("Results\n");
    for (name, t) in score.by_category.iter().chain(&score.by_objective) {
        s.push_str(&format!(
            "  {name:<16} {}/{} ({}%)\n",
            t.correct,
            t.answered,
            t.percent()
        ));
    }
    match pass_mark {
        Some(mark) => s.push_str(&format!("{} (pass mark {mark}%)\n", if passed { "Passed" } else { "Not passed" })),
        None => s.push_str(&format!(
            "Estimated scaled score: {} of 900 (an estimate: CompTIA's scale is not a straight conversion of percent correct); {} against the 720 pass mark\n",
            score.scaled_estimate(),
            if passed { "above" } else { "below" }
        )),
    }
    s
}

/// The delivery behind a predict or order question, step by step.
fn replay(item: &Item, library: &Library) -> String {
    let Some(r) = &item.replay else {
        return String::new();
    };
    let world = r.world.as_deref().unwrap_or(&library.world);
    let scenario = Scenario {
        world,
        recipient: &r.recipient,
        overrides: r.overrides.clone(),
        profile: r.profile,
        self_host: r.self_host.clone(),
        seed: 0,
    };
    match mxdrill::delivery::simulate(&scenario) {
        Ok(trace) => format!(
            "The delivery, step by step (profile {}):\n{}",
            r.profile.name(),
            trace.to_text()
        ),
        Err(e) => format!("(no replay: {e})\n"),
    }
}

/// Records an answer in the learner's store; a failure is told, not fatal.
fn save(store: &mut Option<Store>, item: &Item, correct: bool) {
    let Some(s) = store else { return };
    // Generated drills count per category, under one entry per kind.
    let question = if item.generated {
        format!("{}-drill", item.kind.name())
    } else {
        item.id.clone()
    };
    if let Err(e) = s.record(
        &item.bank,
        &question,
        item.category.name(),
        &item.objectives,
        correct,
        now(),
    ) {
        eprintln!("warning: this answer could not be saved: {e}");
    }
    if let Some(notice) = s.take_notice() {
        eprintln!("warning: {notice}");
    }
}
