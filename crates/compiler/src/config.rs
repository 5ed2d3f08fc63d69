//! The TOML sources: newsletter settings, the glossary and issue front matter.

use super::diagnostic::{line_col, Diagnostic};
use serde::Deserialize;
use std::collections::BTreeSet;
use weekly_core::model::{is_allowed_href, Bilingual, GlossaryEntry, IssueRef, Settings, Term};

/// Parses TOML into `T`, turning a parse error into a positioned diagnostic.
/// `first_line` is the line of `text` within its file (for front matter).
fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((0, 0), |s| line_col(text, s.start));
        let line = if line == 0 { 0 } else { line + first_line - 1 };
        Diagnostic::new(file, (line, col), e.message().trim().to_string())
    })
}

pub fn parse_settings(file: &str, text: &str) -> Result<Settings, Vec<Diagnostic>> {
    let settings: Settings = parse_toml(file, text, 1).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    for (kind, terms) in [
        ("section", &settings.sections),
        ("project", &settings.projects),
        ("tag", &settings.tags),
    ] {
        check_terms(file, kind, terms, &mut errors);
    }
    for origin in &settings.embed_origins {
        if !weekly_core::portal::is_origin(origin) {
            errors.push(
                Diagnostic::new(
                    file,
                    (0, 0),
                    format!("embed origin `{origin}` is not an origin"),
                )
                .help("write scheme, host and optional port only, e.g. `https://portal.example`"),
            );
        }
    }
    if let Some(url) = &settings.public_url {
        if !is_public_url(url) {
            errors.push(
                Diagnostic::new(file, (0, 0), format!("public_url `{url}` is not a web address"))
                    .help("write the site's address, e.g. `https://weekly.example/` or `https://example.github.io/weekly/`"),
            );
        }
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

fn check_terms(file: &str, kind: &str, terms: &[Term], errors: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for term in terms {
        if !is_slug(&term.slug) {
            errors.push(
                Diagnostic::new(
                    file,
                    (0, 0),
                    format!("{kind} slug `{}` is not a slug", term.slug),
                )
                .help("use lowercase ASCII letters, digits and `-`"),
            );
        }
        if !seen.insert(term.slug.as_str()) {
            errors.push(Diagnostic::new(
                file,
                (0, 0),
                format!("{kind} slug `{}` is defined twice", term.slug),
            ));
        }
        if term.name.zh.trim().is_empty() || term.name.en.trim().is_empty() {
            errors.push(
                Diagnostic::new(file, (0, 0), format!("{kind} `{}` lacks a name", term.slug))
                    .help("give both `zh` and `en` names"),
            );
        }
    }
}

/// An absolute `https://` or `http://` address with a host and no query,
/// fragment, quotes, spaces or markup: it is written into every page's head.
pub fn is_public_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && rest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/:%".contains(&b))
    })
}

/// Lowercase ASCII letters and digits, separated by single `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossarySource {
    #[serde(default)]
    terms: Vec<TermSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermSource {
    term: String,
    #[serde(default)]
    aliases: Vec<String>,
    expansion: Option<String>,
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    links: Vec<String>,
}

/// Reads `glossary.toml`. Every term needs both explanations; terms and
/// aliases are unique, case-insensitively.
pub fn parse_glossary(file: &str, text: &str) -> Result<Vec<GlossaryEntry>, Vec<Diagnostic>> {
    let (entries, errors) = read_glossary(file, text)?;
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// Like [`parse_glossary`], but keeps the entries alongside the errors of
/// individual terms, so one bad term does not make every issue that uses
/// another term fail too. Only a file that is not TOML at all is an `Err`.
pub fn read_glossary(
    file: &str,
    text: &str,
) -> Result<(Vec<GlossaryEntry>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source: GlossarySource = parse_toml(file, text, 1).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    let mut seen_slugs = BTreeSet::new();
    let line_of = |needle: &str| {
        text.find(&format!("term = \"{needle}\""))
            .map_or((0, 0), |i| line_col(text, i))
    };
    let mut entries = Vec::new();
    for t in source.terms {
        let pos = line_of(&t.term);
        if t.term.trim().is_empty() {
            errors.push(Diagnostic::new(file, pos, "a glossary term is empty"));
            continue;
        }
        if t.zh.trim().is_empty() || t.en.trim().is_empty() {
            errors.push(
                Diagnostic::new(
                    file,
                    pos,
                    format!("glossary term `{}` lacks an explanation", t.term),
                )
                .help("give both `zh` and `en` explanations"),
            );
        }
        let entry_slug = weekly_core::model::GlossaryEntry::slug_of(&t.term);
        if !weekly_core::model::is_page_segment(&entry_slug) {
            errors.push(
                Diagnostic::new(
                    file,
                    pos,
                    format!(
                        "glossary term `{}` cannot name its page (`glossary/{entry_slug}/`)",
                        t.term
                    ),
                )
                .help(
                    "a term is its page's address: leave out / \\ ? # % : * | \" < > and a leading dot \
                     (write `TCP-IP`, and `TCP/IP` as an alias, which still marks the text)",
                ),
            );
        } else if !seen_slugs.insert(entry_slug.clone()) {
            errors.push(Diagnostic::new(
                file,
                pos,
                format!(
                    "glossary term `{}` has the same page as another (`glossary/{entry_slug}/`)",
                    t.term
                ),
            ));
        }
        for name in std::iter::once(&t.term).chain(&t.aliases) {
            if !seen.insert(name.to_lowercase()) {
                errors.push(Diagnostic::new(
                    file,
                    pos,
                    format!("glossary name `{name}` is defined twice"),
                ));
            }
        }
        for link in &t.links {
            if !is_allowed_href(link) {
                errors.push(
                    Diagnostic::new(file, pos, format!("link `{link}` has a forbidden scheme"))
                        .help("links must be https:, http:, mailto: or relative"),
                );
            }
        }
        entries.push(GlossaryEntry {
            term: t.term,
            aliases: t.aliases,
            expansion: t.expansion,
            explanation: Bilingual { zh: t.zh, en: t.en },
            links: t.links,
        });
    }
    Ok((entries, errors))
}

/// Issue metadata between `+++` lines at the top of an issue's Markdown.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub volume: u32,
    pub title: String,
    pub date: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub glossary: Vec<String>,
    pub publisher: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub editors: Vec<String>,
    #[serde(default)]
    pub earlier: Vec<IssueRef>,
    /// A draft: shown by the preview, left out of release builds.
    #[serde(default)]
    pub draft: bool,
}

