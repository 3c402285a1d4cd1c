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
