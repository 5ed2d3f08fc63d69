//! The published search index. Pure.
//!
//! There is no index file to load first: a term's shard is a hash of its
//! key, and the item numbering comes from the catalog the app already has
//! (items are numbered through the issues in catalog order). A cold query
//! fetches only the shards of its own keys: one for a word or a Chinese run
//! of up to four characters, one per four characters of a longer run
//! ([`super::part_terms`]). Tags and sections are terms too
//! ([`super::tag_term`]), so `tag:istio` is one shard.
//!
//! A term's key is the term itself, except for words: their first three
//! letters, so every word a prefix of three or more letters can complete
//! is in the prefix's shard. Shorter words match exactly.
//!
//! Postings of one term are a flat list of numbers, per item in item order:
//! `item − previous item, title count, body count, title positions…, body
//! positions…`, positions as deltas from the previous one in the same
//! field. Files are JSON: the app parses JSON already, and brotli makes
//! decimal deltas within about 15 % of binary varints.

use super::{DocRef, Field, Index, Posting, Query};
use crate::model::decode::Decode;
use crate::model::{is_cjk, Catalog, SearchRef, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Shards hold about this many numbers of postings on average: small
/// enough that a query's shards stay a few kilobytes over the wire.
pub const SHARD_NUMBERS: usize = 4_000;

/// Letters of a word that choose its shard, and the shortest word prefix
/// that matches longer words.
pub const WORD_KEY_CHARS: usize = 3;

/// More items than any newsletter will have: a catalog claiming more is
/// refused before anything is allocated for it.
const MAX_ITEMS: u64 = 1_000_000;

/// `search/{n}.{hash}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Shard {
    pub schema_version: u32,
    /// Sorted.
    pub terms: Vec<String>,
    /// One flat list per term (see the module docs).
    pub postings: Vec<Vec<u32>>,
}

/// What decides a term's shard.
pub fn key(term: &str) -> &str {
    let is_word = term
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c));
    match term.char_indices().nth(WORD_KEY_CHARS) {
        Some((end, _)) if is_word => &term[..end],
        _ => term,
    }
}

/// The shard of `term` among `shards` (FNV-1a of its key: stable on every
/// machine and in the browser).
pub fn shard_of(term: &str, shards: u32) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in key(term).bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash % shards.max(1)) as usize
}

