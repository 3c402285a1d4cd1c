//! What a learner has entered so far, per question kind (cursor, marks, the order of
//! hosts, a typed command), and how it — or a line of text in the plain mode —
//! becomes a response. The app and the plain mode share it, so both accept and
//! refuse the same answers.

use crate::content::bank::Kind;
use crate::dns::tools;
use crate::quiz::{Item, Response};

/// The answer being entered for one question.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerInput {
    /// The option under the cursor.
    pub cursor: usize,
    /// Marked options (multi, zone-line); the picked one (choice, predict).
    pub marks: Vec<bool>,
    /// The learner's arrangement (order): option indices, top first.
    pub arrangement: Vec<usize>,
    /// The typed command (command).
    pub command: String,
}

impl AnswerInput {
    /// Input for `item`, showing `previous` (an answer given earlier) if any.
    pub fn new(item: &Item, previous: Option<&Response>) -> Self {
        let n = item.options.len();
        let mut input = AnswerInput {
            cursor: 0,
            marks: vec![false; n],
            arrangement: (0..n).collect(),
            command: String::new(),
        };
        match previous {
            Some(Response::Pick(p)) => p
                .iter()
                .filter(|&&j| j < n)
                .for_each(|&j| input.marks[j] = true),
            Some(Response::Order(o)) if o.len() == n => input.arrangement = o.clone(),
            Some(Response::Command(c)) => input.command = c.clone(),
            _ => {}
        }
        if let Some(first) = input.marks.iter().position(|m| *m) {
            input.cursor = first;
        }
        input
    }

    /// Moves the cursor up.
    pub fn up(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor down.
    pub fn down(&mut self) {
        self.cursor = (self.cursor + 1).min(self.marks.len().saturating_sub(1));
    }

    /// Option `k` chosen: picked (choice, predict), marked or unmarked (multi,
    /// zone-line), or put under the cursor (order).
    pub fn choose(&mut self, kind: Kind, k: usize) {
        if k >= self.marks.len() {
            return;
        }
        self.cursor = k;
        match kind {
            Kind::Choice | Kind::Predict => {
                self.marks.iter_mut().for_each(|m| *m = false);
                self.marks[k] = true;
            }
            Kind::Multi | Kind::ZoneLine => self.marks[k] = !self.marks[k],
            Kind::Order | Kind::Command => {}
        }
    }

    /// Space: the option under the cursor chosen.
    pub fn toggle(&mut self, kind: Kind) {
        self.choose(kind, self.cursor);
    }

    /// Order: the host under the cursor moves up (`up`) or down one place.
    pub fn shift(&mut self, up: bool) {
        let c = self.cursor;
        let to = if up { c.checked_sub(1) } else { Some(c + 1) };
        if let Some(to) = to.filter(|&t| t < self.arrangement.len()) {
            self.arrangement.swap(c, to);
            self.cursor = to;
        }
    }

    /// The marked options.
    fn marked(&self) -> Vec<usize> {
        (0..self.marks.len()).filter(|&j| self.marks[j]).collect()
    }

    /// The response entered so far; `Err` says what is missing or wrong. On a
    /// choice with nothing picked, Enter picks the option under the cursor.
    pub fn response(&self, item: &Item) -> Result<Response, String> {
        match item.kind {
            Kind::Choice | Kind::Predict => {
                let picked = self.marked();
                Ok(Response::Pick(match picked.is_empty() {
                    true => vec![self.cursor],
                    false => picked,
                }))
            }
            Kind::Multi | Kind::ZoneLine => match self.marked() {
                m if m.is_empty() => Err("mark at least one option with Space first".into()),
                m => Ok(Response::Pick(m)),
            },
            Kind::Order => Ok(Response::Order(self.arrangement.clone())),
            Kind::Command => command(&self.command),
        }
    }
}

/// A typed command as a response: it must run, or the learner retypes it.
fn command(line: &str) -> Result<Response, String> {
    let line = line.trim();
    if line.is_empty() {
        return Err("type a dig, nslookup or host command".into());
    }
    // Windows' Resolve-DnsName is graded on what it asks, like the BIND tools.
    match tools::powershell::query(line) {
        Some(asked) => asked.map(|_| ()),
        None => tools::parse(line).map(|_| ()),
    }
    .map_err(|e| format!("that command does not run: {e}"))?;
    Ok(Response::Command(line.to_string()))
}

/// The hint the plain mode prints under a question.
pub fn hint(kind: Kind) -> &'static str {
    match kind {
        Kind::Choice | Kind::Predict => "Type the number of your answer.",
        Kind::Multi => "Type the numbers of all that apply, separated by spaces.",
        Kind::Order => {
            "Type the numbers in the order a sender tries the hosts, separated by spaces."
        }
        Kind::ZoneLine => "Type the line number(s) of the faulty record(s), separated by spaces.",
        Kind::Command => "Type a dig, nslookup or host command.",
    }
}

/// A line of text as a response (the plain mode): numbers for options, file line
/// numbers for zone lines, a command for command questions.
pub fn parse_line(item: &Item, line: &str) -> Result<Response, String> {
    if item.kind == Kind::Command {
        return command(line);
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
        Kind::ZoneLine => numbers
            .iter()
            .map(|&n| zone_line_option(item, n))
            .collect::<Result<_, _>>()?,
        _ => numbers
            .iter()
            .map(|&n| match (1..=item.options.len()).contains(&n) {
                true => Ok(n - 1),
                false => Err(format!("choose from 1 to {}", item.options.len())),
            })
            .collect::<Result<_, _>>()?,
    };
    match item.kind {
        Kind::Choice | Kind::Predict if indices.len() != 1 => Err("choose exactly one".into()),
        Kind::Order => {
            let mut distinct = indices.clone();
            distinct.sort_unstable();
            distinct.dedup();
            match distinct.len() == item.options.len() && indices.len() == distinct.len() {
                true => Ok(Response::Order(indices)),
                false => Err(format!("give all {} hosts, each once", item.options.len())),
            }
        }
        _ => Ok(Response::Pick(indices)),
    }
}

/// Zone-line options are the zone's non-empty lines, answered by file line number.
fn zone_line_option(item: &Item, line: usize) -> Result<usize, String> {
    item.zone_lines
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .position(|(n, _)| *n as usize == line)
        .ok_or_else(|| format!("there is no record on line {line}"))
}
