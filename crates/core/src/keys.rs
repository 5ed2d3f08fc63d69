//! Reading by keyboard: which key does what, and which item `j` and `k`
//! go to. Pure; `components::shortcuts` listens for the keys.
//!
//! Every shortcut is one printable key, so by WCAG 2.1.4 (character key
//! shortcuts) none fires while typing in a field or with Ctrl, Alt or Meta
//! held, and the reader can turn them all off (`?` lists them, with the
//! switch).

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NextItem,
    PreviousItem,
    OlderIssue,
    NewerIssue,
    Search,
    Help,
}

/// Every shortcut with its key, in the order the help lists them.
pub const SHORTCUTS: [(&str, Action); 6] = [
    ("j", Action::NextItem),
    ("k", Action::PreviousItem),
    ("[", Action::OlderIssue),
    ("]", Action::NewerIssue),
    ("/", Action::Search),
    ("?", Action::Help),
];

impl Action {
    /// The shortcut of `key` (`KeyboardEvent.key`), if it is one.
    pub fn of(key: &str) -> Option<Action> {
        SHORTCUTS.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
    }
}

/// Where `j` (`delta` 1) or `k` (-1) goes among the items of a page, given
/// the item that has focus (`current`) and the top edge of each item
/// relative to the viewport, in page order. From an item, the next or
/// previous one; with no item focused, the first item that starts below the
/// top of the window, or the last one that starts above it, so the keys
/// pick up where the reader scrolled to. `None` when there is nowhere to go.
pub fn step(current: Option<usize>, tops: &[f64], delta: i32) -> Option<usize> {
    // An item scrolled to the top edge (`scrollIntoView`) counts as there.
    const EDGE: f64 = 1.0;
    let next = match current {
        Some(i) => i as i64 + i64::from(delta),
        None if delta > 0 => return tops.iter().position(|&top| top > EDGE),
        None => return tops.iter().rposition(|&top| top < -EDGE),
    };
    usize::try_from(next).ok().filter(|&i| i < tops.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_their_actions() {
        assert_eq!(Action::of("j"), Some(Action::NextItem));
        assert_eq!(Action::of("?"), Some(Action::Help));
        assert_eq!(Action::of("]"), Some(Action::NewerIssue));
        // Only the keys themselves: not Shift+J, not named keys.
        assert_eq!(Action::of("J"), None);
        assert_eq!(Action::of("Enter"), None);
        // Each key once, each action once.
        for (i, (key, action)) in SHORTCUTS.iter().enumerate() {
            assert!(SHORTCUTS[i + 1..]
                .iter()
                .all(|(k, a)| k != key && a != action));
        }
    }

    #[test]
    fn j_and_k_move_from_the_focused_item() {
        let tops = [-500.0, -100.0, 0.0, 300.0, 900.0];
        assert_eq!(step(Some(2), &tops, 1), Some(3));
        assert_eq!(step(Some(2), &tops, -1), Some(1));
        assert_eq!(step(Some(4), &tops, 1), None);
        assert_eq!(step(Some(0), &tops, -1), None);
    }

    #[test]
    fn without_focus_they_start_where_the_reader_scrolled() {
        // Item 2 sits at the top edge: j goes past it, k before it.
        let tops = [-500.0, -100.0, 0.5, 300.0, 900.0];
        assert_eq!(step(None, &tops, 1), Some(3));
        assert_eq!(step(None, &tops, -1), Some(1));
        // At the top of the page j goes to the first item and k nowhere.
        let top = [120.0, 400.0];
        assert_eq!(step(None, &top, 1), Some(0));
        assert_eq!(step(None, &top, -1), None);
        // Past the last item, j goes nowhere and k to the last.
        let end = [-900.0, -400.0];
        assert_eq!(step(None, &end, 1), None);
        assert_eq!(step(None, &end, -1), Some(1));
        assert_eq!(step(None, &[], 1), None);
    }
}
