//! Undo and redo, per review, for the edits made in this window.
//!
//! A step remembers the whole review as it was before the edit; undoing writes that version
//! back as a new change (history keeps both). Several saves of the same box in a row are one
//! step, because the UI saves as people type and nobody wants to undo a sentence letter by letter.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Saves of the same item closer together than this are one undo step.
pub const COALESCE_WITHIN: Duration = Duration::from_secs(20);
/// How many steps each review keeps.
pub const DEPTH: usize = 100;

/// One undoable step: the state to go back to and what the step did.
#[derive(Debug, Clone)]
pub struct Step<T> {
    pub before: T,
    pub label: String,
    key: Option<String>,
    at: Instant,
}

#[derive(Debug)]
struct Stacks<T> {
    undo: Vec<Step<T>>,
    redo: Vec<Step<T>>,
}

impl<T> Default for Stacks<T> {
    fn default() -> Self {
        Stacks {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

/// Undo and redo stacks for every review touched in this session.
#[derive(Debug)]
pub struct UndoHistory<T> {
    reviews: HashMap<String, Stacks<T>>,
}

impl<T> Default for UndoHistory<T> {
    fn default() -> Self {
        UndoHistory {
            reviews: HashMap::new(),
        }
    }
}

impl<T> UndoHistory<T> {
    /// Forgets every step for `id` (a review erased from this device).
    pub fn forget(&mut self, id: &str) {
        self.reviews.remove(id);
    }

    /// Records an edit that changed `id` from `before`. A new edit clears redo.
    pub fn record(
        &mut self,
        id: &str,
        before: T,
        key: Option<String>,
        label: String,
        now: Instant,
    ) {
        let stacks = self.reviews.entry(id.to_string()).or_default();
        stacks.redo.clear();
        if let Some(top) = stacks.undo.last_mut() {
            let same_item = key.is_some() && top.key == key;
            if same_item && now.saturating_duration_since(top.at) < COALESCE_WITHIN {
                // Keep the older `before`: undo goes back to before the typing began.
                top.at = now;
                return;
            }
        }
        stacks.undo.push(Step {
            before,
            label,
            key,
            at: now,
        });
        if stacks.undo.len() > DEPTH {
            stacks.undo.remove(0);
        }
    }

    /// Takes the newest undo step; `current` becomes the matching redo step.
    pub fn undo(&mut self, id: &str, current: T, now: Instant) -> Option<Step<T>> {
        let stacks = self.reviews.get_mut(id)?;
        let step = stacks.undo.pop()?;
        stacks.redo.push(Step {
            before: current,
            label: step.label.clone(),
            key: None,
            at: now,
        });
        Some(step)
    }

    /// Takes the newest redo step; `current` becomes an undo step again.
    pub fn redo(&mut self, id: &str, current: T, now: Instant) -> Option<Step<T>> {
        let stacks = self.reviews.get_mut(id)?;
        let step = stacks.redo.pop()?;
        stacks.undo.push(Step {
            before: current,
            label: step.label.clone(),
            key: None,
            at: now,
        });
        Some(step)
    }

    /// Puts back a step taken by [`UndoHistory::undo`] whose write failed.
    pub fn restore_undo(&mut self, id: &str, step: Step<T>) {
        let stacks = self.reviews.entry(id.to_string()).or_default();
        stacks.redo.pop();
        stacks.undo.push(step);
    }

    /// Puts back a step taken by [`UndoHistory::redo`] whose write failed.
    pub fn restore_redo(&mut self, id: &str, step: Step<T>) {
        let stacks = self.reviews.entry(id.to_string()).or_default();
        stacks.undo.pop();
        stacks.redo.push(step);
    }

    /// What the Undo button would undo, if anything.
    pub fn next_undo(&self, id: &str) -> Option<&str> {
        self.reviews
            .get(id)
            .and_then(|s| s.undo.last())
            .map(|s| s.label.as_str())
    }

    /// What the Redo button would redo, if anything.
    pub fn next_redo(&self, id: &str) -> Option<&str> {
        self.reviews
            .get(id)
            .and_then(|s| s.redo.last())
            .map(|s| s.label.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t0: Instant, secs: u64) -> Instant {
        t0 + Duration::from_secs(secs)
    }

    #[test]
    fn typing_into_one_box_is_one_step() {
        let t0 = Instant::now();
        let mut h = UndoHistory::default();
        h.record("r", "", Some("entry:1".into()), "typed".into(), t0);
        h.record("r", "H", Some("entry:1".into()), "typed".into(), at(t0, 1));
        h.record(
            "r",
            "Hel",
            Some("entry:1".into()),
            "typed".into(),
            at(t0, 2),
        );
        let step = h.undo("r", "Hello", at(t0, 3)).unwrap();
        assert_eq!(step.before, "", "undo goes back to before the typing began");
        assert!(h.undo("r", "", at(t0, 4)).is_none());
    }

    #[test]
    fn a_pause_or_another_box_starts_a_new_step() {
        let t0 = Instant::now();
        let mut h = UndoHistory::default();
        h.record("r", "a", Some("entry:1".into()), "one".into(), t0);
        h.record("r", "b", Some("entry:1".into()), "one".into(), at(t0, 60));
        h.record("r", "c", Some("entry:2".into()), "two".into(), at(t0, 61));
        h.record("r", "d", None, "remove".into(), at(t0, 62));
        h.record("r", "e", None, "remove".into(), at(t0, 63));
        let order: Vec<&str> =
            std::iter::from_fn(|| h.undo("r", "now", t0).map(|s| s.before)).collect();
        assert_eq!(order, ["e", "d", "c", "b", "a"]);
    }

    #[test]
    fn redo_replays_and_a_new_edit_clears_it() {
        let t0 = Instant::now();
        let mut h = UndoHistory::default();
        h.record("r", 1, None, "add".into(), t0);
        let undone = h.undo("r", 2, t0).unwrap();
        assert_eq!(undone.before, 1);
        assert_eq!(h.next_redo("r"), Some("add"));
        let redone = h.redo("r", 1, t0).unwrap();
        assert_eq!(redone.before, 2);
        assert_eq!(h.next_undo("r"), Some("add"));
        h.undo("r", 2, t0).unwrap();
        h.record("r", 1, None, "other".into(), t0);
        assert_eq!(h.next_redo("r"), None, "a new edit clears redo");
    }

    #[test]
    fn reviews_have_separate_stacks_and_depth_is_bounded() {
        let t0 = Instant::now();
        let mut h = UndoHistory::default();
        for i in 0..(DEPTH + 10) {
            h.record("a", i, None, format!("{i}"), t0);
        }
        assert!(h.undo("b", 0, t0).is_none());
        let mut n = 0;
        while h.undo("a", 0, t0).is_some() {
            n += 1;
        }
        assert_eq!(n, DEPTH);
    }
}
