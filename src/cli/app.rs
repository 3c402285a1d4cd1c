//! The terminal app: `mxdrill` (home), `practice|exam|review` (straight into a
//! session) and `present [ZONE]` (the simulator for a projector).

use super::args::{Cli, QuizArgs};
use super::policy::{self, Done, Stop};
use mxdrill::content::Library;
use mxdrill::play::{self, SessionSpec};
use mxdrill::quiz::Mode;
use mxdrill::tui;

/// What to do without a terminal, for the app and its sessions: the plain mode.
const PLAIN_INSTEAD: &str = "use --plain (for example `mxdrill practice --plain`)";

/// What to do without a terminal instead of presenting: `present` has no plain
/// mode, `simulate` prints the same delivery.
const PRESENT_INSTEAD: &str = "present needs one (it has no --plain mode); `mxdrill simulate ADDRESS` prints the same delivery step by step (`--svg FILE` draws it)";

/// The app, on the home screen or straight into a session.
pub fn run(cli: &Cli, start: Option<(Mode, &QuizArgs)>) -> Done {
    let library = policy::library(cli)?;
    tui::terminal_check(PLAIN_INSTEAD).map_err(Stop::Usage)?;
    run_app(cli, library, |app, seed| match start {
        Some((mode, args)) => {
            let spec = SessionSpec::from_options(mode, &args.options(), seed)?;
            match args.resume {
                true => app.resume_or_start(&spec),
                false => app.start(&spec),
            }
        }
        None => Ok(()),
    })
}

/// `mxdrill present [ZONE]`: the simulator for a projector. A zone it cannot
/// present is named before the terminal is needed.
pub fn present(cli: &Cli, zone: Option<&str>) -> Done {
    let library = policy::library(cli)?;
    if let Some(zone) = zone {
        play::presentable(&library.world, zone).map_err(Stop::Usage)?;
    }
    tui::terminal_check(PRESENT_INSTEAD).map_err(Stop::Usage)?;
    run_app(cli, library, |app, _| {
        app.present(zone);
        Ok(())
    })
}

/// Prepares the app on `library` with `setup` (given the seed of this run), and
/// runs it.
fn run_app(
    cli: &Cli,
    library: Library,
    setup: impl FnOnce(&mut tui::App, u64) -> Result<(), String>,
) -> Done {
    let now = policy::now();
    let (store, message) = match policy::store(cli, now) {
        Ok((store, message)) => (Some(store), message),
        Err(e) => (None, Some(format!("progress will not be saved: {e}"))),
    };
    let theme = tui::Theme::from_env(cli.no_color, cli.ascii);
    let seed = policy::seed(now);
    let mut app = tui::App::new(library, theme, now, seed).with_store(store, message);
    setup(&mut app, seed).map_err(Stop::Usage)?;
    tui::run(app, !cli.no_mouse, policy::now).map_err(|e| Stop::Failed(e.to_string()))?;
    Ok(0)
}
