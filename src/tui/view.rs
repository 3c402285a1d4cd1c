//! Drawing: reads the state, never changes it.

use super::app::{App, MENU, Screen};
use super::keys::{Scope, TABLE};
use super::text;
use super::theme::Theme;
use super::widgets::{plural, score_bars};
use crate::content::bank::Category;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Borders, Clear, Paragraph, Wrap};

/// The most lines the footer takes (at 80 columns most screens need two).
const FOOTER_LINES: usize = 2;

/// The header's state, `parts` packed into one line, or two where one is too
/// narrow: the second takes the body's first row. Returns the body left. Every
/// screen's header goes through here, so no state is cut off its end.
pub(super) fn head(
    frame: &mut Frame,
    t: Theme,
    parts: &[Line<'static>],
    header: Rect,
    body: Rect,
) -> Rect {
    let words: Vec<String> = parts
        .iter()
        .map(|p| t.text(&p.to_string()).into_owned())
        .collect();
    let lines = text::pack(&words, usize::from(header.width), 2);
    // Each line keeps its parts' styles: parts are placed in order.
    let mut spans: Vec<Vec<Span>> = vec![Vec::new(); lines.len()];
    let mut row = 0;
    let mut used = 0;
    for (part, word) in parts.iter().zip(&words) {
        let w = text::width(word);
        if used > 0 && used + 3 + w > usize::from(header.width) {
            row += 1;
            used = 0;
        }
        let Some(line) = spans.get_mut(row) else {
            break;
        };
        if used > 0 {
            line.push(Span::styled(" · ", t.title()));
            used += 3;
        }
        line.extend(part.spans.iter().cloned());
        used += w;
    }
    let mut rows = spans.into_iter().map(Line::from);
    frame.render_widget(Paragraph::new(rows.next().unwrap_or_default()), header);
    match rows.next() {
        Some(second) if body.height > 1 => {
            let [top, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
            frame.render_widget(Paragraph::new(second), top);
            rest
        }
        _ => body,
    }
}

/// The smallest terminal the app draws in.
pub const MIN: (u16, u16) = (60, 20);

/// Draws the whole app; in ASCII every cell is then made ASCII, whatever drew it
/// (`glyphs::ascii_cells`).
pub fn draw(frame: &mut Frame, app: &App) {
    paint(frame, app);
    if app.theme.ascii {
        super::glyphs::ascii_cells(frame.buffer_mut());
    }
}

fn paint(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN.0 || area.height < MIN.1 {
        let text = format!(
            "Please enlarge the terminal to at least {}×{} (it is {}×{}).",
            MIN.0, MIN.1, area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    // The footer: the confirm question, or the keys; two lines where one is too
    // narrow, and nothing in it cut (`text::pack`).
    let columns = usize::from(area.width);
    let (foot, style) = match confirm_line(app) {
        Some(ask) => (app.theme.wrap(&ask, columns, 0), app.theme.warn()),
        None => (footer_lines(app, columns), app.theme.dim()),
    };
    let foot: Vec<Line> = foot
        .into_iter()
        .take(FOOTER_LINES)
        .map(|l| Line::styled(l, style))
        .collect();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(foot.len()).unwrap_or(1)),
    ])
    .areas(area);
    match app.screen {
        Screen::Home => home(frame, app, header, body),
        Screen::Quiz => match &app.desk.sitting {
            Some(q) if let Some(list) = q.review.as_ref().filter(|_| q.in_exam()) => {
                super::review_view::draw(frame, app, q, list, header, body)
            }
            Some(q) => super::quiz_view::question(frame, app, q, header, body),
            None => home(frame, app, header, body),
        },
        Screen::Results => super::quiz_view::results(frame, app, header, body),
        Screen::Simulator => super::sim_view::draw(frame, app, header, body),
        Screen::Lab => super::lab_view::draw(frame, app, header, body),
        Screen::Stats => stats(frame, app, header, body),
    }
    frame.render_widget(Paragraph::new(foot), footer);
    if app.help {
        help(frame, app, area);
    }
    if let Some(scroll) = app.rules {
        rules(frame, app, area, scroll);
    }
}

/// The rules cited on screen, each in a few plain words (r or Esc closes).
fn rules(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let t = app.theme;
    let width = area.width.min(78);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    for rule in app.rules_cited() {
        lines.push(Line::styled(
            t.clip(&format!("{}  {}", rule.id, rule.title), inner),
            t.title(),
        ));
        for row in t.wrap(&format!("  {}", rule.text), inner, 2) {
            lines.push(Line::from(row));
        }
        lines.push(Line::from(""));
    }
    lines.pop();
    let height = area
        .height
        .saturating_sub(2)
        .min(u16::try_from(lines.len() + 2).unwrap_or(u16::MAX));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let max = lines
        .len()
        .saturating_sub(usize::from(height.saturating_sub(2)));
    let from = usize::from(scroll).min(max);
    let title = t.clip(" Rules cited — ↑ ↓ scroll · r or Esc close ", inner);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines[from..].to_vec()).block(t.block().title(title)),
        rect,
    );
}

