//! What a pre-rendered page's head says about it (title, description,
//! link-preview tags, canonical URL) and what it asks for before the app's
//! code runs (the search page's script, index and code).

use super::page::escape_attr;
use std::fmt::Write;

/// What a page's head says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// Absolute when the settings give the site's public URL, else from the root.
    pub url: String,
    pub image: String,
    pub site_name: String,
    /// `article` for an issue, `website` for the rest.
    pub kind: &'static str,
    /// What the page asks for before the app starts (the search page's).
    pub early: Vec<Early>,
}

/// A file a page asks for from its head, before the app's code runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Early {
    /// A module script, run before the app's loader.
    Script(String),
    /// A file fetched now that the app will fetch (`as=fetch`, CORS mode as
    /// the app's requests, so the app's own request is answered by it).
    Fetch(String),
    /// Where the search index is (`<meta name="weekly-search-index">`: each
    /// segment's shard count and hash, `1150.3fa0… 31.c2d1…`), for the
    /// search page's script.
    Index(Vec<(u32, String)>),
    /// How the index folds Chinese (`<meta name="weekly-search-fold">`:
    /// the hash of its fold file), for the same script.
    Fold(String),
}

impl Head {
    pub(super) fn to_html(&self) -> String {
        let mut out = format!("<title>{}</title>", escape_attr(&self.title));
        let mut meta = |attr: &str, key: &str, value: &str| {
            let _ = write!(
                out,
                "<meta {attr}=\"{key}\" content=\"{}\">",
                escape_attr(value)
            );
        };
        meta("name", "description", &self.description);
        meta("property", "og:type", self.kind);
        meta("property", "og:title", &self.title);
        meta("property", "og:description", &self.description);
        meta("property", "og:url", &self.url);
        meta("property", "og:site_name", &self.site_name);
        meta("property", "og:locale", "zh_CN");
        meta("property", "og:image", &self.image);
        meta("name", "twitter:card", "summary");
        meta("name", "twitter:title", &self.title);
        meta("name", "twitter:description", &self.description);
        let _ = write!(
            out,
            "<link rel=\"canonical\" href=\"{}\">",
            escape_attr(&self.url)
        );
        for early in &self.early {
            let _ = match early {
                Early::Script(src) => write!(
                    out,
                    "<script type=\"module\" src=\"{}\"></script>",
                    escape_attr(src)
                ),
                Early::Fetch(href) => write!(
                    out,
                    "<link rel=\"preload\" as=\"fetch\" crossorigin href=\"{}\">",
                    escape_attr(href)
                ),
                Early::Fold(hash) => write!(
                    out,
                    "<meta name=\"weekly-search-fold\" content=\"{}\">",
                    escape_attr(hash)
                ),
                Early::Index(segments) => {
                    let segments: Vec<String> = segments
                        .iter()
                        .map(|(shards, hash)| format!("{shards}.{hash}"))
                        .collect();
                    write!(
                        out,
                        "<meta name=\"weekly-search-index\" content=\"{}\">",
                        escape_attr(&segments.join(" "))
                    )
                }
            };
        }
        out
    }
}
