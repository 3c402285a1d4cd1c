//! The simulator as a machine: the what-if delivery, the selected host, the event
//! list (steps by kind, repeated attempts folded as the CLI folds them), where
//! playback stands, its speed, and the picture and inspection of the current step,
//! computed when something changes (never while drawing). What-ifs that edit MX
//! records edit the simulator's own copy of the world, its sandbox; the content as
//! written, which questions are prepared and graded on, is never changed.

use super::inspect::{Inspection, inspect};
use super::picture::{Entry, Family, Picture, entries};
use super::scenario::{MxEdit, WhatIf, edit_mx, spare_host};
use crate::delivery::{Run, Setup, StepKind, Trace};
use crate::dns::World;
use std::sync::Arc;
use std::time::Duration;

/// Playback speeds: milliseconds a step stays on screen, slowest first.
pub const SPEEDS: [u64; 5] = [2000, 1200, 700, 350, 120];

/// What the learner (or the presenter) asks of the simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Play or pause the animation.
    Play,
    /// One step forward.
    Next,
    /// One step back.
    Prev,
    /// Jump to the outcome.
    End,
    /// Play the delivery from its start.
    Restart,
    /// Jump to the next delivery attempt.
    NextAttempt,
    /// Jump to where the message goes to another host.
    NextHop,
    /// Play more slowly.
    Slower,
    /// Play faster.
    Faster,
    /// Open or close the inspector.
    Inspect,
    /// Scroll the inspector up.
    ScrollUp,
    /// Scroll the inspector down.
    ScrollDown,
    /// Fold or unfold repeated attempts.
    Expand,
    /// List only steps of the next kind.
    Filter,
    /// Select the next host.
    NextHost,
    /// What-if: the selected host's next state.
    CycleState,
    /// What-if: the sending MTA's next profile.
    SwitchProfile,
    /// What-if: a new seed for the tie shuffle.
    Reseed,
    /// What-if: the next recipient the zone offers.
    NextRecipient,
    /// The next mail domain.
    NextScenario,
    /// The previous mail domain.
    PreviousScenario,
    /// What-if: change an MX record in the sandbox (the selected host's, or a
    /// spare host's when adding).
    Edit(MxEdit),
    /// The sandbox back to the content as written.
    AsWritten,
}

/// The simulator's state.
#[derive(Debug, Clone)]
pub struct Simulator {
    /// The delivery and the learner's what-ifs.
    pub whatif: WhatIf,
    /// The selected host (an index into `whatif.hosts`).
    pub selected: usize,
    /// The event list.
    pub entries: Vec<Entry>,
    /// The current entry.
    pub pos: usize,
    /// The animation runs.
    pub playing: bool,
    /// Repeated attempts shown one by one.
    pub expanded: bool,
    /// Only steps of this kind in the list.
    pub filter: Option<Family>,
    /// The inspector is open.
    pub inspecting: bool,
    /// How far the inspector is scrolled.
    pub inspect_scroll: u16,
    /// An index into [`SPEEDS`].
    pub speed: usize,
    /// The picture at the current entry.
    pub picture: Picture,
    /// The current entry in full.
    pub inspection: Option<Inspection>,
    /// The attempts, folded as the CLI folds them (for the timeline).
    pub runs: Vec<Run>,
    /// When each attempt started (attempt 1 first).
    pub starts: Vec<u64>,
    /// The simulator's own world once an MX edit made it differ from the content as
    /// written (`None`: as written). Shared, so lending it out copies nothing.
    sandbox: Option<Arc<World>>,
}

impl Simulator {
    /// A simulator on the first mail domain of the world as written.
    pub fn new(written: &World) -> Self {
        let whatif = WhatIf::new(written);
        let picture = whatif.picture(0);
        let mut sim = Simulator {
            whatif,
            selected: 0,
            entries: Vec::new(),
            pos: 0,
            playing: false,
            expanded: false,
            filter: None,
            inspecting: false,
            inspect_scroll: 0,
            speed: 2,
            picture,
            inspection: None,
            runs: Vec::new(),
            starts: Vec::new(),
            sandbox: None,
        };
        sim.relist(written);
        sim
    }

