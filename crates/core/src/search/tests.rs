use super::query::{cjk_cover, cjk_splits};
use super::*;

fn doc(id: &str, title: &str, body: &str, tags: &[&str]) -> Doc {
    Doc {
        volume: 1,
        id: id.into(),
        section: "news".into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        title: title.into(),
        body: body.into(),
        glossary: String::new(),
    }
}

fn ids(docs: &[Doc], q: &str) -> Vec<String> {
    Index::build(docs)
        .search(&parse_query(q))
        .into_iter()
        .map(|h| docs[h.doc].id.clone())
        .collect()
}

#[test]
fn long_chinese_runs_are_covered_exactly() {
    let text = "云原生生态周报每周发布一期";
    let index = [
        doc("a", text, "", &[]),
        doc("b", "云原生生态周每报发布一期", "", &[]),
    ];
    for q in [
        "云原生生态周报",
        "生态周报每周发布",
        "云原生生态周报每周发布一期",
        "报每周发布一",
    ] {
        assert_eq!(ids(&index, q), ["a"], "{q}");
    }
    assert!(ids(&index, "云原生生态周报每周发布一期啊").is_empty());
    assert_eq!(cjk_cover(9), [(0, 2), (2, 2), (4, 2), (6, 2), (7, 2)]);
    assert_eq!(cjk_cover(4), [(0, 2), (2, 2)]);
    assert_eq!(cjk_cover(3), [(0, 2), (1, 2)]);
    assert_eq!(cjk_cover(2), [(0, 2)]);
    assert_eq!(cjk_cover(1), [(0, 1)]);
}

#[test]
fn chinese_runs_match_exactly_first_then_as_words_close_then_far() {
    let index = [
        doc(
            "far",
            "",
            "事件处理是一种很长很长很长很长的说法，再谈过滤",
            &[],
        ),
        doc("exact", "负载均衡", "", &[]),
        doc("apart", "均衡负载", "", &[]),
        doc("close", "", "事件的过滤", &[]),
        doc("one", "", "只有事件", &[]),
    ];
    assert_eq!(ids(&index, "负载均衡"), ["exact", "apart"]);
    // The first pass finds what ranks first, without the words' shards.
    let phrases = Index::build(&index).search(&parse_query("负载均衡").phrases());
    assert_eq!(phrases.len(), 1);
    assert_eq!(index[phrases[0].doc].id, "exact");
    // Up to three characters a run is one word: only as it stands.
    assert_eq!(ids(&index, "载均"), ["exact"]);
    assert_eq!(ids(&index, "衡"), ["exact", "apart"]);
    assert_eq!(ids(&index, "事件过滤"), ["close", "far"]);
    // A reading with a word the index does not know is not used: an odd
    // run is then read with three characters first.
    let index = [doc("book", "", "免费电子书，已完成翻译", &[])];
    assert_eq!(ids(&index, "电子书翻译"), ["book"]);
    assert_eq!(cjk_splits(5), [vec![(0, 2), (2, 3)], vec![(0, 3), (3, 2)]]);
    assert_eq!(cjk_splits(4), [vec![(0, 2), (2, 2)]]);
    assert!(cjk_splits(3).is_empty() && cjk_splits(MAX_SPLIT_CHARS + 1).is_empty());
}

#[test]
fn english_words_match_their_other_forms() {
    let index = [
        doc("filter", "Advanced Filtering", "the filter field", &[]),
        doc("debug", "", "kubectl debug for Ephemeral Containers", &[]),
        doc("other", "Routing", "", &[]),
    ];
    assert_eq!(ids(&index, "filters"), ["filter"]);
    assert_eq!(ids(&index, "filtered"), ["filter"]);
    assert_eq!(ids(&index, "debugging containers"), ["debug"]);
    assert_eq!(ids(&index, "routes"), ["other"]);
    // Prefixes still match as the reader types.
    assert_eq!(ids(&index, "filte"), ["filter"]);
    assert_eq!(ids(&index, "contai"), ["debug"]);
}

#[test]
fn without_an_item_holding_every_part_the_best_partial_matches_say_what_they_lack() {
    let index = [
        doc("two", "Envoy 负载均衡", "", &[]),
        doc("one", "Envoy", "", &[]),
    ];
    let hits = Index::build(&index).search(&parse_query("envoy 负载均衡 Kafka"));
    assert_eq!(hits.len(), 1);
    assert_eq!(index[hits[0].doc].id, "two");
    assert_eq!(hits[0].missing, ["kafka"]);
    assert!(Index::build(&index)
        .search(&parse_query("kafka"))
        .is_empty());
}

