//! Routes ⇄ paths, and the base path the site is served under. Pure.

use std::fmt::Write;

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
    Search(String),
}

impl Route {
    pub fn to_path(&self) -> String {
        match self {
            Route::Archive => "/".into(),
            Route::Issue(v) => format!("/issues/{v}"),
            Route::Item(v, id) => format!("/issues/{v}#{}", encode_component(id)),
            Route::Tags => "/tags".into(),
            Route::Tag(t) => format!("/tags/{}", encode_component(t)),
            Route::Glossary => "/glossary".into(),
            Route::Term(t) => format!("/glossary/{}", encode_component(t)),
            Route::Search(q) if q.is_empty() => "/search".into(),
            Route::Search(q) => format!("/search?q={}", encode_component(q)),
        }
    }

    /// The link to this route on a site served under `base`.
    pub fn href(&self, base: &str) -> String {
        format!("{base}{}", self.to_path())
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

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Route::Issue(3).href("/weekly"), "/weekly/issues/3");
        assert_eq!(Route::Archive.href(""), "/");
        assert_eq!(Route::Archive.href("/weekly"), "/weekly/");
        assert_eq!(
            Route::Item(3, "envoy-orca".into()).href(""),
            "/issues/3#envoy-orca"
        );
        assert_eq!(
            Route::Search("负载 均衡".into()).to_path(),
            "/search?q=%E8%B4%9F%E8%BD%BD%20%E5%9D%87%E8%A1%A1"
        );
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
