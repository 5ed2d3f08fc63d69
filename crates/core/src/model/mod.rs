//! The published data model: what the compiler writes and the app reads.
//!
//! Every published file carries [`SCHEMA_VERSION`]. Readers tolerate unknown
//! fields (serde's default) and unknown inline node kinds, which degrade to
//! plain text (see [`Inline`]), so an older app can read newer data.

pub mod decode;
mod inline;
mod parse;
pub mod reading;
mod tag;

pub use decode::{Decode, Json};
pub use inline::{
    is_allowed_href, is_external_href, is_file_href, plain_text, Inline, MAX_INLINE_DEPTH,
};
#[cfg(not(target_arch = "wasm32"))]
pub use parse::parse_published;
pub use parse::{check_version, nesting_depth, DataError, MAX_NESTING};
pub use tag::{count_sections_and_projects, group_by_issue, IssueItems, ItemRef, TagPage, TagRest};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the published JSON layout. Bump on breaking changes only.
pub const SCHEMA_VERSION: u32 = 1;

/// Counts by slug (items per tag, section or project), in slug order;
/// published as a JSON object. A list rather than a map: the reader only
/// looks a few up and lists them, and a map's insertion code would be
/// compiled into the first wasm for it (BENCHMARKS.md, "Counts as a list").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts(Vec<(String, u32)>);

impl Counts {
    /// The count of `slug`, if it has one.
    pub fn get(&self, slug: &str) -> Option<u32> {
        self.0.iter().find(|(s, _)| s == slug).map(|(_, n)| *n)
    }

    /// Every slug with its count, in the file's order (slug order as the
    /// compiler writes it).
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.0.iter().map(|(s, n)| (s.as_str(), *n))
    }

    /// Counts as a file lists them (the decoders keep the file's order).
    pub fn from_entries(entries: Vec<(String, u32)>) -> Counts {
        Counts(entries)
    }
}

impl From<BTreeMap<String, u32>> for Counts {
    fn from(map: BTreeMap<String, u32>) -> Counts {
        Counts(map.into_iter().collect())
    }
}

impl<const N: usize> From<[(String, u32); N]> for Counts {
    fn from(entries: [(String, u32); N]) -> Counts {
        BTreeMap::from(entries).into()
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(s, n)| (s, n)))
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Counts, D::Error> {
        BTreeMap::<String, u32>::deserialize(deserializer).map(Counts::from)
    }
}

/// A piece of UI-facing text in both languages of the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, Decode)]
pub struct Bilingual {
    pub zh: String,
    pub en: String,
}

/// One named entry of a taxonomy: a section, a project group or a tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct Term {
    /// Stable lowercase ASCII slug, used in URLs (`?section=news`).
    pub slug: String,
    pub name: Bilingual,
}

/// The newsletter's own settings, authored in `issues/settings.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, Decode)]
pub struct Settings {
    pub title: Bilingual,
    pub publisher: Bilingual,
    /// Section taxonomy in display order.
    pub sections: Vec<Term>,
    /// Per-project groups inside sections, in display order.
    #[serde(default)]
    pub projects: Vec<Term>,
    /// Tags with display names; items may only use these slugs.
    #[serde(default)]
    pub tags: Vec<Term>,
    /// Origins allowed to embed the reader and exchange messages with it.
    #[serde(default)]
    pub embed_origins: Vec<String>,
    /// Where the site is published (`https://weekly.example/` or with a
    /// path): canonical URLs, link previews and `sitemap.xml` use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_url: Option<String>,
}

/// Element ids the reader's own pages use: an item may not take one (its id
/// is its element id and its URL fragment).
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "shell",
    "archive-heading",
    "latest-heading",
    "earlier-heading",
    "toc-heading",
    "glossary-note-heading",
    "filter-sections",
    "filter-projects",
    "search-input",
    "weekly-term-tip",
];

/// True when `id` is one of the reader's own element ids, or in a family of
/// them (`section-…`, one per section, and `weekly-…`).
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || id.starts_with("section-") || id.starts_with("weekly-")
}

impl Settings {
    pub fn section(&self, slug: &str) -> Option<&Term> {
        self.sections.iter().find(|t| t.slug == slug)
    }
    pub fn project(&self, slug: &str) -> Option<&Term> {
        self.projects.iter().find(|t| t.slug == slug)
    }
    pub fn tag(&self, slug: &str) -> Option<&Term> {
        self.tags.iter().find(|t| t.slug == slug)
    }
}

/// `catalog.json`: the settings and one entry per known issue, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Catalog {
    pub schema_version: u32,
    pub settings: Settings,
    pub issues: Vec<IssueEntry>,
    /// How many items carry each tag, across all issues.
    #[serde(default)]
    pub tag_counts: Counts,
    /// Where the search index is. Not called `search`: apps from before
    /// the segmented index (issue 33) read that key as a shard count and a
    /// hash and would refuse the whole catalog; under this name they see no
    /// index and everything else still reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_index: Option<SearchRef>,
}

/// The search index: items numbered oldest first, in segments of
/// consecutive items ([`crate::search::wire`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct SearchRef {
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// The hash of `search/fold.{hash}.json` ([`SearchFold`]), when the
    /// index holds characters a traditional one folds to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fold: Option<String>,
}

/// `search/fold.{hash}.json`: the traditional → simplified pairs a query
/// is folded with ([`crate::search::fold`]), written one after another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct SearchFold {
    pub schema_version: u32,
    pub pairs: String,
}

/// One segment of the search index: its next `items` items, in `shards`
/// files `search/{n}.{hash}.json`, `hash` of the segment's own content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct Segment {
    pub items: u32,
    pub shards: u32,
    pub hash: String,
}

