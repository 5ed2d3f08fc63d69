//! The search index the compiler publishes, with its fold file.

use crate::cache::{self, CacheUse, Stored};
use crate::{annotate, content_hash, fold, to_json, Site, DATA_DIR};
use std::path::Path;
use weekly_core::model::{GlossaryEntry, Issue, SearchFold, SearchRef, SCHEMA_VERSION};
use weekly_core::search::wire::{segment_ranges, shard_file, split};
use weekly_core::search::{Doc, Index};

/// Writes the search index (items numbered oldest issue first, so older
/// items keep their numbers; `issues` are newest first, like the catalog)
/// and says where it is: a segment's files are named by its own content.
/// With a cache, a segment whose items it holds is read from it, and one
/// built is stored in it (crate::cache).
pub(crate) fn publish_search(
    site: &mut Site,
    issues: &[Issue],
    glossary: &[GlossaryEntry],
    cache_dir: Option<&Path>,
    used: &mut CacheUse,
) -> SearchRef {
    // What a reader may type for a term: the term, its aliases, its English
    // expansion. Not its explanation: whole sentences, which made the
    // 1,000-issue corpus's index 42 % larger (BENCHMARKS "Search index at
    // scale").
    let names: std::collections::HashMap<String, String> = glossary
        .iter()
        .map(|e| {
            let mut names = vec![e.term.clone()];
            names.extend(e.aliases.iter().cloned());
            names.extend(e.expansion.iter().cloned());
            (e.slug(), names.join("\n"))
        })
        .collect();
    let docs: Vec<Doc> = issues
        .iter()
        .rev()
        .flat_map(|issue| {
            let items = issue.items_in_sections().map(|(_, item)| item);
            Doc::of_issue(issue)
                .into_iter()
                .zip(items)
                .map(|(mut doc, item)| {
                    let mut used = std::collections::BTreeSet::new();
                    for nodes in std::iter::once(&item.title).chain(&item.body) {
                        annotate::collect_terms(nodes, &mut used);
                    }
                    let used: Vec<&str> = used
                        .iter()
                        .filter_map(|slug| names.get(slug).map(String::as_str))
                        .collect();
                    doc.glossary = used.join("\n");
                    doc
                })
        })
        .collect();
    // Traditional characters as simplified ones, in the index only (one
    // character for one: positions stay); the browser folds queries with
    // the pairs whose simplified character the index holds.
    let table = fold::table();
    let docs: Vec<Doc> = docs
        .into_iter()
        .map(|doc| Doc {
            title: fold::text(&doc.title),
            body: fold::text(&doc.body),
            glossary: fold::text(&doc.glossary),
            ..doc
        })
        .collect();
    // Which characters the index holds, one bit each (a set of every
    // character of the archive's text costs a hash per character).
    let mut held = vec![false; char::MAX as usize + 1];
    for d in &docs {
        for c in d
            .title
            .chars()
            .chain(d.body.chars())
            .chain(d.glossary.chars())
        {
            held[c as usize] = true;
        }
    }
    let pairs = table.only(|s| held[s as usize]);
    let fold = (!pairs.is_empty()).then(|| {
        let json = to_json(&SearchFold {
            schema_version: SCHEMA_VERSION,
            pairs: pairs.to_pairs(),
        });
        let hash = content_hash(&json);
        site.insert(format!("{DATA_DIR}/search/fold.{hash}.json"), json);
        hash
    });
    // Each segment on its own: its files depend on its items only, so one
    // index of its items gives them (one segment), and the cache can hold it.
    let mut segments = Vec::new();
    let mut keys = std::collections::HashSet::new();
    for items in segment_ranges(docs.len() as u32) {
        let docs = &docs[items.start as usize..items.end as usize];
        let cached = cache_dir.and_then(|dir| Some((dir, cache::key(docs)?)));
        let stored = match cached
            .as_ref()
            .and_then(|(dir, key)| cache::load(dir, key, docs.len()))
        {
            Some(stored) => {
                used.reused += 1;
                stored
            }
            None => {
                used.built += 1;
                let stored = build_segment(docs);
                if let Some((dir, key)) = &cached {
                    cache::store(dir, key, &stored);
                }
                stored
            }
        };
        if let Some((_, key)) = cached {
            keys.insert(key);
        }
        for (n, json) in stored.shards.into_iter().enumerate() {
            site.insert(
                format!("{DATA_DIR}/{}", shard_file(n, &stored.segment.hash)),
                json.into_bytes(),
            );
        }
        segments.push(stored.segment);
    }
    if let Some(dir) = cache_dir {
        cache::keep_only(dir, &keys);
    }
    SearchRef { segments, fold }
}

/// One segment's files, from an index of its items alone.
fn build_segment(docs: &[Doc]) -> Stored {
    let mut parts = split(&Index::build(docs), None).into_iter();
    let shards: Vec<String> = parts
        .next()
        .map(|(_, shards)| {
            shards
                .iter()
                .map(|s| String::from_utf8(to_json(s)).unwrap_or_default())
                .collect()
        })
        .unwrap_or_default();
    debug_assert!(parts.next().is_none(), "the items of one segment made more");
    Stored::new(docs.len(), shards)
}