/// The shards `query` needs, in order, without repeats.
pub fn shards_for(query: &Query, shards: u32) -> Vec<usize> {
    let mut needed: Vec<usize> = super::query_terms(query)
        .iter()
        .map(|term| shard_of(term, shards))
        .collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// Where shard `n` of the shards hashed `hash` lives, relative to the data
/// folder.
pub fn shard_file(n: usize, hash: &str) -> String {
    format!("search/{n}.{hash}.json")
}

/// Splits `index` into shards of about `shard_numbers` numbers each.
pub fn split(index: &Index, shard_numbers: usize) -> Vec<Shard> {
    let encoded: Vec<(&String, Vec<u32>)> = index
        .term_postings()
        .map(|(term, postings)| (term, encode(postings)))
        .collect();
    let total: usize = encoded.iter().map(|(_, e)| e.len()).sum();
    let count = total.div_ceil(shard_numbers.max(1)).max(1) as u32;
    let mut shards: Vec<Shard> = (0..count)
        .map(|_| Shard {
            schema_version: SCHEMA_VERSION,
            terms: Vec::new(),
            postings: Vec::new(),
        })
        .collect();
    // Terms come in sorted order, so every shard's terms are sorted too.
    for (term, numbers) in encoded {
        let shard = &mut shards[shard_of(term, count)];
        shard.terms.push(term.clone());
        shard.postings.push(numbers);
    }
    shards
}

fn encode(postings: &[Posting]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous_doc = 0;
    let mut i = 0;
    while i < postings.len() {
        let doc = postings[i].doc;
        let mut end = i;
        while end < postings.len() && postings[end].doc == doc {
            end += 1;
        }
        let of = |field: Field| -> Vec<u32> {
            let mut positions: Vec<u32> = postings[i..end]
                .iter()
                .filter(|p| p.field() == field)
                .map(|p| p.pos())
                .collect();
            positions.sort_unstable();
            positions
        };
        let (title, body) = (of(Field::Title), of(Field::Body));
        out.extend([doc - previous_doc, title.len() as u32, body.len() as u32]);
        for positions in [title, body] {
            let mut previous = 0;
            for p in positions {
                out.push(p - previous);
                previous = p;
            }
        }
        previous_doc = doc;
        i = end;
    }
    out
}

/// Why a published search file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

fn decode(numbers: &[u32], docs: usize) -> Result<Vec<Posting>, Corrupt> {
    let mut out = Vec::new();
    let mut it = numbers.iter().copied();
    let mut doc: u32 = 0;
    let corrupt = Corrupt;
    while let Some(delta) = it.next() {
        doc = doc
            .checked_add(delta)
            .filter(|d| (*d as usize) < docs)
            .ok_or_else(|| corrupt("item out of range"))?;
        let titles = it.next().ok_or_else(|| corrupt("truncated"))?;
        let bodies = it.next().ok_or_else(|| corrupt("truncated"))?;
        for (field, count) in [(Field::Title, titles), (Field::Body, bodies)] {
            let mut pos: u32 = 0;
            for _ in 0..count {
                let step = it.next().ok_or_else(|| corrupt("truncated"))?;
                pos = pos
                    .checked_add(step)
                    .ok_or_else(|| corrupt("position overflow"))?;
                out.push(
                    Posting::new(doc, field, pos).ok_or_else(|| corrupt("position overflow"))?,
                );
            }
        }
    }
    Ok(out)
}

impl SearchRef {
    /// Where shard `n` lives, relative to the data folder.
    pub fn shard_file(&self, n: usize) -> String {
        shard_file(n, &self.hash)
    }

    /// The shards `query` needs.
    pub fn shards_for(&self, query: &Query) -> Vec<usize> {
        shards_for(query, self.shards)
    }
}

/// (volume, items) of every issue the index numbers, in its order: the
/// catalog's issues that have a file.
pub fn numbering(catalog: &Catalog) -> Vec<(u32, u32)> {
    catalog
        .issues
        .iter()
        .filter(|e| e.file.is_some())
        .map(|e| (e.volume, e.item_count))
        .collect()
}

/// The index of every item of `issues` ([`numbering`]), without terms yet.
pub fn index_of(issues: &[(u32, u32)]) -> Result<Index, Corrupt> {
    let total: u64 = issues.iter().map(|(_, n)| u64::from(*n)).sum();
    if total > MAX_ITEMS {
        return Err(Corrupt("implausibly many items"));
    }
    let docs = issues
        .iter()
        .flat_map(|&(volume, n)| (0..n).map(move |item| DocRef { volume, item }))
        .collect();
    Ok(Index::with_docs(docs))
}

impl Index {
    /// Adds a loaded shard's terms; says how many postings they hold.
    pub fn add_shard(&mut self, shard: &Shard) -> Result<usize, Corrupt> {
        if shard.terms.len() != shard.postings.len() {
            return Err(Corrupt("terms and postings differ in length"));
        }
        let docs = self.docs.len();
        let mut decoded = BTreeMap::new();
        for (term, numbers) in shard.terms.iter().zip(&shard.postings) {
            decoded.insert(term.clone(), decode(numbers, docs)?);
        }
        let postings = decoded.values().map(Vec::len).sum();
        self.terms.extend(decoded);
        Ok(postings)
    }

    /// How many distinct terms are loaded.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Forgets the terms of an evicted shard.
    pub fn remove_terms(&mut self, terms: &[String]) {
        for term in terms {
            self.terms.remove(term);
        }
    }
}

/// Which entries to forget so that the sizes of the rest add up to at
/// most `budget`: the least recently used first, never one used at `now`
/// (the query on screen needs it). `used` is (key, last use, size).
pub fn least_recent<K: Copy + Ord>(used: &[(K, u64, usize)], budget: usize, now: u64) -> Vec<K> {
    let mut total: usize = used.iter().map(|u| u.2).sum();
    let mut old: Vec<(u64, K, usize)> = used
        .iter()
        .filter(|u| u.1 < now)
        .map(|&(k, at, size)| (at, k, size))
        .collect();
    old.sort_unstable();
    let mut out = Vec::new();
    for (_, k, size) in old {
        if total <= budget {
            break;
        }
        total -= size;
        out.push(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{parse_query, Doc};

    fn doc(id: &str, title: &str, body: &str) -> Doc {
        Doc {
            volume: 7,
            id: id.into(),
            section: "news".into(),
            tags: vec!["istio".into()],
            title: title.into(),
            body: body.into(),
        }
    }

    fn corpus() -> Index {
        Index::build(&[
            doc("a", "负载均衡 Envoy", "Envoy 通过 ORCA 改善负载均衡"),
            doc("b", "Istio 1.4 发布", "Istio egress 网关与负载"),
            doc("c", "", "容器运行时 containerd 与 Envoy"),
        ])
    }

    /// The shards of a query, loaded into an index numbered like `whole`.
    fn from_shards(shards: &[Shard], q: &str) -> Index {
        let mut index = index_of(&[(7, 3)]).unwrap();
        for s in shards_for(&parse_query(q), shards.len() as u32) {
            index.add_shard(&shards[s]).unwrap();
        }
        index
    }

    #[test]
    fn sharded_answers_equal_the_whole_index() {
        let whole = corpus();
        for size in [1, 5, 40, 100_000] {
            let shards = split(&whole, size);
            assert!(size > 100 || shards.len() > 3, "{size}: {}", shards.len());
            for q in [
                "负载均衡",
                "载均",
                "env",
                "en",
                "ENVOY 负载",
                "istio tag:istio",
                "衡",
                "egr 网关",
                "c",
                "容器运行时",
                "tag:istio",
                "section:news 负载",
                "section:reading",
            ] {
                let partial = from_shards(&shards, q);
                assert_eq!(
                    partial.search(&parse_query(q)),
                    whole.search(&parse_query(q)),
                    "{q} with shards of {size}"
                );
            }
        }
    }

    #[test]
    fn the_least_recently_used_go_first_but_never_the_current() {
        let used = [(1, 5, 10), (2, 1, 10), (3, 9, 10), (4, 3, 10)];
        assert_eq!(least_recent(&used, 20, 9), [2, 4]);
        assert_eq!(least_recent(&used, 25, 9), [2, 4]);
        assert_eq!(least_recent(&used, 40, 9), Vec::<i32>::new());
        // Big entries count for more.
        assert_eq!(
            least_recent(&[(1, 1, 100), (2, 2, 1), (3, 9, 1)], 10, 9),
            [1]
        );
        // Everything in use now stays, even over the budget.
        assert_eq!(
            least_recent(&[(1, 9, 50), (2, 9, 50)], 1, 9),
            Vec::<i32>::new()
        );
        let mut index = corpus();
        let before = index.term_count();
        index.remove_terms(&["负载".to_string(), "absent".to_string()]);
        assert_eq!(index.term_count(), before - 1);
    }

    #[test]
    fn keys_put_a_prefix_and_its_words_together() {
        assert_eq!(key("envoy"), "env");
        assert_eq!(key("en"), "en");
        assert_eq!(key("负载"), "负载");
        assert_eq!(key("#istio"), "#istio");
        assert_eq!(key("§news"), "§news");
        for shards in [1, 7, 640] {
            assert_eq!(shard_of("envoy", shards), shard_of("env", shards));
            assert!(shard_of("负载", shards) < shards as usize);
        }
    }

    #[test]
    fn a_query_needs_few_shards() {
        // A Chinese run of up to three characters is one term; of four, the
        // run and its two words (issue 13: at most three requests).
        assert_eq!(shards_for(&parse_query("负载均"), 1000).len(), 1);
        assert!(shards_for(&parse_query("负载均衡"), 1000).len() <= 3);
        // Its first pass, the run as it stands: one.
        assert_eq!(
            shards_for(&parse_query("负载均衡").phrases(), 1000).len(),
            1
        );
        assert!(shards_for(&parse_query("事件过滤"), 1000).len() <= 3);
        assert_eq!(shards_for(&parse_query("filters"), 1000).len(), 1);
        assert_eq!(shards_for(&parse_query("tag:istio"), 1000).len(), 1);
        assert!(shards_for(&parse_query("Envoy 负载均衡"), 1000).len() <= 4);
        // Longer runs: covered by four-character terms.
        assert!(shards_for(&parse_query("一二三四五六七八九"), 1000).len() <= 3);
    }

    #[test]
    fn corrupt_postings_are_errors_not_panics() {
        let mut index = index_of(&[(7, 3)]).unwrap();
        let bad = |postings: Vec<u32>| Shard {
            schema_version: 1,
            terms: vec!["x".into()],
            postings: vec![postings],
        };
        assert!(index.add_shard(&bad(vec![99, 1, 0, 0])).is_err());
        assert!(index.add_shard(&bad(vec![0, 5])).is_err());
        assert!(index.add_shard(&bad(vec![0, 2, 0, u32::MAX, 5])).is_err());
        assert!(index_of(&[(7, 3), (8, u32::MAX)]).is_err());
    }
}
