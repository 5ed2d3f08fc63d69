//! The content compiler over the real sources in `issues/`: the published
//! Vol. 3 matches its checked-in fixture, is faithful to the seed text, and
//! builds deterministically (bad sources: rejected.rs).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use std::path::Path;
use weekly_compiler::{compile_site, compile_site_with, Drafts, Sources};
use weekly_core::model::{parse_published, plain_text, Catalog, Issue};

mod common;

use common::{generated, published, site, sources};

#[test]
fn vol3_matches_the_checked_in_fixture() {
    let issue: Issue = published(&site(), "data/issues/3.");
    let pretty = serde_json::to_string_pretty(&issue).unwrap() + "\n";
    let fixture =
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join("tests/fixtures/vol3.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(&fixture, &pretty).unwrap();
    }
    let expected = std::fs::read_to_string(&fixture).expect("run with UPDATE_FIXTURES=1 once");
    assert!(pretty == expected, "compiled Vol. 3 differs from tests/fixtures/vol3.json; review and run with UPDATE_FIXTURES=1");
}

#[test]
fn output_is_deterministic() {
    assert_eq!(site(), site());
}

#[test]
fn catalog_lists_vol3_and_the_earlier_issues_by_title() {
    let catalog: Catalog = published(&site(), "data/catalog.json");
    let volumes: Vec<_> = catalog
        .issues
        .iter()
        .map(|e| (e.volume, e.file.is_some()))
        .collect();
    assert_eq!(volumes, [(3, true), (2, false), (1, false)]);
    assert_eq!(
        catalog.issues[1].title,
        "云原生生态周报 Vol. 2 | Istio中Envoy 代理漏洞已修复"
    );
    assert_eq!(catalog.issues[0].item_count, 18);
}

/// Removes `piece` (whitespace ignored) from `haystack` once, or fails.
fn take(haystack: &mut String, piece: &str) {
    let piece: String = piece.chars().filter(|c| !c.is_whitespace()).collect();
    let at = haystack
        .find(&piece)
        .unwrap_or_else(|| panic!("not in the seed text: {piece}"));
    haystack.replace_range(at..at + piece.len(), "\u{1}");
}

#[test]
fn vol3_is_faithful_to_the_seed_and_complete() {
    let seed = include_str!("../../../tests/fixtures/seed-vol3.txt");
    let mut rest: String = seed.chars().filter(|c| !c.is_whitespace()).collect();
    let issue: Issue = published(&site(), "data/issues/3.");
    for section in &issue.sections {
        take(&mut rest, &section.title);
        for group in &section.groups {
            if let Some(title) = &group.title {
                take(&mut rest, title);
            }
            for item in &group.items {
                take(&mut rest, &plain_text(&item.title));
                for paragraph in &item.body {
                    take(&mut rest, &plain_text(paragraph));
                }
            }
        }
    }
    for person in issue.authors.iter().chain(&issue.editors) {
        take(&mut rest, person);
    }
    take(&mut rest, issue.publisher.as_deref().unwrap());
    for earlier in &issue.earlier {
        take(&mut rest, &earlier.title);
    }
    // What is left is list markers, separators and the labels the reader
    // renders itself (名词解释, 本周作者, 责任编辑, 前期周报回顾).
    let leftover: String = rest
        .split('\u{1}')
        .map(|s| s.trim_matches(|c| matches!(c, '-' | ':' | ',')))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("|");
    assert_eq!(
        leftover,
        "名词解释:KEP-KubernetesEnhancementProposal,即Kubernetes上游设计文档|本周作者|责任编辑|前期周报回顾"
    );
    let kep = &issue.glossary[0];
    assert_eq!(
        kep.expansion.as_deref(),
        Some("Kubernetes Enhancement Proposal")
    );
    assert!(kep.explanation.zh.starts_with("Kubernetes 上游设计文档"));
}