    /// The world the simulator runs on: its sandbox, or `written` while it has made
    /// no edit.
    pub fn world<'a>(&'a self, written: &'a World) -> &'a World {
        self.sandbox.as_deref().unwrap_or(written)
    }

    /// Whether the sandbox differs from the content as written (the app shows a
    /// *modified* badge).
    pub fn modified(&self) -> bool {
        self.sandbox.is_some()
    }

    /// The world the lab server should answer from: the sandbox while the
    /// presenter asks for it (`what_ifs`), else the content as written.
    pub fn served<'a>(&'a self, written: &'a World, what_ifs: bool) -> &'a World {
        match what_ifs {
            true => self.world(written),
            false => written,
        }
    }

    /// The trace, if the delivery can run.
    pub fn trace(&self) -> Option<&Trace> {
        self.whatif.trace.as_ref()
    }

    /// How many entries the event list has.
    pub fn steps(&self) -> usize {
        self.entries.len()
    }

    /// The current entry.
    pub fn entry(&self) -> Option<Entry> {
        self.entries.get(self.pos).copied()
    }

    /// Whether playback stands at the outcome.
    pub fn at_end(&self) -> bool {
        self.pos + 1 >= self.entries.len()
    }

    /// How long a step stays on screen while playing.
    pub fn delay(&self) -> Duration {
        Duration::from_millis(SPEEDS[self.speed.min(SPEEDS.len() - 1)])
    }

    /// The event list, the attempts and their start times of the current trace.
    fn list(&mut self) {
        let Some(t) = self.whatif.trace.as_ref() else {
            (self.entries, self.runs, self.starts) = (Vec::new(), Vec::new(), Vec::new());
            return;
        };
        self.entries = entries(t, self.expanded, self.filter);
        self.runs = t.runs();
        self.starts = (1..=t.outcome.attempts).map(|n| t.started(n)).collect();
    }

    /// What the event list says when its filter leaves no step in it (`f` on a
    /// kind this delivery has none of); none while it lists something.
    pub fn nothing_listed(&self) -> Option<String> {
        if !self.entries.is_empty() || self.trace().is_none() {
            return None;
        }
        Some(match self.filter {
            Some(f) => format!(
                "No {} steps in this delivery. Press f for the next kind.",
                f.tag()
            ),
            None => "No steps in this delivery.".into(),
        })
    }

    /// When attempt `n` started.
    pub fn started(&self, n: u32) -> u64 {
        (n as usize)
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .copied()
            .unwrap_or(0)
    }

    /// The event list again (after a rerun, expanding, filtering), keeping the
    /// current step when it is still listed.
    fn relist(&mut self, written: &World) {
        let step = self.entry().map(Entry::step);
        self.list();
        self.pos = step
            .and_then(|s| self.entries.iter().position(|e| e.step() >= s))
            .unwrap_or(0);
        self.redraw(written);
    }

    /// Shows `zone` (a mail domain) from its start, as the zones describe it; false
    /// if it is not one of the mail domains.
    pub fn select(&mut self, zone: &str, written: &World) -> bool {
        let sandbox = self.sandbox.clone();
        let world = sandbox.as_deref().unwrap_or(written);
        let found = self.whatif.select(zone, world);
        self.reload(written);
        found
    }

    /// The delivery behind a question (its own setup), played from its start;
    /// false if the simulator cannot show it.
    pub fn replay(&mut self, setup: &Setup, written: &World) -> bool {
        let sandbox = self.sandbox.clone();
        let world = sandbox.as_deref().unwrap_or(written);
        if !self.whatif.replay(setup, world) {
            return false;
        }
        self.reload(written);
        self.playing = true;
        true
    }

    /// The delivery was chosen from outside (a zone to present, a question to
    /// replay): its event list from the start.
    fn reload(&mut self, written: &World) {
        self.list();
        self.pos = 0;
        self.selected = 0;
        self.redraw(written);
    }

    /// The picture and inspection of the current entry.
    fn redraw(&mut self, written: &World) {
        let at = self.entry().map_or(0, Entry::step);
        self.picture = self.whatif.picture(at);
        let world = self.world(written);
        self.inspection = match (self.trace(), self.entry()) {
            (Some(t), Some(e)) => Some(inspect(t, e, world, self.whatif.recipient())),
            _ => None,
        };
    }

