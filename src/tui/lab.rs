//! The lab console: dig, nslookup and host against the world, with history, beside
//! a viewer of the zone asked about.

use crate::content::bare;
use crate::dns::World;
use crate::dns::tools::{self, Context};
use crate::play::LineEditor;

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
    pub input: LineEditor,
    /// What the last command printed.
    pub output: String,
    /// The zone shown beside the output (its origin).
    pub zone: Option<String>,
    /// Rows the output is scrolled back from its end (0: its end is in view).
    pub back: usize,
}

/// What `help` prints in the console.
const HELP: &str = "Commands, as in a terminal:
  dig NAME [TYPE]          dig blossomflowers.example MX, dig +short NAME MX
  nslookup -type=TYPE NAME nslookup -type=mx blossomflowers.example
  host -t TYPE NAME        host -t mx blossomflowers.example
  zones                    the sample zones the console answers for
  serve [PORT]             start the lab DNS server (for the real dig)
  help                     this list
Keys: ← → Home End move · Backspace Delete · Ctrl-U Ctrl-W delete back ·
      ↑ ↓ history · PgUp PgDn or the mouse wheel scroll this output · Esc back";

impl LabState {
    /// Scrolls the output `rows` (negative: back towards its start).
    pub fn scroll_by(&mut self, rows: i32) {
        let back = self.back as i64 - i64::from(rows);
        self.back = usize::try_from(back.clamp(0, 10_000)).unwrap_or(0);
    }

    /// Runs the typed command against the world.
    pub fn run(&mut self, world: &World, now: u64, history: &mut History) {
        let line = self.input.text().trim().to_string();
        if line.is_empty() {
            return;
        }
        self.back = 0;
        self.output = match line.as_str() {
            "help" | "?" => HELP.to_string(),
            "zones" => zones(world),
            _ => match tools::parse(&line) {
                Ok(command) => {
                    let inside = world.zone_index_for(&command.name);
                    if let Some(i) = inside {
                        self.zone = Some(bare(&world.zones()[i].origin));
                    }
                    let cx = Context {
                        world,
                        now,
                        id: (now % 65_536) as u16,
                    };
                    let mut out = tools::run(&command, &cx).0;
                    if inside.is_none() && out.contains("REFUSED") {
                        out.push_str(&refused_hint(world, &command.name.to_string()));
                    }
                    out
                }
                Err(message) => format!("{message}\n(type help for the commands)"),
            },
        };
        history.push(&line);
        self.input.clear();
    }
}

/// The sample zones, one a line, with their titles.
fn zones(world: &World) -> String {
    let mut out = format!(
        "The console answers for {} sample zones:\n",
        world.zones().len()
    );
    for z in world.zones() {
        out.push_str(&format!("  {}\n", bare(&z.origin)));
    }
    out
}

/// Why a name got REFUSED: it lies outside every sample zone, and the lab server,
/// like an authoritative server that is not a resolver, refuses it.
fn refused_hint(world: &World, name: &str) -> String {
    let few: Vec<String> = world
        .zones()
        .iter()
        .take(4)
        .map(|z| bare(&z.origin))
        .collect();
    format!(
        "\nREFUSED: {} is outside the sample zones, and the lab answers only for those (it is not a resolver for the Internet). Try a name in {}, … (type zones for all {}).",
        name.trim_end_matches('.'),
        few.join(", "),
        world.zones().len()
    )
}
