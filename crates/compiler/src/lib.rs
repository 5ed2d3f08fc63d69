//! The content compiler: Markdown and TOML sources in `issues/` → the
//! published JSON files. Pure and native; the `weekly-compile` binary only
//! reads the folder and writes the result.

mod annotate;
mod cache;
mod config;
mod corpus;
mod diagnostic;
mod feed;
mod fold;
mod hosting;
mod index;
mod markdown;
mod precache;
mod validate;

pub use annotate::{annotate, annotate_item, TermMatcher};
pub use cache::CacheUse;
pub use config::{is_slug, parse_glossary, parse_settings, read_glossary, split_front_matter};
pub use corpus::{generate_corpus, sentences};
pub use diagnostic::{line_col, Diagnostic};
pub use feed::{escape_xml, render_feed};
pub use hosting::{host_report, HostLimit, HOST_LIMITS};
pub use markdown::{normalize, parse_body, Source};
pub use precache::{is_shell_file, precache, render_service_worker, Precache, PrecacheFile};
pub use validate::{linked_volume, validate_issue};
pub use weekly_core::model::is_cjk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use weekly_core::model::{
    count_sections_and_projects, Catalog, Counts, Glossary, GlossaryEntry, Issue, IssueEntry,
    ItemRef, Settings, TagPage, TagRest, SCHEMA_VERSION,
};

/// The source files of a site, as read from `issues/`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// (file name, text) of `settings.toml`.
    pub settings: (String, String),
    /// (file name, text) of `glossary.toml`.
    pub glossary: (String, String),
    /// (file name, text) of every issue: Markdown (`.md`) or JSON in the
    /// published schema (`.json`).
    pub issues: Vec<(String, String)>,
}

/// Published files by path relative to the output folder, in path order.
pub type Site = BTreeMap<String, Vec<u8>>;

/// The folder, under the output root, that holds the published data.
pub const DATA_DIR: &str = "data";

/// Issues whose items a tag page's first file holds: more than the first
/// screen shows (16 issues), so a filtered first screen is usually full too.
pub const TAG_FIRST_ISSUES: usize = 24;

/// Where the items of the first `issues` issues end in a list grouped by
/// issue (never inside an issue).
fn first_issues_end(items: &[ItemRef], issues: usize) -> usize {
    let mut seen = 0;
    let mut last = None;
    for (i, item) in items.iter().enumerate() {
        if last != Some(item.volume) {
            if seen == issues {
                return i;
            }
            seen += 1;
            last = Some(item.volume);
        }
    }
    items.len()
}

/// What a build does with drafts (`draft = true` in the front matter, or
/// `"draft": true` in a JSON issue).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drafts {
    /// A release build: a draft leaves no trace (no issue file, catalog
    /// entry, tag entry, search entry or feed entry), and its errors do not
    /// stop the build, so a half-written draft never blocks publishing.
    Omit,
    /// The editor's preview: drafts are compiled, checked and marked.
    Include,
}

/// Compiles every source for release and reports every error of the build
/// together. Drafts are left out.
pub fn compile_site(sources: &Sources) -> Result<Site, Vec<Diagnostic>> {
    compile_site_with(sources, Drafts::Omit)
}

/// Whether a source says it is a draft, read without compiling it (a
/// draft with errors is still recognised).
pub fn is_draft_source(file: &str, text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Flag {
        #[serde(default)]
        draft: bool,
    }
    if file.ends_with(".json") {
        serde_json::from_str::<Flag>(text).is_ok_and(|f| f.draft)
    } else {
        split_front_matter(file, text).is_ok_and(|(front, _, _)| front.draft)
    }
}

/// Compiles every source, with or without the drafts.
pub fn compile_site_with(sources: &Sources, drafts: Drafts) -> Result<Site, Vec<Diagnostic>> {
    compile_site_cached(sources, drafts, None).map(|(site, _)| site)
}

