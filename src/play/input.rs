//! What a learner has entered so far, per question kind (cursor, marks, the order of
//! hosts, a typed command), and how it — or a line of text in the plain mode —
//! becomes a response. The app and the plain mode share it, so both accept and
//! refuse the same answers.

use super::line::LineEditor;
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
    pub command: LineEditor,
    /// The learner moved the cursor or changed something since it was shown.
    pub touched: bool,
}

impl AnswerInput {
    /// Input for `item`, showing `previous` (an answer given earlier) if any.
    pub fn new(item: &Item, previous: Option<&Response>) -> Self {
        let n = item.options.len();
        let mut input = AnswerInput {
            cursor: 0,
            marks: vec![false; n],
            arrangement: (0..n).collect(),
            command: LineEditor::default(),
            touched: false,
        };
        match previous {
            Some(Response::Pick(p)) => p
                .iter()
                .filter(|&&j| j < n)
                .for_each(|&j| input.marks[j] = true),
            Some(Response::Order(o)) if o.len() == n => input.arrangement = o.clone(),
            Some(Response::Command(c)) => input.command = LineEditor::new(c),
            _ => {}
        }
        if let Some(first) = input.marks.iter().position(|m| *m) {
            input.cursor = first;
        }
        input
    }

    /// Moves the cursor up.
    pub fn up(&mut self) {
        self.touched = true;
        self.cursor = self.cursor.saturating_sub(1);
    }

    /// Moves the cursor down.
    pub fn down(&mut self) {
        self.touched = true;
        self.cursor = (self.cursor + 1).min(self.marks.len().saturating_sub(1));
    }

    /// Option `k` chosen: picked (choice, predict), marked or unmarked (multi,
    /// zone-line), or put under the cursor (order).
    pub fn choose(&mut self, kind: Kind, k: usize) {
        if k >= self.marks.len() {
            return;
        }
        self.cursor = k;
        self.touched = true;
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
            self.touched = true;
        }
    }

    /// The marked options.
    fn marked(&self) -> Vec<usize> {
        (0..self.marks.len()).filter(|&j| self.marks[j]).collect()
    }

    /// The response entered so far; `Err` says what is missing or wrong. On a
    /// choice with nothing picked, Enter picks the option under the cursor once the
    /// learner has moved it (never option 1 of an untouched question).
    pub fn response(&self, item: &Item) -> Result<Response, String> {
        match item.kind {
            Kind::Choice | Kind::Predict => {
                let picked = self.marked();
                match (picked.is_empty(), self.touched) {
                    (false, _) => Ok(Response::Pick(picked)),
                    (true, true) => Ok(Response::Pick(vec![self.cursor])),
                    (true, false) => Err("choose an option: its number, or ↑ ↓ then Enter".into()),
                }
            }
            Kind::Multi | Kind::ZoneLine => match self.marked() {
                m if m.is_empty() => Err("mark at least one option with Space first".into()),
                m => Ok(Response::Pick(m)),
            },
            Kind::Order => Ok(Response::Order(self.arrangement.clone())),
            Kind::Command => command(self.command.text()),
        }
    }
}

impl AnswerInput {
    /// What an exam keeps as the answer while the learner moves between questions
    /// (as the real exam keeps marks without an Enter): `Some(answer)` replaces the
    /// kept answer, `None` leaves it. Picked and marked options count, an
    /// arrangement the learner changed, a command that runs; moving the cursor
    /// alone never answers.
    pub fn draft(&self, item: &Item) -> Option<Option<Response>> {
        let marked = self.marked();
        match item.kind {
            Kind::Choice | Kind::Predict => {
                (!marked.is_empty()).then_some(Some(Response::Pick(marked)))
            }
            Kind::Multi | Kind::ZoneLine => {
                Some((!marked.is_empty()).then_some(Response::Pick(marked)))
            }
            Kind::Order => {
                let shown: Vec<usize> = (0..self.arrangement.len()).collect();
                (self.arrangement != shown).then(|| Some(Response::Order(self.arrangement.clone())))
            }
            Kind::Command => command(self.command.text()).ok().map(Some),
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

/// The options `picked` in words: their texts (a zone line as `line N: text`),
/// joined by `sep`.
fn option_words(item: &Item, picked: &[usize], sep: &str) -> String {
    picked
        .iter()
        .filter_map(|&j| item.options.get(j))
        .map(|o| match item.kind {
            Kind::ZoneLine => {
                let text = o.text.trim_start();
                match text.split_once("  ") {
                    Some((n, rest)) => format!("line {n}: {}", rest.trim()),
                    None => text.to_string(),
                }
            }
            _ => o.text.clone(),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// What the learner answered, in words: option texts (not numbers), zone lines by
/// their text, hosts in the order given, the command typed.
pub fn response_words(item: &Item, response: &Response) -> String {
    match response {
        Response::Pick(p) => option_words(item, p, "; "),
        Response::Order(o) => option_words(item, o, ", then "),
        Response::Command(c) => c.clone(),
    }
}

/// The right answer, in words.
pub fn answer_words(item: &Item) -> String {
    use crate::quiz::Answer;
    match &item.answer {
        Answer::One(r) => option_words(item, &[*r], ""),
        Answer::Set(s) => option_words(item, s, "; "),
        Answer::Groups(groups) => groups
            .iter()
            .map(|g| option_words(item, g, " and "))
            .collect::<Vec<_>>()
            .join(", then "),
        Answer::Query(name, rtype) => {
            let name = name.to_string();
            let bare = name.trim_end_matches('.');
            format!("a query for {bare} {rtype}, such as: dig {bare} {rtype}")
        }
    }
}
