//! A class session: one instructor, many students answering the same questions
//! at the same moment from their own terminals (issue 28). This is the whole
//! session as a state machine — the lobby, a question opened for everyone, the
//! answers coming in, the close, the reveal, the end — with the seats, the tallies
//! and the class's results. The projector and each student's screen only draw
//! what it says; the SSH transport only carries bytes. Pure: the clock is passed in.
//!
//! The flow, one instructor key at a time ([`Class::advance`]):
//! lobby → question 1 open → closed (graded) → revealed → question 2 open → … →
//! the last question revealed → finished.

use super::input::AnswerInput;
use super::line::Edit;
use super::sitting::Command;
use crate::dns::World;
use crate::progress::{Report, Store, Summary, merge_reports};
use crate::quiz::{Item, Response, grade};
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};

/// The most students a class seats by default (`--max-students`).
pub const MAX_STUDENTS: usize = 200;
/// The longest display name, in characters: it must fit the projector's columns.
pub const NAME_LIMIT: usize = 20;

/// A student's display name (the SSH user name) as the class keeps it, or why it
/// is refused. Names follow the learner names' rule (`progress::learner::folder`),
/// so that `--keep-progress` can keep each student's answers under that name.
pub fn seat_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.chars().count() > NAME_LIMIT {
        return Err(format!(
            "the name is too long: at most {NAME_LIMIT} letters, digits, - and _"
        ));
    }
    crate::progress::learner::check_name(name)?;
    Ok(name.to_string())
}

/// A join code given on the command line (`--code`): 4 to 6 digits.
pub fn parse_code(text: &str) -> Result<String, String> {
    if (4..=6).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_string())
    } else {
        Err(format!("--code '{text}': give 4 to 6 digits"))
    }
}

/// A join code of 6 digits from `seed` (the front end draws the seed).
pub fn join_code(seed: u64) -> String {
    format!("{:06}", seed % 1_000_000)
}

/// What students type to join, one line per address they can reach the class on:
/// the address listened on, or — listening on every address (`0.0.0.0`, `::`) —
/// each of the machine's addresses of that family (`host` from
/// `platform::host_addresses`), loopback last and IPv6 link-local left out (they
/// need an interface name). `NAME` stands for the student's own name.
pub fn join_lines(listen: SocketAddr, host: &[IpAddr]) -> Vec<String> {
    let port = match listen.port() {
        22 => String::new(),
        p => format!("-p {p} "),
    };
    let line = |ip: &IpAddr| format!("ssh {port}NAME@{ip}");
    if !listen.ip().is_unspecified() {
        return vec![line(&listen.ip())];
    }
    let link_local =
        |ip: &IpAddr| matches!(ip, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80);
    let mut ips: Vec<&IpAddr> = host
        .iter()
        .filter(|ip| ip.is_ipv4() == listen.is_ipv4() || listen.is_ipv6())
        .filter(|ip| !link_local(ip) && !ip.is_unspecified())
        .collect();
    ips.sort_by_key(|ip| (ip.is_loopback(), ip.is_ipv6()));
    ips.dedup();
    ips.into_iter().map(line).collect()
}

/// Where the session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Students join; no question yet.
    Lobby,
    /// The question is open: answers come in.
    Open,
    /// The question is closed and graded; the answers are not shown yet.
    Closed,
    /// The answers, the right one and the explanation are shown.
    Revealed,
    /// Every question was asked.
    Finished,
}

/// What the instructor's next step did.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A question opened (its index).
    Opened(usize),
    /// The question closed.
    Closed,
    /// The answers are revealed.
    Revealed,
    /// The session finished.
    Finished,
    /// Nothing to do (already finished).
    Nothing,
}

/// One student's place in the class: it outlives a dropped connection, so a
/// student who reconnects with the same name gets their answers back.
#[derive(Debug, Clone)]
pub struct Seat {
    /// The display name.
    pub name: String,
    /// Connected now.
    pub online: bool,
    /// The answer sent to each question (changeable until the question closes).
    pub answers: Vec<Option<Response>>,
    /// Each answer's grade, once the question closed.
    pub right: Vec<Option<bool>>,
    /// What the student is entering on the open question.
    pub input: AnswerInput,
    /// Why the last Enter was refused (nothing marked).
    pub notice: Option<String>,
    /// Each graded answer already kept in the student's own progress (`--keep-progress`).
    kept: Vec<bool>,
}

/// Which seat: its place in the class.
pub type SeatId = usize;

/// A student joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joined {
    /// Their seat.
    pub seat: SeatId,
    /// They had a seat already (a reconnect): the caller closes any older
    /// connection on that seat.
    pub returning: bool,
}

