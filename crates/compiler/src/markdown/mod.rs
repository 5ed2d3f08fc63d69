//! An issue's Markdown body → sections, project groups and items.
//!
//! The format, as an editor writes it:
//! - `# 业界要闻` starts a section (matched by the settings' zh name, en name or slug);
//! - `## Kubernetes 项目` starts a project group inside it;
//! - each list entry (or bare paragraph) is an item. An item may open with an
//!   attribute line `{#item-id tag tag} Optional title`; the rest of the entry
//!   is its body, one or more paragraphs.
//!
//! Only text, `**strong**`, `*emphasis*`, `` `code` `` and links are accepted;
//! raw HTML, images, code blocks, quotes, rules and nested lists are errors.

use super::config::is_slug;
use super::diagnostic::{line_col, Diagnostic};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, TextMergeWithOffset};
use std::collections::BTreeSet;
use std::ops::Range;

mod inline;
pub use inline::normalize;
use inline::{split_attributes, Inlines};
use weekly_core::model::{Group, Inline, Item, Section, Settings};

/// Where a Markdown body sits in its file, for positions in diagnostics.
pub struct Source<'a> {
    pub file: &'a str,
    pub body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub first_line: usize,
}

impl Source<'_> {
    fn at(&self, offset: usize) -> (usize, usize) {
        let (line, col) = line_col(self.body, offset);
        (line + self.first_line - 1, col)
    }
}

/// Errors reported per file before the parser stops reporting.
const MAX_ERRORS: usize = 100;

/// Marks a line break inside a paragraph until [`normalize`] resolves it.
const BREAK: &str = "\n";

/// Parses the body into sections. All errors are collected, not just the first.
pub fn parse_body(src: &Source, settings: &Settings) -> (Vec<Section>, Vec<Diagnostic>) {
    let mut p = BodyParser {
        src,
        settings,
        sections: Vec::new(),
        errors: Vec::new(),
        ids: BTreeSet::new(),
        counts: Vec::new(),
    };
    p.run();
    (p.sections, p.errors)
}

struct BodyParser<'s, 'a> {
    src: &'s Source<'a>,
    settings: &'s Settings,
    sections: Vec<Section>,
    errors: Vec<Diagnostic>,
    ids: BTreeSet<String>,
    /// Items seen so far in each section, for default ids.
    counts: Vec<usize>,
}

/// A paragraph's inline nodes and where it started.
struct Para {
    nodes: Vec<Inline>,
    offset: usize,
}

impl BodyParser<'_, '_> {
    fn error(&mut self, offset: usize, message: impl Into<String>, help: &str) {
        if self.errors.len() == MAX_ERRORS {
            let d = Diagnostic::new(
                self.src.file,
                self.src.at(offset),
                "too many errors; stopping here",
            )
            .help("fix the errors above and build again");
            self.errors.push(d);
        }
        if self.errors.len() > MAX_ERRORS {
            return;
        }
        let mut d = Diagnostic::new(self.src.file, self.src.at(offset), message);
        if !help.is_empty() {
            d = d.help(help);
        }
        self.errors.push(d);
    }

