//! Bad sources fail the build with file, line and reason: malformed
//! Markdown, hostile link schemes, JSON issues held to the Markdown rules,
//! unknown issue links, invalid dates, duplicate volumes, glossary links,
//! item ids that would take the reader's own.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

mod common;

use common::{compile_one, error_text, published, sources};
use weekly_compiler::compile_site;
use weekly_core::model::{Catalog, Issue};

#[test]
fn malformed_sources_fail_with_file_line_and_reason() {
    let errors = compile_one(
        "+++\nvolume = 9\ntitle = \"t\"\n+++\n# 业界要闻\n\n- {#a nosuchtag} 标题\n\n# 不存在的栏目\n\n- {#a} <b>x</b>\n\n- [x](javascript:alert(1))\n",
    );
    let all = errors.join("\n");
    assert!(
        all.contains("issues/bad.md:7:3: error: unknown tag `nosuchtag`"),
        "{all}"
    );
    assert!(
        all.contains("issues/bad.md:9:1: error: unknown section `不存在的栏目`"),
        "{all}"
    );
    assert!(all.contains("item id `a` is used twice"), "{all}");
    assert!(
        all.contains("issues/bad.md:11:") && all.contains("raw HTML"),
        "{all}"
    );
    assert!(
        all.contains("issues/bad.md:13:") && all.contains("forbidden scheme"),
        "{all}"
    );
    assert!(errors.len() >= 5, "all errors are reported together: {all}");
}

#[test]
fn entity_encoded_schemes_are_caught() {
    let all = compile_one(
        "+++\nvolume = 9\ntitle = \"t\"\n+++\n# 业界要闻\n\n- [x](&#106;avascript:alert(1))\n- [y](data:text/html,hi)\n",
    )
    .join("\n");
    assert_eq!(all.matches("forbidden scheme").count(), 2, "{all}");
}

#[test]
fn an_issue_supplied_as_json_is_validated_like_markdown() {
    let fixture = include_str!("../../../tests/fixtures/vol3.json");
    let mut src = sources();
    let as_vol4 = fixture.replacen("\"volume\": 3", "\"volume\": 4", 1);
    src.issues.push(("issues/004.json".into(), as_vol4));
    let site = compile_site(&src).unwrap();
    let catalog: Catalog = published(&site, "data/catalog.json");
    assert_eq!(catalog.issues[0].volume, 4);
    let vol4: Issue = published(&site, "data/issues/4.");
    let vol3: Issue = published(&site, "data/issues/3.");
    assert_eq!(
        vol4.sections, vol3.sections,
        "importing is lossless and annotation idempotent"
    );

    let hostile = fixture
        .replacen("\"volume\": 3", "\"volume\": 5", 1)
        .replacen("\"docker\"", "\"no-such-tag\"", 1)
        .replacen(
            "\"kind\": \"code\",\n                    \"text\": \"openjdk:8u212-jdk\"",
            "\"kind\": \"link\", \"href\": \"javascript:alert(1)\", \"children\": []",
            1,
        );
    let mut src = sources();
    src.issues.push(("issues/005.json".into(), hostile));
    let all = error_text(&src);
    assert!(
        all.contains("issues/005.json: error: item `docker-hub-breach`: unknown tag `no-such-tag`"),
        "{all}"
    );
    assert!(
        all.contains(
            "item `java8-container-support`: link `javascript:alert(1)` has a forbidden scheme"
        ),
        "{all}"
    );

    let mut src = sources();
    src.issues
        .push(("issues/006.json".into(), "{\"schema_version\": 1,".into()));
    let all = compile_site(&src).unwrap_err()[0].to_string();
    assert!(all.starts_with("issues/006.json:1:"), "{all}");
}

#[test]
fn a_json_issue_nests_formatting_no_deeper_than_markdown() {
    let fixture = include_str!("../../../tests/fixtures/vol3.json");
    let code = "\"kind\": \"code\",\n                    \"text\": \"openjdk:8u212-jdk\"";
    assert!(fixture.contains(code));
    let nested = |levels: usize| {
        let open = "\"kind\": \"strong\", \"children\": [{".repeat(levels);
        let close = "}]".repeat(levels);
        let issue = fixture
            .replacen("\"volume\": 3", "\"volume\": 7", 1)
            .replacen(
                code,
                &format!("{open}\"kind\": \"text\", \"text\": \"x\"{close}"),
                1,
            );
        let mut src = sources();
        src.issues.push(("issues/007.json".into(), issue));
        src
    };
    assert!(
        compile_site(&nested(16)).is_ok(),
        "16 levels, as Markdown allows"
    );
    let all = error_text(&nested(17));
    assert!(
        all.contains("item `java8-container-support`: formatting is nested too deeply"),
        "{all}"
    );
}

