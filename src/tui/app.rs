//! The app's state and `update(Action)`: keys become actions, actions change state,
//! drawing reads state only.

use super::keys::{Action, Scope};
use super::lab::LabState;
use super::quiz_state::QuizState;
use super::sim::SimState;
use super::theme::Theme;
use crate::content::Library;
use crate::content::bank::Kind;
use crate::dns::World;
use crate::lab::LabHandle;
use crate::progress::Store;
use crate::quiz::{self, Mode, Score, Session};
use hickory_proto::rr::RData;

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
    ("Review", "your weakest categories first"),
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

/// Everything the app shows.
pub struct App {
    /// The content.
    pub library: Library,
    /// Styles.
    pub theme: Theme,
    /// The screen shown.
    pub screen: Screen,
    /// The help overlay is open.
    pub help: bool,
    /// Leave at the next turn of the loop.
    pub quit: bool,
    /// The home menu's cursor.
    pub menu: usize,
    /// The session, if one runs.
    pub quiz: Option<QuizState>,
    /// The clock (seconds), updated by ticks.
    pub now: u64,
    /// Seed of the next session.
    pub seed: u64,
    /// The simulator, once opened.
    pub sim: Option<SimState>,
    /// The lab console.
    pub lab: LabState,
    /// Scores of the sessions of this run (until progress is stored).
    pub history: Score,
    /// Percent right of each finished session, oldest first.
    pub sessions: Vec<u64>,
    /// Presenter mode: the simulator for a projector, nothing scored.
    pub presenter: bool,
    /// The terminal's width at the last draw (for mouse clicks).
    pub width: u16,
    /// Lines scrolled on the results screen.
    pub results_scroll: u16,
    /// The learner's progress store, if it could be opened.
    pub store: Option<Store>,
    /// A problem with the store to tell the learner.
    pub store_message: Option<String>,
    /// The lab DNS server, once started from the lab console.
    pub lab_server: Option<LabHandle>,
    /// Its queries, newest last.
    pub lab_log: Vec<String>,
}

impl App {
    /// A new app on the home screen.
    pub fn new(library: Library, theme: Theme, now: u64, seed: u64) -> Self {
        App {
            library,
            theme,
            screen: Screen::Home,
            help: false,
            quit: false,
            menu: 0,
            quiz: None,
            now,
            seed,
            sim: None,
            lab: LabState::default(),
            history: Score::default(),
            sessions: Vec::new(),
            presenter: false,
            width: 80,
            results_scroll: 0,
            store: None,
            store_message: None,
            lab_server: None,
            lab_log: Vec::new(),
        }
    }

    /// The key scopes of the current screen.
    pub fn scopes(&self) -> Vec<Scope> {
        match (self.screen, &self.quiz) {
            (Screen::Quiz, Some(q)) if q.session.mode == Mode::Exam => {
                vec![Scope::Lists, Scope::Quiz, Scope::Exam]
            }
            (Screen::Quiz, _) => vec![Scope::Lists, Scope::Quiz],
            (Screen::Simulator, _) => vec![Scope::Simulator],
            (Screen::Lab | Screen::Stats, _) => Vec::new(),
            _ => vec![Scope::Lists],
        }
    }

    /// Whether keys go into the command line.
    pub fn typing(&self) -> bool {
        if self.screen == Screen::Lab {
            return !self.help;
        }
        self.screen == Screen::Quiz
            && !self.help
            && self.quiz.as_ref().is_some_and(|q| {
                !q.graded()
                    && q.session
                        .items
                        .get(q.session.current)
                        .is_some_and(|i| i.kind == Kind::Command)
            })
    }

    /// Presenter mode on `zone` (or the first mail domain): the simulator for a
    /// projector. Returns false if the zone has no MX records to show.
    pub fn present(&mut self, zone: Option<&str>) -> bool {
        let mut sim = SimState::new(&self.library.world);
        let found = zone.is_none_or(|z| sim.select(z, &self.library.world));
        self.sim = Some(sim);
        self.presenter = true;
        self.screen = Screen::Simulator;
        found
    }

    /// Adds the session's graded answers to this run's history, once.
    fn finish_session(&mut self) {
        if let Some(q) = &mut self.quiz
            && !q.counted
        {
            let score = q.session.score();
            if score.total.answered > 0 {
                for (item, verdict) in q.session.items.iter().zip(&q.session.verdicts) {
                    if let Some(v) = verdict {
                        self.history.add(item, v.correct);
                    }
                }
                self.sessions.push(u64::from(score.total.percent()));
            }
            q.counted = true;
        }
    }

    /// Starts a session from the home menu.
    pub fn start(&mut self, mode: Mode, drills: bool) {
        self.finish_session();
        self.seed = self.seed.wrapping_add(1);
        let items = if drills {
            quiz::drills(self.seed, 20)
        } else {
            let count = if mode == Mode::Exam { 20 } else { 10 };
            match (&self.store, mode) {
                (Some(store), Mode::Review) => {
                    let due = crate::progress::due_order(&store.progress);
                    quiz::select_review(&self.library, Some(count), self.seed, &due, self.now)
                }
                _ => quiz::select(
                    &self.library,
                    mode,
                    None,
                    None,
                    Some(count),
                    self.seed,
                    &self.history,
                ),
            }
            .unwrap_or_default()
        };
        if items.is_empty() {
            return;
        }
        let pass_mark = self.library.banks.iter().find_map(|b| b.pass_mark);
        self.quiz = Some(QuizState::new(Session::new(
            mode, items, self.now, pass_mark,
        )));
        self.screen = Screen::Quiz;
    }

