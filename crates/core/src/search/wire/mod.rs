//! The published search index. Pure.
//!
//! There is no index file to load first. Items are numbered oldest first
//! through the catalog's issues (the catalog the app already has), so an
//! item's number never changes when newer issues are added. The items are
//! cut into segments at fixed multiples of [`SEGMENT_ITEMS`]
//! ([`segment_ranges`]): one large segment of everything up to the last
//! multiple of the largest step, then smaller ones, then the newest items.
//! A segment's files depend on its own items only and are named by its own
//! hash, so a deploy that adds an issue rewrites the newest segment and
//! leaves the others byte-identical under the same names, until the newest
//! items fill a step and merge into the segment before them.
//!
//! Within a segment a term's shard is a hash of its key, and a cold query
//! fetches, from each segment, only the shards of its own keys: one for a
//! word or a Chinese run of up to two characters, one per pair of a longer
//! run ([`super::part_terms`]). Tags and sections are terms too
//! ([`super::tag_term`]), so `tag:istio` is one shard per segment. Larger
//! segments have larger shards ([`shard_count`]): a query's bytes are
//! mostly the large segment's, and the file count grows with the square
//! root of the archive, not with it.
//!
//! A term's key is the term itself, except for words: their first three
//! letters, so every word a prefix of three or more letters can complete
//! is in the prefix's shard. Shorter words match exactly.
//!
//! Postings of one term are a flat list of numbers, per item in item order:
//! `item − previous item, title count, body count, title positions…, body
//! positions…`, positions as deltas from the previous one in the same
//! field, items counted from the segment's first. Files are JSON: the app
//! parses JSON already, and brotli makes decimal deltas within about 15 %
//! of binary varints.

use super::{DocRef, Field, Index, Posting, Query};
use crate::model::decode::Decode;
use crate::model::{is_cjk, Catalog, SearchRef, Segment, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Segment boundaries fall on multiples of these numbers of items, largest
/// first: at 21,084 items (the generated 1,000-issue corpus) the segments
/// are items 0–20,479, 20,480–20,991 and 20,992–21,083. Adding an issue
/// changes only the last, except when it crosses a multiple of 512 (about
/// every 25 issues there) or of 4,096 (about every 200).
pub const SEGMENT_ITEMS: [u32; 2] = [4_096, 512];

/// The fewest numbers of postings a shard is made for: smaller files would
/// cost more in requests than they save in bytes.
pub const SHARD_NUMBERS: usize = 4_000;

/// Shards of a segment of `n` numbers of postings hold about
/// `sqrt(n × SHARD_GROWTH)` numbers once that is more than
/// [`SHARD_NUMBERS`]: past a million numbers (about 50 issues of the
/// generated corpus) a segment a hundred times larger has ten times the
/// files, each ten times larger. Chosen so the 1,000-issue corpus has at
/// most 1,320 index files, Pagefind's count on it (issue 33).
pub const SHARD_GROWTH: usize = 16;

/// Letters of a word that choose its shard, and the shortest word prefix
/// that matches longer words.
pub const WORD_KEY_CHARS: usize = 3;

/// More items than any newsletter will have: a catalog claiming more is
/// refused before anything is allocated for it.
const MAX_ITEMS: u64 = 1_000_000;

/// More shards than a segment of [`MAX_ITEMS`] would have: a segment
/// claiming more is refused, never listed file by file.
pub const MAX_SHARDS: u32 = 100_000;

/// `search/{n}.{hash}.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Shard {
    pub schema_version: u32,
    /// Sorted.
    pub terms: Vec<String>,
    /// One flat list per term (see the module docs).
    pub postings: Vec<Vec<u32>>,
}

/// A shard of a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShardId {
    pub segment: usize,
    pub n: usize,
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
/// machine and in the browser). Single CJK characters, whose postings are
/// the longest, have the last of every [`SINGLES_EVERY`] shards to
/// themselves, so that a pair's or a word's file never carries one.
pub fn shard_of(term: &str, shards: u32) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for b in key(term).bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    let shards = shards.max(1);
    let singles = shards / SINGLES_EVERY;
    let mut chars = term.chars();
    let single = chars.next().is_some_and(is_cjk) && chars.next().is_none();
    let n = match (singles, single) {
        (0, _) => hash % shards,
        (_, true) => shards - singles + hash % singles,
        (_, false) => hash % (shards - singles),
    };
    n as usize
}

