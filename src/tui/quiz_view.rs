//! The quiz screens: a question with its options and feedback, the exam navigator,
//! and the results.

use super::app::App;
use super::quiz_state::QuizState;
use super::widgets::score_bars;
use crate::content::bank::Kind;
use crate::quiz::{Answer, Mode};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Wrap};

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
    let mut head = vec![
        Span::styled(
            format!(
                "{} · question {}/{}",
                mode_name(s.mode),
                i + 1,
                s.items.len()
            ),
            t.title(),
        ),
        Span::raw(format!(
            " · {} · {}",
            item.category.name(),
            item.kind.name()
        )),
    ];
    if item.generated {
        head.push(Span::styled(" · generated", t.dim()));
    }
    if let Some(left) = s.remaining(app.now) {
        head.push(Span::styled(
            format!(" · ⏱ {}:{:02}", left / 60, left % 60),
            t.warn(),
        ));
        let flagged = s.flagged.iter().filter(|f| **f).count();
        let answered = s.responses.iter().filter(|r| r.is_some()).count();
        head.push(Span::raw(format!(
            " · {answered} answered, {flagged} flagged"
        )));
        if s.flagged[i] {
            head.push(Span::styled(" · ⚑ flagged", t.warn()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(head)), header);
    let show_zone = !item.zone_lines.is_empty() && item.kind != Kind::ZoneLine;
    let wide = body.width >= 110 && show_zone;
    let (main, side) = if wide {
        let [a, b] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (a, Some(b))
    } else {
        (body, None)
    };
    let mut lines: Vec<Line> = Vec::new();
    if s.mode == Mode::Exam {
        lines.push(navigator(app, q));
    }
    lines.extend(item.prompt.lines().map(|l| Line::from(l.to_string())));
    lines.extend(
        item.context
            .iter()
            .map(|l| Line::styled(l.clone(), t.warn())),
    );
    lines.push(Line::from(""));
    if show_zone && side.is_none() {
        lines.push(Line::styled("Zone:", t.title()));
        lines.extend(item.zone_lines.iter().map(|(n, l)| {
            Line::from(vec![
                Span::styled(format!("{n:>4} "), t.dim()),
                Span::raw(l.clone()),
            ])
        }));
        lines.push(Line::from(""));
    }
    let verdict = s
        .verdicts
        .get(i)
        .cloned()
        .flatten()
        .filter(|_| s.mode != Mode::Exam);
    // The verdict comes first, so it is in view however long the feedback is.
    if let Some(v) = &verdict {
        let (mark, style) = if v.correct {
            ("✓ Correct. ", t.right())
        } else {
            ("✗ Incorrect. ", t.wrong())
        };
        lines.push(Line::from(vec![
            Span::styled(mark, style),
            Span::raw(v.summary.clone()),
        ]));
        lines.push(Line::styled("Enter: next question · ↑ ↓ scroll", t.dim()));
        lines.push(Line::from(""));
    }
    let options_start = lines.len() as u16;
    lines.extend(options(app, q));
    if let Some(v) = &verdict {
        lines.push(Line::from(""));
        lines.extend(v.details.iter().map(|d| Line::from(format!("  {d}"))));
        lines.push(Line::from(item.explanation.clone()));
    }
    if let Some(notice) = &q.notice {
        lines.push(Line::styled(format!("⚠ {notice}"), t.warn()));
    }
    if q.confirm_submit {
        lines.push(Line::styled(
            "Press S again to submit the exam, any other key to go on.",
            t.warn(),
        ));
    }
    // Keep the cursor's line in view on small terminals; feedback scrolls with the arrows.
    let scroll = match q.graded() && s.mode != Mode::Exam {
        true => q.scroll,
        false => (options_start + q.input.cursor as u16 + 2).saturating_sub(main.height),
    };
    frame.render_widget(
        Paragraph::new(Text::from(lines))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        main,
    );
    if let Some(side) = side {
        let zone: Vec<Line> = item
            .zone_lines
            .iter()
            .map(|(n, l)| {
                Line::from(vec![
                    Span::styled(format!("{n:>4} "), t.dim()),
                    Span::raw(l.clone()),
                ])
            })
            .collect();
        frame.render_widget(
            Paragraph::new(zone).block(Block::bordered().title(" Zone ")),
            side,
        );
    }
}

/// The options with the cursor, the marks and, after grading, ✓ and ✗.
fn options(app: &App, q: &QuizState) -> Vec<Line<'static>> {
    let t = app.theme;
    let s = &q.study.session;
    let Some(item) = s.items.get(s.current) else {
        return Vec::new();
    };
    let graded = s.verdicts.get(s.current).cloned().flatten().is_some() && s.mode != Mode::Exam;
    if item.kind == Kind::Command {
        let cursor = if graded { "" } else { "█" };
        return vec![
            Line::styled("Type a dig, nslookup or host command, then Enter:", t.dim()),
            Line::from(format!("$ {}{cursor}", q.input.command)),
        ];
    }
    let right: Vec<usize> = match &item.answer {
        Answer::One(r) => vec![*r],
        Answer::Set(s) => s.clone(),
        _ => Vec::new(),
    };
    let picked: Vec<usize> = match s.responses.get(s.current).cloned().flatten() {
        Some(crate::quiz::Response::Pick(p)) => p,
        _ => Vec::new(),
    };
    let order: Vec<usize> = if item.kind == Kind::Order {
        q.input.arrangement.clone()
    } else {
        (0..item.options.len()).collect()
    };
    let mut lines = Vec::new();
    for (row, &j) in order.iter().enumerate() {
        let o = &item.options[j];
        let cursor = if row == q.input.cursor && !graded {
            "▶"
        } else {
            " "
        };
        let mark = match item.kind {
            Kind::Multi | Kind::ZoneLine => {
                if q.input.marks.get(j).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                }
            }
            Kind::Order => "",
            _ => {
                if picked.contains(&j) {
                    "(•)"
                } else {
                    "( )"
                }
            }
        };
        let verdict = match (graded, right.contains(&j), picked.contains(&j)) {
            (true, true, _) => Span::styled(" ✓", t.right()),
            (true, false, true) => Span::styled(" ✗", t.wrong()),
            _ => Span::raw("  "),
        };
        let label = if item.kind == Kind::ZoneLine {
            o.text.clone()
        } else {
            format!("{}. {}", row + 1, o.text)
        };
        let style = if row == q.input.cursor && !graded {
            t.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{cursor}{mark} ")),
            Span::styled(label, style),
            verdict,
        ]));
        // Zone lines' whys come with the verdict's details (right and wrongly picked lines).
        if graded && !o.why.is_empty() && item.kind != Kind::ZoneLine {
            lines.push(Line::styled(format!("      {}", o.why), t.dim()));
        }
    }
    lines
}

