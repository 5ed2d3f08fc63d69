//! The shards a shared search link asks for ahead of the app
//! (src/render/search_ahead.js) are the ones the app's first pass reads:
//! both sides are checked against tests/fixtures/search-ahead.json (the
//! script by tests/e2e/search-ahead.test.mjs). `UPDATE_FIXTURES=1` rewrites
//! the expected shards from this side.

use serde_json::{json, Value};
use std::path::Path;
use weekly_core::route::SearchParams;
use weekly_core::search::wire::shards_for;

fn fixture() -> std::path::PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/search-ahead.json"
    ))
    .to_path_buf()
}

/// The app's first pass: Chinese runs as typed (`SearchStore::answer`; for
/// traditional characters the folded runs' shards follow once the fold's
/// file has come, and the script asks for that file).
fn first_pass(search: &str, shards: u32) -> Vec<usize> {
    let params = SearchParams::parse(search);
    if params.is_empty() {
        return Vec::new();
    }
    shards_for(&params.query().phrases(), shards)
}

#[test]
fn the_shards_asked_for_ahead_are_the_first_pass_shards() {
    let path = fixture();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut fixture: Value = serde_json::from_str(&text).unwrap();
    let mut wrong = Vec::new();
    for case in fixture["cases"].as_array_mut().unwrap() {
        let search = case["search"].as_str().unwrap().to_string();
        for shards in [1u32, 97, 10_011] {
            let expected = json!(first_pass(&search, shards));
            let key = shards.to_string();
            if case["expected"][&key] != expected {
                wrong.push(format!(
                    "{search} over {shards}: fixture {}, app {expected}",
                    case["expected"][&key]
                ));
                case["expected"][&key] = expected;
            }
        }
    }
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        // A case a line.
        let cases: Vec<String> = fixture["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|case| format!("    {}", serde_json::to_string(case).unwrap()))
            .collect();
        let about = serde_json::to_string(&fixture["about"]).unwrap();
        let text = format!(
            "{{\n  \"about\": {about},\n  \"cases\": [\n{}\n  ]\n}}\n",
            cases.join(",\n")
        );
        std::fs::write(&path, text).unwrap();
        return;
    }
    assert!(
        wrong.is_empty(),
        "{}\n(review, then UPDATE_FIXTURES=1)",
        wrong.join("\n")
    );
}