#[test]
fn links_to_issues_the_archive_does_not_know_fail() {
    let all = compile_one(
        "+++\nvolume = 9\ntitle = \"t\"\n+++\n# 业界要闻\n\n- {#a} see [Vol. 7](/issues/7) and [Vol. 9](/issues/9)\n",
    )
    .join("\n");
    assert!(all.contains("points to issue 7"), "{all}");
    assert!(!all.contains("points to issue 9"), "{all}");
}

#[test]
fn invalid_dates_fail() {
    let all =
        compile_one("+++\nvolume = 9\ntitle = \"t\"\ndate = \"May 6\"\n+++\n# 业界要闻\n\n- x\n")
            .join("\n");
    assert!(
        all.contains("issues/bad.md:4:1: error: date `May 6` is not a date"),
        "{all}"
    );
}

#[test]
fn duplicate_volumes_and_errors_across_files_are_reported_together() {
    let mut src = sources();
    let copy = src.issues[0].1.clone();
    src.issues.push(("issues/003-copy.md".into(), copy));
    src.issues
        .push(("issues/bad.md".into(), "no front matter".into()));
    src.glossary
        .1
        .push_str("\n[[terms]]\nterm = \"XYZ\"\nzh = \"只有中文\"\n");
    let all = error_text(&src);
    assert!(
        all.contains("issues/003-copy.md:2:1: error: volume 3 is also ")
            && all.contains("issues/003.md\n"),
        "{all}"
    );
    assert!(
        all.contains("issues/bad.md:1:1: error: missing front matter"),
        "{all}"
    );
    assert!(
        all.contains("glossary term `XYZ` lacks an explanation"),
        "{all}"
    );
}

#[test]
fn glossary_links_are_held_to_the_content_allowlist() {
    for link in [
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        " java\tscript:alert(1)",
    ] {
        let mut src = sources();
        src.glossary.1.push_str(&format!(
            "\n[[terms]]\nterm = \"XYZ\"\nzh = \"中文\"\nen = \"English\"\nlinks = [{}]\n",
            toml_string(link)
        ));
        let all = error_text(&src);
        assert!(
            all.contains("has a forbidden scheme"),
            "{link:?} was accepted: {all}"
        );
    }
    let mut src = sources();
    src.glossary.1.push_str(
        "\n[[terms]]\nterm = \"XYZ\"\nzh = \"中文\"\nen = \"English\"\nlinks = [\"https://kubernetes.io/\", \"/glossary/kep\"]\n",
    );
    assert!(weekly_compiler::parse_glossary(&src.glossary.0, &src.glossary.1).is_ok());
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn json_issues_meet_the_markdown_rules_for_dates_glossary_links_and_ids() {
    let fixture = include_str!("../../../tests/fixtures/vol3.json");
    let as_vol7 = fixture.replacen("\"volume\": 3", "\"volume\": 7", 1);
    assert!(as_vol7.contains("\"glossary\": ["));
    let hostile = as_vol7
        .replacen(
            "\"title\": \"云原生生态周报 Vol. 3\"",
            "\"title\": \"云原生生态周报 Vol. 3\", \"date\": \"</updated><x>\"",
            1,
        )
        .replacen("\"links\": []", "\"links\": [\"/\\\\evil.example\"]", 1)
        .replacen(
            "\"id\": \"docker-hub-breach\"",
            "\"id\": \"earlier-heading\"",
            1,
        );
    let mut src = sources();
    src.issues.push(("issues/007.json".into(), hostile));
    let all = error_text(&src);
    assert!(
        all.contains("issues/007.json: error: date: `</updated><x>` is not a date"),
        "{all}"
    );
    assert!(
        all.contains("link `/\\evil.example` has a forbidden scheme"),
        "{all}"
    );
    assert!(
        all.contains("item `earlier-heading`: the id is one the reader uses"),
        "{all}"
    );
}

#[test]
fn item_ids_cannot_take_the_readers_own_element_ids() {
    for id in [
        "main",
        "section-news",
        "earlier-heading",
        "weekly-term-tip",
        "search-input",
    ] {
        let md = format!("+++\nvolume = 9\ntitle = \"t\"\n+++\n# 业界要闻\n\n- {{#{id}}} 标题\n");
        let errors = compile_one(&md).join("\n");
        assert!(
            errors.contains("the id is one the reader uses"),
            "{id}: {errors}"
        );
    }
}