    fn run(&mut self) {
        let parser = Parser::new_ext(self.src.body, Options::empty()).into_offset_iter();
        let mut events = TextMergeWithOffset::new(parser).peekable();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let text = collect_plain(&mut events);
                    self.heading(level, text.trim(), range);
                }
                Event::Start(Tag::List(_)) => self.list(&mut events),
                Event::Start(Tag::Paragraph) => {
                    let para = self.paragraph(&mut events, range.start);
                    self.item(vec![para], range.start);
                }
                other => self.unsupported(&other, range, &mut events),
            }
        }
    }

    fn heading(&mut self, level: HeadingLevel, text: &str, range: Range<usize>) {
        match level {
            HeadingLevel::H1 => {
                let found = self.settings.sections.iter().find(|t| {
                    t.slug == text || t.name.zh == text || t.name.en.eq_ignore_ascii_case(text)
                });
                match found {
                    Some(term) => self.sections.push(Section {
                        slug: term.slug.clone(),
                        title: text.to_string(),
                        groups: Vec::new(),
                    }),
                    None => {
                        let known: Vec<_> = self
                            .settings
                            .sections
                            .iter()
                            .map(|t| t.name.zh.as_str())
                            .collect();
                        self.error(
                            range.start,
                            format!("unknown section `{text}`"),
                            &format!(
                                "use one of: {} (or add it to settings.toml)",
                                known.join(", ")
                            ),
                        );
                        // Keep parsing its items so their errors are reported too.
                        self.sections.push(Section {
                            slug: String::new(),
                            title: text.to_string(),
                            groups: Vec::new(),
                        });
                    }
                }
            }
            HeadingLevel::H2 => {
                let found = self.settings.projects.iter().find(|t| {
                    t.slug == text || t.name.zh == text || t.name.en.eq_ignore_ascii_case(text)
                });
                let project = match found {
                    Some(term) => term.slug.clone(),
                    None => {
                        let known: Vec<_> = self
                            .settings
                            .projects
                            .iter()
                            .map(|t| t.name.zh.as_str())
                            .collect();
                        self.error(
                            range.start,
                            format!("unknown project group `{text}`"),
                            &format!(
                                "use one of: {} (or add it to settings.toml)",
                                known.join(", ")
                            ),
                        );
                        String::new()
                    }
                };
                match self.sections.last_mut() {
                    Some(section) => section.groups.push(Group {
                        project: Some(project),
                        title: Some(text.to_string()),
                        items: Vec::new(),
                    }),
                    None => self.error(
                        range.start,
                        format!("project group `{text}` is outside a section"),
                        "put a `# section` heading before it",
                    ),
                }
            }
            _ => self.error(
                range.start,
                format!("heading `{text}` is too deep"),
                "use `#` for sections and `##` for project groups; items are list entries",
            ),
        }
    }

    fn list<'e>(&mut self, events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>) {
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let paras = self.list_item(events);
                    self.item(paras, range.start);
                }
                Event::End(TagEnd::List(_)) => return,
                other => self.unsupported(&other, range, events),
            }
        }
    }

    /// The paragraphs of one list entry. Tight lists give bare inline events.
    fn list_item<'e>(
        &mut self,
        events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>,
    ) -> Vec<Para> {
        let mut paras = Vec::new();
        let mut loose = Inlines::default();
        let mut loose_start = None;
        while let Some((event, range)) = events.next() {
            match event {
                Event::End(TagEnd::Item) => break,
                Event::Start(Tag::Paragraph) => {
                    paras.push(self.paragraph(events, range.start));
                }
                event if Inlines::accepts(&event) => {
                    loose_start.get_or_insert(range.start);
                    if let Err((msg, help)) = loose.push(event) {
                        self.error(range.start, msg, help);
                    }
                }
                other => self.unsupported(&other, range, events),
            }
        }
        if let Some(offset) = loose_start {
            paras.insert(
                0,
                Para {
                    nodes: loose.finish(),
                    offset,
                },
            );
        }
        paras
    }

    fn paragraph<'e>(
        &mut self,
        events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>,
        offset: usize,
    ) -> Para {
        let mut inlines = Inlines::default();
        for (event, range) in events.by_ref() {
            if matches!(event, Event::End(TagEnd::Paragraph)) {
                break;
            }
            if let Err((msg, help)) = inlines.push(event) {
                self.error(range.start, msg, help);
            }
        }
        Para {
            nodes: inlines.finish(),
            offset,
        }
    }

    /// Turns paragraphs into an item, reading the optional attribute line.
    fn item(&mut self, mut paras: Vec<Para>, offset: usize) {
        let Some(section) = self.sections.len().checked_sub(1) else {
            self.error(
                offset,
                "text outside a section",
                "put a `# section` heading before it",
            );
            return;
        };
        let mut id = None;
        let mut tags = Vec::new();
        let mut title = Vec::new();
        if let Some(first) = paras.first_mut() {
            match split_attributes(&mut first.nodes) {
                Ok(Some(attrs)) => {
                    id = attrs.id;
                    tags = attrs.tags;
                    let line_end = first
                        .nodes
                        .iter()
                        .position(|n| matches!(n, Inline::Text { text } if text == BREAK))
                        .unwrap_or(first.nodes.len());
                    let rest = first.nodes.split_off(line_end);
                    title = normalize(std::mem::take(&mut first.nodes));
                    first.nodes = rest;
                }
                Ok(None) => {}
                Err(msg) => self.error(
                    first.offset,
                    msg,
                    "write `{#item-id tag another-tag}` at the start of the item",
                ),
            }
        }
        let at = paras.first().map_or(offset, |p| p.offset);
        let body: Vec<Vec<Inline>> = paras
            .into_iter()
            .map(|p| normalize(p.nodes))
            .filter(|p| !p.is_empty())
            .collect();
        if title.is_empty() && body.is_empty() {
            self.error(at, "empty item", "give the item a title or some text");
            return;
        }
        self.counts.resize(self.sections.len(), 0);
        self.counts[section] += 1;
        let n = self.counts[section];
        let section = &mut self.sections[section];
        let id = id.unwrap_or_else(|| format!("{}-{n}", section.slug));
        if section.groups.is_empty() {
            section.groups.push(Group {
                project: None,
                title: None,
                items: Vec::new(),
            });
        }
        let mut problems = Vec::new();
        if !is_slug(&id) {
            problems.push((
                format!("item id `{id}` is not a slug"),
                "use lowercase ASCII letters, digits and `-`".to_string(),
            ));
        }
        if !self.ids.insert(id.clone()) {
            problems.push((
                format!("item id `{id}` is used twice in this issue"),
                "give each item its own id".to_string(),
            ));
        }
        for tag in &tags {
            if self.settings.tag(tag).is_none() {
                problems.push((
                    format!("unknown tag `{tag}`"),
                    "use a tag listed in settings.toml, or add it there".to_string(),
                ));
            }
        }
        if let Some(group) = section.groups.last_mut() {
            group.items.push(Item {
                id,
                title,
                body,
                tags,
            });
        }
        for (msg, help) in problems {
            self.error(at, msg, &help);
        }
    }

    /// Reports a block construct the format does not accept and skips it.
    fn unsupported<'e>(
        &mut self,
        event: &Event<'e>,
        range: Range<usize>,
        events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>,
    ) {
        let (what, help) = match event {
            Event::Html(_) | Event::InlineHtml(_) | Event::Start(Tag::HtmlBlock) => (
                "raw HTML is not allowed",
                "write Markdown; HTML is never published",
            ),
            Event::Start(Tag::List(_)) => (
                "nested lists are not supported",
                "write the item's points as sentences or separate items",
            ),
            Event::Start(Tag::CodeBlock(_)) => (
                "code blocks are not supported",
                "use `inline code` inside an item",
            ),
            Event::Start(Tag::BlockQuote(_)) => {
                ("quotes are not supported", "write the quote as text")
            }
            Event::Start(Tag::Image { .. }) => {
                ("images are not supported", "link to the image instead")
            }
            Event::Rule => (
                "horizontal rules are not supported",
                "remove the `---` line",
            ),
            Event::End(_) => return,
            _ => ("this Markdown construct is not supported", ""),
        };
        self.error(range.start, what, help);
        if let Event::Start(_) = event {
            skip_to_end(events);
        }
    }
}

/// Skips past the end of the element whose start was just read.
fn skip_to_end<'e>(events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>) {
    let mut depth = 1usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The plain text of a heading, consuming events up to its end.
fn collect_plain<'e>(events: &mut impl Iterator<Item = (Event<'e>, Range<usize>)>) -> String {
    let mut out = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}
