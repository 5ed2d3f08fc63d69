//! Items listed outside their issue (tag pages): grouped by issue, newest
//! first, each linking to the item inside its issue.

use crate::components::{MoreRows, Rows, UnreadMark};
use crate::model::{Catalog, IssueItems, ItemRef};
use crate::route::Route;
use crate::state::{dynamic, later, use_app};
use leptos::prelude::*;
use std::sync::Arc;

/// The groups may grow while shown (older items arriving); groups already
/// shown keep their rows, keyed by issue.
#[component]
pub fn ItemList(groups: Memo<Arc<Vec<IssueItems>>>, catalog: Arc<Catalog>) -> impl IntoView {
    let rows = Rows::new(move || groups.with(|g| g.len()));
    view! {
        <For
            each=move || {
                let shown = rows.shown();
                groups.with(|g| g.iter().take(shown).cloned().collect::<Vec<_>>())
            }
            key=|(volume, _)| *volume
            let:((volume, items))
        >
            <ItemGroup volume items catalog=catalog.clone()/>
        </For>
        <MoreRows rows row_links=".item-group h2 a"/>
    }
}

#[component]
fn ItemGroup(volume: u32, items: Arc<[ItemRef]>, catalog: Arc<Catalog>) -> impl IntoView {
    later(move || item_group(volume, items, catalog))
}

fn item_group(volume: u32, items: Arc<[ItemRef]>, catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    let title = catalog
        .entry(volume)
        .map(|e| e.title.clone())
        .unwrap_or_default();
    let settings = &catalog.settings;
    view! {
        <section class="item-group">
            <h2>
                <span class="volume">{dynamic(move || app.t().volume(volume))}</span>
                " "
                <a href=Route::Issue(volume).href(app.base)>{title}</a>
                <UnreadMark volume/>
            </h2>
            <ul class="item-refs">
                {items
                    .iter()
                    .map(|item| {
                        let section = settings.section(&item.section).map(|t| t.name.clone()).unwrap_or_default();
                        let href = Route::Item(item.volume, item.id.clone()).href(app.base);
                        view! {
                            <li>
                                <a href=href>{item.label.clone()}</a>
                                <span class="meta">" · "{dynamic(move || app.pick(&section).to_string())}</span>
                            </li>
                        }
                    })
                    .map(IntoAny::into_any).collect_view()}
            </ul>
        </section>
    }
}
