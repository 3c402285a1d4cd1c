//! The app's state and `update(Action)`: keys become actions, actions change state,
//! drawing reads state only. Everything that is not screen state — sessions,
//! deliveries, answers, saving — is asked of the `play` layer.

use super::keys::{self, Action, Scope};
use super::lab::{History, LabState};
use super::quiz_state::{Effect, QuizState};
use super::sim::SimState;
use super::theme::Theme;
use crate::content::Library;
use crate::delivery::Setup;
use crate::dns::World;
use crate::lab::LabHandle;
use crate::play::{self, SessionSpec};
use crate::progress::{Stats, Store};
use crate::quiz::{Mode, Score};
use ratatui::crossterm::event::KeyEvent;

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The menu.
    Home,
    /// A question.
    Quiz,
    /// Exam results.
    Results,
    /// The delivery simulator.
    Simulator,
    /// dig, nslookup and host against the zones.
    Lab,
    /// Accuracy by category and objective.
    Stats,
}

/// The home menu.
pub const MENU: [(&str, &str); 8] = [
    (
        "Practice",
        "questions with instant feedback and the why of every choice",
    ),
    ("Exam", "20 questions against the clock, graded at the end"),
    ("Review", "due questions and your mistakes first"),
    (
        "Drills",
        "generated MX sets: order the hosts, predict the delivery",
    ),
    (
        "Simulator",
        "watch a sending server look up MX records and fall back",
    ),
    (
        "Lab console",
        "try dig, nslookup and host against the sample zones",
    ),
    ("Stats", "accuracy by category and objective"),
    ("Quit", "leave mxdrill"),
];

/// The screen row of the first home menu item: under the header, the rule and the
/// two summary lines. Drawing and mouse clicks share it.
pub const FIRST_MENU_ROW: u16 = 4;

/// Everything the app shows.
pub struct App {
    pub(crate) library: Library,
    pub(crate) theme: Theme,
    pub(crate) screen: Screen,
    pub(crate) help: bool,
    pub(crate) quit: bool,
    pub(crate) menu: usize,
    /// Sessions from this bank only (an index into the library's banks); `None`: all.
    pub(crate) bank: Option<usize>,
    pub(crate) quiz: Option<QuizState>,
    /// The clock (seconds), updated by ticks.
    pub(crate) now: u64,
    /// Seed of the next session.
    seed: u64,
    pub(crate) sim: Option<SimState>,
    pub(crate) lab: LabState,
    /// Commands typed here and in command questions.
    history: History,
    /// Scores of the sessions of this run (without a progress store).
    pub(crate) scores: Score,
    /// Percent right of each finished session, oldest first.
    pub(crate) sessions: Vec<u64>,
    /// Presenter mode: the simulator for a projector, nothing scored.
    pub(crate) presenter: bool,
    /// The terminal's width at the last draw (for mouse clicks).
    width: u16,
    pub(crate) results_scroll: u16,
    store: Option<Store>,
    /// The store's stats, computed when it changes, never while drawing.
    pub(crate) stats: Option<Stats>,
    /// A problem to tell the learner.
    pub(crate) message: Option<String>,
    pub(crate) lab_server: Option<LabHandle>,
    /// The lab server's queries, newest last.
    pub(crate) lab_log: Vec<String>,
}

impl App {
    /// A new app on the home screen; `seed` seeds the first session.
    pub fn new(library: Library, theme: Theme, now: u64, seed: u64) -> Self {
        App {
            library,
            theme,
            screen: Screen::Home,
            help: false,
            quit: false,
            menu: 0,
            bank: None,
            quiz: None,
            now,
            seed,
            sim: None,
            lab: LabState::default(),
            history: History::default(),
            scores: Score::default(),
            sessions: Vec::new(),
            presenter: false,
            width: 80,
            results_scroll: 0,
            store: None,
            stats: None,
            message: None,
            lab_server: None,
            lab_log: Vec::new(),
        }
    }

    /// Keeps answers in `store`; `message` is a problem opening it to tell the learner.
    pub fn with_store(mut self, store: Option<Store>, message: Option<String>) -> Self {
        self.store = store;
        self.message = message;
        self.refresh_stats();
        self
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Whether the learner asked to leave.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// The learner's progress store, if answers are being kept.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    fn refresh_stats(&mut self) {
        self.stats = self.store.as_ref().map(|s| s.progress.stats(self.now));
    }

