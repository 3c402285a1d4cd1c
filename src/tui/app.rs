//! The app's state and `update(Action)`: keys become actions, actions change state,
//! drawing reads state only. Everything that is not screen state — sessions,
//! deliveries, answers, saving — is asked of the `play` layer.

use super::keys::{self, Action, Scope};
use super::lab::{History, LabState};
use super::quiz_state::{Effect, QuizState};
use super::sim::SimState;
use super::theme::Theme;
use crate::content::Library;
use crate::content::bank::Category;
use crate::delivery::Setup;
use crate::dns::World;
use crate::lab::LabHandle;
use crate::play::{self, Edit, LineEditor, SessionSpec};
use crate::progress::{self, SavedExam, Stats, Store};
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
    /// The domain examples name (`dig DOMAIN MX`), found once, not on every frame.
    pub(crate) showcase: String,
    /// How many questions the banks hold per category (in `Category::ALL` order),
    /// counted once for the home screen.
    pub(crate) held: [usize; Category::ALL.len()],
    /// The terminal's height at the last draw (for mouse clicks).
    height: u16,
    /// Esc or q pressed during an exam: a second press (or y) leaves.
    pub(crate) confirm_leave: Option<Action>,
    /// The exam in progress as last saved (beside the progress store, when there is one).
    pub(crate) saved_exam: Option<SavedExam>,
    /// The rules overlay, scrolled this many rows.
    pub(crate) rules: Option<u16>,
    /// When the exam was last saved (the clock is saved every half minute too).
    exam_saved_at: u64,
}

