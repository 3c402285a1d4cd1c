//! `mxdrill practice|exam|review --plain`: the play layer's line mode on standard
//! input and output, with the learner's progress store.

use super::args::{Cli, QuizArgs};
use super::policy::{self, Done, Out, Stop};
use mxdrill::play::plain::{Halt, Plain};
use mxdrill::play::{self, SessionSpec};
use mxdrill::quiz::Mode;

/// Runs a plain session.
pub fn run(cli: &Cli, mode: Mode, args: &QuizArgs, out: &mut Out) -> Done {
    let library = policy::library(cli)?;
    for d in &library.skipped {
        policy::warn(&format!(
            "skipped {} because of errors; the first: {d}",
            d.path
        ));
    }
    let now = policy::now();
    let spec =
        SessionSpec::from_options(mode, &args.options(), policy::seed(now)).map_err(Stop::Usage)?;
    let mut store = match policy::store(cli, now) {
        Ok((store, message)) => {
            if let Some(message) = message {
                policy::say(&format!("{}: {message}", out.command()));
            }
            Some(store)
        }
        Err(e) => {
            policy::warn(&format!("progress will not be saved: {e}"));
            None
        }
    };
    let (mut study, note) = play::plain::study(&spec, &library, store.as_ref(), args.resume, now)
        .map_err(Stop::Usage)?;
    let command = out.command();
    let stdin = std::io::stdin();
    let mut plain = Plain {
        library: &library,
        input: stdin.lock(),
        out,
        store: store.as_mut(),
        replay: args.replay,
        clock: &policy::now,
    };
    if let Some(note) = note {
        plain.say(&note)?;
    }
    let warnings = plain.run(&mut study).map_err(|halt| match halt {
        Halt::Input(why) => Stop::Input(why),
        Halt::Output(e) => Stop::Write(e),
    })?;
    for w in &warnings.lines {
        policy::warn(w);
    }
    // The first failure was said under its answer; the status says it to scripts.
    match warnings.not_saved_summary() {
        Some(summary) => {
            policy::say(&format!("{command}: {summary}"));
            Ok(policy::NOT_SAVED)
        }
        None => Ok(0),
    }
}
