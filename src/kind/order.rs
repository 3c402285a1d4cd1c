//! `order`: arrange a domain's MX hosts in the order a sender tries them, computed
//! from the zone (R1.7: lowest preference first, equal preferences in any order).

use super::Rules;
use super::check::{Report, Written};
use super::entry::Entry;
use super::forms::Forms;
use super::item::{Answer, Item, Offer, Response, Verdict};
use super::key::{Key, Preview};
use super::options::{mismatch, shown, text};
use super::question::Question;
use crate::delivery::Setup;
use crate::dns::{World, Zone};
use crate::ground::{bare, zone_name};
use hickory_proto::rr::{RData, RecordType};
use rand::Rng;
use rand::seq::SliceRandom;
use std::collections::BTreeSet;
use std::fmt::Write;

/// The `order` kind.
pub(super) struct Order;

impl Rules for Order {
    fn name(&self) -> &'static str {
        "order"
    }

    fn fields(&self) -> &'static [&'static str] {
        &["zone", "domain"]
    }

    fn needs_zone(&self) -> bool {
        true
    }

    fn check(&self, _q: &Question, _at: &dyn Written, _report: &mut dyn Report) {}

    /// An explanation that still cites different preferences ("10 before 20") for
    /// hosts that now all share one (R1.7: they may come in any order).
    fn audit(&self, q: &Question, item: &Item, _world: &World, report: &mut dyn Report) {
        let Answer::Groups(groups) = &item.answer else {
            return;
        };
        let cited = cited_numbers(&q.explanation);
        if groups.len() != 1 || cited.len() < 2 {
            return;
        }
        let shared = item.options.first().map_or("", |o| o.why.as_str());
        let domain = item.replay.as_ref().map_or("", |s| s.domain());
        let cited: Vec<String> = cited.iter().map(u16::to_string).collect();
        report.warning(
            q.pos,
            format!(
                "question `{}`: every MX host of {domain} has {shared}, so they all tie and a sender tries them in any order (R1.7), but the explanation cites preferences {}: rewrite the explanation for the tie, or give the hosts different preferences in the zone",
                q.id,
                cited.join(" and ")
            ),
        );
    }

    /// The MX hosts of the domain (the zone's own when no `domain` is given),
    /// grouped by preference.
    fn prepare(
        &self,
        q: &Question,
        zone: Option<&Zone>,
        item: &mut Item,
        world: &World,
        _shuffle: bool,
        rng: &mut dyn Rng,
    ) -> Result<(), String> {
        let zone = zone.ok_or("no zone")?;
        let domain = match &q.domain {
            Some(d) => zone_name(d)?,
            None => zone.origin.clone(),
        };
        let mx: Vec<(u16, String)> = world
            .lookup(&domain, RecordType::MX)
            .records_of(RecordType::MX)
            .filter_map(|r| match &r.data {
                RData::MX(m) if !m.exchange.is_root() => Some((m.preference, bare(&m.exchange))),
                _ => None,
            })
            .collect();
        if mx.len() < 2 {
            return Err(format!(
                "{} has fewer than two MX hosts to order",
                bare(&domain)
            ));
        }
        let (options, answer) = order_answer(mx, rng);
        item.options = options;
        item.answer = answer;
        item.replay = Some(Setup::new(format!("postmaster@{}", bare(&domain))));
        Ok(())
    }

    fn entry(&self) -> Entry {
        Entry::ARRANGE
    }

    fn hint(&self) -> &'static str {
        "Type the numbers in the order a sender tries the hosts, separated by spaces."
    }

    /// Right when each group of equal preference comes in its place, in any order
    /// inside the group.
    fn grade(&self, item: &Item, response: &Response, _world: &World, _now: u64) -> Verdict {
        let (Answer::Groups(groups), Response::Order(order)) = (&item.answer, response) else {
            return mismatch();
        };
        let mut rest = order.as_slice();
        let mut correct = order.len() == groups.iter().map(Vec::len).sum::<usize>();
        for group in groups {
            let (head, tail) = rest.split_at(group.len().min(rest.len()));
            let want: BTreeSet<&usize> = group.iter().collect();
            correct &= head.iter().collect::<BTreeSet<_>>() == want;
            rest = tail;
        }
        let shown: Vec<String> = groups
            .iter()
            .map(|g| {
                let hosts: Vec<String> = g.iter().map(|&i| text(item, i)).collect();
                match hosts.len() {
                    1 => hosts[0].clone(),
                    _ => format!("{{{}}} in any order", hosts.join(", ")),
                }
            })
            .collect();
        Verdict {
            correct,
            summary: format!("The sender tries {}", shown.join(", then ")),
            details: Vec::new(),
        }
    }

    fn key(&self, _q: &Question, item: &Item, _world: &World, p: &mut Preview) {
        p.options = shown(item);
        let Answer::Groups(groups) = &item.answer else {
            p.key = Key::Choices;
            return;
        };
        let host = |i: &usize| item.options[*i].text.clone();
        let preference = |g: &Vec<usize>| {
            g.first()
                .and_then(|i| item.options[*i].why.strip_prefix("preference "))
                .and_then(|p| p.parse().ok())
                .unwrap_or(0)
        };
        p.key = Key::Groups {
            groups: groups
                .iter()
                .map(|g| g.iter().map(host).collect())
                .collect(),
            preferences: groups.iter().map(preference).collect(),
        };
    }

    fn key_text(&self, p: &Preview, out: &mut String) {
        let Key::Groups {
            groups,
            preferences,
        } = &p.key
        else {
            return;
        };
        // Writing to a String cannot fail.
        let _ = writeln!(out);
        for (n, (g, pref)) in groups.iter().zip(preferences).enumerate() {
            let tie = if g.len() > 1 { ", any order" } else { "" };
            let _ = writeln!(
                out,
                "  {}. {} (preference {pref}{tie})",
                n + 1,
                g.join(", ")
            );
        }
    }

    fn export(&self, p: &Preview, to: &mut dyn Forms) -> Result<(), String> {
        let Key::Groups {
            groups,
            preferences,
        } = &p.key
        else {
            return Err("no order was computed".into());
        };
        to.matching(p, groups, preferences)
    }
}

