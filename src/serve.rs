//! `mxdrill serve`: the lab DNS server, with the commands to try and a line per query.

use mxdrill::cli::Cli;
use mxdrill::dns::tools::when;
use mxdrill::lab::{self, LogReceiver};
use mxdrill::output;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

/// Runs the server until interrupted.
pub fn run(cli: &Cli, listen: &[SocketAddr]) -> ExitCode {
    let library = match mxdrill::play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("mxdrill serve: {e}");
            return ExitCode::from(2);
        }
    };
    let domain = mxdrill::play::showcase_domain(&library.world);
    for addr in listen.iter().filter(|a| !a.ip().is_loopback()) {
        eprintln!("warning: listening on {addr}: the lab is reachable from the network");
    }
    let first = listen[0];
    let (host, port) = (first.ip(), first.port());
    let banner = format!(
        "mxdrill lab DNS server: {} zones, listening on {} (UDP and TCP)\nTry:\n  dig @{host} -p {port} {domain} MX\n  nslookup -port={port} -type=mx {domain} {host}\n  host -p {port} -t mx {domain} {host}\nQueries:\n",
        library.world.zones().len(),
        listen
            .iter()
            .map(SocketAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Err(e) = output::print(&banner) {
        return output::finish("mxdrill serve", Err(e), ExitCode::SUCCESS);
    }
    let (tx, rx) = lab::query_log(lab::LOG_QUEUE);
    std::thread::spawn(move || {
        let written = print_log(&rx);
        // The log cannot be written: stop as a Unix tool would (quietly when the
        // reader went away), rather than serve with the log silently lost.
        let code = output::finish("mxdrill serve", written, ExitCode::SUCCESS);
        std::process::exit(if code == ExitCode::SUCCESS {
            0
        } else {
            i32::from(output::WRITE_FAILED)
        });
    });
    let world = Arc::new(RwLock::new(library.world));
    match lab::run_blocking(listen, world, tx) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mxdrill serve: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a line per query until the server stops, and how many were dropped when
/// this output fell behind.
fn print_log(log: &LogReceiver) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut batch = Vec::new();
    while log.recv_batch(&mut batch) {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let time = when(now);
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
