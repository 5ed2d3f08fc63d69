//! Full-text search over items, Chinese and English together. Pure: the
//! compiler builds the index at build time and publishes it in shards
//! ([`wire`]); the app loads the shards a query needs and asks the same
//! [`Index`].
//!
//! Chinese matches any substring: every run of one to four CJK characters
//! is a term, so a query run that short is one lookup; a longer one matches
//! where the four-character terms that cover it sit at the right distances
//! from each other (exact, not just "all of them somewhere"). A run of four
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

pub mod present;
mod tokenize;
pub mod wire;

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

/// A parsed query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Each part must match: a CJK run (as characters) or a word prefix.
    pub parts: Vec<Part>,
    /// What the reader typed for each part (lowercase, unstemmed): the words
    /// a partial result says it lacks.
    pub labels: Vec<String>,
    pub tags: Vec<String>,
    pub sections: Vec<String>,
    /// Match Chinese runs only as they stand, not word by word: the first
    /// pass of a query, whose results rank above every word-by-word match,
    /// so when it fills the page the words' shards need not be fetched.
    pub phrases_only: bool,
}

impl Query {
    /// Whether a Chinese run of the query can also match word by word.
    pub fn has_words(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Cjk(chars) if !cjk_splits(chars.len()).is_empty()))
    }

    /// The same query, matching Chinese runs only as they stand.
    pub fn phrases(&self) -> Query {
        Query {
            phrases_only: true,
            ..self.clone()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Cjk(Vec<char>),
    Word(String),
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

/// Chinese runs of this many characters at most are also read as words;
/// longer ones only match as they stand (each word would be one more shard
/// to fetch).
pub const MAX_SPLIT_CHARS: usize = 8;

/// Queries longer than this are cut: nobody types more, and it bounds work.
pub const MAX_QUERY_CHARS: usize = 200;

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

    /// Every place `part` occurs.
    fn occurrences(&self, part: &Part) -> Vec<Occurrence> {
        match part {
            // Too short to be a prefix: the word itself (see `wire::key`).
            Part::Word(word) if word.chars().count() < wire::WORD_KEY_CHARS => self
                .terms
                .get(word)
                .map(|ps| {
                    let len = word.chars().count() as u32;
                    ps.iter().map(|p| (*p, len)).collect()
                })
                .unwrap_or_default(),
            Part::Word(prefix) => self
                .terms
                .range(prefix.clone()..)
                .take_while(|(term, _)| term.starts_with(prefix.as_str()))
                .flat_map(|(term, postings)| {
                    let len = term.chars().count() as u32;
                    postings.iter().map(move |p| (*p, len))
                })
                .collect(),
            Part::Cjk(chars) => {
                // N-grams that cover the run; where each sits relative to
                // the first fixes adjacency, so the match is exact.
                let mut cover: Vec<(usize, Option<&Vec<Posting>>)> = cjk_cover(chars.len())
                    .into_iter()
                    .map(|(k, len)| (k, self.terms.get(&gram(chars, k, len))))
                    .collect();
                if cover.is_empty() || cover.iter().any(|(_, ps)| ps.is_none()) {
                    return Vec::new();
                }
                // Postings are sorted, so each neighbour is a binary search.
                let (_, first) = cover.remove(0);
                first
                    .into_iter()
                    .flatten()
                    .filter(|p| {
                        cover.iter().all(|(k, ps)| {
                            let next = Posting {
                                doc: p.doc,
                                at: p.at + *k as u32,
                            };
                            ps.is_some_and(|ps| ps.binary_search(&next).is_ok())
                        })
                    })
                    .map(|p| (*p, chars.len() as u32))
                    .collect()
            }
        }
    }

    /// Where the words of a Chinese run occur, one list per word, for the
    /// first reading of the run whose words all occur somewhere; empty when
    /// the run is not read as words or no reading fits.
    fn pieces(&self, part: &Part) -> Vec<Vec<Occurrence>> {
        let Part::Cjk(chars) = part else {
            return Vec::new();
        };
        for split in cjk_splits(chars.len()) {
            let found: Option<Vec<Vec<Occurrence>>> = split
                .iter()
                .map(|&(k, len)| {
                    self.terms
                        .get(&gram(chars, k, len))
                        .map(|ps| ps.iter().map(|p| (*p, len as u32)).collect())
                })
                .collect();
            if let Some(found) = found {
                return found;
            }
        }
        Vec::new()
    }

    /// Items matching `query`, best first, with what to highlight.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        self.search_top(query, usize::MAX).1
    }

    /// How many items match `query`, and the best `limit` of them with what
    /// to highlight: a query matching thousands of items stays cheap in
    /// time and memory, as only the results shown are built.
    pub fn search_top(&self, query: &Query, limit: usize) -> (usize, Vec<Hit>) {
        if query.parts.is_empty() && query.tags.is_empty() && query.sections.is_empty() {
            return (0, Vec::new());
        }
        let tagged: Vec<HashSet<u32>> = query
            .tags
            .iter()
            .map(|t| self.labelled(&tag_term(t)))
            .collect();
        let in_sections: Option<HashSet<u32>> = (!query.sections.is_empty()).then(|| {
            query
                .sections
                .iter()
                .flat_map(|s| self.labelled(&section_term(s)))
                .collect()
        });
        let allowed = |d: usize| {
            let d = d as u32;
            tagged.iter().all(|set| set.contains(&d))
                && in_sections.as_ref().is_none_or(|set| set.contains(&d))
        };
        if query.parts.is_empty() {
            let mut ranked: Vec<(f32, u32)> = (0..self.docs.len() as u32)
                .filter(|&d| allowed(d as usize))
                .map(|doc| (0.0, doc))
                .collect();
            ranked.sort_by(|a, b| self.rank(a, b));
            let hits = ranked.iter().take(limit).map(|&(score, doc)| Hit {
                doc: doc as usize,
                score,
                title_ranges: Vec::new(),
                body_ranges: Vec::new(),
                missing: Vec::new(),
            });
            return (ranked.len(), hits.collect());
        }
        // Each part's occurrences, sorted by item, field and offset, and
        // those of its words when it is a Chinese run read as words.
        let sorted = |mut found: Vec<Occurrence>| {
            if !found.is_sorted() {
                found.sort_unstable();
            }
            found
        };
        let parts: Vec<PartMatch> = query
            .parts
            .iter()
            .map(|part| PartMatch {
                exact: sorted(self.occurrences(part)),
                pieces: if query.phrases_only {
                    Vec::new()
                } else {
                    self.pieces(part).into_iter().map(sorted).collect()
                },
            })
            .collect();
        // Candidates come from the rarest part; every other part must match too.
        let rarest = (0..parts.len())
            .min_by_key(|&i| parts[i].rarity())
            .unwrap_or(0);
        let mut ranked: Vec<(f32, u32)> = Vec::new();
        // One buffer for every candidate: a common word has thousands.
        let mut found: Vec<InDoc> = Vec::with_capacity(parts.len());
        for doc in parts[rarest].docs() {
            if !allowed(doc as usize) {
                continue;
            }
            found.clear();
            for part in &parts {
                match part.in_doc(doc) {
                    Some(f) => found.push(f),
                    None => break,
                }
            }
            if found.len() == parts.len() {
                ranked.push((score(&found), doc));
            }
        }
        // Nothing has every part: the items with the most of them.
        let mut partial = false;
        if ranked.is_empty() && parts.len() > 1 {
            let mut docs: Vec<u32> = parts.iter().flat_map(PartMatch::docs).collect();
            docs.sort_unstable();
            docs.dedup();
            let mut best = 1;
            for doc in docs {
                if !allowed(doc as usize) {
                    continue;
                }
                let found: Vec<InDoc> = parts.iter().filter_map(|p| p.in_doc(doc)).collect();
                if found.len() > best {
                    best = found.len();
                    ranked.clear();
                }
                if found.len() == best {
                    ranked.push((score(&found), doc));
                }
            }
            partial = true;
        }
        ranked.sort_by(|a, b| self.rank(a, b));
        let hits = ranked.iter().take(limit).map(|&(score, doc)| {
            let found: Vec<Option<InDoc>> = parts.iter().map(|p| p.in_doc(doc)).collect();
            let missing = if partial {
                found
                    .iter()
                    .zip(&query.labels)
                    .filter(|(f, _)| f.is_none())
                    .map(|(_, label)| label.clone())
                    .collect()
            } else {
                Vec::new()
            };
            let all: Vec<Occurrence> = found
                .iter()
                .flatten()
                .flat_map(|f| f.occurrences())
                .collect();
            let spans = |field: Field| {
                merge(all.iter().filter(|o| o.0.field() == field).map(|o| {
                    let start = o.0.pos() as usize;
                    (start, start + o.1 as usize)
                }))
            };
            Hit {
                doc: doc as usize,
                score,
                title_ranges: spans(Field::Title),
                body_ranges: spans(Field::Body),
                missing,
            }
        });
        (ranked.len(), hits.collect())
    }

    /// Best score first; among equals, the newer issue, then reading order.
    fn rank(&self, a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
        let volume = |d: u32| self.docs[d as usize].volume;
        b.0.total_cmp(&a.0)
            .then_with(|| volume(b.1).cmp(&volume(a.1)))
            .then_with(|| a.1.cmp(&b.1))
    }
}

