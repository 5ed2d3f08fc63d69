//! Hostile and huge content: the compiler rejects it with a diagnostic or
//! publishes it inert (text stays text, only allowed links survive), and
//! never panics. Property tests cover arbitrary input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;
use weekly_compiler::{
    annotate, compile_site, line_col, normalize, read_sources, Sources, TermMatcher,
};
use weekly_core::model::{is_allowed_href, plain_text, Inline, Issue};

fn sources_with(body: &str) -> Sources {
    let mut src = read_sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("issues")
            .as_path(),
    )
    .unwrap();
    src.issues = vec![(
        "issues/hostile.md".into(),
        format!("+++\nvolume = 9\ntitle = \"t\"\n+++\n# 业界要闻\n\n{body}"),
    )];
    src
}

/// Compiles; on success checks every published link, returning the errors.
fn compile(body: &str) -> Result<Issue, String> {
    match compile_site(&sources_with(body)) {
        Err(errors) => Err(errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")),
        Ok(site) => {
            let (_, bytes) = site
                .iter()
                .find(|(p, _)| p.starts_with("data/issues/9."))
                .unwrap();
            let issue: Issue = serde_json::from_slice(bytes).unwrap();
            for item in issue.items() {
                for p in std::iter::once(&item.title).chain(&item.body) {
                    assert_links_allowed(p);
                }
            }
            Ok(issue)
        }
    }
}

fn assert_links_allowed(nodes: &[Inline]) {
    for node in nodes {
        match node {
            Inline::Link { href, children } => {
                assert!(is_allowed_href(href), "published a forbidden link {href}");
                assert_links_allowed(children);
            }
            Inline::Strong { children }
            | Inline::Emphasis { children }
            | Inline::Term { children, .. } => assert_links_allowed(children),
            _ => {}
        }
    }
}

fn rejected(body: &str, reason: &str) {
    let errors = compile(body).expect_err(body);
    assert!(errors.contains(reason), "{body:?} → {errors}");
    assert!(errors.contains("issues/hostile.md:"), "{errors}");
}

#[test]
fn markup_is_rejected() {
    rejected("- <script>alert(1)</script>\n", "raw HTML");
    rejected("<script>alert(1)</script>\n", "raw HTML");
    rejected("- <img src=x onerror=alert(1)>\n", "raw HTML");
    rejected(
        "- a <a href=\"javascript:alert(1)\" onclick=\"x()\">b</a>\n",
        "raw HTML",
    );
    rejected("- <!-- comment -->\n", "raw HTML");
    rejected(
        "- ![x](https://example.com/x.png)\n",
        "images are not supported",
    );
}

#[test]
fn dangerous_links_are_rejected() {
    for link in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript&#x3A;alert(1)",
        "java%0ascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox",
        "<javascript:alert(1)>",
    ] {
        let body = format!("- [x]({link})\n");
        match compile(&body) {
            Err(errors) => assert!(errors.contains("forbidden scheme"), "{link} → {errors}"),
            // Percent-encoded newline is not a scheme separator: a relative link, harmless.
            Ok(issue) => assert!(
                link.contains('%'),
                "{link} was published: {:?}",
                issue.sections
            ),
        }
    }
    rejected("- <javascript:alert(1)>\n", "forbidden scheme");
}

#[test]
fn escaped_markup_stays_text() {
    let issue = compile("- &lt;script&gt;alert(1)&lt;/script&gt; \\<b\\>\n").unwrap();
    let text = plain_text(&issue.items().next().unwrap().body[0]);
    assert_eq!(text, "<script>alert(1)</script> <b>");
}

#[test]
fn deep_nesting_is_rejected_without_overflow() {
    let lists: String = (0..5000)
        .map(|i| format!("{}- x\n", "  ".repeat(i)))
        .collect();
    rejected(&lists, "nested lists are not supported");
    let quotes = format!("{}x\n", ">".repeat(10_000));
    rejected(&quotes, "quotes are not supported");
    // No stack overflow; what is published is at most 16 levels deep (the
    // compiler's limit), and what is deeper is rejected with the reason.
    let emphasis = format!("- {}x{}\n", "*_".repeat(5000), "_*".repeat(5000));
    let links = format!("- {}x{}\n", "[".repeat(5000), "](https://a)".repeat(5000));
    fn depth(nodes: &[Inline]) -> usize {
        nodes
            .iter()
            .map(|n| match n {
                Inline::Strong { children }
                | Inline::Emphasis { children }
                | Inline::Link { children, .. }
                | Inline::Term { children, .. } => 1 + depth(children),
                Inline::Text { .. } | Inline::Code { .. } => 0,
            })
            .max()
            .unwrap_or(0)
    }
    for deep in [emphasis, links] {
        match compile(&deep) {
            Err(errors) => assert!(errors.contains("levels deep"), "{errors}"),
            Ok(issue) => {
                for item in issue.items() {
                    let d = std::iter::once(&item.title)
                        .chain(&item.body)
                        .map(|p| depth(p))
                        .max();
                    assert!(d.unwrap_or(0) <= 16, "published {d:?} levels deep");
                    assert!(
                        plain_text(&item.title).contains('x')
                            || item.body.iter().any(|p| plain_text(p).contains('x'))
                    );
                }
            }
        }
    }
}

