//! Writes the pre-rendered site into a built folder (`dist/` or Trunk's
//! staging folder): Trunk's loader moved into a file (a strict
//! Content-Security-Policy allows no inline script), `shell.html` (the app
//! without a page, which the service worker serves for any address), one
//! `index.html` per route the build can know, `404.html` and, when the
//! settings give the site's public URL, `sitemap.xml`.
//!
//! Pages live where plain static hosts find them: `issues/3/index.html`
//! answers `/issues/3/`, the form every link in the reader has.

use super::page::{split_loader, Early, Head, Template};
use super::{render_not_found, render_route, File};
use crate::compile::content_hash;
use crate::load::{catalog_url, data_url};
use crate::model::{plain_text, Catalog, Glossary, Issue, TagPage};
use crate::route::Route;
use std::fmt::Write as _;
use std::path::Path;

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub bytes: usize,
    pub sitemap: bool,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "pre-rendered {} page(s), {} KB{}",
            self.pages,
            self.bytes / 1024,
            if self.sitemap { ", sitemap.xml" } else { "" }
        )
    }
}

/// Runs before the app loads: a page framed with `?embed=1` hides the
/// site's chrome at once, as the app will (`html[data-embed]` in the CSS).
const BOOT_PRELUDE: &str = "// Weekly's loader (Trunk's, moved out of the page for a strict Content-Security-Policy).\n\
if (/[?&]embed=(1|true)(&|$)/.test(location.search)) document.documentElement.setAttribute('data-embed', '');\n";

/// The search page's script: a shared link's index files asked for at
/// once, beside the app's code (issue 33). A file of its own, so no other
/// page carries its bytes.
const SEARCH_AHEAD: &str = include_str!("search_ahead.js");

