//! Renders rich text from typed inline nodes. Never HTML: every node kind
//! has its own view, and links are checked against the scheme allowlist again.

use crate::components::TermRef;
use crate::model::{is_allowed_href, is_external_href, is_file_href, Inline};
use crate::state::use_app;
use leptos::prelude::*;

/// A run of inline nodes.
#[component]
pub fn RichText(nodes: Vec<Inline>) -> impl IntoView {
    nodes
        .into_iter()
        .map(render_node)
        .map(IntoAny::into_any)
        .collect_view()
}

fn render_node(node: Inline) -> AnyView {
    match node {
        Inline::Text { text } => text.into_any(),
        Inline::Code { text } => view! { <code>{text}</code> }.into_any(),
        Inline::Strong { children } => {
            view! { <strong><RichText nodes=children/></strong> }.into_any()
        }
        Inline::Emphasis { children } => view! { <em><RichText nodes=children/></em> }.into_any(),
        Inline::Link { href, children } if href.starts_with('#') => {
            // A fragment resolves against <base href>, not this page: scroll
            // to the item here instead of following it to the archive.
            let id = crate::percent::decode_component(&href[1..]);
            view! {
                <a href=href.clone() on:click=move |e| {
                    e.prevent_default();
                    crate::platform::highlight(&id);
                }>
                    <RichText nodes=children/>
                </a>
            }
            .into_any()
        }
        Inline::Link { href, children } if is_allowed_href(&href) => {
            // Embedded, a link off the site opens a new tab, never inside the portal's frame.
            let new_tab = use_app().embed && is_external_href(&href);
            // A file the app does not route (feed.xml, embed.js): the browser fetches it.
            let rel = if is_file_href(&href) {
                "external noopener noreferrer"
            } else {
                "noopener noreferrer"
            };
            view! {
                <a href=href rel=rel target=new_tab.then_some("_blank")>
                    <RichText nodes=children/>
                </a>
            }
            .into_any()
        }
        Inline::Link { children, .. } => view! { <RichText nodes=children/> }.into_any(),
        Inline::Term { term, children } => {
            view! { <TermRef slug=term><RichText nodes=children/></TermRef> }.into_any()
        }
    }
}

/// Text with its matched ranges in `<mark>`: plain text nodes only, so a
/// match inside `<img …>` stays text.
#[component]
pub fn Marked(text: String, ranges: Vec<(usize, usize)>) -> impl IntoView {
    crate::search::present::marked(&text, &ranges)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .map(IntoAny::into_any)
        .collect_view()
}
