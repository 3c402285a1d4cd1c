//! A class student's screen (issue 28), drawn from what `play::class::Class::view`
//! says, in the app's look: the lobby, the question open (with the app's rows
//! from `quiz_layout`), the close, their own result with the why of their choice,
//! and their score at the end. Each student has a ratatui terminal over an
//! [`AnsiBackend`], sized from their pty (clamped), so only the cells that changed
//! are sent after the first frame, and the whole screen after a resize.

use super::class_ansi::{AnsiBackend, clamp};
use super::quiz_layout::{self, Page, Row, Tone, hanging, paragraph, zone_rows};
use super::quiz_view::styled;
use super::text;
use super::theme::Theme;
use crate::ground::percent;
use crate::kind::{Answer, Item};
use crate::play::class::{Class, SeatId, View};
use crate::play::input::AnswerInput;
use crate::quiz::Response;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::{Frame, Terminal};

/// What a student's terminal is sent when they join: the alternate screen, the
/// cursor hidden, the screen cleared.
pub fn greeting() -> Vec<u8> {
    b"\x1b[?1049h\x1b[?25l\x1b[0m\x1b[2J\x1b[H".to_vec()
}

/// The last bytes a student's terminal is sent: the normal screen and the
/// cursor back.
pub fn farewell() -> Vec<u8> {
    b"\x1b[0m\x1b[?25h\x1b[?1049l".to_vec()
}

/// [`farewell`] and then `message` on its own line, as the connection closes;
/// control characters in it (a name the student gave) are shown escaped.
pub fn last_words(message: &str) -> Vec<u8> {
    let mut out = farewell();
    let message = crate::content::printable(message);
    out.extend(format!("{message}\r\n").into_bytes());
    out
}

/// One student's screen.
pub struct StudentScreen {
    terminal: Terminal<AnsiBackend>,
    /// Their scrolling (PgUp PgDn), rows from where the focus puts the page.
    pub scroll: i32,
}

impl StudentScreen {
    /// A screen for a pty of `cols` × `rows`.
    pub fn new(cols: u16, rows: u16) -> std::io::Result<Self> {
        Ok(StudentScreen {
            terminal: Terminal::new(AnsiBackend::new(clamp(cols, rows)))?,
            scroll: 0,
        })
    }

    /// The pty was resized: the next frame is drawn whole at the new size.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.terminal.backend_mut().set_size(clamp(cols, rows));
    }

    /// Scroll a page up or down.
    pub fn page(&mut self, up: bool) {
        let step = i32::from(self.terminal.size().map_or(10, |s| s.height / 2).max(1));
        self.scroll = (self.scroll + if up { -step } else { step }).clamp(-500, 500);
    }

    /// The bytes that bring the student's terminal to the screen of `seat` at
    /// `now`: empty when nothing changed.
    pub fn render(&mut self, class: &Class, seat: SeatId, now: u64, t: Theme) -> Vec<u8> {
        let Some(view) = class.view(seat, now) else {
            return Vec::new();
        };
        let name = class.seat(seat).map_or("", |s| s.name.as_str());
        let scroll = self.scroll;
        // Drawing into memory cannot fail: `AnsiBackend` never returns an error.
        let _ = self.terminal.draw(|frame| {
            draw(frame, &view, name, scroll, t);
            if t.ascii {
                super::glyphs::ascii_cells(frame.buffer_mut());
            }
        });
        self.terminal.backend_mut().take()
    }
}

/// Draws a student's screen: a header, the body, the keys.
pub fn draw(frame: &mut Frame, view: &View, name: &str, scroll: i32, t: Theme) {
    let area = frame.area();
    let keys = keys_hint(view);
    let footer = text::pack(&keys, usize::from(area.width), 2);
    let [header, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer.len() as u16),
    ])
    .areas(area);
    let mut head = vec!["mxdrill class".to_string(), name.to_string()];
    match view {
        View::Question {
            number,
            total,
            remaining,
            ..
        } => {
            head.push(format!("question {number}/{total}"));
            if let Some(left) = remaining {
                head.push(format!("⏱ {}:{:02}", left / 60, left % 60));
            }
        }
        View::Revealed { number, total, .. } => {
            head.push(format!("question {number}/{total}"));
            head.push("revealed".into());
        }
        View::Closed { number, .. } => head.push(format!("question {number}: closed")),
        View::Lobby { .. } | View::Finished { .. } => {}
    }
    let head: Vec<Line<'static>> = head
        .into_iter()
        .map(|p| Line::from(Span::styled(p, t.title())))
        .collect();
    let body = super::view::head(frame, t, &head, header, body);
    let page = layout(view, name, t, body.width);
    let lines: Vec<Line> = quiz_layout::shown(&page, body.height, scroll)
        .into_iter()
        .map(|r| styled(t, &page.rows[r]))
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    let foot_lines: Vec<Line> = footer
        .into_iter()
        .map(|l| Line::styled(l, t.dim()))
        .collect();
    frame.render_widget(Paragraph::new(foot_lines), foot);
}