/// The count of one question's answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// How many students picked each option (an order question: none).
    pub picks: Vec<usize>,
    /// Students who answered.
    pub answered: usize,
    /// Of whom right (known once the question closed).
    pub right: usize,
}

/// One row of the class's results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The question's id or the student's name.
    pub name: String,
    /// Right answers.
    pub right: usize,
    /// Answers given.
    pub answered: usize,
    /// Asked (questions asked, or students seated).
    pub of: usize,
}

/// A class session.
#[derive(Debug, Clone)]
pub struct Class {
    /// The questions, each shuffled once: every student sees the same order.
    pub items: Vec<Item>,
    /// Where the session is.
    pub phase: Phase,
    /// The question opened last (none in the lobby).
    pub current: Option<usize>,
    /// When it opened.
    pub opened_at: u64,
    /// Seconds a question stays open (`--timer`); `None`: until the instructor closes it.
    pub timer: Option<u64>,
    /// The most students seated at once.
    pub max_students: usize,
    seats: Vec<Seat>,
}

impl Class {
    /// A class asking `items`.
    pub fn new(items: Vec<Item>, timer: Option<u64>, max_students: usize) -> Self {
        Class {
            items,
            phase: Phase::Lobby,
            current: None,
            opened_at: 0,
            timer,
            max_students,
            seats: Vec::new(),
        }
    }

    /// Every seat, in the order students first joined.
    pub fn seats(&self) -> &[Seat] {
        &self.seats
    }

    /// A seat.
    pub fn seat(&self, seat: SeatId) -> Option<&Seat> {
        self.seats.get(seat)
    }

    /// Students connected now.
    pub fn online(&self) -> usize {
        self.seats.iter().filter(|s| s.online).count()
    }

    /// The question shown now, if any.
    pub fn item(&self) -> Option<&Item> {
        self.items.get(self.current?)
    }

    /// A student arrives with `name` (already checked by [`seat_name`]). The same
    /// name (any case) takes its seat back with its answers; a late joiner enters
    /// at the current question. Refused when the class is full.
    pub fn join(&mut self, name: &str) -> Result<Joined, String> {
        if let Some(seat) = self
            .seats
            .iter()
            .position(|s| s.name.eq_ignore_ascii_case(name))
        {
            self.seats[seat].online = true;
            return Ok(Joined {
                seat,
                returning: true,
            });
        }
        if self.seats.len() >= self.max_students {
            return Err(match self.max_students {
                1 => "the class is full (1 student)".to_string(),
                n => format!("the class is full ({n} students)"),
            });
        }
        let n = self.items.len();
        let mut seat = Seat {
            name: name.to_string(),
            online: true,
            answers: vec![None; n],
            right: vec![None; n],
            input: AnswerInput::default(),
            notice: None,
            kept: vec![false; n],
        };
        if let Some(item) = self.item() {
            seat.input = AnswerInput::new(item, None);
        }
        self.seats.push(seat);
        Ok(Joined {
            seat: self.seats.len() - 1,
            returning: false,
        })
    }

    /// A student's connection ended; the seat and its answers stay.
    pub fn leave(&mut self, seat: SeatId) {
        if let Some(s) = self.seats.get_mut(seat) {
            s.online = false;
        }
    }

    /// The instructor's next step: open the next question, close it, reveal it.
    /// Closing grades every answer (`world` and `now` for predict and command
    /// questions, as everywhere: `quiz::grade`).
    pub fn advance(&mut self, world: &World, now: u64) -> Step {
        match self.phase {
            Phase::Lobby => self.open(0, now),
            Phase::Open => {
                self.close(world, now);
                Step::Closed
            }
            Phase::Closed => {
                self.phase = Phase::Revealed;
                Step::Revealed
            }
            Phase::Revealed => {
                let next = self.current.map_or(0, |c| c + 1);
                if next < self.items.len() {
                    self.open(next, now)
                } else {
                    self.phase = Phase::Finished;
                    Step::Finished
                }
            }
            Phase::Finished => Step::Nothing,
        }
    }

    /// Ends the session early (after closing an open question, so its answers count).
    pub fn finish(&mut self, world: &World, now: u64) {
        if self.phase == Phase::Open {
            self.close(world, now);
        }
        self.phase = Phase::Finished;
    }

    fn open(&mut self, index: usize, now: u64) -> Step {
        let Some(item) = self.items.get(index) else {
            self.phase = Phase::Finished;
            return Step::Finished;
        };
        for seat in &mut self.seats {
            seat.input = AnswerInput::new(item, None);
            seat.notice = None;
        }
        self.current = Some(index);
        self.opened_at = now;
        self.phase = Phase::Open;
        Step::Opened(index)
    }

