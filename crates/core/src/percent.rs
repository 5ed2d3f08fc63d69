//! Percent-encoding and query strings, as browsers write them: encoding a
//! path segment, decoding what any address holds (never failing), and
//! repairing an address a browser would refuse. Pure.

use std::fmt::Write;

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

/// Decoded `key=value` pairs of a query string.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Percent-decodes (`+` as space); invalid sequences stay as written and
/// invalid UTF-8 becomes U+FFFD, so any input gives a string.
pub fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(high), Some(low)) => {
                    out.push(high * 16 + low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `url` with every `%` that could make a URL decoder fail written as
/// `%25`: a `%` not followed by two hex digits, or starting an escape of
/// bytes that are not UTF-8 (`%E0%A4%A`). `None` when nothing needs it. The
/// router decodes paths with the browser's `decodeURI`, which throws on
/// exactly these, so links and addresses are repaired before it sees them.
pub fn repair_percent_encoding(url: &str) -> Option<String> {
    let bytes = url.as_bytes();
    let mut out = String::with_capacity(url.len() + 8);
    let mut changed = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            let next = url[i..].find('%').map_or(url.len(), |n| i + n);
            out.push_str(&url[i..next]);
            i = next;
            continue;
        }
        // A run of well-formed escapes, decoded.
        let start = i;
        let mut decoded = Vec::new();
        while i + 2 < bytes.len() && bytes[i] == b'%' {
            match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    decoded.push(h * 16 + l);
                    i += 3;
                }
                _ => break,
            }
        }
        if decoded.is_empty() {
            // A `%` that starts no escape.
            out.push_str("%25");
            changed = true;
            i += 1;
            continue;
        }
        let mut at = start;
        for chunk in decoded.utf8_chunks() {
            let valid = chunk.valid().len();
            out.push_str(&url[at..at + 3 * valid]);
            at += 3 * valid;
            for _ in chunk.invalid() {
                out.push_str("%25");
                out.push_str(&url[at + 1..at + 3]);
                at += 3;
                changed = true;
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_never_fails() {
        assert_eq!(decode_component("%E8%B4%9F%E8%BD%BD+x"), "负载 x");
        assert_eq!(decode_component("100%"), "100%");
        assert_eq!(decode_component("%zz%4"), "%zz%4");
        assert_eq!(decode_component("%FF"), "\u{FFFD}");
        assert_eq!(decode_component("%E8%B4%9"), "\u{FFFD}%9");
    }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod encoding_tests {
    use super::*;

    #[test]
    fn malformed_escapes_become_literal_percent_signs() {
        assert_eq!(
            repair_percent_encoding("/search?q=100%").as_deref(),
            Some("/search?q=100%25")
        );
        assert_eq!(
            repair_percent_encoding("/issues/3#50%").as_deref(),
            Some("/issues/3#50%25")
        );
        assert_eq!(
            repair_percent_encoding("/tags/%E0%A4%A").as_deref(),
            Some("/tags/%25E0%25A4%25A")
        );
        assert_eq!(repair_percent_encoding("/x%zz").as_deref(), Some("/x%25zz"));
        assert_eq!(
            repair_percent_encoding("%FF%E8%B4%9F").as_deref(),
            Some("%25FF%E8%B4%9F")
        );
    }

    #[test]
    fn well_formed_urls_are_left_alone() {
        for url in [
            "/search?q=%E8%B4%9F%E8%BD%BD",
            "/issues/3#x",
            "/a%20b",
            "",
            "/%25",
        ] {
            assert_eq!(repair_percent_encoding(url), None, "{url}");
        }
    }

    /// What the browser's decodeURI accepts: escapes of valid UTF-8 only.
    fn decodes(url: &str) -> bool {
        let bytes = url.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                match (
                    bytes.get(i + 1).and_then(|b| hex(*b)),
                    bytes.get(i + 2).and_then(|b| hex(*b)),
                ) {
                    (Some(h), Some(l)) => out.push(h * 16 + l),
                    _ => return false,
                }
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        std::str::from_utf8(&out).is_ok()
    }

    proptest::proptest! {
        #[test]
        fn every_repaired_url_decodes(url in "[a-z/%0-9A-F?#éE8]{0,24}") {
            let repaired = repair_percent_encoding(&url).unwrap_or_else(|| url.clone());
            proptest::prop_assert!(decodes(&repaired), "{} -> {}", url, repaired);
            // Only `%` signs change: the rest of the text is kept.
            proptest::prop_assert_eq!(repaired.replace("%25", "%"), url.replace("%25", "%"));
        }
    }
}