pub(super) fn results(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(Paragraph::new(Span::styled("Results", t.title())), header);
    let Some(q) = &app.quiz else { return };
    let score = q.study.session.score();
    let mut lines = vec![Line::from(format!(
        "Score: {}/{} ({}%)",
        score.total.correct,
        score.total.answered,
        score.total.percent()
    ))];
    let passed = q.study.session.passed();
    let verdict = match q.study.session.pass_mark {
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
    lines.push(Line::styled(
        verdict,
        if passed { t.right() } else { t.wrong() },
    ));
    lines.push(Line::from(""));
    lines.extend(score_bars(t, &score, body.width));
    lines.push(Line::styled("Every answer (↑ ↓ scroll)", t.title()));
    for (n, item) in q.study.session.items.iter().enumerate() {
        let verdict = q.study.session.verdicts[n].as_ref();
        let (mark, style) = match verdict {
            Some(v) if v.correct => ("✓", t.right()),
            Some(_) => ("✗", t.wrong()),
            None => ("·", t.dim()),
        };
        let first = item.prompt.lines().next().unwrap_or_default().to_string();
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {:>2}. ", n + 1), style),
            Span::raw(first),
        ]));
        let summary = verdict.map_or("not answered".to_string(), |v| v.summary.clone());
        lines.push(Line::styled(format!("      {summary}"), t.dim()));
        lines.push(Line::from(format!("      {}", item.explanation)));
    }
    lines.push(Line::styled("Enter or Esc: back to the menu", t.dim()));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((app.results_scroll, 0)),
        body,
    );
}

/// The exam navigator: every question with ✓ answered, ⚑ flagged, · open; the
/// current one reversed.
fn navigator(app: &App, q: &QuizState) -> Line<'static> {
    let s = &q.study.session;
    let mut spans = vec![Span::styled("Questions: ", app.theme.dim())];
    for i in 0..s.items.len() {
        let mark = match (s.flagged[i], s.responses[i].is_some()) {
            (true, _) => "⚑",
            (false, true) => "✓",
            (false, false) => "·",
        };
        let style = if i == s.current {
            app.theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(format!("{}{mark}", i + 1), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}
