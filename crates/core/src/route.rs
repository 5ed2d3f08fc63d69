//! Routes ⇄ paths, and the base path the site is served under. Pure.

use crate::percent::{decode_component, encode_component, query_pairs};

/// Normalizes a public URL (`/`, `/weekly/`, `weekly`) to a base path
/// without a trailing slash: `""` or `"/weekly"`.
pub fn normalize_base(raw: &str) -> String {
    let path = raw
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_matches('/');
    if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    }
}

/// A place in the reader. `to_path` gives its path under the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Archive,
    Issue(u32),
    /// One item of an issue: the issue's path with `#item-id`.
    Item(u32, String),
    Tags,
    Tag(String),
    Glossary,
    Term(String),
    Search(SearchParams),
}

/// The reader's pages, one per kind of route (see [`Route::page`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Archive,
    Issue,
    Tags,
    Tag,
    Glossary,
    Term,
    Search,
}

/// Where the reader is, as the router keeps it: the path (with the base
/// path, percent-encoded as the address bar has it), the query without its
/// `?` and the fragment with its `#` (each empty when there is none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    pub path: String,
    pub search: String,
    pub hash: String,
}

impl Address {
    /// Reads `/path?query#fragment` (a same-origin URL without its origin).
    pub fn parse(href: &str) -> Address {
        let (rest, hash) = match href.find('#') {
            Some(i) => (&href[..i], &href[i..]),
            None => (href, ""),
        };
        let (path, search) = rest.split_once('?').unwrap_or((rest, ""));
        Address {
            path: if path.is_empty() {
                "/".into()
            } else {
                path.into()
            },
            search: search.into(),
            hash: if hash == "#" {
                String::new()
            } else {
                hash.into()
            },
        }
    }

    /// The inverse of [`Address::parse`].
    pub fn href(&self) -> String {
        let query = if self.search.is_empty() { "" } else { "?" };
        format!("{}{query}{}{}", self.path, self.search, self.hash)
    }
}

/// What `/search` shows: `?q=…&tag=…&section=…`. The tag and section
/// narrow the query like `tag:…` and `section:…` typed into it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchParams {
    pub q: String,
    pub tag: Option<String>,
    pub section: Option<String>,
}

impl SearchParams {
    pub fn text(q: &str) -> SearchParams {
        SearchParams {
            q: q.to_string(),
            ..SearchParams::default()
        }
    }

    /// Reads the parameters from a query string (with or without `?`).
    pub fn parse(query: &str) -> SearchParams {
        let mut params = SearchParams::default();
        for (key, value) in query_pairs(query) {
            let value = value.trim().to_string();
            match key.as_str() {
                "q" => params.q = value,
                // Slugs are ASCII (the compiler checks them): no Unicode case tables.
                "tag" if !value.is_empty() => params.tag = Some(value.to_ascii_lowercase()),
                "section" if !value.is_empty() => params.section = Some(value.to_ascii_lowercase()),
                _ => {}
            }
        }
        params
    }

    /// The canonical query string, `""` when empty, else starting with `?`.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.q.is_empty() {
            pairs.push(format!("q={}", encode_component(&self.q)));
        }
        if let Some(tag) = &self.tag {
            pairs.push(format!("tag={}", encode_component(tag)));
        }
        if let Some(section) = &self.section {
            pairs.push(format!("section={}", encode_component(section)));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    /// The search to run.
    pub fn query(&self) -> crate::search::Query {
        let mut query = crate::search::parse_query(&self.q);
        query.tags.extend(self.tag.clone());
        query.sections.extend(self.section.clone());
        query.tags.sort();
        query.tags.dedup();
        query.sections.sort();
        query.sections.dedup();
        query
    }

    /// Nothing typed and nothing chosen.
    pub fn is_empty(&self) -> bool {
        self.q.trim().is_empty() && self.tag.is_none() && self.section.is_none()
    }
}

impl Route {
    /// Every path but the archive's ends with `/`: each page is a folder's
    /// `index.html` on a plain static host (`/issues/3/` is
    /// `issues/3/index.html`), and a link in that form reaches it without a
    /// redirect, with or without JavaScript. The router takes the form
    /// without the slash as well.
    pub fn to_path(&self) -> String {
        match self {
            Route::Archive => "/".into(),
            Route::Issue(v) => format!("/issues/{v}/"),
            Route::Item(v, id) => format!("/issues/{v}/#{}", encode_component(id)),
            Route::Tags => "/tags/".into(),
            Route::Tag(t) => format!("/tags/{}/", encode_component(t)),
            Route::Glossary => "/glossary/".into(),
            Route::Term(t) => format!("/glossary/{}/", encode_component(t)),
            Route::Search(params) => format!("/search/{}", params.to_query()),
        }
    }

