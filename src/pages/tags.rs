//! `/tags` and `/tags/{tag}`: every tag with its count; every item with one
//! tag across all issues, filtered by section and project like an issue.

use crate::components::{
    tag_toggles, with_catalog, with_file, FilterBar, ItemList, LoadErrorView, Loading,
};
use crate::filter::Filter;
use crate::load::data_url;
use crate::model::{group_by_issue, Catalog, TagPage as TagData, TagRest};
use crate::pages::NotFound;
use crate::route::Route;
use crate::state::use_location;
use crate::state::{dynamic, use_app, use_file, use_here, use_title};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn TagsPage() -> impl IntoView {
    let app = use_app();
    use_title(move || app.t().tags_heading.to_string());
    with_catalog(move |catalog| {
        let tags = catalog.settings.tags.clone();
        let counts = catalog.tag_counts.clone();
        view! {
            <h1>{app.text(|t| t.tags_heading)}</h1>
            <ul class="tag-index">
                {tags
                    .into_iter()
                    .map(|tag| {
                        let count = counts.get(&tag.slug).unwrap_or(0);
                        let href = Route::Tag(tag.slug.clone()).href(app.base);
                        view! {
                            <li>
                                <a href=href>{dynamic(move || app.pick(&tag.name).to_string())}</a>
                                " "
                                <span class="count">{dynamic(move || app.t().item_count(count))}</span>
                            </li>
                        }
                    })
                    .map(IntoAny::into_any).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn TagPage() -> impl IntoView {
    let here = use_here();
    // Leaving for another page keeps the tag: the page goes, never shows another.
    let tag = Memo::new(move |before: Option<&String>| match here.get() {
        Some(Route::Tag(tag)) => tag,
        _ => before.cloned().unwrap_or_default(),
    });
    with_catalog(move |catalog| {
        let slug = tag.get();
        match catalog.settings.tag(&slug) {
            Some(_) => view! { <TagItems slug catalog/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        }
    })
}

#[component]
fn TagItems(slug: String, catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    let name = catalog
        .settings
        .tag(&slug)
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let title_name = name.clone();
    use_title(move || format!("{} · {}", app.t().tag_heading, app.pick(&title_name)));
    let url = data_url(app.base, &TagData::file(&slug));
    let data = use_file::<TagData>(move || Some(url.clone()));
    let search = use_location().search;
    let filter = Memo::new(move |_| Filter::parse(&search.get()));
    let path = Route::Tag(slug).href(app.base);
    view! {
        <h1><span class="eyebrow">{app.text(|t| t.tag_heading)}</span>" "{dynamic(move || app.pick(&name).to_string())}</h1>
        {with_file(data, move |page| view! { <TagList page catalog=catalog.clone() path=path.clone() filter/> })}
    }
}

#[component]
fn TagList(
    page: Arc<TagData>,
    catalog: Arc<Catalog>,
    path: String,
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let (sections, projects) = tag_toggles(&page, &catalog.settings);
    // A tag's older items: read once the newest are shown. The pre-rendered
    // page holds the first screen, the newest items, only.
    let rest_url = page.rest.as_deref().map(|f| data_url(app.base, f));
    let page_has_rest = rest_url.is_some() && crate::platform::in_browser();
    let older = use_file::<TagRest>(move || rest_url.clone().filter(|_| page_has_rest));
    let clear = path.clone();
    // A new filter starts a new list from the top; older items arriving
    // extend the list in place.
    let list = move || {
        let f = filter.get();
        let page = page.clone();
        let groups = Memo::new_with_compare(
            move |_| {
                older.with(|older| {
                    let rest = match older {
                        Some(Ok(rest)) => &rest.items[..],
                        _ => &[],
                    };
                    let items = page.items.iter().chain(rest);
                    Arc::new(group_by_issue(
                        items.filter(|i| f.shows(&i.section, i.project.as_deref())),
                    ))
                })
            },
            |_, _| true,
        );
        let clear = clear.clone();
        let after = move || match older.get() {
            None if page_has_rest => view! { <Loading/> }.into_any(),
            Some(Err(error)) => {
                view! { <LoadErrorView error on_retry=move |_| older.retry()/> }.into_any()
            }
            _ if groups.with(|g| g.is_empty()) => {
                let clear = clear.clone();
                view! {
                    <div class="no-match" role="status">
                        <p>{app.text(|t| t.no_match)}</p>
                        <p><a href=clear>{app.text(|t| t.clear_filters)}</a></p>
                    </div>
                }
                .into_any()
            }
            _ => ().into_any(),
        };
        view! {
            <ItemList groups catalog=catalog.clone()/>
            {after}
        }
    };
    view! {
        <FilterBar sections projects path filter/>
        {list}
    }
}
