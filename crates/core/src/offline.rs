//! Reading offline, without the browser: which published files "available
//! offline" stores, and how its result reads. Pure; the service worker
//! (`public/sw.js`) stores what the page reads, and `components/offline.rs`
//! reads these files through it.

use crate::model::{Catalog, TagPage};

/// The data files (relative to the data folder) that make every issue, the
/// first screen of every tag and search work offline. The catalog and the
/// glossary are not among them: the worker precaches them with the version
/// they belong to (`public/sw.js`).
pub fn offline_files(catalog: &Catalog) -> Vec<String> {
    let mut files: Vec<String> = catalog
        .issues
        .iter()
        .filter_map(|e| e.file.clone())
        .collect();
    files.extend(catalog.settings.tags.iter().map(|t| TagPage::file(&t.slug)));
    if let Some(search) = &catalog.search_index {
        files.extend(search.files());
    }
    files
}

/// The name of the cache the service worker keeps a deployment's data in;
/// `scope` is the registration's (`https://example.org/weekly/`). Every
/// cache name of a deployment starts with `weekly <scope> ` (`public/sw.js`),
/// so two deployments on one origin never touch each other's.
pub fn data_cache(scope: &str) -> String {
    format!("weekly {scope} data")
}

/// `bytes` in megabytes with one decimal, without float formatting
/// (which would cost the wasm kilobytes): `24_400_000` → `"24.4"`.
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes + 50_000) / 100_000;
    format!("{}.{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issue_the_glossary_tags_and_the_search_index() {
        let catalog: Catalog = serde_json::from_str(
            r#"{"schema_version": 1,
                "settings": {"title": {"zh": "", "en": ""}, "publisher": {"zh": "", "en": ""},
                             "sections": [], "tags": [{"slug": "istio", "name": {"zh": "", "en": ""}}]},
                "issues": [{"volume": 3, "title": "", "file": "issues/3.abc.json"},
                           {"volume": 2, "title": "only a title"}],
                "search_index": {"segments": [{"items": 512, "shards": 2, "hash": "def"},
                                        {"items": 1, "shards": 1, "hash": "0a"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            offline_files(&catalog),
            [
                "issues/3.abc.json".to_string(),
                TagPage::file("istio"),
                "search/0.def.json".into(),
                "search/1.def.json".into(),
                "search/0.0a.json".into(),
            ]
        );
    }

    #[test]
    fn the_data_cache_is_named_by_scope_as_the_worker_names_it() {
        // tests/e2e/sw-rules.test.mjs checks the worker's name is the same.
        assert_eq!(
            data_cache("https://example.org/weekly/"),
            "weekly https://example.org/weekly/ data"
        );
    }

    #[test]
    fn megabytes_round_to_a_tenth() {
        assert_eq!(megabytes(0), "0.0");
        assert_eq!(megabytes(24_449_999), "24.4");
        assert_eq!(megabytes(24_450_000), "24.5");
        assert_eq!(megabytes(1_000_000), "1.0");
    }
}