    /// The link to this route on a site served under `base`.
    pub fn href(&self, base: &str) -> String {
        format!("{base}{}", self.to_path())
    }

    /// The route a link of this site leads to, the inverse of
    /// [`Route::href`]; None for links elsewhere. Filters in the query are
    /// not part of a route and are ignored.
    pub fn from_href(base: &str, href: &str) -> Option<Route> {
        let rest = href.strip_prefix(base)?.strip_prefix('/')?;
        let (rest, hash) = rest.split_once('#').unwrap_or((rest, ""));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        // `/issues/3/` and `/issues/3` are the same page.
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        Some(match segments.as_slice() {
            [""] => Route::Archive,
            ["issues", volume] => {
                let volume = parse_volume(volume)?;
                match decode_component(hash) {
                    id if id.is_empty() => Route::Issue(volume),
                    id => Route::Item(volume, id),
                }
            }
            ["tags"] => Route::Tags,
            ["tags", tag] if !tag.is_empty() => Route::Tag(decode_component(tag)),
            ["glossary"] => Route::Glossary,
            ["glossary", term] if !term.is_empty() => Route::Term(decode_component(term)),
            ["search"] => Route::Search(SearchParams::parse(query)),
            _ => return None,
        })
    }

    /// The route at an address's path (no query, no fragment) under
    /// `base`, as the app's router reads it; `None` is the not-found page.
    /// The base without its slash (`/weekly`) is the archive.
    pub fn at_path(base: &str, path: &str) -> Option<Route> {
        if path == base {
            return Some(Route::Archive);
        }
        Route::from_href(base, path)
    }

    /// The page that shows this route. Moving between routes of one page
    /// (one issue to another) keeps the page and changes what it shows.
    pub fn page(&self) -> Page {
        match self {
            Route::Archive => Page::Archive,
            Route::Issue(_) | Route::Item(..) => Page::Issue,
            Route::Tags => Page::Tags,
            Route::Tag(_) => Page::Tag,
            Route::Glossary => Page::Glossary,
            Route::Term(_) => Page::Term,
            Route::Search(_) => Page::Search,
        }
    }
}

