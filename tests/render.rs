//! Pre-rendered pages over the real sources: the build renders every route
//! with the app's components, and the page of Vol. 3 holds every item, the
//! right head, the files it was rendered from (inert and intact), and
//! nothing a strict Content-Security-Policy would block.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use std::path::{Path, PathBuf};
use weekly::compile::{compile_site, read_sources};
use weekly::model::{parse_published, plain_text, Catalog, Glossary, Issue};

/// Trunk's page as a release build writes it (minified, inline loader).
const TRUNK_INDEX: &str = "<!doctype html><html lang=zh-CN><meta charset=utf-8>\
<meta content=\"云原生生态周报 · Cloud Native Ecosystem Weekly: every issue.\" name=description>\
<title>云原生生态周报 · Cloud Native Ecosystem Weekly</title><base href=/>\
<script type=module>import init, * as bindings from '/weekly-0123456789abcdef.js';\n\
const wasm = await init({ module_or_path: '/weekly-0123456789abcdef_bg.wasm' });</script>\
<link as=fetch crossorigin href=data/catalog.json rel=preload></head><body><div aria-busy=true id=shell>\
<main><p class=loading role=status>加载中… Loading…</p><noscript><p class=notice>needs JavaScript</p></noscript></main>\
</div></body></html>";

/// Compiles `issues/` (with `public_url` when given) into a fresh folder
/// with Trunk's page, and pre-renders it.
fn build(name: &str, public_url: Option<&str>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    let mut sources = read_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("issues")).unwrap();
    if let Some(url) = public_url {
        sources.settings.1 = format!("public_url = \"{url}\"\n{}", sources.settings.1);
    }
    let site = compile_site(&sources).unwrap();
    for (path, bytes) in &site {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    std::fs::write(dir.join("index.html"), TRUNK_INDEX).unwrap();
    weekly::render::prerender_site(&dir).unwrap();
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Text as Leptos writes it into HTML.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The page's text without its tags (and Leptos' `<!>` markers).
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn attr<'a>(html: &'a str, key: &str) -> &'a str {
    let at = html
        .find(&format!("{key} content=\""))
        .unwrap_or_else(|| panic!("no {key}"));
    let rest = &html[at + key.len() + " content=\"".len()..];
    &rest[..rest.find('"').unwrap()]
}

