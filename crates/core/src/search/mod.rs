//! Full-text search over items, Chinese and English together. Pure: the
//! compiler builds the index at build time and publishes it in shards
//! ([`wire`]); the app loads the shards a query needs and asks the same
//! [`Index`].
//!
//! Chinese matches any substring: every CJK character and every pair of
//! adjacent ones is a term, so a query run that short is one lookup; a
//! longer one matches where the pairs that cover it sit at the right
//! distances from each other (exact, not just "all of them somewhere"). A
//! run of four
//! to eight characters also matches as words wherever they stand in the item
//! (`事件过滤` finds 事件的过滤): the run is read as pairs of characters (a
//! trailing odd one joins the last pair, or, if that reading has a piece the
//! index does not know, a leading three comes first), which is how most
//! Chinese words of a query are written, with no dictionary shipped; items
//! holding the exact run rank above those holding only its words, and words
//! close together above words far apart.
//! Other text matches whole words and word prefixes, case-insensitively,
//! after stemming both sides ([`tokenize::stem`]: `filters` finds
//! `Filtering`). All query parts must match (AND); when no item has them
//! all, the items with the most of them come back, each saying which parts
//! it lacks. `tag:x` and `section:x` narrow results.
//!
//! Here: what is indexed ([`Doc`], [`Index::build`]); [`query`] reads what
//! the reader typed, [`rank`] finds and orders the items, [`present`] cuts
//! what is shown, [`wire`] is the published form.

pub mod fold;
pub mod present;
pub mod query;
mod rank;
mod tokenize;
pub mod wire;

pub use fold::Fold;
pub use present::snippet;
pub use query::{
    parse_query, part_terms, query_terms, Part, Query, MAX_PARTS, MAX_QUERY_CHARS, MAX_RUN_CHARS,
    MAX_SPLIT_CHARS,
};
pub use tokenize::{fold_width, stem, tokenize, Kind, Token, MAX_GRAM};

use std::collections::{BTreeMap, HashSet};

/// One searchable item, as the compiler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub volume: u32,
    pub id: String,
    pub section: String,
    pub tags: Vec<String>,
    pub title: String,
    /// The body's plain text: [`crate::model::Item::plain_body`].
    pub body: String,
    /// The names of the glossary terms the item uses (each term, its
    /// aliases and English expansion), indexed as if they followed the
    /// body, so any of them finds the item; never shown.
    pub glossary: String,
}

impl Doc {
    /// Every item of `issue`, in reading order.
    pub fn of_issue(issue: &crate::model::Issue) -> Vec<Doc> {
        issue
            .items_in_sections()
            .map(|(section, item)| Doc {
                volume: issue.volume,
                id: item.id.clone(),
                section: section.slug.clone(),
                tags: item.tags.clone(),
                title: item.label(),
                body: item.plain_body(),
                glossary: String::new(),
            })
            .collect()
    }
}

/// Where an item lives: its issue and its place among the issue's items
/// in reading order. The index keeps nothing else of it; titles and text
/// come from the issue file when a result is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef {
    pub volume: u32,
    pub item: u32,
}

/// The index term that marks items carrying tag `slug`; no text token can
/// look like it.
pub fn tag_term(slug: &str) -> String {
    format!("#{slug}")
}

/// The index term that marks items of section `slug`.
pub fn section_term(slug: &str) -> String {
    format!("§{slug}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Title,
    Body,
}

/// One occurrence of a term: the item, and the field and character offset
/// packed in one number (the top bit set for the body), so postings are
/// eight bytes and sort by item, field, offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Posting {
    doc: u32,
    at: u32,
}

/// The bit of [`Posting::at`] that marks the body.
const BODY: u32 = 1 << 31;

impl Posting {
    /// `None` when `pos` does not fit (a field of two billion characters).
    fn new(doc: u32, field: Field, pos: u32) -> Option<Posting> {
        (pos < BODY).then_some(Posting {
            doc,
            at: match field {
                Field::Title => pos,
                Field::Body => pos | BODY,
            },
        })
    }

    fn field(self) -> Field {
        if self.at & BODY == 0 {
            Field::Title
        } else {
            Field::Body
        }
    }

    fn pos(self) -> u32 {
        self.at & !BODY
    }
}

/// Postings by term, in term order so prefixes are a range. In the browser
/// it holds only the terms of the shards loaded so far.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<DocRef>,
    terms: BTreeMap<String, Vec<Posting>>,
}

/// Character ranges `[start, end)` to highlight.
pub type Ranges = Vec<(usize, usize)>;

/// A matching item with what to highlight, in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: usize,
    pub score: f32,
    pub title_ranges: Ranges,
    pub body_ranges: Ranges,
    /// The query parts (as typed) this item lacks: empty unless no item
    /// matched every part.
    pub missing: Vec<String>,
}

impl Index {
    /// Indexes `docs`; the items of one issue must be next to each other.
    pub fn build(docs: &[Doc]) -> Index {
        let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        let mut refs: Vec<DocRef> = Vec::with_capacity(docs.len());
        for (d, doc) in docs.iter().enumerate() {
            let item = match refs.last() {
                Some(last) if last.volume == doc.volume => last.item + 1,
                _ => 0,
            };
            refs.push(DocRef {
                volume: doc.volume,
                item,
            });
            let mut add = |term: String, field: Field, pos: usize| {
                if let Some(posting) = Posting::new(d as u32, field, pos as u32) {
                    terms.entry(term).or_default().push(posting);
                }
            };
            for (field, text) in [(Field::Title, &doc.title), (Field::Body, &doc.body)] {
                for token in tokenize(text) {
                    add(token.term, field, token.start);
                }
            }
            // Past the body's end (and a gap, so no phrase runs across):
            // results show no highlight for these (`present`).
            let after_body = doc.body.chars().count() + 1;
            for token in tokenize(&doc.glossary) {
                add(token.term, Field::Body, after_body + token.start);
            }
            let mut labels: Vec<String> = doc.tags.iter().map(|t| tag_term(t)).collect();
            labels.push(section_term(&doc.section));
            labels.sort_unstable();
            labels.dedup();
            for label in labels {
                add(label, Field::Title, 0);
            }
        }
        Index { docs: refs, terms }
    }

    /// An index of `docs` that knows no terms yet.
    pub fn with_docs(docs: Vec<DocRef>) -> Index {
        Index {
            docs,
            terms: BTreeMap::new(),
        }
    }

    /// Items carrying a label term (a tag or a section).
    fn labelled(&self, term: &str) -> HashSet<u32> {
        self.terms
            .get(term)
            .map(|ps| ps.iter().map(|p| p.doc).collect())
            .unwrap_or_default()
    }

    /// Every term, in order: what the compiler splits into shards.
    fn term_postings(&self) -> impl Iterator<Item = (&String, &Vec<Posting>)> {
        self.terms.iter()
    }
}

#[cfg(test)]
mod tests;
