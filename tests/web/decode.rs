//! Published files read in the browser.

use super::*;

/// The browser's parser (`JSON.parse` and the model's decoders over its
/// result) reads published files exactly as the build's serde_json does,
/// and refuses what serde_json refuses with typed errors, without a trap.
#[wasm_bindgen_test]
fn published_files_parse_in_the_browser_as_serde_json_reads_them() {
    use weekly::model::{DataError, Issue};
    use weekly::platform::parse;
    let raw = include_str!("../fixtures/vol3.json");
    let expected: Issue = serde_json::from_str(raw).unwrap();
    assert_eq!(parse::<Issue>(raw).unwrap(), expected);
    // Compact, so that the cases below can edit it.
    let text =
        &serde_json::to_string(&serde_json::from_str::<serde_json::Value>(raw).unwrap()).unwrap();
    assert_eq!(parse::<Issue>(text).unwrap(), expected);
    for needle in [r#""schema_version":1"#, r#""volume":3"#, r#""children":["#] {
        assert!(text.contains(needle), "{needle}");
    }
    // Unknown fields are tolerated, as the schema promises.
    let extra = text.replacen('{', r#"{"future":{"a":[1,2]},"#, 1);
    assert_eq!(parse::<Issue>(&extra).unwrap(), expected);

    let bad_data = |text: &str| {
        matches!(
            parse::<Issue>(text),
            Err(LoadError::BadData(
                DataError::NotJson(_) | DataError::Field(_)
            ))
        )
    };
    assert!(bad_data("<!doctype html><html></html>"));
    assert!(bad_data("[1,2]"));
    assert!(bad_data("null"));
    assert!(bad_data(r#"{"schema_version":"1"}"#));
    assert!(bad_data(r#"{"schema_version":1}"#), "fields missing");
    assert!(bad_data(&text.replacen(
        r#""volume":3"#,
        r#""volume":"3""#,
        1
    )));
    assert_eq!(
        parse::<Issue>(&text.replacen(r#""volume":3"#, r#""volume":3.5"#, 1)),
        Err(LoadError::BadData(DataError::Field(
            weekly::model::decode::Wrong(Some("volume"))
        )))
    );
    assert_eq!(
        parse::<Issue>(&text.replacen("\"schema_version\":1", "\"schema_version\":99", 1)),
        Err(LoadError::BadData(DataError::UnsupportedVersion(99)))
    );
    // A catalog with every field, its tag counts an object of numbers.
    let catalog = r#"{"schema_version":1,"settings":{"title":{"zh":"周报","en":"Weekly"},
        "publisher":{"zh":"甲","en":"A"},"sections":[{"slug":"news","name":{"zh":"新闻","en":"News"}}],
        "projects":[],"tags":[{"slug":"envoy","name":{"zh":"Envoy","en":"Envoy"}}],
        "embed_origins":["https://portal.example"],"public_url":"https://weekly.example/"},
        "issues":[{"volume":3,"title":"第 3 期","date":"2019-05-06","file":"issues/3.a.json",
        "highlights":["h"],"item_count":12,"terms":["kep"],"draft":true},{"volume":2,"title":"t"}],
        "tag_counts":{"envoy":4,"k8s":0},"search":{"shards":7,"hash":"abc"}}"#;
    let expected: weekly::model::Catalog = serde_json::from_str(catalog).unwrap();
    assert_eq!(parse::<weekly::model::Catalog>(catalog).unwrap(), expected);
    assert_eq!(expected.tag_counts.get("envoy"), Some(4));
    assert!(matches!(
        parse::<weekly::model::Catalog>(&catalog.replace(r#""envoy":4"#, r#""envoy":"4""#)),
        Err(LoadError::BadData(DataError::Field(_)))
    ));
    // Nested past the bound, inside the data's own recursive type and far
    // past it: a typed error, not an exhausted stack.
    let nested = |depth: usize| {
        let open = r#"{"kind":"strong","children":["#.repeat(depth);
        let close = "]}".repeat(depth);
        text.replacen(
            r#""children":["#,
            &format!(r#""children":[{open}{{"kind":"text","text":"x"}}{close},"#),
            1,
        )
    };
    assert!(bad_data(&nested(200)));
    assert!(bad_data(&nested(100_000)));
    assert!(bad_data(&"[".repeat(1_000_000)));
}
