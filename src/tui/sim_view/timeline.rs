//! The queue in time: the delivery attempts on the profile's retry schedule, the
//! current one marked, repeated attempts folded as the CLI folds them (`e` unfolds).

use crate::delivery::{Run, elapsed};
use crate::tui::sim::SimState;
use crate::tui::text::width;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The attempts in one line at most `max` columns wide, the current one in view.
pub fn line(t: Theme, sim: &SimState, max: usize) -> Line<'static> {
    let Some(trace) = sim.trace() else {
        return Line::default();
    };
    let now = sim.picture.attempt;
    let mut items: Vec<(String, bool)> = Vec::new();
    for &run in &sim.runs {
        match run {
            Run::Repeats { from, to, like } if !sim.expanded => items.push((
                format!(
                    "[#{from}–#{to} as #{like}, to {}]",
                    elapsed(sim.started(to))
                ),
                (from..=to).contains(&now),
            )),
            Run::Repeats { from, to, .. } => {
                for n in from..=to {
                    items.push((format!("#{n} {}", elapsed(sim.started(n))), n == now));
                }
            }
            Run::Attempt(n) => items.push((format!("#{n} {}", elapsed(sim.started(n))), n == now)),
        }
    }
    if sim.at_end() {
        let o = &trace.outcome;
        let end = match o.kind {
            crate::delivery::OutcomeKind::Delivered => "✓ delivered".to_string(),
            crate::delivery::OutcomeKind::Bounced => {
                format!("✗ bounced {}", o.dsn.as_deref().unwrap_or(""))
            }
        };
        items.push((end, false));
    }
    let head = "Queue: ";
    let current = items.iter().position(|(_, c)| *c).unwrap_or(0);
    let total = |from: usize| -> usize {
        items[from..]
            .iter()
            .map(|(s, _)| width(s) + 3)
            .sum::<usize>()
            + width(head)
    };
    // Drop attempts from the front until the current one and what follows fit.
    let mut first = 0;
    while first < current && total(first) > max {
        first += 1;
    }
    let mut spans = vec![Span::styled(head, t.title())];
    let mut used = width(head);
    if first > 0 {
        let more = t.text("… ").into_owned();
        used += width(&more);
        spans.push(Span::styled(more, t.dim()));
    }
    for (k, (text, here)) in items[first..].iter().enumerate() {
        let sep = if k > 0 { " ─ " } else { "" };
        let piece = if *here {
            t.text(&format!("▶{text}")).into_owned()
        } else {
            t.text(text).into_owned()
        };
        let need = width(sep) + width(&piece);
        if used + need > max {
            spans.push(Span::styled(
                t.clip(&format!("{sep}{piece}"), max - used),
                t.dim(),
            ));
            break;
        }
        used += need;
        spans.push(Span::styled(sep, t.dim()));
        let style = if *here { t.selected() } else { Style::new() };
        spans.push(Span::styled(piece, style));
    }
    Line::from(spans)
}