#[test]
fn a_ten_megabyte_source_compiles() {
    let paragraph = "Envoy当下通过共享内存的方式来保存stats数据,CDN 与 RDS 在 kubeCDN 里。\n";
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 10 * 1024 * 1024 {
        body.push_str(&format!("- {{#i{n}}} 标题 {n}\n  {paragraph}\n"));
        n += 1;
    }
    let issue = compile(&body).unwrap();
    assert_eq!(issue.items().count(), n);
}

#[test]
fn many_errors_are_capped() {
    let body = "- <b>x</b>\n".repeat(100_000);
    let errors = compile(&body).unwrap_err();
    assert!(
        errors.lines().filter(|l| l.contains("error:")).count() <= 102,
        "uncapped"
    );
    assert!(errors.contains("too many errors"));
}

fn matcher() -> TermMatcher {
    let src = read_sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("issues")
            .as_path(),
    )
    .unwrap();
    let glossary = weekly_compiler::parse_glossary(&src.glossary.0, &src.glossary.1).unwrap();
    TermMatcher::new(&glossary)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_markdown_compiles_or_fails_cleanly(body in "(\\PC|[\\n*_`\\[\\]()<>#{}!&;:-]){0,400}") {
        // Success already checks every published link (see `compile`);
        // failure must say where and what, for every error.
        if let Err(errors) = compile(&body) {
            prop_assert!(!errors.is_empty());
            for line in errors.lines().filter(|l| l.contains("error:")) {
                prop_assert!(line.starts_with("issues/"), "an error without its file: {}", line);
            }
        }
    }

    #[test]
    fn annotation_keeps_the_text(text in "(\\PC|CDN|RDS|cgroups|集群联邦|服务网格| ){0,80}") {
        let nodes = annotate(vec![Inline::text(text.clone())], &matcher(), &mut BTreeSet::new());
        prop_assert_eq!(plain_text(&nodes), text);
    }

    #[test]
    fn normalize_never_panics_and_keeps_cjk_joined(a in "[a-z 集群联邦]{1,10}", b in "[a-z 集群联邦]{1,10}") {
        let nodes = vec![Inline::text(a.clone()), Inline::text("\n"), Inline::text(b.clone())];
        let text = plain_text(&normalize(nodes));
        prop_assert!(!text.contains('\n'), "a line break survived: {:?}", text);
        let (last, first) = (a.chars().last().unwrap(), b.chars().next().unwrap());
        if weekly_compiler::is_cjk(last) && weekly_compiler::is_cjk(first) {
            prop_assert!(text.contains(&format!("{last}{first}")), "CJK split: {:?}", text);
        }
    }

    #[test]
    fn positions_are_on_char_boundaries(text in "(\\PC|\\n){0,60}", offset in 0usize..400) {
        // The position names a real place: its line exists and its column is
        // at most one past that line's last character.
        let (line, col) = line_col(&text, offset);
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(line >= 1 && line <= lines.len(), "line {} of {}", line, lines.len());
        prop_assert!(col >= 1 && col <= lines[line - 1].chars().count() + 1);
    }

    #[test]
    fn search_tokens_span_real_characters(text in "\\PC{0,80}") {
        let chars: Vec<char> = text.chars().collect();
        for token in weekly_core::search::tokenize(&text) {
            prop_assert!(token.start < token.end && token.end <= chars.len());
            let span: String = chars[token.start..token.end]
                .iter()
                .map(|c| weekly_core::search::fold_width(*c))
                .flat_map(|c| c.to_lowercase())
                .collect();
            // Words are stemmed ("pods" finds "pod"); grams are the span itself.
            let expected = match token.kind {
                weekly_core::search::Kind::Word => weekly_core::search::stem(&span).into_owned(),
                weekly_core::search::Kind::Gram => span,
            };
            prop_assert_eq!(expected, token.term);
        }
    }

    #[test]
    fn any_query_is_harmless(query in "\\PC{0,300}") {
        let docs = [weekly_core::search::Doc {
            volume: 1,
            id: "x".into(),
            section: "news".into(),
            tags: vec![],
            title: "负载均衡 Envoy".into(),
            body: query.clone(),
            glossary: String::new(),
        }];
        let index = weekly_core::search::Index::build(&docs);
        for hit in index.search(&weekly_core::search::parse_query(&query)) {
            let len = docs[hit.doc].body.chars().count();
            prop_assert!(hit.body_ranges.iter().all(|(s, e)| s < e && *e <= len));
            let (snippet, ranges) = weekly_core::search::snippet(&docs[hit.doc].body, &hit.body_ranges, 60);
            let n = snippet.chars().count();
            prop_assert!(ranges.iter().all(|(s, e)| s <= e && *e <= n));
        }
    }
}
