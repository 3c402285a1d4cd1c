//! The terminal app: `mxdrill` (home), `practice|exam|review` (straight into a
//! session) and `present [ZONE]` (the simulator for a projector).

use super::args::{Cli, QuizArgs};
use super::policy::{self, Done, Stop};
use mxdrill::play::SessionSpec;
use mxdrill::quiz::Mode;
use mxdrill::tui;

/// The app, on the home screen or straight into a session.
pub fn run(cli: &Cli, start: Option<(Mode, &QuizArgs)>) -> Done {
    run_app(cli, |app, seed| match start {
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

/// `mxdrill present [ZONE]`: the simulator for a projector.
pub fn present(cli: &Cli, zone: Option<&str>) -> Done {
    run_app(cli, |app, _| match app.present(zone) {
        true => Ok(()),
        false => Err(format!(
            "{} has no MX records to present",
            zone.unwrap_or("?")
        )),
    })
}

/// Loads the content, prepares the app with `setup` (given the seed of this run),
/// and runs it.
fn run_app(cli: &Cli, setup: impl FnOnce(&mut tui::App, u64) -> Result<(), String>) -> Done {
    tui::terminal_check().map_err(Stop::Usage)?;
    let library = policy::library(cli)?;
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