/// [`compile_site_with`], reading and storing search segments in the
/// build cache at `cache` (crate::cache): the same files, sooner.
pub fn compile_site_cached(
    sources: &Sources,
    drafts: Drafts,
    cache: Option<&Path>,
) -> Result<(Site, CacheUse), Vec<Diagnostic>> {
    let settings = parse_settings(&sources.settings.0, &sources.settings.1);
    let glossary = read_glossary(&sources.glossary.0, &sources.glossary.1);
    // Without readable settings or glossary every issue would fail for the
    // same reason: report the cause alone rather than a cascade.
    let (settings, (glossary, mut errors)) = match (settings, glossary) {
        (Ok(settings), Ok(glossary)) => (settings, glossary),
        (settings, glossary) => {
            let mut errors = settings.err().unwrap_or_default();
            errors.extend(glossary.err().unwrap_or_default());
            return Err(errors);
        }
    };

    let mut issues: Vec<(String, Issue)> = Vec::new();
    for (file, text) in &sources.issues {
        let compiled = if file.ends_with(".json") {
            import_issue(file, text, &glossary)
        } else {
            compile_issue(file, text, &settings, &glossary)
        };
        let omit = drafts == Drafts::Omit;
        match compiled {
            // A release leaves drafts out, broken ones too: only a source
            // that failed is read again for its flag.
            Ok(issue) if omit && issue.draft => {}
            Err(_) if omit && is_draft_source(file, text) => {}
            Ok(issue) => {
                if let Some((other, _)) = issues.iter().find(|(_, i)| i.volume == issue.volume) {
                    errors.push(
                        Diagnostic::new(
                            file,
                            (2, 1),
                            format!("volume {} is also {other}", issue.volume),
                        )
                        .help("each issue needs its own volume number"),
                    );
                }
                issues.push((file.clone(), issue));
            }
            Err(e) => errors.extend(e),
        }
    }
    let known: std::collections::BTreeSet<u32> = issues
        .iter()
        .flat_map(|(_, i)| std::iter::once(i.volume).chain(i.earlier.iter().map(|r| r.volume)))
        .collect();
    for (file, issue) in &issues {
        errors.extend(validate_issue(file, issue, &settings, &glossary, &known));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    issues.sort_by_key(|(_, issue)| std::cmp::Reverse(issue.volume));
    let mut used = CacheUse::default();
    let site = publish(
        settings,
        glossary,
        issues.into_iter().map(|(_, i)| i).collect(),
        cache,
        &mut used,
    );
    Ok((site, used))
}

/// Parses one issue's Markdown and checks it against the settings and glossary.
pub fn compile_issue(
    file: &str,
    text: &str,
    settings: &Settings,
    glossary: &[GlossaryEntry],
) -> Result<Issue, Vec<Diagnostic>> {
    let (front, body, first_line) = split_front_matter(file, text).map_err(|d| vec![d])?;
    let (mut sections, mut errors) = parse_body(
        &Source {
            file,
            body,
            first_line,
        },
        settings,
    );
    let mut explained = Vec::new();
    for name in &front.glossary {
        match glossary.iter().find(|g| g.term.eq_ignore_ascii_case(name)) {
            Some(entry) => explained.push(entry.clone()),
            None => errors.push(
                Diagnostic::new(
                    file,
                    (1, 1),
                    format!("glossary term `{name}` is not in the glossary"),
                )
                .help("add it to glossary.toml or remove it from `glossary`"),
            ),
        }
    }
    if sections.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::new(file, (first_line, 1), "the issue has no sections")
                .help("start a section with a `# 业界要闻`-style heading"),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let matcher = TermMatcher::new(glossary);
    let mut terms = std::collections::BTreeSet::new();
    for item in sections
        .iter_mut()
        .flat_map(|s| s.groups.iter_mut())
        .flat_map(|g| g.items.iter_mut())
    {
        annotate_item(item, &matcher, &mut terms);
    }
    Ok(Issue {
        terms: terms.into_iter().collect(),
        schema_version: SCHEMA_VERSION,
        volume: front.volume,
        title: front.title,
        date: front.date,
        summary: front.summary,
        sections,
        glossary: explained,
        publisher: front.publisher,
        authors: front.authors,
        editors: front.editors,
        earlier: front.earlier,
        draft: front.draft,
    })
}

/// Reads an issue supplied as JSON in the published schema. It is checked by
/// [`validate_issue`] like any other; terms not yet referenced are annotated.
pub fn import_issue(
    file: &str,
    text: &str,
    glossary: &[GlossaryEntry],
) -> Result<Issue, Vec<Diagnostic>> {
    let mut issue: Issue = serde_json::from_str(text).map_err(|e| {
        vec![Diagnostic::new(
            file,
            (e.line(), e.column()),
            format!("not a valid issue: {e}"),
        )
        .help("the file must follow the published issue schema (see tests/fixtures/vol3.json)")]
    })?;
    if issue.schema_version != SCHEMA_VERSION {
        return Err(vec![Diagnostic::new(
            file,
            (0, 0),
            format!(
                "schema_version {} is not {SCHEMA_VERSION}",
                issue.schema_version
            ),
        )]);
    }
    let matcher = TermMatcher::new(glossary);
    let mut terms: std::collections::BTreeSet<String> = issue.terms.iter().cloned().collect();
    for item in issue
        .sections
        .iter_mut()
        .flat_map(|s| s.groups.iter_mut())
        .flat_map(|g| g.items.iter_mut())
    {
        annotate_item(item, &matcher, &mut terms);
    }
    issue.terms = terms.into_iter().collect();
    Ok(issue)
}

/// Lays out the published files for compiled issues, newest first.
fn publish(
    settings: Settings,
    terms: Vec<GlossaryEntry>,
    issues: Vec<Issue>,
    cache: Option<&Path>,
    used: &mut CacheUse,
) -> Site {
    let mut site = Site::new();
    let mut entries = Vec::new();
    for issue in &issues {
        let json = to_json(issue);
        let file = format!("issues/{}.{}.json", issue.volume, content_hash(&json));
        entries.push(IssueEntry {
            volume: issue.volume,
            title: issue.title.clone(),
            date: issue.date.clone(),
            summary: issue.summary.clone(),
            file: Some(file.clone()),
            highlights: issue.items().take(5).map(|i| i.label()).collect(),
            item_count: issue.items().count() as u32,
            minutes: weekly_core::model::reading::minutes(issue),
            terms: issue.terms.clone(),
            draft: issue.draft,
        });
        site.insert(format!("{DATA_DIR}/{file}"), json);
    }
    // Earlier issues known only by the title an issue gives them.
    for reference in issues.iter().flat_map(|i| &i.earlier) {
        if !entries.iter().any(|e| e.volume == reference.volume) {
            entries.push(IssueEntry {
                volume: reference.volume,
                title: reference.title.clone(),
                date: None,
                summary: None,
                file: None,
                highlights: Vec::new(),
                item_count: 0,
                minutes: 0,
                terms: Vec::new(),
                draft: false,
            });
        }
    }
    entries.sort_by_key(|e| std::cmp::Reverse(e.volume));
    // One file per tag, so a tag page loads only its own items.
    let mut tagged: BTreeMap<String, Vec<ItemRef>> = settings
        .tags
        .iter()
        .map(|t| (t.slug.clone(), Vec::new()))
        .collect();
    for issue in &issues {
        for section in &issue.sections {
            for group in &section.groups {
                for item in &group.items {
                    for tag in &item.tags {
                        tagged.entry(tag.clone()).or_default().push(ItemRef {
                            volume: issue.volume,
                            id: item.id.clone(),
                            label: item.label(),
                            section: section.slug.clone(),
                            project: group.project.clone(),
                        });
                    }
                }
            }
        }
    }
    let tag_counts = Counts::from_entries(
        tagged
            .iter()
            .map(|(t, items)| (t.clone(), items.len() as u32))
            .collect(),
    );
    for (tag, items) in tagged {
        let (sections, projects) = count_sections_and_projects(&items);
        let (newest, older) = items.split_at(first_issues_end(&items, TAG_FIRST_ISSUES));
        let rest = (!older.is_empty()).then(|| {
            let json = to_json(&TagRest {
                schema_version: SCHEMA_VERSION,
                tag: tag.clone(),
                items: older.to_vec(),
            });
            let file = format!("tags/{tag}.{}.json", content_hash(&json));
            site.insert(format!("{DATA_DIR}/{file}"), json);
            file
        });
        let page = TagPage {
            schema_version: SCHEMA_VERSION,
            tag: tag.clone(),
            sections,
            projects,
            items: newest.to_vec(),
            rest,
        };
        site.insert(
            format!("{DATA_DIR}/{}", TagPage::file(&tag)),
            to_json(&page),
        );
    }
    let search = index::publish_search(&mut site, &issues, &terms, cache, used);
    let catalog = Catalog {
        schema_version: SCHEMA_VERSION,
        settings,
        issues: entries,
        tag_counts,
        search_index: Some(search),
    };
    site.insert(format!("{DATA_DIR}/catalog.json"), to_json(&catalog));
    let glossary = Glossary {
        schema_version: SCHEMA_VERSION,
        terms,
    };
    site.insert(format!("{DATA_DIR}/{}", Glossary::FILE), to_json(&glossary));
    site.insert(
        "feed.xml".to_string(),
        render_feed(&catalog.settings, &issues).into_bytes(),
    );
    site
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serializing plain data structs to a Vec cannot fail.
    serde_json::to_vec(value).unwrap_or_default()
}

/// A short, stable content hash for cache-busting file names (FNV-1a, 64 bits).
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn read(path: &Path) -> Result<(String, String), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Ok((path.display().to_string(), text))
}

/// Reads `settings.toml`, `glossary.toml` and every issue's `*.md` or `*.json` (in file
/// name order; a `README.md` is documentation, not an issue) from `dir`.
pub fn read_sources(dir: &Path) -> Result<Sources, String> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read folder: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md" || e == "json"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    names.sort();
    Ok(Sources {
        settings: read(&dir.join("settings.toml"))?,
        glossary: read(&dir.join("glossary.toml"))?,
        issues: names.iter().map(|p| read(p)).collect::<Result<_, _>>()?,
    })
}