/// Where a query part occurs (item, field, offset) and how many characters
/// it spans: twelve bytes, as queries over common terms make many.
type Occurrence = (Posting, u32);

/// The occurrences of `all` (sorted) in item `doc`.
fn in_item(all: &[Occurrence], doc: u32) -> &[Occurrence] {
    let start = all.partition_point(|o| o.0.doc < doc);
    let end = all.partition_point(|o| o.0.doc <= doc);
    &all[start..end]
}

/// Where one query part occurs: as typed, and word by word (Chinese runs
/// read as words; empty otherwise).
struct PartMatch {
    exact: Vec<Occurrence>,
    pieces: Vec<Vec<Occurrence>>,
}

/// How a part matches one item.
enum InDoc<'a> {
    /// As typed (a word, or a Chinese run as one string).
    Exact(&'a [Occurrence]),
    /// Only word by word.
    Pieces(Vec<&'a [Occurrence]>),
}

impl InDoc<'_> {
    fn occurrences(&self) -> Vec<Occurrence> {
        match self {
            InDoc::Exact(o) => o.to_vec(),
            InDoc::Pieces(pieces) => pieces.iter().flat_map(|p| p.iter().copied()).collect(),
        }
    }
}

impl PartMatch {
    /// About how many items can match: candidates are read from the rarest part.
    fn rarity(&self) -> usize {
        self.exact.len() + self.pieces.iter().map(Vec::len).min().unwrap_or(0)
    }

