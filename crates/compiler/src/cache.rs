//! The build's cache of search segments (`weekly-compile --cache DIR`;
//! scripts/build.sh and Trunk's hook use `target/weekly-cache`). A segment's
//! files depend only on its items (weekly_core::search::wire), and all but
//! the newest segment stay the same when an issue is added, so a build
//! keeps each segment it wrote under a key of everything the files are
//! made from: the segment's items as indexed and the compiler itself (its
//! executable's bytes, so a changed compiler never reads what another one
//! wrote). A build with a cache writes byte for byte what a build without
//! one writes (crates/compiler/tests/incremental.rs); an entry that cannot
//! be read is built again.

use crate::content_hash;
use serde::{Deserialize, Serialize};
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

/// What a build did with the cache.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheUse {
    /// Segments read from the cache.
    pub reused: usize,
    /// Segments built (and stored, with a cache).
    pub built: usize,
}

/// The compiler's own fingerprint: a hash of its executable.
fn compiler() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::read)
            .unwrap_or_default();
        content_hash(&exe)
    })
}

/// The key of a segment of `docs` (as indexed: folded, with glossary names).
pub(crate) fn key(docs: &[Doc]) -> String {
    let mut bytes = compiler().as_bytes().to_vec();
    for doc in docs {
        for field in [&doc.id, &doc.section, &doc.title, &doc.body, &doc.glossary] {
            bytes.extend_from_slice(field.as_bytes());
            bytes.push(0);
        }
        bytes.extend_from_slice(doc.volume.to_string().as_bytes());
        for tag in &doc.tags {
            bytes.push(1);
            bytes.extend_from_slice(tag.as_bytes());
        }
        bytes.push(2);
    }
    content_hash(&bytes)
}

fn path(dir: &Path, key: &str) -> PathBuf {
    dir.join("search").join(format!("{key}.json"))
}

/// The segment stored under `key`, if it is there and reads.
pub(crate) fn load(dir: &Path, key: &str) -> Option<Stored> {
    serde_json::from_slice(&std::fs::read(path(dir, key)).ok()?).ok()
}

/// Stores a segment under `key`; a cache that cannot be written only
/// costs the next build time.
pub(crate) fn store(dir: &Path, key: &str, stored: &Stored) {
    let file = path(dir, key);
    let written = file
        .parent()
        .map(std::fs::create_dir_all)
        .transpose()
        .ok()
        .and_then(|_| serde_json::to_vec(stored).ok())
        .map(|json| std::fs::write(&file, json));
    if !matches!(written, Some(Ok(()))) {
        eprintln!("{}: cannot write the build cache", file.display());
    }
}
