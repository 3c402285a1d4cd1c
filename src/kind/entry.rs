//! How an answer is entered, as each kind chooses it ([`Rules::entry`]): one option
//! picked, several marked, an arrangement, or a typed command; and whether the
//! options are numbered or are the zone's own lines. The input model every front
//! end shares (`play::AnswerInput`) and the plain mode's line parser ask the entry,
//! so the app and the plain mode accept and refuse the same answers and lay the
//! options out without knowing the kind.
//!
//! [`Rules::entry`]: super::Rules::entry

use super::item::{Answer, Item, Response};
use crate::dns::tools;

/// How the learner gives an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// One option picked.
    One,
    /// Options marked, as many as apply.
    Many,
    /// Every option, in the learner's order.
    Arrange,
    /// A typed command.
    Type,
}

/// How a kind's answer is entered and its options are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    input: Input,
    /// The options are the zone's lines, answered by their line numbers in the zone.
    zone_lines: bool,
}

/// What the learner has entered so far, as `play::AnswerInput` holds it.
#[derive(Debug, Clone, Copy)]
pub struct Entered<'a> {
    /// Marked options (several) or the picked one.
    pub marks: &'a [bool],
    /// The options in the learner's order, top first.
    pub arrangement: &'a [usize],
    /// The option under the cursor.
    pub cursor: usize,
    /// The learner moved the cursor or changed something since it was shown.
    pub touched: bool,
    /// The typed command.
    pub command: &'a str,
}

impl Entry {
    /// One option to pick (a radio button).
    pub const ONE: Entry = Entry {
        input: Input::One,
        zone_lines: false,
    };
    /// All options that apply, marked (check boxes).
    pub const MANY: Entry = Entry {
        input: Input::Many,
        zone_lines: false,
    };
    /// The zone's lines, the faulty ones marked.
    pub const ZONE_LINES: Entry = Entry {
        input: Input::Many,
        zone_lines: true,
    };
    /// Every option, arranged in order.
    pub const ARRANGE: Entry = Entry {
        input: Input::Arrange,
        zone_lines: false,
    };
    /// A command typed on a line.
    pub const TYPE: Entry = Entry {
        input: Input::Type,
        zone_lines: false,
    };

    /// One option is picked: choosing one answers.
    pub fn picks_one(self) -> bool {
        self.input == Input::One
    }

    /// Several options may be marked.
    pub fn marks_many(self) -> bool {
        self.input == Input::Many
    }

    /// The options are put in order (they move up and down; choosing does nothing).
    pub fn arranged(self) -> bool {
        self.input == Input::Arrange
    }

    /// The answer is a typed command, not options.
    pub fn typed(self) -> bool {
        self.input == Input::Type
    }

    /// The options are labelled 1, 2, 3; zone lines show their line number in the zone.
    pub fn numbered(self) -> bool {
        !self.zone_lines
    }

    /// The question's zone is shown with it (not when the options are its lines).
    pub fn shows_zone(self) -> bool {
        !self.zone_lines
    }

    /// After grading, each option's author-written why is taught (zone lines and
    /// hosts carry the checker's words or their preference instead).
    pub fn teaches_whys(self) -> bool {
        matches!(self.input, Input::One | Input::Many) && !self.zone_lines
    }

    /// Option `k` chosen (already in range): picked alone, or marked or unmarked;
    /// an arrangement or a command does not change.
    pub fn choose(self, marks: &mut [bool], k: usize) {
        match self.input {
            Input::One => {
                marks.iter_mut().for_each(|m| *m = false);
                marks[k] = true;
            }
            Input::Many => marks[k] = !marks[k],
            Input::Arrange | Input::Type => {}
        }
    }

    /// The response entered so far; `Err` says what is missing or wrong. On a
    /// pick-one question with nothing picked, Enter picks the option under the
    /// cursor once the learner has moved it (never option 1 of an untouched one).
    pub fn response(self, e: &Entered) -> Result<Response, String> {
        match self.input {
            Input::One => {
                let picked = marked(e.marks);
                match (picked.is_empty(), e.touched) {
                    (false, _) => Ok(Response::Pick(picked)),
                    (true, true) => Ok(Response::Pick(vec![e.cursor])),
                    (true, false) => Err("choose an option: its number, or ↑ ↓ then Enter".into()),
                }
            }
            Input::Many => match marked(e.marks) {
                m if m.is_empty() => Err("mark at least one option with Space first".into()),
                m => Ok(Response::Pick(m)),
            },
            Input::Arrange => Ok(Response::Order(e.arrangement.to_vec())),
            Input::Type => command(e.command),
        }
    }

