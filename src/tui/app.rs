//! The app's state and `update(Action)`: keys become actions, actions change state,
//! drawing reads state only. Everything that is not screen state — sessions and
//! their saving (`play::desk`), the simulator and its sandbox (`play::simulator`),
//! the lab console (`play::console`) — is asked of the `play` layer.

use super::keys::{self, Action, Scope};
use super::lab::{History, LabState};
use super::quiz_state::{Effect, QuizState, option_at};
use super::sim::SimState;
use super::theme::Theme;
use crate::content::Library;
use crate::content::bank::Category;
use crate::delivery::Setup;
use crate::dns::World;
use crate::lab::LabHandle;
use crate::play::console::{Command, Effect as ConsoleEffect};
use crate::play::desk::Desk;
use crate::play::keeper::ExamKeeper;
use crate::play::{self, SessionSpec};
use crate::progress::{self, FORECAST_DAYS, Stats, Store};
use crate::quiz::Mode;
use ratatui::crossterm::event::KeyEvent;
use std::collections::BTreeMap;

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
    /// Ctrl+Z was pressed: the event loop gives the terminal back and stops.
    suspend: bool,
    pub(crate) menu: usize,
    /// Sessions from this bank only (an index into the library's banks); `None`: all.
    pub(crate) bank: Option<usize>,
    /// The session on screen, the exam keeper and this run's scores.
    pub(crate) desk: Desk,
    /// The clock (seconds), updated by ticks.
    pub(crate) now: u64,
    /// Seed of the next session.
    seed: u64,
    pub(crate) sim: Option<SimState>,
    pub(crate) lab: LabState,
    /// Commands typed here and in command questions.
    history: History,
    /// Presenter mode: the simulator for a projector, nothing scored; a running
    /// lab server answers from the simulator's what-ifs meanwhile.
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
    /// The domain examples name (`dig DOMAIN MX`), found once, not on every frame.
    pub(crate) showcase: String,
    /// How many questions the banks sessions draw from hold per category (in
    /// `Category::ALL` order): all banks, or the one `b` chose; counted when the
    /// choice changes, not on every frame.
    pub(crate) held: [usize; Category::ALL.len()],
    /// Home's figures for the banks sessions draw from (all, or the one `b` chose),
    /// from the store: due per category and readiness per objective
    /// (`progress::readiness`); counted when the store or the choice changes.
    pub(crate) due_by_category: BTreeMap<String, usize>,
    pub(crate) readiness: Vec<progress::Readiness>,
    /// Reviews falling due on each of the next 14 days, today first (the stats screen).
    pub(crate) forecast: Vec<u64>,
    /// Home's lower table shows objectives (`o`), where both do not fit.
    pub(crate) objectives: bool,
    /// The terminal's height at the last draw (for mouse clicks).
    height: u16,
    /// Esc or q pressed during an exam: a second press (or y) leaves.
    pub(crate) confirm_leave: Option<Action>,
    /// The rules overlay, scrolled this many rows.
    pub(crate) rules: Option<u16>,
    /// The simulator was opened by `v` from this screen: Esc returns there, to the
    /// same question, and the session goes on.
    watched_from: Option<Screen>,
}

/// How many questions per category (in `Category::ALL` order) the banks hold:
/// every bank, or only the `bank`th.
fn held(library: &Library, bank: Option<usize>) -> [usize; Category::ALL.len()] {
    let questions = library
        .banks
        .iter()
        .enumerate()
        .filter(|(i, _)| bank.is_none_or(|b| b == *i))
        .flat_map(|(_, b)| &b.questions);
    Category::ALL.map(|c| questions.clone().filter(|q| q.category == c).count())
}

