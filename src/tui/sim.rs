//! The simulator screen's state: the what-if delivery from `play`, the selected
//! host, the event list (steps by kind, repeated attempts folded as the CLI folds
//! them), where playback stands, its speed, and the picture and inspection of the
//! current step, computed when something changes (never while drawing).

use super::keys::Action;
use crate::delivery::{Run, StepKind, Trace};
use crate::dns::World;
use crate::play::inspect::{Inspection, inspect};
use crate::play::picture::{Entry, Family, Picture, entries};
use crate::play::{MxEdit, WhatIf};
use std::time::Duration;

/// Playback speeds: milliseconds a step stays on screen, slowest first.
pub const SPEEDS: [u64; 5] = [2000, 1200, 700, 350, 120];

/// The simulator's state.
#[derive(Debug, Clone)]
pub struct SimState {
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
}

impl SimState {
    /// A simulator on the world's first mail domain.
    pub fn new(world: &World) -> Self {
        let whatif = WhatIf::new(world);
        let picture = whatif.picture(0);
        let mut sim = SimState {
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
        };
        sim.relist(world);
        sim
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
    fn relist(&mut self, world: &World) {
        let step = self.entry().map(Entry::step);
        self.list();
        self.pos = step
            .and_then(|s| self.entries.iter().position(|e| e.step() >= s))
            .unwrap_or(0);
        self.redraw(world);
    }

    /// The delivery was chosen from outside (a zone to present, a question to
    /// replay): its event list from the start.
    pub fn reload(&mut self, world: &World) {
        self.list();
        self.pos = 0;
        self.selected = 0;
        self.redraw(world);
    }

    /// The picture and inspection of the current entry.
    fn redraw(&mut self, world: &World) {
        let at = self.entry().map_or(0, Entry::step);
        self.picture = self.whatif.picture(at);
        self.inspection = match (self.trace(), self.entry()) {
            (Some(t), Some(e)) => Some(inspect(t, e, world, self.whatif.recipient())),
            _ => None,
        };
    }

    /// The delivery changed: shown at its end if the old one was, else played
    /// from the start; the selection stays in range.
    pub fn restart(&mut self, world: &World) {
        let was_at_end = self.at_end();
        self.selected = self.selected.min(self.whatif.hosts.len().saturating_sub(1));
        self.list();
        self.pos = match was_at_end {
            true => self.entries.len().saturating_sub(1),
            false => 0,
        };
        self.playing = !was_at_end && !self.at_end();
        self.redraw(world);
    }

    /// Advances the animation by one step; stops at the end.
    pub fn tick(&mut self, world: &World) {
        if self.playing {
            self.go(self.pos + 1, world);
            self.playing = !self.at_end();
        }
    }

    fn go(&mut self, pos: usize, world: &World) {
        self.pos = pos.min(self.entries.len().saturating_sub(1));
        self.inspect_scroll = 0;
        self.redraw(world);
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

    /// Applies a simulator action; an MX edit is returned for the app to make,
    /// since it changes the world everything else sees.
    pub fn update(&mut self, action: Action, world: &World) -> Option<MxEdit> {
        let w = &mut self.whatif;
        match action {
            Action::Play => self.playing = !self.playing && !self.at_end(),
            Action::Next => self.go(self.pos + 1, world),
            Action::Prev => self.go(self.pos.saturating_sub(1), world),
            Action::End => {
                self.playing = false;
                self.go(usize::MAX, world);
            }
            Action::Restart => {
                self.go(0, world);
                self.playing = !self.at_end();
            }
            Action::NextAttempt => {
                let now = self.picture.attempt;
                let p = self.seek(|t, i| t.steps[i].attempt > now);
                self.go(p, world);
            }
            Action::NextHop => {
                let now = self.picture.marked_host();
                let names = self.picture.hosts.clone();
                let p = self.seek(|t, i| {
                    let s = &t.steps[i];
                    let host = s.host.as_deref().map(|h| h.trim_end_matches('.'));
                    matches!(s.kind, StepKind::Connect | StepKind::Smtp)
                        && host != now.map(|n| names[n].name.as_str())
                });
                self.go(p, world);
            }
            Action::Slower => self.speed = self.speed.saturating_sub(1),
            Action::Faster => self.speed = (self.speed + 1).min(SPEEDS.len() - 1),
            Action::Enter => {
                self.inspecting = !self.inspecting;
                self.inspect_scroll = 0;
            }
            Action::ScrollUp => self.inspect_scroll = self.inspect_scroll.saturating_sub(1),
            Action::ScrollDown => self.inspect_scroll = self.inspect_scroll.saturating_add(1),
            Action::Expand => {
                self.expanded = !self.expanded;
                self.relist(world);
            }
            Action::Filter => {
                self.filter = Family::cycle(self.filter);
                self.relist(world);
            }
            Action::NextHost if !w.hosts.is_empty() => {
                self.selected = (self.selected + 1) % w.hosts.len()
            }
            Action::CycleState => {
                w.cycle_state(self.selected, world);
                self.restart(world);
            }
            Action::SwitchProfile => {
                w.switch_profile(world);
                self.restart(world);
            }
            Action::Reseed => {
                w.reseed(world);
                self.restart(world);
            }
            Action::NextRecipient => {
                w.next_recipient(world);
                self.selected = 0;
                self.restart(world);
            }
            Action::NextScenario | Action::PreviousScenario => {
                match action {
                    Action::NextScenario => w.next_domain(world),
                    _ => w.previous_domain(world),
                }
                self.selected = 0;
                self.pos = 0;
                self.restart(world);
            }
            Action::RemoveMx => return Some(MxEdit::Remove),
            Action::RaisePreference => return Some(MxEdit::Raise),
            Action::LowerPreference => return Some(MxEdit::Lower),
            Action::AddMx => return Some(MxEdit::Add),
            _ => {}
        }
        None
    }
}