/// The question the footer asks instead of the keys: leave the exam, submit it.
fn confirm_line(app: &App) -> Option<String> {
    let q = app
        .desk
        .sitting
        .as_ref()
        .filter(|_| app.screen == super::app::Screen::Quiz);
    if let Some(pending) = app.confirm_leave {
        let (key, what) = match pending {
            super::keys::Action::Quit => ("q", "Quit mxdrill"),
            _ => ("Esc", "Leave the exam"),
        };
        return Some(format!(
            "{what}? It is saved: Resume exam on the home menu. {key} again or y leaves, any other key stays."
        ));
    }
    let q = q.filter(|q| q.confirm_submit)?;
    let (open, flagged) = q.open_and_flagged();
    if q.review.is_some() {
        return Some(format!(
            "Submit the exam? {open} unanswered, {flagged} flagged. S or y submits; ↑ ↓ Enter or a number: go to a question; Esc: back."
        ));
    }
    Some(format!(
        "Submit the exam? {} unanswered, {} flagged. S or y submits, any other key goes on.",
        open, flagged
    ))
}

/// The footer: one line where everything fits in words; else the bottom line keeps its
/// place for what every screen needs (submit or undo, quit, help, back) and the
/// line above it holds this screen's keys in their short form, as many as fit
/// whole (`?` lists them all).
fn footer_lines(app: &App, columns: usize) -> Vec<String> {
    let count = |line: Option<&String>| line.map_or(0, |l| l.matches(" · ").count() + 1);
    let (fixed, keys) = hints(app, true);
    let all: Vec<&String> = fixed.iter().chain(&keys).collect();
    let one = text::pack(&all, columns, 1);
    if count(one.first()) == all.len() {
        return one;
    }
    let (fixed, keys) = hints(app, false);
    let above = text::pack(&keys, columns, 1);
    let taken = count(above.first());
    let below: Vec<&String> = fixed.iter().chain(&keys[taken.min(keys.len())..]).collect();
    above
        .into_iter()
        .chain(text::pack(&below, columns, 1))
        .collect()
}