impl Catalog {
    pub fn entry(&self, volume: u32) -> Option<&IssueEntry> {
        self.issues.iter().find(|e| e.volume == volume)
    }

    /// The nearest issues in the archive before and after `volume` (older,
    /// newer), skipping issues known only by title.
    pub fn neighbours(&self, volume: u32) -> (Option<&IssueEntry>, Option<&IssueEntry>) {
        let available = || self.issues.iter().filter(|e| e.file.is_some());
        let older = available()
            .filter(|e| e.volume < volume)
            .max_by_key(|e| e.volume);
        let newer = available()
            .filter(|e| e.volume > volume)
            .min_by_key(|e| e.volume);
        (older, newer)
    }
}

/// An issue as listed in the archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct IssueEntry {
    pub volume: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Path of the issue's JSON relative to the data folder; `None` when the
    /// issue is known only by its title (listed but not in this archive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Titles of the first items, for the archive's highlights.
    #[serde(default)]
    pub highlights: Vec<String>,
    #[serde(default)]
    pub item_count: u32,
    /// Minutes it takes to read ([`reading::minutes`]); 0 when unknown.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub minutes: u32,
    /// Slugs of the glossary terms the issue's items use.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Unpublished: only the editor's preview lists it (see [`Issue::draft`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One published issue (`issues/{volume}.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Issue {
    pub schema_version: u32,
    pub volume: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub sections: Vec<Section>,
    /// Glossary terms this issue explains in its own "名词解释" note.
    #[serde(default)]
    pub glossary: Vec<GlossaryEntry>,
    /// Who published it, as the issue words it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub editors: Vec<String>,
    /// Earlier issues the issue itself points back to.
    #[serde(default)]
    pub earlier: Vec<IssueRef>,
    /// Slugs of the glossary terms referenced in the items, sorted.
    #[serde(default)]
    pub terms: Vec<String>,
    /// `draft = true` in the source: compiled for the editor's preview,
    /// left out of release builds entirely. Never set in published files.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

impl Issue {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items_in_sections().map(|(_, item)| item)
    }

    /// Every item in reading order, with the section it is in.
    pub fn items_in_sections(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections.iter().flat_map(|s| {
            s.groups
                .iter()
                .flat_map(move |g| g.items.iter().map(move |i| (s, i)))
        })
    }
}

/// A reference to another issue by volume and title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct IssueRef {
    pub volume: u32,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Section {
    /// Slug from the settings' section taxonomy.
    pub slug: String,
    /// The heading as written in this issue.
    pub title: String,
    pub groups: Vec<Group>,
}

/// Items of one project inside a section, or the section's ungrouped items
/// (`project: None`, always first).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Group {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Decode)]
pub struct Item {
    /// Unique within the issue; the URL fragment `#id`.
    pub id: String,
    /// Empty when the source gives the item no title of its own.
    #[serde(default)]
    pub title: Vec<Inline>,
    /// One or more paragraphs.
    #[serde(default)]
    pub body: Vec<Vec<Inline>>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl Item {
    /// A short label for lists and tables of contents: the title, or failing
    /// that the first sentence of the body, never invented text.
    pub fn label(&self) -> String {
        let title = plain_text(&self.title);
        if !title.trim().is_empty() {
            return title.trim().to_string();
        }
        let body = self.body.first().map(|p| plain_text(p)).unwrap_or_default();
        first_sentence(&body, 40)
    }

    /// The body as plain text, paragraphs on their own lines: what search
    /// indexes, so its character offsets point into this string.
    pub fn plain_body(&self) -> String {
        self.body
            .iter()
            .map(|p| plain_text(p))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// True for Chinese, Japanese and Korean characters and full-width
/// punctuation: no spaces between words, and line breaks between them vanish.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The first sentence of `text`, cut at `max_chars` with an ellipsis.
pub fn first_sentence(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max_chars {
            out.push('…');
            return out;
        }
        out.push(c);
        if matches!(c, '。' | '!' | '?' | '\u{FF01}' | '\u{FF1F}') {
            return out;
        }
    }
    out
}

/// A glossary term with its explanations in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct GlossaryEntry {
    /// The term as readers see it, also its URL slug ([`Self::slug`]).
    pub term: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The English expansion of an acronym, or the English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<String>,
    pub explanation: Bilingual,
    #[serde(default)]
    pub links: Vec<String>,
}

impl GlossaryEntry {
    /// The term's URL slug: ASCII letters lowercased, spaces as `-`, every
    /// other character as written (`Code Freeze` → `code-freeze`, `服务网格`
    /// as it is). ASCII only, so the browser's code for the glossary needs
    /// no Unicode case tables (3.5 KB brotli; BENCHMARKS.md, "ASCII-only
    /// lowercasing").
    pub fn slug(&self) -> String {
        Self::slug_of(&self.term)
    }

    /// The slug of a term named `term` (what [`GlossaryEntry::slug`] gives).
    pub fn slug_of(term: &str) -> String {
        term.trim().to_ascii_lowercase().replace(' ', "-")
    }
}

/// Whether a slug can be one folder of the site's address (`glossary/{slug}/`,
/// `tags/{slug}/`): not empty, not hidden, not `index.html`, and no
/// character that a path, a query, a fragment or a file system reads
/// otherwise (`TCP/IP` would be two folders).
pub fn is_page_segment(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('.')
        && slug != "index.html"
        && !slug.contains(['/', '\\', '\0', '?', '#', '%', ':', '*', '|', '"', '<', '>'])
        && !slug.chars().any(char::is_control)
}

/// `glossary.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct Glossary {
    pub schema_version: u32,
    pub terms: Vec<GlossaryEntry>,
}

impl Glossary {
    /// Where the glossary is published, under the data folder.
    pub const FILE: &str = "glossary.json";
}

#[cfg(test)]
mod tests;
