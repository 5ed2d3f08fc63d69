//! The link allowlist against a real URL parser (the `url` crate, which
//! follows the WHATWG URL standard browsers implement): every href the
//! compiler and the renderer accept resolves to http, https or mailto, or
//! stays on the site. Native only.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use proptest::prelude::*;
use url::Url;
use weekly_core::model::{is_allowed_href, is_external_href};

/// Hrefs built from the pieces that make links dangerous.
fn href() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/"),
        Just("\\"),
        Just(":"),
        Just("//"),
        Just("javascript"),
        Just("JavaScript"),
        Just("data"),
        Just("http"),
        Just("https"),
        Just("mailto"),
        Just("file"),
        Just("evil.example"),
        Just("\t"),
        Just("\n"),
        Just(" "),
        Just("\u{0}"),
        Just("\u{3000}"),
        Just("%2f"),
        Just("%5c"),
        Just("#"),
        Just("?"),
        Just("."),
        Just(".."),
        Just("@"),
        Just("x"),
        Just("issues/3"),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn check(href: &str) -> Result<(), TestCaseError> {
    if !is_allowed_href(href) {
        return Ok(());
    }
    let base = Url::parse("https://weekly.example/weekly/issues/3").unwrap();
    // What the parser cannot resolve, a browser cannot follow either.
    let Ok(resolved) = base.join(href) else {
        return Ok(());
    };
    prop_assert!(
        matches!(resolved.scheme(), "http" | "https" | "mailto"),
        "{href:?} resolves to {resolved}"
    );
    if !is_external_href(href) {
        prop_assert_eq!(
            resolved.host_str(),
            Some("weekly.example"),
            "{:?} resolves to {}",
            href,
            resolved
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn every_accepted_href_keeps_its_promise(href in href()) {
        check(&href)?;
    }
}

#[test]
fn the_known_tricks_are_refused() {
    for bad in [
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        " //evil.example",
        "java\nscript:alert(1)",
        "\u{0}javascript:alert(1)",
    ] {
        assert!(!is_allowed_href(bad), "{bad:?}");
    }
    for good in [
        "/issues/3",
        "https://kubernetes.io/",
        "mailto:a@b.example",
        "#item",
        "?q=x",
    ] {
        assert!(is_allowed_href(good), "{good:?}");
        check(good).unwrap();
    }
}
