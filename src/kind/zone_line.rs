//! `zone-line`: pick the faulty lines of a zone, as the linter finds the zone's
//! declared defects (or those the question names) on them.

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Offer, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{mismatch, shown, text};
use super::question::Question;
use crate::dns::{Check, Finding, World, Zone, lint_zone};
use crate::ground::zone_name;
use rand::Rng;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The `zone-line` kind.
pub(super) struct ZoneLine;

impl Rules for ZoneLine {
    fn name(&self) -> &'static str {
        "zone-line"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["zone", "defects"]
    }

    fn needs_zone(&self) -> bool {
        true
    }

    /// The defects it counts must be declared by its zone (checked once zones load).
    fn check(&self, q: &Question, at: &dyn Written, report: &mut dyn Report) {
        if let Some(zone) = &q.zone {
            report.uses_defects(zone, &q.defects, at.at("zone"));
        }
    }

    /// The options are the zone's non-empty lines; the answer, those the linter
    /// finds a wanted defect on.
    fn prepare(
        &self,
        q: &Question,
        zone: Option<&Zone>,
        item: &mut Item,
        world: &World,
        _shuffle: bool,
        _rng: &mut dyn Rng,
    ) -> Result<(), String> {
        let zone = zone.ok_or("no zone")?;
        let wanted = wanted(q, zone);
        let findings = listed(world, zone);
        let faulty: Vec<u32> = findings
            .iter()
            .filter(|f| wanted.contains(&f.check))
            .map(|f| f.pos.line)
            .collect();
        let lines: Vec<(u32, String)> = item
            .zone_lines
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .cloned()
            .collect();
        item.options = lines
            .iter()
            .map(|(n, t)| Offer {
                text: format!("{n:>3}  {t}"),
                why: line_why(*n, t, &findings, wanted),
            })
            .collect();
        let answer: Vec<usize> = lines
            .iter()
            .enumerate()
            .filter(|(_, (n, _))| faulty.contains(n))
            .map(|(i, _)| i)
            .collect();
        if answer.is_empty() {
            return Err("the linter finds none of the wanted defects".into());
        }
        item.answer = Answer::Set(answer);
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::ZONE_LINES
    }

    fn hint(&self) -> &'static str {
        "Type the line number(s) of the faulty record(s), separated by spaces."
    }

    /// Lines are named by their number in the zone's listing, and explain themselves: each
    /// right line with the checker's words, then each wrongly picked line with why
    /// it is not the fault.
    fn grade(&self, item: &Item, response: &Response, _world: &World, _now: u64) -> Verdict {
        let (Answer::Set(right), Response::Pick(picked)) = (&item.answer, response) else {
            return mismatch();
        };
        let want: BTreeSet<usize> = right.iter().copied().collect();
        let got: BTreeSet<usize> = picked.iter().copied().collect();
        let first_word = |i: usize| {
            text(item, i)
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        };
        let summary = format!(
            "The faulty line(s): {}",
            right
                .iter()
                .map(|&i| first_word(i))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let explained = |i: usize| match item.options.get(i) {
            Some(o) if !o.why.is_empty() => format!("{} — {}", o.text, o.why),
            _ => text(item, i),
        };
        Verdict {
            correct: want == got,
            summary,
            details: right
                .iter()
                .map(|&i| explained(i))
                .chain(got.difference(&want).map(|&i| explained(i)))
                .collect(),
        }
    }

    /// The faulty lines by their number in the zone's listing, each with the linter's message and
    /// check id (also shown as the option's why).
    fn key(&self, q: &Question, item: &Item, world: &World, p: &mut Preview) {
        p.options = shown(item);
        let Answer::Set(set) = &item.answer else {
            p.key = Key::Choices;
            return;
        };
        let messages = messages(world, q);
        let lines = set
            .iter()
            .map(|i| {
                let line = item.options[*i]
                    .text
                    .split_whitespace()
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0);
                let why = messages
                    .iter()
                    .filter(|(l, _)| *l == line)
                    .map(|(_, m)| m.as_str())
                    .collect::<Vec<_>>()
                    .join("; ");
                if let Some(shown) = p.options.get_mut(*i) {
                    shown.why = why.clone();
                }
                (line, why)
            })
            .collect();
        p.key = Key::Lines { lines };
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        let Key::Lines { lines } = &p.key else {
            return;
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out);
        for (line, why) in lines {
            let _ = writeln!(out, "  line {line}: {why}");
        }
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        let Key::Lines { lines } = &p.key else {
            return Err("no faulty lines were found".into());
        };
        to.lines(p, lines)
    }
}

/// The defects the question counts: those it names, else all its zone declares.
fn wanted<'a>(q: &'a Question, zone: &'a Zone) -> &'a [Check] {
    if q.defects.is_empty() {
        &zone.defects
    } else {
        &q.defects
    }
}

/// Why a zone line is or is not a right pick: the linter's message for a faulty
/// line (the learner reads what the checker reports); for a line whose record takes
/// part in a fault reported on another line (the first of two SPF policies), that
/// finding and its line; for any other line that it is fine, or faulty in a way
/// this question does not ask about.
fn line_why(line: u32, text: &str, findings: &[Finding], wanted: &[Check]) -> String {
    let joined = |found: Vec<&Finding>| -> String {
        found
            .iter()
            .map(|f| f.message.as_str())
            .collect::<Vec<_>>()
            .join("; ")
            .trim_end_matches('.')
            .to_string()
    };
    let asked: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.pos.line == line && wanted.contains(&f.check))
        .collect();
    if !asked.is_empty() {
        return format!("The checker reports: {}.", joined(asked));
    }
    let part_of: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.also.contains(&line) && wanted.contains(&f.check))
        .collect();
    if let Some(first) = part_of.first() {
        return format!(
            "Takes part in the fault the checker reports on line {}: {}.",
            first.pos.line,
            joined(part_of.clone())
        );
    }
    let other: Vec<&Finding> = findings
        .iter()
        .filter(|f| (f.pos.line == line || f.also.contains(&line)) && !wanted.contains(&f.check))
        .collect();
    if !other.is_empty() {
        return format!(
            "Not the fault asked about here, though the checker notes: {}.",
            joined(other)
        );
    }
    if text.trim_start().starts_with('$') {
        "This line is fine: a directive for the lines below it, not a record.".into()
    } else {
        "This line is fine: the checks find nothing wrong with this record.".into()
    }
}

/// The linter's findings on `zone`, their lines numbered as the zone's listing
/// numbers them (from its first line; `check` keeps the file's lines).
fn listed(world: &World, zone: &Zone) -> Vec<Finding> {
    lint_zone(world, zone)
        .into_iter()
        .map(|mut f| {
            f.pos.line = zone.listing_line(f.pos.line);
            f.also = f.also.iter().map(|&l| zone.listing_line(l)).collect();
            f
        })
        .collect()
}

/// The linter's findings the question counts: (line, message with its check id).
fn messages(world: &World, q: &Question) -> Vec<(u32, String)> {
    let Some(zone) = q
        .zone
        .as_deref()
        .and_then(|z| zone_name(z).ok())
        .and_then(|n| world.zone(&n))
    else {
        return Vec::new();
    };
    listed(world, zone)
        .into_iter()
        .filter(|f| wanted(q, zone).contains(&f.check))
        .map(|f| (f.pos.line, format!("{} [{}]", f.message, f.check.id())))
        .collect()
}