    /// Items that may match (sorted, each once): those holding the part as
    /// typed and those holding its rarest word.
    fn docs(&self) -> Vec<u32> {
        let rarest = self.pieces.iter().min_by_key(|p| p.len());
        let mut docs: Vec<u32> = Vec::new();
        // Occurrences are sorted by item: repeats are neighbours.
        for o in self.exact.iter().chain(rarest.into_iter().flatten()) {
            if docs.last() != Some(&o.0.doc) {
                docs.push(o.0.doc);
            }
        }
        if rarest.is_some() {
            docs.sort_unstable();
            docs.dedup();
        }
        docs
    }

    fn in_doc(&self, doc: u32) -> Option<InDoc<'_>> {
        let exact = in_item(&self.exact, doc);
        if !exact.is_empty() {
            return Some(InDoc::Exact(exact));
        }
        let pieces: Vec<&[Occurrence]> = self.pieces.iter().map(|p| in_item(p, doc)).collect();
        (!pieces.is_empty() && pieces.iter().all(|p| !p.is_empty()))
            .then_some(InDoc::Pieces(pieces))
    }
}

/// Titles weigh three times bodies; parts that sit close together in the
/// body earn up to one more point. A part found only word by word weighs
/// ten points less, so items holding every part as typed always come first,
/// and its words earn up to one point for standing close together.
fn score(found: &[InDoc]) -> f32 {
    let mut score = 0.0;
    let (mut first, mut last, mut in_body) = (usize::MAX, 0, 0);
    let field_score = |occurrences: &[Occurrence]| {
        let titles = occurrences.partition_point(|o| o.0.field() == Field::Title);
        let body = &occurrences[titles..];
        let weight = if titles > 0 { 3.0 } else { 1.0 };
        (
            weight + (body.len().min(5) as f32) * 0.05,
            body.first().map(|o| o.0.pos() as usize),
        )
    };
    for part in found {
        let body_pos = match part {
            InDoc::Exact(occurrences) => {
                let (s, pos) = field_score(occurrences);
                score += s;
                pos
            }
            InDoc::Pieces(pieces) => {
                score -= 10.0;
                let scored: Vec<(f32, Option<usize>)> =
                    pieces.iter().map(|p| field_score(p)).collect();
                score += scored.iter().map(|s| s.0).sum::<f32>() / scored.len() as f32;
                // Nearest to each other: the span of the words' first places.
                let places: Vec<u32> = pieces
                    .iter()
                    .filter_map(|p| nearest(p, pieces[0]))
                    .collect();
                if places.len() == pieces.len() {
                    let span =
                        places.iter().max().unwrap_or(&0) - places.iter().min().unwrap_or(&0);
                    score += 1.0 / (1.0 + span as f32 / 4.0);
                }
                scored.iter().filter_map(|s| s.1).min()
            }
        };
        if let Some(pos) = body_pos {
            first = first.min(pos);
            last = last.max(pos);
            in_body += 1;
        }
    }
    if found.len() > 1 && in_body == found.len() {
        score += 1.0 / (1.0 + (last - first) as f32 / 10.0);
    }
    score
}