/// The footer's parts: what every screen needs, then this screen's keys, from
/// the key table; `long`: with their help's words, else their short hints.
fn hints(app: &App, long: bool) -> (Vec<String>, Vec<String>) {
    let says =
        |b: &super::keys::Binding| format!("{} {}", b.keys, if long { b.help } else { b.hint });
    let words = |s: &str| (Vec::new(), s.split(" · ").map(String::from).collect());
    match app.screen {
        // Typing takes every key there: the few that are not typed.
        Screen::Lab => {
            return words(
                "Enter run · ↑ ↓ history · PgUp PgDn scroll · help · Esc back · Ctrl-C quit",
            );
        }
        Screen::Stats => return words("Esc back · ? help · q quit"),
        Screen::Quiz if app.typing() => {
            return words(
                "Enter answer · Tab or Esc: keys again · ← → Home End edit · ↑ ↓ history · Ctrl-C quit",
            );
        }
        _ => {}
    }
    let scopes = app.scopes();
    let own = scopes.last().copied().unwrap_or(Scope::Lists);
    let quiz = matches!(own, Scope::Quiz | Scope::Exam | Scope::Feedback);
    let item = app
        .desk
        .sitting
        .as_ref()
        .filter(|_| app.screen == Screen::Quiz)
        .and_then(|q| q.item());
    // `v` works only where the question has a delivery to watch.
    let watchable = item.is_some_and(|i| i.replay.is_some());
    // The answer keys this question's entry takes (an order question: K J).
    let entry = item.map(|i| i.kind.entry());
    let answers = |b: &super::keys::Binding| match (b.keys, entry) {
        ("Space", Some(e)) => e.marks_many(),
        ("K J", Some(e)) => e.arranged(),
        ("1-9", Some(e)) => !e.arranged() && !e.typed(),
        _ => true,
    };
    // `e` only where an answered command is locked.
    let locked = app.desk.sitting.as_ref().is_some_and(|q| q.locked());
    let first = TABLE.iter().filter(|b| {
        // The simulator's Enter (inspect) is its own, not a quiz's; an exam takes
        // the answer keys of a question too.
        (b.scope == own
            || (own == Scope::Exam && b.scope == Scope::Quiz)
            || ((quiz || own == Scope::Home)
                && b.keys == "Enter"
                && !matches!(b.scope, Scope::Simulator | Scope::ExamList))
            || (b.scope == Scope::Rating && scopes.contains(&Scope::Rating)))
            && (b.scope != Scope::Feedback || watchable)
            && answers(b)
            && (b.scope != Scope::Exam || b.keys != "e" || locked)
    });
    let last = TABLE.iter().filter(|b| matches!(b.keys, "q" | "?" | "Esc"));
    // In an exam, submit comes first: it must never be left off the footer; so
    // does the simulator's undo of its MX what-ifs while there are some.
    let modified =
        app.screen == Screen::Simulator && app.sim.as_ref().is_some_and(|s| s.modified());
    let (submit, first): (Vec<_>, Vec<_>) = first
        .partition(|b| b.keys == "S" || (modified && b.scope == Scope::Simulator && b.keys == "w"));
    let fixed = submit
        .into_iter()
        .map(|b| format!("{} {}", b.keys, b.help))
        .chain(last.map(says))
        .collect();
    let keys = first.into_iter().map(says).collect();
    (fixed, keys)
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
    let width = usize::from(body.width);
    let mut lines = vec![Line::from(scope_line(app)), Line::from("")];
    lines.extend(menu_lines(app, width));
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
    if let Some(last) = app.desk.sessions.last() {
        lines.push(Line::from(format!(
            "Last score: {last}% · review starts with your weakest category"
        )));
    }
    // The lower tables: categories and objectives, both where the body has room for
    // them (a blank line between), else the one `o` chose, its heading naming `o`.
    let room = usize::from(body.height).saturating_sub(1 + lines.len() + app.library.skipped.len());
    let both = Category::ALL.len() + 1 + objective_rows(app).len() + 2 <= room;
    if both || !app.objectives {
        lines.push(Line::styled(
            match (app.stats.is_some(), both) {
                (true, false) => {
                    "Questions by category: right / answered, due, how many held · o: objectives"
                }
                (false, false) => {
                    "Questions by category: right / answered, how many held · o: objectives"
                }
                (true, true) => {
                    "Questions by category: right / answered, due for review, how many the banks hold"
                }
                (false, true) => {
                    "Questions by category: your right / answered, and how many the banks hold"
                }
            },
            t.title(),
        ));
        lines.extend(
            Category::ALL
                .into_iter()
                .zip(app.held)
                .map(|(c, held)| category_line(app, c, held)),
        );
    }
    if both {
        lines.push(Line::from(""));
    }
    if both || app.objectives {
        lines.push(Line::styled(
            match both {
                true => crate::progress::HEADING,
                false => {
                    "Objectives: right / answered in 30 days, questions unseen · o: categories"
                }
            },
            t.title(),
        ));
        lines.extend(objective_rows(app));
    }
    for d in &app.library.skipped {
        lines.push(Line::styled(format!("⚠ skipped {}: {d}", d.path), t.warn()));
    }
    frame.render_widget(
        Paragraph::new(wrap_lines(t, lines, width)).block(t.block().borders(Borders::TOP)),
        body,
    );
}

