//! The build's cache of search segments (`weekly-compile --cache DIR`, for
//! large archives; this repository's own build does not use it). A
//! segment's files depend only on its items (weekly_core::search::wire),
//! and all but the newest segment stay the same when an issue is added, so
//! a build keeps each segment it wrote under a key of everything the files
//! are made from: the segment's items as indexed and the compiler itself
//! (its executable's bytes, so a changed compiler never reads what another
//! one wrote; a compiler that cannot read its executable uses no cache). A
//! build with a cache writes byte for byte what a build without one writes
//! (crates/compiler/tests/incremental.rs). An entry that does not read, or
//! whose files do not match its own hash, is built again; entries this
//! build did not use are removed, so the cache holds the last build's.

use crate::content_hash;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use weekly_core::model::Segment;
use weekly_core::search::Doc;

/// A segment as published: its entry in the catalog and its shards' files.
#[derive(Serialize, Deserialize)]
pub(crate) struct Stored {
    pub segment: Segment,
    pub shards: Vec<String>,
}

/// The hash that names a segment's files: of all of them, in order.
fn files_hash(shards: &[String]) -> String {
    content_hash(shards.join("\n").as_bytes())
}

impl Stored {
    /// `shards` with their entry: its item count, file count and hash.
    pub(crate) fn new(items: usize, shards: Vec<String>) -> Stored {
        let segment = Segment {
            items: items as u32,
            shards: shards.len() as u32,
            hash: files_hash(&shards),
        };
        Stored { segment, shards }
    }

    /// Whether a stored entry is whole: for `items` items, and its files
    /// the ones its hash names.
    fn is_whole(&self, items: usize) -> bool {
        self.segment.items as usize == items
            && self.segment.shards as usize == self.shards.len()
            && self.segment.hash == files_hash(&self.shards)
    }
}

/// What a build did with the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheUse {
    /// Segments read from the cache.
    pub reused: usize,
    /// Segments built (and stored, with a cache).
    pub built: usize,
}

/// The compiler's own fingerprint: a hash of its executable (on Linux read
/// through /proc, which still reads a binary replaced while it runs).
fn compiler() -> Option<&'static str> {
    static HASH: OnceLock<Option<String>> = OnceLock::new();
    HASH.get_or_init(|| {
        let exe = std::fs::read("/proc/self/exe")
            .or_else(|_| std::env::current_exe().and_then(std::fs::read))
            .ok()
            .filter(|bytes| !bytes.is_empty())?;
        Some(content_hash(&exe))
    })
    .as_deref()
}

/// The key of a segment of `docs` (as indexed: folded, with glossary
/// names), each field after its length so no two segments share one by
/// where their fields end; none when the compiler has no fingerprint.
pub(crate) fn key(docs: &[Doc]) -> Option<String> {
    let mut bytes = compiler()?.as_bytes().to_vec();
    let mut field = |text: &str| {
        bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
        bytes.extend_from_slice(text.as_bytes());
    };
    for doc in docs {
        for text in [&doc.id, &doc.section, &doc.title, &doc.body, &doc.glossary] {
            field(text);
        }
        field(&doc.volume.to_string());
        field(&doc.tags.len().to_string());
        for tag in &doc.tags {
            field(tag);
        }
    }
    Some(content_hash(&bytes))
}

fn folder(dir: &Path) -> PathBuf {
    dir.join("search")
}

fn path(dir: &Path, key: &str) -> PathBuf {
    folder(dir).join(format!("{key}.json"))
}

/// The segment of `items` items stored under `key`, if it is there, reads
/// and is whole.
pub(crate) fn load(dir: &Path, key: &str, items: usize) -> Option<Stored> {
    let stored: Stored = serde_json::from_slice(&std::fs::read(path(dir, key)).ok()?).ok()?;
    stored.is_whole(items).then_some(stored)
}

/// Stores a segment under `key`; a cache that cannot be written only
/// costs the next build time. Written beside and renamed, so a build
/// stopped halfway leaves no half entry.
pub(crate) fn store(dir: &Path, key: &str, stored: &Stored) {
    let file = path(dir, key);
    let partial = file.with_extension("partial");
    let written = std::fs::create_dir_all(folder(dir))
        .ok()
        .and_then(|()| serde_json::to_vec(stored).ok())
        .and_then(|json| std::fs::write(&partial, json).ok())
        .and_then(|()| std::fs::rename(&partial, &file).ok());
    if written.is_none() {
        eprintln!("{}: cannot write the build cache", file.display());
    }
}

/// Removes the entries a build did not use (`used`: their keys).
pub(crate) fn keep_only(dir: &Path, used: &HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(folder(dir)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let key = name.strip_suffix(".json").unwrap_or(&name);
        if !used.contains(key) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
