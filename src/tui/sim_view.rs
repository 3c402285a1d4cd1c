//! The simulator screen: the route from sender to DNS to the MX hosts with a marker
//! on the current edge, the step log with artefacts and whys, the retry timeline.

use super::app::App;
use super::sim::SimState;
use crate::content::bare;
use crate::delivery::{Step, StepKind, elapsed};
use crate::dns::HostState;
use hickory_proto::rr::RecordType;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

fn state_mark(state: HostState) -> &'static str {
    match state {
        HostState::Up => "✓ up",
        HostState::Down => "✗ down",
        HostState::Timeout => "⏱ timeout",
        HostState::Greet4xx => "4xx greeting",
        HostState::Greet5xx => "5xx greeting",
        HostState::Rcpt4xx => "4xx at RCPT",
        HostState::Rcpt5xx => "5xx at RCPT",
        HostState::Data4xx => "4xx after DATA",
        HostState::Data5xx => "5xx after DATA",
    }
}

/// Draws the simulator.
pub fn draw(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    let Some(sim) = &app.sim else { return };
    let playing = if sim.playing {
        " · ▶ playing"
    } else {
        " · ⏸ paused"
    };
    let head = format!(
        "Simulator · {} · profile {} · seed {} · step {}/{}{playing}",
        sim.whatif.recipient(),
        sim.whatif.setup.profile.name(),
        sim.whatif.setup.seed,
        sim.shown,
        sim.steps()
    );
    frame.render_widget(Paragraph::new(Span::styled(head, t.title())), header);
    let steps: &[Step] = sim
        .trace()
        .map_or(&[], |tr| &tr.steps[..sim.shown.min(tr.steps.len())]);
    let current = steps.last();
    let route_height = sim.whatif.hosts.len() as u16 + 3;
    let body = if app.presenter {
        presenter_banner(frame, app, body, current)
    } else {
        body
    };
    let [route, log, timeline] = Layout::vertical([
        Constraint::Length(route_height),
        Constraint::Min(3),
        Constraint::Length(2),
    ])
    .areas(body);

    frame.render_widget(Paragraph::new(route_lines(app, sim, current)), route);

    // The step log, newest at the bottom.
    let mut log_lines: Vec<Line> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        log_lines.push(Line::from(vec![
            Span::styled(format!("{:>3}. {:>9} ", n + 1, elapsed(step.at)), t.dim()),
            Span::raw(step.text.clone()),
        ]));
        for a in &step.artefact {
            log_lines.push(Line::from(format!("                {a}")));
        }
        if !step.why.is_empty() {
            let rule = step.rule.map(|r| format!(" ({r})")).unwrap_or_default();
            log_lines.push(Line::styled(
                format!("                why: {}{rule}", step.why),
                t.dim(),
            ));
        }
    }
    if sim.shown == sim.steps()
        && let Some(o) = sim.trace().map(|tr| &tr.outcome)
    {
        let (text, style) = match o.kind {
            crate::delivery::OutcomeKind::Delivered => (
                format!(
                    "✓ Delivered to {} after {} attempt(s), {}",
                    o.host.as_deref().unwrap_or("?"),
                    o.attempts,
                    elapsed(o.seconds)
                ),
                t.right(),
            ),
            crate::delivery::OutcomeKind::Bounced => (
                format!(
                    "✗ Bounced {} after {} attempt(s), {}: {}",
                    o.dsn.as_deref().unwrap_or(""),
                    o.attempts,
                    elapsed(o.seconds),
                    o.reason.as_deref().unwrap_or("")
                ),
                t.wrong(),
            ),
        };
        log_lines.push(Line::styled(text, style));
    }
    let inner = log.height.saturating_sub(2);
    let scroll = (log_lines.len() as u16).saturating_sub(inner);
    // Not wrapped: one line a row, so the newest step is always the last row.
    frame.render_widget(
        Paragraph::new(log_lines)
            .block(Block::bordered().title(" Steps — → step, ← back, Space play, r restart "))
            .scroll((scroll, 0)),
        log,
    );

    // The retry timeline, when the message was deferred.
    let attempts: Vec<String> = sim.trace().map_or(Vec::new(), |tr| {
        tr.steps
            .iter()
            .filter(|s| s.kind == StepKind::Retry)
            .take(12)
            .map(|s| elapsed(s.at))
            .collect()
    });
    if !attempts.is_empty() {
        let more = sim
            .trace()
            .map_or(0, |tr| tr.outcome.attempts as usize)
            .saturating_sub(attempts.len() + 1);
        let tail = if more > 0 {
            format!(" … and {more} more")
        } else {
            String::new()
        };
        let text = format!("Retries: +0s (first) · {}{tail}", attempts.join(" · "));
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.warn())).wrap(Wrap { trim: true }),
            timeline,
        );
    }
}

