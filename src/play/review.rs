//! The exam's review list and the practice of what was missed: one home for what
//! both front ends show before an exam is submitted (every question, answered or
//! not, flagged or not, and the counts) and for which questions a "practice the
//! ones I missed" session holds after it (wrong or unanswered, in exam order).
//! The app draws the list and moves in it ([`ReviewList`], kept on the sitting);
//! the plain mode prints the same rows.

use super::session::Study;
use crate::quiz::{Mode, Session};

/// Why no practice of the missed questions is offered.
pub const NONE_MISSED: &str = "You missed none: there is nothing to practice.";

/// One question on the review list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Its number, from 1.
    pub number: usize,
    /// An answer is kept for it (what is entered counts, as on the real exam).
    pub answered: bool,
    /// The learner flagged it for review.
    pub flagged: bool,
    /// Its prompt on one line (the list cuts it to the width).
    pub prompt: String,
}

impl Row {
    /// Its answer state as a mark and a word (never colour alone): `✓ answered`
    /// or `· unanswered`.
    pub fn state(&self) -> &'static str {
        match self.answered {
            true => "✓ answered",
            false => "· unanswered",
        }
    }

    /// `⚑ flagged`, or nothing.
    pub fn flag(&self) -> &'static str {
        match self.flagged {
            true => "⚑ flagged",
            false => "",
        }
    }
}

/// Every question of `session`, in order.
pub fn rows(session: &Session) -> Vec<Row> {
    session
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| Row {
            number: i + 1,
            answered: session.responses.get(i).is_some_and(Option::is_some),
            flagged: session.flagged.get(i).copied().unwrap_or(false),
            // The prompt's words on one line (a prompt may break before a command).
            prompt: item.prompt.split_whitespace().collect::<Vec<_>>().join(" "),
        })
        .collect()
}

/// The list's count line at `now`: "17 answered · 2 unanswered · 1 flagged ·
/// 12:34 left" (no time without a limit).
pub fn counts(session: &Session, now: u64) -> String {
    let rows = rows(session);
    let answered = rows.iter().filter(|r| r.answered).count();
    let flagged = rows.iter().filter(|r| r.flagged).count();
    let mut line = format!(
        "{answered} answered · {} unanswered · {flagged} flagged",
        rows.len() - answered
    );
    if let Some(left) = session.remaining(now) {
        line.push_str(&format!(" · {}:{:02} left", left / 60, left % 60));
    }
    line
}

/// The review list as the learner moves in it: the selected row, a number being
/// typed, and the question it was opened from (Esc goes back there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewList {
    /// The selected row (0-based).
    pub selected: usize,
    /// Digits typed so far (a question's number; Enter goes there).
    pub typed: String,
    /// The question the list was opened from (0-based).
    pub from: usize,
}

impl ReviewList {
    /// The list opened from question `current`, which is selected.
    pub fn at(current: usize) -> Self {
        ReviewList {
            selected: current,
            typed: String::new(),
            from: current,
        }
    }

    /// Moves the selection up (`up`) or down one row of `total`.
    pub fn step(&mut self, up: bool, total: usize) {
        self.typed.clear();
        self.selected = match up {
            true => self.selected.saturating_sub(1),
            false => (self.selected + 1).min(total.saturating_sub(1)),
        };
    }

    /// A digit typed: the number so far selects its row when there is one.
    pub fn digit(&mut self, c: char, total: usize) {
        if !c.is_ascii_digit() || self.typed.len() >= 4 {
            return;
        }
        self.typed.push(c);
        if let Some(i) = self.target(total) {
            self.selected = i;
        }
    }

    /// Backspace: the last digit typed is taken back.
    pub fn back(&mut self, total: usize) {
        self.typed.pop();
        if let Some(i) = self.target(total) {
            self.selected = i;
        }
    }

    /// The question (0-based) the typed number names, if it is one of `total`.
    pub fn target(&self, total: usize) -> Option<usize> {
        numbered(&self.typed, total)
    }

    /// Why Enter cannot go where the typed number says (no such question).
    pub fn refused(&self, total: usize) -> Option<String> {
        (!self.typed.is_empty() && self.target(total).is_none())
            .then(|| no_such(&self.typed, total))
    }
}

/// Why `typed` names no question of `total`.
pub fn no_such(typed: &str, total: usize) -> String {
    format!("There is no question {typed}: choose 1 to {total}.")
}

/// The question (0-based) a line names by its number, if it is one of `total`.
pub fn numbered(line: &str, total: usize) -> Option<usize> {
    let n: usize = line.trim().parse().ok()?;
    (1..=total).contains(&n).then(|| n - 1)
}

/// The next unanswered question after `after` (wrapping round), if any is.
pub fn next_unanswered(session: &Session, after: usize) -> Option<usize> {
    let n = session.responses.len();
    (1..=n)
        .map(|k| (after + k) % n)
        .find(|&i| session.responses[i].is_none())
}

/// The questions of a submitted exam to practice again: every one answered wrong
/// or left unanswered (0-based, in exam order).
pub fn missed(session: &Session) -> Vec<usize> {
    session
        .verdicts
        .iter()
        .enumerate()
        .filter(|(_, v)| !v.as_ref().is_some_and(|v| v.correct))
        .map(|(i, _)| i)
        .collect()
}

/// "the 4 questions you missed", "the question you missed".
pub fn missed_words(n: usize) -> String {
    match n {
        1 => "the question you missed".to_string(),
        n => format!("the {n} questions you missed"),
    }
}

/// What the results say of practising the missed questions: the offer (after
/// the key or question that takes it up) or why there is none.
pub fn missed_offer(session: &Session) -> Result<String, String> {
    match missed(session).len() {
        0 => Err(NONE_MISSED.to_string()),
        n => Ok(format!("practice {} now", missed_words(n))),
    }
}

