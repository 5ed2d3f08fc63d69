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

    // An older item edited: its segment is built again, the same as a full build's.
    let mut edited = after.clone();
    let (_, first_issue) = edited
        .issues
        .iter_mut()
        .min_by_key(|(name, _)| name.clone())
        .unwrap();
    let line = first_issue
        .lines()
        .find(|l| l.starts_with("- "))
        .unwrap()
        .to_string();
    *first_issue = first_issue.replacen(&line, &format!("{line} 負載均衡"), 1);
    let (site, used) = compile_site_cached(&edited, Drafts::Omit, Some(&dir)).unwrap();
    assert!(used.built >= 1 && used.reused >= 1, "{used:?}");
    assert!(site == compile_site_with(&edited, Drafts::Omit).unwrap());
    assert!(site != full, "the edit changed nothing");

    // Entries that do not read, or read but are not whole, are built again:
    // the files stay the same.
    let entries: Vec<_> = std::fs::read_dir(dir.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        entries.len(),
        used.built + used.reused,
        "the cache keeps only this build's"
    );
    for (n, entry) in entries.iter().enumerate() {
        if n % 2 == 0 {
            std::fs::write(entry, b"{\"segment\": 3").unwrap();
        } else {
            let text = std::fs::read_to_string(entry).unwrap();
            std::fs::write(entry, text.replacen("\"items\":", "\"items\":1", 1)).unwrap();
        }
    }
    let (rebuilt, used) = compile_site_cached(&edited, Drafts::Omit, Some(&dir)).unwrap();
    assert_eq!(used.reused, 0, "{used:?}");
    assert!(rebuilt == site);
    std::fs::remove_dir_all(&dir).unwrap();
}