/// The packed place (field and offset) of the occurrence in `occurrences`
/// nearest to the first occurrence of `anchor` in the same field.
fn nearest(occurrences: &[Occurrence], anchor: &[Occurrence]) -> Option<u32> {
    let target = anchor.first()?.0.at;
    occurrences
        .iter()
        .filter(|o| o.0.field() == anchor[0].0.field())
        .map(|o| o.0.at)
        .min_by_key(|at| at.abs_diff(target))
}

/// The `len` characters of `chars` from `k`.
fn gram(chars: &[char], k: usize, len: usize) -> String {
    chars[k..k + len].iter().collect()
}

/// (offset, length) of the indexed n-grams that cover a run of `n`
/// characters: the run itself up to [`MAX_GRAM`] characters, else n-grams of
/// that length every [`MAX_GRAM`] characters and one ending the run.
fn cjk_cover(n: usize) -> Vec<(usize, usize)> {
    if n <= MAX_GRAM {
        return vec![(0, n)];
    }
    let mut offsets: Vec<usize> = (0..=n - MAX_GRAM).step_by(MAX_GRAM).collect();
    if offsets.last() != Some(&(n - MAX_GRAM)) {
        offsets.push(n - MAX_GRAM);
    }
    offsets.into_iter().map(|k| (k, MAX_GRAM)).collect()
}

/// The readings of a Chinese run of `n` characters as words, as (offset,
/// length) of each word, in the order they are tried: pairs from the start
/// (an odd run's last word has three characters), then, for an odd run, a
/// word of three characters first. None for runs shorter than four
/// characters (a word already) or longer than [`MAX_SPLIT_CHARS`].
fn cjk_splits(n: usize) -> Vec<Vec<(usize, usize)>> {
    if !(4..=MAX_SPLIT_CHARS).contains(&n) {
        return Vec::new();
    }
    let pairs = |from: usize| -> Vec<(usize, usize)> {
        (from..n.saturating_sub(1))
            .step_by(2)
            .map(|k| (k, 2))
            .collect()
    };
    if n.is_multiple_of(2) {
        return vec![pairs(0)];
    }
    let mut trailing = pairs(0);
    if let Some(last) = trailing.last_mut() {
        last.1 = 3;
    }
    let mut leading = vec![(0, 3)];
    leading.extend(pairs(3));
    vec![trailing, leading]
}

/// The terms whose postings answer `part` as it stands: for a word, the
/// prefix itself (every term from it on that starts with it); for a Chinese
/// run, the n-grams that cover it.
pub fn part_terms(part: &Part) -> Vec<String> {
    match part {
        Part::Word(prefix) => vec![prefix.clone()],
        Part::Cjk(chars) => cjk_cover(chars.len())
            .into_iter()
            .map(|(k, len)| gram(chars, k, len))
            .collect(),
    }
}

/// The words of each reading of a Chinese run (none for other parts).
fn word_terms(part: &Part) -> Vec<String> {
    match part {
        Part::Word(_) => Vec::new(),
        Part::Cjk(chars) => cjk_splits(chars.len())
            .into_iter()
            .flatten()
            .map(|(k, len)| gram(chars, k, len))
            .collect(),
    }
}

/// Every term `query` looks up (a word prefix stands for the words it
/// begins, which share its shard), without repeats.
pub fn query_terms(query: &Query) -> Vec<String> {
    let mut terms: Vec<String> = query.parts.iter().flat_map(part_terms).collect();
    if !query.phrases_only {
        terms.extend(query.parts.iter().flat_map(word_terms));
    }
    let mut seen = HashSet::new();
    terms.retain(|t| seen.insert(t.clone()));
    terms.extend(query.tags.iter().map(|t| tag_term(t)));
    terms.extend(query.sections.iter().map(|s| section_term(s)));
    terms
}

