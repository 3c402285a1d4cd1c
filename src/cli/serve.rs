//! `mxdrill serve`: the lab DNS server, with the commands to try and a line per query.

use super::args::Cli;
use super::policy::{self, Done, Out, Stop};
use mxdrill::dns::tools::when;
use mxdrill::lab::{self, Listening, LogReceiver};
use mxdrill::play::console;
use std::io::Write;
use std::net::SocketAddr;

/// Binds, says where (the ports it got, for `--listen 127.0.0.1:0`) and what to
/// try, then serves and logs until interrupted. A log that cannot be written ends
/// the server as a Unix tool would (quietly when the reader went away), rather than
/// serve with the log silently lost.
pub fn run(cli: &Cli, listen: &[SocketAddr], out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    let server = Listening::bind(listen).map_err(|e| Stop::Failed(e.to_string()))?;
    let addrs = server.addrs().to_vec();
    let first = *addrs
        .first()
        .ok_or_else(|| Stop::Usage("no address to listen on".into()))?;
    for addr in addrs.iter().filter(|a| !a.ip().is_loopback()) {
        policy::warn(&format!(
            "listening on {addr}: the lab is reachable from the network"
        ));
    }
    let domain = mxdrill::play::showcase_domain(&library.world);
    let listening: Vec<String> = addrs.iter().map(SocketAddr::to_string).collect();
    write!(
        out,
        "mxdrill lab DNS server: {} zones, listening on {} (UDP and TCP)\nTry:\n{}\nQueries:\n",
        library.world.zones().len(),
        listening.join(", "),
        console::try_lines(first, &domain)
    )?;
    out.flush()?;
    let (tx, rx) = lab::query_log(lab::LOG_QUEUE);
    let world = lab::Served::new(library.world);
    let command = out.command();
    std::thread::spawn(move || {
        // It serves until the process ends, unless it cannot start its runtime.
        if let Err(e) = server.serve(world, tx) {
            policy::exit(command, Stop::Failed(e.to_string()));
        }
    });
    print_log(&rx, out)?;
    Ok(0)
}

/// Prints a line per query until the server stops, and how many were dropped when
/// this output fell behind.
fn print_log(log: &LogReceiver, out: &mut Out) -> std::io::Result<()> {
    let mut batch = Vec::new();
    while log.recv_batch(&mut batch) {
        let time = when(policy::now());
        // `Sat Nov 28 00:53:25 UTC 2026` → `00:53:25`
        let clock = time.split_whitespace().nth(3).unwrap_or_default();
        let dropped = log.take_dropped();
        if dropped > 0 {
            writeln!(
                out,
                "{clock} ({dropped} queries not logged: the output fell behind)"
            )?;
        }
        for q in batch.drain(..) {
            writeln!(out, "{clock} {q}")?;
        }
        out.flush()?;
        // Lines are written in batches a few times a second: a reader sees no delay,
        // and a busy server is not woken for every line it logs.
        std::thread::sleep(std::time::Duration::from_millis(LOG_PAUSE_MS));
    }
    Ok(())
}

/// How long the log printer rests between batches.
const LOG_PAUSE_MS: u64 = 20;
