//! The topology: the sending MTA and its DNS resolver, then the MX hosts by
//! preference group, each with its addresses and its state (colour *and* symbol),
//! the wires the current attempt used (✗ on failed ones, the reply code on the one
//! that answered) and a ● where the message is. Two forms: boxes side by side when
//! there is room, one row per host when there is not (80×24); states are never cut.

use crate::delivery::Wire;
use crate::dns::HostState;
use crate::dns::host_state::Severity;
use crate::play::picture::{Dns, HostBox, Link, Marker, Picture, wire_label};
use crate::tui::text::width;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

type Row = Vec<(String, Style)>;

const NULL_MX: &str = "╳  null MX (0 .): no host takes mail for this domain (R2.1)";

/// A row in the theme's characters, cut to `max` columns, the cut marked.
pub fn fit(t: Theme, row: Row, max: usize) -> Line<'static> {
    let mut used = 0;
    let mut spans = Vec::new();
    for (text, style) in row {
        let text = t.text(&text).into_owned();
        let w = width(&text);
        if used + w <= max {
            used += w;
            spans.push(Span::styled(text, style));
        } else {
            spans.push(Span::styled(t.clip(&text, max - used), style));
            break;
        }
    }
    Line::from(spans)
}

/// A state's colour, from the severity in its table row.
fn state_style(t: Theme, state: HostState) -> Style {
    match state.severity() {
        Severity::Fine => t.right(),
        Severity::Warning => t.warn(),
        Severity::Failing => t.wrong(),
    }
}

fn wire_style(t: Theme, wire: Option<&Wire>) -> Style {
    match wire {
        Some(Wire::Reply(code)) if code.starts_with('2') => t.right(),
        Some(_) => t.wrong(),
        None => t.dim(),
    }
}

/// `─✗ refused─▶ 192.0.2.1`, with ● on the wire the message is on.
fn link(t: Theme, l: &Link, here: bool) -> Row {
    let label = l.wire.as_ref().map(wire_label).unwrap_or_default();
    let style = wire_style(t, l.wire.as_ref());
    let arrow = match (label.is_empty(), here) {
        (true, true) => "──●▶ ".to_string(),
        (true, false) => "───▶ ".to_string(),
        (false, true) => format!("─{label}─●▶ "),
        (false, false) => format!("─{label}─▶ "),
    };
    let arrow_style = if here { t.warn() } else { style };
    vec![(arrow, arrow_style), (l.address.clone(), Style::new())]
}

fn here(p: &Picture, host: usize, wire: usize) -> bool {
    p.marker == Marker::Wire { host, wire }
}

/// The sender and resolver in one row (compact form).
fn sender_row(t: Theme, p: &Picture) -> Row {
    let at_sender = matches!(p.marker, Marker::Sender | Marker::Queue | Marker::Bounced);
    let mut row: Row = vec![
        (if at_sender { "● " } else { "  " }.into(), t.warn()),
        ("sender MTA".into(), t.title()),
    ];
    let dns = match p.dns {
        Dns::Idle => (" ─── DNS resolver".to_string(), t.dim()),
        Dns::Asking => (" ◀─?─▶ DNS resolver (asking)".to_string(), t.warn()),
        Dns::Answered => (" ◀──▶ DNS resolver (answered)".to_string(), Style::new()),
    };
    row.push(dns);
    if p.marker == Marker::Queue {
        row.push((
            format!("  ⏸ queued after attempt {}/{}", p.attempt, p.attempts),
            t.warn(),
        ));
    }
    if p.marker == Marker::Bounced {
        row.push(("  ◀══ ✗ bounced to the sender".into(), t.wrong()));
    }
    row
}

fn state_text(b: &HostBox) -> String {
    b.state_text()
}

