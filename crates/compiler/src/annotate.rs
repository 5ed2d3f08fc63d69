//! Glossary annotation at build time: term references are inserted into the
//! inline tree, so the browser only renders them.
//!
//! Rules: the longest name (term or alias) wins at each position; ASCII
//! letters match case-insensitively and an ASCII name must stand on word
//! boundaries (`CDN` is found in "CDN 网络" but not in "kubeCDN"); text inside
//! links, code and existing references is never touched; each term is marked
//! at its **first occurrence per item** (title included), so a paragraph that
//! repeats "Federation" five times gets one control, not five.

use std::collections::{BTreeSet, HashMap};
use weekly_core::model::{GlossaryEntry, Inline, Item};

/// Names to look for, indexed by their first (lowercased) character.
pub struct TermMatcher {
    /// For each first char: (name as lowercase chars, glossary slug, is ASCII),
    /// longest first.
    by_first: HashMap<char, Vec<(Vec<char>, String, bool)>>,
}

fn fold(c: char) -> char {
    c.to_ascii_lowercase()
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl TermMatcher {
    pub fn new(glossary: &[GlossaryEntry]) -> TermMatcher {
        let mut by_first: HashMap<char, Vec<(Vec<char>, String, bool)>> = HashMap::new();
        for entry in glossary {
            for name in std::iter::once(&entry.term).chain(&entry.aliases) {
                let chars: Vec<char> = name.trim().chars().map(fold).collect();
                let Some(&first) = chars.first() else {
                    continue;
                };
                let ascii = chars.iter().any(|c| c.is_ascii_alphanumeric());
                by_first
                    .entry(first)
                    .or_default()
                    .push((chars, entry.slug(), ascii));
            }
        }
        for names in by_first.values_mut() {
            names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        TermMatcher { by_first }
    }

    /// The longest name starting at `chars[i]`: (its length in chars, slug).
    fn longest_at(&self, chars: &[char], i: usize) -> Option<(usize, &str)> {
        let candidates = self.by_first.get(&fold(chars[i]))?;
        if i > 0 && is_word(chars[i - 1]) && is_word(chars[i]) {
            // Mid-word: only names not starting with a word character could
            // match here, and every ASCII name does.
            return candidates
                .iter()
                .find(|(name, _, ascii)| !ascii && matches_at(chars, i, name))
                .map(|(name, slug, _)| (name.len(), slug.as_str()));
        }
        candidates
            .iter()
            .find(|(name, _, ascii)| {
                matches_at(chars, i, name) && {
                    let end = i + name.len();
                    !ascii
                        || end == chars.len()
                        || !(is_word(chars[end]) && is_word(name[name.len() - 1]))
                }
            })
            .map(|(name, slug, _)| (name.len(), slug.as_str()))
    }
}

fn matches_at(chars: &[char], i: usize, name: &[char]) -> bool {
    chars.len() - i >= name.len()
        && chars[i..i + name.len()]
            .iter()
            .zip(name)
            .all(|(a, b)| fold(*a) == *b)
}

/// Annotates an item's title and body; `seen` collects the slugs found.
/// Terms the item already references are left as they are, so annotating
/// twice changes nothing.
pub fn annotate_item(item: &mut Item, matcher: &TermMatcher, seen: &mut BTreeSet<String>) {
    let mut marked = BTreeSet::new();
    for nodes in std::iter::once(&item.title).chain(&item.body) {
        collect_terms(nodes, &mut marked);
    }
    item.title = annotate(std::mem::take(&mut item.title), matcher, &mut marked);
    for paragraph in &mut item.body {
        *paragraph = annotate(std::mem::take(paragraph), matcher, &mut marked);
    }
    seen.extend(marked);
}

/// The slugs of the terms `nodes` reference.
pub(crate) fn collect_terms(nodes: &[Inline], marked: &mut BTreeSet<String>) {
    for node in nodes {
        match node {
            Inline::Term { term, .. } => {
                marked.insert(term.clone());
            }
            Inline::Strong { children }
            | Inline::Emphasis { children }
            | Inline::Link { children, .. } => collect_terms(children, marked),
            Inline::Text { .. } | Inline::Code { .. } => {}
        }
    }
}

/// Inserts term references into `nodes`, skipping terms already in `marked`.
pub fn annotate(
    nodes: Vec<Inline>,
    matcher: &TermMatcher,
    marked: &mut BTreeSet<String>,
) -> Vec<Inline> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        match node {
            Inline::Text { text } => split_text(&text, matcher, marked, &mut out),
            Inline::Strong { children } => out.push(Inline::Strong {
                children: annotate(children, matcher, marked),
            }),
            Inline::Emphasis { children } => out.push(Inline::Emphasis {
                children: annotate(children, matcher, marked),
            }),
            other @ (Inline::Code { .. } | Inline::Link { .. } | Inline::Term { .. }) => {
                out.push(other)
            }
        }
    }
    out
}

