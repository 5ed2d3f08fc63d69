//! The published search index. Pure.
//!
//! - The **meta** file is always needed and small: how many items each
//!   issue has (an item is known by its issue and its place in it), and the
//!   first term of each shard.
//! - **Shards** hold positional postings for a contiguous range of terms in
//!   sorted order (a word prefix usually falls in one shard). A query
//!   fetches only the shards of its own terms; Chinese runs need only the
//!   bigrams that cover them. Tags and sections are terms too
//!   ([`super::tag_term`]), so `tag:istio` fetches one shard.
//!
//! Postings of one term are a flat list of numbers, per item in item order:
//! `item − previous item, title count, body count, title positions…, body
//! positions…`, positions as deltas from the previous one in the same
//! field. Files are JSON (already parsed by the app, and brotli makes
//! decimal deltas about as small as binary varints).

use super::{DocRef, Field, Index, Posting, Query};
use crate::model::SCHEMA_VERSION;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Shards are cut when their postings pass this many numbers: small enough
/// that a query's shards stay a few kilobytes over the wire.
pub const SHARD_NUMBERS: usize = 8_000;

/// More items than any newsletter will have: a meta file claiming more is
/// corrupt, and is refused before anything is allocated for it.
const MAX_ITEMS: u64 = 1_000_000;

/// `search/meta.{hash}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchMeta {
    pub schema_version: u32,
    /// (volume, number of items) per issue, in index order.
    pub issues: Vec<(u32, u32)>,
    /// The first term of each shard, in term order (the first shard also
    /// holds everything sorting before its term, so its entry is empty).
    pub shards: Vec<String>,
    /// One content hash for every shard: adding an issue renumbers items,
    /// which changes nearly every shard anyway, and one hash instead of one
    /// per shard keeps this always-needed file small.
    pub shard_hash: String,
}

/// `search/{n}.{hash}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    pub schema_version: u32,
    /// Sorted.
    pub terms: Vec<String>,
    /// One flat list per term (see the module docs).
    pub postings: Vec<Vec<u32>>,
}

/// Splits `index` into a meta file (without the shards' hash, which depends
/// on their bytes) and its shards.
pub fn split(index: &Index, shard_numbers: usize) -> (SearchMeta, Vec<Shard>) {
    let mut issues: Vec<(u32, u32)> = Vec::new();
    for doc in &index.docs {
        match issues.last_mut() {
            Some((volume, count)) if *volume == doc.volume => *count += 1,
            _ => issues.push((doc.volume, 1)),
        }
    }
    let mut shards: Vec<Shard> = Vec::new();
    let mut size = usize::MAX;
    for (term, postings) in index.term_postings() {
        let encoded = encode(postings);
        if size >= shard_numbers {
            shards.push(Shard {
                schema_version: SCHEMA_VERSION,
                terms: Vec::new(),
                postings: Vec::new(),
            });
            size = 0;
        }
        size += encoded.len();
        if let Some(shard) = shards.last_mut() {
            shard.terms.push(term.clone());
            shard.postings.push(encoded);
        }
    }
    let firsts = shards
        .iter()
        .enumerate()
        .map(|(i, s)| match i {
            0 => String::new(),
            _ => s.terms.first().cloned().unwrap_or_default(),
        })
        .collect();
    let meta = SearchMeta {
        schema_version: SCHEMA_VERSION,
        issues,
        shards: firsts,
        shard_hash: String::new(),
    };
    (meta, shards)
}