/// One row per host: states first, in a column, so they are never cut.
pub fn compact(t: Theme, p: &Picture, selected: usize, max: usize) -> Vec<Line<'static>> {
    let mut lines = vec![fit(t, sender_row(t, p), max)];
    if p.null_mx {
        lines.push(fit(t, vec![(NULL_MX.into(), t.wrong())], max));
    }
    let sw = p
        .hosts
        .iter()
        .map(|b| width(&state_text(b)))
        .max()
        .unwrap_or(0);
    let nw = p.hosts.iter().map(|b| width(&b.name)).max().unwrap_or(0);
    // Names give way to the wires only down to 18 columns.
    let name_budget = nw.min(max.saturating_sub(8 + sw + 24).max(18));
    for g in &p.groups {
        for (k, &i) in g.hosts.iter().enumerate() {
            let b = &p.hosts[i];
            let pref = match (k, g.preference) {
                (0, Some(pref)) => format!("{pref:>4}"),
                (0, None) => "   -".to_string(),
                _ => "    ".to_string(),
            };
            let bracket = match (g.shares_load(), k) {
                (false, _) => " ",
                (true, 0) => "┬",
                (true, k) if k + 1 == g.hosts.len() => "└",
                _ => "├",
            };
            let sel = if i == selected { "▸" } else { " " };
            let delivered = p.marker == Marker::Host(i);
            let name = t.clip(&b.name, name_budget);
            let mut row: Row = vec![
                (format!("{sel}{pref}{bracket} "), Style::new()),
                (format!("{:<sw$}", state_text(b)), state_style(t, b.state)),
                (" ".into(), Style::new()),
                (
                    format!("{name:<name_budget$}"),
                    if i == selected {
                        t.selected()
                    } else {
                        Style::new()
                    },
                ),
            ];
            if delivered {
                row.push((" ● delivered".into(), t.right()));
            }
            let wires: Vec<Row> = b
                .links
                .iter()
                .enumerate()
                .map(|(w, l)| {
                    let mut wire: Row = vec![(" ".into(), Style::new())];
                    wire.extend(link(t, l, here(p, i, w)));
                    wire
                })
                .collect();
            let row_width = |r: &Row| r.iter().map(|(s, _)| width(s)).sum::<usize>();
            if row_width(&row) + wires.iter().map(row_width).sum::<usize>() <= max {
                row.extend(wires.into_iter().flatten());
            } else {
                // Too narrow for the wires beside the name: each on a row of its
                // own under it, so no address is cut.
                lines.push(fit(t, row, max));
                row = Vec::new();
                let open = g.shares_load() && k + 1 < g.hosts.len();
                for wire in wires {
                    let bar = if open { "     │" } else { "      " };
                    let mut under: Row = vec![(bar.into(), Style::new())];
                    under.extend(wire);
                    lines.push(fit(t, under, max));
                }
            }
            if b.links.is_empty() {
                row.push(("  no A/AAAA: skipped".into(), t.wrong()));
            }
            if !row.is_empty() {
                lines.push(fit(t, row, max));
            }
        }
    }
    if g_load_sharing(p) {
        lines.push(fit(
            t,
            vec![(
                "     ┬├└ equal preferences: a load-sharing group, tried in random order (R1.7)"
                    .into(),
                t.dim(),
            )],
            max,
        ));
    }
    lines
}

fn g_load_sharing(p: &Picture) -> bool {
    p.groups.iter().any(|g| g.shares_load())
}

const GUTTER: usize = 12;

/// How many boxes of a group sit side by side at `max` columns, and their width.
fn columns(p: &Picture, hosts: &[usize], max: usize) -> (usize, usize) {
    let want = hosts
        .iter()
        .map(|&i| {
            let b = &p.hosts[i];
            let links = b
                .links
                .iter()
                .map(|l| 18 + width(&l.address))
                .max()
                .unwrap_or(0);
            (width(&b.name) + 2)
                .max(links)
                .max(width(&state_text(b)) + 14)
                + 6
        })
        .max()
        .unwrap_or(20);
    let room = max.saturating_sub(GUTTER);
    let n = hosts.len().max(1);
    let cols = (1..=n)
        .rev()
        .find(|c| c * want.min(room) + (c - 1) <= room)
        .unwrap_or(1);
    let w = ((room + 1) / cols).saturating_sub(1).min(want).max(20);
    (cols, w)
}

/// Rows the boxed form takes at `max` columns.
pub fn boxed_height(p: &Picture, max: usize) -> u16 {
    let mut h = 3 + usize::from(p.null_mx);
    for g in &p.groups {
        let (cols, _) = columns(p, &g.hosts, max);
        for chunk in g.hosts.chunks(cols) {
            let links = chunk
                .iter()
                .map(|&i| p.hosts[i].links.len().max(1))
                .max()
                .unwrap_or(1);
            h += 3 + links;
        }
        h += 1;
    }
    h as u16
}

