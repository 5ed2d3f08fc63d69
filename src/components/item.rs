//! One item of an issue: its title, body, tags (links to tag pages) and a
//! copy-link button.

use crate::components::RichText;
use crate::model::{Item, Settings};
use crate::platform;
use crate::route::Route;
use crate::state::{dynamic, later, use_app};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ItemCard(item: Item, nested: bool, volume: u32, settings: Arc<Settings>) -> impl IntoView {
    // Items are most of an issue: a takeover builds them a few at a time.
    later(move || item_card(item, nested, volume, settings))
}

fn item_card(item: Item, nested: bool, volume: u32, settings: Arc<Settings>) -> impl IntoView {
    let app = use_app();
    let title = (!item.title.is_empty()).then(|| {
        let nodes = item.title.clone();
        if nested {
            view! { <h4 class="item-title"><RichText nodes/></h4> }.into_any()
        } else {
            view! { <h3 class="item-title"><RichText nodes/></h3> }.into_any()
        }
    });
    let tags = item
        .tags
        .iter()
        .map(|slug| {
            let name = settings
                .tag(slug)
                .map(|t| t.name.clone())
                .unwrap_or_default();
            let slug = slug.clone();
            let href = Route::Tag(slug.clone()).href(app.base);
            view! {
                <li class="tag" data-tag=slug>
                    <a href=href>{dynamic(move || app.pick(&name).to_string())}</a>
                </li>
            }
        })
        .map(IntoAny::into_any)
        .collect_view();
    view! {
        <article class="item" id=item.id.clone()>
            {title}
            {item.body.into_iter().map(|p| view! { <p><RichText nodes=p/></p> }).map(IntoAny::into_any).collect_view()}
            <div class="item-footer">
                <ul class="tags" aria-label=app.text(|t| t.tags)>{tags}</ul>
                <CopyLink volume=volume id=item.id.clone()/>
            </div>
        </article>
    }
}

/// Copies the item's absolute link and says so in a live region.
#[component]
fn CopyLink(volume: u32, id: String) -> impl IntoView {
    let app = use_app();
    let status = RwSignal::new(None::<bool>);
    let href = Route::Item(volume, id).href(app.base);
    let copy = move |_| {
        let url = platform::absolute_url(&href);
        crate::platform::spawn(async move {
            status.set(Some(platform::copy_text(&url).await));
        });
    };
    view! {
        <button type="button" class="copy-link" on:click=copy>{app.text(|t| t.copy_link)}</button>
        <span class="copy-status" role="status">
            {dynamic(move || status.get().map(|ok| if ok { app.t().link_copied } else { app.t().copy_failed }))}
        </span>
    }
}