impl App {
    /// A new app on the home screen; `seed` seeds the first session.
    pub fn new(library: Library, theme: Theme, now: u64, seed: u64) -> Self {
        let showcase = play::showcase_domain(&library.world);
        let questions = library.banks.iter().flat_map(|b| &b.questions);
        let held = Category::ALL.map(|c| questions.clone().filter(|q| q.category == c).count());
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
            showcase,
            held,
            height: 24,
            confirm_leave: None,
            saved_exam: None,
            rules: None,
            exam_saved_at: now,
        }
    }

    /// The rules the screen cites (the prompt; after grading the feedback too; on
    /// the results every explanation), or all of them when it cites none.
    pub fn rules_cited(&self) -> Vec<&'static play::rules::Rule> {
        let mut text = String::new();
        if let Some(q) = &self.quiz {
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
        if let Some(store) = &self.store {
            match progress::read_exam(store.dir()) {
                Some(Ok(exam)) => self.saved_exam = Some(exam),
                Some(Err(e)) => self.message = Some(format!("the saved exam cannot be read: {e}")),
                None => {}
            }
        }
        self
    }

    /// Whether an exam is running on screen (leaving it asks first).
    fn in_exam(&self) -> bool {
        self.screen == Screen::Quiz
            && self
                .quiz
                .as_ref()
                .is_some_and(|q| q.study.session.mode == Mode::Exam && !q.study.session.submitted)
    }

    /// Saves the exam in progress when it changed (an answer, a flag, a move), or
    /// removes the saved one once it is submitted. `force`: also when only the
    /// clock moved (leaving the exam).
    fn keep_exam(&mut self, force: bool) {
        let Some(q) = &self.quiz else { return };
        let s = &q.study.session;
        if s.mode != Mode::Exam {
            return;
        }
        let now_saved = play::exam::saved(&q.study, self.now);
        // Nothing to keep (generated questions) removes only this exam's own file.
        let this_one = |saved: &SavedExam| {
            saved.questions.len() == s.items.len()
                && saved
                    .questions
                    .iter()
                    .zip(&s.items)
                    .all(|(a, b)| a.bank == b.bank && a.question == b.id)
        };
        if now_saved.is_none() && !self.saved_exam.as_ref().is_some_and(this_one) {
            return;
        }
        let same = match (&now_saved, &self.saved_exam) {
            (Some(a), Some(b)) => !force && a.questions == b.questions && a.current == b.current,
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        if let Some(store) = &self.store
            && let Err(e) = progress::write_exam(store.dir(), now_saved.as_ref())
        {
            self.message = Some(format!("the exam could not be saved: {e}"));
        }
        self.saved_exam = now_saved;
        self.exam_saved_at = self.now;
    }

    /// Leaving an exam: what was entered on the current question is kept, and the
    /// exam saved with the time used.
    fn leave_exam(&mut self) {
        if !self.in_exam() {
            return;
        }
        if let Some(q) = &mut self.quiz {
            q.keep_draft();
        }
        self.keep_exam(true);
    }

    /// Resumes the saved exam.
    fn resume_exam(&mut self) {
        let Some(saved) = self.saved_exam.clone() else {
            return;
        };
        self.finish_session();
        match play::exam::resume(&self.library, &saved, self.now) {
            Ok((study, dropped)) => {
                self.quiz = Some(QuizState::new(study));
                self.screen = Screen::Quiz;
                if dropped > 0 {
                    self.message = Some(format!(
                        "{} of the saved exam changed in the banks and {} left out",
                        super::text::plural(dropped, "question"),
                        if dropped == 1 { "was" } else { "were" }
                    ));
                }
            }
            Err(e) => {
                self.message = Some(format!("the saved exam cannot be resumed: {e}"));
                if let Some(store) = &self.store {
                    let _ = progress::write_exam(store.dir(), None);
                }
                self.saved_exam = None;
            }
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

    /// The learner's progress store, if answers are being kept.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    fn refresh_stats(&mut self) {
        self.stats = self.store.as_ref().map(|s| s.progress.stats(self.now));
    }

    /// The key scopes of the current screen.
    pub fn scopes(&self) -> Vec<Scope> {
        let confirming = self.confirm_leave.is_some()
            || (self.screen == Screen::Quiz
                && self.quiz.as_ref().is_some_and(|q| q.confirm_submit));
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
            self.sessions.push(super::text::percent(
                u64::from(score.total.correct),
                u64::from(score.total.answered),
            ));
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
        self.keep_exam(false);
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
        let typing = self.quiz.as_ref().is_some_and(QuizState::typing);
        if self.screen == Screen::Quiz && action == Action::Back && typing && !self.help {
            self.quiz_action(Action::StopTyping);
            return;
        }
        let overlay = self.help || self.rules.is_some();
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
            Action::Type(c) => self.lab.input.edit(Edit::Insert(c)),
            Action::Backspace => self.lab.input.edit(Edit::DeleteBack),
            Action::Edit(e) => self.lab.input.edit(e),
            Action::PageUp => self.lab.scroll_by(-10),
            Action::PageDown => self.lab.scroll_by(10),
            Action::Up | Action::Down => {
                let line = self
                    .history
                    .browse(action == Action::Up, self.lab.input.text());
                self.lab.input = LineEditor::new(&line);
            }
            Action::Enter if self.lab.input.text().trim().starts_with("serve") => {
                self.start_server()
            }
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

    /// `serve [PORT]` in the lab console: the lab DNS server on 127.0.0.1, on
    /// [`crate::lab::DEFAULT_PORT`] unless told (`serve 0`: a free port, shown).
    fn start_server(&mut self) {
        let port = self
            .lab
            .input
            .text()
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(crate::lab::DEFAULT_PORT);
        self.lab.input.clear();
        if self.lab_server.is_some() {
            self.lab.output = "The lab server is already running.".into();
            return;
        }
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        let domain = self.showcase.clone();
        match crate::lab::spawn(&[addr], World::new(self.library.world.zones().to_vec())) {
            Ok(handle) => {
                let addr = handle.addrs.first().copied().unwrap_or(addr);
                self.lab.output = format!(
                    "Lab server running on {addr} (UDP and TCP). From another terminal try:\n{}",
                    crate::lab::try_lines(addr, &domain)
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
        // The time used is saved with the exam, so a crash costs at most 30 seconds.
        if self.in_exam() && now >= self.exam_saved_at + 30 {
            self.keep_exam(true);
        }
        if let Some(q) = &mut self.quiz
            && self.screen == Screen::Quiz
            && q.study.session.remaining(now) == Some(0)
            && !q.study.session.submitted
        {
            q.submit(&self.library.world, now);
            q.times_up = true;
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
            Screen::Lab => self.lab.scroll_by(if up { -3 } else { 3 }),
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
        match (self.screen, &self.quiz) {
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
            (Screen::Quiz, Some(q)) => {
                let body = self.height.saturating_sub(2);
                let Some(i) = row
                    .checked_sub(1)
                    .and_then(|r| q.option_at(r, self.theme, self.width, body))
                else {
                    return;
                };
                if q.input.cursor == i {
                    let kind = q.item().map(|item| item.kind);
                    // An order question has nothing to choose: the click only moves the cursor.
                    if kind != Some(crate::content::bank::Kind::Order) {
                        self.update(Action::Choose(i));
                    }
                } else if let Some(q) = &mut self.quiz {
                    q.input.cursor = i;
                    q.input.touched = true;
                    q.scroll = 0;
                }
            }
            _ => {}
        }
    }

    fn open_menu(&mut self) {
        match self.menu {
            0 => self.start_mode(Mode::Practice, false),
            1 if self.saved_exam.is_some() => self.resume_exam(),
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