    fn close(&mut self, world: &World, now: u64) {
        let Some(i) = self.current else { return };
        let Some(item) = self.items.get(i) else {
            return;
        };
        for seat in &mut self.seats {
            if let Some(response) = &seat.answers[i] {
                seat.right[i] = Some(grade(item, response, world, now).correct);
            }
        }
        self.phase = Phase::Closed;
    }

    /// Seconds left on the open question, under a timer.
    pub fn remaining(&self, now: u64) -> Option<u64> {
        if self.phase != Phase::Open {
            return None;
        }
        self.timer.map(|t| (self.opened_at + t).saturating_sub(now))
    }

    /// The clock moved: an open question whose time is up closes. `true` when it did.
    pub fn tick(&mut self, world: &World, now: u64) -> bool {
        if self.remaining(now) == Some(0) {
            self.close(world, now);
            return true;
        }
        false
    }

    /// A student's key on the open question (the app's key table gives the
    /// [`Command`]): moving, marking, ordering, and Enter, which sends the answer.
    /// An answer can be sent again until the question closes; the last one counts.
    /// `true` when the student's screen changed.
    pub fn press(&mut self, seat: SeatId, command: &Command) -> bool {
        if self.phase != Phase::Open {
            return false;
        }
        let (Some(i), Some(s)) = (self.current, self.seats.get_mut(seat)) else {
            return false;
        };
        let Some(item) = self.items.get(i) else {
            return false;
        };
        let before = (s.input.clone(), s.answers[i].clone(), s.notice.clone());
        match command {
            Command::Up => s.input.up(),
            Command::Down => s.input.down(),
            Command::Toggle => s.input.toggle(item.kind),
            Command::MoveUp => s.input.shift(true),
            Command::MoveDown => s.input.shift(false),
            Command::Choose(k) => {
                s.input.choose(item.kind, *k);
                if item.kind.entry().picks_one() {
                    send(s, item, i);
                }
            }
            Command::Enter => send(s, item, i),
            // A command question: the student types it (`dig MX example.com`).
            Command::Type(c) if item.kind.entry().typed() => {
                s.input.command.edit(Edit::Insert(*c));
                s.input.touched = true;
            }
            Command::Backspace if item.kind.entry().typed() => {
                s.input.command.edit(Edit::DeleteBack);
            }
            Command::Edit(e) if item.kind.entry().typed() => s.input.command.edit(*e),
            Command::Answer(response) => {
                s.input = AnswerInput::new(item, Some(response));
                send(s, item, i);
            }
            _ => return false,
        }
        before != (s.input.clone(), s.answers[i].clone(), s.notice.clone())
    }

    /// Students seated who answered the current question, and students online
    /// or who answered (the projector's "N/M answered").
    pub fn answered(&self) -> (usize, usize) {
        let Some(i) = self.current else {
            return (0, self.online());
        };
        let answered = self.seats.iter().filter(|s| s.answers[i].is_some()).count();
        let present = self
            .seats
            .iter()
            .filter(|s| s.online || s.answers[i].is_some())
            .count();
        (answered, present)
    }

    /// The count of question `index`'s answers: per option picked, answered and right.
    pub fn tally(&self, index: usize) -> Tally {
        let options = self.items.get(index).map_or(0, |i| i.options.len());
        let mut tally = Tally {
            picks: vec![0; options],
            ..Tally::default()
        };
        for seat in &self.seats {
            // A question not in the class (an index past the end) has no answers.
            let Some(Some(response)) = seat.answers.get(index) else {
                continue;
            };
            tally.answered += 1;
            tally.right += usize::from(seat.right.get(index) == Some(&Some(true)));
            for &k in response.picked() {
                if let Some(n) = tally.picks.get_mut(k) {
                    *n += 1;
                }
            }
        }
        tally
    }

    /// How many questions were opened.
    pub fn asked(&self) -> usize {
        self.current.map_or(0, |c| c + 1)
    }

    /// Per question asked: right, answered, of the students seated.
    pub fn by_question(&self) -> Vec<Line> {
        (0..self.asked())
            .map(|i| {
                let t = self.tally(i);
                Line {
                    name: self.items[i].id.clone(),
                    right: t.right,
                    answered: t.answered,
                    of: self.seats.len(),
                }
            })
            .collect()
    }

    /// Per student: right, answered, of the questions asked.
    pub fn by_student(&self) -> Vec<Line> {
        self.seats
            .iter()
            .map(|s| Line {
                name: s.name.clone(),
                right: s.right.iter().filter(|r| **r == Some(true)).count(),
                answered: s.answers.iter().filter(|a| a.is_some()).count(),
                of: self.asked(),
            })
            .collect()
    }