#[test]
fn words_match_by_prefix_and_all_parts_must_match() {
    let index = [
        doc(
            "orca",
            "Envoy正通过ORCA改善负载均衡的精准度",
            "",
            &["envoy"],
        ),
        doc(
            "stats",
            "",
            "Envoy当下通过共享内存的方式来保存stats数据",
            &["envoy"],
        ),
    ];
    assert_eq!(ids(&index, "Envoy 负载均衡"), ["orca"]);
    assert_eq!(ids(&index, "env"), ["orca", "stats"]);
    assert_eq!(ids(&index, "stat"), ["stats"]);
    assert_eq!(ids(&index, "tag:envoy 共享"), ["stats"]);
    assert!(ids(&index, "tag:istio").is_empty());
}

#[test]
fn titles_rank_above_bodies_and_ranges_are_merged() {
    let index = [
        doc("body", "", "Knative 的 Trigger", &[]),
        doc("title", "Knative Trigger", "", &[]),
    ];
    let hits = Index::build(&index).search(&parse_query("knative trigger"));
    assert_eq!(index[hits[0].doc].id, "title");
    // Ranges span the stems (`knativ`, `trig`); results mark whole words
    // (`present::whole_words`).
    assert_eq!(hits[0].title_ranges, [(0, 6), (8, 12)]);
    assert!(ids(&index, "负载").is_empty());
}

#[test]
fn hostile_queries_are_plain_text() {
    let index = [doc("x", "img onerror alert", "", &[])];
    // Markup is words: the item has some of them, and says which not.
    let hits = Index::build(&index).search(&parse_query("<img src=x onerror=alert(1)>"));
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].missing, ["src", "x", "1"]);
    assert_eq!(ids(&index, "<img onerror=alert>"), ["x"]);
    assert!(ids(&index, ".*+?^${}()|[]\\").is_empty());
    let long = "负".repeat(10_000);
    assert!(ids(&index, &long).is_empty());
    assert_eq!(
        parse_query(&long).parts,
        [Part::Cjk(vec!['负'; MAX_RUN_CHARS])]
    );
}

#[test]
fn snippets_keep_highlights_on_characters() {
    let (text, ranges) = snippet("一二三四五六七八九十", &[(6, 8)], 4);
    assert_eq!(text, "…六七八九…");
    assert_eq!(ranges, [(2, 4)]);
    let (text, ranges) = snippet("abc", &[(0, 1)], 10);
    assert_eq!((text.as_str(), ranges), ("abc", vec![(0, 1)]));
}

#[test]
fn glossary_names_find_the_items_using_the_term_and_are_not_highlighted() {
    let mut uses = doc("uses", "KEP 的流程", "社区通过 KEP 讨论新特性", &[]);
    uses.glossary = "增强提案\nKEP\nKubernetes Enhancement Proposal".into();
    let other = doc(
        "other",
        "Kubernetes 1.30",
        "Enhancement 与 Proposal 分开出现",
        &[],
    );
    let docs = [uses, other];
    // Found by the expansion; an item with the words themselves in its
    // title ranks as its title says.
    assert_eq!(
        ids(&docs, "Kubernetes Enhancement Proposal"),
        ["other", "uses"]
    );
    assert_eq!(ids(&docs, "enhancement proposal kep"), ["uses"]);
    assert_eq!(ids(&docs, "增强提案"), ["uses"]);
    // No phrase runs from the body into the names.
    let across = parse_query("特性增强").phrases();
    assert!(Index::build(&docs).search(&across).is_empty());
    assert_eq!(ids(&docs, "新特性"), ["uses"]);
    let index = Index::build(&docs);
    let hit = &index.search(&parse_query("增强提案"))[0];
    let text = present::IssueText {
        volume: 1,
        items: docs
            .iter()
            .map(|d| present::ItemText {
                id: d.id.clone(),
                section: d.section.clone(),
                title: d.title.clone(),
                body: d.body.clone(),
            })
            .collect(),
    };
    let shown = present::present(hit, index.docs[hit.doc], &text).unwrap();
    assert!(shown.snippet_ranges.is_empty(), "{shown:?}");
    assert!(shown.snippet.starts_with("社区通过"), "{shown:?}");
}

#[test]
fn long_queries_are_bounded_in_parts_and_run_length() {
    let run: String = "云原生生态周报每周发布一期".repeat(10);
    let query = parse_query(&run);
    assert_eq!(
        query.parts,
        [Part::Cjk(run.chars().take(MAX_RUN_CHARS).collect())]
    );
    // A passage pasted whole finds the item that holds it.
    let docs = [doc("a", "", &run, &[]), doc("b", "", "云原生", &[])];
    assert_eq!(ids(&docs, &run), ["a"]);
    let words: Vec<String> = (0..20).map(|i| format!("w{i}")).collect();
    let query = parse_query(&words.join(" "));
    assert_eq!(query.parts.len(), MAX_PARTS);
    assert_eq!(query.labels.last().map(String::as_str), Some("w11"));
    // Repeats count as runs: the twelfth run is the last one read.
    let repeated = format!("{} kafka", ["envoy"; 12].join(" "));
    assert_eq!(parse_query(&repeated).parts, [Part::Word("envoy".into())]);
}