/// The bank sessions draw from (b chooses): one line, so the menu rows stay put.
fn scope_line(app: &App) -> String {
    let questions: usize = app.library.banks.iter().map(|b| b.questions.len()).sum();
    let zones = plural(app.library.world.zones().len(), "zone");
    match app.bank.and_then(|i| app.library.banks.get(i)) {
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
    }
}

/// The menu, a saved exam offered back in the exam's place.
fn menu_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let mut lines = Vec::new();
    for (i, (name, what)) in MENU.iter().enumerate() {
        let selected = i == app.menu;
        let marker = if selected { "▶ " } else { "  " };
        let style = if selected { t.selected() } else { Style::new() };
        // A saved exam is offered back in the exam's place.
        let (name, what) = match (i, &app.desk.keeper.saved) {
            (1, Some(exam)) => {
                let answered = exam.questions.iter().filter(|q| q.answer.is_some()).count();
                let left = exam.limit.saturating_sub(exam.elapsed);
                (
                    "Resume exam",
                    format!(
                        "{answered} of {} answered, {}:{:02} left (submit it to start a new one)",
                        exam.questions.len(),
                        left / 60,
                        left % 60
                    ),
                )
            }
            _ => (*name, what.to_string()),
        };
        let head = format!("{marker}{}. {name:<11}", i + 1);
        let rest = t.clip(
            &format!("  {what}"),
            width.saturating_sub(text::width(&head)),
        );
        lines.push(Line::from(vec![
            Span::styled(head, style),
            Span::styled(rest, t.dim()),
        ]));
    }
    lines
}

/// One category: the learner's right / answered (from the store's cached stats, or
/// this run's sessions) beside how many questions the banks hold (`n`).
fn category_line(app: &App, category: Category, n: usize) -> Line<'static> {
    let (answered, right) = match &app.stats {
        Some(s) => s
            .by_category
            .get(category.name())
            .copied()
            .unwrap_or_default(),
        None => app
            .desk
            .scores
            .by_category
            .get(category.name())
            .map_or((0, 0), |t| (t.answered as usize, t.correct as usize)),
    };
    let mine = match answered {
        0 => "not answered yet".to_string(),
        _ => format!(
            "{right:>3}/{answered:<3} right ({}%)",
            text::percent(right as u64, answered as u64)
        ),
    };
    // Due for review now, from the store (`progress::due_by_category`), for the banks
    // in scope; no column without a store.
    let due = match (&app.stats, app.due_by_category.get(category.name())) {
        (None, _) => String::new(),
        (Some(_), Some(n)) if *n > 0 => format!("{n:>3} due  "),
        (Some(_), _) => " ".repeat(9),
    };
    Line::from(format!(
        "  {:<16} {mine:<24} {due}{}",
        category.name(),
        plural(n, "question")
    ))
}

