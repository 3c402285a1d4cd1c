//! The plain line mode (`practice|exam|review --plain`): numbered choices out, one
//! answer per line in, for screen readers and scripts. Generic over its input,
//! output and clock, so tests run it in-process. It works a study through the same
//! [`Sitting`] as the app, and keeps an exam with the same [`ExamKeeper`]: when the
//! input ends before the last answer, an exam with answers is saved, not graded,
//! and `--resume` ([`study`]) goes on with it.

use super::console::History;
use super::input::{hint, parse_line};
use super::keeper::ExamKeeper;
use super::review;
use super::session::{SessionSpec, Study, is_not_saved};
use super::sitting::{Command, Sitting};
use crate::content::Library;
use crate::kind::response_words;
use crate::progress::Store;
use crate::quiz::{Item, Mode, Score, Verdict};
use std::io::{self, BufRead, Read, Write};

/// The longest line read from the input, in bytes (its newline not counted): an
/// answer is a few characters, and input without a newline (`< /dev/zero`) must not
/// fill the memory.
pub const LINE_LIMIT: usize = 4096;

/// Why a plain session stopped before its end: its input was wrong or could not be
/// read, or its output could not be written.
#[derive(Debug)]
pub enum Halt {
    /// The input: what was wrong with it.
    Input(String),
    /// The output could not be written.
    Output(io::Error),
}

impl From<io::Error> for Halt {
    fn from(e: io::Error) -> Halt {
        Halt::Output(e)
    }
}

/// Reads one line of `input` into `line` (newline included), at most
/// [`LINE_LIMIT`] bytes and UTF-8; 0 at the end of the input.
pub fn read_line(input: &mut impl BufRead, line: &mut String) -> Result<usize, Halt> {
    let mut bytes = Vec::new();
    let limit = LINE_LIMIT as u64 + 1; // the newline
    let read = input
        .by_ref()
        .take(limit)
        .read_until(b'\n', &mut bytes)
        .map_err(|e| Halt::Input(format!("the input cannot be read: {e}")))?;
    if read == LINE_LIMIT + 1 && !bytes.ends_with(b"\n") {
        return Err(Halt::Input(format!(
            "an input line is longer than {LINE_LIMIT} bytes: answers are short, one a line"
        )));
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| Halt::Input(format!("an input line is not UTF-8: {}", e.utf8_error())))?;
    line.push_str(&text);
    Ok(read)
}

/// The study a plain session runs at `now`, and a line to say first: with `resume`,
/// the exam saved in `store`'s folder (a new session of `spec` when there is none
/// or it cannot be resumed, and the line says so); else a new session of `spec`.
pub fn study(
    spec: &SessionSpec,
    library: &Library,
    store: Option<&Store>,
    resume: bool,
    now: u64,
) -> Result<(Study, Option<String>), String> {
    let progress = store.map(|s| &s.progress);
    let fresh = |note: String| {
        let study = spec.start(library, progress, &Score::default(), now)?;
        Ok((study, Some(note)))
    };
    if !resume {
        let study = spec.start(library, progress, &Score::default(), now)?;
        return Ok((study, None));
    }
    let (mut keeper, problem) = ExamKeeper::open(store.map(Store::dir), now);
    if let Some(problem) = problem {
        return fresh(format!("{problem}; a new exam starts."));
    }
    let Some((answered, total)) = keeper.answered() else {
        return fresh("No saved exam to resume: a new exam starts.".into());
    };
    match keeper.resume(library, now) {
        Ok((study, note)) => {
            let left = study.session.remaining(now).unwrap_or(0);
            let mut line = format!(
                "Resuming the saved exam: {answered} of {total} answered, {}:{:02} left.",
                left / 60,
                left % 60
            );
            if let Some(note) = note {
                line.push_str(&format!(" ({note}.)"));
            }
            Ok((study, Some(line)))
        }
        Err(e) => fresh(format!("{e}; a new exam starts.")),
    }
}

/// What a plain session leaves to say on standard error when it ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Warnings {
    /// Notices (a store or a saved exam kept aside, questions skipped).
    pub lines: Vec<String>,
    /// Problems saving (answers, ratings, the exam), in order; the first was said
    /// under its feedback already.
    pub not_saved: Vec<String>,
}

impl Warnings {
    fn of(all: Vec<String>) -> Warnings {
        let (not_saved, lines) = all.into_iter().partition(|w| is_not_saved(w));
        Warnings { lines, not_saved }
    }

