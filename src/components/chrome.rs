//! The site's header and footer, the language and theme switches, and the
//! language taken from `?lang=`.

use crate::components::{PreviewsSwitch, SaveOffline, SearchBox, ShortcutsButton};
use crate::i18n::Lang;
use crate::prefs::{Theme, THEME_KEY};
use crate::route::Route;
use crate::state::use_location;
use crate::state::{dynamic, effect, use_app};
use leptos::prelude::*;

/// Applies `?lang=zh|en` whenever the URL carries it. A link's language
/// is not remembered: only the reader's own switch is.
#[component]
pub fn LangFromQuery() -> impl IntoView {
    let app = use_app();
    let search = use_location().search;
    effect(move || {
        let lang = crate::percent::query_pairs(&search.read())
            .into_iter()
            .find(|(key, _)| key == "lang")
            .and_then(|(_, code)| Lang::from_code(&code));
        if let Some(lang) = lang {
            app.lang.set(lang);
        }
    });
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let app = use_app();
    // The masthead is the newsletter's own name, in its own language, in
    // either UI language (like its content): a reader whose UI is English
    // does not see it change when the app takes a pre-rendered page over.
    let title = dynamic(move || match app.catalog.get() {
        Some(Ok(c)) => c.settings.title.zh.clone(),
        _ => "云原生生态周报".to_string(),
    });
    let base = app.base;
    view! {
        <header class="site-header">
            <a class="brand" lang="zh-CN" href=Route::Archive.href(base)>{title}</a>
            <nav class="site-nav" aria-label=app.text(|t| t.nav_archive)>
                <a href=Route::Archive.href(base)>{app.text(|t| t.nav_archive)}</a>
                <a href=Route::Tags.href(base)>{app.text(|t| t.nav_tags)}</a>
                <a href=Route::Glossary.href(base)>{app.text(|t| t.nav_glossary)}</a>
                <ThemeSwitch/>
                <button
                    type="button"
                    class="lang-switch"
                    lang=move || app.lang.get().other().html_lang()
                    on:click=move |_| app.set_lang(app.lang.get_untracked().other())
                >
                    {app.text(|t| t.switch_language)}
                </button>
            </nav>
            <SearchBox/>
        </header>
    }
}

/// Cycles system → light → dark, remembered where storage allows.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let app = use_app();
    let label = dynamic(move || {
        let t = app.t();
        let current = match app.theme.get() {
            Theme::Auto => t.theme_auto,
            Theme::Light => t.theme_light,
            Theme::Dark => t.theme_dark,
        };
        format!("{}{}{current}", t.theme, t.colon)
    });
    let cycle = move |_| {
        let next = app.theme.get_untracked().next();
        app.theme.set(next);
        crate::platform::save_preference(THEME_KEY, next.code());
    };
    view! { <button type="button" class="theme-switch" on:click=cycle>{label}</button> }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    let app = use_app();
    let publisher = dynamic(move || match app.catalog.get() {
        Some(Ok(c)) => app.pick(&c.settings.publisher).to_string(),
        _ => String::new(),
    });
    view! {
        <footer class="site-footer">
            <p>{publisher}</p>
            <p><a href=format!("{}/feed.xml", app.base) rel="external">"Atom"</a></p>
            <p><PreviewsSwitch/></p>
            <p><ShortcutsButton/></p>
            <SaveOffline/>
        </footer>
    }
}

/// "草稿 / Draft" beside the title of an issue only the editor's preview
/// shows (release builds hold no drafts).
#[component]
pub fn DraftMark() -> impl IntoView {
    let app = use_app();
    view! { <span class="draft-mark">{app.text(|t| t.draft)}</span> }
}
