//! What the reader's device remembers of their reading: the newest issue
//! seen on the last visit, the issues read, and where the reader stopped
//! in issues left halfway. Pure; `components::memory` keeps it in the
//! browser's storage under the deployment's base path, never sends it
//! anywhere, and shows it.
//!
//! One format for storage and for the file a reader exports, versioned:
//!
//! ```json
//! {"format":"weekly-reading-history","schema_version":1,"seen":3,
//!  "read":[1,2,3],"places":[{"volume":4,"item":"envoy-orca"}]}
//! ```
//!
//! Reading it checks everything ([`Memory::read_from`]): an import that
//! fails changes nothing and says why.

use crate::model::decode::{Decode, Json, Wrong};
use crate::model::is_page_segment;

/// The `format` of every file this module writes.
pub const FORMAT: &str = "weekly-reading-history";
/// The layout's version; a file of a newer one is refused, not guessed at.
pub const VERSION: u32 = 1;
/// Issues remembered as read: two centuries of a weekly. Past it the
/// oldest marks go first.
pub const MAX_READ: usize = 10_000;
/// Issues left halfway whose place is remembered; past it the least recent
/// go first.
pub const MAX_PLACES: usize = 20;
/// The longest item id kept (ids are slugs of titles).
const MAX_ID: usize = 200;
/// The largest file an import reads (a full history is about 60 KB).
pub const MAX_FILE: usize = 256 * 1024;

/// Where the reader stopped in an issue: the item at the top of the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub volume: u32,
    pub item: String,
}

/// The reader's history on this device.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    /// The newest issue the reader could see on their last visit; `None`
    /// before the first visit ever.
    pub seen: Option<u32>,
    /// Volumes read, ascending, without repeats.
    pub read: Vec<u32>,
    /// Issues left halfway, the most recent first.
    pub places: Vec<Place>,
}

/// Why a file is not a reading history this reader can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportError {
    TooLarge,
    NotJson,
    /// Valid JSON of another kind (its `format` is not [`FORMAT`]).
    NotHistory,
    /// Written by a newer Weekly.
    Newer(u32),
    /// A field is missing, of the wrong kind or out of bounds.
    Invalid(&'static str),
}

/// The file's fields as read, before they are checked.
#[derive(Decode)]
struct Raw {
    format: String,
    schema_version: u32,
    seen: Option<u32>,
    #[serde(default)]
    read: Vec<u32>,
    #[serde(default)]
    places: Vec<RawPlace>,
}

#[derive(Decode)]
struct RawPlace {
    volume: u32,
    item: String,
}

impl Memory {
    /// Reads a history from parsed JSON, checking every field; bounds are
    /// applied as [`Memory::mark_read`] and [`Memory::set_place`] would.
    pub fn read_from<J: Json>(json: &J) -> Result<Memory, ImportError> {
        let format = json.get("format").and_then(|f| f.string());
        if format.as_deref() != Some(FORMAT) {
            return Err(ImportError::NotHistory);
        }
        let raw = Raw::decode(json)
            .map_err(|Wrong(field)| ImportError::Invalid(field.unwrap_or("format")))?;
        debug_assert_eq!(raw.format, FORMAT);
        if raw.schema_version > VERSION {
            return Err(ImportError::Newer(raw.schema_version));
        }
        if raw.read.len() > MAX_READ * 2 {
            return Err(ImportError::Invalid("read"));
        }
        if raw.places.len() > MAX_PLACES * 50 {
            return Err(ImportError::Invalid("places"));
        }
        let mut memory = Memory {
            seen: raw.seen,
            ..Memory::default()
        };
        for volume in raw.read {
            memory.mark_read(volume);
        }
        // Oldest first, so the file's most recent ends first again.
        for place in raw.places.into_iter().rev() {
            if place.item.len() > MAX_ID || !is_page_segment(&place.item) {
                return Err(ImportError::Invalid("item"));
            }
            memory.set_place(place.volume, &place.item);
        }
        Ok(memory)
    }

