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
        glossary: String::new(),
    }
}

fn corpus() -> Index {
    Index::build(&[
        doc("a", "负载均衡 Envoy", "Envoy 通过 ORCA 改善负载均衡"),
        doc("b", "Istio 1.4 发布", "Istio egress 网关与负载"),
        doc("c", "", "容器运行时 containerd 与 Envoy"),
    ])
}

/// The shards of a query, loaded into an index numbered like `whole`.
fn from_shards(segments: &[(Range<u32>, Vec<Shard>)], q: &str) -> Index {
    let items = segments.last().map_or(0, |s| s.0.end);
    let mut index = index_of(&[(7, items)]).unwrap();
    for (items, shards) in segments {
        for s in shards_for(&parse_query(q), shards.len() as u32) {
            index.add_shard(&shards[s], items.clone()).unwrap();
        }
    }
    index
}

#[test]
fn sharded_answers_equal_the_whole_index() {
    let whole = corpus();
    for size in [1, 5, 40, 100_000] {
        let segments = split(&whole, Some(size));
        let shards = &segments[0].1;
        assert!(size > 100 || shards.len() > 3, "{size}: {}", shards.len());
        let shards = &segments;
        for q in [
            "负载均衡",
            "载均",
            "env",
            "en",
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
            let partial = from_shards(shards, q);
            assert_eq!(
                partial.search(&parse_query(q)),
                whole.search(&parse_query(q)),
                "{q} with shards of {size}"
            );
        }
    }
}

#[test]
#[allow(clippy::single_range_in_vec_init)] // one segment of items, not items
fn segments_fall_on_fixed_multiples_of_items() {
    assert_eq!(segment_ranges(0), Vec::<Range<u32>>::new());
    assert_eq!(segment_ranges(300), [0..300]);
    assert_eq!(segment_ranges(512), [0..512]);
    assert_eq!(segment_ranges(1_100), [0..1_024, 1_024..1_100]);
    assert_eq!(segment_ranges(4_096), [0..4_096]);
    assert_eq!(
        segment_ranges(21_084),
        [0..20_480, 20_480..20_992, 20_992..21_084]
    );
    // Adding items moves no boundary but the newest segment's end,
    // until a multiple is crossed.
    assert_eq!(segment_ranges(21_100)[..2], segment_ranges(21_084)[..2]);
}

#[test]
fn shards_grow_with_the_root_of_a_segment() {
    assert_eq!(shard_count(0), 1);
    assert_eq!(shard_count(3_000), 1);
    assert_eq!(shard_count(40_000), 10);
    assert_eq!(shard_count(1_000_000), 250);
    // Past a million numbers shards grow: a hundred times the numbers,
    // ten times the files.
    let (a, b) = (shard_count(4_000_000), shard_count(400_000_000));
    assert!(a < 4_000_000 / SHARD_NUMBERS as u32, "{a}");
    assert!((9 * a..=11 * a).contains(&b), "{a} {b}");
}

/// `n` small items of one issue, each with a word of its own and one
/// they share.
fn many(n: usize) -> Vec<Doc> {
    (0..n)
        .map(|i| Doc {
            volume: 1,
            id: format!("i{i}"),
            section: "news".into(),
            tags: vec![],
            title: format!("w{i} 共享 shared"),
            body: String::new(),
            glossary: String::new(),
        })
        .collect()
}

