//! Search quality on the real Vol. 3: every Chinese substring of every
//! title finds its item, and realistic queries find what a reader wants,
//! both from the index built in memory and from the published shards.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use std::path::Path;
use weekly_compiler::{
    compile_issue, compile_site, parse_glossary, parse_settings, read_sources, DATA_DIR,
};
use weekly_core::model::{is_cjk, Catalog, Issue, SearchFold};
use weekly_core::search::wire::{index_of, numbering, Shard, ShardId};
use weekly_core::search::{parse_query, Doc, Fold, Index};

fn vol3() -> Issue {
    let src = read_sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("issues")
            .as_path(),
    )
    .unwrap();
    let settings = parse_settings(&src.settings.0, &src.settings.1).unwrap();
    let glossary = parse_glossary(&src.glossary.0, &src.glossary.1).unwrap();
    compile_issue(&src.issues[0].0, &src.issues[0].1, &settings, &glossary).unwrap()
}

/// Vol. 3's items and their index.
struct Searchable {
    docs: Vec<Doc>,
    index: Index,
}

fn index() -> Searchable {
    let docs = Doc::of_issue(&vol3());
    let index = Index::build(&docs);
    Searchable { docs, index }
}

/// The same, read back from the files the compiler publishes.
fn published() -> Searchable {
    published_with(str::to_owned).0
}

fn ids(s: &Searchable, q: &str) -> Vec<String> {
    s.index
        .search(&parse_query(q))
        .into_iter()
        .map(|h| s.docs[h.doc].id.clone())
        .collect()
}

#[test]
fn every_chinese_substring_of_every_title_finds_its_item() {
    for index in [index(), published()] {
        every_substring_finds(&index);
    }
}

