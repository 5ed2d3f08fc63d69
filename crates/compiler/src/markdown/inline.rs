//! An item's inline text: the event stream of one paragraph → a tree of
//! typed nodes ([`Inlines`]), its attribute line (`{#id tag} Title`) and the
//! normalisation of breaks and spaces between Chinese and Latin text.

use super::BREAK;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use weekly_core::model::{is_allowed_href, is_cjk, Inline, MAX_INLINE_DEPTH};

/// Builds a tree of inline nodes from a flat event stream.
#[derive(Default)]
pub(super) struct Inlines {
    /// Open containers, innermost last; the bottom frame is the paragraph.
    stack: Vec<(Frame, Vec<Inline>)>,
    done: Vec<Inline>,
}

enum Frame {
    /// Formatting dropped for being nested too deeply; children are kept.
    Flat,
    Strong,
    Emphasis,
    Link(String),
}

impl Inlines {
    pub(super) fn accepts(event: &Event) -> bool {
        matches!(
            event,
            Event::Text(_)
                | Event::Code(_)
                | Event::SoftBreak
                | Event::HardBreak
                | Event::InlineHtml(_)
                | Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link | TagEnd::Image)
        )
    }

    fn out(&mut self) -> &mut Vec<Inline> {
        match self.stack.last_mut() {
            Some((_, nodes)) => nodes,
            None => &mut self.done,
        }
    }

    pub(super) fn push(&mut self, event: Event) -> Result<(), (String, &'static str)> {
        if matches!(event, Event::Start(_)) && self.stack.len() >= MAX_INLINE_DEPTH {
            // Keep the text, drop the formatting: a matching End still pops.
            self.stack.push((Frame::Flat, Vec::new()));
            return Err((
                "formatting is nested too deeply".into(),
                "nest strong, emphasis and links at most 16 levels deep",
            ));
        }
        match event {
            Event::Text(t) => self.out().push(Inline::text(t.into_string())),
            Event::Code(t) => self.out().push(Inline::Code {
                text: t.into_string(),
            }),
            Event::SoftBreak | Event::HardBreak => self.out().push(Inline::text(BREAK)),
            Event::Start(Tag::Strong) => self.stack.push((Frame::Strong, Vec::new())),
            Event::Start(Tag::Emphasis) => self.stack.push((Frame::Emphasis, Vec::new())),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let href = dest_url.trim().to_string();
                let allowed = is_allowed_href(&href);
                self.stack.push((Frame::Link(href.clone()), Vec::new()));
                if !allowed {
                    return Err((
                        format!("link `{href}` has a forbidden scheme"),
                        "links must be https:, http:, mailto: or relative",
                    ));
                }
            }
            Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) => {
                if let Some((frame, children)) = self.stack.pop() {
                    let node = match frame {
                        Frame::Strong => Inline::Strong { children },
                        Frame::Emphasis => Inline::Emphasis { children },
                        Frame::Link(href) if is_allowed_href(&href) => {
                            Inline::Link { href, children }
                        }
                        Frame::Link(_) | Frame::Flat => {
                            Inline::text(weekly_core::model::plain_text(&children))
                        }
                    };
                    self.out().push(node);
                }
            }
            Event::InlineHtml(html) => {
                return Err((
                    format!("raw HTML `{}` is not allowed", shorten(&html)),
                    "write Markdown; HTML is never published",
                ))
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {
                return Err((
                    "images are not supported".into(),
                    "link to the image instead",
                ))
            }
            _ => {}
        }
        Ok(())
    }

    pub(super) fn finish(mut self) -> Vec<Inline> {
        while let Some((_, children)) = self.stack.pop() {
            self.out().extend(children);
        }
        self.done
    }
}

fn shorten(s: &CowStr) -> String {
    s.chars().take(40).collect()
}

pub(super) struct Attributes {
    pub(super) id: Option<String>,
    pub(super) tags: Vec<String>,
}

/// Reads and removes a leading `{#id tag tag}` from a paragraph.
pub(super) fn split_attributes(nodes: &mut [Inline]) -> Result<Option<Attributes>, String> {
    let Some(Inline::Text { text }) = nodes.first_mut() else {
        return Ok(None);
    };
    let Some(rest) = text.strip_prefix('{') else {
        return Ok(None);
    };
    let Some(end) = rest.find('}') else {
        return Err("the attribute line `{…` is not closed with `}`".into());
    };
    let mut attrs = Attributes {
        id: None,
        tags: Vec::new(),
    };
    for word in rest[..end].split_whitespace() {
        match word.strip_prefix('#') {
            Some(id) if attrs.id.is_none() => attrs.id = Some(id.to_string()),
            Some(_) => return Err("an item has only one `#id`".into()),
            None => attrs.tags.push(word.to_string()),
        }
    }
    *text = rest[end + 1..].to_string();
    Ok(Some(attrs))
}

/// Resolves line breaks (dropped between CJK characters, a space
/// otherwise), merges adjacent text and trims the paragraph's ends.
pub fn normalize(nodes: Vec<Inline>) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(nodes.len());
    let len = nodes.len();
    let mut nodes = nodes.into_iter().enumerate().peekable();
    let mut prev_char = None;
    while let Some((i, node)) = nodes.next() {
        let node = match node {
            Inline::Text { text } if text == BREAK => {
                let next_char = nodes.peek().and_then(|(_, n)| first_char(n));
                let joined =
                    matches!((prev_char, next_char), (Some(a), Some(b)) if is_cjk(a) && is_cjk(b));
                if joined || i == 0 || i + 1 == len {
                    continue;
                }
                Inline::text(" ")
            }
            Inline::Strong { children } => Inline::Strong {
                children: normalize(children),
            },
            Inline::Emphasis { children } => Inline::Emphasis {
                children: normalize(children),
            },
            Inline::Link { href, children } => Inline::Link {
                href,
                children: normalize(children),
            },
            other => other,
        };
        if let Some(c) = last_char(&node) {
            prev_char = Some(c);
        }
        match (out.last_mut(), node) {
            (Some(Inline::Text { text: a }), Inline::Text { text: b }) => a.push_str(&b),
            (_, node) => out.push(node),
        }
    }
    trim_ends(&mut out);
    out.retain(|n| !matches!(n, Inline::Text { text } if text.is_empty()));
    out
}

fn trim_ends(nodes: &mut [Inline]) {
    if let Some(Inline::Text { text }) = nodes.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text }) = nodes.last_mut() {
        *text = text.trim_end().to_string();
    }
}

fn first_char(node: &Inline) -> Option<char> {
    match node {
        Inline::Text { text } | Inline::Code { text } => text.chars().next(),
        Inline::Strong { children }
        | Inline::Emphasis { children }
        | Inline::Link { children, .. }
        | Inline::Term { children, .. } => children.first().and_then(first_char),
    }
}

fn last_char(node: &Inline) -> Option<char> {
    match node {
        Inline::Text { text } | Inline::Code { text } => text.chars().last(),
        Inline::Strong { children }
        | Inline::Emphasis { children }
        | Inline::Link { children, .. }
        | Inline::Term { children, .. } => children.last().and_then(last_char),
    }
}
