//! The `mxdrill` binary: the command line (`args`), the one policy every command
//! follows (`policy`: content, output, messages, exit statuses, the clock and seeds),
//! and a file per command that asks the library for everything else.

mod app;
mod args;
mod check;
mod class;
mod completions;
mod export;
mod lookup;
mod plain;
mod policy;
mod preview;
mod report;
mod serve;
mod simulate;

use args::{Cli, Command};
use clap::Parser;
use mxdrill::dns::tools::Tool;
use mxdrill::quiz::Mode;
use policy::{Done, Out};
use std::process::ExitCode;

/// Parses the command line and runs its command.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return policy::clap_error(&e),
    };
    let mut out = Out::stdout(name(cli.command.as_ref()));
    let done = run(&cli, &mut out);
    policy::end(out, done)
}

/// How messages about `command` start.
fn name(command: Option<&Command>) -> &'static str {
    match command {
        Some(Command::Check { .. }) => "mxdrill check",
        Some(Command::Preview { .. }) => "mxdrill preview",
        Some(Command::Export { .. }) => "mxdrill export",
        Some(Command::Completions { .. }) => "mxdrill completions",
        Some(Command::Simulate { .. }) => "mxdrill simulate",
        Some(Command::Dig { .. }) => "mxdrill dig",
        Some(Command::Nslookup { .. }) => "mxdrill nslookup",
        Some(Command::Host { .. }) => "mxdrill host",
        Some(Command::Report { .. }) => "mxdrill report",
        Some(Command::Serve { .. }) => "mxdrill serve",
        Some(Command::Practice(_)) => "mxdrill practice",
        Some(Command::Exam(_)) => "mxdrill exam",
        Some(Command::Review(_)) => "mxdrill review",
        Some(Command::Class(_)) => "mxdrill class",
        Some(Command::Present { .. }) | None => "mxdrill",
    }
}

fn run(cli: &Cli, out: &mut Out) -> Done {
    let Some(command) = &cli.command else {
        return app::run(cli, None);
    };
    match command {
        Command::Check {
            paths,
            json,
            answers,
        } => check::run(cli, paths, *json, *answers, out),
        Command::Preview { target, json } => preview::run(cli, target.as_deref(), *json, out),
        Command::Export {
            format,
            banks,
            seed,
            part,
        } => export::run(cli, *format, banks, *seed, *part, out),
        Command::Completions { shell } => completions::run(*shell, out),
        Command::Simulate {
            address,
            states,
            profile,
            self_host,
            seed,
            json,
            svg,
        } => {
            let request = simulate::Request {
                address,
                states,
                profile: (*profile).into(),
                self_host: self_host.as_deref(),
                seed: *seed,
                json: *json,
                svg: svg.as_deref(),
            };
            simulate::run(cli, &request, out)
        }
        Command::Dig { args } => lookup::run(cli, Tool::Dig, args, out),
        Command::Nslookup { args } => lookup::run(cli, Tool::Nslookup, args, out),
        Command::Host { args } => lookup::run(cli, Tool::Host, args, out),
        Command::Practice(args) => quiz(cli, Mode::Practice, args, out),
        Command::Exam(args) => quiz(cli, Mode::Exam, args, out),
        Command::Review(args) => quiz(cli, Mode::Review, args, out),
        Command::Present { zone } => app::present(cli, zone.as_deref()),
        Command::Class(args) => class::run(cli, args, out),
        Command::Report {
            format,
            merge,
            bank,
        } => report::run(cli, *format, merge, bank, out),
        Command::Serve { listen } => serve::run(cli, listen, out),
    }
}

/// `practice`, `exam`, `review`: in the app, or in plain lines with `--plain`.
fn quiz(cli: &Cli, mode: Mode, args: &args::QuizArgs, out: &mut Out) -> Done {
    if args.plain {
        return plain::run(cli, mode, args, out);
    }
    app::run(cli, Some((mode, args)))
}
