//! `/search?q=…`: wired to the route; the full-text engine comes with the
//! search issue. The query is shown as text, never as markup.

use crate::app::use_app;
use crate::platform;
use crate::route::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    Effect::new(move |_| platform::set_title(app.t().search_heading));
    view! {
        <h1>{move || app.t().search_heading}</h1>
        {move || {
            let q = q();
            (!q.is_empty()).then(|| view! {
                <p class="query"><span class="label">{move || app.t().search_query}</span>": "<q>{q}</q></p>
            })
        }}
        <p>{move || app.t().search_coming}</p>
        <p>
            <a href=Route::Tags.href(app.base)>{move || app.t().nav_tags}</a>
            " · "
            <a href=Route::Glossary.href(app.base)>{move || app.t().nav_glossary}</a>
        </p>
    }
}
