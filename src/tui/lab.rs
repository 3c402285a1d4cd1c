//! The lab console: dig, nslookup and host against the world, with history, beside
//! a viewer of the zone asked about.

use crate::content::bare;
use crate::dns::World;
use crate::dns::tools::{self, Context};

/// The console's state.
#[derive(Debug, Clone, Default)]
pub struct LabState {
    /// The line being typed.
    pub input: String,
    /// Commands run, oldest first.
    pub history: Vec<String>,
    /// Where Up/Down is in the history (`None`: the new line).
    pub browsing: Option<usize>,
    /// What the last command printed.
    pub output: String,
    /// The zone shown beside the output (its origin).
    pub zone: Option<String>,
}

impl LabState {
    /// Runs the typed command against the world.
    pub fn run(&mut self, world: &World, now: u64) {
        let line = self.input.trim().to_string();
        if line.is_empty() {
            return;
        }
        self.output = match tools::parse(&line) {
            Ok(command) => {
                if let Some(i) = world.zone_index_for(&command.name) {
                    self.zone = Some(bare(&world.zones()[i].origin));
                }
                tools::run(
                    &command,
                    &Context {
                        world,
                        now,
                        id: (now % 65_536) as u16,
                    },
                )
                .0
            }
            Err(message) => message,
        };
        self.history.push(line);
        self.input.clear();
        self.browsing = None;
    }

    /// Up (`older`) or down through the history.
    pub fn browse(&mut self, older: bool) {
        if self.history.is_empty() {
            return;
        }
        let last = self.history.len() - 1;
        self.browsing = match (self.browsing, older) {
            (None, true) => Some(last),
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) if i < last => Some(i + 1),
            _ => None,
        };
        self.input = self
            .browsing
            .map(|i| self.history[i].clone())
            .unwrap_or_default();
    }
}
