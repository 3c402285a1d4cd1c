//! The class session's hub (issue 28): the `play::class::Class`, each student's
//! connection with its decoder and screen, and the projector, tied to a transport
//! that only carries bytes (the SSH server in `lab`, or an in-memory one in tests).
//! Students' keys go through the app's key table (`class_keys`); their screens are
//! drawn into bytes (`class_student`) and sent only when they changed; the
//! instructor's keys step the class on (`Hub::instructor`), and a revealed predict
//! or order question replays its delivery in the app's own simulator.

use super::app::App;
use super::class_keys::{Decoder, StudentKey, student_key};
use super::class_projector::{self, Room};
use super::class_student::{StudentScreen, greeting, last_words};
use super::keys::{self, Action, Scope};
use super::theme::Theme;
use crate::content::Library;
use crate::play::class::{Class, Phase, SeatId, Step, seat_name};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use std::collections::BTreeMap;

/// What the transport reports about a student's connection: the SSH server's
/// arrivals (`lab::class`), or a test's.
pub use crate::lab::class::Arrival;

/// What carries bytes to and from the students.
pub trait Transport {
    /// The next event, if one is waiting (never blocks).
    fn try_next(&mut self) -> Option<Arrival>;
    /// Sends `bytes` to `conn`; `false`: the student is gone or too slow and was
    /// dropped.
    fn send(&mut self, conn: u64, bytes: Vec<u8>) -> bool;
    /// Sends `last_words` and closes `conn`.
    fn close(&mut self, conn: u64, last_words: Vec<u8>);
}

/// The class's SSH server (`lab::class`) as the hub's transport.
pub struct Ssh {
    /// The server.
    pub server: crate::lab::class::ClassServer,
    /// What it reports.
    pub arrivals: std::sync::mpsc::Receiver<Arrival>,
}

impl Transport for Ssh {
    fn try_next(&mut self) -> Option<Arrival> {
        self.arrivals.try_recv().ok()
    }

    fn send(&mut self, conn: u64, bytes: Vec<u8>) -> bool {
        self.server.send(conn, bytes)
    }

    fn close(&mut self, conn: u64, last_words: Vec<u8>) {
        self.server.close(conn, last_words);
    }
}

/// How the projector's notice begins when the results could not be saved.
pub const NOT_SAVED: &str = "results not saved";

/// The most transport events handled between two frames of the projector.
pub const EVENTS_PER_TURN: usize = 256;

/// One student's connection.
struct Conn {
    seat: SeatId,
    decoder: Decoder,
    screen: StudentScreen,
    /// The setup bytes are still to be sent.
    greet: bool,
    /// The screen may have changed since it was last sent.
    dirty: bool,
}

/// Saves the class's results once it finishes; gives the path or why not.
pub type Saver = Box<dyn FnMut(&Class) -> Result<String, String>>;

/// The class session's hub.
pub struct Hub {
    class: Class,
    /// The app: its library's world grades answers, its simulator replays.
    app: App,
    /// What the projector shows besides the class.
    pub room: Room,
    theme: Theme,
    conns: BTreeMap<u64, Conn>,
    /// Connections to close at the next flush, with their last words.
    closing: Vec<(u64, Vec<u8>)>,
    saver: Option<Saver>,
    shown_remaining: Option<u64>,
    done: bool,
}

impl Hub {
    /// A hub for `class`, grading with `library`'s world.
    pub fn new(class: Class, library: Library, room: Room, theme: Theme, now: u64) -> Self {
        Hub {
            class,
            app: App::new(library, theme, now, 0),
            room,
            theme,
            conns: BTreeMap::new(),
            closing: Vec::new(),
            saver: None,
            shown_remaining: None,
            done: false,
        }
    }

    /// What saves the results when the class finishes (its path is then shown).
    pub fn on_finish(&mut self, saver: Saver) {
        self.saver = Some(saver);
    }

    /// The class.
    pub fn class(&self) -> &Class {
        &self.class
    }

