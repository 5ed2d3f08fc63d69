//! Full-text search over items, Chinese and English together. Pure: the
//! compiler builds the index at build time; the app will query it in the
//! browser (see the search issue for the wire format still to come).
//!
//! Chinese matches any substring: a query run of n ≥ 2 CJK characters
//! matches where its n − 1 bigrams sit at consecutive positions (exact, not
//! just "all bigrams somewhere"); a single character matches its unigram.
//! Other text matches whole words and word prefixes, case-insensitively.
//! All query parts must match (AND); `tag:x` and `section:x` narrow results.

mod tokenize;

pub use tokenize::{fold_width, tokenize, Kind, Token};

use std::collections::{BTreeMap, HashSet};

/// One searchable item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub volume: u32,
    pub id: String,
    pub section: String,
    pub tags: Vec<String>,
    pub title: String,
    pub body: String,
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

/// Postings by term, in term order so prefixes are a range.
#[derive(Debug, Default)]
pub struct Index {
    pub docs: Vec<Doc>,
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
    pub fn build(docs: Vec<Doc>) -> Index {
        let mut terms: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for (field, text) in [(Field::Title, &doc.title), (Field::Body, &doc.body)] {
                for token in tokenize(text) {
                    terms.entry(token.term).or_default().push(Posting {
                        doc: d as u32,
                        field,
                        pos: token.start as u32,
                    });
                }
            }
        }
        Index { docs, terms }
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
                let bigram = |k: usize| chars[k..k + 2].iter().collect::<String>();
                let Some(first) = self.terms.get(&bigram(0)) else {
                    return Vec::new();
                };
                let rest: Vec<HashSet<Posting>> = (1..chars.len() - 1)
                    .map(|k| {
                        self.terms
                            .get(&bigram(k))
                            .map(|ps| ps.iter().copied().collect())
                            .unwrap_or_default()
                    })
                    .collect();
                first
                    .iter()
                    .filter(|p| {
                        rest.iter().enumerate().all(|(k, set)| {
                            set.contains(&Posting {
                                pos: p.pos + k as u32 + 1,
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
        let allowed = |d: usize| {
            let doc = &self.docs[d];
            query.tags.iter().all(|t| doc.tags.contains(t))
                && (query.sections.is_empty() || query.sections.contains(&doc.section))
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

    fn ids(index: &Index, q: &str) -> Vec<String> {
        index
            .search(&parse_query(q))
            .into_iter()
            .map(|h| index.docs[h.doc].id.clone())
            .collect()
    }

    #[test]
    fn chinese_substrings_must_be_contiguous() {
        let index = Index::build(vec![
            doc("a", "负载均衡", "", &[]),
            doc("b", "均衡负载", "", &[]),
        ]);
        assert_eq!(ids(&index, "负载均衡"), ["a"]);
        assert_eq!(ids(&index, "载均"), ["a"]);
        assert_eq!(ids(&index, "衡"), ["a", "b"]);
    }

    #[test]
    fn words_match_by_prefix_and_all_parts_must_match() {
        let index = Index::build(vec![
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
        ]);
        assert_eq!(ids(&index, "Envoy 负载均衡"), ["orca"]);
        assert_eq!(ids(&index, "env"), ["orca", "stats"]);
        assert_eq!(ids(&index, "stat"), ["stats"]);
        assert_eq!(ids(&index, "tag:envoy 共享"), ["stats"]);
        assert!(ids(&index, "tag:istio").is_empty());
    }

    #[test]
    fn titles_rank_above_bodies_and_ranges_are_merged() {
        let index = Index::build(vec![
            doc("body", "", "Knative 的 Trigger", &[]),
            doc("title", "Knative Trigger", "", &[]),
        ]);
        let hits = index.search(&parse_query("knative trigger"));
        assert_eq!(index.docs[hits[0].doc].id, "title");
        assert_eq!(hits[0].title_ranges, [(0, 7), (8, 15)]);
        let q = index.search(&parse_query("负载"));
        assert!(q.is_empty());
    }

    #[test]
    fn hostile_queries_are_plain_text() {
        let index = Index::build(vec![doc("x", "img onerror alert", "", &[])]);
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
