//! Reading published data from a parsed JSON value, without serde's
//! deserializers.
//!
//! In the browser the value is what the browser's own `JSON.parse` made
//! (`platform::parse`); natively (the build's renderer, tests) it is a
//! `serde_json::Value`. Both reach the types through the same [`Decode`]
//! impls, so the app and the pre-rendered pages read a file the same way.
//! Serde's derived deserializers stay for the compiler (it writes these
//! files); in the wasm they cost 10 KB brotli for nine types, with float
//! formatting for error messages and a generic visitor per type
//! (BENCHMARKS.md, "Hand-written decoders instead of serde in the browser").
//! Each struct's reader is generated from its own definition by
//! `#[derive(Decode)]` (crates/derive), which reads the same `#[serde]`
//! attributes serde's derive does and refuses those it would read
//! differently: a field added, renamed or given a default changes both
//! readers at once. The few readers written by hand (an inline node, tag
//! counts, a history file's checks) are held to serde's by the tests on the
//! files the compiler writes.
//!
//! Reading tolerates what serde's derive did (unknown fields are ignored,
//! a field with a default may be missing, and so may an optional one) and
//! one thing more: `null` counts as absent for every field with a default
//! (serde refused it for lists, numbers and flags). A value of the wrong
//! kind is a typed error that names the field. Arrays and objects are read
//! one element at a time, so a hostile 16 MB file of tiny elements never
//! holds more than one of them outside the parsed value (each `JsValue` is
//! a slot in wasm-bindgen's table, which the engines cap at 10 million).

use super::{Counts, Inline};

/// `#[derive(Decode)]` (crates/derive): a struct's reader generated from
/// the definition serde's derive reads, so the two cannot drift apart.
pub use weekly_derive::Decode;

/// A parsed JSON value, as the decoders read it.
pub trait Json: Sized {
    /// The value of `key` when this is an object that has it, not `null`.
    fn get(&self, key: &str) -> Option<Self>;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// Hands each element to `read`, in order, when this is an array
    /// (`None` otherwise); stops at the first error.
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>>;
    /// Hands each key and value to `read` when this is an object and not
    /// an array (`None` otherwise); stops at the first error.
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>>;
}

/// What did not fit: the innermost field whose value was missing or of the
/// wrong kind (`None` at the top, before any field was read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrong(pub Option<&'static str>);

impl std::fmt::Display for Wrong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(field) => write!(f, "`{field}` is missing or of the wrong kind"),
            None => f.write_str("not an object of the expected kind"),
        }
    }
}

/// A type read from a parsed JSON value.
pub trait Decode: Sized {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong>;
}

/// The required field `key`.
pub fn field<T: Decode, J: Json>(json: &J, key: &'static str) -> Result<T, Wrong> {
    let value = json.get(key).ok_or(Wrong(Some(key)))?;
    named(T::decode(&value), key)
}

/// The field `key`, or the type's default when it is missing.
pub fn or_default<T: Decode + Default, J: Json>(json: &J, key: &'static str) -> Result<T, Wrong> {
    match json.get(key) {
        Some(value) => named(T::decode(&value), key),
        None => Ok(T::default()),
    }
}

/// An error from inside a field keeps the innermost name.
fn named<T>(result: Result<T, Wrong>, key: &'static str) -> Result<T, Wrong> {
    result.map_err(|Wrong(inner)| Wrong(inner.or(Some(key))))
}

impl Decode for String {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.string().ok_or(Wrong(None))
    }
}

impl Decode for u32 {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.number()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or(Wrong(None))
    }
}

impl Decode for bool {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.boolean().ok_or(Wrong(None))
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        T::decode(json).map(Some)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        let mut out = Vec::new();
        json.each_element(&mut |element| {
            out.push(T::decode(&element)?);
            Ok(())
        })
        .ok_or(Wrong(None))??;
        Ok(out)
    }
}

impl Decode for Counts {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        let mut out = Vec::new();
        json.each_entry(&mut |key, value| {
            out.push((key, u32::decode(&value)?));
            Ok(())
        })
        .ok_or(Wrong(None))??;
        Ok(Counts::from_entries(out))
    }
}

/// A node of a known kind becomes that kind; one of a kind this reader
/// does not know keeps its text, or its children's (see [`Inline`]).
impl Decode for Inline {
    fn decode<J: Json>(j: &J) -> Result<Self, Wrong> {
        let kind: String = field(j, "kind")?;
        let text: Option<String> = or_default(j, "text")?;
        let children: Vec<Inline> = or_default(j, "children")?;
        let href: Option<String> = or_default(j, "href")?;
        let term: Option<String> = or_default(j, "term")?;
        Ok(super::inline::from_parts(&kind, text, children, href, term))
    }
}

/// `serde_json`'s value, for the build's renderer and the tests: read in
/// place, never copied.
#[cfg(not(target_arch = "wasm32"))]
impl<'a> Json for &'a serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).filter(|v| !v.is_null())
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let elements: &'a [serde_json::Value] = self.as_array()?;
        Some(elements.iter().try_for_each(read))
    }
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let entries: &'a serde_json::Map<String, serde_json::Value> = self.as_object()?;
        Some(entries.iter().try_for_each(|(k, v)| read(k.clone(), v)))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
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
            search: Some(SearchRef {
                shards: 7,
                hash: "abc".into(),
            }),
        };
        assert_eq!(
            both::<Catalog>(&serde_json::to_value(&catalog).unwrap()),
            catalog
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
            let value =
                json!({"schema_version": 1, "volume": volume, "title": "t", "sections": []});
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
                ("[a-z-]{0,8}", children)
                    .prop_map(|(term, children)| Inline::Term { term, children }),
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
}
