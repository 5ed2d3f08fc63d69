//! Checks a compiled issue against the settings and glossary: the same rules
//! whether the issue came from Markdown or from JSON in the published schema.

use super::config::{is_iso_date, is_slug};
use super::diagnostic::Diagnostic;
use std::collections::BTreeSet;
use weekly_core::model::{
    is_allowed_href, GlossaryEntry, Inline, Issue, Settings, MAX_INLINE_DEPTH,
};

/// Every rule an issue must satisfy; `known_volumes` are the issues the
/// archive knows (compiled or listed by title), for links between issues.
pub fn validate_issue(
    file: &str,
    issue: &Issue,
    settings: &Settings,
    glossary: &[GlossaryEntry],
    known_volumes: &BTreeSet<u32>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut err = |at: &str, message: String, help: &str| {
        let mut d = Diagnostic::new(file, (0, 0), format!("{at}: {message}"));
        if !help.is_empty() {
            d = d.help(help);
        }
        errors.push(d);
    };
    if let Some(date) = &issue.date {
        if !is_iso_date(date) {
            err(
                "date",
                format!("`{date}` is not a date"),
                "write it as YYYY-MM-DD, e.g. 2019-05-06",
            );
        }
    }
    for entry in &issue.glossary {
        for link in entry.links.iter().filter(|l| !is_allowed_href(l)) {
            err(
                &format!("glossary `{}`", entry.term),
                format!("link `{link}` has a forbidden scheme"),
                "links must be https:, http:, mailto: or relative",
            );
        }
    }
    let terms: BTreeSet<String> = glossary.iter().map(|g| g.slug()).collect();
    let mut ids = BTreeSet::new();
    for (si, section) in issue.sections.iter().enumerate() {
        let at = format!("sections[{si}]");
        if settings.section(&section.slug).is_none() {
            err(
                &at,
                format!("unknown section `{}`", section.slug),
                "use a section slug from settings.toml",
            );
        }
        for (gi, group) in section.groups.iter().enumerate() {
            let at = format!("{at}.groups[{gi}]");
            if let Some(project) = &group.project {
                if settings.project(project).is_none() {
                    err(
                        &at,
                        format!("unknown project group `{project}`"),
                        "use a project slug from settings.toml",
                    );
                }
            }
            for item in &group.items {
                let at = format!("item `{}`", item.id);
                if !is_slug(&item.id) {
                    err(
                        &at,
                        "the id is not a slug".into(),
                        "use lowercase ASCII letters, digits and `-`",
                    );
                }
                if weekly_core::model::is_reserved_id(&item.id) {
                    err(
                        &at,
                        "the id is one the reader uses for its own page parts".into(),
                        "choose another id (ids starting with `section-` or `weekly-` are reserved too)",
                    );
                }
                if !ids.insert(item.id.as_str()) {
                    err(
                        &at,
                        "the id is used twice in this issue".into(),
                        "give each item its own id",
                    );
                }
                if item.title.is_empty() && item.body.is_empty() {
                    err(
                        &at,
                        "the item is empty".into(),
                        "give it a title or some text",
                    );
                }
                for tag in &item.tags {
                    if settings.tag(tag).is_none() {
                        err(
                            &at,
                            format!("unknown tag `{tag}`"),
                            "use a tag listed in settings.toml, or add it there",
                        );
                    }
                }
                let check = |nodes: &[Inline]| {
                    walk(nodes, &mut |node| {
                        match node {
                        Inline::Link { href, .. } if !is_allowed_href(href) => Some((
                            format!("link `{href}` has a forbidden scheme"),
                            "links must be https:, http:, mailto: or relative",
                        )),
                        Inline::Link { href, .. } => match linked_volume(href) {
                            Some(v) if !known_volumes.contains(&v) => Some((
                                format!("link `{href}` points to issue {v}, which the archive does not know"),
                                "fix the volume, or list the issue under `[[earlier]]`",
                            )),
                            _ => None,
                        },
                        Inline::Term { term, .. } if !terms.contains(term) => Some((
                            format!("term reference `{term}` is not in the glossary"),
                            "add the term to glossary.toml",
                        )),
                        _ => None,
                    }
                    })
                };
                let mut found = check(&item.title);
                for p in &item.body {
                    found.extend(check(p));
                }
                let paragraphs = std::iter::once(&item.title).chain(&item.body);
                if paragraphs.flatten().any(|n| n.depth() > MAX_INLINE_DEPTH) {
                    found.push((
                        "formatting is nested too deeply".into(),
                        "nest strong, emphasis and links at most 16 levels deep",
                    ));
                }
                let nested_terms = |nodes: &[Inline]| {
                    walk(nodes, &mut |node| match node {
                        Inline::Term { children, .. } => walk(children, &mut |c| {
                            matches!(c, Inline::Term { .. }).then_some(())
                        })
                        .first()
                        .copied(),
                        _ => None,
                    })
                };
                if std::iter::once(&item.title)
                    .chain(&item.body)
                    .any(|p| !nested_terms(p).is_empty())
                {
                    found.push((
                        "a term reference is inside another".into(),
                        "mark each term once, around its own words",
                    ));
                }
                for (message, help) in found {
                    err(&at, message, help);
                }
            }
        }
    }
    errors
}

/// Calls `f` on every node, depth first, collecting what it reports.
fn walk<T>(nodes: &[Inline], f: &mut impl FnMut(&Inline) -> Option<T>) -> Vec<T> {
    let mut out = Vec::new();
    let mut stack: Vec<&Inline> = nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        out.extend(f(node));
        match node {
            Inline::Strong { children }
            | Inline::Emphasis { children }
            | Inline::Link { children, .. }
            | Inline::Term { children, .. } => stack.extend(children.iter().rev()),
            Inline::Text { .. } | Inline::Code { .. } => {}
        }
    }
    out
}

/// The volume a relative link to an issue points at: `/issues/3`, `issues/3#x`.
pub fn linked_volume(href: &str) -> Option<u32> {
    let rest = href.trim_start_matches("./").trim_start_matches('/');
    let rest = rest.strip_prefix("issues/")?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let tail = &rest[digits.len()..];
    if digits.is_empty() || !(tail.is_empty() || tail.starts_with(['#', '?', '/'])) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_issues() {
        assert_eq!(linked_volume("/issues/3"), Some(3));
        assert_eq!(linked_volume("issues/12#item"), Some(12));
        assert_eq!(linked_volume("https://x/issues/3"), None);
        assert_eq!(linked_volume("/issues/3abc"), None);
        assert_eq!(linked_volume("/tags/istio"), None);
    }
}
