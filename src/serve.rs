//! `mxdrill serve`: the lab DNS server, with the commands to try and a line per query.

use crate::sources;
use mxdrill::cli::Cli;
use mxdrill::content;
use mxdrill::dns::tools::when;
use mxdrill::lab::{self, QueryLog};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, RwLock};

/// Runs the server until interrupted.
pub fn run(cli: &Cli, listen: &[SocketAddr]) -> ExitCode {
    let library = match sources(cli, &[]) {
        Ok(sources) => content::load(&sources),
        Err(d) => {
            eprintln!("mxdrill serve: {}: {}", d.path, d.message);
            return ExitCode::from(2);
        }
    };
    for addr in listen.iter().filter(|a| !a.ip().is_loopback()) {
        eprintln!("warning: listening on {addr}: the lab is reachable from the network");
    }
    let first = listen[0];
    let (host, port) = (first.ip(), first.port());
    println!(
        "mxdrill lab DNS server: {} zones, listening on {} (UDP and TCP)",
        library.world.zones().len(),
        listen
            .iter()
            .map(SocketAddr::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("Try:");
    println!("  dig @{host} -p {port} blossomflowers.example MX");
    println!("  nslookup -port={port} -type=mx blossomflowers.example {host}");
    println!("  host -p {port} -t mx blossomflowers.example {host}");
    println!("Queries:");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<QueryLog>();
    std::thread::spawn(move || {
        while let Some(q) = rx.blocking_recv() {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let time = when(now);
            // `Sat Nov 28 00:53:25 UTC 2026` → `00:53:25`
            let clock = time
                .split_whitespace()
                .nth(3)
                .unwrap_or_default()
                .to_string();
            println!("{clock} {q}");
        }
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
