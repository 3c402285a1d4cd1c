//! Drawing: reads the state, never changes it.

use super::app::{App, MENU, Screen};
use super::keys::{Scope, TABLE};
use super::widgets::{plural, score_bars};
use crate::content::bank::Category;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The smallest terminal the app draws in.
pub const MIN: (u16, u16) = (60, 20);

/// Draws the whole app.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        let text = format!(
            "Please enlarge the terminal to at least {}×{} (it is {}×{}).",
            MIN.0, MIN.1, area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match app.screen {
        Screen::Home => home(frame, app, header, body),
        Screen::Quiz => match &app.quiz {
            Some(q) => super::quiz_view::question(frame, app, q, header, body),
            None => home(frame, app, header, body),
        },
        Screen::Results => super::quiz_view::results(frame, app, header, body),
        Screen::Simulator => super::sim_view::draw(frame, app, header, body),
        Screen::Lab => lab(frame, app, header, body),
        Screen::Stats => stats(frame, app, header, body),
    }
    frame.render_widget(
        Paragraph::new(super::text::clip(&hints(app), usize::from(area.width)))
            .style(app.theme.dim()),
        footer,
    );
    if app.help {
        help(frame, app, area);
    }
}

/// The footer: the keys of this screen, from the key table.
fn hints(app: &App) -> String {
    match app.screen {
        // Typing takes every key there: the few that are not typed.
        Screen::Lab => return "Enter run · ↑ ↓ history · Esc back · Ctrl-C quit".into(),
        Screen::Stats => return "Esc back · ? help · q quit".into(),
        _ => {}
    }
    // Help, quit and back first (always in view), then the keys of this screen.
    let scopes = app.scopes();
    let own = scopes.last().copied().unwrap_or(Scope::Lists);
    let quiz = matches!(own, Scope::Quiz | Scope::Exam | Scope::Feedback);
    // `v` works only where the question has a delivery to watch.
    let watchable = app
        .quiz
        .as_ref()
        .and_then(|q| q.item())
        .is_some_and(|i| i.replay.is_some());
    let first = TABLE.iter().filter(|b| {
        // The simulator's Enter (inspect) is its own, not a quiz's.
        (b.scope == own
            || ((quiz || own == Scope::Home) && b.keys == "Enter" && b.scope != Scope::Simulator))
            && (b.scope != Scope::Feedback || watchable)
    });
    let last = TABLE.iter().filter(|b| matches!(b.keys, "?" | "q" | "Esc"));
    let shown: Vec<String> = last
        .chain(first)
        .map(|b| format!("{} {}", b.keys, b.help))
        .collect();
    shown.join(" · ")
}

