//! Full-text search over items, Chinese and English together. Pure: the
//! compiler builds the index at build time and publishes it in shards
//! ([`wire`]); the app loads the shards a query needs and asks the same
//! [`Index`].
//!
//! Chinese matches any substring: a query run of n ≥ 2 CJK characters
//! matches where its n − 1 bigrams sit at consecutive positions (exact, not
//! just "all bigrams somewhere"); a single character matches its unigram.
//! Other text matches whole words and word prefixes, case-insensitively.
//! All query parts must match (AND); `tag:x` and `section:x` narrow results.

pub mod present;
mod tokenize;
pub mod wire;

pub use tokenize::{fold_width, tokenize, Kind, Token};

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
        let mut docs = Vec::new();
        for section in &issue.sections {
            for item in section.groups.iter().flat_map(|g| &g.items) {
                docs.push(Doc {
                    volume: issue.volume,
                    id: item.id.clone(),
                    section: section.slug.clone(),
                    tags: item.tags.clone(),
                    title: item.label(),
                    body: item.plain_body(),
                });
            }
        }
        docs
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Posting {
    doc: u32,
    field: Field,
    /// Character offset of the term in the field.
    pos: u32,
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

/// Where one query part occurs in one item: in the title, in the body.
#[derive(Debug, Clone, Default)]
struct PartMatch {
    title: Ranges,
    body: Ranges,
}

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
                terms.entry(term).or_default().push(Posting {
                    doc: d as u32,
                    field,
                    pos: pos as u32,
                })
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

    /// Every (doc, field, start, end) where `part` occurs.
    fn occurrences(&self, part: &Part) -> Vec<(u32, Field, usize, usize)> {
        match part {
            Part::Word(prefix) => self
                .terms
                .range(prefix.clone()..)
                .take_while(|(term, _)| term.starts_with(prefix.as_str()))
                .flat_map(|(term, postings)| {
                    let len = term.chars().count();
                    postings
                        .iter()
                        .map(move |p| (p.doc, p.field, p.pos as usize, p.pos as usize + len))
                })
                .collect(),
            Part::Cjk(chars) if chars.len() == 1 => self
                .terms
                .get(&chars[0].to_string())
                .map(|ps| {
                    ps.iter()
                        .map(|p| (p.doc, p.field, p.pos as usize, p.pos as usize + 1))
                        .collect()
                })
                .unwrap_or_default(),
            Part::Cjk(chars) => {
                // Bigrams that cover the run; where each sits relative to
                // the first fixes adjacency, so the match is exact.
                let mut cover: Vec<(usize, Option<&Vec<Posting>>)> = cjk_cover(chars.len())
                    .into_iter()
                    .map(|k| (k, self.terms.get(&bigram(chars, k))))
                    .collect();
                if cover.iter().any(|(_, ps)| ps.is_none()) {
                    return Vec::new();
                }
                let (_, first) = cover.remove(0);
                let rest: Vec<(u32, HashSet<Posting>)> = cover
                    .into_iter()
                    .map(|(k, ps)| (k as u32, ps.into_iter().flatten().copied().collect()))
                    .collect();
                first
                    .into_iter()
                    .flatten()
                    .filter(|p| {
                        rest.iter().all(|(k, set)| {
                            set.contains(&Posting {
                                pos: p.pos + k,
                                ..**p
                            })
                        })
                    })
                    .map(|p| (p.doc, p.field, p.pos as usize, p.pos as usize + chars.len()))
                    .collect()
            }
        }
    }

    /// Items matching `query`, best first.
    pub fn search(&self, query: &Query) -> Vec<Hit> {
        if query.parts.is_empty() && query.tags.is_empty() && query.sections.is_empty() {
            return Vec::new();
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
        // Per doc: for each part, its ranges in the title and the body.
        let mut found: BTreeMap<u32, Vec<PartMatch>> = BTreeMap::new();
        for (i, part) in query.parts.iter().enumerate() {
            for (doc, field, start, end) in self.occurrences(part) {
                let entry = found
                    .entry(doc)
                    .or_insert_with(|| vec![PartMatch::default(); query.parts.len()]);
                match field {
                    Field::Title => entry[i].title.push((start, end)),
                    Field::Body => entry[i].body.push((start, end)),
                }
            }
        }
        let mut hits: Vec<Hit> = if query.parts.is_empty() {
            (0..self.docs.len())
                .map(|d| Hit {
                    doc: d,
                    score: 0.0,
                    title_ranges: Vec::new(),
                    body_ranges: Vec::new(),
                })
                .collect()
        } else {
            found
                .into_iter()
                .filter(|(_, parts)| {
                    parts
                        .iter()
                        .all(|m| !m.title.is_empty() || !m.body.is_empty())
                })
                .map(|(doc, parts)| score(doc as usize, &parts))
                .collect()
        };
        hits.retain(|h| allowed(h.doc));
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.docs[b.doc].volume.cmp(&self.docs[a.doc].volume))
                .then_with(|| a.doc.cmp(&b.doc))
        });
        hits
    }
}

/// The bigram of `chars` at `k`.
fn bigram(chars: &[char], k: usize) -> String {
    chars[k..k + 2].iter().collect()
}

/// Offsets of the bigrams that cover a run of `n ≥ 2` characters: every
/// second one, and the last so the end is covered. Fewer terms than all
/// bigrams, so a query needs fewer shards.
fn cjk_cover(n: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = (0..n - 1).step_by(2).collect();
    if offsets.last() != Some(&(n - 2)) {
        offsets.push(n - 2);
    }
    offsets
}

/// The terms whose postings answer `part`: for a word, the prefix itself
/// (every term from it on that starts with it).
pub fn part_terms(part: &Part) -> Vec<String> {
    match part {
        Part::Word(prefix) => vec![prefix.clone()],
        Part::Cjk(chars) if chars.len() == 1 => vec![chars[0].to_string()],
        Part::Cjk(chars) => cjk_cover(chars.len())
            .into_iter()
            .map(|k| bigram(chars, k))
            .collect(),
    }
}

/// Every term `query` looks up, with whether it is a word prefix.
pub fn query_terms(query: &Query) -> Vec<(String, bool)> {
    let mut terms: Vec<(String, bool)> = Vec::new();
    for part in &query.parts {
        let prefix = matches!(part, Part::Word(_));
        terms.extend(part_terms(part).into_iter().map(|t| (t, prefix)));
    }
    terms.extend(query.tags.iter().map(|t| (tag_term(t), false)));
    terms.extend(query.sections.iter().map(|s| (section_term(s), false)));
    terms
}

/// Titles weigh three times bodies; parts that sit close together in the
/// body earn up to one more point.
fn score(doc: usize, parts: &[PartMatch]) -> Hit {
    let mut score = 0.0;
    for m in parts {
        score += if m.title.is_empty() { 1.0 } else { 3.0 };
        score += (m.body.len().min(5) as f32) * 0.05;
    }
    if parts.len() > 1 {
        let firsts: Vec<usize> = parts
            .iter()
            .filter_map(|m| m.body.first().map(|r| r.0))
            .collect();
        if firsts.len() == parts.len() {
            let span = firsts.iter().max().unwrap_or(&0) - firsts.iter().min().unwrap_or(&0);
            score += 1.0 / (1.0 + span as f32 / 10.0);
        }
    }
    Hit {
        doc,
        score,
        title_ranges: merge(parts.iter().flat_map(|m| m.title.iter().copied())),
        body_ranges: merge(parts.iter().flat_map(|m| m.body.iter().copied())),
    }
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
