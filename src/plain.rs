//! `mxdrill practice|exam|review --plain`: the play layer's line mode on standard
//! input and output, with the learner's progress store.

use crate::learner;
use mxdrill::cli::{Cli, QuizArgs};
use mxdrill::play::{self, SessionSpec, plain::Plain};
use mxdrill::quiz::Mode;
use std::process::ExitCode;

fn usage(message: &str) -> ExitCode {
    eprintln!("mxdrill: {message}");
    ExitCode::from(2)
}

/// Runs a plain session.
pub fn run(cli: &Cli, mode: Mode, args: &QuizArgs) -> ExitCode {
    let library = match play::load(&cli.content) {
        Ok(library) => library,
        Err(e) => return usage(&e),
    };
    for d in &library.skipped {
        eprintln!(
            "warning: skipped {} because of errors; the first: {d}",
            d.path
        );
    }
    let spec = match SessionSpec::from_args(mode, args, learner::now() % 100_000) {
        Ok(spec) => spec,
        Err(e) => return usage(&e),
    };
    let mut store = match learner::open(&cli.learner) {
        Ok(store) => Some(store),
        Err(e) => {
            eprintln!("warning: progress will not be saved: {e}");
            None
        }
    };
    let now = learner::now();
    let (mut study, note) =
        match play::plain::study(&spec, &library, store.as_ref(), args.resume, now) {
            Ok(opened) => opened,
            Err(e) => return usage(&e),
        };
    let stdin = std::io::stdin();
    let mut plain = Plain {
        library: &library,
        input: stdin.lock(),
        out: std::io::stdout().lock(),
        store: store.as_mut(),
        replay: args.replay,
        clock: &learner::now,
    };
    let written = note
        .map_or(Ok(()), |note| plain.say(&note))
        .and_then(|()| plain.run(&mut study))
        .map(|warnings| {
            for w in warnings {
                eprintln!("warning: {w}");
            }
        });
    mxdrill::output::finish("mxdrill", written, ExitCode::SUCCESS)
}