    /// What an exam keeps as the answer while the learner moves between questions
    /// (as the real exam keeps marks without an Enter): `Some(answer)` replaces the
    /// kept answer, `None` leaves it. Picked and marked options count, an
    /// arrangement the learner changed, a command that runs; moving the cursor
    /// alone never answers.
    pub fn draft(self, e: &Entered) -> Option<Option<Response>> {
        let marked = marked(e.marks);
        match self.input {
            Input::One => (!marked.is_empty()).then_some(Some(Response::Pick(marked))),
            Input::Many => Some((!marked.is_empty()).then_some(Response::Pick(marked))),
            Input::Arrange => {
                let shown: Vec<usize> = (0..e.arrangement.len()).collect();
                (e.arrangement != shown).then(|| Some(Response::Order(e.arrangement.to_vec())))
            }
            Input::Type => command(e.command).ok().map(Some),
        }
    }

    /// A line of text as a response (the plain mode): numbers for options, file
    /// line numbers for zone lines, a command for a typed answer.
    pub fn parse_line(self, item: &Item, line: &str) -> Result<Response, String> {
        if self.input == Input::Type {
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
        let indices: Vec<usize> = match self.zone_lines {
            true => numbers
                .iter()
                .map(|&n| zone_line_option(item, n))
                .collect::<Result<_, _>>()?,
            false => numbers
                .iter()
                .map(|&n| match (1..=item.options.len()).contains(&n) {
                    true => Ok(n - 1),
                    false => Err(format!("choose from 1 to {}", item.options.len())),
                })
                .collect::<Result<_, _>>()?,
        };
        match self.input {
            Input::One if indices.len() != 1 => Err("choose exactly one".into()),
            Input::Arrange => {
                let mut distinct = indices.clone();
                distinct.sort_unstable();
                distinct.dedup();
                match distinct.len() == item.options.len() && indices.len() == distinct.len() {
                    true => Ok(Response::Order(indices)),
                    false => Err(format!("give all {} hosts, each once", item.options.len())),
                }
            }
            Input::One | Input::Many | Input::Type => Ok(Response::Pick(indices)),
        }
    }

    /// The options `picked` in words: their texts (a zone line as `line N: text`),
    /// joined by `sep`.
    fn option_words(self, item: &Item, picked: &[usize], sep: &str) -> String {
        picked
            .iter()
            .filter_map(|&j| item.options.get(j))
            .map(|o| match self.zone_lines {
                true => {
                    let text = o.text.trim_start();
                    match text.split_once("  ") {
                        Some((n, rest)) => format!("line {n}: {}", rest.trim()),
                        None => text.to_string(),
                    }
                }
                false => o.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(sep)
    }
}

/// The marked options.
fn marked(marks: &[bool]) -> Vec<usize> {
    (0..marks.len()).filter(|&j| marks[j]).collect()
}

/// A typed command as a response: it must run, or the learner retypes it.
fn command(line: &str) -> Result<Response, String> {
    let line = line.trim();
    if line.is_empty() {
        return Err("type a dig, nslookup, host or Resolve-DnsName command".into());
    }
    // Windows' Resolve-DnsName is graded on what it asks, like the BIND tools.
    match tools::powershell::query(line) {
        Some(asked) => asked.map(|_| ()),
        None => tools::parse(line).map(|_| ()),
    }
    .map_err(|e| format!("that command does not run: {e}"))?;
    Ok(Response::Command(line.to_string()))
}

/// Zone-line options are the zone's non-empty lines, answered by their line number in the zone.
fn zone_line_option(item: &Item, line: usize) -> Result<usize, String> {
    item.zone_lines
        .iter()
        .filter(|(_, t)| !t.trim().is_empty())
        .position(|(n, _)| *n as usize == line)
        .ok_or_else(|| format!("there is no record on line {line}"))
}

/// What the learner answered, in words: option texts (not numbers), zone lines by
/// their text, hosts in the order given, the command typed.
pub fn response_words(item: &Item, response: &Response) -> String {
    let entry = item.kind.entry();
    match response {
        Response::Pick(p) => entry.option_words(item, p, "; "),
        Response::Order(o) => entry.option_words(item, o, ", then "),
        Response::Command(c) => c.clone(),
    }
}

/// The right answer, in words.
pub fn answer_words(item: &Item) -> String {
    let entry = item.kind.entry();
    match &item.answer {
        Answer::One(r) => entry.option_words(item, &[*r], ""),
        Answer::Set(s) => entry.option_words(item, s, "; "),
        Answer::Groups(groups) => groups
            .iter()
            .map(|g| entry.option_words(item, g, " and "))
            .collect::<Vec<_>>()
            .join(", then "),
        Answer::Query(name, rtype) => {
            let name = name.to_string();
            let bare = name.trim_end_matches('.');
            format!("a query for {bare} {rtype}, such as: dig {bare} {rtype}")
        }
    }
}
