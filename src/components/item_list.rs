//! Items listed outside their issue (tag pages): grouped by issue, newest
//! first, each linking to the item inside its issue.

use crate::app::use_app;
use crate::components::{MoreRows, Rows};
use crate::model::{Catalog, ItemRef};
use crate::route::Route;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ItemList(items: Vec<ItemRef>, catalog: Arc<Catalog>) -> impl IntoView {
    let mut groups: Vec<(u32, Vec<ItemRef>)> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some((v, list)) if *v == item.volume => list.push(item),
            _ => groups.push((item.volume, vec![item])),
        }
    }
    let groups = Arc::new(groups);
    let rows = Rows::new(groups.len());
    view! {
        <For each=move || 0..rows.shown() key=|i| *i let:i>
            <ItemGroup volume=groups[i].0 items=groups[i].1.clone() catalog=catalog.clone()/>
        </For>
        <MoreRows rows row_links=".item-group h2 a"/>
    }
}

#[component]
fn ItemGroup(volume: u32, items: Vec<ItemRef>, catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    let title = catalog
        .entry(volume)
        .map(|e| e.title.clone())
        .unwrap_or_default();
    let settings = &catalog.settings;
    view! {
        <section class="item-group">
            <h2>
                <span class="volume">{move || app.t().volume(volume)}</span>
                " "
                <a href=Route::Issue(volume).href(app.base)>{title}</a>
            </h2>
            <ul class="item-refs">
                {items
                    .into_iter()
                    .map(|item| {
                        let section = settings.section(&item.section).map(|t| t.name.clone()).unwrap_or_default();
                        let href = Route::Item(item.volume, item.id.clone()).href(app.base);
                        view! {
                            <li>
                                <a href=href>{item.label}</a>
                                <span class="meta">" · "{move || app.pick(&section).to_string()}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
