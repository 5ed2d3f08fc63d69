use super::*;
use crate::model::*;
use proptest::prelude::*;
use serde_json::{json, Value};

#[allow(clippy::unwrap_used)] // a test helper
fn both<T>(value: &Value) -> T
where
    T: Decode + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let decoded = T::decode(&value).unwrap();
    let derived: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(decoded, derived);
    decoded
}

fn term(slug: &str) -> Term {
    Term {
        slug: slug.into(),
        name: Bilingual {
            zh: format!("{slug}中"),
            en: slug.into(),
        },
    }
}

fn full_issue() -> Issue {
    let link = Inline::Link {
        href: "https://k8s.io/".into(),
        children: vec![Inline::text("K8s")],
    };
    let term_ref = Inline::Term {
        term: "kep".into(),
        children: vec![Inline::Strong {
            children: vec![Inline::text("KEP")],
        }],
    };
    Issue {
        schema_version: 1,
        volume: 3,
        title: "第 3 期".into(),
        date: Some("2019-05-06".into()),
        summary: Some("摘要".into()),
        sections: vec![Section {
            slug: "news".into(),
            title: "业界要闻".into(),
            groups: vec![
                Group {
                    project: Some("k8s".into()),
                    title: Some("Kubernetes".into()),
                    items: vec![Item {
                        id: "a".into(),
                        title: vec![
                            link,
                            Inline::Code {
                                text: "kubectl".into(),
                            },
                        ],
                        body: vec![
                            vec![term_ref, Inline::text("。")],
                            vec![Inline::Emphasis {
                                children: vec![Inline::text("e")],
                            }],
                        ],
                        tags: vec!["envoy".into()],
                    }],
                },
                Group {
                    project: None,
                    title: None,
                    items: vec![],
                },
            ],
        }],
        glossary: vec![GlossaryEntry {
            term: "KEP".into(),
            aliases: vec!["keps".into()],
            expansion: Some("Kubernetes Enhancement Proposal".into()),
            explanation: Bilingual {
                zh: "增强提案".into(),
                en: "proposal".into(),
            },
            links: vec!["https://kep.k8s.io".into()],
        }],
        publisher: Some("阿里云".into()),
        authors: vec!["甲".into()],
        editors: vec!["乙".into()],
        earlier: vec![IssueRef {
            volume: 2,
            title: "第 2 期".into(),
        }],
        terms: vec!["kep".into()],
        draft: true,
    }
}

#[test]
fn every_field_of_every_published_type_reads_as_serde_reads_it() {
    let issue = full_issue();
    assert_eq!(both::<Issue>(&serde_json::to_value(&issue).unwrap()), issue);
    let catalog = Catalog {
        schema_version: 1,
        settings: Settings {
            title: term("t").name,
            publisher: term("p").name,
            sections: vec![term("news")],
            projects: vec![term("k8s")],
            tags: vec![term("envoy")],
            embed_origins: vec!["https://portal.example".into()],
            public_url: Some("https://weekly.example/".into()),
        },
        issues: vec![IssueEntry {
            volume: 3,
            title: "第 3 期".into(),
            date: Some("2019-05-06".into()),
            summary: Some("s".into()),
            file: Some("issues/3.abc.json".into()),
            highlights: vec!["h".into()],
            item_count: 12,
            minutes: 6,
            terms: vec!["kep".into()],
            draft: true,
        }],
        tag_counts: [("envoy".to_string(), 4), ("k8s".to_string(), 0)].into(),
        search_index: Some(SearchRef {
            segments: vec![
                Segment {
                    items: 4096,
                    shards: 7,
                    hash: "abc".into(),
                },
                Segment {
                    items: 3,
                    shards: 1,
                    hash: "def".into(),
                },
            ],
            fold: Some("0123456789abcdef".into()),
        }),
    };
    assert_eq!(
        both::<Catalog>(&serde_json::to_value(&catalog).unwrap()),
        catalog
    );
    let fold = SearchFold {
        schema_version: 1,
        pairs: "負负載载".into(),
    };
    assert_eq!(
        both::<SearchFold>(&serde_json::to_value(&fold).unwrap()),
        fold
    );
    let item = ItemRef {
        volume: 3,
        id: "a".into(),
        label: "标签".into(),
        section: "news".into(),
        project: Some("k8s".into()),
    };
    let tag = TagPage {
        schema_version: 1,
        tag: "envoy".into(),
        sections: [("news".to_string(), 1)].into(),
        projects: [("k8s".to_string(), 1)].into(),
        items: vec![item.clone()],
        rest: Some("tags/envoy.rest.json".into()),
    };
    assert_eq!(both::<TagPage>(&serde_json::to_value(&tag).unwrap()), tag);
    let rest = TagRest {
        schema_version: 1,
        tag: "envoy".into(),
        items: vec![item],
    };
    assert_eq!(both::<TagRest>(&serde_json::to_value(&rest).unwrap()), rest);
    let glossary = Glossary {
        schema_version: 1,
        terms: issue.glossary.clone(),
    };
    assert_eq!(
        both::<Glossary>(&serde_json::to_value(&glossary).unwrap()),
        glossary
    );
}

