//! Rich text as a tree of typed inline nodes. There is no HTML anywhere:
//! the app renders each node kind through its own view.

use serde::{Deserialize, Serialize};

/// One inline node. Serialized with a `kind` tag; when reading, a node of an
/// unknown kind keeps its text (or its children's text) as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", from = "RawInline")]
pub enum Inline {
    Text {
        text: String,
    },
    Strong {
        children: Vec<Inline>,
    },
    Emphasis {
        children: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `href` passed the scheme allowlist when compiled; the app checks again.
    Link {
        href: String,
        children: Vec<Inline>,
    },
    /// A glossary term reference; `term` is the glossary entry's slug.
    Term {
        term: String,
        children: Vec<Inline>,
    },
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text { text: text.into() }
    }

    /// How many levels of strong, emphasis and links this node nests (a
    /// text is 0, `**a**` is 1; a term reference wraps its words without a
    /// level of its own). Recursion is bounded: a published file nests at
    /// most `MAX_NESTING` levels before it is parsed.
    pub fn depth(&self) -> usize {
        let deepest = |children: &[Inline]| children.iter().map(Inline::depth).max().unwrap_or(0);
        match self {
            Inline::Text { .. } | Inline::Code { .. } => 0,
            Inline::Term { children, .. } => deepest(children),
            Inline::Strong { children }
            | Inline::Emphasis { children }
            | Inline::Link { children, .. } => 1 + deepest(children),
        }
    }
}

/// Deepest nesting of strong, emphasis and links an issue may have, from
/// Markdown or JSON alike.
pub const MAX_INLINE_DEPTH: usize = 16;

/// The wire shape every kind shares, so unknown kinds can still be read.
#[derive(Deserialize)]
struct RawInline {
    kind: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    children: Vec<Inline>,
    #[serde(default)]
    href: Option<String>,
    #[serde(default)]
    term: Option<String>,
}

impl From<RawInline> for Inline {
    fn from(raw: RawInline) -> Inline {
        let RawInline {
            kind,
            text,
            children,
            href,
            term,
        } = raw;
        from_parts(&kind, text, children, href, term)
    }
}

/// The node the wire shape's fields make (serde's reader and the model's
/// own, `decode`, share it).
pub(super) fn from_parts(
    kind: &str,
    text: Option<String>,
    children: Vec<Inline>,
    href: Option<String>,
    term: Option<String>,
) -> Inline {
    match (kind, href, term) {
        ("strong", _, _) => Inline::Strong { children },
        ("emphasis", _, _) => Inline::Emphasis { children },
        ("code", _, _) => Inline::Code {
            text: text.unwrap_or_default(),
        },
        ("link", Some(href), _) => Inline::Link { href, children },
        ("term", _, Some(term)) => Inline::Term { term, children },
        _ => Inline::Text {
            text: text.unwrap_or_else(|| plain_text(&children)),
        },
    }
}

/// The text a reader sees, without any markup.
pub fn plain_text(nodes: &[Inline]) -> String {
    let mut out = String::new();
    push_text(nodes, &mut out);
    out
}

fn push_text(nodes: &[Inline], out: &mut String) {
    for node in nodes {
        match node {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Strong { children }
            | Inline::Emphasis { children }
            | Inline::Link { children, .. }
            | Inline::Term { children, .. } => push_text(children, out),
        }
    }
}

/// True when `href` may be rendered as a link: `https:`, `http:`, `mailto:`
/// or a relative URL on this site. Control characters and whitespace are
/// stripped before the check, and a backslash counts as a slash, the way
/// browsers parse a URL (`/\evil.example` and `\\evil.example` lead to
/// another host).
pub fn is_allowed_href(href: &str) -> bool {
    let cleaned: String = href
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    match lower.find([':', '/', '?', '#']) {
        Some(i) if lower.as_bytes()[i] == b':' => {
            let scheme = &lower[..i];
            matches!(scheme, "https" | "http" | "mailto")
        }
        _ => !lower.is_empty() && !lower.starts_with("//"),
    }
}

/// True when a link on the site names a file rather than a page of the
/// reader (its last path segment has an extension: `feed.xml`): the router
/// must let the browser fetch it.
pub fn is_file_href(href: &str) -> bool {
    !is_external_href(href)
        && href
            .split(['?', '#'])
            .next()
            .and_then(|path| path.rsplit('/').next())
            .is_some_and(|last| last.contains('.') && !last.starts_with('.'))
}

/// True when an allowed `href` leaves the site (has a scheme).
pub fn is_external_href(href: &str) -> bool {
    href.trim_start()
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kind_degrades_to_text() {
        let node: Inline =
            serde_json::from_str(r#"{"kind":"sparkle","children":[{"kind":"text","text":"hi"}]}"#)
                .unwrap();
        assert_eq!(node, Inline::text("hi"));
        let node: Inline = serde_json::from_str(r#"{"kind":"marquee","text":"x"}"#).unwrap();
        assert_eq!(node, Inline::text("x"));
    }

    #[test]
    fn round_trips() {
        let node = Inline::Link {
            href: "https://example.com".into(),
            children: vec![Inline::Strong {
                children: vec![Inline::text("a")],
            }],
        };
        let json = serde_json::to_string(&node).unwrap();
        assert_eq!(serde_json::from_str::<Inline>(&json).unwrap(), node);
    }

    #[test]
    fn file_hrefs_name_a_file_on_the_site() {
        assert!(is_file_href("/feed.xml"));
        assert!(is_file_href("feed.xml?x=1"));
        assert!(is_file_href("/weekly/embed.js#x"));
        assert!(!is_file_href("/issues/3"));
        assert!(!is_file_href("https://example.com/feed.xml"));
        assert!(!is_file_href("/tags/istio?q=a.b"));
    }

    #[test]
    fn external_hrefs_have_a_scheme() {
        assert!(is_external_href("https://kubernetes.io/"));
        assert!(is_external_href("mailto:a@b"));
        assert!(!is_external_href("/issues/3"));
        assert!(!is_external_href("issues/3?x=a:b"));
        assert!(!is_external_href("#item"));
    }

    #[test]
    fn href_allowlist() {
        for ok in [
            "https://a.b",
            "http://a",
            "mailto:x@y",
            "/issues/3",
            "a/b",
            "#x",
            "?q=1",
        ] {
            assert!(is_allowed_href(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,x",
            "vbscript:x",
            "//evil.example",
            "",
            "file:///etc/passwd",
            "/\\evil.example",
            "\\\\evil.example",
            "\\/evil.example",
            "/\t/evil.example",
        ] {
            assert!(!is_allowed_href(bad), "{bad}");
        }
    }
}
