//! The quiz screens: a question with its options and feedback, the exam navigator,
//! and the results.

use super::app::App;
use super::quiz_layout::{self, Row, Tone};
use super::quiz_state::QuizState;
use super::text;
use super::theme::Theme;
use super::widgets::score_bars;
use crate::play;
use crate::quiz::Mode;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Practice => "Practice",
        Mode::Exam => "Exam",
        Mode::Review => "Review",
    }
}

pub(super) fn question(frame: &mut Frame, app: &App, q: &QuizState, header: Rect, body: Rect) {
    let t = app.theme;
    let s = &q.study.session;
    let i = s.current;
    let Some(item) = s.items.get(i) else { return };
    let mode = if item.generated {
        "Drills"
    } else {
        mode_name(s.mode)
    };
    let mut head = vec![
        mode.to_string(),
        format!("question {}/{}", i + 1, s.items.len()),
        item.category.name().to_string(),
        item.kind.name().to_string(),
    ];
    if let Some(left) = s.remaining(app.now) {
        let (open, flagged) = q.open_and_flagged();
        head.push(format!("⏱ {}:{:02}", left / 60, left % 60));
        head.push(format!(
            "{} answered, {flagged} flagged",
            s.items.len() - open
        ));
        if s.flagged[i] {
            head.push("⚑ flagged".into());
        }
    }
    let head: Vec<Line> = head
        .into_iter()
        .map(|p| Line::from(Span::styled(p, t.title())))
        .collect();
    let body = super::view::head(frame, t, &head, header, body);
    let page = quiz_layout::page(q, t, body.width, body.height);
    let [main, side] =
        Layout::horizontal([Constraint::Length(page.main_width), Constraint::Min(0)]).areas(body);
    let lines: Vec<Line> = quiz_layout::shown(&page, main.height, q.scroll)
        .into_iter()
        .map(|r| line(app, &page.rows[r]))
        .collect();
    frame.render_widget(Paragraph::new(lines), main);
    if !page.side.is_empty() {
        zone_panel(frame, app, &page.side, q.zone_scroll, side);
    }
}

/// A row of the layout in the theme's styles.
pub(super) fn line(app: &App, row: &Row) -> Line<'static> {
    styled(app.theme, row)
}

/// A row of the layout in theme `t`'s styles.
pub(super) fn styled(t: Theme, row: &Row) -> Line<'static> {
    Line::from(
        row.0
            .iter()
            .map(|(text, tone)| {
                let style = match tone {
                    Tone::Plain => Style::new(),
                    Tone::Dim => t.dim(),
                    Tone::Title => t.title(),
                    Tone::Right => t.right(),
                    Tone::Wrong => t.wrong(),
                    Tone::Warn => t.warn(),
                    Tone::Selected => t.selected(),
                };
                Span::styled(text.clone(), style)
            })
            .collect::<Vec<_>>(),
    )
}

