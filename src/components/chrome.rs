//! The site's header and footer, and the language taken from `?lang=`.

use crate::app::use_app;
use crate::i18n::Lang;
use crate::route::Route;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Applies `?lang=zh|en` whenever the URL carries it.
#[component]
pub fn LangFromQuery() -> impl IntoView {
    let app = use_app();
    let query = use_query_map();
    Effect::new(move |_| {
        if let Some(lang) = query
            .read()
            .get("lang")
            .as_deref()
            .and_then(Lang::from_code)
        {
            app.lang.set(lang);
        }
    });
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let app = use_app();
    let title = move || {
        let lang = app.lang.get();
        match app.catalog.get() {
            Some(Ok(c)) => match lang {
                Lang::Zh => c.settings.title.zh.clone(),
                Lang::En => c.settings.title.en.clone(),
            },
            _ => "云原生生态周报".to_string(),
        }
    };
    let switch = move |_| app.lang.update(|l| *l = l.other());
    view! {
        <header class="site-header">
            <a class="brand" href=Route::Archive.href(app.base)>{title}</a>
            <nav aria-label=move || app.t().nav_archive>
                <a href=Route::Archive.href(app.base)>{move || app.t().nav_archive}</a>
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || app.lang.get().other().html_lang()
                    on:click=switch
                >
                    {move || app.t().switch_language}
                </button>
            </nav>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let app = use_app();
    let publisher = move || match app.catalog.get() {
        Some(Ok(c)) => match app.lang.get() {
            Lang::Zh => c.settings.publisher.zh.clone(),
            Lang::En => c.settings.publisher.en.clone(),
        },
        _ => String::new(),
    };
    view! { <footer class="site-footer">{publisher}</footer> }
}
