//! Parse the command line and run one command.

use clap::{CommandFactory, Parser};
use mxdrill::cli::{Cli, Command, QuizArgs};
use mxdrill::content::{self, Diagnostic, Level};
use mxdrill::dns::tools::Tool;
use mxdrill::output;
use mxdrill::play::{self, SessionSpec};
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
            // Written to a buffer first: clap_complete panics on a failed write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "mxdrill", &mut script);
            let written = output::with_stdout(|out| out.write_all(&script));
            output::finish("mxdrill completions", written, ExitCode::SUCCESS)
        }
        Some(Command::Simulate {
            ref address,
            ref states,
            profile,
            ref self_host,
            seed,
            json,
            ref svg,
        }) => {
            let request = simulate::Request {
                address,
                states,
                profile,
                self_host: self_host.as_deref(),
                seed,
                json,
                svg: svg.as_deref(),
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
        Some(Command::Report {
            format,
            ref merge,
            ref bank,
        }) => report::run(&cli, format, merge, bank),
        Some(Command::Serve { ref listen }) => serve::run(&cli, listen),
    }
}

/// `mxdrill check`: with paths, report on those files (checked against the whole
/// world); without, on the bundled content and `--content` folders.
fn check(cli: &Cli, paths: &[std::path::PathBuf], json: bool, answers: bool) -> ExitCode {
    let dirs: Vec<_> = cli.content.iter().chain(paths).cloned().collect();
    let sources = match play::library::sources(&dirs) {
        Ok(sources) => sources,
        Err(d) => {
            eprintln!("mxdrill check: {}: {}", d.path, d.message);
            return ExitCode::from(2);
        }
    };
    let mut library = content::load(&sources);
    // With paths, only their files are reported, so only their banks are audited.
    let named: Vec<&str> = sources
        .iter()
        .filter(|s| !s.bundled || paths.is_empty())
        .map(|s| s.path.as_str())
        .collect();
    let checked = |bank: &content::Bank| named.contains(&bank.path.as_str());
    let audit = mxdrill::quiz::audit(&library, checked);
    library.merge(audit, &sources);
    let shown: Vec<&Diagnostic> = library
        .diagnostics
        .iter()
        .filter(|d| paths.is_empty() || named.contains(&d.path.as_str()))
        .collect();
    let code = if shown.iter().any(|d| d.level == Level::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    };
    let written = output::with_stdout(|out| {
        if json {
            // Diagnostics are plain strings and numbers: serializing cannot fail.
            let text = serde_json::to_string_pretty(&shown).unwrap_or_default();
            return writeln!(out, "{text}");
        }
        for d in &shown {
            writeln!(out, "{d}")?;
        }
        if answers {
            preview::print_checked(out, &library, checked)?;
        }
        let count = |level| shown.iter().filter(|d| d.level == level).count();
        let files = if paths.is_empty() {
            sources.len()
        } else {
            sources.iter().filter(|s| !s.bundled).count()
        };
        let n = |k: usize, word: &str| match k {
            1 => format!("1 {word}"),
            _ => format!("{k} {word}s"),
        };
        writeln!(
            out,
            "{} checked: {}, {}, {}",
            n(files, "file"),
            n(count(Level::Error), "error"),
            n(count(Level::Warning), "warning"),
            n(count(Level::Note), "note")
        )
    });
    let code = output::finish("mxdrill check", written, code);
    // The process ends here: freeing a large zone record by record would only add
    // to `check`'s time (a tenth of it on 100,000 records), so the memory goes back
    // to the system with the process.
    std::mem::forget(library);
    code
}

/// The terminal app, on the home screen or straight into a session.
fn app(cli: &Cli, start: Option<(Mode, &QuizArgs)>) -> ExitCode {
    run_app(cli, |app| match start {
        Some((mode, args)) => {
            let spec = SessionSpec::from_args(mode, args, learner::now() % 100_000)?;
            match args.resume {
                true => app.resume_or_start(&spec),
                false => app.start(&spec),
            }
        }
        None => Ok(()),
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
    if let Err(message) = tui::terminal_check() {
        eprintln!("mxdrill: {message}");
        return ExitCode::from(2);
    }
    let library = match play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => {
            eprintln!("mxdrill: {e}");
            return ExitCode::from(2);
        }
    };
    let now = learner::now();
    let (store, message) = match learner::open_quietly(&cli.learner) {
        Ok((store, message)) => (Some(store), message),
        Err(e) => (None, Some(format!("progress will not be saved: {e}"))),
    };
    let theme = tui::Theme::from_env(cli.no_color, cli.ascii);
    let mut app = tui::App::new(library, theme, now, now % 100_000).with_store(store, message);
    if let Err(message) = setup(&mut app) {
        eprintln!("mxdrill: {message}");
        return ExitCode::from(2);
    }
    match tui::run(app, !cli.no_mouse) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mxdrill: {e}");
            ExitCode::FAILURE
        }
    }
}

fn quiz(cli: &Cli, mode: Mode, args: &QuizArgs) -> ExitCode {
    if args.plain {
        return plain::run(cli, mode, args);
    }
    app(cli, Some((mode, args)))
}