/// Boxes: the sender and resolver on top, each preference group below, its hosts
/// side by side.
pub fn boxed(t: Theme, p: &Picture, selected: usize, max: usize) -> Vec<Line<'static>> {
    let at_sender = matches!(p.marker, Marker::Sender | Marker::Queue | Marker::Bounced);
    let dot = if at_sender { "●" } else { " " };
    let (ask, answer) = match p.dns {
        Dns::Idle => ("              ", "              "),
        Dns::Asking => ("── MX? A? ──▶ ", "◀── answer ── "),
        Dns::Answered => ("── MX? A? ──▶ ", "◀── answer ── "),
    };
    let dns_style = if p.dns == Dns::Asking {
        t.warn()
    } else {
        t.dim()
    };
    let mut lines = vec![
        fit(
            t,
            vec![
                ("┌──────────────┐ ".into(), t.title()),
                (ask.into(), dns_style),
                ("┌──────────────┐".into(), Style::new()),
            ],
            max,
        ),
        fit(
            t,
            vec![
                ("│ ".into(), t.title()),
                (dot.into(), t.warn()),
                (" sender MTA │ ".into(), t.title()),
                (answer.into(), dns_style),
                ("│ DNS resolver │".into(), Style::new()),
            ],
            max,
        ),
    ];
    let mut third: Row = vec![
        ("└──────┬───────┘ ".into(), t.title()),
        ("              └──────────────┘".into(), Style::new()),
    ];
    if p.marker == Marker::Queue {
        third.push((
            format!("  ⏸ queued after attempt {}/{}", p.attempt, p.attempts),
            t.warn(),
        ));
    }
    if p.marker == Marker::Bounced {
        third.push(("  ◀══ ✗ bounced to the sender".into(), t.wrong()));
    }
    lines.push(fit(t, third, max));
    if p.null_mx {
        lines.push(fit(t, vec![(format!("       {NULL_MX}"), t.wrong())], max));
    }
    let groups = p.groups.len();
    for (gi, g) in p.groups.iter().enumerate() {
        let label = match (g.preference, g.shares_load()) {
            (Some(pref), true) => {
                format!("preference {pref} · load-sharing group, tried in random order (R1.7)")
            }
            (Some(pref), false) => format!("preference {pref}"),
            (None, _) => "implicit MX: the domain's own address (R1.4)".into(),
        };
        lines.push(fit(
            t,
            vec![("       │  ".into(), Style::new()), (label, t.dim())],
            max,
        ));
        let (cols, w) = columns(p, &g.hosts, max);
        let chunks: Vec<&[usize]> = g.hosts.chunks(cols).collect();
        for (ci, chunk) in chunks.iter().enumerate() {
            let last = gi + 1 == groups && ci + 1 == chunks.len();
            let links = chunk
                .iter()
                .map(|&i| p.hosts[i].links.len().max(1))
                .max()
                .unwrap_or(1);
            let lit = chunk.iter().any(|&i| p.marked_host() == Some(i));
            for r in 0..3 + links {
                let gutter = match (r, last) {
                    (0, false) => "       ├──▶ ",
                    (0, true) => "       └──▶ ",
                    (_, false) => "       │    ",
                    (_, true) => "            ",
                };
                let gutter_style = if lit && r == 0 {
                    t.warn()
                } else {
                    Style::new()
                };
                let mut row: Row = vec![(gutter.into(), gutter_style)];
                for (k, &i) in chunk.iter().enumerate() {
                    if k > 0 {
                        row.push((" ".into(), Style::new()));
                    }
                    row.extend(box_row(t, p, i, i == selected, r, links, w));
                }
                lines.push(fit(t, row, max));
            }
        }
    }
    lines
}

/// Row `r` of host `i`'s box, `w` columns wide.
fn box_row(
    t: Theme,
    p: &Picture,
    i: usize,
    selected: bool,
    r: usize,
    links: usize,
    w: usize,
) -> Row {
    let b = &p.hosts[i];
    let delivered = p.marker == Marker::Host(i);
    let border = if delivered {
        t.right()
    } else if selected {
        t.title()
    } else {
        Style::new()
    };
    let inner = w.saturating_sub(4);
    let pad = |row: Row| -> Row {
        let mut out: Row = vec![("│ ".into(), border)];
        let fitted = fit(t, row, inner);
        let used = fitted.width();
        for s in fitted.spans {
            out.push((s.content.into_owned(), s.style));
        }
        out.push((" ".repeat(inner.saturating_sub(used)), Style::new()));
        out.push((" │".into(), border));
        out
    };
    let bottom = 3 + links - 1;
    if r == 0 {
        let sel = if selected { "▸ " } else { "" };
        let name = t.clip(&format!("{sel}{}", b.name), w.saturating_sub(5));
        let fill = w.saturating_sub(4 + width(&name));
        let name_style = if selected { t.selected() } else { t.title() };
        return vec![
            ("┌ ".into(), border),
            (name, name_style),
            (format!(" {}┐", "─".repeat(fill)), border),
        ];
    }
    if r == bottom {
        return vec![(format!("└{}┘", "─".repeat(w.saturating_sub(2))), border)];
    }
    if r == 1 {
        let mut row: Row = vec![(b.state_text(), state_style(t, b.state))];
        if delivered {
            row.push(("  ● delivered".into(), t.right()));
        }
        return pad(row);
    }
    match b.links.get(r - 2) {
        Some(l) => pad(link(t, l, here(p, i, r - 2))),
        None if b.links.is_empty() && r == 2 => {
            pad(vec![("no A/AAAA: skipped (R1.6)".into(), t.wrong())])
        }
        None => pad(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The colour of each state as the topology drew it before the states had one
    /// table (issue 23): up is right, a state that only delays is a warning, the
    /// rest are wrong. Colour is never alone: the label carries ✓, ⚠/⏱ or ✗.
    #[test]
    fn each_state_keeps_its_colour() {
        let t = Theme {
            color: true,
            ascii: false,
        };
        assert_ne!(t.warn(), t.wrong());
        let expected = [
            ("up", t.right()),
            ("down", t.wrong()),
            ("timeout", t.warn()),
            ("greet-4xx", t.warn()),
            ("greet-5xx", t.wrong()),
            ("rcpt-4xx", t.warn()),
            ("rcpt-5xx", t.wrong()),
            ("data-4xx", t.warn()),
            ("data-5xx", t.wrong()),
        ];
        for (name, style) in expected {
            let state: HostState = name.parse().expect("a state name");
            assert_eq!(state_style(t, state), style, "{name}");
        }
    }
}