/// Splits an issue source into its front matter and body. Returns the front
/// matter and the body with the 1-based line on which the body starts.
pub fn split_front_matter<'a>(
    file: &str,
    text: &'a str,
) -> Result<(FrontMatter, &'a str, usize), Diagnostic> {
    let missing = || {
        Diagnostic::new(file, (1, 1), "missing front matter").help(
            "start the file with a `+++` line, then `volume = …` and `title = \"…\"`, then `+++`",
        )
    };
    let rest = text
        .strip_prefix("\u{feff}")
        .unwrap_or(text)
        .strip_prefix("+++")
        .ok_or_else(missing)?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
        .ok_or_else(missing)?;
    let end = rest
        .match_indices("+++")
        .find(|(i, _)| *i == 0 || rest.as_bytes()[i - 1] == b'\n')
        .map(|(i, _)| i)
        .ok_or_else(|| {
            Diagnostic::new(file, (1, 1), "front matter is not closed")
                .help("end it with a line holding only `+++`")
        })?;
    let front: FrontMatter = parse_toml(file, &rest[..end], 2)?;
    if let Some(date) = &front.date {
        if !is_iso_date(date) {
            let line = rest[..end]
                .lines()
                .position(|l| l.trim_start().starts_with("date"))
                .unwrap_or(0);
            return Err(Diagnostic::new(
                file,
                (line + 2, 1),
                format!("date `{date}` is not a date"),
            )
            .help("write it as YYYY-MM-DD, e.g. `date = \"2019-05-06\"`"));
        }
    }
    let after = &rest[end + 3..];
    let body_start = text.len() - after.len();
    let (line, _) = line_col(text, body_start);
    Ok((front, after, line))
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() != 3 || !num(parts[0], 4) || !num(parts[1], 2) || !num(parts[2], 2) {
        return false;
    }
    let (m, d): (u32, u32) = (parts[1].parse().unwrap_or(0), parts[2].parse().unwrap_or(0));
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let err = split_front_matter("x.md", "+++\nvolume = 3\ntitle = \n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(split_front_matter("x.md", "# no front matter").is_err());
        assert!(split_front_matter("x.md", "+++\nvolume = 3\n").is_err());
    }

    #[test]
    fn front_matter_body_line() {
        let (fm, body, line) =
            split_front_matter("x.md", "+++\nvolume = 3\ntitle = \"t\"\n+++\n# 业界要闻\n")
                .unwrap();
        assert_eq!(fm.volume, 3);
        assert_eq!(body, "\n# 业界要闻\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unknown_front_matter_key_is_an_error() {
        let err = split_front_matter("x.md", "+++\nvolume = 3\ntitle = \"t\"\nvolumn = 4\n+++\n")
            .unwrap_err();
        assert!(err.message.contains("volumn"), "{err}");
    }

    #[test]
    fn glossary_needs_both_explanations() {
        let errs =
            parse_glossary("g.toml", "[[terms]]\nterm = \"KEP\"\nzh = \"设计文档\"\n").unwrap_err();
        assert_eq!(errs[0].line, 2);
        assert!(errs[0].message.contains("explanation"));
    }

    #[test]
    fn a_term_that_cannot_name_its_page_is_a_clear_error() {
        let term = |t: &str| format!("[[terms]]\nterm = \"{t}\"\nzh = \"z\"\nen = \"e\"\n");
        let errs = parse_glossary("g.toml", &term("TCP/IP")).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].message.contains("`TCP/IP` cannot name its page"),
            "{}",
            errs[0]
        );
        assert_eq!(errs[0].line, 2);
        for bad in ["a?b", "a#b", "50%", ".hidden", "a\\\\b"] {
            assert!(parse_glossary("g.toml", &term(bad)).is_err(), "{bad}");
        }
        let twice = format!("{}{}", term("Code Freeze"), term("code-freeze"));
        let errs = parse_glossary("g.toml", &twice).unwrap_err();
        assert!(errs[0].message.contains("same page"), "{}", errs[0]);
        assert!(parse_glossary("g.toml", &term("服务网格")).is_ok());
        assert!(parse_glossary("g.toml", &term("Code Freeze")).is_ok());
    }

    #[test]
    fn slugs() {
        assert!(is_slug("multi-cluster"));
        assert!(!is_slug("Multi"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug(""));
    }
}
