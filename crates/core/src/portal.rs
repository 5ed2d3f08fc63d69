//! Embedding in a portal's iframe, without the browser: what `?embed=1`
//! asks for, which origins may talk to the reader, and the message
//! protocol (SPEC §6). Pure; `platform::frame` carries the messages and
//! `components/embedded.rs` wires them to the app.
//!
//! Protocol, version 1. Every message is an object with a namespaced
//! `type` and `v: 1`:
//! - child → parent `{type: "weekly:resize", v: 1, height}`: the content's
//!   height in CSS pixels, whenever it changes (at most once a frame);
//! - child → parent `{type: "weekly:navigate", v: 1, path}`: the route the
//!   reader is on, relative to the reader's base (`/issues/3?section=news`);
//! - parent → child `{type: "weekly:navigate", v: 1, path}`: go there;
//! - parent → child `{type: "weekly:hello", v: 1}`: the parent is listening
//!   (lets the child learn the parent's origin when the browser gives no
//!   referrer).
//!
//! The child takes a message only from `window.parent` and from an origin
//! on the deploy's allowlist (`embed_origins` in the newsletter settings),
//! and posts only to that origin, never to `*`.

use crate::i18n::Lang;
use crate::percent::query_pairs;
use crate::prefs::Theme;

/// The protocol version this reader speaks.
pub const PROTOCOL_VERSION: u32 = 1;
pub const RESIZE: &str = "weekly:resize";
pub const NAVIGATE: &str = "weekly:navigate";
pub const HELLO: &str = "weekly:hello";

/// Longest path accepted from a parent.
const MAX_PATH: usize = 2048;

/// What the query string of the first load asks of an embedded reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EmbedParams {
    /// `embed=1`: the compact view without the site's chrome.
    pub embed: bool,
    /// `theme=light|dark|auto`.
    pub theme: Option<Theme>,
    /// `lang=zh|en` (also honoured outside embedding).
    pub lang: Option<Lang>,
    /// `memory=1`: a portal's frame remembers what the reader read
    /// (`memory`); without it a frame remembers nothing.
    pub memory: bool,
}

impl EmbedParams {
    /// Reads `?embed=1&theme=dark&lang=en`; unknown values are ignored.
    pub fn parse(query: &str) -> EmbedParams {
        let mut params = EmbedParams::default();
        for (key, value) in query_pairs(query) {
            match key.as_str() {
                "embed" => params.embed = matches!(value.as_str(), "1" | "true"),
                "theme" => {
                    params.theme = match value.as_str() {
                        "light" | "dark" | "auto" => Some(Theme::parse(&value)),
                        _ => None,
                    }
                }
                "lang" => params.lang = Lang::from_code(&value),
                "memory" => params.memory = matches!(value.as_str(), "1" | "true"),
                _ => {}
            }
        }
        params
    }
}

/// True when `s` is a web origin exactly as browsers write one: `http` or
/// `https`, `://`, a lowercase host (letters, digits, `-`, `.`), an
/// optional `:port` (1–65535, no leading zero); nothing else: no path, no
/// trailing slash, no user, no query.
pub fn is_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && !p.starts_with('0')
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
    });
    host_ok && port_ok
}

/// True when `origin` may exchange messages with the reader.
pub fn is_allowed(origin: &str, allowlist: &[String]) -> bool {
    is_origin(origin) && allowlist.iter().any(|o| o == origin)
}

/// A message from the parent the reader acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inbound {
    Hello,
    /// A path relative to the reader's base, checked by [`site_path`].
    Navigate(String),
}

/// The fields of a posted message, as far as they are strings and numbers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawMessage {
    pub kind: Option<String>,
    pub version: Option<f64>,
    pub path: Option<String>,
}

impl Inbound {
    /// The message, or `None` when it is malformed, of another version or
    /// type, or names a path outside the site.
    pub fn parse(raw: &RawMessage) -> Option<Inbound> {
        if raw.version != Some(f64::from(PROTOCOL_VERSION)) {
            return None;
        }
        match raw.kind.as_deref()? {
            HELLO => Some(Inbound::Hello),
            NAVIGATE => site_path(raw.path.as_deref()?).map(Inbound::Navigate),
            _ => None,
        }
    }
}

/// `path` when it names a page of this site relative to its base: starts
/// with one `/`, and holds no backslash, control character or whitespace
/// that a URL parser could read as another host or strip.
pub fn site_path(path: &str) -> Option<String> {
    let ok = path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= MAX_PATH
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    ok.then(|| path.to_string())
}