fn home(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(
        Paragraph::new(Span::styled(
            "mxdrill — DNS MX records and email routing",
            t.title(),
        )),
        header,
    );
    let questions: usize = app.library.banks.iter().map(|b| b.questions.len()).sum();
    let zones = plural(app.library.world.zones().len(), "zone");
    // The bank sessions draw from (b chooses): one line, so the menu rows stay put.
    let scope = match app.bank.and_then(|i| app.library.banks.get(i)) {
        Some(b) => format!(
            "Bank {}: {}, {zones} · b: next bank",
            b.bank,
            plural(b.questions.len(), "question")
        ),
        None => format!(
            "{} in {}, {zones} · b: one bank",
            plural(questions, "question"),
            plural(app.library.banks.len(), "bank")
        ),
    };
    let mut lines = vec![Line::from(scope), Line::from("")];
    for (i, (name, what)) in MENU.iter().enumerate() {
        let selected = i == app.menu;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected { t.selected() } else { Style::new() };
        lines.push(Line::from(vec![
            Span::styled(format!("{marker}{}. {name:<9}", i + 1), style),
            Span::styled(format!("  {what}"), t.dim()),
        ]));
    }
    lines.push(Line::from(""));
    if let Some(stats) = &app.stats {
        lines.push(Line::from(format!(
            "{} due for review · {}-day streak",
            plural(stats.due, "question"),
            stats.streak
        )));
    }
    if let Some(message) = &app.message {
        lines.push(Line::styled(format!("⚠ {message}"), t.warn()));
    }
    if let Some(last) = app.sessions.last() {
        lines.push(Line::from(format!(
            "Last score: {last}% · review starts with your weakest category"
        )));
    }
    lines.push(Line::styled("Questions by category", t.title()));
    for category in Category::ALL {
        let n = app
            .library
            .banks
            .iter()
            .flat_map(|b| &b.questions)
            .filter(|q| q.category == category)
            .count();
        lines.push(Line::from(format!("  {:<16} {n:>4}", category.name())));
    }
    for d in &app.library.skipped {
        lines.push(Line::styled(format!("⚠ skipped {}: {d}", d.path), t.warn()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::new().borders(Borders::TOP))
            .wrap(Wrap { trim: false }),
        body,
    );
}

fn help(frame: &mut Frame, app: &App, area: Rect) {
    // The keys that work here: everywhere, and on this screen.
    let scopes = app.scopes();
    let shown: Vec<_> = TABLE
        .iter()
        .filter(|b| b.scope == Scope::Global || scopes.contains(&b.scope))
        .collect();
    // Too many keys for the height (the simulator's): two columns, each cut with `…`.
    let columns = if shown.len() + 2 > usize::from(area.height) {
        2
    } else {
        1
    };
    let width = area.width.min(72 * columns as u16);
    let rows = shown.len().div_ceil(columns);
    let height = area.height.min(rows as u16 + 2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let column = usize::from(width.saturating_sub(2)) / columns;
    let entry = |b: &&super::keys::Binding| {
        let keys = format!("{:<10}", b.keys);
        let help = super::text::clip(b.help, column.saturating_sub(keys.chars().count() + 1));
        let pad = column.saturating_sub(keys.chars().count() + super::text::width(&help));
        vec![
            Span::styled(keys, app.theme.title()),
            Span::raw(help),
            Span::raw(" ".repeat(pad)),
        ]
    };
    let lines: Vec<Line> = (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(b) = shown.get(c * rows + r) {
                    spans.extend(entry(b));
                }
            }
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys — ? or Esc to close ")),
        rect,
    );
}

fn lab(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(
        Paragraph::new(Span::styled(
            "Lab console — dig, nslookup and host against the sample zones",
            t.title(),
        )),
        header,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    let log_height = if app.lab_server.is_some() { 8 } else { 0 };
    let [output, log, input] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(log_height),
        Constraint::Length(3),
    ])
    .areas(left);
    let text = if app.lab.output.is_empty() {
        "Try: dig blossomflowers.example MX · nslookup -type=mx blossomflowers.example · host -t mx blossomflowers.example\n↑ ↓ browse the history, Enter runs, Esc goes back.".to_string()
    } else {
        app.lab.output.clone()
    };
    let lines = text.lines().count() as u16;
    let scroll = lines.saturating_sub(output.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(text)
            .block(Block::bordered().title(" Output "))
            .scroll((scroll, 0)),
        output,
    );
    if app.lab_server.is_some() {
        // The live query log: a class sees its queries arrive.
        let shown = app
            .lab_log
            .iter()
            .rev()
            .take(usize::from(log_height.saturating_sub(2)))
            .rev();
        let lines: Vec<Line> = shown.map(|l| Line::from(l.clone())).collect();
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(" Queries to the lab server ")),
            log,
        );
    }
    let status = match &app.lab_server {
        Some(server) => format!(
            " Command — lab server running on {} ",
            server
                .addrs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => " Command — type serve to start the lab DNS server ".to_string(),
    };
    frame.render_widget(
        Paragraph::new(format!("$ {}█", app.lab.input)).block(Block::bordered().title(status)),
        input,
    );
    let zone = app.lab.zone.as_deref().unwrap_or("blossomflowers.example");
    let found = app
        .library
        .world
        .zones()
        .iter()
        .find(|z| crate::content::bare(&z.origin) == zone);
    let zone_lines: Vec<Line> = found.map_or_else(Vec::new, |z| {
        (z.first_line..)
            .zip(z.text.lines())
            .map(|(n, l)| {
                Line::from(vec![
                    Span::styled(format!("{n:>3} "), t.dim()),
                    Span::raw(l.to_string()),
                ])
            })
            .collect()
    });
    frame.render_widget(
        Paragraph::new(zone_lines).block(Block::bordered().title(format!(" Zone {zone} "))),
        right,
    );
}

fn stats(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    let [bars, trend] = Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(body);
    // From the progress store when there is one, else from this run's sessions.
    let (score, per_day, title, extra) = match &app.stats {
        Some(s) => {
            let tally = |(answered, correct): (usize, usize)| crate::quiz::Tally {
                answered: answered as u32,
                correct: correct as u32,
            };
            let mut score = crate::quiz::Score::default();
            for (name, counts) in &s.by_category {
                score.by_category.insert(name.clone(), tally(*counts));
                score.total.answered += counts.0 as u32;
                score.total.correct += counts.1 as u32;
            }
            for (name, counts) in &s.by_objective {
                score.by_objective.insert(name.clone(), tally(*counts));
            }
            let extra = format!(
                "{}-day streak · {} due for review",
                s.streak,
                plural(s.due, "question")
            );
            (
                score,
                s.per_day.clone(),
                " Answers per day, last 14 days ",
                extra,
            )
        }
        None => (
            app.scores.clone(),
            app.sessions.clone(),
            " Sessions, % right ",
            "progress is not being saved".to_string(),
        ),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(format!("Stats — {extra}"), t.title())),
        header,
    );
    let mut lines = vec![Line::from(format!(
        "Answered {} · right {} ({}%)",
        score.total.answered,
        score.total.correct,
        score.total.percent()
    ))];
    if score.total.answered == 0 {
        lines.push(Line::styled(
            "Nothing answered yet: finish a practice or an exam first.",
            t.dim(),
        ));
    }
    lines.extend(score_bars(t, &score, bars.width));
    frame.render_widget(Paragraph::new(lines), bars);
    let max = if app.stats.is_some() {
        per_day.iter().copied().max().unwrap_or(1).max(1)
    } else {
        100
    };
    let spark = ratatui::widgets::Sparkline::default()
        .block(Block::bordered().title(title))
        .data(&per_day)
        .max(max)
        .style(t.right());
    frame.render_widget(spark, trend);
}
