//! The terminal app: `App` state, one key table, a theme, and drawing. The only
//! module that touches the terminal.

pub mod app;
pub mod keys;
pub mod lab;
pub mod quiz_state;
mod quiz_view;
pub mod sim;
mod sim_view;
pub mod text;
pub mod theme;
pub mod view;
mod widgets;

pub use app::{App, Screen};
pub use quiz_state::QuizState;
pub use theme::Theme;

use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::execute;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// On SIGTERM, SIGHUP or SIGINT (`kill`, a closed terminal window), leave the
/// alternate screen, raw mode and mouse reporting before exiting with 128 + the
/// signal, as a shell reports a killed process; otherwise the learner's terminal is
/// left unusable.
fn restore_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _ = execute!(std::io::stdout(), DisableMouseCapture);
            ratatui::restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Whether the app can run here: it draws on standard output and reads keys from the
/// controlling terminal. Without one (a pipe, `setsid`, a cron job) it says to use
/// the plain mode instead of writing escapes into a file.
pub fn terminal_check() -> Result<(), String> {
    use std::io::IsTerminal;
    let keys = std::io::stdin().is_terminal() || std::fs::File::open("/dev/tty").is_ok();
    if std::io::stdout().is_terminal() && keys {
        Ok(())
    } else {
        Err("no terminal to draw on: use --plain (for example `mxdrill practice --plain`)".into())
    }
}

/// Runs the app until the learner quits. `ratatui::run` restores the terminal on
/// every exit, panics included. It blocks on input when idle and ticks once a
/// second only while an exam clock runs, and a few times a second while the
/// simulator plays.
pub fn run(mut app: App) -> std::io::Result<()> {
    restore_on_signals()?;
    // Mouse clicks select menu items and choices; the capture ends with the app.
    execute!(std::io::stdout(), EnableMouseCapture)?;
    let result = ratatui::run(|terminal| {
        loop {
            app.resize(terminal.size()?.width);
            terminal.draw(|frame| view::draw(frame, &app))?;
            if app.quitting() {
                return Ok(());
            }
            // A running lab server: look for queries twice a second.
            if app.serving()
                && !app.animating()
                && !app.timed()
                && !event::poll(Duration::from_millis(500))?
            {
                app.poll_lab();
                continue;
            }
            if app.animating() && !event::poll(app.frame_delay())? {
                app.animate();
                continue;
            }
            if app.timed() && !event::poll(Duration::from_secs(1))? {
                app.tick(now());
                continue;
            }
            match event::read()? {
                Event::Key(key) if key.kind == KeyEventKind::Press => {
                    app.tick(now());
                    app.press(&key);
                }
                Event::Mouse(mouse)
                    if matches!(mouse.kind, MouseEventKind::Down(MouseButton::Left)) =>
                {
                    app.click(mouse.row);
                }
                _ => {} // a resize redraws on the next turn
            }
        }
    });
    execute!(std::io::stdout(), DisableMouseCapture)?;
    result
}
