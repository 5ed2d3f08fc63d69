//! A build with the cache (`weekly-compile --cache DIR`) writes byte for
//! byte what a build without one writes, reusing the search segments whose
//! items did not change; an entry that does not read is built again.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

mod common;

// About 21 items an issue: 40 issues make a segment of 512 items and a newer one.
use common::generated;
use weekly_compiler::{compile_site_cached, compile_site_with, CacheUse, Drafts};

#[test]
fn adding_an_issue_reuses_the_older_segments_and_writes_the_same_files() {
    let dir = std::env::temp_dir().join(format!("weekly-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let before = generated(39);
    let after = generated(40);

    let (_, first) = compile_site_cached(&before, Drafts::Omit, Some(&dir)).unwrap();
    assert_eq!(first.reused, 0);
    assert!(
        first.built >= 2,
        "{first:?}: the corpus makes one segment only"
    );

    // One more issue: the older segment comes from the cache, the newest is built.
    let (cached, used) = compile_site_cached(&after, Drafts::Omit, Some(&dir)).unwrap();
    assert!(used.reused >= 1 && used.built >= 1, "{used:?}");
    let full = compile_site_with(&after, Drafts::Omit).unwrap();
    assert_eq!(cached.len(), full.len());
    for (path, bytes) in &full {
        assert!(
            cached.get(path) == Some(bytes),
            "{path} differs from a full build's"
        );
    }

    // The same sources again: everything from the cache, the same files.
    let (again, used) = compile_site_cached(&after, Drafts::Omit, Some(&dir)).unwrap();
    assert_eq!(
        used,
        CacheUse {
            reused: used.reused + used.built,
            built: 0
        }
    );
    assert!(again == full);

    // Entries that do not read are built again, and the files stay the same.
    for entry in std::fs::read_dir(dir.join("search")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"{\"segment\": 3").unwrap();
    }
    let (rebuilt, used) = compile_site_cached(&after, Drafts::Omit, Some(&dir)).unwrap();
    assert_eq!(used.reused, 0, "{used:?}");
    assert!(rebuilt == full);
    std::fs::remove_dir_all(&dir).unwrap();
}
