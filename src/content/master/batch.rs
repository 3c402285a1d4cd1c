//! A large master file read on several threads. The calling thread lexes and cuts
//! the entries into batches; workers turn batches into records. A batch starts
//! only where the sequential reader's state is known from the directives alone:
//! after a `$TTL` (so no record takes its TTL from an earlier record or the SOA),
//! at a record whose owner is written out and certain to parse (so no record
//! inherits an owner from an earlier batch). Each worker reads its batch exactly as
//! the sequential reader would, and the batches are put back in file order, so the
//! result is the same; a test compares the two.

use super::lex::{Entry, lex};
use super::{Context, Parsed, Placement, directive, finish, is_directive, ldh_name, take};
use hickory_proto::rr::Name;
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Mutex};

/// Below this much text, one thread is quicker.
pub(super) const WORTH_THREADS: usize = 1 << 20;

/// Records per batch (about 40 KB of zone text).
const BATCH: usize = 1024;

/// Entries to read with the context they start in.
struct Batch<'a> {
    index: usize,
    entries: Vec<Entry<'a>>,
    origin: Name,
    origin_in_zone: bool,
    default_ttl: Option<u32>,
}

pub(super) fn parse(text: &str, zone: &Name, at: Placement, threads: usize) -> Parsed {
    let mut lexing = Vec::new();
    let (tx, rx) = sync_channel::<Batch<'_>>(threads * 2);
    let rx = Arc::new(Mutex::new(rx));
    let mut done: Vec<(usize, Parsed)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let rx = rx.clone();
                scope.spawn(move || work(&rx, zone))
            })
            .collect();
        // The directives as the sequential reader meets them: the context each
        // batch starts in.
        let mut cx = Context::new(zone);
        let mut batch = Batch {
            index: 0,
            entries: Vec::new(),
            origin: zone.clone(),
            origin_in_zone: true,
            default_ttl: None,
        };
        lex(text, at, &mut lexing, |entry| {
            if is_directive(&entry) {
                let _ = directive(&entry, &mut cx, zone); // its problems: from the worker
            } else if batch.entries.len() >= BATCH && starts_batch(&entry, &cx) {
                let next = Batch {
                    index: batch.index + 1,
                    entries: Vec::with_capacity(BATCH),
                    origin: cx.origin.clone(),
                    origin_in_zone: cx.origin_in_zone,
                    default_ttl: cx.default_ttl,
                };
                // A worker that stopped has panicked; the join below passes it on.
                let _ = tx.send(std::mem::replace(&mut batch, next));
            }
            batch.entries.push(entry);
        });
        let _ = tx.send(batch);
        drop(tx);
        let mut done = Vec::new();
        for worker in workers {
            done.extend(crate::ground::joined(worker));
        }
        done
    });
    done.sort_by_key(|(index, _)| *index);
    let mut parsed = Parsed {
        records: Vec::with_capacity(done.iter().map(|(_, p)| p.records.len()).sum()),
        problems: Vec::new(),
    };
    for (_, mut part) in done {
        parsed.records.append(&mut part.records);
        parsed.problems.append(&mut part.problems);
    }
    finish(parsed, lexing)
}

/// Whether a batch may start at `entry`: the TTL is settled by a `$TTL`, and the
/// entry names its owner in a form that parses.
fn starts_batch(entry: &Entry<'_>, cx: &Context) -> bool {
    let owner = entry.tokens[0].text;
    cx.default_ttl.is_some()
        && !entry.inherits_owner
        && (owner == "@" || ldh_name(owner, &cx.origin).is_some())
}

/// Reads batches until there are none left.
fn work(rx: &Mutex<Receiver<Batch<'_>>>, zone: &Name) -> Vec<(usize, Parsed)> {
    let mut done = Vec::new();
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok(batch) = next else {
            return done;
        };
        let mut cx = Context::new(zone);
        cx.origin = batch.origin;
        cx.origin_in_zone = batch.origin_in_zone;
        cx.default_ttl = batch.default_ttl;
        let mut parsed = Parsed {
            records: Vec::with_capacity(batch.entries.len()),
            problems: Vec::new(),
        };
        for entry in &batch.entries {
            take(entry, &mut cx, zone, &mut parsed);
        }
        done.push((batch.index, parsed));
    }
}
