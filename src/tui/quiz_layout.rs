//! The question screen laid out as rows of text, wrapped to the terminal's width
//! with hanging indents and tabs expanded. No drawing here: the view paints these
//! rows, and mouse clicks find options by them, so both agree on where an option
//! is. Which rows must stay in view (the prompt's first line, the focused option,
//! the verdict) is decided here too.

use super::quiz_state::QuizState;
use super::text;
use super::theme::Theme;
use crate::kind::Item;
use crate::quiz::Mode;

/// How a piece of a row looks; the view maps it to the theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Ordinary text.
    Plain,
    /// Hints, line numbers, whys.
    Dim,
    /// Headings.
    Title,
    /// A right answer.
    Right,
    /// A wrong answer.
    Wrong,
    /// Needs attention.
    Warn,
    /// The option under the cursor.
    Selected,
}

/// One screen row: pieces of text with their tones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row(pub Vec<(String, Tone)>);

impl Row {
    fn plain(text: impl Into<String>, tone: Tone) -> Self {
        Row(vec![(text.into(), tone)])
    }

    /// The row's text.
    pub fn text(&self) -> String {
        self.0.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// A question laid out.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The main column.
    pub rows: Vec<Row>,
    /// Rows kept at the top when the rest scrolls: through the prompt's first line.
    pub pinned: usize,
    /// Each option's rows as shown, top first: (first row, number of rows).
    pub options: Vec<(usize, usize)>,
    /// The rows that must be in view, first and last: the focused option (with a
    /// notice under it), or the verdict once graded.
    pub focus: (usize, usize),
    /// The zone beside the question on wide terminals, wrapped to its panel.
    pub side: Vec<Row>,
    /// The main column's width.
    pub main_width: u16,
}

/// From this width a question's zone sits beside it; below, under the options.
pub const SIDE_BY_SIDE: u16 = 110;

/// `lead` and then `body` wrapped to `width`; continuation rows start under the
/// body, `hang` columns further in. Tabs in `body` are expanded first.
pub fn hanging(
    t: Theme,
    lead: Vec<(String, Tone)>,
    body: &str,
    tone: Tone,
    width: usize,
    hang: usize,
) -> Vec<Row> {
    let lead_width: usize = lead.iter().map(|(t, _)| text::width(t)).sum();
    let pad = " ".repeat(lead_width);
    let mut rows = Vec::new();
    let mut lead = Some(lead);
    for line in body.lines() {
        let pieces = match line.trim().is_empty() {
            true => vec![String::new()],
            false => t.wrap(
                &text::expand_tabs(line),
                width.saturating_sub(lead_width),
                hang,
            ),
        };
        for piece in pieces {
            let mut row = lead
                .take()
                .unwrap_or_else(|| vec![(pad.clone(), Tone::Plain)]);
            row.push((piece, tone));
            rows.push(Row(row));
        }
    }
    if rows.is_empty() {
        rows.push(Row(lead.unwrap_or_default()));
    }
    rows
}

/// A prompt or explanation paragraph: each line wrapped, continuation rows under
/// the line's own indentation plus two. An indented line (a tool's output quoted
/// in a prompt) has its tabs expanded from where its text starts, so its columns
/// line up as they do in the terminal that printed it.
pub fn paragraph(t: Theme, text: &str, tone: Tone, width: usize) -> Vec<Row> {
    text.lines()
        .flat_map(|line| {
            let body = line.trim_start_matches(' ');
            let indent = line.len() - body.len();
            if body.trim().is_empty() {
                return vec![Row::default()];
            }
            let line = format!("{}{}", " ".repeat(indent), text::expand_tabs(body));
            let hang = if indent > 0 { indent + 2 } else { 0 };
            t.wrap(&line, width, hang)
                .into_iter()
                .map(|l| Row::plain(l, tone))
                .collect()
        })
        .collect()
}

/// The zone's lines, numbered as in the file, wrapped under the text.
pub fn zone_rows(t: Theme, lines: &[(u32, String)], width: usize) -> Vec<Row> {
    lines
        .iter()
        .flat_map(|(n, l)| {
            hanging(
                t,
                vec![(format!("{n:>4} "), Tone::Dim)],
                l,
                Tone::Plain,
                width,
                2,
            )
        })
        .collect()
}

/// The heading of the zone shown with `item`: its name, the `$ORIGIN` that `@`
/// stands for (none without a zone).
fn zone_heading(t: Theme, item: &Item, width: usize) -> Vec<Row> {
    item.zone_heading
        .as_deref()
        .map(|h| paragraph(t, h, Tone::Title, width))
        .unwrap_or_default()
}

/// Lays out the question shown by `q` in theme `t`'s characters for a body `width`
/// columns wide and `height` rows high: a zone that fits goes above the options, a
/// longer one below them (beside the question on wide terminals).
pub fn page(q: &QuizState, t: Theme, width: u16, height: u16) -> Page {
    let above = lay_out(q, t, width, true);
    match above.rows.len() > usize::from(height) && above.side.is_empty() {
        true => lay_out(q, t, width, false),
        false => above,
    }
}

fn lay_out(q: &QuizState, t: Theme, width: u16, zone_above: bool) -> Page {
    let s = &q.study.session;
    let Some(item) = s.items.get(s.current) else {
        return Page::default();
    };
    let exam = s.mode == Mode::Exam;
    let show_zone = !item.zone_beside().is_empty();
    let beside = show_zone && width >= SIDE_BY_SIDE;
    let main_width = if beside { width / 2 } else { width };
    // A column between the question and the zone beside it.
    let w = usize::from(main_width) - usize::from(beside);
    let mut page = Page {
        main_width,
        ..Page::default()
    };
    let rows = &mut page.rows;
    if exam {
        rows.extend(navigator(q, w));
    }
    let prompt = paragraph(t, &item.prompt, Tone::Plain, w);
    page.pinned = rows.len() + 1;
    rows.extend(prompt);
    // A predict question's scenario: the recipient, the MTA and the host states.
    for line in &item.context {
        rows.extend(paragraph(t, line, Tone::Warn, w));
    }
    if show_zone && !beside && !zone_above {
        rows.push(Row::plain(
            t.clip("The zone is below the options: PgDn to read it.", w),
            Tone::Dim,
        ));
    }
    rows.push(Row::default());
    if show_zone && !beside && zone_above {
        rows.extend(zone_heading(t, item, w));
        rows.extend(zone_rows(t, item.zone_beside(), w));
        rows.push(Row::default());
    }
    let verdict = s
        .verdicts
        .get(s.current)
        .cloned()
        .flatten()
        .filter(|_| !exam);
    let mut focus = None;
    if let Some(v) = &verdict {
        let (mark, tone) = if v.correct {
            ("✓ Correct. ", Tone::Right)
        } else {
            ("✗ Incorrect. ", Tone::Wrong)
        };
        let first = rows.len();
        rows.extend(hanging(
            t,
            vec![(mark.into(), tone)],
            &v.summary,
            Tone::Plain,
            w,
            0,
        ));
        if let Some(offer) = q.offer() {
            rows.extend(offer_rows(t, offer, w));
        }
        rows.push(Row::plain(
            t.clip(
                "Enter: next question · ↑ ↓ PgUp PgDn scroll · r: the rules cited",
                w,
            ),
            Tone::Dim,
        ));
        focus = Some((first, rows.len() - 1));
        rows.push(Row::default());
    }
    let graded = verdict.is_some();
    if !item.kind.entry().shows_zone() {
        // Zone-line options are the zone's lines: the zone's name heads them.
        rows.extend(zone_heading(t, item, w));
    }
    let (option_rows, cursor_rows) = options(q, t, graded, w, rows.len());
    page.options = option_rows;
    rows.extend(cursor_rows);
    let mut focus = focus.unwrap_or_else(|| {
        let shown = q.input.cursor.min(page.options.len().saturating_sub(1));
        match page.options.get(shown) {
            Some(&(first, n)) => (first, first + n - 1),
            None => (rows.len().saturating_sub(1), rows.len().saturating_sub(1)),
        }
    });
    if let Some(notice) = &q.notice {
        rows.extend(hanging(
            t,
            vec![("⚠ ".into(), Tone::Warn)],
            notice,
            Tone::Warn,
            w,
            0,
        ));
        focus.1 = rows.len() - 1;
    }
    if let Some(v) = &verdict {
        if !v.details.is_empty() {
            rows.push(Row::default());
        }
        for d in &v.details {
            rows.extend(hanging(
                t,
                vec![("  ".into(), Tone::Plain)],
                d,
                Tone::Plain,
                w,
                2,
            ));
        }
        rows.push(Row::default());
        rows.extend(paragraph(t, &item.explanation, Tone::Plain, w));
        let current = q.study.session.current;
        if let Some((_, hint)) = q.comes_back.as_ref().filter(|(at, _)| *at == current) {
            rows.push(Row::default());
            rows.extend(paragraph(t, &format!("{hint}."), Tone::Dim, w));
        }
    }
    if show_zone && !beside && !zone_above {
        rows.push(Row::default());
        rows.extend(zone_heading(t, item, w));
        rows.extend(zone_rows(t, item.zone_beside(), w));
    }
    page.focus = focus;
    if beside {
        let inner = usize::from(width - main_width).saturating_sub(2);
        page.side = zone_heading(t, item, inner);
        page.side.extend(zone_rows(t, item.zone_beside(), inner));
    }
    page
}

/// The offer to rate a right answer: what it asks, then each rating with when
/// the question would come back so rated, packed whole into rows `w` wide; the
/// rating chosen is shown selected (and named in the line above it).
fn offer_rows(t: Theme, offer: &crate::play::rating::Offer, w: usize) -> Vec<Row> {
    let mut rows = vec![Row::plain(t.clip(&offer.question(), w), Tone::Dim)];
    let mut row: Vec<(String, Tone)> = Vec::new();
    let mut used = 0;
    for ((rating, _), part) in offer.choices.iter().zip(offer.parts()) {
        let part = t.clip(&part, w);
        let width = text::width(&part);
        if used > 0 && used + 3 + width > w {
            rows.push(Row(std::mem::take(&mut row)));
            used = 0;
        }
        if used > 0 {
            row.push((" · ".into(), Tone::Dim));
            used += 3;
        }
        let tone = match offer.chosen == Some(*rating) {
            true => Tone::Selected,
            false => Tone::Plain,
        };
        row.push((part, tone));
        used += width;
    }
    rows.push(Row(row));
    if let Some(problem) = &offer.problem {
        rows.extend(hanging(
            t,
            vec![("⚠ ".into(), Tone::Warn)],
            problem,
            Tone::Warn,
            w,
            0,
        ));
    }
    rows
}

/// The options with the cursor, the marks and, after grading, ✓ ✗ and the whys;
/// a command question's command line. Returns each option's rows (numbered from
/// `start`) and the rows.
fn options(
    q: &QuizState,
    t: Theme,
    graded: bool,
    w: usize,
    start: usize,
) -> (Vec<(usize, usize)>, Vec<Row>) {
    let s = &q.study.session;
    let Some(item) = s.items.get(s.current) else {
        return (Vec::new(), Vec::new());
    };
    let mut rows = Vec::new();
    let entry = item.kind.entry();
    if entry.typed() {
        let editing = q.typing();
        let hint = match (graded, editing, s.mode == Mode::Exam) {
            (true, ..) => "The command you ran:",
            (false, true, true) => {
                "Type dig, nslookup, host or Resolve-DnsName · Enter answers · Tab/Esc: exam keys"
            }
            (false, true, false) => {
                "Type dig, nslookup, host or Resolve-DnsName, then Enter (Esc: stop typing)"
            }
            (false, false, _) if q.locked() => "Answered · Enter or e: edit the command",
            (false, false, _) => "Enter: type the command",
        };
        rows.push(Row::plain(t.clip(hint, w), Tone::Dim));
        let (before, after) = q.input.command.split();
        let mut row = vec![
            ("$ ".to_string(), Tone::Plain),
            (before.to_string(), Tone::Plain),
        ];
        if editing {
            let mut rest = after.chars();
            match rest.next() {
                Some(c) => {
                    row.push((c.to_string(), Tone::Selected));
                    row.push((rest.collect(), Tone::Plain));
                }
                None => row.push((t.glyphs().cursor.into(), Tone::Plain)),
            }
        } else {
            row.push((after.to_string(), Tone::Plain));
        }
        let line: String = row.iter().map(|(t, _)| t.as_str()).collect();
        // A long command wraps; the cursor is then shown at the end of the line.
        if text::width(&line) > w {
            rows.extend(hanging(
                t,
                vec![("$ ".into(), Tone::Plain)],
                q.input.command.text(),
                Tone::Plain,
                w,
                2,
            ));
        } else {
            rows.push(Row(row));
        }
        let first = start + 1;
        return (vec![(first, rows.len() - 1)], rows);
    }
    let right = item.answer.right_options();
    let picked: &[usize] = match s.responses.get(s.current) {
        Some(Some(response)) => response.picked(),
        _ => &[],
    };
    let order: Vec<usize> = if entry.arranged() {
        q.input.arrangement.clone()
    } else {
        (0..item.options.len()).collect()
    };
    let mut spans = Vec::new();
    for (row, &j) in order.iter().enumerate() {
        let Some(o) = item.options.get(j) else {
            continue;
        };
        let here = row == q.input.cursor && !graded;
        let marked = q.input.marks.get(j).copied().unwrap_or(false);
        let mark = match (entry.marks_many(), entry.arranged()) {
            (true, _) if marked => "[x] ",
            (true, _) => "[ ] ",
            (false, true) => " ",
            (false, false) if marked || picked.contains(&j) => "(•) ",
            (false, false) => "( ) ",
        };
        // Zone lines carry their own line numbers in the zone.
        let (label, hang) = match entry.numbered() {
            true => (format!("{}. {}", row + 1, o.text), 3),
            false => (o.text.clone(), 2),
        };
        let lead = vec![(
            format!("{}{mark}", if here { "▶" } else { " " }),
            Tone::Plain,
        )];
        let tone = if here { Tone::Selected } else { Tone::Plain };
        let mut option = hanging(t, lead, &label, tone, w.saturating_sub(2), hang);
        match (graded, right.contains(&j), picked.contains(&j)) {
            (true, true, _) => option
                .last_mut()
                .map(|r| r.0.push((" ✓".into(), Tone::Right))),
            (true, false, true) => option
                .last_mut()
                .map(|r| r.0.push((" ✗".into(), Tone::Wrong))),
            _ => None,
        };
        spans.push((start + rows.len(), option.len()));
        rows.extend(option);
        if graded && !o.why.is_empty() {
            rows.extend(hanging(
                t,
                vec![("      ".into(), Tone::Plain)],
                &o.why,
                Tone::Dim,
                w,
                0,
            ));
        }
    }
    (spans, rows)
}

/// The exam navigator: every question with ✓ answered, ⚑ flagged, · open; the
/// current one selected; wrapped to the width.
fn navigator(q: &QuizState, w: usize) -> Vec<Row> {
    let s = &q.study.session;
    let mut rows = vec![Row::plain("Questions: ", Tone::Dim)];
    let mut used = 11;
    for i in 0..s.items.len() {
        let mark = match (s.flagged[i], s.responses[i].is_some()) {
            (true, _) => "⚑",
            (false, true) => "✓",
            (false, false) => "·",
        };
        let cell = format!("{}{mark}", i + 1);
        let cw = text::width(&cell) + 1;
        if used + cw > w {
            rows.push(Row::plain("           ", Tone::Plain));
            used = 11;
        }
        let tone = if i == s.current {
            Tone::Selected
        } else {
            Tone::Plain
        };
        if let Some(row) = rows.last_mut() {
            row.0.push((cell, tone));
            row.0.push((" ".into(), Tone::Plain));
        }
        used += cw;
    }
    rows
}

/// The first row shown below the pinned rows, for a body `height` rows high: the
/// focus in view, moved by `nudge` rows (the learner's own scrolling), within the
/// page.
pub fn offset(page: &Page, height: u16, nudge: i32) -> usize {
    let h = usize::from(height);
    let pinned = page.pinned.min(h.saturating_sub(1));
    let window = h.saturating_sub(pinned).max(1);
    let scrollable = page.rows.len().saturating_sub(pinned);
    let max = scrollable.saturating_sub(window);
    let (top, bottom) = (
        page.focus.0.saturating_sub(pinned),
        page.focus.1.saturating_sub(pinned),
    );
    // The least scrolling that shows the focus, its top first if it is too tall.
    let auto = (bottom + 1).saturating_sub(window).min(top);
    let moved = (auto as i64 + i64::from(nudge)).clamp(0, max as i64);
    usize::try_from(moved).unwrap_or(0)
}

/// The rows shown in a body `height` rows high: the pinned rows, then the
/// scrolled rest. Each comes with its row index in the page.
pub fn shown(page: &Page, height: u16, nudge: i32) -> Vec<usize> {
    let h = usize::from(height);
    let pinned = page.pinned.min(h.saturating_sub(1)).min(page.rows.len());
    let from = pinned + offset(page, height, nudge);
    (0..pinned).chain(from..page.rows.len()).take(h).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rows: usize, pinned: usize, focus: (usize, usize)) -> Page {
        Page {
            rows: (0..rows)
                .map(|i| Row::plain(format!("row {i}"), Tone::Plain))
                .collect(),
            pinned,
            focus,
            ..Page::default()
        }
    }

    #[test]
    fn the_prompts_first_line_stays_while_the_rest_follows_the_cursor() {
        let p = page(40, 2, (30, 31));
        let shown = shown(&p, 10, 0);
        assert_eq!(shown.len(), 10);
        assert_eq!(
            &shown[..2],
            &[0, 1],
            "navigator and the prompt's first line"
        );
        assert!(shown.contains(&30) && shown.contains(&31), "{shown:?}");
        // Nothing to scroll: rows as they are.
        assert_eq!(
            super::shown(&page(5, 2, (4, 4)), 10, 0),
            vec![0, 1, 2, 3, 4]
        );
    }

    #[test]
    fn scrolling_by_hand_stays_within_the_page() {
        let p = page(40, 1, (3, 3));
        assert_eq!(offset(&p, 10, 500), 40 - 1 - 9);
        assert_eq!(offset(&p, 10, -500), 0);
        // A focus taller than the screen shows its top.
        let tall = page(40, 1, (5, 30));
        assert_eq!(shown(&tall, 10, 0)[1], 5);
    }
}