/// Readiness per objective for the banks in scope (`progress::readiness`), one
/// row each, or why there is none.
fn objective_rows(app: &App) -> Vec<Line<'static>> {
    let note = match (&app.stats, app.readiness.is_empty()) {
        (None, _) => "  shown when answers are saved (they are not being saved now)",
        (Some(_), true) => "  no question here names an exam objective",
        (Some(_), false) => {
            return app
                .readiness
                .iter()
                .map(|r| {
                    let style = match r.readiness {
                        crate::progress::Level::Ready => app.theme.right(),
                        _ => Style::new(),
                    };
                    Line::styled(format!("  {}", r.row()), style)
                })
                .collect();
        }
    };
    vec![Line::styled(note, app.theme.dim())]
}

/// Long lines (a skipped file's reason) wrapped under their start.
fn wrap_lines(t: Theme, lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .flat_map(|l| {
            let style = l.style;
            let whole: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            match text::width(&t.text(&whole)) > width {
                true => t
                    .wrap(&whole, width, 2)
                    .into_iter()
                    .map(|r| Line::styled(r, style))
                    .collect(),
                false => vec![l],
            }
        })
        .collect()
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
        let help = app
            .theme
            .clip(b.help, column.saturating_sub(keys.chars().count() + 1));
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
        Paragraph::new(lines).block(app.theme.block().title(" Keys — ? or Esc to close ")),
        rect,
    );
}

fn stats(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    let [bars, trend] = Layout::vertical([Constraint::Min(3), Constraint::Length(5)]).areas(body);
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
            app.desk.scores.clone(),
            app.desk.sessions.clone(),
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
    let Some(_) = app.stats else {
        // This run's sessions, % right.
        chart(
            frame,
            t,
            trend,
            &format!("{title}— the tallest bar is 100% "),
            &per_day,
            100,
            ("first session", "last"),
        );
        return;
    };
    // The answers of the last 14 days beside the reviews falling due on the next 14
    // (`progress::forecast`), each with its largest figure named.
    let [past, ahead] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(trend);
    let most = |v: &[u64]| v.iter().copied().max().unwrap_or(0);
    chart(
        frame,
        t,
        past,
        &format!(" Answers per day — most {} ", most(&per_day)),
        &per_day,
        most(&per_day).max(1),
        ("14 days ago", "today"),
    );
    chart(
        frame,
        t,
        ahead,
        &format!(" Reviews due per day — most {} ", most(&app.forecast)),
        &app.forecast,
        most(&app.forecast).max(1),
        ("today", "in 13 days"),
    );
}

/// A bar per day (or session) in a box titled `title`, each a few columns wide,
/// with the axis's ends (`from`, `to`) named under it.
fn chart(
    frame: &mut Frame,
    t: Theme,
    area: Rect,
    title: &str,
    data: &[u64],
    max: u64,
    (from, to): (&str, &str),
) {
    let block = t
        .block()
        .title(t.clip(title, usize::from(area.width.saturating_sub(2))));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [chart, axis] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let each = (usize::from(chart.width) / data.len().max(1)).clamp(1, 6);
    // A day with any at all keeps the lowest bar (an eighth of a row), however tall
    // the tallest: one review due beside seventeen is still seen.
    let least = max.div_ceil(u64::from(chart.height).max(1) * 8);
    let stretched: Vec<u64> = data
        .iter()
        .map(|v| if *v > 0 { (*v).max(least) } else { 0 })
        .flat_map(|v| std::iter::repeat_n(v, each))
        .collect();
    let spark = ratatui::widgets::Sparkline::default()
        .data(&stretched)
        .max(max)
        .bar_set(t.glyphs().bars.clone())
        .style(t.right());
    frame.render_widget(spark, chart);
    let ends = text::width(from) + text::width(to);
    let labels = match stretched.len() >= ends + 2 {
        true => format!("{from}{}{to}", " ".repeat(stretched.len() - ends)),
        false => format!("bars from {from} to {to}"),
    };
    frame.render_widget(
        Paragraph::new(t.clip(&labels, usize::from(axis.width))).style(t.dim()),
        axis,
    );
}
