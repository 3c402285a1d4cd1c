//! The lab console's interpreter: `dig`, `nslookup`, `host` and Windows
//! PowerShell's `Resolve-DnsName` against the world,
//! `zones`, `help`, and `serve` (which the front end starts, since only it may open
//! sockets), with the command history it shares with command questions. It takes
//! [`Command`]s and holds what to draw: the line typed, the output, the zone asked
//! about, how far the output is scrolled. Each command's output starts with the
//! command itself (`$ dig …`) and is shown from its start, where dig puts `status:`
//! and `flags:`.

use super::line::{Edit, LineEditor};
use crate::content::bare;
use crate::dns::World;
use crate::dns::tools::{self, Context};
use std::net::SocketAddr;

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

/// What the learner does in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// An edit of the line (a character typed, a deletion, the cursor).
    Edit(Edit),
    /// Up through the history (`true`: older) or down.
    Browse(bool),
    /// Scroll the output by this many rows (negative: back towards its start).
    Scroll(i32),
    /// Run the line.
    Run,
}

/// What a command asks of the front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Nothing more.
    None,
    /// `serve [PORT]`: start the lab DNS server on this port of 127.0.0.1.
    Serve(u16),
}

/// The port the lab server listens on unless told otherwise: DNS's own 53 needs
/// root, and 5300 is easy to remember and to type after `-p`.
pub const DEFAULT_PORT: u16 = 5300;
/// Where `mxdrill serve` listens unless told otherwise: loopback only, so that the
/// lab is reachable from the network only when the instructor asks for it.
pub const DEFAULT_LISTEN: SocketAddr = SocketAddr::V4(std::net::SocketAddrV4::new(
    std::net::Ipv4Addr::LOCALHOST,
    DEFAULT_PORT,
));

/// How to ask a lab server at `addr` for `domain`'s MX records with the real dig,
/// nslookup and host: one indented line each, as `mxdrill serve` and the app's lab
/// console show them.
pub fn try_lines(addr: SocketAddr, domain: &str) -> String {
    let (host, port) = (addr.ip(), addr.port());
    format!(
        "  dig @{host} -p {port} {domain} MX\n  nslookup -port={port} -type=mx {domain} {host}\n  host -p {port} -t mx {domain} {host}"
    )
}

/// The console's state.
#[derive(Debug, Clone, Default)]
pub struct Console {
    /// The line being typed.
    pub input: LineEditor,
    /// What the last command printed.
    pub output: String,
    /// The zone shown beside the output (its origin).
    pub zone: Option<String>,
    /// Rows the output is scrolled down from its start (0: its start, with the
    /// command and dig's `status:` and `flags:`, is in view).
    pub down: usize,
}

/// What `help` prints in the console.
const HELP: &str = "Commands, as in a terminal:
  dig NAME [TYPE]          dig blossomflowers.example MX, dig +short NAME MX
  nslookup -type=TYPE NAME nslookup -type=mx blossomflowers.example
  host -t TYPE NAME        host -t mx blossomflowers.example
  Resolve-DnsName NAME -Type TYPE   as Windows PowerShell prints it:
                           Resolve-DnsName blossomflowers.example -Type MX
  zones                    the sample zones the console answers for
  serve [PORT]             start the lab DNS server (for the real dig)
  help                     this list
Keys: ← → Home End move · Backspace Delete · Ctrl-U Ctrl-W delete back ·
      ↑ ↓ history · PgUp PgDn or the mouse wheel scroll this output · Esc back";

impl Console {
    /// Applies a command at `now`; `history` holds the commands typed here and in
    /// command questions.
    pub fn update(
        &mut self,
        command: Command,
        world: &World,
        now: u64,
        history: &mut History,
    ) -> Effect {
        match command {
            Command::Edit(e) => self.input.edit(e),
            Command::Scroll(rows) => self.scroll_by(rows),
            Command::Browse(older) => {
                let line = history.browse(older, self.input.text());
                self.input = LineEditor::new(&line);
            }
            Command::Run if self.input.text().trim().starts_with("serve") => {
                let port = self
                    .input
                    .text()
                    .split_whitespace()
                    .nth(1)
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(DEFAULT_PORT);
                self.input.clear();
                return Effect::Serve(port);
            }
            Command::Run => self.run(world, now, history),
        }
        Effect::None
    }