/// One shard in this many holds single CJK characters (see [`shard_of`]):
/// on the 1,000-issue corpus, a Chinese word's query reads 27–67 KB instead
/// of 20–112 (a character's files are larger: `的` 201 KB).
pub const SINGLES_EVERY: u32 = 8;

/// The shards of one segment of `shards` that `query` needs, in order,
/// without repeats.
pub fn shards_for(query: &Query, shards: u32) -> Vec<usize> {
    let mut needed: Vec<usize> = super::query_terms(query)
        .iter()
        .map(|term| shard_of(term, shards))
        .collect();
    needed.sort_unstable();
    needed.dedup();
    needed
}

/// Where shard `n` of the segment hashed `hash` lives, relative to the
/// data folder.
pub fn shard_file(n: usize, hash: &str) -> String {
    format!("search/{n}.{hash}.json")
}

/// The items of each segment of an index of `items` items, oldest first.
pub fn segment_ranges(items: u32) -> Vec<Range<u32>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for step in SEGMENT_ITEMS {
        let end = items / step * step;
        if end > start {
            ranges.push(start..end);
            start = end;
        }
    }
    if items > start {
        ranges.push(start..items);
    }
    ranges
}

/// How many shards a segment of `numbers` numbers of postings has.
pub fn shard_count(numbers: usize) -> u32 {
    let per_shard = SHARD_NUMBERS.max(numbers.saturating_mul(SHARD_GROWTH).isqrt());
    numbers.div_ceil(per_shard).max(1) as u32
}

/// Of `count` and up to 1/16 fewer shards, the count whose shards are the
/// most even (the least sum of squared sizes), so that long posting lists
/// seldom share a file: by the hash's luck alone, two of them in one file
/// can double what a query reads.
fn even_count(encoded: &[(&String, Vec<u32>)], count: u32) -> u32 {
    let cost = |n: u32| -> u128 {
        let mut sizes = vec![0u128; n as usize];
        for (term, numbers) in encoded {
            sizes[shard_of(term, n)] += numbers.len() as u128;
        }
        sizes.iter().map(|s| s * s).sum()
    };
    (count - count / 16..=count)
        .rev()
        .min_by_key(|&n| cost(n))
        .unwrap_or(count)
}

/// The index cut into segments ([`segment_ranges`]) and each segment into
/// shards; `shard_numbers` overrides [`shard_count`] (tests).
pub fn split(index: &Index, shard_numbers: Option<usize>) -> Vec<(Range<u32>, Vec<Shard>)> {
    segment_ranges(index.docs.len() as u32)
        .into_iter()
        .map(|items| {
            let encoded: Vec<(&String, Vec<u32>)> = index
                .term_postings()
                .filter_map(|(term, postings)| {
                    let from = postings.partition_point(|p| p.doc < items.start);
                    let to = postings.partition_point(|p| p.doc < items.end);
                    (from < to).then(|| (term, encode(&postings[from..to], items.start)))
                })
                .collect();
            let total: usize = encoded.iter().map(|(_, e)| e.len()).sum();
            let count = match shard_numbers {
                Some(size) => total.div_ceil(size.max(1)).max(1) as u32,
                None => even_count(&encoded, shard_count(total)),
            };
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
            (items, shards)
        })
        .collect()
}