#[test]
fn segments_answer_as_the_whole_index_and_older_ones_stay_as_they_were() {
    let docs = many(4_700);
    let whole = Index::build(&docs);
    let segments = split(&whole, None);
    assert_eq!(
        segments.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        [0..4_096, 4_096..4_608, 4_608..4_700]
    );
    let load = |segments: &[(Range<u32>, Vec<Shard>)], q: &str| {
        let mut index = index_of(&[(1, 4_700)]).unwrap();
        for (items, shards) in segments {
            for s in shards_for(&parse_query(q), shards.len() as u32) {
                index.add_shard(&shards[s], items.clone()).unwrap();
            }
        }
        index
    };
    for q in ["共享", "共", "shared", "w4650", "w12 shared", "w4699"] {
        assert_eq!(
            load(&segments, q).search(&parse_query(q)),
            whole.search(&parse_query(q)),
            "{q}"
        );
    }
    // Forgetting a shard of one segment keeps the others' postings.
    let mut index = load(&segments, "共享");
    let (items, shards) = &segments[2];
    let n = shards_for(&parse_query("共享"), shards.len() as u32)[0];
    index.remove_shard(&shards[n].terms, items.clone());
    assert_eq!(index.search(&parse_query("共享")).len(), 4_608);
    // More items: the first two segments are byte for byte the same.
    let more = split(&Index::build(&many(4_720)), None);
    assert_eq!(more[..2], segments[..2]);
    assert_ne!(more[2], segments[2]);
}

#[test]
fn a_segment_indexed_alone_gives_the_files_of_the_whole_index() {
    // Issues of 7 items, so segments begin inside an issue; titles, bodies,
    // tags and glossary names that vary with the item.
    let docs: Vec<Doc> = (0..2 * 4_096 + 3 * 512 + 100)
        .map(|i: usize| Doc {
            volume: (i / 7) as u32 + 1,
            id: format!("i{i}"),
            section: ["news", "k8s"][i % 2].into(),
            tags: i
                .is_multiple_of(3)
                .then(|| "istio".to_string())
                .into_iter()
                .collect(),
            title: format!("w{} 负载均衡 {}", i % 97, ["服务网格", "容器"][i % 2]),
            body: format!("envoy{} 共享内存 {}", i % 13, "云原生 ".repeat(i % 5)),
            glossary: ["", "Kubernetes Enhancement Proposal"][i % 2].into(),
        })
        .collect();
    let whole = split(&Index::build(&docs), None);
    assert_eq!(
        whole.iter().map(|s| s.0.clone()).collect::<Vec<_>>(),
        [0..8_192, 8_192..9_728, 9_728..9_828]
    );
    for (items, shards) in &whole {
        let alone = split(
            &Index::build(&docs[items.start as usize..items.end as usize]),
            None,
        );
        assert_eq!(alone.len(), 1, "{items:?} made {} segments", alone.len());
        assert!(
            &alone[0].1 == shards,
            "{items:?}: other files when indexed alone"
        );
    }
}

#[test]
fn the_least_recently_used_go_first_but_never_the_current() {
    let used = [(1, 5, 10), (2, 1, 10), (3, 9, 10), (4, 3, 10)];
    assert_eq!(least_recent(&used, 20, 9), [2, 4]);
    assert_eq!(least_recent(&used, 25, 9), [2, 4]);
    assert_eq!(least_recent(&used, 40, 9), Vec::<i32>::new());
    // Big entries count for more.
    assert_eq!(
        least_recent(&[(1, 1, 100), (2, 2, 1), (3, 9, 1)], 10, 9),
        [1]
    );
    // Everything in use now stays, even over the budget.
    assert_eq!(
        least_recent(&[(1, 9, 50), (2, 9, 50)], 1, 9),
        Vec::<i32>::new()
    );
    let mut index = corpus();
    let before = index.term_count();
    index.remove_shard(&["负载".to_string(), "absent".to_string()], 0..3);
    assert_eq!(index.term_count(), before - 1);
}

#[test]
fn keys_put_a_prefix_and_its_words_together() {
    assert_eq!(key("envoy"), "env");
    assert_eq!(key("en"), "en");
    assert_eq!(key("负载"), "负载");
    assert_eq!(key("#istio"), "#istio");
    assert_eq!(key("§news"), "§news");
    for shards in [1, 7, 640] {
        assert_eq!(shard_of("envoy", shards), shard_of("env", shards));
        assert!(shard_of("负载", shards) < shards as usize);
    }
}