fn every_substring_finds(index: &Searchable) {
    let mut checked = 0;
    for doc in &index.docs {
        let chars: Vec<char> = doc.title.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !(is_cjk(chars[i]) && chars[i].is_alphanumeric()) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) && chars[i].is_alphanumeric() {
                i += 1;
            }
            let run = &chars[start..i];
            for len in 2..=6.min(run.len()) {
                for from in 0..=run.len() - len {
                    let q: String = run[from..from + len].iter().collect();
                    assert!(
                        ids(index, &q).contains(&doc.id),
                        "`{q}` does not find {}",
                        doc.id
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} substrings checked");
}

#[test]
fn realistic_queries_find_what_a_reader_wants() {
    for index in [index(), published()] {
        realistic_queries(&index);
    }
}

fn realistic_queries(index: &Searchable) {
    for (query, first) in [
        ("Envoy 负载均衡", "envoy-orca"),
        ("kubecdn", "kubecdn"),
        ("federation", "federation-v1-deprecated"),
        ("集群联邦", "federation-v1-deprecated"),
        ("PILOT_ENABLE_FALLTHROUGH_ROUTE", "istio-1-1-4"),
        ("docker hub", "docker-hub-breach"),
        ("rootfs", "containerd-non-root"),
        ("java 容器", "java8-container-support"),
        ("CEL", "knative-trigger-filtering"),
        ("code freeze", "kubernetes-1-15-schedule"),
        ("VHDS", "envoy-vhds"),
        ("临时容器", "ephemeral-containers-kep"),
        ("白皮书", "cloud-native-whitepaper"),
    ] {
        let found = ids(index, query);
        assert_eq!(
            found.first().map(String::as_str),
            Some(first),
            "{query} → {found:?}"
        );
    }
    assert_eq!(
        ids(index, "tag:istio"),
        ["istio-1-1-4", "istio-observability-blog"]
    );
    assert_eq!(
        ids(index, "section:reading 容器"),
        ["containers-everywhere"]
    );
    // Parts are ANDed: no item has both, so the results are partial and say so.
    let partial = index.index.search(&parse_query("负载均衡 kubecdn"));
    assert!(!partial.is_empty() && partial.iter().all(|h| h.missing.len() == 1));
}

/// What a reader types, in everyday words rather than the text's exact
/// strings, with the item they want: Chinese words that do not stand side
/// by side in the item, English words in another form, and both mixed.
/// The same set runs against Pagefind in `tests/bench/search.mjs`
/// (`tests/fixtures/queries.json`); BENCHMARKS.md has both scores.
fn everyday_queries() -> Vec<(String, String)> {
    let json = include_str!("../../../tests/fixtures/queries.json");
    let list: Vec<(String, String)> = serde_json::from_str(json).unwrap();
    assert!(list.len() >= 24);
    list
}

#[test]
fn everyday_queries_find_the_item_in_the_first_results() {
    for index in [index(), published()] {
        let mut misses = Vec::new();
        for (query, wanted) in everyday_queries() {
            let found = ids(&index, &query);
            if !found.iter().take(10).any(|id| *id == wanted) {
                misses.push(format!("{query} → {found:?} (wanted {wanted})"));
            }
        }
        assert!(misses.is_empty(), "{}", misses.join("\n"));
    }
}

#[test]
fn the_exact_phrase_ranks_above_its_words_apart() {
    let s = index();
    // 路由配置 stands as it is in envoy-vhds; 配置 and 路由 apart elsewhere.
    assert_eq!(ids(&s, "路由配置")[0], "envoy-vhds");
    // Words close together rank above words far apart: 事件 and 过滤 sit
    // three characters apart in the Trigger item.
    assert_eq!(ids(&s, "事件过滤")[0], "knative-trigger-filtering");
}

#[test]
fn no_item_with_every_word_gives_the_items_with_most_and_says_what_is_missing() {
    let s = index();
    let hits = s.index.search(&parse_query("envoy 负载均衡 zzznotaword"));
    assert!(!hits.is_empty());
    assert_eq!(s.docs[hits[0].doc].id, "envoy-orca");
    assert!(
        hits.iter().all(|h| h.missing == ["zzznotaword"]),
        "{hits:?}"
    );
    // With every word found, nothing is missing.
    let hits = s.index.search(&parse_query("envoy 负载均衡"));
    assert!(hits.iter().all(|h| h.missing.is_empty()));
}

#[test]
fn a_glossary_terms_names_find_the_items_using_it() {
    // Only the published index knows the glossary: the items name the term
    // (`CEL`, `ORCA`), the reader types its expansion or explanation.
    let published = published();
    for (query, item) in [
        ("Common Expression Language", "knative-trigger-filtering"),
        ("Open Request Cost Aggregation", "envoy-orca"),
    ] {
        assert!(
            ids(&published, query).contains(&item.to_string()),
            "{query}"
        );
        assert!(
            !ids(&index(), query).contains(&item.to_string()),
            "{query} without the glossary"
        );
    }
}

/// The published index and its fold, from `src` with `edit` applied to
/// every issue's source.
fn published_with(edit: impl Fn(&str) -> String) -> (Searchable, Fold) {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("issues");
    let mut src = read_sources(&dir).unwrap();
    for (_, text) in &mut src.issues {
        *text = edit(text);
    }
    let site = compile_site(&src).unwrap();
    let file = |name: &str| &site[&format!("{DATA_DIR}/{name}")];
    let catalog: Catalog = serde_json::from_slice(file("catalog.json")).unwrap();
    let search = catalog.search_index.clone().unwrap();
    let fold: SearchFold = serde_json::from_slice(file(&search.fold_file().unwrap())).unwrap();
    let mut index = index_of(&numbering(&catalog)).unwrap();
    for (segment, (s, items)) in search.segments.iter().zip(search.ranges()).enumerate() {
        for n in 0..s.shards as usize {
            let shard: Shard =
                serde_json::from_slice(file(&search.shard_file(ShardId { segment, n }))).unwrap();
            index.add_shard(&shard, items.clone()).unwrap();
        }
    }
    let docs = Doc::of_issue(&vol3());
    (Searchable { docs, index }, Fold::parse(&fold.pairs))
}

fn folded_ids(s: &Searchable, fold: &Fold, q: &str) -> Vec<String> {
    s.index
        .search(&parse_query(q).folded(fold))
        .into_iter()
        .map(|h| s.docs[h.doc].id.clone())
        .collect()
}

#[test]
fn traditional_characters_find_simplified_text_as_a_reader_in_hong_kong_types_it() {
    let (published, fold) = published_with(str::to_owned);
    assert_eq!(
        folded_ids(&published, &fold, "Envoy 負載均衡")
            .first()
            .map(String::as_str),
        Some("envoy-orca")
    );
    // Every title's Chinese, each character in its traditional form where it
    // has one, finds the item as the simplified title does.
    let traditional: std::collections::HashMap<char, char> = fold
        .to_pairs()
        .chars()
        .collect::<Vec<_>>()
        .chunks(2)
        .map(|p| (p[1], p[0]))
        .collect();
    let mut changed = 0;
    for doc in &published.docs {
        let title: String = doc
            .title
            .chars()
            .map(|c| *traditional.get(&c).unwrap_or(&c))
            .collect();
        if title == doc.title {
            continue;
        }
        changed += 1;
        assert_eq!(
            folded_ids(&published, &fold, &title),
            folded_ids(&published, &fold, &doc.title),
            "{title}"
        );
    }
    assert!(changed > 10, "only {changed} titles have traditional forms");
    // The published pairs are those whose simplified character the index holds.
    assert!(fold.len() < 3_000 && fold.char('負') == '负');
}

#[test]
fn traditional_text_in_an_issue_is_found_by_simplified_queries() {
    let (published, fold) = published_with(|text| text.replace("负载均衡", "負載均衡"));
    for q in ["负载均衡", "負載均衡"] {
        assert_eq!(
            folded_ids(&published, &fold, &format!("Envoy {q}"))
                .first()
                .map(String::as_str),
            Some("envoy-orca"),
            "{q}"
        );
    }
}
