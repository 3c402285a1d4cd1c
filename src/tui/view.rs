//! Drawing: reads the state, never changes it.

use super::app::{App, MENU, QuizState, Screen};
use super::keys::{Scope, TABLE};
use crate::content::bank::{Category, Kind};
use crate::quiz::{Answer, Mode};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
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
            Some(q) => question(frame, app, q, header, body),
            None => home(frame, app, header, body),
        },
        Screen::Results => results(frame, app, header, body),
        Screen::Simulator => super::sim_view::draw(frame, app, header, body),
        Screen::Lab => lab(frame, app, header, body),
        Screen::Stats => stats(frame, app, header, body),
    }
    frame.render_widget(Paragraph::new(hints(app)).style(app.theme.dim()), footer);
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
    let first = TABLE.iter().filter(|b| {
        b.scope == own || (matches!(own, Scope::Quiz | Scope::Exam) && b.keys == "Enter")
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
    let mut lines = vec![
        Line::from(format!(
            "{} in {}, {}",
            plural(questions, "question"),
            plural(app.library.banks.len(), "bank"),
            plural(app.library.world.zones().len(), "zone")
        )),
        Line::from(""),
    ];
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
    if let Some(store) = &app.store {
        let stats = store.progress.stats(app.now);
        lines.push(Line::from(format!(
            "{} due for review · {}-day streak",
            plural(stats.due, "question"),
            stats.streak
        )));
    }
    if let Some(message) = &app.store_message {
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

fn mode_name(mode: Mode) -> &'static str {
    match mode {
        Mode::Practice => "Practice",
        Mode::Exam => "Exam",
        Mode::Review => "Review",
    }
}

fn question(frame: &mut Frame, app: &App, q: &QuizState, header: Rect, body: Rect) {
    let t = app.theme;
    let s = &q.session;
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
    if q.confirm_submit {
        lines.push(Line::styled(
            "Press S again to submit the exam, any other key to go on.",
            t.warn(),
        ));
    }
    // Keep the cursor's line in view on small terminals; feedback scrolls with the arrows.
    let scroll = match q.graded() && s.mode != Mode::Exam {
        true => q.scroll,
        false => (options_start + q.cursor as u16 + 2).saturating_sub(main.height),
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
    let s = &q.session;
    let Some(item) = s.items.get(s.current) else {
        return Vec::new();
    };
    let graded = s.verdicts.get(s.current).cloned().flatten().is_some() && s.mode != Mode::Exam;
    if item.kind == Kind::Command {
        let cursor = if graded { "" } else { "█" };
        return vec![
            Line::styled("Type a dig, nslookup or host command, then Enter:", t.dim()),
            Line::from(format!("$ {}{cursor}", q.input)),
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
        q.arrangement.clone()
    } else {
        (0..item.options.len()).collect()
    };
    let mut lines = Vec::new();
    for (row, &j) in order.iter().enumerate() {
        let o = &item.options[j];
        let cursor = if row == q.cursor && !graded {
            "▶"
        } else {
            " "
        };
        let mark = match item.kind {
            Kind::Multi | Kind::ZoneLine => {
                if q.marks.get(j).copied().unwrap_or(false) {
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
        let style = if row == q.cursor && !graded {
            t.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{cursor}{mark} ")),
            Span::styled(label, style),
            verdict,
        ]));
        if graded && !o.why.is_empty() {
            lines.push(Line::styled(format!("      {}", o.why), t.dim()));
        }
    }
    lines
}

fn bar(percent: u32, width: usize) -> String {
    let full = (percent as usize * width) / 100;
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

fn results(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(Paragraph::new(Span::styled("Results", t.title())), header);
    let Some(q) = &app.quiz else { return };
    let score = q.session.score();
    let mut lines = vec![Line::from(format!(
        "Score: {}/{} ({}%)",
        score.total.correct,
        score.total.answered,
        score.total.percent()
    ))];
    let passed = q.session.passed();
    let verdict = match q.session.pass_mark {
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
    lines.extend(score_bars(app, &score, body.width));
    lines.push(Line::styled("Every answer (↑ ↓ scroll)", t.title()));
    for (n, item) in q.session.items.iter().enumerate() {
        let verdict = q.session.verdicts[n].as_ref();
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

fn help(frame: &mut Frame, app: &App, area: Rect) {
    // The keys that work here: everywhere, and on this screen.
    let scopes = app.scopes();
    let shown: Vec<_> = TABLE
        .iter()
        .filter(|b| b.scope == Scope::Global || scopes.contains(&b.scope))
        .collect();
    let width = area.width.min(72);
    let height = area.height.min(shown.len() as u16 + 2);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let lines: Vec<Line> = shown
        .iter()
        .map(|b| {
            Line::from(vec![
                Span::styled(format!("{:<10}", b.keys), app.theme.title()),
                Span::raw(b.help),
            ])
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
        "Try: dig blossomflowers.com MX · nslookup -type=mx blossomflowers.com · host -t mx blossomflowers.com\n↑ ↓ browse the history, Enter runs, Esc goes back.".to_string()
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
    let zone = app.lab.zone.as_deref().unwrap_or("blossomflowers.com");
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
    let (score, per_day, title, extra) = match &app.store {
        Some(store) => {
            let s = store.progress.stats(app.now);
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
            (score, s.per_day, " Answers per day, last 14 days ", extra)
        }
        None => (
            app.history.clone(),
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
    lines.extend(score_bars(app, &score, bars.width));
    frame.render_widget(Paragraph::new(lines), bars);
    let max = if app.store.is_some() {
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

/// The exam navigator: every question with ✓ answered, ⚑ flagged, · open; the
/// current one reversed.
fn navigator(app: &App, q: &QuizState) -> Line<'static> {
    let s = &q.session;
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

/// The screen row of the first home menu item in a frame of `height` rows: under
/// the header, the rule and the two summary lines. Drawing and mouse clicks share it.
pub fn first_menu_row() -> u16 {
    4
}

/// `1 bank`, `4 banks`.
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Bars of a score by category and by objective, for the results and stats screens.
fn score_bars(app: &App, score: &crate::quiz::Score, width: u16) -> Vec<Line<'static>> {
    let width = (width as usize).saturating_sub(36).clamp(10, 40);
    let mut lines = Vec::new();
    for (title, map) in [
        ("By category", &score.by_category),
        ("By objective", &score.by_objective),
    ] {
        lines.push(Line::styled(title, app.theme.title()));
        for (name, tally) in map {
            let percent = tally.percent();
            lines.push(Line::from(format!(
                "  {name:<16} {} {percent:>3}% ({}/{})",
                bar(percent, width),
                tally.correct,
                tally.answered
            )));
        }
        lines.push(Line::from(""));
    }
    lines
}