/// Sorted, with overlapping and touching ranges joined.
fn merge(ranges: impl Iterator<Item = (usize, usize)>) -> Ranges {
    let mut all: Ranges = ranges.collect();
    all.sort_unstable();
    let mut merged: Ranges = Vec::new();
    for (s, e) in all {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// Parses what the reader typed: `tag:x` and `section:x` filters, CJK runs
/// and words. Punctuation, markup and regex characters are just separators.
pub fn parse_query(input: &str) -> Query {
    let input: String = input.chars().take(MAX_QUERY_CHARS).collect();
    let mut query = Query::default();
    let mut text = String::new();
    for word in input.split_whitespace() {
        let lower = word.to_lowercase();
        if let Some(tag) = lower.strip_prefix("tag:").filter(|t| !t.is_empty()) {
            query.tags.push(tag.to_string());
        } else if let Some(section) = lower.strip_prefix("section:").filter(|s| !s.is_empty()) {
            query.sections.push(section.to_string());
        } else {
            text.push_str(word);
            text.push(' ');
        }
    }
    let chars: Vec<char> = text.chars().map(fold_width).collect();
    for (cjk, start, end) in tokenize::runs(&chars) {
        let run = &chars[start..end];
        let (part, label) = if cjk {
            (Part::Cjk(run.to_vec()), run.iter().collect())
        } else {
            let word: String = run.iter().flat_map(|c| c.to_lowercase()).collect();
            (Part::Word(stem(&word).into_owned()), word)
        };
        if !query.parts.contains(&part) {
            query.parts.push(part);
            query.labels.push(label);
        }
    }
    query
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

    fn doc(id: &str, title: &str, body: &str, tags: &[&str]) -> Doc {
        Doc {
            volume: 1,
            id: id.into(),
            section: "news".into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            title: title.into(),
            body: body.into(),
        }
    }

    fn ids(docs: &[Doc], q: &str) -> Vec<String> {
        Index::build(docs)
            .search(&parse_query(q))
            .into_iter()
            .map(|h| docs[h.doc].id.clone())
            .collect()
    }

    #[test]
    fn long_chinese_runs_are_covered_exactly() {
        let text = "云原生生态周报每周发布一期";
        let index = [
            doc("a", text, "", &[]),
            doc("b", "云原生生态周每报发布一期", "", &[]),
        ];
        for q in [
            "云原生生态周报",
            "生态周报每周发布",
            "云原生生态周报每周发布一期",
            "报每周发布一",
        ] {
            assert_eq!(ids(&index, q), ["a"], "{q}");
        }
        assert!(ids(&index, "云原生生态周报每周发布一期啊").is_empty());
        assert_eq!(cjk_cover(9), [(0, 4), (4, 4), (5, 4)]);
        assert_eq!(cjk_cover(8), [(0, 4), (4, 4)]);
        assert_eq!(cjk_cover(3), [(0, 3)]);
    }

    #[test]
    fn chinese_runs_match_exactly_first_then_as_words_close_then_far() {
        let index = [
            doc(
                "far",
                "",
                "事件处理是一种很长很长很长很长的说法，再谈过滤",
                &[],
            ),
            doc("exact", "负载均衡", "", &[]),
            doc("apart", "均衡负载", "", &[]),
            doc("close", "", "事件的过滤", &[]),
            doc("one", "", "只有事件", &[]),
        ];
        assert_eq!(ids(&index, "负载均衡"), ["exact", "apart"]);
        // The first pass finds what ranks first, without the words' shards.
        let phrases = Index::build(&index).search(&parse_query("负载均衡").phrases());
        assert_eq!(phrases.len(), 1);
        assert_eq!(index[phrases[0].doc].id, "exact");
        // Up to three characters a run is one word: only as it stands.
        assert_eq!(ids(&index, "载均"), ["exact"]);
        assert_eq!(ids(&index, "衡"), ["exact", "apart"]);
        assert_eq!(ids(&index, "事件过滤"), ["close", "far"]);
        // A reading with a word the index does not know is not used: an odd
        // run is then read with three characters first.
        let index = [doc("book", "", "免费电子书，已完成翻译", &[])];
        assert_eq!(ids(&index, "电子书翻译"), ["book"]);
        assert_eq!(cjk_splits(5), [vec![(0, 2), (2, 3)], vec![(0, 3), (3, 2)]]);
        assert_eq!(cjk_splits(4), [vec![(0, 2), (2, 2)]]);
        assert!(cjk_splits(3).is_empty() && cjk_splits(MAX_SPLIT_CHARS + 1).is_empty());
    }

    #[test]
    fn english_words_match_their_other_forms() {
        let index = [
            doc("filter", "Advanced Filtering", "the filter field", &[]),
            doc("debug", "", "kubectl debug for Ephemeral Containers", &[]),
            doc("other", "Routing", "", &[]),
        ];
        assert_eq!(ids(&index, "filters"), ["filter"]);
        assert_eq!(ids(&index, "filtered"), ["filter"]);
        assert_eq!(ids(&index, "debugging containers"), ["debug"]);
        assert_eq!(ids(&index, "routes"), ["other"]);
        // Prefixes still match as the reader types.
        assert_eq!(ids(&index, "filte"), ["filter"]);
        assert_eq!(ids(&index, "contai"), ["debug"]);
    }

    #[test]
    fn without_an_item_holding_every_part_the_best_partial_matches_say_what_they_lack() {
        let index = [
            doc("two", "Envoy 负载均衡", "", &[]),
            doc("one", "Envoy", "", &[]),
        ];
        let hits = Index::build(&index).search(&parse_query("envoy 负载均衡 Kafka"));
        assert_eq!(hits.len(), 1);
        assert_eq!(index[hits[0].doc].id, "two");
        assert_eq!(hits[0].missing, ["kafka"]);
        assert!(Index::build(&index)
            .search(&parse_query("kafka"))
            .is_empty());
    }

    #[test]
    fn words_match_by_prefix_and_all_parts_must_match() {
        let index = [
            doc(
                "orca",
                "Envoy正通过ORCA改善负载均衡的精准度",
                "",
                &["envoy"],
            ),
            doc(
                "stats",
                "",
                "Envoy当下通过共享内存的方式来保存stats数据",
                &["envoy"],
            ),
        ];
        assert_eq!(ids(&index, "Envoy 负载均衡"), ["orca"]);
        assert_eq!(ids(&index, "env"), ["orca", "stats"]);
        assert_eq!(ids(&index, "stat"), ["stats"]);
        assert_eq!(ids(&index, "tag:envoy 共享"), ["stats"]);
        assert!(ids(&index, "tag:istio").is_empty());
    }

    #[test]
    fn titles_rank_above_bodies_and_ranges_are_merged() {
        let index = [
            doc("body", "", "Knative 的 Trigger", &[]),
            doc("title", "Knative Trigger", "", &[]),
        ];
        let hits = Index::build(&index).search(&parse_query("knative trigger"));
        assert_eq!(index[hits[0].doc].id, "title");
        // Ranges span the stems (`knativ`, `trig`); results mark whole words
        // (`present::whole_words`).
        assert_eq!(hits[0].title_ranges, [(0, 6), (8, 12)]);
        assert!(ids(&index, "负载").is_empty());
    }

    #[test]
    fn hostile_queries_are_plain_text() {
        let index = [doc("x", "img onerror alert", "", &[])];
        // Markup is words: the item has some of them, and says which not.
        let hits = Index::build(&index).search(&parse_query("<img src=x onerror=alert(1)>"));
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].missing, ["src", "x", "1"]);
        assert_eq!(ids(&index, "<img onerror=alert>"), ["x"]);
        assert!(ids(&index, ".*+?^${}()|[]\\").is_empty());
        let long = "负".repeat(10_000);
        assert!(ids(&index, &long).is_empty());
        assert_eq!(
            parse_query(&long).parts,
            [Part::Cjk(vec!['负'; MAX_QUERY_CHARS])]
        );
    }

    #[test]
    fn snippets_keep_highlights_on_characters() {
        let (text, ranges) = snippet("一二三四五六七八九十", &[(6, 8)], 4);
        assert_eq!(text, "…六七八九…");
        assert_eq!(ranges, [(2, 4)]);
        let (text, ranges) = snippet("abc", &[(0, 1)], 10);
        assert_eq!((text.as_str(), ranges), ("abc", vec![(0, 1)]));
    }
}
