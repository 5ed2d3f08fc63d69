//! Finding and ordering the items that match a query: exact Chinese runs
//! by the n-grams that cover them, runs read as words, word prefixes, then
//! scores (title above body, words close together above words far apart,
//! newer issues first among equals) and what to highlight. Pure.

use super::query::{cjk_cover, cjk_splits, gram};
use super::{section_term, tag_term, wire, Field, Hit, Index, Part, Posting, Query, Ranges};
use std::collections::HashSet;

impl Index {
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
                    let word = self.occurrences(&Part::Cjk(chars[k..k + len].to_vec()));
                    (!word.is_empty()).then_some(word)
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
