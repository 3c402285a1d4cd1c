//! The instructor's projector in a class session (issue 28), drawn from the
//! `play::class::Class`: the lobby (how to join, the join code big, who joined),
//! the question open with the count of answers and the countdown, the close, the
//! reveal (a bar chart of the choices, the right answer marked by a mark and a
//! colour, the explanation) and the class's results at the end. Fits 80×24; a
//! larger screen gets the zone beside the question and a bigger join code.

use super::keys::{Scope, TABLE};
use super::quiz_layout::{Row, Tone, hanging, paragraph, zone_rows};
use super::quiz_view::styled;
use super::text;
use super::theme::Theme;
use super::widgets::bar;
use crate::ground::percent;
use crate::kind::Item;
use crate::play::class::{Class, NAME_LIMIT, Phase};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

/// What the projector shows besides the class: how to join, and what the
/// instructor's keys are doing.
#[derive(Debug, Clone, Default)]
pub struct Room {
    /// What students type, one line per address (`play::class::join_lines`).
    pub joins: Vec<String>,
    /// The join code (the SSH password).
    pub code: String,
    /// The class's SSH host key as ssh shows it (`SHA256:…`), for students to
    /// compare when ssh asks to trust it; empty: not shown.
    pub fingerprint: String,
    /// Where the class's CSV was saved, once it was.
    pub saved: Option<String>,
    /// q was pressed: ending the class waits for y.
    pub confirm: bool,
    /// A line for the instructor (a student refused, the CSV not saved…).
    pub notice: Option<String>,
}

/// Draws the projector.
pub fn draw(frame: &mut Frame, class: &Class, room: &Room, now: u64, t: Theme) {
    let area = frame.area();
    let keys = footer(class, room);
    let footer = text::pack(&keys, usize::from(area.width), 2);
    let [header, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(footer.len() as u16),
    ])
    .areas(area);
    let mut head = vec![
        "mxdrill class".to_string(),
        format!("join code {}", room.code),
        format!("{} joined", class.online()),
    ];
    if let Some(i) = class.current.filter(|_| class.phase != Phase::Finished) {
        head.push(format!("question {}/{}", i + 1, class.items.len()));
    }
    head.push(
        match class.phase {
            Phase::Lobby => "lobby",
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Revealed => "revealed",
            Phase::Finished => "finished",
        }
        .into(),
    );
    if let Some(left) = class.remaining(now) {
        head.push(format!("⏱ {}:{:02}", left / 60, left % 60));
    }
    let head: Vec<Line<'static>> = head
        .into_iter()
        .map(|p| Line::from(Span::styled(p, t.title())))
        .collect();
    let mut body = super::view::head(frame, t, &head, header, body);
    if let Some(notice) = &room.notice {
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        let clipped = t.clip(notice, usize::from(line.width));
        frame.render_widget(Paragraph::new(Span::styled(clipped, t.warn())), line);
        body = rest;
    }
    match (class.phase, class.item()) {
        (Phase::Lobby, _) | (_, None) if class.phase != Phase::Finished => {
            lobby(frame, class, room, t, body)
        }
        (Phase::Finished, _) => finished(frame, class, room, t, body),
        (_, Some(item)) => question(frame, class, item, t, body),
        _ => {}
    }
    let lines: Vec<Line> = footer
        .into_iter()
        .map(|l| Line::styled(l, t.dim()))
        .collect();
    frame.render_widget(Paragraph::new(lines), foot);
}

/// The footer's parts: the instructor's keys from the key table, what the next
/// step does, ending the class.
fn footer(class: &Class, room: &Room) -> Vec<String> {
    if room.confirm {
        return vec![
            "End the class now? y: yes".into(),
            "any other key: no".into(),
        ];
    }
    let own = |keys: &'static str| -> &'static str {
        TABLE
            .iter()
            .find(|b| b.scope == Scope::Projector && b.keys.starts_with(keys))
            .map_or(keys, |b| b.keys)
    };
    let next = match class.phase {
        Phase::Lobby => Some("open question 1".to_string()),
        Phase::Open => Some("close the answers".into()),
        Phase::Closed => Some("reveal".into()),
        Phase::Revealed => Some(match class.current.map_or(0, |c| c + 1) {
            n if n < class.items.len() => format!("question {}", n + 1),
            _ => "the results".into(),
        }),
        Phase::Finished => None,
    };
    let mut parts = Vec::new();
    if let Some(next) = next {
        parts.push(format!("{} {next}", own("Enter")));
    }
    let replay = class.phase == Phase::Revealed && class.item().is_some_and(|i| i.replay.is_some());
    if replay {
        parts.push(format!("{} replay the delivery", own("r")));
    }
    parts.push(match class.phase {
        Phase::Finished => "q leave".into(),
        _ => "q end the class".into(),
    });
    parts
}

