//! The simulator screen, after Packet Tracer's simulation mode: the topology with
//! the message moving along the path it takes, the queue in time, the event list
//! (filterable by kind) and the inspector with the step's artefact and rule. In
//! presenter mode the outcome is in big text with a one-line caption of the step.

mod timeline;
mod topology;

use super::app::App;
use super::sim::{SPEEDS, SimState};
use super::text::width;
use crate::delivery::elapsed;
use crate::play::inspect::tag;
use crate::play::picture::Entry;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the simulator.
pub fn draw(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    let Some(sim) = &app.sim else { return };
    let p = &sim.picture;
    let playing = if sim.playing {
        "▶ playing"
    } else {
        "⏸ paused"
    };
    // What a class must see first: the step and attempt; the settings after (on
    // a second line where one is too narrow).
    let mut name = vec![Span::styled("Simulator", t.title())];
    let mut badges = Vec::new();
    if sim.modified() {
        badges.push("modified");
    }
    if app.serving_what_ifs() {
        badges.push("serving the what-if world");
    }
    if !badges.is_empty() {
        name.push(Span::styled(format!(" [{}]", badges.join(", ")), t.warn()));
    }
    let mut head = vec![Line::from(name)];
    head.extend(
        [
            sim.whatif.recipient().to_string(),
            match sim.steps() {
                0 => "no step listed".to_string(),
                n => format!("step {}/{n}", sim.pos + 1),
            },
            format!("attempt {}/{} {}", p.attempt, p.attempts, p.at),
            playing.to_string(),
            format!("profile {}", sim.whatif.setup.profile.name()),
            format!("seed {}", sim.whatif.setup.seed),
            format!("speed {}/{}", sim.speed + 1, SPEEDS.len()),
        ]
        .into_iter()
        .map(|w| Line::from(Span::styled(w, t.title()))),
    );
    let body = super::view::head(frame, t, &head, header, body);
    let body = if app.presenter {
        presenter_banner(frame, app, sim, body)
    } else {
        body
    };
    let max = usize::from(body.width);
    // Boxes when they leave room for the list, else one row per host.
    let boxed = topology::boxed_height(p, max);
    let (lines, height) = if boxed + 10 <= body.height && body.width >= 60 {
        (topology::boxed(t, p, sim.selected, max), boxed)
    } else {
        let lines = topology::compact(t, p, sim.selected, max);
        let h = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        (lines, h)
    };
    let [top, queue, rest] = Layout::vertical([
        Constraint::Length(height.min(body.height.saturating_sub(5))),
        Constraint::Length(1),
        Constraint::Min(3),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(lines), top);
    frame.render_widget(Paragraph::new(timeline::line(t, sim, max)), queue);
    if sim.inspecting && rest.width >= 100 {
        let [list, inspector] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(rest);
        events(frame, app, sim, list);
        inspect(frame, app, sim, inspector);
    } else if sim.inspecting {
        inspect(frame, app, sim, rest);
    } else {
        events(frame, app, sim, rest);
    }
}

/// Where a step's text starts in the event list (after the marker, number, time
/// and kind): the current step's wrapped lines start there.
const STEP_TEXT: usize = 24;

/// The event list: the current entry highlighted, kept in view; the outcome last.
fn events(frame: &mut Frame, app: &App, sim: &SimState, area: Rect) {
    let t = app.theme;
    let Some(trace) = sim.trace() else {
        frame.render_widget(
            Paragraph::new("This delivery cannot run.").block(t.block()),
            area,
        );
        return;
    };
    let inner = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    let outcome = sim.picture.outcome.as_ref().filter(|_| sim.at_end());
    // Keep the current entry in view, with the outcome when it is there; only the
    // rows in view are formatted (an unfolded queue has hundreds of steps).
    // The outcome wraps: a bounce's reason is never cut.
    let delivered = outcome.is_some_and(|o| o.starts_with('✓'));
    let outcome: Vec<String> = outcome.map_or_else(Vec::new, |o| t.wrap(o, inner, 2));
    // The current step wraps under its text (its addresses and words whole);
    // the others keep one row each.
    let row = |n: usize, e: Entry| {
        let (at, text) = match e {
            Entry::Step(i) => (elapsed(trace.steps[i].at), trace.steps[i].text.clone()),
            Entry::Repeats { from, to, like, .. } => (
                elapsed(sim.started(from)),
                format!(
                    "Attempts {from} to {to} (until {}) go exactly as attempt {like} · e expands",
                    elapsed(sim.started(to))
                ),
            ),
        };
        let here = n == sim.pos;
        format!(
            "{}{:>3}. {at:>9} {:<7} {text}",
            if here { "▶" } else { " " },
            n + 1,
            tag(trace, e)
        )
    };
    let current = sim
        .entries
        .get(sim.pos)
        .map_or_else(Vec::new, |&e| t.wrap(&row(sim.pos, e), inner, STEP_TEXT));
    let more = current.len().saturating_sub(1);
    let total = sim.entries.len() + more + outcome.len();
    let wanted = if sim.at_end() {
        total
    } else {
        sim.pos + more + 2
    };
    let scroll = wanted.saturating_sub(rows).min(sim.pos);
    let mut lines: Vec<Line> = sim
        .entries
        .iter()
        .enumerate()
        .skip(scroll)
        .take(rows)
        .flat_map(|(n, &e)| {
            if n == sim.pos {
                current
                    .iter()
                    .map(|l| Line::styled(l.clone(), t.selected()))
                    .collect()
            } else {
                vec![Line::from(t.clip(&row(n, e), inner))]
            }
        })
        .take(rows)
        .collect();
    if let Some(note) = sim.nothing_listed() {
        lines.extend(t.wrap(&note, inner, 0).into_iter().map(Line::from));
    }
    let style = if delivered { t.right() } else { t.wrong() };
    for o in outcome {
        if lines.len() < rows {
            lines.push(Line::styled(o, style));
        }
    }
    let filter = sim
        .filter
        .map_or("all kinds".to_string(), |f| format!("only {}", f.tag()));
    let title = format!(" Steps ({filter}) — → step · Enter inspect · f filter · e expand ");
    frame.render_widget(
        Paragraph::new(lines).block(t.block().title(t.clip(&title, inner))),
        area,
    );
}

/// The inspector: the current step in full, then the rule it follows.
fn inspect(frame: &mut Frame, app: &App, sim: &SimState, area: Rect) {
    let t = app.theme;
    let Some(i) = &sim.inspection else { return };
    let inner = usize::from(area.width.saturating_sub(2)).max(10);
    let mut lines: Vec<Line> = t
        .wrap(&i.title, inner, 2)
        .into_iter()
        .map(|l| Line::styled(l, t.title()))
        .collect();
    // The why and the rule first, so they show however long the artefact is.
    if !i.why.is_empty() {
        for l in t.wrap(&format!("why: {}", i.why), inner, 5) {
            lines.push(Line::styled(l, t.warn()));
        }
    }
    if let Some((id, text)) = &i.rule {
        for l in t.wrap(&format!("{id}: {text}"), inner, 2) {
            lines.push(Line::styled(l, t.dim()));
        }
    }
    lines.push(Line::default());
    for a in &i.artefact {
        lines.push(Line::from(t.clip(&super::text::expand_tabs(a), inner)));
    }
    let rows = usize::from(area.height.saturating_sub(2));
    let scroll = usize::from(sim.inspect_scroll).min(lines.len().saturating_sub(rows));
    frame.render_widget(
        Paragraph::new(lines)
            .block(t.block().title(" Inspector — ↑ ↓ scroll · Enter closes "))
            .scroll((scroll as u16, 0)),
        area,
    );
}

/// Presenter mode: the outcome (once reached) or the attempt in big letters and a
/// one-line caption of the step; returns the area left for the rest.
fn presenter_banner(frame: &mut Frame, app: &App, sim: &SimState, body: Rect) -> Rect {
    let t = app.theme;
    let p = &sim.picture;
    let [big, caption, rest] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Min(5),
    ])
    .areas(body);
    let (label, style) = match &p.headline {
        Some(h) if sim.at_end() && h.starts_with('D') => (h.clone(), t.right()),
        Some(h) if sim.at_end() => (h.clone(), t.wrong()),
        _ => (format!("ATTEMPT {}", p.attempt), t.title()),
    };
    // Cut what the projector cannot show, whole words first.
    let (pixels, columns) = t.glyphs().big;
    let letters = usize::from(big.width / columns);
    let big_text = tui_big_text::BigText::builder()
        .pixel_size(pixels)
        .style(style)
        .lines(vec![Line::from(whole_words(&label, letters))])
        .build();
    frame.render_widget(big_text, big);
    let rule = sim
        .inspection
        .as_ref()
        .and_then(|i| i.rule.as_ref())
        .map(|(id, _)| format!(" ({id})"))
        .unwrap_or_default();
    let text = t.text(&format!("▶ {}{rule}", p.caption)).into_owned();
    let max = usize::from(caption.width);
    let mut spans = vec![Span::styled(
        t.clip(&text, max),
        t.title().add_modifier(Modifier::BOLD),
    )];
    if width(&text) < max
        && let Some(why) = sim.inspection.as_ref().map(|i| &i.why)
        && !why.is_empty()
    {
        spans.push(Span::styled(
            t.clip(&format!(" — {why}"), max - width(&text)),
            t.warn(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), caption);
    rest
}

/// The words of `label` that fit in `letters` (the first word cut if it alone does
/// not): `BOUNCED 5.1.1` in 10 letters is `BOUNCED`, never `BOUNCED 5.`.
fn whole_words(label: &str, letters: usize) -> String {
    let mut out = String::new();
    for word in label.split(' ') {
        let joined = match out.is_empty() {
            true => word.to_string(),
            false => format!("{out} {word}"),
        };
        if joined.chars().count() > letters {
            break;
        }
        out = joined;
    }
    match out.is_empty() {
        true => label.chars().take(letters).collect(),
        false => out,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn big_text_is_cut_at_whole_words() {
        use super::whole_words;
        assert_eq!(whole_words("BOUNCED 5.1.1", 20), "BOUNCED 5.1.1");
        assert_eq!(whole_words("BOUNCED 5.1.1", 10), "BOUNCED");
        assert_eq!(whole_words("DELIVERED", 4), "DELI");
    }
}