#[test]
fn the_feed_lists_every_issue() {
    let site = site();
    let feed = std::str::from_utf8(&site["feed.xml"]).unwrap();
    assert!(feed.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains("<title>云原生生态周报 Vol. 3</title>"));
    assert!(feed.contains("<link rel=\"alternate\" href=\"issues/3\"/>"));
    assert!(feed.contains("Docker Hub遭入侵,19万账号被泄露"));
    assert!(!feed.contains("<script"));
}

#[test]
fn the_generated_corpus_is_deterministic_and_valid() {
    let generated = generated(30);
    assert_eq!(generated.issues, self::generated(30).issues);
    let site = compile_site(&generated).unwrap_or_else(|e| panic!("{}", e[0]));
    let catalog: Catalog = published(&site, "data/catalog.json");
    assert_eq!(catalog.issues.len(), 30);
    assert!(catalog.issues.iter().all(|e| e.item_count >= 14));
}

#[test]
fn tag_pages_hold_the_newest_issues_and_point_to_the_rest() {
    use weekly_compiler::TAG_FIRST_ISSUES;
    use weekly_core::model::{count_sections_and_projects, TagPage, TagRest};
    let site = compile_site(&generated(60)).unwrap_or_else(|e| panic!("{}", e[0]));
    let catalog: Catalog = published(&site, "data/catalog.json");
    let file = |path: &str| -> Option<String> {
        site.iter()
            .find(|(p, _)| *p == path)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
    };
    let mut split_somewhere = false;
    for tag in &catalog.settings.tags {
        let head: TagPage =
            parse_published(&file(&format!("data/{}", TagPage::file(&tag.slug))).unwrap()).unwrap();
        let older = match &head.rest {
            Some(rest) => {
                assert!(rest.starts_with(&format!("tags/{}.", tag.slug)), "{rest}");
                let rest: TagRest =
                    parse_published(&file(&format!("data/{rest}")).unwrap()).unwrap();
                rest.items
            }
            None => Vec::new(),
        };
        let volumes = |items: &[weekly_core::model::ItemRef]| {
            let mut v: Vec<u32> = items.iter().map(|i| i.volume).collect();
            v.dedup();
            v
        };
        let (newest, rest) = (volumes(&head.items), volumes(&older));
        // Whole issues, newest first, the first TAG_FIRST_ISSUES in the first file.
        assert!(newest.windows(2).all(|w| w[0] > w[1]));
        assert!(rest.windows(2).all(|w| w[0] > w[1]));
        assert!(rest
            .first()
            .is_none_or(|r| newest.last().is_some_and(|n| n > r)));
        assert_eq!(
            newest.len(),
            (newest.len() + rest.len()).min(TAG_FIRST_ISSUES)
        );
        assert_eq!(head.rest.is_some(), !rest.is_empty());
        split_somewhere |= !rest.is_empty();
        // Nothing lost, and the counts are of every item.
        let all: Vec<_> = head.items.iter().chain(&older).collect();
        assert_eq!(Some(all.len() as u32), catalog.tag_counts.get(&tag.slug));
        assert_eq!(
            (head.sections.clone(), head.projects.clone()),
            count_sections_and_projects(all)
        );
    }
    assert!(split_somewhere);
    // Vol. 3 alone: one file per tag.
    let vol3: TagPage = published(&self::site(), "data/tags/envoy.json");
    assert!(vol3.rest.is_none() && vol3.items.len() == 4);
}

