//! The plain line mode (`practice|exam|review --plain`): numbered choices out, one
//! answer per line in, for screen readers and scripts. Generic over its input,
//! output and clock, so tests run it in-process.

use super::input::{hint, parse_line};
use super::session::Study;
use crate::content::Library;
use crate::content::bank::Kind;
use crate::progress::Store;
use crate::quiz::{Answer, Item, Mode, Score, Verdict};
use std::io::{self, BufRead, Write};

/// What a plain session runs with.
pub struct Plain<'a, R, W> {
    /// The content.
    pub library: &'a Library,
    /// Answers, one per line.
    pub input: R,
    /// Questions and feedback.
    pub out: W,
    /// Where answers are recorded, if anywhere.
    pub store: Option<&'a mut Store>,
    /// After a predict or order question, replay its delivery step by step.
    pub replay: bool,
    /// The clock (seconds).
    pub clock: &'a dyn Fn() -> u64,
}

impl<R: BufRead, W: Write> Plain<'_, R, W> {
    /// Runs `study` to its end (or the end of the input); warnings (answers that
    /// could not be saved) are returned for standard error.
    pub fn run(&mut self, study: &mut Study) -> io::Result<Vec<String>> {
        let mut warnings = Vec::new();
        for e in &study.skipped {
            writeln!(self.out, "(skipped {e})")?;
        }
        let total = study.session.items.len();
        let mut answered = 0;
        for i in 0..total {
            study.session.go(i);
            let item = study.session.items[i].clone();
            write!(self.out, "{}", show(&item, i, total))?;
            if let Some(left) = study.session.remaining((self.clock)()) {
                writeln!(self.out, "Time left: {}:{:02}", left / 60, left % 60)?;
            }
            if !self.ask(study, &item)? {
                break;
            }
            answered += 1;
            warnings.extend(self.save(study));
        }
        let now = (self.clock)();
        if study.session.mode == Mode::Exam {
            let score = study.session.submit(&self.library.world, now);
            warnings.extend(self.save(study));
            let s = &study.session;
            write!(self.out, "{}", results(&score, s.passed(), s.pass_mark))?;
            writeln!(self.out, "Score: {}/{}", score.total.correct, total)?;
        } else {
            let score = study.session.score();
            writeln!(self.out, "Score: {}/{}", score.total.correct, answered)?;
        }
        Ok(warnings)
    }

    /// Reads answers until one is valid and shows the feedback; false at the end of
    /// the input.
    fn ask(&mut self, study: &mut Study, item: &Item) -> io::Result<bool> {
        loop {
            self.out.flush()?;
            let mut line = String::new();
            if self.input.read_line(&mut line)? == 0 {
                return Ok(false);
            }
            let response = match parse_line(item, line.trim()) {
                Ok(r) => r,
                Err(e) => {
                    writeln!(self.out, "Invalid answer: {e}. Try again.")?;
                    continue;
                }
            };
            let now = (self.clock)();
            if let Some(verdict) = study.session.answer(response, &self.library.world, now) {
                write!(self.out, "{}", feedback(item, verdict))?;
                if self.replay {
                    write!(self.out, "{}", replay(item, self.library))?;
                }
            }
            writeln!(self.out)?;
            return Ok(true);
        }
    }

    fn save(&mut self, study: &mut Study) -> Vec<String> {
        match self.store.as_deref_mut() {
            Some(store) => study.save(store, (self.clock)()),
            None => Vec::new(),
        }
    }
}

/// A question as text.
pub fn show(item: &Item, i: usize, total: usize) -> String {
    let mut s = format!(
        "Question {}/{} ({}, {}){}\n{}\n",
        i + 1,
        total,
        item.category.name(),
        item.kind.name(),
        if item.generated { ", generated" } else { "" },
        item.prompt
    );
    for line in &item.context {
        s.push_str(&format!("{line}\n"));
    }
    if !item.zone_beside().is_empty() {
        s.push_str("Zone:\n");
        for (n, line) in item.zone_beside() {
            s.push_str(&format!("{n:>4}  {line}\n"));
        }
    }
    for (n, o) in item.options.iter().enumerate() {
        match item.kind {
            Kind::ZoneLine => s.push_str(&format!("  {}\n", o.text)),
            _ => s.push_str(&format!("  {}. {}\n", n + 1, o.text)),
        }
    }
    s.push_str(hint(item.kind));
    s.push('\n');
    s
}

/// The verdict line and the teaching that follows it.
pub fn feedback(item: &Item, verdict: &Verdict) -> String {
    let word = if verdict.correct {
        "Correct"
    } else {
        "Incorrect"
    };
    let mut s = format!("{word}. {}\n", verdict.summary);
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
    let verdict = if passed { "Passed" } else { "Not passed" };
    match pass_mark {
        Some(mark) => s.push_str(&format!("{verdict} (pass mark {mark}%)\n")),
        None => s.push_str(&format!(
            "Estimated scaled score: {} of 900 (an estimate: CompTIA's scale is not a straight conversion of percent correct); {} against the 720 pass mark\n",
            score.scaled_estimate(),
            if passed { "above" } else { "below" }
        )),
    }
    s
}

/// The delivery behind a predict or order question, step by step.
pub fn replay(item: &Item, library: &Library) -> String {
    let Some(setup) = &item.replay else {
        return String::new();
    };
    match setup.run(&library.world) {
        Ok(trace) => format!(
            "The delivery, step by step (profile {}):\n{}",
            setup.profile.name(),
            trace.to_text()
        ),
        Err(e) => format!("(no replay: {e})\n"),
    }
}
