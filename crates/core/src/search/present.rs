//! Turns a hit into what a result shows, from the item in its issue file:
//! section, title and a snippet, each with the ranges to highlight. Pure.

use super::{DocRef, Hit, Ranges};
use crate::model::Issue;

/// Characters of body text around the best match.
pub const SNIPPET_CHARS: usize = 90;

/// One result, ready to render as text with marked ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    pub volume: u32,
    pub id: String,
    pub section: String,
    pub title: String,
    pub title_ranges: Ranges,
    pub snippet: String,
    pub snippet_ranges: Ranges,
    /// The query's words this item lacks (only when no item has them all).
    pub missing: Vec<String>,
}

/// What results need of an item: much smaller than the issue's rich text,
/// so many issues can stay in memory between queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemText {
    pub id: String,
    pub section: String,
    pub title: String,
    pub body: String,
}

/// An issue's items as results show them, in reading order (the order the
/// index numbers them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueText {
    pub volume: u32,
    pub items: Vec<ItemText>,
}

impl IssueText {
    /// About how many bytes it holds.
    pub fn size(&self) -> usize {
        self.items
            .iter()
            .map(|i| i.id.len() + i.section.len() + i.title.len() + i.body.len() + 96)
            .sum()
    }

    pub fn of(issue: &Issue) -> IssueText {
        let items = issue
            .items_in_sections()
            .map(|(section, item)| ItemText {
                id: item.id.clone(),
                section: section.slug.clone(),
                title: item.label(),
                body: item.plain_body(),
            })
            .collect();
        IssueText {
            volume: issue.volume,
            items,
        }
    }
}

/// The result for `hit` on item `doc`, or `None` when the issue file has no
/// such item (it changed since the index was built).
pub fn present(hit: &Hit, doc: DocRef, issue: &IssueText) -> Option<Presented> {
    if issue.volume != doc.volume {
        return None;
    }
    let item = issue.items.get(doc.item as usize)?;
    // Matches in the glossary names indexed after the body are not shown.
    let length = item.body.chars().count();
    let in_body: Ranges = hit
        .body_ranges
        .iter()
        .copied()
        .filter(|r| r.0 < length)
        .collect();
    let body_ranges = whole_words(&item.body, &in_body);
    let (snippet, snippet_ranges) = snippet(&item.body, &body_ranges, SNIPPET_CHARS);
    Some(Presented {
        volume: issue.volume,
        id: item.id.clone(),
        section: item.section.clone(),
        title: item.title.clone(),
        title_ranges: whole_words(&item.title, &hit.title_ranges),
        snippet,
        snippet_ranges,
        missing: hit.missing.clone(),
    })
}

/// Ranges that start a word of Latin letters or digits run to the word's
/// end: the index matched a stem (`filter` of `filters`), the reader sees
/// the word marked.
fn whole_words(text: &str, ranges: &[(usize, usize)]) -> Ranges {
    let chars: Vec<char> = text.chars().collect();
    let word = |c: &char| c.is_ascii_alphanumeric();
    ranges
        .iter()
        .map(|&(start, mut end)| {
            if chars.get(start).is_some_and(word) {
                while chars.get(end).is_some_and(word) {
                    end += 1;
                }
            }
            (start, end)
        })
        .collect()
}

/// `text` cut into (piece, highlighted) runs by character ranges; ranges
/// past the end are clipped, so any ranges give pieces of the text.
pub fn marked(text: &str, ranges: &[(usize, usize)]) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut at = 0;
    for &(start, end) in ranges {
        let start = start.clamp(at, chars.len());
        let end = end.clamp(start, chars.len());
        if start > at {
            out.push((chars[at..start].iter().collect(), false));
        }
        if end > start {
            out.push((chars[start..end].iter().collect(), true));
        }
        at = end;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), false));
    }
    out
}

/// A window of `text` around its first highlighted range, with the ranges
/// moved into the window: (snippet, ranges). Cut points are characters.
pub fn snippet(
    text: &str,
    ranges: &[(usize, usize)],
    width: usize,
) -> (String, Vec<(usize, usize)>) {
    let chars: Vec<char> = text.chars().collect();
    let anchor = ranges.first().map_or(0, |r| r.0);
    let start = anchor.saturating_sub(width / 4).min(chars.len());
    let end = (start + width).min(chars.len());
    let mut out = String::new();
    let shift = if start > 0 {
        out.push('…');
        1
    } else {
        0
    };
    out.extend(&chars[start..end]);
    if end < chars.len() {
        out.push('…');
    }
    let moved = ranges
        .iter()
        .filter(|(s, e)| *e > start && *s < end)
        .map(|(s, e)| {
            (
                (*s).max(start) - start + shift,
                (*e).min(end) - start + shift,
            )
        })
        .collect();
    (out, moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{parse_query, Doc, Index};

    #[test]
    fn marked_pieces_rebuild_the_text() {
        let pieces = marked("负载均衡 Envoy", &[(0, 2), (5, 10)]);
        assert_eq!(
            pieces,
            [
                ("负载".to_string(), true),
                ("均衡 ".to_string(), false),
                ("Envoy".to_string(), true)
            ]
        );
        // Overlapping, unsorted or out-of-range ranges still give the text.
        for ranges in [vec![(3, 1)], vec![(0, 99)], vec![(2, 4), (1, 3)], vec![]] {
            let joined: String = marked("负载均衡", &ranges)
                .into_iter()
                .map(|p| p.0)
                .collect();
            assert_eq!(joined, "负载均衡");
        }
    }

    #[test]
    fn a_hit_is_presented_from_its_issue() {
        let issue: Issue =
            serde_json::from_str(include_str!("../../../../tests/fixtures/vol3.json")).unwrap();
        let docs = Doc::of_issue(&issue);
        let index = Index::build(&docs);
        let hit = &index.search(&parse_query("共享内存"))[0];
        let text = IssueText::of(&issue);
        let shown = present(hit, index.docs[hit.doc], &text).unwrap();
        assert_eq!(shown.id, docs[hit.doc].id);
        assert_eq!(shown.volume, 3);
        let highlighted: String = marked(&shown.snippet, &shown.snippet_ranges)
            .into_iter()
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        assert_eq!(highlighted, "共享内存");
        // A stem marks the whole word it matched.
        let hit = &index.search(&parse_query("filters"))[0];
        let shown = present(hit, index.docs[hit.doc], &text).unwrap();
        let title: Vec<String> = marked(&shown.title, &shown.title_ranges)
            .into_iter()
            .chain(marked(&shown.snippet, &shown.snippet_ranges))
            .filter(|p| p.1)
            .map(|p| p.0)
            .collect();
        // (A word cut by the snippet's end is marked up to the cut.)
        assert!(
            title
                .iter()
                .all(|w| "filtering".starts_with(&w.to_lowercase())),
            "{title:?}"
        );
        assert!(title.iter().any(|w| w == "Filtering"), "{title:?}");
        let elsewhere = DocRef { volume: 4, item: 0 };
        assert_eq!(present(hit, elsewhere, &text), None);
        let past_the_end = DocRef {
            volume: 3,
            item: 999,
        };
        assert_eq!(present(hit, past_the_end, &text), None);
    }
}