/// A practice session (instant feedback, saved as practice answers) of exactly
/// the questions `session`'s exam missed, in exam order, started at `now`;
/// `None` when it is not a submitted exam or nothing was missed.
pub fn practise_missed(session: &Session, now: u64) -> Option<Study> {
    if session.mode != Mode::Exam || !session.submitted {
        return None;
    }
    let items: Vec<_> = missed(session)
        .into_iter()
        .map(|i| session.items[i].clone())
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(Study::new(
        Session::new(Mode::Practice, items, now, None),
        Vec::new(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::bank::Kind;
    use crate::play::SessionSpec;
    use crate::play::console::History;
    use crate::play::sitting::{Command, Effect, Sitting};
    use crate::quiz::{Filter, Response, Score};

    /// An exam of four choice questions from the bundled banks.
    fn exam() -> (crate::content::Library, Sitting) {
        let library = crate::content::load(&crate::content::bundled_sources());
        let spec = SessionSpec {
            filter: Filter {
                kind: Some(Kind::Choice),
                ..Filter::default()
            },
            count: Some(4),
            ..SessionSpec::new(Mode::Exam, 5)
        };
        let study = spec
            .start(&library, None, &Score::default(), 0)
            .expect("an exam");
        (library, Sitting::new(study))
    }

    fn right(s: &Sitting, i: usize) -> Response {
        Response::Pick(s.study.session.items[i].answer.right_options().to_vec())
    }

    fn wrong(s: &Sitting, i: usize) -> Response {
        let item = &s.study.session.items[i];
        let r = item.answer.right_options()[0];
        Response::Pick(vec![(r + 1) % item.options.len()])
    }

    #[test]
    fn the_list_counts_and_marks_answered_unanswered_and_flagged_questions() {
        let (library, mut s) = exam();
        let (world, mut h) = (&library.world, History::default());
        let answer = right(&s, 0);
        s.update(Command::Answer(answer), world, 0, &mut h); // on to question 2
        s.update(Command::Flag, world, 0, &mut h);
        let rows = rows(&s.study.session);
        assert_eq!(rows.len(), 4);
        assert_eq!((rows[0].state(), rows[0].flag()), ("✓ answered", ""));
        assert_eq!(
            (rows[1].state(), rows[1].flag()),
            ("· unanswered", "⚑ flagged")
        );
        assert_eq!(
            counts(&s.study.session, 60),
            "1 answered · 3 unanswered · 1 flagged · 3:00 left",
            "a four-question exam has four minutes"
        );
    }

    #[test]
    fn the_first_s_opens_the_list_esc_goes_back_a_number_jumps_and_s_submits() {
        let (library, mut s) = exam();
        let (world, mut h) = (&library.world, History::default());
        s.update(Command::Next, world, 0, &mut h);
        s.update(Command::Submit, world, 0, &mut h);
        assert_eq!(s.review, Some(ReviewList::at(1)), "the first S lists");
        assert!(s.confirm_submit, "and asks");
        s.update(Command::Down, world, 0, &mut h);
        s.update(Command::CloseList, world, 0, &mut h);
        assert_eq!((s.review.is_none(), s.study.session.current), (true, 1));
        s.update(Command::List, world, 0, &mut h);
        s.update(Command::Type('9'), world, 0, &mut h);
        s.update(Command::Enter, world, 0, &mut h);
        assert!(
            s.notice
                .as_deref()
                .is_some_and(|n| n.contains("no question 9"))
        );
        assert!(
            s.review.is_some(),
            "a number that is no question stays on the list"
        );
        s.update(Command::Type('4'), world, 0, &mut h);
        s.update(Command::Enter, world, 0, &mut h);
        assert_eq!((s.review.is_none(), s.study.session.current), (true, 3));
        s.update(Command::List, world, 0, &mut h);
        s.update(Command::NextUnanswered, world, 0, &mut h);
        assert_eq!(s.study.session.current, 0, "u wraps round to question 1");
        s.update(Command::Submit, world, 0, &mut h);
        let effect = s.update(Command::Submit, world, 0, &mut h);
        assert!(matches!(effect, Effect::Results) && s.study.session.submitted);
    }

    #[test]
    fn practice_of_the_missed_holds_the_wrong_and_unanswered_in_exam_order() {
        let (library, mut s) = exam();
        let (world, mut h) = (&library.world, History::default());
        let (r0, w1) = (right(&s, 0), wrong(&s, 1));
        s.update(Command::Answer(r0), world, 0, &mut h);
        s.update(Command::Answer(w1), world, 0, &mut h);
        assert!(
            practise_missed(&s.study.session, 0).is_none(),
            "not submitted"
        );
        s.submit(world, 10);
        let session = &s.study.session;
        assert_eq!(missed(session), vec![1, 2, 3]);
        assert_eq!(
            missed_offer(session).as_deref(),
            Ok("practice the 3 questions you missed now")
        );
        let practice = practise_missed(session, 20).expect("a practice");
        assert_eq!(practice.session.mode, Mode::Practice);
        let ids =
            |items: &[crate::quiz::Item]| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&practice.session.items), ids(&session.items[1..]));
    }

    #[test]
    fn nothing_missed_offers_no_practice_and_says_so() {
        let (library, mut s) = exam();
        let (world, mut h) = (&library.world, History::default());
        for i in 0..4 {
            let answer = right(&s, i);
            s.update(Command::Answer(answer), world, 0, &mut h);
        }
        s.submit(world, 10);
        assert!(practise_missed(&s.study.session, 20).is_none());
        assert_eq!(missed_offer(&s.study.session), Err(NONE_MISSED.to_string()));
    }
}