    /// The history as JSON in [`FORMAT`] (item ids are page segments, so
    /// they need no escaping; checked again here).
    pub fn to_json(&self) -> String {
        let read: Vec<String> = self.read.iter().map(u32::to_string).collect();
        let places: Vec<String> = self
            .places
            .iter()
            .filter(|p| is_page_segment(&p.item) && !p.item.contains(['"', '\\']))
            .map(|p| format!(r#"{{"volume":{},"item":"{}"}}"#, p.volume, p.item))
            .collect();
        let seen = self.seen.map_or("null".to_string(), |s| s.to_string());
        format!(
            r#"{{"format":"{FORMAT}","schema_version":{VERSION},"seen":{seen},"read":[{}],"places":[{}]}}"#,
            read.join(","),
            places.join(",")
        )
    }

    /// Takes in a history from another device: every issue read on
    /// either, the other's places first (they are newer to this reader:
    /// they chose to bring them), the later of the two visits.
    pub fn merge(&mut self, other: Memory) {
        self.mark_all_read(other.read);
        for place in other.places.into_iter().rev() {
            if !self.is_read(place.volume) {
                self.set_place(place.volume, &place.item);
            }
        }
        self.seen = self.seen.max(other.seen);
    }

    /// Keeps only what concerns `volumes` (the issues an archive lists):
    /// marks and places of other volumes go, and the last visit is no
    /// later than the newest of them.
    pub fn keep_only(&mut self, volumes: &[u32]) {
        self.read.retain(|v| volumes.contains(v));
        self.places.retain(|p| volumes.contains(&p.volume));
        let newest = volumes.iter().copied().max();
        self.seen = match (self.seen, newest) {
            (Some(seen), Some(newest)) => Some(seen.min(newest)),
            _ => None,
        };
    }

    pub fn is_read(&self, volume: u32) -> bool {
        self.read.binary_search(&volume).is_ok()
    }

    /// Marks `volume` read (its place is no longer needed); false when it
    /// already was.
    pub fn mark_read(&mut self, volume: u32) -> bool {
        self.places.retain(|p| p.volume != volume);
        match self.read.binary_search(&volume) {
            Ok(_) => false,
            Err(at) => {
                self.read.insert(at, volume);
                if self.read.len() > MAX_READ {
                    self.read.remove(0);
                }
                true
            }
        }
    }

    /// Marks every volume of `volumes` read.
    pub fn mark_all_read(&mut self, volumes: impl IntoIterator<Item = u32>) {
        for volume in volumes {
            self.mark_read(volume);
        }
    }

    /// Remembers that the reader stopped at `item` of `volume`; `None`
    /// (the top of the issue) forgets the place.
    pub fn set_place(&mut self, volume: u32, item: &str) {
        self.places.retain(|p| p.volume != volume);
        if item.len() <= MAX_ID && is_page_segment(item) {
            self.places.insert(
                0,
                Place {
                    volume,
                    item: item.to_string(),
                },
            );
            self.places.truncate(MAX_PLACES);
        }
    }

    pub fn forget_place(&mut self, volume: u32) {
        self.places.retain(|p| p.volume != volume);
    }

    /// Where the reader stopped in `volume`.
    pub fn place(&self, volume: u32) -> Option<&str> {
        self.places
            .iter()
            .find(|p| p.volume == volume)
            .map(|p| p.item.as_str())
    }

    /// The issue to continue on the archive: the one left halfway most
    /// recently, if `exists` still lists it.
    pub fn continue_reading(&self, exists: impl Fn(u32) -> bool) -> Option<u32> {
        self.places
            .iter()
            .map(|p| p.volume)
            .find(|&v| !self.is_read(v) && exists(v))
    }

    /// A visit that could see issues up to `newest`; returns the newest
    /// issue of the visit before, `None` on the first visit ever.
    pub fn visit(&mut self, newest: u32) -> Option<u32> {
        let before = self.seen;
        self.seen = Some(before.map_or(newest, |seen| seen.max(newest)));
        before
    }
}

/// Where the reader counts as being: the first item whose bottom edge is
/// below this line (pixels from the top of the window), so an item whose
/// end is still being read is the place, not the one after it.
pub const READING_LINE: f64 = 80.0;

/// The item the reader is at, from each item's top and bottom edge
/// relative to the window, in page order; `None` past the last one.
pub fn reading_at(rects: &[(f64, f64)]) -> Option<usize> {
    rects.iter().position(|&(_, bottom)| bottom > READING_LINE)
}

/// The issues newer than `seen` among `volumes` (those in the archive),
/// oldest first: what is new since the last visit. Nothing on a first
/// visit ever (`seen` is `None`).
pub fn new_since(seen: Option<u32>, volumes: impl IntoIterator<Item = u32>) -> Vec<u32> {
    let Some(seen) = seen else {
        return Vec::new();
    };
    let mut new: Vec<u32> = volumes.into_iter().filter(|&v| v > seen).collect();
    new.sort_unstable();
    new.dedup();
    new
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Memory, ImportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| ImportError::NotJson)?;
        Memory::read_from(&&value)
    }

