//! What can go wrong when the reader loads published data, and what it says
//! about it. Pure: the platform layer classifies responses with [`classify`].

use crate::i18n::Strings;
use crate::model::DataError;
#[cfg(not(target_arch = "wasm32"))]
use crate::model::Decode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadError {
    /// The request never got an answer (offline, DNS, CORS, aborted).
    Network,
    /// No answer within the time limit.
    Timeout,
    /// 404 or 410: the file is not on the server.
    Missing,
    /// Any other non-success status.
    Http(u16),
    /// A success status whose body is not the data we expect, such as a
    /// host answering a missing file with `index.html`.
    BadData(DataError),
    /// The network is gone and the file is not stored offline (the service
    /// worker says so with `X-Weekly-Offline`).
    Offline,
    /// A part of the reader's code that arrives on demand did not load: the
    /// network failed, or a redeploy removed the old build's file.
    Code,
}

impl LoadError {
    /// A message for the reader, in the UI language.
    pub fn message(&self, t: &Strings) -> String {
        match self {
            LoadError::Network => t.error_network.to_string(),
            LoadError::Timeout => t.error_timeout.to_string(),
            LoadError::Missing => t.error_missing.to_string(),
            LoadError::Http(status) => format!("{} (HTTP {status})", t.error_http),
            LoadError::BadData(_) => t.error_bad_data.to_string(),
            LoadError::Offline => t.error_offline.to_string(),
            LoadError::Code => t.error_code.to_string(),
        }
    }

    /// Whether the page itself may be out of date (a redeploy removed the
    /// file its catalog names, which a host answers with 404 or with its app
    /// page, or changed the data's layout): reloading helps.
    pub fn needs_reload(&self) -> bool {
        matches!(
            self,
            LoadError::Missing | LoadError::BadData(_) | LoadError::Code
        )
    }

    /// Whether trying again may help.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            LoadError::Network | LoadError::Timeout | LoadError::Http(500..) | LoadError::Code
        )
    }
}

/// Turns an HTTP status and body into data or a typed error.
#[cfg(not(target_arch = "wasm32"))]
pub fn classify<T: Decode>(status: u16, body: &str) -> Result<T, LoadError> {
    check_status(status).and_then(|()| parse(body))
}

/// Whether a `Content-Length` header declares a body longer than `max`
/// bytes: digits too many for any integer count as longer; a value that is
/// not a length at all is left to the body's own check.
pub fn declares_more_than(header: &str, max: usize) -> bool {
    let digits = header.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    digits.parse::<u64>().map_or(true, |n| n > max as u64)
}

/// The typed error of an HTTP status that carries no data.
pub fn check_status(status: u16) -> Result<(), LoadError> {
    match status {
        200..=299 => Ok(()),
        404 | 410 => Err(LoadError::Missing),
        other => Err(LoadError::Http(other)),
    }
}

/// Parses a published file's body.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse<T: Decode>(body: &str) -> Result<T, LoadError> {
    crate::model::parse_published(body).map_err(LoadError::BadData)
}

/// Whether a published file's name carries its content hash
/// (`issues/3.0123456789abcdef.json`: the last segment ends in `.` and 16
/// lowercase hex digits before `.json`; a tag slug has no dot): such a file
/// never changes, while the others (the catalog, the glossary, a tag's first
/// file) change with every deploy and must be revalidated even where a host
/// lets browsers cache them (GitHub Pages: `max-age=600`). The service worker
/// applies the same rule (`isHashed` in `public/sw.js`); both are tested
/// against `tests/fixtures/hashed-names.json`.
pub fn is_immutable(url: &str) -> bool {
    let name = url.split(['?', '#']).next().unwrap_or_default();
    let name = name.rsplit('/').next().unwrap_or_default();
    let Some(stem) = name.strip_suffix(".json") else {
        return false;
    };
    stem.rsplit_once('.').is_some_and(|(before, hash)| {
        !before.is_empty()
            && hash.len() == 16
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Where the catalog lives under the site's base path.
pub fn catalog_url(base: &str) -> String {
    format!("{base}/data/catalog.json")
}

/// Where a published file named in the catalog lives.
pub fn data_url(base: &str, file: &str) -> String {
    format!("{base}/data/{}", file.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ZH};

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn the_page_and_the_worker_share_one_rule_for_hashed_names() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/fixtures/hashed-names.json"))
                .unwrap();
        for (list, hashed) in [("hashed", true), ("unhashed", false)] {
            for name in cases[list].as_array().unwrap() {
                let name = name.as_str().unwrap();
                for base in ["", "/weekly"] {
                    let url = format!("{base}/{name}");
                    assert_eq!(is_immutable(&url), hashed, "{url}");
                }
            }
        }
    }

    #[test]
    fn hashed_files_are_immutable_the_rest_revalidated() {
        assert!(is_immutable("/data/issues/3.0123456789abcdef.json"));
        assert!(is_immutable("/weekly/data/search/12.0123456789abcdef.json"));
        assert!(!is_immutable("/data/catalog.json"));
        assert!(!is_immutable("/data/tags/istio.json"));
        assert!(!is_immutable("/data/glossary.json"));
        assert!(!is_immutable("/data/issues/3.json"));
    }

    #[test]
    fn a_declared_length_over_the_cap_is_refused_before_the_body() {
        assert!(!declares_more_than("16", 16));
        assert!(declares_more_than(" 17 ", 16));
        assert!(
            declares_more_than("99999999999999999999999999", 16),
            "past u64"
        );
        assert!(!declares_more_than("", 16));
        assert!(!declares_more_than("-5", 16));
        assert!(
            !declares_more_than("1e9", 16),
            "not a length: the body is measured"
        );
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn responses_are_classified() {
        use crate::model::Glossary;
        let ok: Glossary = classify(200, r#"{"schema_version":1,"terms":[]}"#).unwrap();
        assert!(ok.terms.is_empty());
        assert_eq!(
            classify::<Glossary>(404, "").unwrap_err(),
            LoadError::Missing
        );
        assert_eq!(
            classify::<Glossary>(503, "").unwrap_err(),
            LoadError::Http(503)
        );
        let html = classify::<Glossary>(200, "<!doctype html><title>app</title>").unwrap_err();
        assert!(matches!(html, LoadError::BadData(_)));
    }

    #[test]
    fn messages_in_both_languages() {
        assert!(LoadError::Http(503).message(&EN).contains("503"));
        assert_ne!(
            LoadError::Network.message(&EN),
            LoadError::Network.message(&ZH)
        );
        assert!(LoadError::Timeout.is_transient());
        assert!(!LoadError::Missing.is_transient());
    }

    #[test]
    fn urls() {
        assert_eq!(catalog_url("/weekly"), "/weekly/data/catalog.json");
        assert_eq!(data_url("", "issues/3.ab.json"), "/data/issues/3.ab.json");
    }
}