    /// The instructor left (q after the results).
    pub fn done(&self) -> bool {
        self.done
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// The seat of connection `conn`, if it is open.
    pub fn seat_of(&self, conn: u64) -> Option<SeatId> {
        self.conns.get(&conn).map(|c| c.seat)
    }

    fn all_dirty(&mut self) {
        for c in self.conns.values_mut() {
            c.dirty = true;
        }
    }

    /// A transport event at `now`.
    pub fn arrive(&mut self, event: Arrival, now: u64) {
        // Nothing a student does depends on the time yet (the timer is `tick`'s).
        let _ = now;
        match event {
            Arrival::Joined {
                conn,
                name,
                cols,
                rows,
                ..
            } => self.join(conn, &name, cols, rows),
            Arrival::Keys { conn, bytes } => self.keys(conn, &bytes),
            Arrival::Resized { conn, cols, rows } => {
                if let Some(c) = self.conns.get_mut(&conn) {
                    c.screen.resize(cols, rows);
                    c.dirty = true;
                }
            }
            Arrival::Left { conn } => self.gone(conn),
        }
    }

    fn join(&mut self, conn: u64, raw: &str, cols: u16, rows: u16) {
        let refuse = |hub: &mut Hub, why: String| {
            hub.closing
                .push((conn, last_words(&format!("mxdrill class: {why}"))));
            // The projector says so too, control characters shown escaped.
            let why = crate::content::printable(&why).into_owned();
            hub.room.notice = Some(format!("a student was turned away: {why}"));
        };
        let name = match seat_name(raw) {
            Ok(name) => name,
            Err(why) => return refuse(self, why),
        };
        let joined = match self.class.join(&name) {
            Ok(j) => j,
            Err(why) => return refuse(self, why),
        };
        // The same name again: the older connection gives its seat to this one.
        let older: Vec<u64> = self
            .conns
            .iter()
            .filter(|(c, k)| k.seat == joined.seat && **c != conn)
            .map(|(c, _)| *c)
            .collect();
        for old in older {
            self.conns.remove(&old);
            self.closing.push((
                old,
                last_words("mxdrill class: you joined again from another terminal"),
            ));
        }
        let Ok(screen) = StudentScreen::new(cols, rows) else {
            self.class.leave(joined.seat);
            return refuse(self, "no screen for this terminal".into());
        };
        self.conns.insert(
            conn,
            Conn {
                seat: joined.seat,
                decoder: Decoder::default(),
                screen,
                greet: true,
                dirty: true,
            },
        );
        self.all_dirty();
    }

    fn keys(&mut self, conn: u64, bytes: &[u8]) {
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        let seat = c.seat;
        let typing = self.class.phase == Phase::Open
            && self.class.item().is_some_and(|i| i.kind.entry().typed());
        for event in c.decoder.feed(bytes) {
            match student_key(&event, typing) {
                Some(StudentKey::Command(command)) if self.class.press(seat, &command) => {
                    c.dirty = true;
                }
                Some(StudentKey::Scroll(up)) => {
                    c.screen.page(up);
                    c.dirty = true;
                }
                Some(StudentKey::Leave) => {
                    let name = self.class.seat(seat).map_or("", |s| s.name.as_str());
                    let words = format!(
                        "Bye {name} — your answers stay in the class; ssh again to come back."
                    );
                    self.closing.push((conn, last_words(&words)));
                    self.gone(conn);
                    return;
                }
                Some(StudentKey::Command(_)) | None => {}
            }
        }
    }

    /// Connection `conn` ended: its seat is away (its answers stay).
    fn gone(&mut self, conn: u64) {
        if let Some(c) = self.conns.remove(&conn) {
            self.class.leave(c.seat);
            self.all_dirty();
        }
    }

    /// An instructor's key at `now`.
    pub fn instructor(&mut self, key: &KeyEvent, now: u64) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if self.replaying() {
            let action = keys::action(key, &[Scope::Simulator], false);
            match action {
                Some(Action::Back | Action::Quit | Action::QuitNow) => {
                    self.app.update(Action::Back)
                }
                _ => self.app.press(key),
            }
            return;
        }
        let scopes: &[Scope] = match self.room.confirm {
            true => &[Scope::Projector, Scope::Confirm],
            false => &[Scope::Projector],
        };
        let action = keys::action(key, scopes, false);
        if self.room.confirm {
            self.room.confirm = false;
            if action == Some(Action::Yes) {
                self.class.finish(&self.app.library.world, now);
                self.finished();
            }
            return;
        }
        match action {
            Some(Action::Next) => self.advance(now),
            Some(Action::Replay) => self.replay(),
            Some(Action::Quit | Action::QuitNow) if self.class.phase == Phase::Finished => {
                self.done = true
            }
            Some(Action::Quit | Action::QuitNow) => self.room.confirm = true,
            Some(Action::Back) => self.room.notice = None,
            _ => {}
        }
    }

    fn advance(&mut self, now: u64) {
        match self.class.advance(&self.app.library.world, now) {
            Step::Opened(_) => {
                for c in self.conns.values_mut() {
                    c.screen.scroll = 0;
                }
            }
            Step::Revealed => {
                for c in self.conns.values_mut() {
                    c.screen.scroll = 0;
                }
            }
            Step::Finished => self.finished(),
            Step::Closed | Step::Nothing => {}
        }
        self.all_dirty();
    }

    /// The class finished: the results are saved, and every student sees theirs.
    fn finished(&mut self) {
        if let Some(save) = &mut self.saver {
            match save(&self.class) {
                Ok(path) => self.room.saved = Some(path),
                Err(why) => self.room.notice = Some(format!("{NOT_SAVED}: {why}")),
            }
            self.saver = None;
        }
        self.all_dirty();
    }