    /// Whether there is nothing to say.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.not_saved.is_empty()
    }

    /// One line on what was not saved (`None`: everything was): how many problems
    /// and the first, which names the file and the system's reason.
    pub fn not_saved_summary(&self) -> Option<String> {
        let first = self.not_saved.first()?;
        let n = self.not_saved.len();
        Some(match n {
            1 => format!("progress not fully saved: {first}"),
            _ => format!("progress not fully saved ({n} saves failed); the first: {first}"),
        })
    }
}

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
    /// Writes `line` before the session (what [`study`] says).
    pub fn say(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.out, "{line}")
    }

    /// Runs `study` to its end (or the end of the input); warnings (answers that
    /// could not be saved) are returned for standard error. An exam answered in
    /// part when the input ends is saved for `--resume` instead of graded, when
    /// there is a progress store to keep it beside.
    pub fn run(&mut self, study: &mut Study) -> Result<Warnings, Halt> {
        let mut warnings = Vec::new();
        let mut told = false;
        for e in &study.skipped {
            writeln!(self.out, "(skipped {e})")?;
        }
        let mut sitting = Sitting::new(study.clone());
        let mut keeper = self.keeper(&sitting, &mut warnings)?;
        let total = sitting.study.session.items.len();
        let mut answered = 0;
        let mut ended = false;
        for i in 0..total {
            // A resumed exam asks only what is still open.
            if sitting.study.session.responses[i].is_some() {
                continue;
            }
            sitting.go(i);
            let item = sitting.study.session.items[i].clone();
            write!(self.out, "{}", show(&item, i, total))?;
            if let Some(left) = sitting.study.session.remaining((self.clock)()) {
                writeln!(self.out, "Time left: {}:{:02}", left / 60, left % 60)?;
            }
            if !self.ask(&mut sitting, &item, &mut warnings)? {
                ended = true;
                break;
            }
            answered += 1;
            warnings.extend(self.save(&mut sitting.study));
            let now = (self.clock)();
            warnings.extend(
                keeper
                    .as_mut()
                    .and_then(|k| k.keep(&sitting.study, now, false)),
            );
            self.tell_first_not_saved(&warnings, &mut told)?;
        }
        // Every question asked: the review list before submitting, to change any.
        if sitting.study.session.mode == Mode::Exam && !ended {
            self.review(&mut sitting, &mut keeper, &mut warnings)?;
        }
        let now = (self.clock)();
        let s = &sitting.study.session;
        let given = s.responses.iter().filter(|r| r.is_some()).count();
        if s.mode == Mode::Exam && ended && given > 0 && keeper.is_some() {
            // Kept with the time used, for `--resume`.
            warnings.extend(
                keeper
                    .as_mut()
                    .and_then(|k| k.keep(&sitting.study, now, true)),
            );
            writeln!(
                self.out,
                "Input ended with {given} of {total} questions answered: the exam is saved, not graded; `mxdrill exam --plain --resume` goes on with it."
            )?;
        } else if s.mode == Mode::Exam {
            sitting.submit(&self.library.world, now);
            warnings.extend(self.save(&mut sitting.study));
            warnings.extend(
                keeper
                    .as_mut()
                    .and_then(|k| k.keep(&sitting.study, now, false)),
            );
            self.tell_first_not_saved(&warnings, &mut told)?;
            let s = &sitting.study.session;
            let score = s.score();
            write!(self.out, "{}", results(&score, s.passed(), s.pass_mark))?;
            write!(self.out, "{}", answers(s))?;
            writeln!(self.out, "Score: {}/{}", score.total.correct, total)?;
            self.practise_missed(&sitting.study, &mut warnings)?;
        } else {
            if !ended {
                self.last_rating(&mut sitting, &mut warnings)?;
            }
            let score = sitting.study.session.score();
            writeln!(self.out, "Score: {}/{}", score.total.correct, answered)?;
        }
        *study = sitting.study;
        Ok(Warnings::of(warnings))
    }

    /// Says the first problem saving (an answer, a rating, the exam) under the
    /// feedback, once, so the learner knows at once that progress is not being
    /// kept; the session goes on, and the command's status says it at the end.
    fn tell_first_not_saved(&mut self, warnings: &[String], told: &mut bool) -> io::Result<()> {
        if *told {
            return Ok(());
        }
        if let Some(first) = warnings.iter().find(|w| is_not_saved(w)) {
            writeln!(
                self.out,
                "Warning: {first}. The session goes on; what is not saved is lost when it ends."
            )?;
            *told = true;
        }
        Ok(())
    }

    /// The exam's review list (`play::review`, as the app lists it) until the
    /// learner submits: a question's number asks it again, Enter (or the end of
    /// the input) submits.
    fn review(
        &mut self,
        sitting: &mut Sitting,
        keeper: &mut Option<ExamKeeper>,
        warnings: &mut Vec<String>,
    ) -> Result<(), Halt> {
        let total = sitting.study.session.items.len();
        loop {
            let s = &sitting.study.session;
            writeln!(self.out, "Before you submit, every question:")?;
            writeln!(self.out, "{}", review::counts(s, (self.clock)()))?;
            for row in review::rows(s) {
                writeln!(
                    self.out,
                    "  {:>2}. {:<12}  {:<9}  {}",
                    row.number,
                    row.state(),
                    row.flag(),
                    row.prompt
                )?;
            }
            writeln!(
                self.out,
                "Type a question's number to change its answer, or press Enter to submit."
            )?;
            self.out.flush()?;
            let mut line = String::new();
            if read_line(&mut self.input, &mut line)? == 0 || line.trim().is_empty() {
                return Ok(());
            }
            let Some(i) = review::numbered(&line, total) else {
                writeln!(self.out, "{}", review::no_such(line.trim(), total))?;
                continue;
            };
            sitting.go(i);
            let item = sitting.study.session.items[i].clone();
            write!(self.out, "{}", show(&item, i, total))?;
            if let Some(given) = &sitting.study.session.responses[i] {
                writeln!(self.out, "Your answer: {}", response_words(&item, given))?;
            }
            if !self.ask(sitting, &item, warnings)? {
                return Ok(());
            }
            let now = (self.clock)();
            warnings.extend(
                keeper
                    .as_mut()
                    .and_then(|k| k.keep(&sitting.study, now, false)),
            );
        }
    }

    /// After an exam's results: offers a practice of exactly the questions it
    /// missed (`play::review`), default no, or says why there is none.
    fn practise_missed(&mut self, exam: &Study, warnings: &mut Vec<String>) -> Result<(), Halt> {
        let offer = match review::missed_offer(&exam.session) {
            Ok(offer) => offer,
            Err(why) => return Ok(writeln!(self.out, "{why}")?),
        };
        let mut offer = offer.chars();
        let first = offer.next().map(|c| c.to_ascii_uppercase());
        writeln!(
            self.out,
            "{}{}? [y/N]",
            first.map(String::from).unwrap_or_default(),
            offer.as_str()
        )?;
        self.out.flush()?;
        let mut line = String::new();
        read_line(&mut self.input, &mut line)?;
        let yes = matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes");
        let Some(mut practice) =
            review::practise_missed(&exam.session, (self.clock)()).filter(|_| yes)
        else {
            return Ok(());
        };
        writeln!(self.out, "Practice of the questions you missed:")?;
        let more = self.run(&mut practice)?;
        warnings.extend(more.lines);
        warnings.extend(more.not_saved);
        Ok(())
    }

    /// The keeper of an exam run with a progress store: `None` for other sessions,
    /// for generated drills (they cannot be asked again), and when another exam is
    /// saved there (it is kept, and the learner told how to resume it). The exam
    /// is saved at once.
    fn keeper(
        &mut self,
        sitting: &Sitting,
        warnings: &mut Vec<String>,
    ) -> io::Result<Option<ExamKeeper>> {
        let Some(store) = self.store.as_deref().filter(|_| sitting.in_exam()) else {
            return Ok(None);
        };
        let now = (self.clock)();
        if super::exam::saved(&sitting.study, now).is_none() {
            return Ok(None);
        }
        let (mut keeper, problem) = ExamKeeper::open(Some(store.dir()), now);
        warnings.extend(problem);
        if let Some((answered, total)) = keeper.answered().filter(|_| !keeper.holds(&sitting.study))
        {
            writeln!(
                self.out,
                "(A saved exam, {answered} of {total} answered, is kept: `mxdrill exam --plain --resume` goes on with it. This exam is not saved.)"
            )?;
            return Ok(None);
        }
        warnings.extend(keeper.keep(&sitting.study, now, false));
        Ok(Some(keeper))
    }

    /// Reads answers until one is valid, saves its verdict and then shows the
    /// feedback; false at the end of the input.
    fn ask(
        &mut self,
        sitting: &mut Sitting,
        item: &Item,
        warnings: &mut Vec<String>,
    ) -> Result<bool, Halt> {
        let mut history = History::default();
        loop {
            self.out.flush()?;
            let mut line = String::new();
            if read_line(&mut self.input, &mut line)? == 0 {
                return Ok(false);
            }
            // A rating word rates the right answer just before (numbers are answers).
            if let Some(rating) = super::rating::word(&line).filter(|_| sitting.rating.is_some()) {
                self.rate(sitting, rating, &mut history, warnings)?;
                continue;
            }
            let response = match parse_line(item, line.trim()) {
                Ok(r) => r,
                Err(e) => {
                    writeln!(self.out, "Invalid answer: {e}. Try again.")?;
                    continue;
                }
            };
            let now = (self.clock)();
            let i = sitting.study.session.current;
            let command = Command::Answer(response);
            let store = self.store.as_deref_mut();
            let world = &self.library.world;
            let (_, problems) = sitting.update_saving(command, world, now, &mut history, store);
            warnings.extend(problems);
            if let Some(verdict) = &sitting.study.session.verdicts[i] {
                write!(self.out, "{}", feedback(item, verdict))?;
                if let Some((_, hint)) = sitting.comes_back.as_ref().filter(|(at, _)| *at == i) {
                    writeln!(self.out, "{hint}.")?;
                }
                if let Some(offer) = sitting.offer() {
                    writeln!(self.out, "{}", super::rating::plain_offer(offer))?;
                }
                if self.replay {
                    write!(self.out, "{}", replay(item, self.library))?;
                }
            }
            writeln!(self.out)?;
            // The feedback is shown at once (the answer is saved already).
            self.out.flush()?;
            return Ok(true);
        }
    }

    /// Rates the right answer offered last, saved at once, and says when it now
    /// comes back (or that the rating could not be saved).
    fn rate(
        &mut self,
        sitting: &mut Sitting,
        rating: crate::progress::Rating,
        history: &mut History,
        warnings: &mut Vec<String>,
    ) -> io::Result<()> {
        let now = (self.clock)();
        let store = self.store.as_deref_mut();
        let world = &self.library.world;
        let command = Command::Rate(rating);
        let (_, problems) = sitting.update_saving(command, world, now, history, store);
        match sitting.rating.as_ref().and_then(|o| o.problem.as_ref()) {
            Some(problem) => writeln!(self.out, "{problem}.")?,
            None => {
                // Said under the next question, so it names its own.
                if let Some((i, hint)) = &sitting.comes_back {
                    writeln!(self.out, "(Question {}) {hint}.", i + 1)?;
                }
            }
        }
        warnings.extend(problems);
        Ok(())
    }

    /// After the last question of practice or review: a rating word on the next
    /// line rates its right answer (the end of the input, or anything else, ends).
    fn last_rating(
        &mut self,
        sitting: &mut Sitting,
        warnings: &mut Vec<String>,
    ) -> Result<(), Halt> {
        if sitting.offer().is_none() {
            return Ok(());
        }
        self.out.flush()?;
        let mut line = String::new();
        if read_line(&mut self.input, &mut line)? == 0 {
            return Ok(());
        }
        if let Some(rating) = super::rating::word(&line) {
            self.rate(sitting, rating, &mut History::default(), warnings)?;
        }
        Ok(())
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
    let entry = item.kind.entry();
    // The zone's name (the `$ORIGIN` that `@` stands for) heads its lines, beside
    // the question or as its options.
    if let Some(heading) = &item.zone_heading {
        s.push_str(&format!("{heading}\n"));
    }
    if !item.zone_beside().is_empty() {
        for (n, line) in item.zone_beside() {
            s.push_str(&format!("{n:>4}  {line}\n"));
        }
    }
    for (n, o) in item.options.iter().enumerate() {
        match entry.numbered() {
            true => s.push_str(&format!("  {}. {}\n", n + 1, o.text)),
            // Zone lines carry their own line numbers in the zone.
            false => s.push_str(&format!("  {}\n", o.text)),
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
    if item.kind.entry().teaches_whys() {
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

/// Every answer of the exam, as the app's results page lists them.
fn answers(session: &crate::quiz::Session) -> String {
    let mut s = String::from("Every answer\n");
    for r in super::results::reviewed(session) {
        s.push_str(&format!("{} {:>2}. {}\n", r.mark(), r.number, r.prompt));
        for (label, text) in r.rows() {
            s.push_str(&format!("      {label}: {text}\n"));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8]) -> Vec<Result<String, String>> {
        let mut input = input;
        let mut read = Vec::new();
        loop {
            let mut line = String::new();
            match read_line(&mut input, &mut line) {
                Ok(0) => return read,
                Ok(_) => read.push(Ok(line)),
                Err(Halt::Input(why)) => return [read, vec![Err(why)]].concat(),
                Err(Halt::Output(e)) => panic!("{e}"),
            }
        }
    }

    #[test]
    fn a_line_is_read_up_to_the_cap_and_refused_beyond_it() {
        let at_cap = format!("{}\nlast", "a".repeat(LINE_LIMIT));
        let read = lines(at_cap.as_bytes());
        assert_eq!(read.len(), 2);
        assert_eq!(read[1], Ok("last".into()), "the last line needs no newline");
        let beyond = "a".repeat(LINE_LIMIT + 1);
        let read = lines(format!("1\n{beyond}\n").as_bytes());
        assert_eq!(read[0], Ok("1\n".into()));
        let why = read[1].clone().expect_err("refused");
        assert!(why.starts_with("an input line is longer than 4096 bytes"));
        let why = lines(b"\xff\n")[0].clone().expect_err("refused");
        assert!(why.starts_with("an input line is not UTF-8"), "{why}");
    }
}
