//! Full-text search over items, Chinese and English together. Pure: the
//! compiler builds the index at build time and publishes it in shards
//! ([`wire`]); the app loads the shards a query needs and asks the same
//! [`Index`].
//!
//! Chinese matches any substring: every run of one to four CJK characters
//! is a term, so a query run that short is one lookup; a longer one matches
//! where the four-character terms that cover it sit at the right distances
//! from each other (exact, not just "all of them somewhere").
//! Other text matches whole words and word prefixes, case-insensitively.
//! All query parts must match (AND); `tag:x` and `section:x` narrow results.

pub mod present;
mod tokenize;
pub mod wire;

pub use tokenize::{fold_width, tokenize, Kind, Token, MAX_GRAM};

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
    pub tags: Vec<String>,
    pub sections: Vec<String>,
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
}

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
            });
            return (ranked.len(), hits.collect());
        }
        // Each part's occurrences, sorted by item, field and offset.
        let occurrences: Vec<Vec<Occurrence>> = query
            .parts
            .iter()
            .map(|part| {
                let mut found = self.occurrences(part);
                if !found.is_sorted() {
                    found.sort_unstable();
                }
                found
            })
            .collect();
        let of = |part: usize, doc: u32| -> &[Occurrence] {
            let all = &occurrences[part];
            let start = all.partition_point(|o| o.0.doc < doc);
            let end = all.partition_point(|o| o.0.doc <= doc);
            &all[start..end]
        };
        // Candidates come from the rarest part; every other part must occur too.
        let rarest = (0..occurrences.len())
            .min_by_key(|&i| occurrences[i].len())
            .unwrap_or(0);
        let mut ranked: Vec<(f32, u32)> = Vec::new();
        let mut previous = None;
        let mut found: Vec<&[Occurrence]> = Vec::with_capacity(occurrences.len());
        for &(Posting { doc, .. }, _) in &occurrences[rarest] {
            if previous.replace(doc) == Some(doc) || !allowed(doc as usize) {
                continue;
            }
            found.clear();
            found.extend((0..occurrences.len()).map(|i| of(i, doc)));
            if found.iter().any(|o| o.is_empty()) {
                continue;
            }
            ranked.push((score(&found), doc));
        }
        ranked.sort_by(|a, b| self.rank(a, b));
        let hits = ranked.iter().take(limit).map(|&(score, doc)| {
            let all = (0..occurrences.len()).flat_map(|i| of(i, doc).iter());
            let spans = |field: Field| {
                merge(all.clone().filter(move |o| o.0.field() == field).map(|o| {
                    let start = o.0.pos() as usize;
                    (start, start + o.1 as usize)
                }))
            };
            Hit {
                doc: doc as usize,
                score,
                title_ranges: spans(Field::Title),
                body_ranges: spans(Field::Body),
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

/// Titles weigh three times bodies; parts that sit close together in the
/// body earn up to one more point. `found` holds each part's occurrences in
/// one item, titles first.
fn score(found: &[&[Occurrence]]) -> f32 {
    let mut score = 0.0;
    let (mut first, mut last, mut in_body) = (usize::MAX, 0, 0);
    for occurrences in found {
        let titles = occurrences.partition_point(|o| o.0.field() == Field::Title);
        let body = &occurrences[titles..];
        score += if titles > 0 { 3.0 } else { 1.0 };
        score += (body.len().min(5) as f32) * 0.05;
        if let Some(o) = body.first() {
            let pos = o.0.pos() as usize;
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

/// The terms whose postings answer `part`: for a word, the prefix itself
/// (every term from it on that starts with it).
pub fn part_terms(part: &Part) -> Vec<String> {
    match part {
        Part::Word(prefix) => vec![prefix.clone()],
        Part::Cjk(chars) => cjk_cover(chars.len())
            .into_iter()
            .map(|(k, len)| gram(chars, k, len))
            .collect(),
    }
}

/// Every term `query` looks up (a word prefix stands for the words it
/// begins, which share its shard).
pub fn query_terms(query: &Query) -> Vec<String> {
    let mut terms: Vec<String> = query.parts.iter().flat_map(part_terms).collect();
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
        query.parts.push(if cjk {
            Part::Cjk(run.to_vec())
        } else {
            Part::Word(run.iter().flat_map(|c| c.to_lowercase()).collect())
        });
    }
    query.parts.dedup();
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
    fn chinese_substrings_must_be_contiguous() {
        let index = [doc("a", "负载均衡", "", &[]), doc("b", "均衡负载", "", &[])];
        assert_eq!(ids(&index, "负载均衡"), ["a"]);
        assert_eq!(ids(&index, "载均"), ["a"]);
        assert_eq!(ids(&index, "衡"), ["a", "b"]);
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
        assert_eq!(hits[0].title_ranges, [(0, 7), (8, 15)]);
        assert!(ids(&index, "负载").is_empty());
    }

    #[test]
    fn hostile_queries_are_plain_text() {
        let index = [doc("x", "img onerror alert", "", &[])];
        assert_eq!(
            ids(&index, "<img src=x onerror=alert(1)>"),
            Vec::<String>::new()
        );
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