#[test]
fn the_feed_is_well_formed_xml_for_any_text() {
    let mut src = sources();
    let hostile = "+++\nvolume = 8\ntitle = \"<b>x</b> & \\u0001 \\uFFFE \\uFFFF ]]> </title>\"\nsummary = \"<script>alert(1)</script>\"\n+++\n# 业界要闻\n\n- {#a} 标题 & ]]> 正文\n";
    src.issues.push(("issues/008.md".into(), hostile.into()));
    let site = match compile_site(&src) {
        Ok(site) => site,
        Err(e) => panic!(
            "{}",
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    let feed = String::from_utf8(site["feed.xml"].clone()).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("<b>x</b> & ")),
        "{titles:?}"
    );
    // Unvalidated dates never reach the feed either.
    let issue: Issue = published(&site, "data/issues/3.");
    let mut odd = issue.clone();
    odd.date = Some("</updated><x>".into());
    let settings = weekly_compiler::parse_settings(&src.settings.0, &src.settings.1).unwrap();
    let feed = weekly_compiler::render_feed(&settings, &[odd]);
    assert!(roxmltree::Document::parse(&feed).is_ok(), "{feed}");
    assert!(!feed.contains("<x>"));
}

/// Vol. 3 again as a draft Vol. 4 with words found nowhere else.
fn with_draft(body_extra: &str) -> Sources {
    let mut src = sources();
    let draft = src.issues[0]
        .1
        .replacen("volume = 3\n", "volume = 4\ndraft = true\n", 1)
        .replacen("Vol. 3\"", "Vol. 4 草稿标记\"", 1)
        + "\n- {#draft-only} zzdraftword 只在草稿里的条目\n"
        + body_extra;
    src.issues.push(("issues/004.md".into(), draft));
    src
}

#[test]
fn a_draft_leaves_no_trace_in_a_release_build() {
    let src = with_draft("");
    let release = compile_site(&src).unwrap();
    // Byte for byte the site without the draft: no issue file, catalog or
    // tag entry, search entry or feed entry.
    assert!(release == site(), "the draft changed the release build");
    assert!(!release.keys().any(|p| p.starts_with("data/issues/4.")));
    let catalog: Catalog = published(&release, "data/catalog.json");
    assert!(catalog.issues.iter().all(|e| e.volume != 4 && !e.draft));
    let all = release
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(!all.contains("zzdraftword") && !all.contains("草稿标记"));
    assert!(!std::str::from_utf8(&release["feed.xml"])
        .unwrap()
        .contains("Vol. 4"));
}

#[test]
fn a_broken_draft_does_not_stop_a_release_but_the_preview_reports_it() {
    let src = with_draft("\n- {#x nosuchtag} 坏标签\n");
    assert!(compile_site(&src).unwrap() == site());
    let errors = compile_site_with(&src, Drafts::Include).unwrap_err();
    let all = errors.iter().map(|e| e.to_string()).collect::<Vec<_>>();
    assert!(
        all.iter()
            .any(|e| e.starts_with("issues/004.md:") && e.contains("unknown tag `nosuchtag`")),
        "{all:?}"
    );
}

#[test]
fn the_preview_compiles_drafts_and_marks_them() {
    let preview = compile_site_with(&with_draft(""), Drafts::Include).unwrap();
    let catalog: Catalog = published(&preview, "data/catalog.json");
    let entry = catalog.issues.iter().find(|e| e.volume == 4).unwrap();
    assert!(entry.draft && entry.file.is_some());
    assert!(!catalog.issues.iter().find(|e| e.volume == 3).unwrap().draft);
    let vol4: Issue = published(&preview, "data/issues/4.");
    assert!(vol4.draft);
    assert!(std::str::from_utf8(&preview["feed.xml"])
        .unwrap()
        .contains("草稿标记"));
    let shards = preview
        .iter()
        .filter(|(p, _)| p.starts_with("data/search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<String>();
    assert!(shards.contains("zzdraftword"));
    // A JSON issue says it is a draft the same way.
    let mut src = sources();
    let json = include_str!("../../../tests/fixtures/vol3.json").replacen(
        "\"volume\": 3",
        "\"volume\": 5,\n  \"draft\": true",
        1,
    );
    src.issues.push(("issues/005.json".into(), json));
    assert!(compile_site(&src).unwrap() == site());
    let preview = compile_site_with(&src, Drafts::Include).unwrap();
    let vol5: Issue = published(&preview, "data/issues/5.");
    assert!(vol5.draft);
}