    /// r on a revealed predict or order question: its delivery in the simulator.
    fn replay(&mut self) {
        if self.class.phase != Phase::Revealed {
            return;
        }
        let Some(setup) = self.class.item().and_then(|i| i.replay.clone()) else {
            return;
        };
        if !self.app.watch_delivery(&setup) {
            self.room.notice = Some("this delivery cannot be replayed".into());
        }
    }

    /// The projector shows the simulator replaying a delivery.
    pub fn replaying(&self) -> bool {
        self.app.screen() == super::Screen::Simulator
    }

    /// The simulator is playing: call [`Hub::animate`] every [`Hub::frame_delay`].
    pub fn animating(&self) -> bool {
        self.replaying() && self.app.animating()
    }

    /// How long a frame of the replay stays.
    pub fn frame_delay(&self) -> std::time::Duration {
        self.app.frame_delay()
    }

    /// The replay's next frame.
    pub fn animate(&mut self) {
        self.app.animate();
    }

    /// The clock moved: an open question whose time is up closes; the students'
    /// countdowns change.
    pub fn tick(&mut self, now: u64) {
        if self.class.tick(&self.app.library.world, now) {
            self.all_dirty();
        }
        let remaining = self.class.remaining(now);
        if remaining != self.shown_remaining {
            self.shown_remaining = remaining;
            self.all_dirty();
        }
    }

    /// Sends every student whose screen changed the bytes of the change, and
    /// closes the connections that are to close. A student the transport dropped
    /// is away.
    pub fn flush(&mut self, transport: &mut impl Transport, now: u64) {
        for (conn, words) in self.closing.drain(..) {
            transport.close(conn, words);
        }
        let mut dropped = Vec::new();
        for (&conn, c) in self.conns.iter_mut().filter(|(_, c)| c.dirty) {
            c.dirty = false;
            let mut bytes = match c.greet {
                true => greeting(),
                false => Vec::new(),
            };
            c.greet = false;
            bytes.extend(c.screen.render(&self.class, c.seat, now, self.theme));
            if !bytes.is_empty() && !transport.send(conn, bytes) {
                dropped.push(conn);
            }
        }
        for conn in dropped {
            self.gone(conn);
        }
    }

    /// Closes every connection with the farewell (the instructor left).
    pub fn close_all(&mut self, transport: &mut impl Transport) {
        self.flush(transport, 0);
        let words = last_words("mxdrill class: the class has ended. Thank you!");
        for conn in std::mem::take(&mut self.conns).into_keys() {
            transport.close(conn, words.clone());
        }
    }

    /// Draws the projector (or the replay in the app's simulator).
    pub fn draw(&mut self, frame: &mut Frame, now: u64) {
        if self.replaying() {
            let area = frame.area();
            self.app.resize_to(area.width, area.height);
            super::view::draw(frame, &self.app);
            return;
        }
        class_projector::draw(frame, &self.class, &self.room, now, self.theme);
        if self.theme.ascii {
            super::glyphs::ascii_cells(frame.buffer_mut());
        }
    }
}

/// Runs the projector on the real terminal until the instructor leaves: draws,
/// takes the instructor's keys, drains the transport (at most
/// [`EVENTS_PER_TURN`] events a turn, so a flood cannot starve the projector),
/// ticks and flushes. The terminal is restored on every exit path (as
/// `tui::run`), and every student is sent the farewell.
pub fn run(
    hub: &mut Hub,
    transport: &mut impl Transport,
    clock: impl Fn() -> u64,
) -> std::io::Result<()> {
    crate::platform::on_exit_request(super::restore_terminal)?;
    super::restore_on_panic();
    let result = super::enter_terminal(false).and_then(|()| {
        let backend = ratatui::backend::CrosstermBackend::new(std::io::stdout());
        let mut terminal = ratatui::Terminal::new(backend)?;
        drive(&mut terminal, hub, transport, &clock)
    });
    let restored = super::leave_terminal();
    hub.close_all(transport);
    result.and(restored)
}

/// The loop of [`run`] on a terminal already set up.
pub fn drive<B: ratatui::backend::Backend>(
    terminal: &mut ratatui::Terminal<B>,
    hub: &mut Hub,
    transport: &mut impl Transport,
    clock: &impl Fn() -> u64,
) -> std::io::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    use ratatui::crossterm::event::{self, Event};
    use std::time::{Duration, Instant};
    let turn = Duration::from_millis(50);
    let mut frame_at = Instant::now();
    loop {
        let now = clock();
        hub.tick(now);
        terminal
            .draw(|frame| hub.draw(frame, now))
            .map_err(std::io::Error::other)?;
        if hub.done() {
            return Ok(());
        }
        if event::poll(turn)?
            && let Event::Key(key) = event::read()?
        {
            hub.instructor(&key, clock());
        }
        if hub.animating() && frame_at.elapsed() >= hub.frame_delay() {
            hub.animate();
            frame_at = Instant::now();
        }
        for _ in 0..EVENTS_PER_TURN {
            let Some(event) = transport.try_next() else {
                break;
            };
            hub.arrive(event, now);
        }
        hub.flush(transport, clock());
    }
}