    /// The key scopes of the current screen.
    pub fn scopes(&self) -> Vec<Scope> {
        match (self.screen, &self.quiz) {
            (Screen::Quiz, Some(q)) if q.study.session.mode == Mode::Exam => {
                vec![Scope::Lists, Scope::Quiz, Scope::Exam]
            }
            (Screen::Quiz, Some(q)) if q.graded() => {
                vec![Scope::Lists, Scope::Quiz, Scope::Feedback]
            }
            (Screen::Quiz, _) => vec![Scope::Lists, Scope::Quiz],
            (Screen::Simulator, _) => vec![Scope::Simulator],
            (Screen::Lab | Screen::Stats, _) => Vec::new(),
            (Screen::Home, _) => vec![Scope::Lists, Scope::Home],
            _ => vec![Scope::Lists],
        }
    }

    /// Whether keys go into a command line.
    pub fn typing(&self) -> bool {
        !self.help
            && match self.screen {
                Screen::Lab => true,
                Screen::Quiz => self.quiz.as_ref().is_some_and(QuizState::typing),
                _ => false,
            }
    }

    /// A key press: the key table turns it into an action, if it has one here.
    pub fn press(&mut self, key: &KeyEvent) {
        if let Some(action) = keys::action(key, &self.scopes(), self.typing()) {
            self.update(action);
        }
    }

    /// Presenter mode on `zone` (or the first mail domain): the simulator for a
    /// projector. Returns false if the zone has no MX records to show.
    pub fn present(&mut self, zone: Option<&str>) -> bool {
        let mut sim = SimState::new(&self.library.world);
        let found = zone.is_none_or(|z| sim.whatif.select(z, &self.library.world));
        sim.reload(&self.library.world);
        self.sim = Some(sim);
        self.presenter = true;
        self.screen = Screen::Simulator;
        found
    }

    /// Adds the session's graded answers to this run's scores, once.
    fn finish_session(&mut self) {
        let Some(q) = &mut self.quiz else { return };
        if q.counted {
            return;
        }
        let s = &q.study.session;
        let score = s.score();
        if score.total.answered > 0 {
            for (item, verdict) in s.items.iter().zip(&s.verdicts) {
                if let Some(v) = verdict {
                    self.scores.add(item, v.correct);
                }
            }
            self.sessions.push(u64::from(score.total.percent()));
        }
        q.counted = true;
    }

    /// Starts the session `spec` asks for; says why if it cannot start.
    pub fn start(&mut self, spec: &SessionSpec) -> Result<(), String> {
        self.finish_session();
        let progress = self.store.as_ref().map(|s| &s.progress);
        let study = spec.start(&self.library, progress, &self.scores, self.now)?;
        // A question that cannot be prepared is skipped, and the learner told which.
        self.message = study.skipped.first().map(|e| {
            let n = study.skipped.len();
            let more = if n > 1 {
                format!(" (and {} more)", n - 1)
            } else {
                String::new()
            };
            format!("skipped {e}{more}")
        });
        self.quiz = Some(QuizState::new(study));
        self.screen = Screen::Quiz;
        Ok(())
    }

    /// Starts a session of `mode` from the home menu, with the mode's defaults.
    fn start_mode(&mut self, mode: Mode, drills: bool) {
        self.seed = self.seed.wrapping_add(1);
        let mut spec = SessionSpec {
            drills,
            ..SessionSpec::new(mode, self.seed)
        };
        if let Some(bank) = self.bank.and_then(|i| self.library.banks.get(i)) {
            spec.filter.banks = vec![bank.bank.clone()];
        }
        if let Err(e) = self.start(&spec) {
            self.message = Some(e);
        }
    }

    /// Applies one action, then saves any new verdict.
    pub(crate) fn update(&mut self, action: Action) {
        self.apply(action);
        self.save_verdicts();
    }

    /// Writes the verdicts not yet in the progress store.
    fn save_verdicts(&mut self) {
        let (Some(q), Some(store)) = (&mut self.quiz, &mut self.store) else {
            return;
        };
        let problems = q.study.save(store, self.now);
        if let Some(p) = problems.into_iter().last() {
            self.message = Some(p);
        }
        self.refresh_stats();
    }