/// Every `<script …>` open tag of a page.
fn scripts(html: &str) -> Vec<&str> {
    html.match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

#[test]
fn vol3_is_pre_rendered_whole_with_its_head() {
    let dir = build("render-vol3", None);
    let catalog: Catalog = parse_published(&read(&dir, "data/catalog.json")).unwrap();
    let file = catalog.entry(3).unwrap().file.clone().unwrap();
    let issue: Issue = parse_published(&read(&dir, &format!("data/{file}"))).unwrap();
    let html = read(&dir, "issues/3/index.html");

    let text = text_of(&html);
    let mut items = 0;
    for item in issue
        .sections
        .iter()
        .flat_map(|s| &s.groups)
        .flat_map(|g| &g.items)
    {
        items += 1;
        assert!(
            html.contains(&format!("id=\"{}\"", item.id)),
            "item {} is missing",
            item.id
        );
        for paragraph in &item.body {
            let body = escaped(&plain_text(paragraph));
            assert!(text.contains(&body), "{}: {body}", item.id);
        }
    }
    assert_eq!(items, 18, "Vol. 3 has 18 items");
    for section in &issue.sections {
        assert!(html.contains(&format!("id=\"section-{}\"", section.slug)));
    }
    for entry in &issue.glossary {
        assert!(html.contains(&escaped(&entry.explanation.zh)));
    }

    assert!(html.contains(&format!("<title>{}</title>", escaped(&issue.title))));
    let description = attr(&html, "name=\"description\"");
    assert!(!description.is_empty() && description.chars().count() <= 160);
    let first = plain_text(&issue.sections[0].groups[0].items[0].title);
    assert!(description.starts_with(&escaped(&first)), "{description}");
    assert_eq!(attr(&html, "property=\"og:title\""), escaped(&issue.title));
    assert_eq!(attr(&html, "property=\"og:type\""), "article");
    assert_eq!(attr(&html, "property=\"og:locale\""), "zh_CN");
    assert_eq!(attr(&html, "property=\"og:site_name\""), "云原生生态周报");
    assert_eq!(attr(&html, "property=\"og:url\""), "/issues/3/");
    assert_eq!(attr(&html, "property=\"og:image\""), "/icon-512.png");
    assert_eq!(attr(&html, "name=\"twitter:card\""), "summary");
    assert!(html.contains("<link rel=\"canonical\" href=\"/issues/3/\">"));
    assert_eq!(
        html.matches("name=description").count() + html.matches("name=\"description\"").count(),
        1
    );
    // The skip link names this page (`#main` alone would resolve against <base>).
    assert!(html.contains("<a href=\"/issues/3/#main\" class=\"skip\">"));
    // Plain links between pages, in the pages' own form.
    assert!(html.contains("href=\"/issues/3/#section-news\""));
    assert!(html.contains("href=\"/tags/\""));
    assert!(html.contains("href=\"/glossary/kep/\""));
}

#[test]
fn pages_carry_their_files_intact_and_inert_and_nothing_inline_runs() {
    let dir = build("render-inert", None);
    for page in [
        "index.html",
        "issues/3/index.html",
        "tags/envoy/index.html",
        "glossary/kep/index.html",
    ] {
        let html = read(&dir, page);
        let mut carried = 0;
        for tag in scripts(&html) {
            if tag.contains("type=\"application/json\"") {
                carried += 1;
                let url = tag
                    .split("data-file=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let at = html.find(tag).unwrap() + tag.len();
                let body = &html[at..at + html[at..].find("</script>").unwrap()];
                let file = read(&dir, url.trim_start_matches('/'));
                let a: serde_json::Value = serde_json::from_str(body).unwrap();
                let b: serde_json::Value = serde_json::from_str(&file).unwrap();
                assert_eq!(a, b, "{page}: {url} is not the published file");
                assert!(!body.contains('<'), "{page}: {url} could close its element");
            } else {
                assert!(tag.contains(" src=\""), "{page}: an inline script: {tag}");
            }
        }
        assert!(carried >= 1, "{page} carries no files");
        // The page does not ask again for what it carries.
        assert!(
            !html.contains("rel=preload") || !html.contains("href=data/catalog.json"),
            "{page}"
        );
        for forbidden in [
            " style=\"",
            " onclick=",
            " onerror=",
            " onload=",
            "javascript:",
        ] {
            assert!(!html.contains(forbidden), "{page} has {forbidden}");
        }
    }
    let shell = read(&dir, "shell.html");
    assert!(scripts(&shell).iter().all(|t| t.contains(" src=\"")));
    let boot = scripts(&shell)[0]
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    assert!(
        read(&dir, boot.trim_start_matches('/')).contains("await init("),
        "the loader moved into {boot}"
    );
}

#[test]
fn every_route_the_build_knows_has_a_page() {
    let dir = build("render-routes", None);
    let catalog: Catalog = parse_published(&read(&dir, "data/catalog.json")).unwrap();
    let glossary: Glossary = parse_published(&read(&dir, "data/glossary.json")).unwrap();
    let mut pages = vec![
        "index.html".to_string(),
        "tags/index.html".into(),
        "glossary/index.html".into(),
        "search/index.html".into(),
    ];
    pages.extend(
        catalog
            .issues
            .iter()
            .map(|e| format!("issues/{}/index.html", e.volume)),
    );
    pages.extend(
        catalog
            .settings
            .tags
            .iter()
            .filter(|t| catalog.tag_counts.get(&t.slug).is_some_and(|n| n > 0))
            .map(|t| format!("tags/{}/index.html", t.slug)),
    );
    pages.extend(
        glossary
            .terms
            .iter()
            .map(|t| format!("glossary/{}/index.html", t.slug())),
    );
    for page in &pages {
        let html = read(&dir, page);
        assert!(
            html.contains("<main id=\"main\""),
            "{page} has no rendered app"
        );
        assert!(!html.contains("加载中"), "{page} shows a loading line");
        assert!(
            !html.contains("class=\"load-error\""),
            "{page} rendered an error"
        );
    }
    // The not-in-archive page of an issue known by title only, with its own title.
    let vol1 = read(&dir, "issues/1/index.html");
    assert!(vol1.contains("not-in-archive"));
    let title = &catalog.entry(1).unwrap().title;
    assert!(vol1.contains(&format!("<title>{}</title>", escaped(title))));
    assert!(vol1.contains(&format!(
        "name=\"description\" content=\"{}\"",
        escaped(title)
    )));
    // Term pages list the issues that use them; the glossary lists every term.
    assert!(read(&dir, "glossary/kep/index.html").contains("href=\"/issues/3/\""));
    assert!(read(&dir, "glossary/index.html").contains("href=\"/glossary/udpa/\""));
    // Without JavaScript, filters and search say they need it, in both languages.
    let issue = read(&dir, "issues/3/index.html");
    assert!(issue.contains("<noscript><p class=\"notice\">筛选需要启用 JavaScript"));
    assert!(issue.contains("Filters need JavaScript"));
    assert!(read(&dir, "search/index.html").contains("Search needs JavaScript"));
    // 404.html: the app for any address, the not-found page without scripts.
    let not_found = read(&dir, "404.html");
    assert!(not_found.contains("<noscript><section class=\"notice\"><h1>找不到这个页面</h1>"));
    assert!(!not_found.contains("type=\"application/json\""));
    // No sitemap without the site's public URL.
    assert!(!dir.join("sitemap.xml").exists());
    // Running again on the finished folder gives the same pages.
    let before = read(&dir, "issues/3/index.html");
    weekly::render::prerender_site(&dir).unwrap();
    assert_eq!(read(&dir, "issues/3/index.html"), before);
}

#[test]
fn the_public_url_makes_links_absolute_and_a_sitemap() {
    let dir = build("render-public", Some("https://weekly.example/sub/"));
    let html = read(&dir, "issues/3/index.html");
    assert_eq!(
        attr(&html, "property=\"og:url\""),
        "https://weekly.example/sub/issues/3/"
    );
    assert_eq!(
        attr(&html, "property=\"og:image\""),
        "https://weekly.example/sub/icon-512.png"
    );
    assert!(html.contains("<link rel=\"canonical\" href=\"https://weekly.example/sub/issues/3/\">"));
    let sitemap = read(&dir, "sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://weekly.example/sub/"));
    assert!(locs.contains(&"https://weekly.example/sub/issues/3/"));
    assert!(locs.contains(&"https://weekly.example/sub/glossary/kep/"));
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://weekly.example/sub/") && l.ends_with('/')));
}

#[test]
fn a_public_url_that_is_not_a_web_address_fails_the_build() {
    let mut sources = read_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("issues")).unwrap();
    for bad in [
        "javascript:alert(1)",
        "weekly.example",
        "https://x.example/\"><script>",
        "https://",
    ] {
        sources.settings.1 = format!(
            "public_url = '{bad}'\n{}",
            sources
                .settings
                .1
                .lines()
                .filter(|l| !l.starts_with("public_url"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let errors = compile_site(&sources).unwrap_err();
        assert!(
            errors.iter().any(|e| e.to_string().contains("public_url")),
            "{bad}"
        );
    }
}