/// The route to report to the parent: the browser's path without the base,
/// with its query minus the embedding parameters, which belong to the frame.
pub fn reported_path(base: &str, pathname: &str, search: &str) -> String {
    let path = pathname.strip_prefix(base).unwrap_or(pathname);
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && !matches!(key, "embed" | "theme" | "lang")
        })
        .collect();
    if kept.is_empty() {
        path
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        for ok in [
            "https://portal.example",
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "https://a-b.c.example",
        ] {
            assert!(is_origin(ok), "{ok}");
        }
        for bad in [
            "https://portal.example/",
            "https://portal.example/path",
            "https://Portal.example",
            "https://user@portal.example",
            "https://portal.example:0",
            "https://portal.example:080",
            "https://portal.example:65536",
            "https://portal.example:",
            "https://*.example",
            "*",
            "null",
            "file://x",
            "javascript://x",
            "https://",
            "https://-a.example",
            "https://a..example",
            "https://portal.example?x",
            "https://portal.example#x",
            " https://portal.example",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn only_listed_origins_are_allowed() {
        let list = vec!["https://portal.example".to_string()];
        assert!(is_allowed("https://portal.example", &list));
        assert!(!is_allowed("https://portal.example.evil", &list));
        assert!(!is_allowed("http://portal.example", &list));
        assert!(!is_allowed("null", &list));
        let hostile = vec!["*".to_string(), "null".to_string()];
        assert!(!is_allowed("*", &hostile) && !is_allowed("null", &hostile));
    }

    fn raw(kind: &str, v: f64, path: Option<&str>) -> RawMessage {
        RawMessage {
            kind: Some(kind.into()),
            version: Some(v),
            path: path.map(Into::into),
        }
    }

    #[test]
    fn messages_are_versioned_namespaced_and_checked() {
        assert_eq!(
            Inbound::parse(&raw(NAVIGATE, 1.0, Some("/issues/3?section=news"))),
            Some(Inbound::Navigate("/issues/3?section=news".into()))
        );
        assert_eq!(Inbound::parse(&raw(HELLO, 1.0, None)), Some(Inbound::Hello));
        for bad in [
            raw(NAVIGATE, 2.0, Some("/issues/3")),
            raw("navigate", 1.0, Some("/issues/3")),
            raw(RESIZE, 1.0, None),
            raw(NAVIGATE, 1.0, None),
            raw(NAVIGATE, 1.0, Some("https://evil.example/")),
            raw(NAVIGATE, 1.0, Some("//evil.example/")),
            raw(NAVIGATE, 1.0, Some("/\\evil.example")),
            raw(NAVIGATE, 1.0, Some("javascript:alert(1)")),
            raw(NAVIGATE, 1.0, Some("/\t/evil.example")),
            RawMessage::default(),
        ] {
            assert_eq!(Inbound::parse(&bad), None, "{bad:?}");
        }
        assert_eq!(site_path(&format!("/{}", "a".repeat(MAX_PATH))), None);
    }

    #[test]
    fn embed_parameters() {
        let p = EmbedParams::parse("?embed=1&theme=dark&lang=en");
        assert_eq!(
            p,
            EmbedParams {
                embed: true,
                theme: Some(Theme::Dark),
                lang: Some(Lang::En),
                memory: false,
            }
        );
        assert!(EmbedParams::parse("?embed=1&memory=1").memory);
        assert!(!EmbedParams::parse("?embed=1&memory=yes").memory);
        assert_eq!(EmbedParams::parse(""), EmbedParams::default());
        assert_eq!(EmbedParams::parse("?embed=0&theme=<x>").theme, None);
        assert!(!EmbedParams::parse("?embed=0").embed);
    }

    #[test]
    fn reported_paths_drop_the_base_and_the_frame_parameters() {
        assert_eq!(
            reported_path(
                "/weekly",
                "/weekly/issues/3",
                "?embed=1&section=news&lang=en"
            ),
            "/issues/3?section=news"
        );
        assert_eq!(reported_path("", "/", "?embed=1"), "/");
        assert_eq!(reported_path("/weekly", "/weekly", ""), "/");
        assert_eq!(
            reported_path("", "/search", "?q=%E8%B4%9F"),
            "/search?q=%E8%B4%9F"
        );
    }
}