/// The keys this screen takes, short, as the footer packs them.
fn keys_hint(view: &View) -> Vec<String> {
    let mut keys: Vec<&str> = match view {
        View::Question { item, .. } => {
            let e = item.kind.entry();
            if e.typed() {
                return ["type the command", "Enter send", "Ctrl+C leave"]
                    .map(String::from)
                    .to_vec();
            }
            let mut k = vec!["↑ ↓ move"];
            match (e.marks_many(), e.arranged()) {
                (_, true) => k.push("K J move host"),
                (true, _) => k.push("Space mark"),
                _ => k.push("1-9 pick"),
            }
            k.push("Enter send");
            k
        }
        _ => Vec::new(),
    };
    keys.extend(["PgUp PgDn scroll", "q leave"]);
    keys.into_iter().map(String::from).collect()
}

/// The body's rows for `view`, `width` columns wide.
fn layout(view: &View, name: &str, t: Theme, width: u16) -> Page {
    let w = usize::from(width);
    let mut page = Page {
        main_width: width,
        pinned: 1,
        ..Page::default()
    };
    let rows = &mut page.rows;
    match view {
        View::Lobby { joined } => {
            rows.extend(paragraph(
                t,
                &format!("Welcome {name} — waiting for the instructor to open the first question."),
                Tone::Title,
                w,
            ));
            rows.push(Row::default());
            rows.push(Row(vec![(
                format!("{} joined.", text::plural(*joined, "student")),
                Tone::Plain,
            )]));
        }
        View::Question {
            item,
            input,
            sent,
            notice,
            ..
        } => {
            rows.extend(paragraph(t, &item.prompt, Tone::Plain, w));
            for line in &item.context {
                rows.extend(paragraph(t, line, Tone::Warn, w));
            }
            rows.push(Row::default());
            zone(rows, item, t, w);
            let (first, last) = choosing(rows, item, input, *sent, t, w);
            page.focus = (first, last);
            rows.push(Row::default());
            let at = rows.len();
            match (notice, sent) {
                (Some(why), _) => rows.extend(hanging(
                    t,
                    vec![("⚠ ".into(), Tone::Warn)],
                    why,
                    Tone::Warn,
                    w,
                    0,
                )),
                (None, Some(_)) => rows.extend(hanging(
                    t,
                    vec![("✓ ".into(), Tone::Right)],
                    "answer sent — you can change it until the question closes",
                    Tone::Right,
                    w,
                    0,
                )),
                (None, None) => rows.extend(paragraph(
                    t,
                    "Your answer counts once you send it (Enter).",
                    Tone::Dim,
                    w,
                )),
            }
            page.focus.1 = rows.len().saturating_sub(1).max(at);
        }
        View::Closed { number, answered } => {
            rows.extend(paragraph(
                t,
                &format!("Question {number}: answers are closed."),
                Tone::Title,
                w,
            ));
            rows.push(Row::default());
            let said = match answered {
                true => "Your answer is in. The instructor reveals the answers next.",
                false => "You did not answer this one. The instructor reveals the answers next.",
            };
            rows.extend(paragraph(t, said, Tone::Plain, w));
        }
        View::Revealed {
            item, sent, right, ..
        } => {
            let (mark, words, tone) = match right {
                Some(true) => ("✓ ", "Right!", Tone::Right),
                Some(false) => ("✗ ", "Not this time.", Tone::Wrong),
                None => ("– ", "You did not answer.", Tone::Dim),
            };
            rows.push(Row(vec![(mark.into(), tone), (words.into(), tone)]));
            page.focus = (0, 0);
            rows.extend(paragraph(t, &item.prompt, Tone::Plain, w));
            rows.push(Row::default());
            revealed(rows, item, *sent, t, w);
            rows.push(Row::default());
            rows.extend(paragraph(t, &item.explanation, Tone::Plain, w));
        }
        View::Finished {
            right,
            answered,
            asked,
        } => {
            rows.extend(paragraph(
                t,
                "The class is over. Thank you!",
                Tone::Title,
                w,
            ));
            rows.push(Row::default());
            rows.extend(paragraph(
                t,
                &format!(
                    "You answered {answered} of {asked} questions: {right} right ({} %).",
                    percent(*right as u64, *asked as u64)
                ),
                Tone::Plain,
                w,
            ));
        }
    }
    page
}

/// The zone shown with a question, under its prompt.
fn zone(rows: &mut Vec<Row>, item: &Item, t: Theme, w: usize) {
    if item.zone_beside().is_empty() {
        return;
    }
    if let Some(h) = &item.zone_heading {
        rows.extend(paragraph(t, h, Tone::Title, w));
    }
    rows.extend(zone_rows(t, item.zone_beside(), w));
    rows.push(Row::default());
}

