//! The exam's review list (opened by the first S or `g`): the count line, then one
//! row per question — its number, answered or not and flagged or not, each as a
//! mark and a word, and the start of its prompt. The rows and counts are
//! `play::review`'s; this only lays them out and keeps the selected row in view.

use super::app::App;
use super::quiz_state::QuizState;
use crate::play::review::{self, ReviewList};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Paragraph};

/// The first row shown of `total` rows, `visible` at a time, so that `selected`
/// is always in view.
pub fn first_shown(selected: usize, total: usize, visible: usize) -> usize {
    let visible = visible.max(1);
    let max = total.saturating_sub(visible);
    selected.saturating_sub(visible - 1).min(max)
}

pub(super) fn draw(
    frame: &mut Frame,
    app: &App,
    q: &QuizState,
    list: &ReviewList,
    header: Rect,
    body: Rect,
) {
    let t = app.theme;
    let s = &q.study.session;
    let head = [
        Line::from(Span::styled("Exam review: every question", t.title())),
        Line::from(Span::styled(review::counts(s, app.now), t.title())),
    ];
    let body = super::view::head(frame, t, &head, header, body);
    let width = usize::from(body.width);
    let rows = review::rows(s);
    let total = rows.len();
    // Under the rule: what a typed number or a refused Enter says, else how to go.
    let ask = match (&q.notice, list.typed.is_empty()) {
        (Some(why), _) => Line::styled(t.clip(why, width), t.warn()),
        (None, false) => Line::styled(
            t.clip(&format!("Go to question {} (Enter)", list.typed), width),
            t.warn(),
        ),
        (None, true) => Line::styled(
            t.clip(
                &format!(
                    "Enter opens the selected question; type a number (1-{total}) to go there."
                ),
                width,
            ),
            t.dim(),
        ),
    };
    // The top border, the line above, then the rows.
    let visible = usize::from(body.height.saturating_sub(2));
    let from = first_shown(list.selected, total, visible);
    let mut lines = vec![ask];
    for row in rows.iter().skip(from).take(visible) {
        let selected = row.number - 1 == list.selected;
        let cursor = if selected { "▶" } else { " " };
        let lead = format!(
            "{cursor}{:>3}  {:<12}  {:<9}  ",
            row.number,
            row.state(),
            row.flag()
        );
        let prompt = t.clip(&row.prompt, width.saturating_sub(super::text::width(&lead)));
        let style = match (selected, row.answered, row.flagged) {
            (true, ..) => t.selected(),
            (_, _, true) | (_, false, _) => t.warn(),
            _ => ratatui::style::Style::new(),
        };
        lines.push(Line::from(vec![
            Span::styled(t.text(&lead).into_owned(), style),
            Span::styled(prompt, style),
        ]));
    }
    frame.render_widget(
        Paragraph::new(lines).block(t.block().borders(Borders::TOP)),
        body,
    );
}