    fn apply(&mut self, action: Action) {
        if action == Action::Quit {
            self.quit = true;
            return;
        }
        if self.help {
            if matches!(action, Action::Help | Action::Back) {
                self.help = false;
            }
            return;
        }
        match (self.screen, action) {
            (_, Action::Help) => self.help = true,
            (Screen::Home, Action::Up) => self.menu = self.menu.saturating_sub(1),
            (Screen::Home, Action::Down) => self.menu = (self.menu + 1).min(MENU.len() - 1),
            (Screen::Home, Action::Choose(n)) if n < MENU.len() => {
                self.menu = n;
                self.open_menu();
            }
            (Screen::Home, Action::Enter) => self.open_menu(),
            (Screen::Home, Action::NextBank) => {
                let banks = self.library.banks.len();
                self.bank = match self.bank {
                    None if banks > 0 => Some(0),
                    Some(i) if i + 1 < banks => Some(i + 1),
                    _ => None,
                };
            }
            (Screen::Results, Action::Up) => {
                self.results_scroll = self.results_scroll.saturating_sub(1)
            }
            (Screen::Results, Action::Down) => {
                self.results_scroll = self.results_scroll.saturating_add(1)
            }
            (Screen::Results, Action::Back | Action::Enter)
            | (Screen::Quiz | Screen::Simulator | Screen::Lab | Screen::Stats, Action::Back) => {
                self.finish_session();
                self.screen = Screen::Home;
            }
            (Screen::Lab, action) => self.lab_action(action),
            (Screen::Simulator, action) => self.sim_action(action),
            (Screen::Quiz, action) => self.quiz_action(action),
            _ => {}
        }
    }

    fn quiz_action(&mut self, action: Action) {
        let Some(q) = &mut self.quiz else { return };
        match q.update(action, &self.library.world, self.now, &mut self.history) {
            Effect::None => {}
            Effect::Results => self.screen = Screen::Results,
            Effect::Watch(setup) => self.watch(&setup),
        }
    }

    /// Opens the simulator on the delivery behind a question.
    fn watch(&mut self, setup: &Setup) {
        let mut sim = SimState::new(&self.library.world);
        if sim.whatif.replay(setup, &self.library.world) {
            sim.reload(&self.library.world);
            sim.playing = true;
            self.sim = Some(sim);
            self.screen = Screen::Simulator;
        }
    }

    fn lab_action(&mut self, action: Action) {
        match action {
            Action::Type(c) => self.lab.input.push(c),
            Action::Backspace => {
                self.lab.input.pop();
            }
            Action::Up | Action::Down => {
                self.lab.input = self.history.browse(action == Action::Up, &self.lab.input)
            }
            Action::Enter if self.lab.input.trim().starts_with("serve") => self.start_server(),
            Action::Enter => self
                .lab
                .run(&self.library.world, self.now, &mut self.history),
            _ => {}
        }
    }

    fn sim_action(&mut self, action: Action) {
        if action == Action::Presenter {
            self.presenter = !self.presenter;
            return;
        }
        let Some(sim) = &mut self.sim else { return };
        let Some(edit) = sim.update(action, &self.library.world) else {
            return;
        };
        // Presenter what-ifs: the simulator and the lab server see the change at once.
        let w = &sim.whatif;
        let Some(domain) = w.mail_domain() else {
            return;
        };
        // An added MX names a spare mail host; the other edits the selected one.
        let host = match edit {
            play::MxEdit::Add => play::spare_host(&self.library.world, &domain),
            _ => w.hosts.get(sim.selected).map(|h| h.name.clone()),
        };
        let Some(host) = host else { return };
        let Some(world) = play::edit_mx(&self.library.world, &domain, &host, edit) else {
            return;
        };
        if let Some(server) = &self.lab_server {
            let mut served = match server.world.write() {
                Ok(w) => w,
                Err(poisoned) => poisoned.into_inner(),
            };
            *served = World::new(world.zones().to_vec());
        }
        self.library.world = world;
        sim.whatif.rerun(&self.library.world);
        sim.restart(&self.library.world);
    }