/// The options as the student enters an answer: the cursor, the marks, the hosts
/// in their order. Returns the rows of the option under the cursor.
fn choosing(
    rows: &mut Vec<Row>,
    item: &Item,
    input: &AnswerInput,
    sent: Option<&Response>,
    t: Theme,
    w: usize,
) -> (usize, usize) {
    let entry = item.kind.entry();
    if !item.kind.entry().shows_zone()
        && let Some(h) = &item.zone_heading
    {
        rows.extend(paragraph(t, h, Tone::Title, w));
    }
    if entry.typed() {
        // A command question: the line being typed, with a cursor mark.
        let (before, after) = input.command.split();
        let at = rows.len();
        rows.push(Row(vec![(format!("> {before}▏{after}"), Tone::Title)]));
        return (at, at);
    }
    let picked = sent.map_or(&[][..], |r| r.picked());
    let order: Vec<usize> = match entry.arranged() {
        true => input.arrangement.clone(),
        false => (0..item.options.len()).collect(),
    };
    let mut focus = (rows.len(), rows.len());
    for (place, &j) in order.iter().enumerate() {
        let Some(o) = item.options.get(j) else {
            continue;
        };
        let here = place == input.cursor;
        let marked = input.marks.get(j).copied().unwrap_or(false);
        let mark = match (entry.marks_many(), entry.arranged()) {
            (true, _) if marked => "[x] ",
            (true, _) => "[ ] ",
            (false, true) => " ",
            (false, false) if marked || picked.contains(&j) => "(•) ",
            (false, false) => "( ) ",
        };
        let label = match entry.numbered() {
            true => format!("{}. {}", place + 1, o.text),
            false => o.text.clone(),
        };
        let lead = vec![(
            format!("{}{mark}", if here { "▶" } else { " " }),
            Tone::Plain,
        )];
        let tone = if here { Tone::Selected } else { Tone::Plain };
        let first = rows.len();
        rows.extend(hanging(t, lead, &label, tone, w.saturating_sub(2), 3));
        if here {
            focus = (first, rows.len() - 1);
        }
    }
    focus
}

/// The options once revealed: ✓ on the right ones, ✗ on the student's wrong
/// picks, and the why of each option they picked (an order: both orders and
/// each host's why).
fn revealed(rows: &mut Vec<Row>, item: &Item, sent: Option<&Response>, t: Theme, w: usize) {
    if let Answer::Groups(groups) = &item.answer {
        let names = |order: &[usize]| {
            order
                .iter()
                .filter_map(|&j| item.options.get(j).map(|o| o.text.clone()))
                .collect::<Vec<_>>()
                .join(", then ")
        };
        if let Some(order) = sent.and_then(|r| r.order()) {
            rows.extend(hanging(
                t,
                vec![("Your order: ".into(), Tone::Dim)],
                &names(order),
                Tone::Plain,
                w,
                2,
            ));
        }
        let right: Vec<String> = groups
            .iter()
            .map(|g| {
                g.iter()
                    .filter_map(|&j| item.options.get(j).map(|o| o.text.clone()))
                    .collect::<Vec<_>>()
                    .join(" = ")
            })
            .collect();
        rows.extend(hanging(
            t,
            vec![("✓ The right order: ".into(), Tone::Right)],
            &right.join(", then "),
            Tone::Plain,
            w,
            2,
        ));
        for o in &item.options {
            if !o.why.is_empty() {
                rows.extend(hanging(
                    t,
                    vec![("  ".into(), Tone::Plain)],
                    &format!("{}: {}", o.text, o.why),
                    Tone::Dim,
                    w,
                    2,
                ));
            }
        }
        return;
    }
    let right = item.answer.right_options();
    let picked = sent.map_or(&[][..], |r| r.picked());
    let numbered = item.kind.entry().numbered();
    for (j, o) in item.options.iter().enumerate() {
        let (mark, tone) = match (right.contains(&j), picked.contains(&j)) {
            (true, _) => ("✓ ", Tone::Right),
            (false, true) => ("✗ ", Tone::Wrong),
            (false, false) => ("  ", Tone::Plain),
        };
        let label = match numbered {
            true => format!("{}. {}", j + 1, o.text),
            false => o.text.clone(),
        };
        let yours = if picked.contains(&j) {
            " (your answer)"
        } else {
            ""
        };
        rows.extend(hanging(
            t,
            vec![(mark.into(), tone)],
            &format!("{label}{yours}"),
            if tone == Tone::Plain {
                Tone::Plain
            } else {
                tone
            },
            w,
            3,
        ));
        if picked.contains(&j) && !o.why.is_empty() {
            rows.extend(hanging(
                t,
                vec![("     ".into(), Tone::Plain)],
                &o.why,
                Tone::Dim,
                w,
                0,
            ));
        }
    }
}

#[cfg(test)]
#[path = "class_student_tests.rs"]
mod tests;