/// The zone beside a question: scrolled on its own (PgUp PgDn); the last row says
/// how many more lines there are.
fn zone_panel(frame: &mut Frame, app: &App, rows: &[Row], scroll: u16, area: Rect) {
    let inner = usize::from(area.height.saturating_sub(2));
    let from = usize::from(scroll).min(rows.len().saturating_sub(inner));
    let mut lines: Vec<Line> = rows
        .iter()
        .skip(from)
        .take(inner)
        .map(|r| line(app, r))
        .collect();
    let below = rows.len().saturating_sub(from + inner);
    if below > 0 && !lines.is_empty() {
        lines.pop();
        lines.push(Line::styled(
            app.theme
                .text(&format!("  … {} more below (PgDn)", below + 1))
                .into_owned(),
            app.theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(lines).block(app.theme.block().title(" Zone ")),
        area,
    );
}

pub(super) fn results(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(Paragraph::new(Span::styled("Results", t.title())), header);
    let Some(q) = &app.desk.sitting else { return };
    let s = &q.study.session;
    let score = s.score();
    let mut out = Sheet {
        app,
        width: usize::from(body.width),
        rows: Vec::new(),
    };
    if q.times_up {
        out.say(
            "⏱ Time's up: the exam was submitted when the clock ran out.",
            Tone::Warn,
            2,
        );
    }
    out.summary(s, &score);
    // What the exam missed, to practise now (`play::review`), or why not.
    match play::review::missed_offer(s) {
        Ok(offer) => out.say(&format!("m: {offer}"), Tone::Title, 2),
        Err(why) => out.say(&why, Tone::Dim, 2),
    }
    out.rows.push(Line::from(""));
    out.rows.extend(score_bars(t, &score, body.width));
    out.say(
        "Every answer (↑ ↓ PgUp PgDn, wheel: scroll)",
        Tone::Title,
        2,
    );
    for r in play::results::reviewed(s) {
        out.answer(&r);
    }
    out.say(
        "Enter or Esc: back to the menu · r: the rules cited, in plain words",
        Tone::Dim,
        2,
    );
    let rows = out.rows;
    let max = rows.len().saturating_sub(usize::from(body.height));
    let from = usize::from(app.results_scroll).min(max);
    frame.render_widget(Paragraph::new(rows[from..].to_vec()), body);
}

/// The results page, row by row, wrapped to its width.
struct Sheet<'a> {
    app: &'a App,
    width: usize,
    rows: Vec<Line<'static>>,
}

impl Sheet<'_> {
    /// `text` wrapped, continuation rows `hang` columns in.
    fn say(&mut self, text: &str, tone: Tone, hang: usize) {
        for piece in self.app.theme.wrap(text, self.width, hang) {
            self.rows.push(line(self.app, &Row(vec![(piece, tone)])));
        }
    }

    /// The score, and passed or not (against the bank's pass mark, or an estimate).
    fn summary(&mut self, s: &crate::quiz::Session, score: &crate::quiz::Score) {
        let total = score.total;
        let percent = text::percent(u64::from(total.correct), u64::from(total.answered));
        let line = format!("Score: {}/{} ({percent}%)", total.correct, total.answered);
        self.say(&line, Tone::Plain, 2);
        let passed = s.passed();
        let verdict = match s.pass_mark {
            Some(mark) => format!(
                "{} (pass mark {mark}%)",
                if passed {
                    "✓ Passed"
                } else {
                    "✗ Not passed"
                }
            ),
            None => format!(
                "Estimated scaled score {} of 900 — an estimate: CompTIA's scale is not a straight conversion of percent correct. {} the 720 pass mark.",
                score.scaled_estimate(),
                if passed {
                    "✓ At or above"
                } else {
                    "✗ Below"
                }
            ),
        };
        self.say(&verdict, if passed { Tone::Right } else { Tone::Wrong }, 2);
    }

    /// A question as `play::results` lists it: its first line, the learner's
    /// answer and the right one in words, why each wrong pick is wrong, and the
    /// explanation.
    fn answer(&mut self, r: &play::results::Reviewed) {
        let tone = match r.right {
            Some(true) => Tone::Right,
            Some(false) => Tone::Wrong,
            None => Tone::Dim,
        };
        let lead = format!("{} {:>2}. ", r.mark(), r.number);
        for (k, piece) in self
            .app
            .theme
            .wrap(&r.prompt, self.width.saturating_sub(6), 0)
            .into_iter()
            .enumerate()
        {
            let head = if k == 0 {
                lead.clone()
            } else {
                "      ".into()
            };
            let row = Row(vec![(head, tone), (piece, Tone::Plain)]);
            self.rows.push(line(self.app, &row));
        }
        let rows = r.rows();
        let last = rows.len() - 1;
        for (k, (label, text)) in rows.into_iter().enumerate() {
            let (tone, hang) = match k {
                0 => (Tone::Plain, 19),
                1 => (Tone::Right, 20),
                k if k == last => (Tone::Dim, 11),
                _ => (Tone::Dim, 8),
            };
            self.say(&format!("      {label}: {text}"), tone, hang);
        }
    }
}