    /// The delivery changed: shown at its end if the old one was, else played
    /// from the start; the selection stays in range.
    fn restart(&mut self, written: &World) {
        let was_at_end = self.at_end();
        self.selected = self.selected.min(self.whatif.hosts.len().saturating_sub(1));
        self.list();
        self.pos = match was_at_end {
            true => self.entries.len().saturating_sub(1),
            false => 0,
        };
        self.playing = !was_at_end && !self.at_end();
        self.redraw(written);
    }

    /// Advances the animation by one step; stops at the end.
    pub fn tick(&mut self, written: &World) {
        if self.playing {
            self.go(self.pos + 1, written);
            self.playing = !self.at_end();
        }
    }

    fn go(&mut self, pos: usize, written: &World) {
        self.pos = pos.min(self.entries.len().saturating_sub(1));
        self.inspect_scroll = 0;
        self.redraw(written);
    }

    /// The first entry after the current one that `wanted` picks, else the end.
    fn seek(&self, wanted: impl Fn(&Trace, usize) -> bool) -> usize {
        let last = self.entries.len().saturating_sub(1);
        let Some(trace) = self.trace() else {
            return last;
        };
        (self.pos + 1..self.entries.len())
            .find(|&p| wanted(trace, self.entries[p].step()))
            .unwrap_or(last)
    }

    /// Applies a command; `written` is the content as written. True when the
    /// sandbox changed (what a lab server serving it answers).
    pub fn update(&mut self, command: Command, written: &World) -> bool {
        // The selection is a host, not a row: when a what-if re-sorts the hosts
        // (`+`/`-` change a preference), it stays on the same host.
        let held = self.whatif.hosts.get(self.selected).map(|h| h.name.clone());
        let changed = self.apply(command, written);
        if matches!(
            command,
            Command::Edit(_)
                | Command::AsWritten
                | Command::CycleState
                | Command::SwitchProfile
                | Command::Reseed
        ) && let Some(i) = held.and_then(|n| self.whatif.hosts.iter().position(|h| h.name == n))
        {
            self.selected = i;
        }
        changed
    }

    /// [`Simulator::update`] without keeping the selection on its host.
    fn apply(&mut self, command: Command, written: &World) -> bool {
        match command {
            Command::Edit(edit) => return self.edit(edit, written),
            Command::AsWritten => return self.as_written(written),
            _ => {}
        }
        // The what-ifs below rerun the delivery on the sandbox, the playback on
        // what is already there.
        let sandbox = self.sandbox.clone();
        let world = sandbox.as_deref().unwrap_or(written);
        let w = &mut self.whatif;
        match command {
            Command::Play => self.playing = !self.playing && !self.at_end(),
            Command::Next => self.go(self.pos + 1, written),
            Command::Prev => self.go(self.pos.saturating_sub(1), written),
            Command::End => {
                self.playing = false;
                self.go(usize::MAX, written);
            }
            Command::Restart => {
                self.go(0, written);
                self.playing = !self.at_end();
            }
            Command::NextAttempt => {
                let now = self.picture.attempt;
                let p = self.seek(|t, i| t.steps[i].attempt > now);
                self.go(p, written);
            }
            Command::NextHop => {
                let now = self.picture.marked_host();
                let names = self.picture.hosts.clone();
                let p = self.seek(|t, i| {
                    let s = &t.steps[i];
                    let host = s.host.as_deref().map(|h| h.trim_end_matches('.'));
                    matches!(s.kind, StepKind::Connect | StepKind::Smtp)
                        && host != now.map(|n| names[n].name.as_str())
                });
                self.go(p, written);
            }
            Command::Slower => self.speed = self.speed.saturating_sub(1),
            Command::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Command::Inspect => {
                self.inspecting = !self.inspecting;
                self.inspect_scroll = 0;
            }
            Command::ScrollUp => self.inspect_scroll = self.inspect_scroll.saturating_sub(1),
            Command::ScrollDown => self.inspect_scroll = self.inspect_scroll.saturating_add(1),
            Command::Expand => {
                self.expanded = !self.expanded;
                self.relist(written);
            }
            Command::Filter => {
                self.filter = Family::cycle(self.filter);
                self.relist(written);
            }
            Command::NextHost if !w.hosts.is_empty() => {
                self.selected = (self.selected + 1) % w.hosts.len()
            }
            Command::NextHost => {}
            Command::CycleState => {
                w.cycle_state(self.selected, world);
                self.restart(written);
            }
            Command::SwitchProfile => {
                w.switch_profile(world);
                self.restart(written);
            }
            Command::Reseed => {
                w.reseed(world);
                self.restart(written);
            }
            Command::NextRecipient => {
                w.next_recipient(world);
                self.selected = 0;
                self.restart(written);
            }
            Command::NextScenario | Command::PreviousScenario => {
                match command {
                    Command::NextScenario => w.next_domain(world),
                    _ => w.previous_domain(world),
                }
                self.selected = 0;
                self.pos = 0;
                self.restart(written);
            }
            Command::Edit(_) | Command::AsWritten => {}
        }
        false
    }