/// The numbers an explanation cites that could be preferences (`10`, `(20)`), not
/// those of `RFC 5321`, a `port 25` or a rule id (`R1.7`).
fn cited_numbers(explanation: &str) -> BTreeSet<u16> {
    let words: Vec<&str> = explanation.split_whitespace().collect();
    words
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let before = i
                .checked_sub(1)
                .and_then(|b| words.get(b))
                .map(|w| w.to_lowercase());
            !matches!(before.as_deref(), Some("rfc" | "port" | "§"))
        })
        .filter_map(|(_, w)| {
            let number = w
                .trim_start_matches('(')
                .trim_end_matches([')', ',', '.', ';', ':', '!', '?']);
            (!number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
                .then(|| number.parse().ok())
                .flatten()
        })
        .collect()
}

/// Hosts in random order, and the groups of equal preference in the order a
/// sender tries them (R1.7).
pub(crate) fn order_answer(mut mx: Vec<(u16, String)>, rng: &mut dyn Rng) -> (Vec<Offer>, Answer) {
    mx.shuffle(rng);
    let mut preferences: Vec<u16> = mx.iter().map(|(p, _)| *p).collect();
    preferences.sort_unstable();
    preferences.dedup();
    let groups = preferences
        .iter()
        .map(|p| {
            mx.iter()
                .enumerate()
                .filter(|(_, (q, _))| q == p)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let options = mx
        .into_iter()
        .map(|(p, host)| Offer {
            text: host,
            why: format!("preference {p}"),
        })
        .collect();
    (options, Answer::Groups(groups))
}

#[cfg(test)]
mod tests {
    use super::cited_numbers;

    /// An explanation cites preferences as numbers of their own; rule ids (R1.7),
    /// RFC numbers, ports and reply codes (5.7.1) are not preferences.
    #[test]
    fn the_numbers_an_explanation_cites_as_preferences() {
        let cited = |text: &str| cited_numbers(text).into_iter().collect::<Vec<u16>>();
        assert_eq!(
            cited("Preference 10 comes before preference 20 (R1.7)."),
            [10, 20]
        );
        assert_eq!(
            cited("hub (0), hub2 (5), lastresort (65535)."),
            [0, 5, 65535]
        );
        assert_eq!(
            cited("RFC 5321 says so; port 25 is SMTP; 550 5.7.1 is a reply."),
            [550]
        );
        assert_eq!(cited("The three hosts share preference 10."), [10]);
        assert!(cited("Equal preferences share the load (R1.7).").is_empty());
    }
}