    /// The lab server started on `addr`: how to reach it, asking about `domain`.
    pub fn serving(&mut self, addr: SocketAddr, domain: &str) {
        self.output = format!(
            "Lab server running on {addr} (UDP and TCP). From another terminal try:\n{}",
            try_lines(addr, domain)
        );
    }

    /// The lab server could not start on `addr`.
    pub fn not_serving(&mut self, addr: SocketAddr, why: &str) {
        self.output = format!("The lab server could not start on {addr}: {why}");
    }

    /// `serve` while the lab server runs.
    pub fn already_serving(&mut self) {
        self.output = "The lab server is already running.".into();
    }

    /// Scrolls the output `rows` (negative: back towards its start).
    pub fn scroll_by(&mut self, rows: i32) {
        let down = self.down as i64 + i64::from(rows);
        self.down = usize::try_from(down.clamp(0, 10_000)).unwrap_or(0);
    }

    /// Runs the typed command against the world.
    fn run(&mut self, world: &World, now: u64, history: &mut History) {
        let line = self.input.text().trim().to_string();
        if line.is_empty() {
            return;
        }
        self.down = 0;
        let answer = match line.as_str() {
            "help" | "?" => HELP.to_string(),
            "zones" => zones(world),
            _ => self.lookup(&line, world, now),
        };
        // As a terminal shows it: the command, then what it printed.
        self.output = format!("$ {line}\n{answer}");
        history.push(&line);
        self.input.clear();
    }
}

impl Console {
    /// A lookup tool's line, answered from the world as the tool prints it:
    /// dig, nslookup, host, or Windows PowerShell's `Resolve-DnsName`.
    fn lookup(&mut self, line: &str, world: &World, now: u64) -> String {
        let cx = Context {
            world,
            now,
            id: (now % 65_536) as u16,
        };
        let asked = match tools::powershell::query(line) {
            Some(asked) => asked.map(|(name, types)| {
                let out = tools::powershell::output(line, &name, &types, &cx);
                (name, out)
            }),
            None => tools::parse(line).map(|command| {
                let out = tools::run(&command, &cx).0;
                (command.name, out)
            }),
        };
        match asked {
            Ok((name, mut out)) => {
                let inside = world.zone_index_for(&name);
                if let Some(i) = inside {
                    self.zone = Some(bare(&world.zones()[i].origin));
                }
                if inside.is_none() && out.contains("REFUSED") {
                    out.push_str(&refused_hint(world, &name.to_string()));
                }
                out
            }
            Err(message) => format!("{message}\n(type help for the commands)"),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(console: &mut Console, line: &str) {
        line.chars()
            .for_each(|c| console.input.edit(Edit::Insert(c)));
    }

    #[test]
    fn serve_is_left_to_the_front_end_and_commands_run_against_the_world() {
        let library = crate::content::load(&crate::content::bundled_sources());
        let (world, mut history) = (&library.world, History::default());
        let mut console = Console::default();
        typed(&mut console, "serve 5301");
        let effect = console.update(Command::Run, world, 0, &mut history);
        assert_eq!(effect, Effect::Serve(5301));
        assert_eq!(console.input.text(), "", "the line is taken");
        typed(&mut console, "serve");
        assert_eq!(
            console.update(Command::Run, world, 0, &mut history),
            Effect::Serve(DEFAULT_PORT)
        );
        typed(&mut console, "dig +short blossomflowers.example MX");
        assert_eq!(
            console.update(Command::Run, world, 0, &mut history),
            Effect::None
        );
        assert!(console.output.contains("10 mail.petalmail.example."));
        assert_eq!(console.zone.as_deref(), Some("blossomflowers.example"));
        console.update(Command::Browse(true), world, 0, &mut history);
        assert_eq!(console.input.text(), "dig +short blossomflowers.example MX");
    }
}
