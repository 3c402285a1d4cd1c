//! The lab console on screen: the output (scrolling), the lab server's query log,
//! the command line with its cursor, and the zone asked about beside them.

use super::app::App;
use super::text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Draws the lab console.
pub(super) fn draw(frame: &mut Frame, app: &App, header: Rect, body: Rect) {
    let t = app.theme;
    frame.render_widget(
        Paragraph::new(Span::styled(
            t.clip(
                "Lab console — dig, nslookup, host, Resolve-DnsName on the sample zones",
                usize::from(header.width),
            ),
            t.title(),
        )),
        header,
    );
    // The zone sits beside the output where both fit; dig's lines need the width.
    let beside = body.width >= 100;
    let [left, right] = Layout::horizontal([
        Constraint::Percentage(if beside { 65 } else { 100 }),
        Constraint::Fill(1),
    ])
    .areas(body);
    let log_height = if app.lab_server.is_some() { 8 } else { 0 };
    let [output, log, input] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(log_height),
        Constraint::Length(3),
    ])
    .areas(left);
    let domain = app.showcase.clone();
    let inner = usize::from(output.width.saturating_sub(2));
    output_panel(frame, app, output, &domain);
    if app.lab_server.is_some() {
        query_log(frame, app, log, inner);
    }
    command_line(frame, app, input, inner);
    if beside {
        zone_panel(frame, app, right, domain);
    }
}

/// What the last command printed (or what to try), scrolled with PgUp/PgDn.
fn output_panel(frame: &mut Frame, app: &App, output: Rect, domain: &str) {
    let shown = if app.lab.output.is_empty() {
        format!(
            "Try: dig {domain} MX\n     nslookup -type=mx {domain}\n     host -t mx {domain}\n     Resolve-DnsName {domain} -Type MX  (Windows PowerShell)\nType help for the commands and keys, zones for the sample zones."
        )
    } else {
        app.lab.output.clone()
    };
    let inner = usize::from(output.width.saturating_sub(2));
    let rows: Vec<String> = shown
        .lines()
        .flat_map(|l| {
            let l = text::expand_tabs(l);
            let indent = l.len() - l.trim_start().len();
            app.theme.wrap(&l, inner, indent + 2)
        })
        .collect();
    let height = usize::from(output.height.saturating_sub(2));
    // From the start (the command, dig's status and flags), scrolled with PgDn.
    let first = app.lab.down.min(rows.len().saturating_sub(height));
    let last = (first + height).min(rows.len());
    let title = match (first, rows.len() - last) {
        (0, 0) => " Output ".to_string(),
        (up, 0) => format!(" Output — {up} more above (PgUp, wheel) "),
        (_, down) => format!(" Output — {down} more below (PgDn, wheel) "),
    };
    let lines: Vec<Line> = rows[first..last]
        .iter()
        .map(|r| Line::from(r.clone()))
        .collect();
    frame.render_widget(
        Paragraph::new(lines).block(app.theme.block().title(app.theme.clip(&title, inner))),
        output,
    );
}

/// The live query log: a class sees its queries arrive.
fn query_log(frame: &mut Frame, app: &App, log: Rect, inner: usize) {
    let log_height = log.height;
    // The live query log: a class sees its queries arrive.
    let shown = app
        .lab_log
        .iter()
        .rev()
        .take(usize::from(log_height.saturating_sub(2)))
        .rev();
    let t = app.theme;
    let lines: Vec<Line> = shown.map(|l| Line::from(t.clip(l, inner))).collect();
    frame.render_widget(
        Paragraph::new(lines).block(t.block().title(" Queries to the lab server ")),
        log,
    );
}

/// The command line, its cursor, and whether the lab server runs.
fn command_line(frame: &mut Frame, app: &App, input: Rect, inner: usize) {
    let t = app.theme;
    let status = match &app.lab_server {
        Some(server) => format!(
            " Command — lab server running on {}{} ",
            server
                .addrs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            // Presenter mode: it answers from the simulator's what-ifs meanwhile.
            match app.serving_what_ifs() {
                true => ", serving the what-if world",
                false => "",
            }
        ),
        None => " Command — help, zones, serve ".to_string(),
    };
    let (before, after) = app.lab.input.split();
    let room = inner.saturating_sub(3);
    // A line longer than the box shows its end, where the cursor usually is.
    let before = t.text(before);
    let before = if text::width(&before) > room {
        let mark = t.text("…");
        let keep = room.saturating_sub(text::width(&mark));
        let tail: String = before.chars().rev().take(keep).collect();
        format!("{mark}{}", tail.chars().rev().collect::<String>())
    } else {
        before.into_owned()
    };
    let mut rest = after.chars();
    let under = rest.next().map_or(t.glyphs().cursor.to_string(), |c| {
        t.text(&c.to_string()).into_owned()
    });
    let after = t.clip(rest.as_str(), room.saturating_sub(text::width(&before) + 1));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::raw(format!("$ {before}")),
            Span::styled(under, t.selected()),
            Span::raw(after),
        ]))
        .block(t.block().title(t.clip(&status, inner))),
        input,
    );
}

/// The zone asked about last (the showcase zone at first), numbered.
fn zone_panel(frame: &mut Frame, app: &App, right: Rect, domain: String) {
    let zone = app.lab.zone.clone().unwrap_or(domain);
    let found = app
        .library
        .world
        .zones()
        .iter()
        .find(|z| crate::content::bare(&z.origin) == zone);
    let width = usize::from(right.width.saturating_sub(2));
    let zone_lines: Vec<Line> = found.map_or_else(Vec::new, |z| {
        let numbered = z.listing();
        super::quiz_layout::zone_rows(app.theme, &numbered, width)
            .iter()
            .map(|r| super::quiz_view::line(app, r))
            .collect()
    });
    frame.render_widget(
        Paragraph::new(zone_lines).block(
            app.theme
                .block()
                .title(app.theme.clip(&format!(" Zone {zone} "), width)),
        ),
        right,
    );
}