/// The route: sender → DNS → hosts in the order the trace meets them, the marker
/// where the current step is, each host's state.
fn route_lines(app: &App, sim: &SimState, current: Option<&Step>) -> Vec<Line<'static>> {
    let t = app.theme;
    let at_dns = current.is_some_and(|s| {
        matches!(
            s.kind,
            StepKind::MxLookup | StepKind::Sort | StepKind::Shuffle | StepKind::ImplicitMx
        )
    });
    let dns = if at_dns {
        Span::styled("● DNS", t.warn())
    } else {
        Span::raw("  DNS")
    };
    let domain = sim.whatif.domain_name().map(bare).unwrap_or_default();
    let mut lines = vec![Line::from(vec![
        Span::raw("sender ──▶ "),
        dns,
        Span::raw(format!(" (MX {domain})")),
    ])];
    for (i, host) in sim.whatif.hosts.iter().enumerate() {
        let name = bare(&host.name);
        let here = current.and_then(|s| s.host.as_deref()) == Some(name.as_str());
        let address = app
            .library
            .world
            .lookup(&host.name, RecordType::A)
            .records_of(RecordType::A)
            .next()
            .map(|r| r.data.to_string())
            .unwrap_or_else(|| "no A record".into());
        let marker = if here {
            Span::styled(" ──●──▶ ", t.warn())
        } else {
            Span::raw(" ─────▶ ")
        };
        let preference = host.preference.map_or("-".to_string(), |p| p.to_string());
        let label = format!("{preference:>5}  {name} [{address}]");
        let style = if i == sim.selected {
            t.selected()
        } else {
            ratatui::style::Style::new()
        };
        let state = host.behaviour.state;
        let mark_style = if state == HostState::Up {
            t.right()
        } else {
            t.wrong()
        };
        lines.push(Line::from(vec![
            Span::raw("          "),
            marker,
            Span::styled(label, style),
            Span::raw("  "),
            Span::styled(state_mark(state), mark_style),
        ]));
    }
    lines.push(Line::styled(
        "Tab selects a host, s cycles its state, x removes its MX, + - move its preference",
        t.dim(),
    ));
    lines
}

/// Presenter mode: the domain in big letters and the current step as a large,
/// bold caption with its why; returns the area left for the rest.
fn presenter_banner(frame: &mut Frame, app: &App, body: Rect, current: Option<&Step>) -> Rect {
    let t = app.theme;
    let Some(sim) = &app.sim else { return body };
    let name = sim.whatif.domain_name().map(bare).unwrap_or_default();
    let label = name.split('.').next().unwrap_or_default().to_uppercase();
    let [big, caption, rest] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Min(5),
    ])
    .areas(body);
    let big_text = tui_big_text::BigText::builder()
        .pixel_size(tui_big_text::PixelSize::Quadrant)
        .style(t.title())
        .lines(vec![Line::from(label)])
        .build();
    frame.render_widget(big_text, big);
    let (text, why) = current.map_or(
        (
            String::from("Press Space to start the delivery"),
            String::new(),
        ),
        |s| {
            let rule = s.rule.map(|r| format!(" ({r})")).unwrap_or_default();
            (s.text.clone(), format!("{}{rule}", s.why))
        },
    );
    let lines = vec![
        Line::styled(
            format!("▶ {text}"),
            t.title().add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Line::styled(why, t.warn()),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), caption);
    rest
}
