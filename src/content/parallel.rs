//! Reading the sources on the machine's cores: each source is read on its own (its
//! reserved-name scan and its parse are two independent tasks), so the results, put
//! back in source order, are exactly those of reading them one after another. A
//! large zone is parsed on one core while the rest of the content is read on the
//! others.

use super::diagnostic::Diagnostic;
use super::{Parsed, Source, parse_source, reserved};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this much text, threads cost more than they save.
const WORTH_THREADS: usize = 1 << 20;

/// One source read: its diagnostics (the reserved-name warnings first, then the
/// parse's) and what it holds.
pub(super) type Read = (Vec<Diagnostic>, Option<Parsed>);

/// One task's result: a source's reserved-name scan (`parsed` is `None`) or its parse.
struct Done {
    source: usize,
    scan: bool,
    out: Vec<Diagnostic>,
    parsed: Option<Parsed>,
}

/// Task `2i` scans source `i` for unreserved names, task `2i + 1` parses it.
fn run(task: usize, sources: &[Source]) -> Done {
    let (i, scan) = (task / 2, task.is_multiple_of(2));
    let source = &sources[i];
    let mut out = Vec::new();
    let parsed = match scan {
        true => {
            reserved::check(&source.path, &source.as_read(), &mut out);
            None
        }
        false => parse_source(source, &mut out),
    };
    Done {
        source: i,
        scan,
        out,
        parsed,
    }
}

/// Every source read, in source order.
pub(super) fn read_all(sources: &[Source]) -> Vec<Read> {
    read_on(sources, crate::ground::threads())
}

/// [`read_all`] with at most `threads` threads.
fn read_on(sources: &[Source], threads: usize) -> Vec<Read> {
    let total: usize = sources.iter().map(|s| s.text.len()).sum();
    // Largest sources first, so that no thread is left with the big one at the end.
    let mut tasks: Vec<usize> = (0..sources.len() * 2).collect();
    tasks.sort_by_key(|&t| std::cmp::Reverse(sources[t / 2].text.len()));
    let done: Vec<Done> = if threads < 2 || total < WORTH_THREADS {
        tasks.iter().map(|&t| run(t, sources)).collect()
    } else {
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            while let Some(&t) = tasks.get(next.fetch_add(1, Ordering::Relaxed)) {
                done.push(run(t, sources));
            }
            done
        };
        std::thread::scope(|scope| {
            let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut done = work();
            for worker in workers {
                done.extend(crate::ground::joined(worker));
            }
            done
        })
    };
    let mut scans: Vec<Vec<Diagnostic>> = sources.iter().map(|_| Vec::new()).collect();
    let mut reads: Vec<Read> = sources.iter().map(|_| (Vec::new(), None)).collect();
    for d in done {
        match d.scan {
            true => scans[d.source] = d.out,
            false => reads[d.source] = (d.out, d.parsed),
        }
    }
    for (read, mut scan) in reads.iter_mut().zip(scans) {
        scan.append(&mut read.0);
        read.0 = scan;
    }
    reads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::bundled_sources;

    /// A zone big enough to be read on threads, with unreserved names (and errors
    /// when `broken`).
    fn big_zone(broken: bool) -> Source {
        let mut text = String::from("$TTL 300\n@ IN SOA ns1 h 1 2 3 4 5\n@ IN NS ns1\n");
        for i in 0..40_000 {
            text.push_str(&format!(
                "d{i} IN MX 10 mx{i}.mail.example.com.\nmx{i} IN A 192.0.2.{}\n",
                i % 250
            ));
            if i % 5_000 == 0 {
                text.push_str(&format!("r{i} IN TXT \"see realmail{i}.com\"\n"));
            }
            if broken && i % 5_000 == 0 {
                text.push_str(&format!("bad{i} IN MX ten mx\n"));
            }
        }
        Source {
            path: "big.example.zone".into(),
            text,
            bundled: false,
            unreadable: None,
        }
    }

    #[test]
    fn reading_on_threads_gives_what_reading_in_order_gives() {
        let mut sources = bundled_sources();
        sources.insert(3, big_zone(true));
        assert!(sources.iter().map(|s| s.text.len()).sum::<usize>() > WORTH_THREADS);
        let alone = read_on(&sources, 1);
        let shared = read_on(&sources, 4);
        assert_eq!(alone.len(), sources.len());
        for ((source, a), b) in sources.iter().zip(&alone).zip(&shared) {
            assert_eq!(a.0, b.0, "{}", source.path);
            assert_eq!(a.1.is_some(), b.1.is_some(), "{}", source.path);
        }
        let big = &shared[3].0;
        assert!(
            big.iter().any(|d| d.message.contains("realmail0.com")),
            "{big:?}"
        );
        assert!(
            big.iter().any(|d| d.message.contains("MX preference")),
            "{big:?}"
        );
    }

    #[test]
    fn linting_on_threads_finds_what_linting_in_order_finds() {
        let library = crate::content::load(&[big_zone(false)]);
        let zone = &library.world.zones()[0];
        let alone = crate::dns::lint::lint_zone_on(&library.world, zone, 1);
        let shared = crate::dns::lint::lint_zone_on(&library.world, zone, 4);
        assert!(alone.len() > 40_000, "{}", alone.len()); // every MX points outside
        assert_eq!(alone, shared);
    }
}