/// The longest description a page gets, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// A script without its comment lines and indentation: what a reader's
/// browser needs of it (our scripts have no string or template spanning
/// lines, and no line that is a comment inside one).
fn compact_js(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for line in source.lines().map(str::trim) {
        let comment = line.starts_with("//") || (line.starts_with("/*") && line.ends_with("*/"));
        if !line.is_empty() && !comment {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The search page's code on demand in a split build (`split_search-<hash>.wasm`).
fn search_chunk(dir: &Path) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("split_search-") && name.ends_with(".wasm"))
        .max()
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(dir.join(name))
        .map_err(|e| format!("{}: {e}", dir.join(name).display()))
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Cuts `text` to `max` characters at most, marking the cut.
fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The issue's summary, or its first items' titles.
pub fn issue_description(issue: &Issue) -> String {
    if let Some(summary) = issue.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        return clip(summary, DESCRIPTION_CHARS);
    }
    let titles: Vec<String> = issue
        .sections
        .iter()
        .flat_map(|s| &s.groups)
        .flat_map(|g| &g.items)
        .map(|item| plain_text(&item.title))
        .filter(|t| !t.trim().is_empty())
        .take(3)
        .collect();
    clip(&titles.join("；"), DESCRIPTION_CHARS)
}

/// The largest catalog a page carries. A larger one (hundreds of issues)
/// would be most of every page: pages then preload it instead, and the app
/// reads it (once, for every page after) while the page is on screen.
pub const CARRIED_CATALOG_MAX: usize = 64 * 1024;

/// One page to write: where, from which route, with which files.
struct Planned {
    file: String,
    route: Route,
    files: Vec<File>,
    description: String,
    kind: &'static str,
}

/// Pre-renders the site built in `dir`.
pub fn prerender_site(dir: &Path) -> Result<Summary, String> {
    // Trunk writes index.html afresh on every build; run again on a
    // finished folder, the page frame is the one kept in shell.html.
    let trunk = read(dir, "index.html")?;
    let template = match split_loader(&trunk) {
        Some((before, loader, after)) => {
            let base = Template::new(format!("{before}{after}"))
                .map(|t| t.base())
                .map_err(|e| e.to_string())?;
            let loader = super::page::deferred_loader(loader).unwrap_or_else(|| loader.to_string());
            let boot = format!("{BOOT_PRELUDE}{}\n", loader.trim());
            let name = format!("boot-{}.js", content_hash(boot.as_bytes()));
            write(dir, &name, &boot)?;
            format!("{before}<script type=\"module\" src=\"{base}/{name}\"></script>{after}")
        }
        None => read(dir, "shell.html")?,
    };
    let template = Template::new(template).map_err(|e| e.to_string())?;
    write(dir, "shell.html", template.html())?;
    let script = compact_js(SEARCH_AHEAD);
    let search_ahead = format!("search-ahead-{}.js", content_hash(script.as_bytes()));
    write(dir, &search_ahead, &script)?;

    let leaked: &'static str = Box::leak(template.base().into_boxed_str());
    let base = leaked;
    let catalog_text = read(dir, "data/catalog.json")?;
    let catalog: Catalog =
        serde_json::from_str(&catalog_text).map_err(|e| format!("data/catalog.json: {e}"))?;
    // What the search page asks for at once: the script above and, in a
    // split build, the search page's code (fetched by the split loader).
    let mut search_early = vec![Early::Script(format!("{base}/{search_ahead}"))];
    if let Some(search) = &catalog.search_index {
        search_early.push(Early::Index(
            search
                .segments
                .iter()
                .map(|s| (s.shards, s.hash.clone()))
                .collect(),
        ));
        if let Some(fold) = &search.fold {
            search_early.push(Early::Fold(fold.clone()));
        }
    }
    if let Some(chunk) = search_chunk(dir) {
        search_early.push(Early::Fetch(format!("{base}/{chunk}")));
    }
    let glossary_text = read(dir, &format!("data/{}", Glossary::FILE))?;
    let glossary: Glossary =
        serde_json::from_str(&glossary_text).map_err(|e| format!("data/glossary.json: {e}"))?;
    let settings = &catalog.settings;
    let site_name = settings.title.zh.clone();
    let default_description = template
        .description()
        .unwrap_or_else(|| format!("{} · {}", settings.title.zh, settings.title.en));
    let catalog_file: File = (catalog_url(base), catalog_text.as_str().into());
    let carries_catalog = catalog_text.len() <= CARRIED_CATALOG_MAX;
    let glossary_file: File = (data_url(base, Glossary::FILE), glossary_text.into());

    let mut planned = vec![Planned {
        file: "index.html".into(),
        route: Route::Archive,
        files: vec![catalog_file.clone()],
        description: default_description.clone(),
        kind: "website",
    }];
    for entry in &catalog.issues {
        let mut files = vec![catalog_file.clone()];
        let mut description = entry.summary.clone().unwrap_or_else(|| entry.title.clone());
        if let Some(file) = &entry.file {
            let text = read(dir, &format!("data/{file}"))?;
            let issue: Issue =
                serde_json::from_str(&text).map_err(|e| format!("data/{file}: {e}"))?;
            description = issue_description(&issue);
            files.push((data_url(base, file), text.into()));
        }
        planned.push(Planned {
            file: format!("issues/{}/index.html", entry.volume),
            route: Route::Issue(entry.volume),
            files,
            description: clip(&description, DESCRIPTION_CHARS),
            kind: "article",
        });
    }
    planned.push(Planned {
        file: "tags/index.html".into(),
        route: Route::Tags,
        files: vec![catalog_file.clone()],
        description: clip(
            &format!(
                "标签 · Tags：{}",
                settings
                    .tags
                    .iter()
                    .map(|t| t.name.zh.as_str())
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            DESCRIPTION_CHARS,
        ),
        kind: "website",
    });
    for tag in settings
        .tags
        .iter()
        .filter(|t| crate::model::is_page_segment(&t.slug))
    {
        let file = TagPage::file(&tag.slug);
        let Ok(text) = read(dir, &format!("data/{file}")) else {
            continue; // A tag no item uses has no file: the app says so.
        };
        let count = catalog.tag_counts.get(&tag.slug).unwrap_or(0);
        planned.push(Planned {
            file: format!("tags/{}/index.html", tag.slug),
            route: Route::Tag(tag.slug.clone()),
            files: vec![catalog_file.clone(), (data_url(base, &file), text.into())],
            description: format!(
                "标签「{}」（{}）：{count} 条 · {site_name}",
                tag.name.zh, tag.name.en
            ),
            kind: "website",
        });
    }
    planned.push(Planned {
        file: "glossary/index.html".into(),
        route: Route::Glossary,
        files: vec![catalog_file.clone(), glossary_file.clone()],
        description: format!(
            "术语表 · Glossary：{} 个术语，中英文解释 · {site_name}",
            glossary.terms.len()
        ),
        kind: "website",
    });
    for entry in &glossary.terms {
        let slug = entry.slug();
        if !crate::model::is_page_segment(&slug) {
            continue;
        }
        let expansion = entry
            .expansion
            .as_deref()
            .map(|x| format!("（{x}）"))
            .unwrap_or_default();
        planned.push(Planned {
            file: format!("glossary/{slug}/index.html"),
            route: Route::Term(slug),
            files: vec![catalog_file.clone(), glossary_file.clone()],
            description: clip(
                &format!("{}{expansion}：{}", entry.term, entry.explanation.zh),
                DESCRIPTION_CHARS,
            ),
            kind: "article",
        });
    }
    planned.push(Planned {
        file: "search/index.html".into(),
        route: Route::Search(Default::default()),
        files: vec![catalog_file.clone()],
        description: default_description.clone(),
        kind: "website",
    });

    let public = settings
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/').to_string());
    // Absolute with the public URL, else from the root.
    let address = |path: &str| match &public {
        Some(site) => format!("{site}{path}"),
        None => format!("{base}{path}"),
    };
    let mut summary = Summary::default();
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &planned {
        let path = page.route.to_path();
        let rendered = render_route(base, &path, &page.files);
        let title = if rendered.title.is_empty() {
            site_name.clone()
        } else {
            rendered.title
        };
        let head = Head {
            title,
            description: page.description.clone(),
            url: address(&path),
            image: address("/icon-512.png"),
            site_name: site_name.clone(),
            kind: page.kind,
            early: if matches!(page.route, Route::Search(_)) {
                search_early.clone()
            } else {
                Vec::new()
            },
        };
        // Every file is carried, but a large catalog (preloaded instead).
        let carried: Vec<File> = page
            .files
            .iter()
            .filter(|(url, _)| carries_catalog || *url != catalog_file.0)
            .cloned()
            .collect();
        let html = template.page(&head, &rendered.body, &carried);
        summary.pages += 1;
        summary.bytes += html.len();
        write(dir, &page.file, &html)?;
        if public.is_some() {
            let _ = writeln!(
                sitemap,
                "  <url><loc>{}</loc></url>",
                crate::compile::escape_xml(&address(&path))
            );
        }
    }
    sitemap.push_str("</urlset>\n");
    if public.is_some() {
        write(dir, "sitemap.xml", &sitemap)?;
        summary.sitemap = true;
    }

    // Any other address: the app (JavaScript on), or the not-found page.
    let files = [catalog_file];
    let not_found = render_not_found(base, &files);
    write(dir, "404.html", &template.with_noscript(&not_found))?;
    Ok(summary)
}