    /// An MX what-if on the sandbox: an added MX names a spare mail host, the
    /// other edits change the selected one. The sandbox is dropped again when the
    /// edits undo each other.
    fn edit(&mut self, edit: MxEdit, written: &World) -> bool {
        let world = self.world(written);
        let Some(domain) = self.whatif.mail_domain() else {
            return false;
        };
        let host = match edit {
            MxEdit::Add => spare_host(world, &domain),
            _ => self.whatif.hosts.get(self.selected).map(|h| h.name.clone()),
        };
        let Some(edited) = host.and_then(|host| edit_mx(world, &domain, &host, edit)) else {
            return false;
        };
        self.sandbox = (!same_records(&edited, written)).then(|| Arc::new(edited));
        self.rerun(written);
        true
    }

    /// The sandbox back to the content as written (host states, profile, seed and
    /// recipient stay); false if it was as written already.
    fn as_written(&mut self, written: &World) -> bool {
        if self.sandbox.take().is_none() {
            return false;
        }
        self.rerun(written);
        true
    }

    /// The delivery again on the sandbox as it now is.
    fn rerun(&mut self, written: &World) {
        let sandbox = self.sandbox.clone();
        self.whatif.rerun(sandbox.as_deref().unwrap_or(written));
        self.restart(written);
    }
}

/// Whether two worlds hold the same records (an edited world and the one it came
/// from: the edits touch records only).
fn same_records(a: &World, b: &World) -> bool {
    a.zones().len() == b.zones().len()
        && a.zones()
            .iter()
            .zip(b.zones())
            .all(|(x, y)| x.records == y.records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::rr::{Name, RecordType};

    fn mx_count(world: &World) -> usize {
        let domain: Name = "blossomflowers.example.".parse().expect("name");
        world.records(&domain, RecordType::MX).len()
    }

    #[test]
    fn mx_what_ifs_edit_the_sandbox_never_the_world_as_written() {
        let library = crate::content::load(&crate::content::bundled_sources());
        let written = &library.world;
        let mut sim = Simulator::new(written);
        assert!(sim.select("blossomflowers.example", written));
        assert!(!sim.modified());
        assert!(
            std::ptr::eq(sim.world(written), written),
            "no copy before an edit"
        );
        assert!(sim.update(Command::Edit(MxEdit::Remove), written));
        assert!(sim.modified());
        assert_eq!((mx_count(sim.world(written)), mx_count(written)), (1, 2));
        // The lab server gets the sandbox only when asked for it.
        assert_eq!(mx_count(sim.served(written, true)), 1);
        assert!(std::ptr::eq(sim.served(written, false), written));
        // Playback and host states never change the world.
        assert!(!sim.update(Command::CycleState, written));
        assert!(sim.update(Command::AsWritten, written));
        assert!(!sim.modified());
        assert_eq!(mx_count(sim.world(written)), 2);
        assert!(
            !sim.update(Command::AsWritten, written),
            "nothing left to undo"
        );
    }
}