#[test]
fn single_characters_have_shards_of_their_own() {
    for shards in [8, 9, 1_165] {
        let singles = (shards / SINGLES_EVERY) as usize;
        let first_single = shards as usize - singles;
        for c in ["的", "云", "载"] {
            assert!(shard_of(c, shards) >= first_single, "{c} {shards}");
        }
        for term in ["负载", "envoy", "c", "#istio", "§news", "云原"] {
            assert!(shard_of(term, shards) < first_single, "{term} {shards}");
        }
    }
    // Fewer than eight shards: all share them.
    assert!((0..7).contains(&shard_of("的", 7)));
}

#[test]
fn a_query_needs_few_shards() {
    // A Chinese run of one or two characters is one term; a longer one
    // is covered by pairs, a four-character one by its two words, so
    // reading it as words costs no more requests (issue 13: at most
    // three).
    assert_eq!(shards_for(&parse_query("负载"), 1000).len(), 1);
    assert_eq!(shards_for(&parse_query("负载均"), 1000).len(), 2);
    assert_eq!(shards_for(&parse_query("负载均衡"), 1000).len(), 2);
    assert_eq!(
        shards_for(&parse_query("负载均衡").phrases(), 1000),
        shards_for(&parse_query("负载均衡"), 1000)
    );
    assert!(shards_for(&parse_query("事件过滤"), 1000).len() <= 2);
    assert_eq!(shards_for(&parse_query("filters"), 1000).len(), 1);
    assert_eq!(shards_for(&parse_query("tag:istio"), 1000).len(), 1);
    assert!(shards_for(&parse_query("Envoy 负载均衡"), 1000).len() <= 3);
    // Longer runs: a pair every two characters.
    assert!(shards_for(&parse_query("一二三四五六七八九").phrases(), 1000).len() <= 5);
}

#[test]
fn corrupt_postings_are_errors_not_panics() {
    let mut index = index_of(&[(7, 3)]).unwrap();
    let bad = |postings: Vec<u32>| Shard {
        schema_version: 1,
        terms: vec!["x".into()],
        postings: vec![postings],
    };
    assert!(index.add_shard(&bad(vec![99, 1, 0, 0]), 0..3).is_err());
    assert!(index.add_shard(&bad(vec![0, 5]), 0..3).is_err());
    assert!(index
        .add_shard(&bad(vec![0, 2, 0, u32::MAX, 5]), 0..3)
        .is_err());
    // An item outside the shard's segment, or a segment the catalog
    // does not number.
    assert!(index.add_shard(&bad(vec![1, 1, 0, 0]), 0..1).is_err());
    assert!(index.add_shard(&bad(vec![0, 1, 0, 0]), 2..5).is_err());
    assert_eq!(index.add_shard(&bad(vec![0, 1, 0, 0]), 2..3), Ok(1));
    assert!(index_of(&[(7, 3), (8, u32::MAX)]).is_err());
    // A catalog naming absurdly many files is refused, never listed.
    let segment = |items, shards| Segment {
        items,
        shards,
        hash: "ab".into(),
    };
    let huge = SearchRef {
        segments: vec![segment(10, 4_000_000_000)],
        fold: None,
    };
    assert!(huge.check().is_err() && huge.files().is_empty());
    let none = SearchRef {
        segments: vec![segment(10, 0)],
        fold: None,
    };
    assert!(none.check().is_err());
    let many = SearchRef {
        segments: vec![segment(u32::MAX, 1), segment(u32::MAX, 1)],
        fold: None,
    };
    assert!(many.check().is_err());
    let empty = SearchRef {
        segments: vec![],
        fold: None,
    };
    assert!(empty.check().is_ok());
    // The fold file is named by a hash, never a path, and is one of the files.
    let folded = SearchRef {
        segments: vec![segment(10, 2)],
        fold: Some("0123456789abcdef".into()),
    };
    assert!(folded.check().is_ok());
    assert_eq!(
        folded.files().last().map(String::as_str),
        Some("search/fold.0123456789abcdef.json")
    );
    for bad in ["../../catalog", "0123456789ABCDEF", "", "0123"] {
        let hostile = SearchRef {
            fold: Some(bad.into()),
            ..folded.clone()
        };
        assert!(
            hostile.check().is_err() && hostile.files().is_empty(),
            "{bad}"
        );
    }
}