/// `postings` (sorted, all of items from `first` on) as numbers.
fn encode(postings: &[Posting], first: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous_doc = first;
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

/// The postings `numbers` of items `items`.
fn decode(numbers: &[u32], items: &Range<u32>) -> Result<Vec<Posting>, Corrupt> {
    let mut out = Vec::new();
    let mut it = numbers.iter().copied();
    let mut doc: u32 = items.start;
    let corrupt = Corrupt;
    while let Some(delta) = it.next() {
        doc = doc
            .checked_add(delta)
            .filter(|d| items.contains(d))
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

/// A content hash as the compiler writes them: 16 lowercase hex digits.
fn is_hash(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl SearchRef {
    /// The items of each segment, oldest first.
    pub fn ranges(&self) -> Vec<Range<u32>> {
        let mut start = 0u32;
        self.segments
            .iter()
            .map(|s| {
                let end = start.saturating_add(s.items);
                let range = start..end;
                start = end;
                range
            })
            .collect()
    }

    /// How many items the index numbers.
    pub fn items(&self) -> u64 {
        self.segments.iter().map(|s| u64::from(s.items)).sum()
    }

    /// Whether the index is one this app can read: at most [`MAX_ITEMS`]
    /// items, every segment with one to [`MAX_SHARDS`] shards, and a fold
    /// file named by a hash (never a path).
    pub fn check(&self) -> Result<(), Corrupt> {
        if self.items() > MAX_ITEMS {
            return Err(Corrupt("implausibly many items"));
        }
        if self.fold.as_ref().is_some_and(|h| !is_hash(h)) {
            return Err(Corrupt("a fold file not named by a hash"));
        }
        if self
            .segments
            .iter()
            .any(|s| !(1..=MAX_SHARDS).contains(&s.shards))
        {
            return Err(Corrupt("a segment with an implausible number of files"));
        }
        Ok(())
    }

    /// Where the fold file lives, relative to the data folder.
    pub fn fold_file(&self) -> Option<String> {
        self.fold
            .as_ref()
            .map(|hash| format!("search/fold.{hash}.json"))
    }

    /// Where a shard lives, relative to the data folder.
    pub fn shard_file(&self, id: ShardId) -> String {
        let hash = self.segments.get(id.segment).map_or("", |s| &s.hash);
        shard_file(id.n, hash)
    }

    /// The shards `query` needs, segment by segment.
    pub fn shards_for(&self, query: &Query) -> Vec<ShardId> {
        self.segments
            .iter()
            .enumerate()
            .flat_map(|(segment, s)| {
                shards_for(query, s.shards)
                    .into_iter()
                    .map(move |n| ShardId { segment, n })
            })
            .collect()
    }

    /// Every file of the index (none of an index [`Self::check`] refuses).
    pub fn files(&self) -> Vec<String> {
        if self.check().is_err() {
            return Vec::new();
        }
        self.segments
            .iter()
            .flat_map(|s: &Segment| (0..s.shards as usize).map(|n| shard_file(n, &s.hash)))
            .chain(self.fold_file())
            .collect()
    }
}

/// (volume, items) of every issue the index numbers, in its order (oldest
/// first): the catalog's issues that have a file.
pub fn numbering(catalog: &Catalog) -> Vec<(u32, u32)> {
    catalog
        .issues
        .iter()
        .rev()
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
    /// Adds a loaded shard of the segment of `items`; says how many
    /// postings it holds.
    pub fn add_shard(&mut self, shard: &Shard, items: Range<u32>) -> Result<usize, Corrupt> {
        if shard.terms.len() != shard.postings.len() {
            return Err(Corrupt("terms and postings differ in length"));
        }
        if items.end as usize > self.docs.len() {
            return Err(Corrupt(
                "the index and the catalog number items differently",
            ));
        }
        let mut decoded = Vec::with_capacity(shard.terms.len());
        for (term, numbers) in shard.terms.iter().zip(&shard.postings) {
            decoded.push((term, decode(numbers, &items)?));
        }
        let mut added = 0;
        for (term, postings) in decoded {
            added += postings.len();
            let all = self.terms.entry(term.clone()).or_default();
            all.extend(postings);
            if !all.is_sorted() {
                all.sort_unstable();
            }
        }
        Ok(added)
    }

    /// How many distinct terms are loaded.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Forgets what an evicted shard of the segment of `items` added.
    pub fn remove_shard(&mut self, terms: &[String], items: Range<u32>) {
        for term in terms {
            if let Some(postings) = self.terms.get_mut(term) {
                postings.retain(|p| !items.contains(&p.doc));
                if postings.is_empty() {
                    self.terms.remove(term);
                }
            }
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
mod tests;