    /// Applies one action, then saves any new verdict.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        self.save_verdicts();
    }

    /// Writes the verdicts not yet in the progress store (practice at once, an exam
    /// when submitted). Generated drills count per category, under one entry per kind.
    fn save_verdicts(&mut self) {
        let (Some(q), Some(store)) = (&mut self.quiz, &mut self.store) else {
            return;
        };
        q.saved.resize(q.session.items.len(), false);
        for (i, item) in q.session.items.iter().enumerate() {
            let Some(v) = q.session.verdicts[i].as_ref().filter(|_| !q.saved[i]) else {
                continue;
            };
            if let Err(e) = store.record(
                &item.bank,
                &item.progress_id(),
                item.category.name(),
                &item.objectives,
                v.correct,
                self.now,
            ) {
                self.store_message = Some(format!("This answer could not be saved: {e}"));
            }
            q.saved[i] = true;
        }
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
            (Screen::Home, Action::Back) => {}
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
            (Screen::Lab, Action::Type(c)) => self.lab.input.push(c),
            (Screen::Lab, Action::Backspace) => {
                self.lab.input.pop();
            }
            (Screen::Lab, Action::Up) => self.lab.browse(true),
            (Screen::Lab, Action::Down) => self.lab.browse(false),
            (Screen::Lab, Action::Enter) if self.lab.input.trim().starts_with("serve") => {
                self.start_server()
            }
            (Screen::Lab, Action::Enter) => self.lab.run(&self.library.world, self.now),
            (
                Screen::Simulator,
                Action::RemoveMx | Action::RaisePreference | Action::LowerPreference,
            ) => self.edit_mx(action),
            (Screen::Simulator, action) => {
                if let Some(sim) = &mut self.sim {
                    sim.update(action, &self.library.world);
                }
            }
            (Screen::Quiz, action) => self.quiz_action(action),
            _ => {}
        }
    }

    /// Shows question `index` of the running session.
    pub fn goto(&mut self, index: usize) {
        if let Some(q) = &mut self.quiz {
            q.session.go(index);
            q.reset();
        }
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
        match crate::lab::spawn(&[addr], World::new(self.library.world.zones().to_vec())) {
            Ok(handle) => {
                self.lab.output = format!(
                    "Lab server running on {addr} (UDP and TCP). From another terminal try:\n  dig @127.0.0.1 -p {port} blossomflowers.example MX\n  nslookup -port={port} -type=mx blossomflowers.example 127.0.0.1\n  host -p {port} -t mx blossomflowers.example 127.0.0.1"
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

    /// Presenter what-ifs: remove the selected host's MX record or move its
    /// preference; the simulator and the lab server both see the change at once.
    fn edit_mx(&mut self, action: Action) {
        let Some(sim) = &mut self.sim else { return };
        let (Some(domain), Some((_, host))) = (
            sim.domains.get(sim.domain).cloned(),
            sim.hosts.get(sim.selected).cloned(),
        ) else {
            return;
        };
        let mut zones = self.library.world.zones().to_vec();
        let Some(zi) = self.library.world.zone_index_for(&domain) else {
            return;
        };
        let is_it = |r: &crate::dns::ZoneRecord| {
            r.record.name == domain
                && matches!(&r.record.data, RData::MX(mx) if mx.exchange == host)
        };
        match action {
            Action::RemoveMx => zones[zi].records.retain(|r| !is_it(r)),
            _ => {
                for r in zones[zi].records.iter_mut().filter(|r| is_it(r)) {
                    if let RData::MX(mx) = &mut r.record.data {
                        mx.preference = if action == Action::RaisePreference {
                            mx.preference.saturating_add(10)
                        } else {
                            mx.preference.saturating_sub(10)
                        };
                    }
                }
            }
        }
        if let Some(server) = &self.lab_server {
            let mut served = match server.world.write() {
                Ok(w) => w,
                Err(poisoned) => poisoned.into_inner(),
            };
            *served = World::new(zones.clone());
        }
        self.library.world = World::new(zones);
        sim.load(&self.library.world);
    }

    /// Whether an animation runs (the loop then ticks often).
    pub fn animating(&self) -> bool {
        self.screen == Screen::Simulator && self.sim.as_ref().is_some_and(|s| s.playing)
    }

    /// One frame of animation.
    pub fn animate(&mut self) {
        if let Some(sim) = &mut self.sim {
            sim.tick();
        }
    }

    /// The clock moved: an exam whose time is up is submitted.
    pub fn tick(&mut self, now: u64) {
        self.now = now;
        if let Some(q) = &mut self.quiz
            && self.screen == Screen::Quiz
            && q.session.remaining(now) == Some(0)
            && !q.session.submitted
        {
            q.session.submit(&self.library.world, now);
            self.screen = Screen::Results;
            self.save_verdicts();
        }
    }

    fn open_menu(&mut self) {
        match self.menu {
            0 => self.start(Mode::Practice, false),
            1 => self.start(Mode::Exam, false),
            2 => self.start(Mode::Review, false),
            3 => self.start(Mode::Practice, true),
            5 => self.screen = Screen::Lab,
            6 => {
                self.finish_session();
                self.screen = Screen::Stats;
            }
            4 => {
                if self.sim.is_none() {
                    self.sim = Some(SimState::new(&self.library.world));
                }
                self.screen = Screen::Simulator;
            }
            _ => self.quit = true,
        }
    }
}
