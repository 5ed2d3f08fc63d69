//! The Atom feed of the issues (`feed.xml`), newest first.
//!
//! Atom requires an `updated` time, and the seed issues have no date; an
//! issue without a date is given the Unix epoch rather than an invented or
//! build-dependent time, which keeps the feed deterministic.

use std::fmt::Write;
use weekly_core::model::{plain_text, Issue, Settings};

const UNDATED: &str = "1970-01-01T00:00:00Z";

/// Entries the feed carries: the newest issues only, as feeds do (a feed
/// reader polls it for what is new; the archive holds the rest). With every
/// issue it was 13 MB at 1,000 issues and 131 MB at 10,000, over GitHub
/// Pages' 100 MiB per file.
pub const FEED_ENTRIES: usize = 20;

/// An RFC 3339 time for an issue's `date` (`2019-05-06`).
/// Anything but a valid `YYYY-MM-DD` (validation rejects it before; this
/// keeps the feed well-formed whatever it is given) counts as undated.
fn updated(date: Option<&str>) -> String {
    match date {
        Some(d) if super::config::is_iso_date(d) => format!("{d}T00:00:00Z"),
        _ => UNDATED.to_string(),
    }
}

pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the feed of the newest [`FEED_ENTRIES`] of `issues` (newest
/// first). Links are relative to the feed's own URL, so the same file works
/// at `/` and under a sub-path.
pub fn render_feed(settings: &Settings, issues: &[Issue]) -> String {
    let issues = &issues[..issues.len().min(FEED_ENTRIES)];
    let mut xml = String::new();
    let newest = issues.first().map(|i| updated(i.date.as_deref()));
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n\
         <title>{}</title>\n<subtitle>{}</subtitle>\n<id>urn:weekly:feed</id>\n<updated>{}</updated>\n\
         <author><name>{}</name></author>\n<link rel=\"self\" href=\"feed.xml\"/>\n<link rel=\"alternate\" href=\"./\"/>\n",
        escape_xml(&settings.title.zh),
        escape_xml(&settings.title.en),
        newest.unwrap_or_else(|| UNDATED.to_string()),
        escape_xml(&settings.publisher.zh),
    );
    for issue in issues {
        let mut text = String::new();
        for section in &issue.sections {
            let _ = writeln!(text, "【{}】", section.title);
            for item in section.groups.iter().flat_map(|g| &g.items) {
                let title = plain_text(&item.title);
                if !title.is_empty() {
                    let _ = writeln!(text, "{title}");
                }
                for p in &item.body {
                    let _ = writeln!(text, "{}", plain_text(p));
                }
                text.push('\n');
            }
        }
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<id>urn:weekly:issue:{}</id>\n<updated>{}</updated>\n\
             <link rel=\"alternate\" href=\"issues/{}\"/>\n{}<content type=\"text\">{}</content>\n</entry>\n",
            escape_xml(&issue.title),
            issue.volume,
            updated(issue.date.as_deref()),
            issue.volume,
            issue
                .summary
                .as_deref()
                .map(|s| format!("<summary>{}</summary>\n", escape_xml(s)))
                .unwrap_or_default(),
            escape_xml(text.trim_end()),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape_xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }

    #[test]
    fn only_the_newest_issues_are_entries() {
        let settings: Settings = serde_json::from_value(serde_json::json!({
            "title": {"zh": "周报", "en": "Weekly"}, "publisher": {"zh": "", "en": ""}, "sections": []
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let issue = |volume: u32| -> Issue {
            serde_json::from_value(serde_json::json!({
                "schema_version": 1, "volume": volume, "title": format!("Vol. {volume}"), "sections": []
            }))
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let issues: Vec<Issue> = (1..=25).rev().map(issue).collect();
        let feed = render_feed(&settings, &issues);
        assert_eq!(feed.matches("<entry>").count(), FEED_ENTRIES);
        assert!(feed.contains("urn:weekly:issue:25") && feed.contains("urn:weekly:issue:6"));
        assert!(!feed.contains("urn:weekly:issue:5<"));
    }

    #[test]
    fn dates() {
        assert_eq!(updated(Some("2019-05-06")), "2019-05-06T00:00:00Z");
        assert_eq!(updated(None), UNDATED);
    }
}
