//! The app on ratatui's `TestBackend`, driven by key events through the one key
//! table, as the screen tests (tui, study, simulator) use it.
// Each test crate that includes this uses a different part of it.
#![allow(dead_code)]

use mxdrill::content::bank::Kind;
use mxdrill::content::{self, Source};
use mxdrill::play::SessionSpec;
use mxdrill::quiz::{Filter, Mode};
use mxdrill::tui::{App, Theme, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

/// The clock every screen test starts at (2026-11-28).
pub const NOW: u64 = 1_795_827_205;

/// The small terminal every screen must be readable at, and a large one.
pub const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The bundled zones and a fixed bank (`tests/fixtures/…/bank.yaml`), so that
/// screens do not change when the bundled questions do.
pub fn app_with(bank: &str, color: bool) -> App {
    app_in(
        bank,
        Theme {
            color,
            ascii: false,
        },
    )
}

/// As [`app_with`], in `theme` (`--ascii`: `ascii: true`).
pub fn app_in(bank: &str, theme: Theme) -> App {
    let mut sources: Vec<Source> = content::bundled_sources()
        .into_iter()
        .filter(|s| s.path.starts_with("zones/"))
        .collect();
    sources.extend(content::read_sources(Path::new(bank)).expect("bank"));
    App::new(content::load(&sources), theme, NOW, 41)
}

/// A session as `mxdrill MODE [--kind KIND] --seed SEED` starts it.
pub fn spec(mode: Mode, kind: Option<Kind>, seed: u64) -> SessionSpec {
    SessionSpec {
        filter: Filter {
            kind,
            ..Filter::default()
        },
        ..SessionSpec::new(mode, seed)
    }
}

/// One key press.
pub fn key(app: &mut App, code: KeyCode) {
    app.press(&KeyEvent::new(code, KeyModifiers::NONE));
}

/// Types `text` key by key.
pub fn typed(app: &mut App, text: &str) {
    text.chars().for_each(|c| key(app, KeyCode::Char(c)));
}

/// One frame of the app at `width`×`height`.
pub fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    terminal
}

/// What the learner sees, row by row.
pub fn rows(app: &App, width: u16, height: u16) -> Vec<String> {
    let t = render(app, width, height);
    let buffer = t.backend().buffer();
    (0..height)
        .map(|y| {
            (0..width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// What the learner sees, as one text.
pub fn text(app: &App, width: u16, height: u16) -> String {
    rows(app, width, height).join("\n")
}
