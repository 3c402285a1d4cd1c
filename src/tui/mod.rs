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

/// Puts the learner's terminal back: mouse reporting off, raw mode off, the
/// alternate screen left and the cursor shown. The one way out, on every path: a
/// quit, an error, a panic (the hook [`run`] installs), SIGTERM, SIGINT or SIGHUP
/// (`platform::on_exit_request` calls it and exits) and a suspend (Ctrl+Z, SIGTSTP).
fn restore_terminal() {
    let _ = leave_terminal();
}

fn leave_terminal() -> std::io::Result<()> {
    use ratatui::crossterm::{cursor::Show, execute, terminal};
    // Mouse reporting off even if it was never on: the escapes are harmless then.
    let mouse = mouse(false);
    let raw = terminal::disable_raw_mode();
    execute!(std::io::stdout(), terminal::LeaveAlternateScreen, Show)?;
    raw.and(mouse)
}

/// Takes the terminal for the app: raw mode, the alternate screen (blank), the
/// cursor hidden, and mouse reporting if asked; undone by [`restore_terminal`].
fn enter_terminal(with_mouse: bool) -> std::io::Result<()> {
    use ratatui::crossterm::{cursor::Hide, execute, terminal};
    terminal::enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All),
        Hide
    )?;
    if with_mouse {
        mouse(true)?;
    }
    Ok(())
}

/// A panic puts the terminal back before its message is printed (on the learner's
/// own screen, not the alternate one that is about to go).
fn restore_on_panic() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            hook(info);
        }));
    });
}

/// Suspend (Ctrl+Z or SIGTSTP): the terminal goes back to the shell and the process
/// stops; once continued (`fg`) it takes the terminal again and is redrawn in full.
/// Where there is no job control (Windows) nothing happens.
fn suspend(terminal: &mut ratatui::DefaultTerminal, with_mouse: bool) -> std::io::Result<()> {
    if !crate::platform::JOB_CONTROL {
        return Ok(());
    }
    leave_terminal()?;
    crate::platform::stop_process()?;
    resume(terminal, with_mouse)
}

/// Continued (SIGCONT): the shell may have reset the terminal meanwhile, so raw
/// mode, the alternate screen (cleared) and the hidden cursor again, and a full
/// redraw: the last frame is forgotten, so the next draw writes every cell.
/// (`Terminal::clear` would do both but first asks the terminal where its cursor
/// is, and ends the app with an error if no answer comes within two seconds.)
fn resume(terminal: &mut ratatui::DefaultTerminal, with_mouse: bool) -> std::io::Result<()> {
    enter_terminal(with_mouse)?;
    // The draw leaves the last frame in the inactive buffer and an empty current
    // one; swapping once more empties both.
    terminal.swap_buffers();
    Ok(())
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
/// (`--no-mouse` leaves the mouse to the terminal). The terminal is restored on
/// every exit ([`restore_terminal`]), and suspend and continue give it back and take
/// it again. It blocks on input when idle and ticks once a second only while an exam
/// clock runs, and a few times a second while the simulator plays. `now` is the
/// clock (seconds since 1970), which the caller reads.
pub fn run(mut app: App, with_mouse: bool, now: fn() -> u64) -> std::io::Result<()> {
    crate::platform::on_exit_request(restore_terminal)?;
    crate::platform::watch_job_control()?;
    restore_on_panic();
    let result = enter_terminal(with_mouse).and_then(|()| {
        let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
        let mut terminal = ratatui::Terminal::new(backend)?;
        // Crossterm's reader catches SIGWINCH from its first poll on: made now,
        // before the first frame, so that the wake-up of a SIGTSTP or SIGCONT
        // arriving after the next job-signal check is never lost.
        event::poll(Duration::ZERO)?;
        event_loop(&mut terminal, &mut app, with_mouse, now)
    });
    let restored = leave_terminal();
    result.and(restored)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    with_mouse: bool,
    now: fn() -> u64,
) -> std::io::Result<()> {
    use crate::platform::JobSignal;
    loop {
        match crate::platform::job_signal() {
            Some(JobSignal::Suspend) => suspend(terminal, with_mouse)?,
            Some(JobSignal::Continue) => resume(terminal, with_mouse)?,
            None => {}
        }
        let size = terminal.size()?;
        app.resize_to(size.width, size.height);
        terminal.draw(|frame| view::draw(frame, app))?;
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
                if app.take_suspend() {
                    suspend(terminal, with_mouse)?;
                }
            }
            Event::Mouse(m) => match m.kind {
                MouseEventKind::Down(MouseButton::Left) => app.click(m.row),
                MouseEventKind::ScrollUp => app.wheel(true),
                MouseEventKind::ScrollDown => app.wheel(false),
                _ => {}
            },
            _ => {} // a resize (or a job-control wake-up) redraws on the next turn
        }
    }
}