fn lobby(frame: &mut Frame, class: &Class, room: &Room, t: Theme, body: Rect) {
    let w = usize::from(body.width);
    let mut rows = vec![Row(vec![(
        "Join from a terminal (Windows, macOS, Linux):".into(),
        Tone::Title,
    )])];
    for line in &room.joins {
        rows.push(Row(vec![
            ("  ".into(), Tone::Plain),
            (t.clip(line, w.saturating_sub(2)), Tone::Plain),
        ]));
    }
    if !room.fingerprint.is_empty() {
        let key = format!("host key (ssh asks once): {}", room.fingerprint);
        rows.push(Row(vec![(t.clip(&key, w), Tone::Dim)]));
    }
    rows.push(Row(vec![(
        t.clip(
            "NAME is your name (letters, digits, - and _); the password is the join code:",
            w,
        ),
        Tone::Dim,
    )]));
    let (pixels, columns, height) = match (t.ascii, body.height >= 36 && body.width >= 60) {
        (false, true) => (PixelSize::Full, 8, 8),
        _ => (t.glyphs().big.0, t.glyphs().big.1, 4),
    };
    let fits = usize::from(columns) * room.code.len() <= w;
    let big_rows = if fits { height } else { 1 };
    let names = names(class, t, w);
    let [top, big, count, rest] = Layout::vertical([
        Constraint::Length(rows.len() as u16),
        Constraint::Length(big_rows),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(lines(t, &rows)), top);
    match fits {
        true => frame.render_widget(
            BigText::builder()
                .pixel_size(pixels)
                .style(t.title())
                .lines(vec![Line::from(room.code.clone())])
                .build(),
            big,
        ),
        false => frame.render_widget(
            Paragraph::new(Span::styled(room.code.clone(), t.title())),
            big,
        ),
    }
    let joined = Line::from(vec![
        Span::raw(""),
        Span::styled(format!("{} joined", class.online()), t.title()),
        Span::styled(
            match class.seats().len() - class.online() {
                0 => String::new(),
                away => format!(" ({away} away)"),
            },
            t.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(vec![Line::default(), joined]), count);
    frame.render_widget(Paragraph::new(names), rest);
}

/// The students' names in columns; those whose connection dropped are dimmed.
fn names(class: &Class, t: Theme, w: usize) -> Vec<Line<'static>> {
    let cell = NAME_LIMIT + 2;
    let per_row = (w / cell).max(1);
    class
        .seats()
        .chunks(per_row)
        .map(|row| {
            Line::from(
                row.iter()
                    .map(|s| {
                        let style = if s.online { t.title() } else { t.dim() };
                        Span::styled(format!("{:<cell$}", t.clip(&s.name, cell - 2)), style)
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn lines(t: Theme, rows: &[Row]) -> Vec<Line<'static>> {
    rows.iter().map(|r| styled(t, r)).collect()
}

/// A question open, closed or revealed: the prompt, the count of answers, then
/// the options, or the chart and the explanation once revealed. The zone goes
/// beside on a wide screen.
fn question(frame: &mut Frame, class: &Class, item: &Item, t: Theme, body: Rect) {
    let zone = !item.zone_beside().is_empty() && item.kind.entry().shows_zone();
    let beside = zone && body.width >= super::quiz_layout::SIDE_BY_SIDE;
    let [main, side] = match beside {
        true => Layout::horizontal([Constraint::Percentage(60), Constraint::Min(0)]).areas(body),
        false => [body, Rect::default()],
    };
    let w = usize::from(main.width.saturating_sub(u16::from(beside)));
    let (answered, present) = class.answered();
    let mut rows = Vec::new();
    if class.phase == Phase::Revealed {
        // The room has read the question: the chart and the why come first.
        let tally = class.tally(class.current.unwrap_or(0));
        rows.extend(chart(item, &tally, t, w));
        rows.push(Row::default());
        rows.extend(paragraph(t, &item.explanation, Tone::Plain, w));
        rows.push(Row::default());
    }
    rows.extend(paragraph(t, &item.prompt, Tone::Plain, w));
    for line in &item.context {
        rows.extend(paragraph(t, line, Tone::Warn, w));
    }
    rows.push(Row::default());
    let count = format!("{answered}/{present} answered");
    match class.phase {
        Phase::Revealed => {}
        phase => {
            let numbered = item.kind.entry().numbered() || item.kind.entry().arranged();
            for (j, o) in item.options.iter().enumerate() {
                let label = match numbered {
                    true => format!("{}. {}", j + 1, o.text),
                    false => o.text.clone(),
                };
                rows.extend(hanging(
                    t,
                    vec![("  ".into(), Tone::Plain)],
                    &label,
                    Tone::Plain,
                    w,
                    3,
                ));
            }
            rows.push(Row::default());
            if zone && !beside {
                if let Some(h) = &item.zone_heading {
                    rows.extend(paragraph(t, h, Tone::Title, w));
                }
                rows.extend(zone_rows(t, item.zone_beside(), w));
            }
            let state = match phase {
                Phase::Closed => format!("{count} · answers are closed"),
                _ => count,
            };
            rows.insert(0, Row(vec![(t.clip(&state, w), Tone::Title)]));
            rows.insert(1, Row::default());
        }
    }
    frame.render_widget(Paragraph::new(lines(t, &rows)), main);
    if beside {
        let inner = usize::from(side.width.saturating_sub(2));
        let mut zone = item
            .zone_heading
            .as_deref()
            .map(|h| paragraph(t, h, Tone::Title, inner))
            .unwrap_or_default();
        zone.extend(zone_rows(t, item.zone_beside(), inner));
        frame.render_widget(
            Paragraph::new(lines(t, &zone)).block(t.block().title(" Zone ")),
            side,
        );
    }
}

/// The revealed answers as bars: per option, how many picked it and what share
/// of those who answered; the right answer marked ✓ and in the right answer's
/// style. An order question: right and wrong.
pub fn chart(item: &Item, tally: &crate::play::class::Tally, t: Theme, w: usize) -> Vec<Row> {
    let answered = tally.answered as u64;
    let mut bars: Vec<(String, bool, usize)> = match item.kind.entry().arranged() {
        true => vec![
            ("right".into(), true, tally.right),
            (
                "wrong".into(),
                false,
                tally.answered - tally.right.min(tally.answered),
            ),
        ],
        false => {
            let right = item.answer.right_options();
            item.options
                .iter()
                .enumerate()
                .map(|(j, o)| {
                    (
                        format!("{}. {}", j + 1, o.text),
                        right.contains(&j),
                        tally.picks[j],
                    )
                })
                .collect()
        }
    };
    // Labels beside their bars where they all fit, else each above its bar.
    let longest = bars.iter().map(|(l, ..)| text::width(&t.text(l))).max();
    let label_width = w.saturating_sub(36).clamp(8, 80);
    let beside = longest.is_some_and(|l| l <= label_width);
    let label_width = longest.unwrap_or(0).min(label_width);
    let bar_width = match beside {
        true => w.saturating_sub(label_width + 3 + 13),
        false => w.saturating_sub(5 + 13),
    }
    .clamp(4, 40);
    let mut rows = vec![Row(vec![(
        t.clip(&format!("{answered} answered · {} right", tally.right), w),
        Tone::Title,
    )])];
    for (label, right, n) in bars.drain(..) {
        let p = percent(n as u64, answered);
        let (mark, tone) = match right {
            true => ("✓ ", Tone::Right),
            false => ("  ", Tone::Plain),
        };
        let bar_part = vec![
            (t.text(&bar(p as u32, bar_width)).into_owned(), tone),
            (format!(" {n:>3} ({p:>3} %)"), tone),
        ];
        match beside {
            true => {
                let pad = " ".repeat(label_width.saturating_sub(text::width(&t.text(&label))));
                let mut row = vec![(mark.into(), tone), (format!("{label}{pad} "), tone)];
                row.extend(bar_part);
                rows.push(Row(row));
            }
            false => {
                rows.extend(hanging(t, vec![(mark.into(), tone)], &label, tone, w, 3));
                let mut row = vec![(mark.into(), tone), ("   ".into(), tone)];
                row.extend(bar_part);
                rows.push(Row(row));
            }
        }
    }
    rows
}

fn finished(frame: &mut Frame, class: &Class, room: &Room, t: Theme, body: Rect) {
    let w = usize::from(body.width);
    let mut rows = vec![Row(vec![("The class is over.".into(), Tone::Title)])];
    if let Some(path) = &room.saved {
        rows.extend(hanging(
            t,
            vec![("Results saved: ".into(), Tone::Dim)],
            path,
            Tone::Plain,
            w,
            2,
        ));
    }
    rows.push(Row::default());
    let wide = body.width >= 120;
    let column = usize::from(if wide { body.width / 2 } else { body.width });
    let longest = class
        .by_question()
        .iter()
        .chain(&class.by_student())
        .map(|l| text::width(&l.name))
        .max()
        .unwrap_or(0);
    let name_width = longest.clamp(8, column.saturating_sub(40).max(8));
    let table = |title: &str, lines: Vec<crate::play::class::Line>| {
        let mut rows = vec![Row(vec![(title.to_string(), Tone::Title)])];
        for l in lines {
            let p = percent(l.right as u64, l.of as u64);
            rows.push(Row(vec![(
                t.clip(
                    &format!(
                        "  {:<name_width$} {:>3}/{:<3} right {:>3} %  ({} answered)",
                        t.clip(&l.name, name_width),
                        l.right,
                        l.of,
                        p,
                        l.answered
                    ),
                    w,
                ),
                Tone::Plain,
            )]));
        }
        rows
    };
    let by_question = table("By question", class.by_question());
    let by_student = table("By student", class.by_student());
    let [left, right] = match wide {
        true => Layout::horizontal([Constraint::Percentage(50), Constraint::Min(0)]).areas(body),
        false => [body, Rect::default()],
    };
    match wide {
        true => {
            rows.extend(by_question);
            frame.render_widget(Paragraph::new(lines(t, &rows)), left);
            let mut second = vec![Row::default(), Row::default()];
            if room.saved.is_some() {
                second.push(Row::default());
            }
            second.extend(by_student);
            frame.render_widget(Paragraph::new(lines(t, &second)), right);
        }
        false => {
            rows.extend(by_question);
            rows.push(Row::default());
            rows.extend(by_student);
            frame.render_widget(Paragraph::new(lines(t, &rows)), left);
        }
    }
}
