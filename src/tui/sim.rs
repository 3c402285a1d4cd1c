//! The simulator screen's state: the what-if delivery from `play`, the selected
//! host, and how far the animation has got. The delivery itself — its hosts, their
//! states and their order — is the play layer's, read from the trace.

use super::keys::Action;
use crate::delivery::Trace;
use crate::dns::World;
use crate::play::{MxEdit, WhatIf};

/// The simulator's state.
#[derive(Debug, Clone)]
pub struct SimState {
    /// The delivery and the learner's what-ifs.
    pub whatif: WhatIf,
    /// The selected host (an index into `whatif.hosts`).
    pub selected: usize,
    /// Steps shown so far.
    pub shown: usize,
    /// The animation runs.
    pub playing: bool,
}

impl SimState {
    /// A simulator on the world's first mail domain.
    pub fn new(world: &World) -> Self {
        SimState {
            whatif: WhatIf::new(world),
            selected: 0,
            shown: 1,
            playing: false,
        }
    }

    /// The trace, if the delivery can run.
    pub fn trace(&self) -> Option<&Trace> {
        self.whatif.trace.as_ref()
    }

    /// How many steps the trace has.
    pub fn steps(&self) -> usize {
        self.trace().map_or(0, |t| t.steps.len())
    }

    /// The delivery changed: the animation starts again, the selection stays in range.
    pub fn restart(&mut self) {
        self.shown = 1;
        self.selected = self.selected.min(self.whatif.hosts.len().saturating_sub(1));
    }

    /// Advances the animation by one step; stops at the end.
    pub fn tick(&mut self) {
        if self.playing {
            self.shown = (self.shown + 1).min(self.steps());
            self.playing = self.shown < self.steps();
        }
    }

    /// Applies a simulator action; an MX edit is returned for the app to make,
    /// since it changes the world everything else sees.
    pub fn update(&mut self, action: Action, world: &World) -> Option<MxEdit> {
        let w = &mut self.whatif;
        match action {
            Action::Play => self.playing = !self.playing && self.shown < self.steps(),
            Action::Next => self.shown = (self.shown + 1).min(self.steps()),
            Action::Prev => self.shown = self.shown.saturating_sub(1).max(1),
            Action::End => {
                self.shown = self.steps();
                self.playing = false;
            }
            Action::Restart => {
                self.shown = 1;
                self.playing = true;
            }
            Action::NextHost if !w.hosts.is_empty() => {
                self.selected = (self.selected + 1) % w.hosts.len()
            }
            Action::CycleState => {
                w.cycle_state(self.selected, world);
                self.restart();
            }
            Action::SwitchProfile => {
                w.switch_profile(world);
                self.restart();
            }
            Action::Reseed => {
                w.reseed(world);
                self.restart();
            }
            Action::NextScenario => {
                w.next_domain(world);
                self.selected = 0;
                self.restart();
            }
            Action::RemoveMx => return Some(MxEdit::Remove),
            Action::RaisePreference => return Some(MxEdit::Raise),
            Action::LowerPreference => return Some(MxEdit::Lower),
            _ => {}
        }
        None
    }
}
