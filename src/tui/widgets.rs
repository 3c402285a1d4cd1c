//! Pieces several screens draw: bars, plurals, a score by category and objective.

use super::theme::Theme;
use crate::quiz::Score;
use ratatui::text::Line;

/// A bar of `width` cells, `percent` of them full.
pub(super) fn bar(percent: u32, width: usize) -> String {
    let full = (percent as usize * width) / 100;
    format!("{}{}", "█".repeat(full), "░".repeat(width - full))
}

pub(super) use super::text::plural;

/// Bars of a score by category and by objective, for the results and stats screens.
pub(super) fn score_bars(theme: Theme, score: &Score, width: u16) -> Vec<Line<'static>> {
    let width = (width as usize).saturating_sub(36).clamp(10, 40);
    let mut lines = Vec::new();
    for (title, map) in [
        ("By category", &score.by_category),
        ("By objective", &score.by_objective),
    ] {
        lines.push(Line::styled(title, theme.title()));
        for (name, tally) in map {
            let percent =
                super::text::percent(u64::from(tally.correct), u64::from(tally.answered)) as u32;
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
