//! Parse the command line and run one command.

use clap::{CommandFactory, Parser};
use mxdrill::cli::{Cli, Command};
use mxdrill::content::{self, Diagnostic, Level, Library, Source};
use mxdrill::dns::tools::Tool;
use mxdrill::quiz::Mode;
use mxdrill::tui;
use std::process::ExitCode;

mod export_cli;
mod learner;
mod lookup;
mod plain;
mod preview;
mod report;
mod serve;
mod simulate;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Check {
            ref paths,
            json,
            answers,
        }) => check(&cli, paths, json, answers),
        Some(Command::Preview { ref target, json }) => preview::run(&cli, target.as_deref(), json),
        Some(Command::Export { format, ref banks }) => export_cli::run(&cli, format, banks),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "mxdrill",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
        Some(Command::Simulate {
            ref address,
            ref states,
            profile,
            ref self_host,
            seed,
            json,
        }) => {
            let request = simulate::Request {
                address,
                states,
                profile,
                self_host: self_host.as_deref(),
                seed,
                json,
            };
            simulate::run(&cli, &request)
        }
        Some(Command::Dig { ref args }) => lookup::run(&cli, Tool::Dig, args),
        Some(Command::Nslookup { ref args }) => lookup::run(&cli, Tool::Nslookup, args),
        Some(Command::Host { ref args }) => lookup::run(&cli, Tool::Host, args),
        Some(Command::Practice(ref args)) => quiz(&cli, Mode::Practice, args),
        Some(Command::Exam(ref args)) => quiz(&cli, Mode::Exam, args),
        Some(Command::Review(ref args)) => quiz(&cli, Mode::Review, args),
        Some(Command::Present { ref zone }) => present(&cli, zone.as_deref()),
        None => app(&cli, None),
        Some(Command::Report { format, ref merge }) => report::run(&cli, format, merge),
        Some(Command::Serve { ref listen }) => serve::run(&cli, listen),
    }
}

/// Bundled content plus every `--content` folder; a folder that cannot be read is a usage error.
pub(crate) fn sources(cli: &Cli, extra: &[std::path::PathBuf]) -> Result<Vec<Source>, Diagnostic> {
    let mut sources = content::bundled_sources();
    for dir in cli.content.iter().chain(extra) {
        if !dir.exists() {
            return Err(Diagnostic::error(
                &dir.display().to_string(),
                content::Pos::line(1),
                "no such file or folder",
            ));
        }
    }
    let paths: Vec<&std::path::Path> = cli
        .content
        .iter()
        .chain(extra)
        .map(|p| p.as_path())
        .collect();
    sources.extend(content::read_paths(&paths)?);
    Ok(sources)
}

/// `mxdrill check`: with paths, report on those files (checked against the whole
/// world); without, on the bundled content and `--content` folders.
fn check(cli: &Cli, paths: &[std::path::PathBuf], json: bool, answers: bool) -> ExitCode {
    let sources = match sources(cli, paths) {
        Ok(sources) => sources,
        Err(d) => {
            eprintln!("mxdrill check: {}: {}", d.path, d.message);
            return ExitCode::from(2);
        }
    };
    let mut library = content::load(&sources);
    library.merge(mxdrill::quiz::audit(&library), &sources);
    let shown: Vec<&Diagnostic> = if paths.is_empty() {
        library.diagnostics.iter().collect()
    } else {
        let named: Vec<&str> = sources
            .iter()
            .filter(|s| !s.bundled)
            .map(|s| s.path.as_str())
            .collect();
        library
            .diagnostics
            .iter()
            .filter(|d| named.contains(&d.path.as_str()))
            .collect()
    };
    if json {
        // Diagnostics are plain strings and numbers: serializing cannot fail.
        println!(
            "{}",
            serde_json::to_string_pretty(&shown).unwrap_or_default()
        );
    } else {
        for d in &shown {
            println!("{d}");
        }
        if answers {
            preview::print_checked(&library, &sources, !paths.is_empty());
        }
        let count = |level| shown.iter().filter(|d| d.level == level).count();
        let files = if paths.is_empty() {
            sources.len()
        } else {
            sources.iter().filter(|s| !s.bundled).count()
        };
        println!(
            "{files} files checked: {} errors, {} warnings, {} notes",
            count(Level::Error),
            count(Level::Warning),
            count(Level::Note)
        );
    }
    if shown.iter().any(|d| d.level == Level::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// The terminal app, on the home screen or straight into a mode.
fn app(cli: &Cli, start: Option<Mode>) -> ExitCode {
    run_app(cli, |app| {
        if let Some(mode) = start {
            app.start(mode, false);
        }
        Ok(())
    })
}

/// `mxdrill present [ZONE]`: the simulator for a projector.
fn present(cli: &Cli, zone: Option<&str>) -> ExitCode {
    run_app(cli, |app| match app.present(zone) {
        true => Ok(()),
        false => Err(format!(
            "{} has no MX records to present",
            zone.unwrap_or("?")
        )),
    })
}

/// Loads the content, prepares the app with `setup`, and runs it.
fn run_app(cli: &Cli, setup: impl FnOnce(&mut tui::App) -> Result<(), String>) -> ExitCode {
    let library: Library = match sources(cli, &[]) {
        Ok(sources) => content::load(&sources),
        Err(d) => {
            eprintln!("mxdrill: {}: {}", d.path, d.message);
            return ExitCode::from(2);
        }
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut app = tui::App::new(
        library,
        tui::Theme::from_env(cli.no_color),
        now,
        now % 100_000,
    );
    match learner::open_quietly(&cli.learner) {
        Ok((store, message)) => {
            app.store = Some(store);
            app.store_message = message;
        }
        Err(e) => app.store_message = Some(format!("progress will not be saved: {e}")),
    }
    if let Err(message) = setup(&mut app) {
        eprintln!("mxdrill: {message}");
        return ExitCode::from(2);
    }
    match tui::run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mxdrill: {e}");
            ExitCode::FAILURE
        }
    }
}

fn quiz(cli: &Cli, mode: Mode, args: &mxdrill::cli::QuizArgs) -> ExitCode {
    if args.plain {
        return plain::run(cli, mode, args);
    }
    app(cli, Some(mode))
}