    /// Records `seat`'s graded answers not yet kept into that student's own
    /// progress `store` (`--keep-progress`), as a practice session records them
    /// (`Study::save`). Returns what could not be saved.
    pub fn keep_answers(&mut self, seat: SeatId, store: &mut Store, now: u64) -> Vec<String> {
        let mut problems = Vec::new();
        let Some(s) = self.seats.get_mut(seat) else {
            return problems;
        };
        for (i, item) in self.items.iter().enumerate() {
            let Some(correct) = s.right[i].filter(|_| !s.kept[i]) else {
                continue;
            };
            if let Err(e) = store.record(
                &item.bank,
                &item.progress_id(),
                item.category.name(),
                &item.objectives,
                correct,
                now,
            ) {
                problems.push(format!("{}'s answer could not be saved: {e}", s.name));
            }
            problems.extend(store.take_notice());
            s.kept[i] = true;
        }
        problems
    }

    /// The class's results as `report --merge` writes them (one home for that CSV:
    /// `progress::report::merge_reports`): a row per student and category of the
    /// answers they gave.
    pub fn csv(&self) -> String {
        let reports: Vec<Report> = self
            .seats
            .iter()
            .map(|s| {
                let mut categories: BTreeMap<String, Summary> = BTreeMap::new();
                for (i, item) in self.items.iter().enumerate().take(self.asked()) {
                    if s.answers[i].is_none() {
                        continue;
                    }
                    let c = categories
                        .entry(item.category.name().to_string())
                        .or_default();
                    c.answered += 1;
                    c.correct += usize::from(s.right[i] == Some(true));
                }
                Report {
                    learner: s.name.clone(),
                    rows: Vec::new(),
                    categories,
                    readiness: Vec::new(),
                }
            })
            .collect();
        merge_reports(&reports)
    }
}

/// What one student's screen shows: the class decides, the screen draws.
#[derive(Debug, Clone)]
pub enum View<'a> {
    /// Waiting for the first question.
    Lobby {
        /// Students connected.
        joined: usize,
    },
    /// A question is open.
    Question {
        /// Its number, from 1.
        number: usize,
        /// Questions in the session.
        total: usize,
        /// The question.
        item: &'a Item,
        /// What the student has entered.
        input: &'a AnswerInput,
        /// The answer sent, if any (it can be changed until the close).
        sent: Option<&'a Response>,
        /// Why the last Enter was refused.
        notice: Option<&'a str>,
        /// Seconds left under a timer.
        remaining: Option<u64>,
    },
    /// The question closed; the reveal is coming.
    Closed {
        /// Its number, from 1.
        number: usize,
        /// The student sent an answer.
        answered: bool,
    },
    /// The question is revealed: the student's own result and the why of their choice.
    Revealed {
        /// Its number, from 1.
        number: usize,
        /// Questions in the session.
        total: usize,
        /// The question.
        item: &'a Item,
        /// Their answer, if they gave one.
        sent: Option<&'a Response>,
        /// Whether it was right (`None`: no answer).
        right: Option<bool>,
    },
    /// The session is over.
    Finished {
        /// Right answers.
        right: usize,
        /// Answers given.
        answered: usize,
        /// Questions asked.
        asked: usize,
    },
}

impl Class {
    /// What `seat`'s screen shows at `now`.
    pub fn view(&self, seat: SeatId, now: u64) -> Option<View<'_>> {
        let s = self.seats.get(seat)?;
        let total = self.items.len();
        let view = match (self.phase, self.current) {
            (Phase::Lobby, _) | (_, None) => View::Lobby {
                joined: self.online(),
            },
            (Phase::Open, Some(i)) => View::Question {
                number: i + 1,
                total,
                item: &self.items[i],
                input: &s.input,
                sent: s.answers[i].as_ref(),
                notice: s.notice.as_deref(),
                remaining: self.remaining(now),
            },
            (Phase::Closed, Some(i)) => View::Closed {
                number: i + 1,
                answered: s.answers[i].is_some(),
            },
            (Phase::Revealed, Some(i)) => View::Revealed {
                number: i + 1,
                total,
                item: &self.items[i],
                sent: s.answers[i].as_ref(),
                right: s.right[i],
            },
            (Phase::Finished, Some(_)) => {
                let line = &self.by_student()[seat];
                View::Finished {
                    right: line.right,
                    answered: line.answered,
                    asked: line.of,
                }
            }
        };
        Some(view)
    }
}

/// Enter on the open question: the answer entered is sent, or the notice says
/// what is missing.
fn send(seat: &mut Seat, item: &Item, i: usize) {
    match seat.input.response(item) {
        Ok(response) => {
            seat.answers[i] = Some(response);
            seat.notice = None;
        }
        Err(why) => seat.notice = Some(why),
    }
}

#[cfg(test)]
#[path = "class_tests.rs"]
mod tests;