fn split_text(
    text: &str,
    matcher: &TermMatcher,
    marked: &mut BTreeSet<String>,
    out: &mut Vec<Inline>,
) {
    let chars: Vec<char> = text.chars().collect();
    let mut plain = String::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((len, slug)) = matcher.longest_at(&chars, i) {
            if !marked.contains(slug) {
                marked.insert(slug.to_string());
                if !plain.is_empty() {
                    out.push(Inline::text(std::mem::take(&mut plain)));
                }
                out.push(Inline::Term {
                    term: slug.to_string(),
                    children: vec![Inline::text(chars[i..i + len].iter().collect::<String>())],
                });
                i += len;
                continue;
            }
        }
        plain.push(chars[i]);
        i += 1;
    }
    if !plain.is_empty() {
        out.push(Inline::text(plain));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use weekly_core::model::{plain_text, Bilingual};

    fn entry(term: &str, aliases: &[&str]) -> GlossaryEntry {
        GlossaryEntry {
            term: term.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            expansion: None,
            explanation: Bilingual::default(),
            links: vec![],
        }
    }

    fn matcher() -> TermMatcher {
        TermMatcher::new(&[
            entry("CDN", &[]),
            entry("RDS", &[]),
            entry("Tekton", &["Tektoncd"]),
            entry("cgroups", &["cgroup"]),
            entry("Federation", &["集群联邦"]),
            entry("服务网格", &["Service Mesh"]),
        ])
    }

    fn terms(nodes: &[Inline]) -> Vec<(String, String)> {
        nodes
            .iter()
            .filter_map(|n| match n {
                Inline::Term { term, children } => Some((term.clone(), plain_text(children))),
                _ => None,
            })
            .collect()
    }

    fn run(text: &str) -> Vec<(String, String)> {
        terms(&annotate(
            vec![Inline::text(text)],
            &matcher(),
            &mut BTreeSet::new(),
        ))
    }

    #[test]
    fn ascii_terms_need_word_boundaries() {
        assert_eq!(run("kubeCDN 项目"), vec![]);
        assert_eq!(run("自托管 CDN 方案"), vec![("cdn".into(), "CDN".into())]);
        assert_eq!(run("通过RDS来动态更新"), vec![("rds".into(), "RDS".into())]);
        assert_eq!(run("RDSX"), vec![]);
    }

    #[test]
    fn longest_match_and_aliases_win() {
        assert_eq!(
            run("Tektoncd/Pipeline"),
            vec![("tekton".into(), "Tektoncd".into())]
        );
        assert_eq!(
            run("Linux 容器通过 Cgroups 对应用"),
            vec![("cgroups".into(), "Cgroups".into())]
        );
        assert_eq!(
            run("Kubernetes 集群联邦 v1"),
            vec![("federation".into(), "集群联邦".into())]
        );
        assert_eq!(
            run("a service mesh!"),
            vec![("服务网格".into(), "service mesh".into())]
        );
    }

    #[test]
    fn first_occurrence_only_and_text_is_preserved() {
        let text = "Federation v1 即集群联邦;Federation v2";
        let nodes = annotate(vec![Inline::text(text)], &matcher(), &mut BTreeSet::new());
        assert_eq!(terms(&nodes).len(), 1);
        assert_eq!(plain_text(&nodes), text);
    }

    #[test]
    fn links_and_code_are_left_alone() {
        let nodes = vec![
            Inline::Link {
                href: "https://x".into(),
                children: vec![Inline::text("CDN")],
            },
            Inline::Code { text: "RDS".into() },
            Inline::Strong {
                children: vec![Inline::text("CDN")],
            },
        ];
        let out = annotate(nodes, &matcher(), &mut BTreeSet::new());
        assert!(matches!(&out[0], Inline::Link { children, .. } if terms(children).is_empty()));
        assert_eq!(out[1], Inline::Code { text: "RDS".into() });
        assert!(matches!(&out[2], Inline::Strong { children } if terms(children).len() == 1));
    }
}
