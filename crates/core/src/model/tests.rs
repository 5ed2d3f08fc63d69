use super::*;

#[test]
fn a_glossary_slug_lowercases_ascii_letters_only() {
    let slug = |term: &str| {
        GlossaryEntry {
            term: term.into(),
            aliases: Vec::new(),
            expansion: None,
            explanation: Bilingual::default(),
            links: Vec::new(),
        }
        .slug()
    };
    assert_eq!(slug(" Code Freeze "), "code-freeze");
    assert_eq!(slug("xDS"), "xds");
    assert_eq!(slug("服务网格"), "服务网格");
    // Not ASCII: as written (no Unicode case tables in the browser).
    assert_eq!(slug("Ärger Test"), "Ärger-test");
}

#[test]
fn nesting_depth_counts_brackets_outside_strings() {
    assert_eq!(nesting_depth(""), 0);
    assert_eq!(nesting_depth(r#"{"a":[1,{"b":[]}]}"#), 4);
    assert_eq!(nesting_depth(r#"{"a":"[[[{{{"}"#), 1);
    assert_eq!(nesting_depth(r#"{"a":"\"[[["}"#), 1);
    assert_eq!(nesting_depth(r#"["\\",[["#), 3);
    assert_eq!(nesting_depth(&"[".repeat(10_000)), 10_000);
}

#[test]
fn items_group_by_issue_in_their_order() {
    let item = |volume: u32, id: &str| ItemRef {
        volume,
        id: id.into(),
        label: id.into(),
        section: "news".into(),
        project: None,
    };
    let items = [
        item(9, "a"),
        item(9, "b"),
        item(7, "c"),
        item(3, "d"),
        item(3, "e"),
    ];
    let groups = group_by_issue(&items);
    let shape: Vec<(u32, Vec<&str>)> = groups
        .iter()
        .map(|(v, items)| (*v, items.iter().map(|i| i.id.as_str()).collect()))
        .collect();
    assert_eq!(
        shape,
        [(9, vec!["a", "b"]), (7, vec!["c"]), (3, vec!["d", "e"])]
    );
    assert!(group_by_issue(&[]).is_empty());
    // Filtered lists group the same way.
    let odd = group_by_issue(items.iter().filter(|i| i.id != "c"));
    assert_eq!(odd.iter().map(|g| g.0).collect::<Vec<_>>(), [9, 3]);
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn html_instead_of_json_is_a_typed_error() {
    let err = parse_published::<Catalog>("<!doctype html><html></html>").unwrap_err();
    assert!(matches!(err, DataError::NotJson(_)));
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn newer_schema_is_refused() {
    let err = parse_published::<Glossary>(r#"{"schema_version": 99, "terms": []}"#).unwrap_err();
    assert_eq!(err, DataError::UnsupportedVersion(99));
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn unknown_fields_are_tolerated() {
    let g: Glossary =
        parse_published(r#"{"schema_version": 1, "terms": [], "future": true}"#).unwrap();
    assert!(g.terms.is_empty());
}

#[test]
fn label_falls_back_to_first_sentence() {
    let item = Item {
        id: "x".into(),
        title: vec![],
        body: vec![vec![Inline::text("第一句。第二句。")]],
        tags: vec![],
    };
    assert_eq!(item.label(), "第一句。");
    assert_eq!(first_sentence("abcdef", 3), "abc…");
}