impl App {
    /// A new app on the home screen; `seed` seeds the first session.
    pub fn new(library: Library, theme: Theme, now: u64, seed: u64) -> Self {
        let showcase = play::showcase_domain(&library.world);
        let held = held(&library, None);
        App {
            library,
            theme,
            screen: Screen::Home,
            help: false,
            quit: false,
            suspend: false,
            menu: 0,
            bank: None,
            desk: Desk::open(None, now).0,
            now,
            seed,
            sim: None,
            lab: LabState::default(),
            history: History::default(),
            presenter: false,
            width: 80,
            results_scroll: 0,
            store: None,
            stats: None,
            message: None,
            lab_server: None,
            lab_log: Vec::new(),
            showcase,
            held,
            due_by_category: BTreeMap::new(),
            readiness: Vec::new(),
            forecast: Vec::new(),
            objectives: false,
            height: 24,
            confirm_leave: None,
            rules: None,
            watched_from: None,
        }
    }

    /// The rules the screen cites (the prompt; after grading the feedback too; on
    /// the results every explanation), or all of them when it cites none.
    pub fn rules_cited(&self) -> Vec<&'static play::rules::Rule> {
        let mut text = String::new();
        if let Some(q) = &self.desk.sitting {
            let s = &q.study.session;
            let all = self.screen == Screen::Results;
            for (i, item) in s.items.iter().enumerate() {
                if !all && i != s.current {
                    continue;
                }
                text.push_str(&item.prompt);
                let graded = s.verdicts[i]
                    .as_ref()
                    .filter(|_| all || s.mode != Mode::Exam);
                if let Some(v) = graded {
                    text.push_str(&v.summary);
                    v.details.iter().for_each(|d| text.push_str(d));
                    item.options.iter().for_each(|o| text.push_str(&o.why));
                    text.push_str(&item.explanation);
                }
                if all {
                    text.push_str(&item.explanation);
                }
            }
        }
        let cited = play::rules::cited(&text);
        match cited.is_empty() {
            true => play::rules::RULES.iter().collect(),
            false => cited,
        }
    }

    /// Keeps answers in `store`; `message` is a problem opening it to tell the learner.
    pub fn with_store(mut self, store: Option<Store>, message: Option<String>) -> Self {
        self.store = store;
        self.message = message;
        self.refresh_stats();
        let (keeper, problem) = ExamKeeper::open(self.store.as_ref().map(Store::dir), self.now);
        self.desk.keeper = keeper;
        self.tell(problem);
        self
    }

    /// Tells the learner `problem`, if there is one.
    fn tell(&mut self, problem: Option<String>) {
        if let Some(p) = problem {
            self.message = Some(p);
        }
    }

    /// Whether an exam is running on screen (leaving it asks first).
    fn in_exam(&self) -> bool {
        self.screen == Screen::Quiz && self.desk.in_exam()
    }

    /// Saves the exam in progress when it changed (`force`: the clock too).
    fn keep_exam(&mut self, force: bool) {
        let problem = self.desk.keep_exam(self.now, force);
        self.tell(problem);
    }

    /// Leaving an exam: what was entered on the current question is kept, and the
    /// exam saved with the time used.
    fn leave_exam(&mut self) {
        if self.in_exam() {
            let problem = self.desk.leave_exam(self.now);
            self.tell(problem);
        }
    }

    /// `mxdrill exam --resume`: the saved exam, or a new session of `spec` when
    /// there is none (or it cannot be resumed: the home screen then says why).
    pub fn resume_or_start(&mut self, spec: &SessionSpec) -> Result<(), String> {
        if self.desk.keeper.saved.is_some() {
            self.resume_exam();
            if self.screen == Screen::Quiz {
                return Ok(());
            }
        }
        let message = self.message.take();
        self.start(spec)?;
        self.message = self.message.take().or(message);
        Ok(())
    }

    /// Resumes the saved exam.
    fn resume_exam(&mut self) {
        match self.desk.resume(&self.library, self.now) {
            Ok(note) => {
                self.screen = Screen::Quiz;
                self.tell(note);
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// The screen shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// Whether the learner asked to leave.
    pub fn quitting(&self) -> bool {
        self.quit
    }

    /// Whether Ctrl+Z asked to suspend the app since the last call (the event loop,
    /// which owns the terminal, does it).
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// The learner's progress store, if answers are being kept.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    fn refresh_stats(&mut self) {
        self.stats = self.store.as_ref().map(|s| s.progress.stats(self.now));
        self.refresh_scoped();
    }

    /// Home's due counts and readiness, for the banks in scope; the forecast.
    fn refresh_scoped(&mut self) {
        let Some(store) = &self.store else {
            return;
        };
        let banks: Vec<&crate::content::bank::Bank> = self
            .library
            .banks
            .iter()
            .enumerate()
            .filter(|(i, _)| self.bank.is_none_or(|b| b == *i))
            .map(|(_, b)| b)
            .collect();
        let ids: Vec<String> = match self.bank {
            Some(_) => banks.iter().map(|b| b.bank.clone()).collect(),
            None => Vec::new(),
        };
        let scoped = store.progress.only_banks(&ids);
        self.due_by_category = progress::due_by_category(&scoped, self.now);
        let questions = banks
            .iter()
            .flat_map(|b| b.questions.iter().map(move |q| (b.bank.as_str(), q)));
        self.readiness = progress::readiness(&scoped, questions, self.now);
        self.forecast = progress::forecast(&store.progress, self.now, FORECAST_DAYS);
    }

    /// The key scopes of the current screen.
    pub fn scopes(&self) -> Vec<Scope> {
        let confirming = self.confirm_leave.is_some()
            || (self.screen == Screen::Quiz
                && self.desk.sitting.as_ref().is_some_and(|q| q.confirm_submit));
        if confirming {
            let mut scopes = self.scopes_of_screen();
            scopes.push(Scope::Confirm);
            return scopes;
        }
        self.scopes_of_screen()
    }

    fn scopes_of_screen(&self) -> Vec<Scope> {
        let mut scopes = self.scopes_of_this_screen();
        if matches!(self.screen, Screen::Quiz | Screen::Results) {
            scopes.insert(0, Scope::Rules);
        }
        scopes
    }

    fn scopes_of_this_screen(&self) -> Vec<Scope> {
        match (self.screen, &self.desk.sitting) {
            (Screen::Quiz, Some(q)) if q.in_exam() && q.review.is_some() => {
                vec![Scope::ExamList]
            }
            (Screen::Quiz, Some(q)) if q.study.session.mode == Mode::Exam => {
                vec![Scope::Lists, Scope::Quiz, Scope::Exam]
            }
            // A right answer to rate: 1-4 rate it (the table takes them first).
            (Screen::Quiz, Some(q)) if q.graded() && q.offers_rating() => {
                vec![Scope::Lists, Scope::Quiz, Scope::Rating, Scope::Feedback]
            }
            (Screen::Quiz, Some(q)) if q.graded() => {
                vec![Scope::Lists, Scope::Quiz, Scope::Feedback]
            }
            (Screen::Quiz, _) => vec![Scope::Lists, Scope::Quiz],
            (Screen::Simulator, _) => vec![Scope::Simulator],
            (Screen::Lab | Screen::Stats, _) => Vec::new(),
            (Screen::Home, _) => vec![Scope::Lists, Scope::Home],
            // ↑ ↓ scroll as in lists; the footer names the results' own keys
            // (m, PgUp PgDn), not a list's Enter and 1-9, which pick nothing here.
            (Screen::Results, _) => vec![Scope::Lists, Scope::Results],
        }
    }

    /// Whether keys go into a command line.
    pub fn typing(&self) -> bool {
        !self.help
            && match self.screen {
                Screen::Lab => true,
                Screen::Quiz => self.desk.sitting.as_ref().is_some_and(QuizState::typing),
                _ => false,
            }
    }

    /// A key press: the key table turns it into an action, if it has one here.
    pub fn press(&mut self, key: &KeyEvent) {
        match keys::action(key, &self.scopes(), self.typing()) {
            Some(action) => self.update(action),
            None => self.decline(),
        }
    }

    /// A key that is no key here (`n`, say) answers no to the question the footer
    /// asks: the exam is neither left nor submitted, and the next Esc asks again.
    fn decline(&mut self) {
        self.confirm_leave = None;
        if let Some(q) = &mut self.desk.sitting {
            q.confirm_submit = false;
        }
    }

    /// Presenter mode on `zone` (or the first mail domain): the simulator for a
    /// projector. Returns false if the zone has no MX records to show.
    pub fn present(&mut self, zone: Option<&str>) -> bool {
        let written = &self.library.world;
        let mut sim = SimState::new(written);
        let found = zone.is_none_or(|z| sim.select(z, written));
        self.sim = Some(sim);
        self.presenter = true;
        self.screen = Screen::Simulator;
        self.serve_what_ifs();
        found
    }

    /// Adds the session's graded answers to this run's scores, once.
    fn finish_session(&mut self) {
        self.desk.finish();
    }

    /// Starts the session `spec` asks for; says why if it cannot start.
    pub fn start(&mut self, spec: &SessionSpec) -> Result<(), String> {
        let progress = self.store.as_ref().map(|s| &s.progress);
        self.message = self.desk.start(spec, &self.library, progress, self.now)?;
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
        self.keep_exam(false);
    }

    /// Writes the verdicts not yet in the progress store.
    fn save_verdicts(&mut self) {
        let Some(store) = &mut self.store else { return };
        if self.desk.sitting.is_none() {
            return;
        }
        let problem = self.desk.save_verdicts(store, self.now);
        self.tell(problem);
        self.refresh_stats();
    }

    fn apply(&mut self, action: Action) {
        if action == Action::Suspend {
            self.suspend = true;
            return;
        }
        if action == Action::QuitNow {
            self.leave_exam();
            self.quit = true;
            return;
        }
        // Esc or q in an exam asks first; a second press, or y, leaves (the exam is
        // saved and can be resumed from the home menu).
        if let Some(pending) = self.confirm_leave.take() {
            if action == pending || action == Action::Yes {
                self.leave_exam();
                match pending {
                    Action::Quit => self.quit = true,
                    _ => {
                        self.finish_session();
                        self.screen = Screen::Home;
                    }
                }
            }
            return;
        }
        let typing = self.desk.sitting.as_ref().is_some_and(QuizState::typing);
        if self.screen == Screen::Quiz && action == Action::Back && typing && !self.help {
            self.quiz_action(Action::StopTyping);
            return;
        }
        let overlay = self.help || self.rules.is_some();
        // Esc on the exam's review list goes back to the question it came from.
        let listing = self
            .desk
            .sitting
            .as_ref()
            .is_some_and(|q| q.review.is_some());
        if !overlay && self.in_exam() && listing && action == Action::Back {
            self.sitting_command(crate::play::sitting::Command::CloseList);
            return;
        }
        if !overlay && self.in_exam() && matches!(action, Action::Quit | Action::Back) {
            self.confirm_leave = Some(action);
            return;
        }
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
        if let Some(scroll) = self.rules {
            self.rules = match action {
                Action::Rules | Action::Back | Action::Enter => None,
                Action::Up => Some(scroll.saturating_sub(1)),
                Action::Down => Some(scroll.saturating_add(1).min(200)),
                Action::PageUp => Some(scroll.saturating_sub(10)),
                Action::PageDown => Some(scroll.saturating_add(10).min(200)),
                _ => Some(scroll),
            };
            return;
        }
        match (self.screen, action) {
            (Screen::Quiz | Screen::Results, Action::Rules) => self.rules = Some(0),
            (_, Action::Help) => self.help = true,
            (Screen::Home, Action::Up) => self.menu = self.menu.saturating_sub(1),
            (Screen::Results, Action::PageUp) => {
                self.results_scroll = self.results_scroll.saturating_sub(10)
            }
            (Screen::Results, Action::PageDown) => {
                self.results_scroll = self.results_scroll.saturating_add(10)
            }
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
                self.held = held(&self.library, self.bank);
                self.refresh_scoped();
            }
            // Practise the questions the exam missed (`play::review`); with none
            // missed the results say so, and the key does nothing.
            (Screen::Results, Action::PractiseMissed)
                if self.desk.practise_missed(self.now).is_ok() =>
            {
                self.results_scroll = 0;
                self.screen = Screen::Quiz;
            }
            (Screen::Home, Action::SwitchTable) => self.objectives = !self.objectives,
            (Screen::Results, Action::Up) => {
                self.results_scroll = self.results_scroll.saturating_sub(1)
            }
            (Screen::Results, Action::Down) => {
                self.results_scroll = self.results_scroll.saturating_add(1)
            }
            (Screen::Simulator, Action::Back) if self.watched_from.is_some() => {
                self.screen = self.watched_from.take().unwrap_or(Screen::Home);
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
        let Some(command) = super::quiz_state::command(action) else {
            return;
        };
        self.sitting_command(command);
    }

    /// Gives the sitting on screen `command`, saving its verdicts first.
    fn sitting_command(&mut self, command: crate::play::sitting::Command) {
        let Some(q) = &mut self.desk.sitting else {
            return;
        };
        // Saved before the next frame shows the feedback.
        let store = self.store.as_mut();
        let (effect, problems) = q.update_saving(
            command,
            &self.library.world,
            self.now,
            &mut self.history,
            store,
        );
        self.tell(problems.into_iter().last());
        match effect {
            Effect::None => {}
            Effect::Results => self.screen = Screen::Results,
            Effect::Watch(setup) => self.watch(&setup),
        }
    }

    /// Opens the simulator on `setup`'s delivery, as after a question (the class
    /// projector's replay of a revealed question); `false` when it cannot play.
    pub fn watch_delivery(&mut self, setup: &Setup) -> bool {
        self.watch(setup);
        self.screen == Screen::Simulator
    }

    /// Opens the simulator on the delivery behind a question, on the content as
    /// written (a new sandbox).
    fn watch(&mut self, setup: &Setup) {
        let mut sim = SimState::new(&self.library.world);
        if sim.replay(setup, &self.library.world) {
            self.sim = Some(sim);
            self.watched_from = Some(self.screen);
            self.screen = Screen::Simulator;
            self.serve_what_ifs();
        }
    }

    fn lab_action(&mut self, action: Action) {
        if let Some(command) = super::lab::command(action) {
            self.lab_command(command);
        }
    }

    fn lab_command(&mut self, command: Command) {
        let world = &self.library.world;
        match self.lab.update(command, world, self.now, &mut self.history) {
            ConsoleEffect::None => {}
            ConsoleEffect::Serve(port) => self.start_server(port),
        }
    }

    fn sim_action(&mut self, action: Action) {
        if action == Action::Presenter {
            self.presenter = !self.presenter;
            self.serve_what_ifs();
            return;
        }
        let Some(sim) = &mut self.sim else { return };
        let Some(command) = super::sim::command(action) else {
            return;
        };
        if sim.update(command, &self.library.world) {
            self.serve_what_ifs();
        }
    }

    /// Whether the lab server answers from the simulator's what-ifs: while the
    /// presenter shows them (presenter mode) and a server runs.
    pub fn serving_what_ifs(&self) -> bool {
        self.presenter && self.lab_server.is_some() && self.sim.is_some()
    }

    /// Gives the lab server the world it should answer from: the simulator's
    /// sandbox in presenter mode, else the content as written.
    fn serve_what_ifs(&mut self) {
        let Some(server) = &self.lab_server else {
            return;
        };
        let written = &self.library.world;
        let world = match &self.sim {
            Some(sim) => sim.served(written, self.presenter),
            None => written,
        };
        server.world.replace(World::new(world.zones().to_vec()));
    }

    /// `serve [PORT]` in the lab console: the lab DNS server on 127.0.0.1.
    fn start_server(&mut self, port: u16) {
        if self.lab_server.is_some() {
            self.lab.already_serving();
            return;
        }
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let written = &self.library.world;
        let world = match &self.sim {
            Some(sim) => sim.served(written, self.presenter),
            None => written,
        };
        match crate::lab::spawn(&[addr], World::new(world.zones().to_vec())) {
            Ok(handle) => {
                let addr = handle.addrs.first().copied().unwrap_or(addr);
                self.lab.serving(addr, &self.showcase);
                self.lab_server = Some(handle);
            }
            Err(e) => self.lab.not_serving(addr, &e.to_string()),
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
                .desk
                .sitting
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
        // The time used is saved with the exam, so a crash costs at most 30 seconds.
        if self.in_exam() && self.desk.keeper.clock_due(now) {
            self.keep_exam(true);
        }
        if self.screen == Screen::Quiz
            && let Some(q) = &mut self.desk.sitting
            && q.time_up(&self.library.world, now)
        {
            self.confirm_leave = None;
            self.screen = Screen::Results;
            self.save_verdicts();
            self.keep_exam(false);
        }
    }

    /// The terminal's size changed (mouse clicks need the width).
    pub fn resize(&mut self, width: u16) {
        self.width = width;
    }

    /// The terminal's size changed (mouse clicks need the width and height).
    pub fn resize_to(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
    }

    /// The mouse wheel: scrolls the lab console's output, the question's page, the
    /// results, the menu.
    pub fn wheel(&mut self, up: bool) {
        if self.help {
            return;
        }
        match self.screen {
            Screen::Lab => self.lab_command(Command::Scroll(if up { -3 } else { 3 })),
            Screen::Results => {
                self.results_scroll = match up {
                    true => self.results_scroll.saturating_sub(3),
                    false => self.results_scroll.saturating_add(3),
                }
            }
            Screen::Quiz => self.update(if up { Action::PageUp } else { Action::PageDown }),
            Screen::Home => self.update(if up { Action::Up } else { Action::Down }),
            _ => {}
        }
    }

    /// A left click on screen row `row`: the first click on a menu item or an
    /// option selects it, a second click (or Enter) opens or chooses it.
    pub fn click(&mut self, row: u16) {
        if self.help || self.confirm_leave.is_some() {
            return;
        }
        match (self.screen, &self.desk.sitting) {
            (Screen::Home, _) => {
                let Some(i) = row
                    .checked_sub(FIRST_MENU_ROW)
                    .map(usize::from)
                    .filter(|&i| i < MENU.len())
                else {
                    return;
                };
                match i == self.menu {
                    true => self.update(Action::Enter),
                    false => self.menu = i,
                }
            }
            // The review list has no options to click.
            (Screen::Quiz, Some(q)) if q.review.is_none() => {
                let body = self.height.saturating_sub(2);
                let Some(i) = row
                    .checked_sub(1)
                    .and_then(|r| option_at(q, r, self.theme, self.width, body))
                else {
                    return;
                };
                if let Some(q) = &mut self.desk.sitting
                    && q.point(i)
                {
                    self.update(Action::Choose(i));
                }
            }
            _ => {}
        }
    }

    fn open_menu(&mut self) {
        match self.menu {
            0 => self.start_mode(Mode::Practice, false),
            1 if self.desk.keeper.saved.is_some() => self.resume_exam(),
            1 => self.start_mode(Mode::Exam, false),
            2 => self.start_mode(Mode::Review, false),
            3 => self.start_mode(Mode::Practice, true),
            4 => {
                self.watched_from = None;
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