    #[test]
    fn a_history_goes_out_and_comes_back_the_same() {
        let mut memory = Memory::default();
        assert_eq!(memory.visit(3), None);
        memory.mark_read(2);
        memory.mark_read(1);
        memory.set_place(3, "envoy-orca");
        memory.set_place(4, "kep-1");
        let text = memory.to_json();
        assert!(text.starts_with(r#"{"format":"weekly-reading-history","schema_version":1,"#));
        assert_eq!(parse(&text), Ok(memory.clone()));
        assert_eq!(memory.read, [1, 2]);
        assert_eq!(memory.place(3), Some("envoy-orca"));
        assert_eq!(memory.continue_reading(|_| true), Some(4));
        assert_eq!(memory.continue_reading(|v| v != 4), Some(3));
    }

    #[test]
    fn reading_an_issue_to_its_end_forgets_its_place() {
        let mut memory = Memory::default();
        memory.set_place(3, "a");
        assert!(memory.mark_read(3));
        assert!(!memory.mark_read(3));
        assert_eq!(memory.place(3), None);
        assert_eq!(memory.continue_reading(|_| true), None);
        // An id that is not a page segment is not kept.
        memory.set_place(5, "a/b");
        assert_eq!(memory.place(5), None);
    }

    #[test]
    fn an_import_adds_to_what_this_device_has() {
        let mut here = Memory::default();
        here.visit(3);
        here.mark_read(1);
        here.set_place(2, "b");
        let mut there = Memory::default();
        there.visit(5);
        there.mark_read(2);
        there.set_place(4, "d");
        there.set_place(3, "c");
        here.merge(there);
        assert_eq!(here.read, [1, 2]);
        assert_eq!(here.seen, Some(5));
        // Read there: no place here; the imported places come first.
        assert_eq!(here.place(2), None);
        let places: Vec<u32> = here.places.iter().map(|p| p.volume).collect();
        assert_eq!(places, [3, 4]);
    }

    #[test]
    fn an_import_keeps_only_the_issues_this_archive_lists() {
        let mut hostile = Memory {
            seen: Some(u32::MAX),
            read: (1_000..11_000).chain([2]).collect(),
            places: vec![Place {
                volume: 9_999,
                item: "x".into(),
            }],
        };
        hostile.read.sort_unstable();
        hostile.keep_only(&[3, 2, 1]);
        assert_eq!(hostile.seen, Some(3));
        assert_eq!(hostile.read, [2]);
        assert!(hostile.places.is_empty());
        let mut empty = Memory {
            seen: Some(4),
            ..Memory::default()
        };
        empty.keep_only(&[]);
        assert_eq!(empty.seen, None);
    }

    #[test]
    fn bounded() {
        let mut memory = Memory::default();
        memory.mark_all_read(0..(MAX_READ as u32 + 5));
        assert_eq!(memory.read.len(), MAX_READ);
        assert!(!memory.is_read(0) && memory.is_read(MAX_READ as u32 + 4));
        for v in 0..(MAX_PLACES as u32 * 2) {
            memory.set_place(100_000 + v, "x");
        }
        assert_eq!(memory.places.len(), MAX_PLACES);
        assert_eq!(memory.places[0].volume, 100_000 + MAX_PLACES as u32 * 2 - 1);
    }

    #[test]
    fn the_place_is_the_item_being_read_at_the_top_of_the_window() {
        // The page's top: the first item, which forgets the place.
        assert_eq!(reading_at(&[(300.0, 900.0), (900.0, 1400.0)]), Some(0));
        // The first item's end still being read at the top.
        assert_eq!(reading_at(&[(-700.0, 100.0), (100.0, 600.0)]), Some(0));
        assert_eq!(reading_at(&[(-700.0, 40.0), (40.0, 600.0)]), Some(1));
        assert_eq!(reading_at(&[(-900.0, -100.0)]), None);
        assert_eq!(reading_at(&[]), None);
    }

    #[test]
    fn new_since_the_last_visit_never_on_the_first() {
        let mut memory = Memory::default();
        assert_eq!(memory.visit(3), None);
        assert_eq!(new_since(None, [3, 2, 1]), Vec::<u32>::new());
        // A deploy adds issues 4 and 5.
        assert_eq!(memory.visit(5), Some(3));
        assert_eq!(new_since(Some(3), [5, 4, 3, 2]), [4, 5]);
        assert_eq!(memory.seen, Some(5));
        // An archive that shrank (an issue taken down) does not move it back.
        assert_eq!(memory.visit(4), Some(5));
        assert_eq!(memory.seen, Some(5));
    }

    #[test]
    fn a_hostile_or_foreign_file_is_refused_with_the_reason() {
        assert_eq!(parse("not json"), Err(ImportError::NotJson));
        assert_eq!(
            parse(r#"{"schema_version":1}"#),
            Err(ImportError::NotHistory)
        );
        assert_eq!(parse("[1,2]"), Err(ImportError::NotHistory));
        let history = |rest: &str| {
            parse(&format!(
                r#"{{"format":"weekly-reading-history","schema_version":1{rest}}}"#
            ))
        };
        assert_eq!(history(""), Ok(Memory::default()));
        assert_eq!(
            parse(r#"{"format":"weekly-reading-history","schema_version":2}"#),
            Err(ImportError::Newer(2))
        );
        assert_eq!(
            history(r#","read":[1,"2"]"#),
            Err(ImportError::Invalid("read"))
        );
        assert_eq!(
            history(r#","read":[-1]"#),
            Err(ImportError::Invalid("read"))
        );
        assert_eq!(history(r#","seen":1.5"#), Err(ImportError::Invalid("seen")));
        assert_eq!(
            history(r#","places":[{"volume":1,"item":"../x"}]"#),
            Err(ImportError::Invalid("item"))
        );
        assert_eq!(
            history(r#","places":[{"volume":1,"item":"<script>"}]"#),
            Err(ImportError::Invalid("item"))
        );
        assert_eq!(
            history(r#","places":[{"volume":1}]"#),
            Err(ImportError::Invalid("item"))
        );
        let long = format!(r#","read":[{}]"#, vec!["1"; MAX_READ * 2 + 1].join(","));
        assert_eq!(history(&long), Err(ImportError::Invalid("read")));
        // Repeats and disorder are tidied, not refused.
        assert_eq!(
            history(r#","read":[3,1,3]"#).map(|m| m.read),
            Ok(vec![1, 3])
        );
    }
}
