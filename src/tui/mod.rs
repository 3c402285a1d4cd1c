//! The terminal app: `App` state, one key table, a theme, and drawing. The only
//! module that touches the terminal.

pub mod app;
pub mod class;
pub mod class_ansi;
pub mod class_keys;
pub mod class_projector;
pub mod class_student;
pub mod glyphs;
pub mod keys;
pub mod lab;
mod lab_view;
pub mod quiz_layout;
pub mod quiz_state;
mod quiz_view;
pub mod review_view;
pub mod sim;
mod sim_view;
pub mod text;
pub mod theme;
pub mod view;
mod widgets;

pub use app::{App, Screen};
pub use quiz_state::QuizState;
pub use theme::Theme;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use std::time::Duration;

/// Mouse reporting of button presses only (1000) in SGR coordinates (1006): clicks
/// and the wheel reach the app, motion never does, so the terminal can still select
/// text with Shift (crossterm's `EnableMouseCapture` also asks for 1002/1003, every
/// motion).
pub const MOUSE_ON: &[u8] = b"\x1b[?1000h\x1b[?1006h";
/// Mouse reporting off again.
pub const MOUSE_OFF: &[u8] = b"\x1b[?1006l\x1b[?1000l";

fn mouse(on: bool) -> std::io::Result<()> {
    crate::platform::mouse_reporting(on, if on { MOUSE_ON } else { MOUSE_OFF })
}

/// Leaves the alternate screen, raw mode and mouse reporting when the process is
/// asked to end from outside (`kill`, a closed terminal or console window,
/// Ctrl+Break): `platform::on_exit_request` calls it and exits.
fn restore_terminal() {
    let _ = mouse(false);
    ratatui::restore();
}

/// Whether the app can run here: it draws on standard output and reads keys from the
/// controlling terminal. Without one (a pipe, `setsid`, a cron job) it says what to
/// do `instead` (the plain mode, say) rather than write escapes into a file.
pub fn terminal_check(instead: &str) -> Result<(), String> {
    use std::io::IsTerminal;
    let keys = std::io::stdin().is_terminal() || crate::platform::keyboard_available();
    if std::io::stdout().is_terminal() && keys {
        Ok(())
    } else {
        Err(format!("no terminal to draw on: {instead}"))
    }
}

/// Runs the app until the learner quits; `with_mouse`: clicks and the wheel work
/// (`--no-mouse` leaves the mouse to the terminal). `ratatui::run` restores the
/// terminal on every exit, panics included. It blocks on input when idle and ticks
/// once a second only while an exam clock runs, and a few times a second while the
/// simulator plays. `now` is the clock (seconds since 1970), which the caller reads.
pub fn run(mut app: App, with_mouse: bool, now: fn() -> u64) -> std::io::Result<()> {
    crate::platform::on_exit_request(restore_terminal)?;
    // Mouse clicks select menu items and choices; the reporting ends with the app.
    if with_mouse {
        mouse(true)?;
    }
    let result = ratatui::run(|terminal| {
        loop {
            let size = terminal.size()?;
            app.resize_to(size.width, size.height);
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
                Event::Mouse(m) => match m.kind {
                    MouseEventKind::Down(MouseButton::Left) => app.click(m.row),
                    MouseEventKind::ScrollUp => app.wheel(true),
                    MouseEventKind::ScrollDown => app.wheel(false),
                    _ => {}
                },
                _ => {} // a resize redraws on the next turn
            }
        }
    });
    if with_mouse {
        mouse(false)?;
    }
    result
}