    /// `serve [PORT]` in the lab console: the lab DNS server on 127.0.0.1 (5300).
    fn start_server(&mut self) {
        let port = self
            .lab
            .input
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(5300u16);
        self.lab.input.clear();
        if self.lab_server.is_some() {
            self.lab.output = "The lab server is already running.".into();
            return;
        }
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let domain = play::showcase_domain(&self.library.world);
        match crate::lab::spawn(&[addr], World::new(self.library.world.zones().to_vec())) {
            Ok(handle) => {
                self.lab.output = format!(
                    "Lab server running on {addr} (UDP and TCP). From another terminal try:\n  dig @127.0.0.1 -p {port} {domain} MX\n  nslookup -port={port} -type=mx {domain} 127.0.0.1\n  host -p {port} -t mx {domain} 127.0.0.1"
                );
                self.lab_server = Some(handle);
            }
            Err(e) => self.lab.output = format!("The lab server could not start on {addr}: {e}"),
        }
    }

    /// Takes the queries the lab server answered since the last look.
    pub fn poll_lab(&mut self) {
        let Some(server) = &self.lab_server else {
            return;
        };
        while let Ok(q) = server.log.try_recv() {
            self.lab_log.push(q.to_string());
        }
        let excess = self.lab_log.len().saturating_sub(200);
        self.lab_log.drain(..excess);
    }

    /// Whether the lab server runs (the loop then looks for queries).
    pub fn serving(&self) -> bool {
        self.lab_server.is_some()
    }

    /// Whether an animation runs (the loop then ticks often).
    pub fn animating(&self) -> bool {
        self.screen == Screen::Simulator && self.sim.as_ref().is_some_and(|s| s.playing)
    }

    /// How long a frame of animation stays (the simulator's speed).
    pub fn frame_delay(&self) -> std::time::Duration {
        self.sim
            .as_ref()
            .map_or(std::time::Duration::from_millis(600), SimState::delay)
    }

    /// Whether an exam clock runs (the loop then ticks every second).
    pub fn timed(&self) -> bool {
        self.screen == Screen::Quiz
            && self
                .quiz
                .as_ref()
                .is_some_and(|q| q.study.session.limit.is_some() && !q.study.session.submitted)
    }

    /// One frame of animation.
    pub fn animate(&mut self) {
        if let Some(sim) = &mut self.sim {
            sim.tick(&self.library.world);
        }
    }

    /// The clock moved: an exam whose time is up is submitted.
    pub fn tick(&mut self, now: u64) {
        self.now = now;
        if let Some(q) = &mut self.quiz
            && self.screen == Screen::Quiz
            && q.study.session.remaining(now) == Some(0)
            && !q.study.session.submitted
        {
            q.study.session.submit(&self.library.world, now);
            self.screen = Screen::Results;
            self.save_verdicts();
        }
    }

    /// The terminal's size changed (mouse clicks need the width).
    pub fn resize(&mut self, width: u16) {
        self.width = width;
    }

    /// A left click on screen row `row`: a menu item on the home screen, an option
    /// of a choice question (rows of the options as drawn without scrolling).
    pub fn click(&mut self, row: u16) {
        if self.help {
            return;
        }
        let target = match (self.screen, &self.quiz) {
            (Screen::Home, _) => row
                .checked_sub(FIRST_MENU_ROW)
                .map(usize::from)
                .filter(|&i| i < MENU.len()),
            (Screen::Quiz, Some(q)) => q.option_at(row, self.width),
            _ => None,
        };
        if let Some(i) = target {
            self.update(Action::Choose(i));
        }
    }

    fn open_menu(&mut self) {
        match self.menu {
            0 => self.start_mode(Mode::Practice, false),
            1 => self.start_mode(Mode::Exam, false),
            2 => self.start_mode(Mode::Review, false),
            3 => self.start_mode(Mode::Practice, true),
            4 => {
                if self.sim.is_none() {
                    self.sim = Some(SimState::new(&self.library.world));
                }
                self.screen = Screen::Simulator;
            }
            5 => self.screen = Screen::Lab,
            6 => {
                self.finish_session();
                self.refresh_stats();
                self.screen = Screen::Stats;
            }
            _ => self.quit = true,
        }
    }
}
