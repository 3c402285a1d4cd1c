//! The lab console: dig, nslookup and host against the world, with history, beside
//! a viewer of the zone asked about.

use crate::content::bare;
use crate::dns::World;
use crate::dns::tools::{self, Context};

/// Commands typed in the console and in command questions, oldest first, and where
/// Up/Down is in them.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// The commands.
    pub lines: Vec<String>,
    /// Where Up/Down is (`None`: the new line).
    browsing: Option<usize>,
}

impl History {
    /// Adds a command (not an empty one); browsing starts again at the new line.
    pub fn push(&mut self, line: &str) {
        let line = line.trim();
        if !line.is_empty() {
            self.lines.push(line.to_string());
        }
        self.browsing = None;
    }

    /// Up (`older`) or down through the history: the line to show instead of `typed`.
    pub fn browse(&mut self, older: bool, typed: &str) -> String {
        if self.lines.is_empty() {
            return typed.to_string();
        }
        let last = self.lines.len() - 1;
        self.browsing = match (self.browsing, older) {
            (None, true) => Some(last),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            _ => None,
        };
        self.browsing
            .map(|i| self.lines[i].clone())
            .unwrap_or_default()
    }
}

/// The console's state.
#[derive(Debug, Clone, Default)]
pub struct LabState {
    /// The line being typed.
    pub input: String,
    /// What the last command printed.
    pub output: String,
    /// The zone shown beside the output (its origin).
    pub zone: Option<String>,
}

impl LabState {
    /// Runs the typed command against the world.
    pub fn run(&mut self, world: &World, now: u64, history: &mut History) {
        let line = self.input.trim().to_string();
        if line.is_empty() {
            return;
        }
        self.output = match tools::parse(&line) {
            Ok(command) => {
                if let Some(i) = world.zone_index_for(&command.name) {
                    self.zone = Some(bare(&world.zones()[i].origin));
                }
                let cx = Context {
                    world,
                    now,
                    id: (now % 65_536) as u16,
                };
                tools::run(&command, &cx).0
            }
            Err(message) => message,
        };
        history.push(&line);
        self.input.clear();
    }
}