/// Reads a volume number from a path segment; `"03"` and `"+3"` are refused
/// so every issue has one canonical URL.
pub fn parse_volume(segment: &str) -> Option<u32> {
    if segment.is_empty()
        || segment.starts_with('0')
        || !segment.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    segment.parse().ok()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_read_and_write_back() {
        for href in [
            "/",
            "/issues/3/",
            "/search/?q=a%20b",
            "/issues/3/#item-1",
            "/x/?a=1#b",
        ] {
            assert_eq!(Address::parse(href).href(), href);
        }
        let a = Address::parse("/weekly/search/?q=envoy#top");
        assert_eq!(
            (a.path.as_str(), a.search.as_str(), a.hash.as_str()),
            ("/weekly/search/", "q=envoy", "#top")
        );
        assert_eq!(Address::parse(""), Address::parse("/"));
        assert_eq!(Address::parse("/a?#").href(), "/a");
        assert_eq!(Address::parse("/a#x?y").search, "");
    }

    #[test]
    fn the_router_reads_pages_from_paths() {
        let at = |base, path| Route::at_path(base, path).map(|r| r.page());
        assert_eq!(at("", "/"), Some(Page::Archive));
        assert_eq!(at("", ""), Some(Page::Archive));
        assert_eq!(at("/weekly", "/weekly"), Some(Page::Archive));
        assert_eq!(at("/weekly", "/weekly/"), Some(Page::Archive));
        assert_eq!(at("/weekly", "/"), None);
        assert_eq!(at("", "/issues/3"), Some(Page::Issue));
        assert_eq!(at("", "/issues/3/"), Some(Page::Issue));
        assert_eq!(at("", "/issues/03/"), None);
        assert_eq!(at("", "/issues/3/more/"), None);
        assert_eq!(at("", "/tags/"), Some(Page::Tags));
        assert_eq!(at("", "/glossary/kep"), Some(Page::Term));
        assert_eq!(at("", "/search/"), Some(Page::Search));
        assert_eq!(at("", "/nowhere/"), None);
        assert_eq!(
            Route::at_path("", "/tags/%E4%BA%91/"),
            Some(Route::Tag("云".into()))
        );
    }

    #[test]
    fn bases() {
        assert_eq!(normalize_base("/"), "");
        assert_eq!(normalize_base(""), "");
        assert_eq!(normalize_base("/weekly/"), "/weekly");
        assert_eq!(normalize_base("weekly"), "/weekly");
        assert_eq!(normalize_base("/a/b/?x#y"), "/a/b");
    }

    #[test]
    fn hrefs_carry_the_base() {
        assert_eq!(Route::Issue(3).href("/weekly"), "/weekly/issues/3/");
        assert_eq!(Route::Archive.href(""), "/");
        assert_eq!(Route::Archive.href("/weekly"), "/weekly/");
        assert_eq!(
            Route::Item(3, "envoy-orca".into()).href(""),
            "/issues/3/#envoy-orca"
        );
        assert_eq!(
            Route::Search(SearchParams::text("负载 均衡")).to_path(),
            "/search/?q=%E8%B4%9F%E8%BD%BD%20%E5%9D%87%E8%A1%A1"
        );
        assert_eq!(Route::Search(SearchParams::default()).to_path(), "/search/");
        assert_eq!(Route::Tag("envoy".into()).to_path(), "/tags/envoy/");
        assert_eq!(Route::Term("kep".into()).to_path(), "/glossary/kep/");
    }

    #[test]
    fn links_lead_back_to_their_routes() {
        let routes = [
            Route::Archive,
            Route::Issue(3),
            Route::Item(3, "envoy-orca".into()),
            Route::Item(1000, "负载 均衡#x".into()),
            Route::Tags,
            Route::Tag("multi-cluster".into()),
            Route::Glossary,
            Route::Term("服务网格".into()),
            Route::Search(SearchParams::default()),
            Route::Search(SearchParams {
                q: "envoy 负载".into(),
                tag: Some("istio".into()),
                section: Some("news".into()),
            }),
        ];
        for base in ["", "/weekly"] {
            for route in &routes {
                let href = route.href(base);
                assert_eq!(
                    Route::from_href(base, &href).as_ref(),
                    Some(route),
                    "{href}"
                );
            }
        }
        // Without the trailing slash: the same pages.
        for (href, route) in [
            ("/issues/3", Route::Issue(3)),
            ("/issues/3#envoy-orca", Route::Item(3, "envoy-orca".into())),
            ("/tags", Route::Tags),
            ("/tags/envoy", Route::Tag("envoy".into())),
            ("/glossary", Route::Glossary),
            ("/glossary/kep", Route::Term("kep".into())),
            ("/search?q=x", Route::Search(SearchParams::text("x"))),
        ] {
            assert_eq!(Route::from_href("", href), Some(route), "{href}");
        }
        // Filters are not part of the route.
        assert_eq!(
            Route::from_href("", "/issues/3?section=news"),
            Some(Route::Issue(3))
        );
        assert_eq!(
            Route::from_href("", "/tags/envoy?section=reading"),
            Some(Route::Tag("envoy".into()))
        );
    }

    #[test]
    fn links_elsewhere_have_no_route() {
        for href in [
            "https://kubernetes.io/blog/",
            "//evil.example/issues/3",
            "/weeklyx/issues/3",
            "/issues/03",
            "/issues/3/extra",
            "/issues/3//",
            "/tags/",
            "/feed.xml",
            "mailto:a@b.c",
            "",
        ] {
            assert_eq!(Route::from_href("/weekly", href), None, "{href}");
        }
        assert_eq!(Route::from_href("", "/issues/03"), None);
        assert_eq!(Route::from_href("", "/feed.xml"), None);
    }

    #[test]
    fn search_params_round_trip_and_narrow_the_query() {
        let params =
            SearchParams::parse("?q=Envoy%20%E8%B4%9F%E8%BD%BD&tag=Istio&section=news&lang=en");
        assert_eq!(params.q, "Envoy 负载");
        assert_eq!(params.tag.as_deref(), Some("istio"));
        assert_eq!(SearchParams::parse(&params.to_query()), params);
        let query = params.query();
        assert_eq!(query.tags, ["istio"]);
        assert_eq!(query.sections, ["news"]);
        assert_eq!(query.parts.len(), 2);
        let both = SearchParams::parse("q=tag:istio&tag=istio").query();
        assert_eq!(both.tags, ["istio"]);
        assert!(SearchParams::parse("q=%20&tag=").is_empty());
    }

    #[test]
    fn volumes_are_canonical() {
        assert_eq!(parse_volume("3"), Some(3));
        assert_eq!(parse_volume("03"), None);
        assert_eq!(parse_volume("+3"), None);
        assert_eq!(parse_volume("3a"), None);
        assert_eq!(parse_volume("99999999999"), None);
    }
}
