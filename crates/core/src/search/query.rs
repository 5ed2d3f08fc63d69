//! What the reader typed, read as a query: its parts (Chinese runs and
//! word prefixes), filters, and the index terms each part looks up. Pure.

use super::fold::Fold;
use super::tokenize::{self, fold_width, stem, MAX_GRAM};
use super::{section_term, tag_term};
use std::collections::HashSet;

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

    /// The same query with its Chinese runs as the index holds them
    /// (traditional characters as simplified, [`Fold`]); what the reader
    /// typed stays in the labels.
    pub fn folded(&self, fold: &Fold) -> Query {
        let mut query = Query {
            parts: Vec::new(),
            labels: Vec::new(),
            ..self.clone()
        };
        for (part, label) in self.parts.iter().zip(&self.labels) {
            let part = match part {
                Part::Cjk(chars) => Part::Cjk(chars.iter().map(|&c| fold.char(c)).collect()),
                word => word.clone(),
            };
            // `負載 负载` is one part, as `负载 负载` is.
            if !query.parts.contains(&part) {
                query.parts.push(part);
                query.labels.push(label.clone());
            }
        }
        query
    }

    /// Whether the query has a Chinese run (which a fold may change).
    pub fn has_cjk(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Cjk(_)))
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

/// longer ones only match as they stand (each word would be one more shard
/// to fetch).
pub const MAX_SPLIT_CHARS: usize = 8;

/// Queries longer than this are cut: nobody types more, and it bounds work.
pub const MAX_QUERY_CHARS: usize = 200;

/// Only the first this many runs of a query's text (Chinese runs and words)
/// are parts: each costs a file from every segment of the index.
pub const MAX_PARTS: usize = 12;

/// A Chinese run matches on its first this many characters: twelve pairs,
/// against a hundred for a pasted run of 200 (issue 33's expensive
/// queries); a run this long already names one passage.
pub const MAX_RUN_CHARS: usize = 24;

/// The `len` characters of `chars` from `k`.
pub(super) fn gram(chars: &[char], k: usize, len: usize) -> String {
    chars[k..k + len].iter().collect()
}

/// (offset, length) of the indexed n-grams that cover a run of `n`
/// characters: the run itself up to [`MAX_GRAM`] characters, else n-grams of
/// that length every [`MAX_GRAM`] characters and one ending the run.
pub(super) fn cjk_cover(n: usize) -> Vec<(usize, usize)> {
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
pub(super) fn cjk_splits(n: usize) -> Vec<Vec<(usize, usize)>> {
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
            .flat_map(|(k, len)| part_terms(&Part::Cjk(chars[k..k + len].to_vec())))
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
    for (cjk, start, end) in tokenize::runs(&chars).into_iter().take(MAX_PARTS) {
        let end = if cjk {
            end.min(start + MAX_RUN_CHARS)
        } else {
            end
        };
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