#[test]
fn fields_with_defaults_may_be_missing_or_null_and_unknown_ones_are_ignored() {
    let issue: Issue = both(&json!({
        "schema_version": 1, "volume": 4, "title": "t", "sections": [
            {"slug": "news", "title": "n", "groups": [{"items": [{"id": "x", "future": 1}]}]}
        ], "date": null, "from_a_newer_compiler": {"a": [1, 2]}
    }));
    assert_eq!(issue.date, None);
    assert!(issue.glossary.is_empty() && !issue.draft);
    let item = &issue.sections[0].groups[0].items[0];
    assert!(item.title.is_empty() && item.body.is_empty() && item.tags.is_empty());
    let entry: IssueEntry = both(&json!({"volume": 1, "title": "t"}));
    assert_eq!((entry.item_count, entry.file), (0, None));
    // A catalog from before the segmented index reads, without an index;
    // an index without segments is an empty one.
    let settings =
        json!({"title": {"zh": "", "en": ""}, "publisher": {"zh": "", "en": ""}, "sections": []});
    let old: Catalog = both(&json!({
        "schema_version": 1, "settings": settings, "issues": [],
        "search": {"shards": 7, "hash": "abc"}
    }));
    assert_eq!(old.search_index, None);
    let empty: Catalog = both(&json!({
        "schema_version": 1, "settings": settings, "issues": [], "search_index": {}
    }));
    assert_eq!(empty.search_index.map(|s| s.segments.len()), Some(0));
}

#[test]
fn an_inline_node_of_an_unknown_kind_keeps_its_text() {
    let nodes: Vec<Inline> = both(&json!([
        {"kind": "marquee", "children": [{"kind": "text", "text": "a"}, {"kind": "code", "text": "b"}]},
        {"kind": "sparkle", "text": "c"},
        {"kind": "link", "children": [{"kind": "text", "text": "no href"}]},
        {"kind": "term", "text": "no term"},
        {"kind": "code"}
    ]));
    assert_eq!(
        nodes,
        [
            Inline::text("ab"),
            Inline::text("c"),
            Inline::text("no href"),
            Inline::text("no term"),
            Inline::Code { text: "".into() },
        ]
    );
}

#[test]
fn a_value_of_the_wrong_kind_is_an_error_naming_the_innermost_field() {
    let wrong = |value: Value| Issue::decode(&&value).unwrap_err();
    let issue = |sections: Value| json!({"schema_version": 1, "volume": 1, "title": "t", "sections": sections});
    assert_eq!(wrong(json!({"schema_version": 1})), Wrong(Some("volume")));
    for volume in [
        json!("3"),
        json!(-1),
        json!(1.5),
        json!(4_294_967_296u64),
        json!(null),
    ] {
        let value = json!({"schema_version": 1, "volume": volume, "title": "t", "sections": []});
        assert_eq!(wrong(value), Wrong(Some("volume")));
    }
    assert_eq!(wrong(issue(json!({}))), Wrong(Some("sections")));
    let bad_id = json!([{"slug": "s", "title": "t", "groups": [{"items": [{"id": 7}]}]}]);
    assert_eq!(wrong(issue(bad_id)), Wrong(Some("id")));
    let bad_node = json!([{"slug": "s", "title": "t", "groups": [{"items": [
        {"id": "x", "body": [[{"kind": "text", "text": ["not", "text"]}]]}
    ]}]}]);
    assert_eq!(wrong(issue(bad_node)), Wrong(Some("text")));
    assert_eq!(wrong(json!("a string")), Wrong(Some("schema_version")));
    assert_eq!(
        u32::decode(&&json!(4_294_967_295u64)),
        Ok(u32::MAX),
        "the largest u32 is a u32"
    );
    let counts = Counts::decode(&&json!({"a": "1"})).unwrap_err();
    assert_eq!(counts, Wrong(None));
    assert!(Counts::decode(&&json!([1])).is_err());
}

#[test]
fn published_files_report_what_did_not_fit() {
    let err = parse_published::<Glossary>(r#"{"schema_version": 1, "terms": [{"term": 1}]}"#)
        .unwrap_err();
    assert_eq!(err, DataError::Field(Wrong(Some("term"))));
    let err = parse_published::<Glossary>(r#"{"schema_version": 1.5, "terms": []}"#);
    assert_eq!(err, Err(DataError::NotJson("no schema_version")));
    assert_eq!(
        DataError::Field(Wrong(Some("term"))).to_string(),
        "not the expected JSON: `term` is missing or of the wrong kind"
    );
}

fn inline() -> impl Strategy<Value = Inline> {
    let leaf = prop_oneof![
        ".{0,8}".prop_map(Inline::text),
        ".{0,8}".prop_map(|text| Inline::Code { text }),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        let children = prop::collection::vec(inner, 0..4);
        prop_oneof![
            children
                .clone()
                .prop_map(|children| Inline::Strong { children }),
            children
                .clone()
                .prop_map(|children| Inline::Emphasis { children }),
            ("[a-z:/.]{0,12}", children.clone())
                .prop_map(|(href, children)| Inline::Link { href, children }),
            ("[a-z-]{0,8}", children).prop_map(|(term, children)| Inline::Term { term, children }),
        ]
    })
}

proptest! {
    /// Any rich text the compiler can write reads back as itself, the
    /// same way serde reads it.
    #[test]
    fn rich_text_reads_back_as_written(nodes in prop::collection::vec(inline(), 0..6)) {
        let value = serde_json::to_value(&nodes).unwrap();
        let decoded = Vec::<Inline>::decode(&&value).unwrap();
        let derived: Vec<Inline> = serde_json::from_value(value).unwrap();
        prop_assert_eq!(&decoded, &nodes);
        prop_assert_eq!(decoded, derived);
    }
}
