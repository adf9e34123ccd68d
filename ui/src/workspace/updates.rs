//! Picking up changes that arrive from other people's copies while the workspace is open.
//!
//! The background sync writes other people's edits into the store on its own; the workspace
//! asks the engine every few seconds whether the review changed underneath it
//! ([`ChangesElsewhere`]) and, if so, loads it again and says so in a polite status line.
//! Nothing anyone is typing is lost: a text box with unsaved words keeps them when the saved
//! value under it changes (see `widgets::AutoText`), and the reload waits while any edit sent
//! from here is still unanswered, so an older copy never lands on top of a newer answer.

use northstar_schema::session::ChangesElsewhere;

/// How often the workspace asks whether the review changed elsewhere.
pub const CHECK_EVERY_MS: u32 = 2_000;

/// What to do with the engine's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing new.
    Stay,
    /// Load the review again and announce it.
    Reload,
    /// Something is new but edits from here are still on their way; ask again next time.
    Wait,
}

/// Decides what the workspace does, given the engine's answer and how many edits sent from
/// this window have not been answered yet.
pub fn step(found: &ChangesElsewhere, unanswered: usize) -> Step {
    match (found.changed, unanswered) {
        (false, _) => Step::Stay,
        (true, 0) => Step::Reload,
        (true, _) => Step::Wait,
    }
}

/// The status line after a reload: "Updated at 14:05 with changes from Kerry Brennan's copy."
pub fn announcement(by: &[String], at: &str) -> String {
    let whose = match by {
        [] => "other people's copies".to_string(),
        [one] => format!("{one}'s copy"),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|n| format!("{n}'s")).collect();
            format!("{} and {last}'s copies", init.join(", "))
        }
    };
    format!("Updated at {at} with changes from {whose}. History shows what changed.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(changed: bool, by: &[&str]) -> ChangesElsewhere {
        ChangesElsewhere {
            changed,
            by: by.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn reloads_only_when_something_changed_and_no_edit_is_on_its_way() {
        assert_eq!(step(&found(false, &[]), 0), Step::Stay);
        assert_eq!(step(&found(false, &[]), 2), Step::Stay);
        assert_eq!(step(&found(true, &["Kerry Brennan"]), 0), Step::Reload);
        assert_eq!(step(&found(true, &["Kerry Brennan"]), 1), Step::Wait);
    }

    #[test]
    fn says_whose_copies_the_changes_came_from() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            announcement(&names(&["Kerry Brennan"]), "14:05"),
            "Updated at 14:05 with changes from Kerry Brennan's copy. History shows what changed."
        );
        assert_eq!(
            announcement(&names(&["Kerry Brennan", "Lucy Morrow"]), "09:30"),
            "Updated at 09:30 with changes from Kerry Brennan's and Lucy Morrow's copies. \
             History shows what changed."
        );
        assert_eq!(
            announcement(&names(&["A Ward", "B Lee", "C Khan"]), "09:30"),
            "Updated at 09:30 with changes from A Ward's, B Lee's and C Khan's copies. \
             History shows what changed."
        );
        assert_eq!(
            announcement(&[], "16:45"),
            "Updated at 16:45 with changes from other people's copies. History shows what changed."
        );
    }
}