/// The file name of shard `n` of the shards hashed `hash`.
pub fn shard_file(n: usize, hash: &str) -> String {
    format!("search/{n}.{hash}.json")
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
pub struct Corrupt(pub String);

fn decode(numbers: &[u32], docs: usize) -> Result<Vec<Posting>, Corrupt> {
    let mut out = Vec::new();
    let mut it = numbers.iter().copied();
    let mut doc: u32 = 0;
    let corrupt = |why: &str| Corrupt(why.to_string());
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

impl SearchMeta {
    /// The index of every item, without terms yet.
    pub fn index(&self) -> Result<Index, Corrupt> {
        let total: u64 = self.issues.iter().map(|(_, n)| u64::from(*n)).sum();
        if total > MAX_ITEMS {
            return Err(Corrupt(format!("{total} items is implausible")));
        }
        let docs = self
            .issues
            .iter()
            .flat_map(|&(volume, n)| (0..n).map(move |item| DocRef { volume, item }))
            .collect();
        Ok(Index::with_docs(docs))
    }

    /// The shard whose range holds `term`.
    fn shard_of(&self, term: &str) -> usize {
        self.shards
            .partition_point(|first| first.as_str() <= term)
            .saturating_sub(1)
    }

    /// Where shard `n` lives, relative to the data folder.
    pub fn shard_file(&self, n: usize) -> String {
        shard_file(n, &self.shard_hash)
    }

    /// The shards `query` needs, in order, without repeats.
    pub fn shards_for(&self, query: &Query) -> Vec<usize> {
        let mut needed: Vec<usize> = Vec::new();
        for (term, prefix) in super::query_terms(query) {
            let first = self.shard_of(&term);
            needed.push(first);
            if prefix {
                // Longer terms with this prefix may spill into the next shards.
                needed.extend(
                    (first + 1..self.shards.len())
                        .take_while(|&s| self.shards[s].starts_with(term.as_str())),
                );
            }
        }
        needed.sort_unstable();
        needed.dedup();
        needed.retain(|&s| s < self.shards.len());
        needed
    }
}

impl Index {
    /// Adds a loaded shard's terms.
    pub fn add_shard(&mut self, shard: &Shard) -> Result<(), Corrupt> {
        if shard.terms.len() != shard.postings.len() {
            return Err(Corrupt("terms and postings differ in length".into()));
        }
        let docs = self.docs.len();
        let mut decoded = BTreeMap::new();
        for (term, numbers) in shard.terms.iter().zip(&shard.postings) {
            decoded.insert(term.clone(), decode(numbers, docs)?);
        }
        self.terms.extend(decoded);
        Ok(())
    }

    /// How many distinct terms are loaded.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }
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

    /// The shards of a query, loaded into an index made from the meta.
    fn from_shards(meta: &SearchMeta, shards: &[Shard], q: &str) -> Index {
        let mut index = meta.index().unwrap();
        for s in meta.shards_for(&parse_query(q)) {
            index.add_shard(&shards[s]).unwrap();
        }
        index
    }

    #[test]
    fn sharded_answers_equal_the_whole_index() {
        let whole = corpus();
        for size in [1, 5, 40, 100_000] {
            let (meta, shards) = split(&whole, size);
            assert!(size > 100 || shards.len() > 3, "{size}: {}", shards.len());
            for q in [
                "负载均衡",
                "载均",
                "env",
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
                let partial = from_shards(&meta, &shards, q);
                assert_eq!(
                    partial.search(&parse_query(q)),
                    whole.search(&parse_query(q)),
                    "{q} with shards of {size}"
                );
            }
        }
    }

    #[test]
    fn a_chinese_run_needs_only_its_covering_bigrams() {
        let (meta, _) = split(&corpus(), 1);
        let q = parse_query("负载均衡");
        // 负载 and 均衡: two shards, not three.
        assert_eq!(meta.shards_for(&q).len(), 2);
    }

    #[test]
    fn corrupt_postings_are_errors_not_panics() {
        let (meta, _) = split(&corpus(), 100_000);
        let mut index = meta.index().unwrap();
        let bad = |postings: Vec<u32>| Shard {
            schema_version: 1,
            terms: vec!["x".into()],
            postings: vec![postings],
        };
        assert!(index.add_shard(&bad(vec![99, 1, 0, 0])).is_err());
        assert!(index.add_shard(&bad(vec![0, 5])).is_err());
        assert!(index.add_shard(&bad(vec![0, 2, 0, u32::MAX, 5])).is_err());
        let mut meta = meta;
        meta.issues.push((8, u32::MAX));
        assert!(meta.index().is_err());
    }
}
