//! The root: providers, router and page frame.

use crate::components::{
    provide_memory, provide_offline, provide_shortcuts, provide_term_tips, EmbedBar, EmbedProtocol,
    LangFromQuery, OfflineBanner, OnDemand, ShortcutKeys, SiteFooter, SiteHeader, TermTooltip,
    UpdateNotice,
};
use crate::i18n::Lang;
use crate::pages::on_demand::{code_for, GLOSSARY, SEARCH, TAG, TAGS, TERM};
use crate::pages::{ArchivePage, IssuePage, NotFound};
use crate::platform;
use crate::portal::EmbedParams;
use crate::prefs::{Theme, LANG_KEY, THEME_KEY};
use crate::route::{Page, Route};
use crate::state::{
    dynamic, effect, later, on_screen, provide_data_cache, provide_router, provide_search_draft,
    provide_search_store, provide_takeover, use_app, use_catalog, use_complete_navigation,
    use_here, use_link_prefetch, use_location, AppContext, CodeFor, DataCache, Here, Takeover,
};
use leptos::prelude::*;

/// `takeover`: the app builds its copy of a pre-rendered page in steps
/// (`start.rs`); without it everything renders at once. `start.rs` repairs
/// the address before the app starts (a stray `%` becomes `%25`).
#[component]
pub fn App(#[prop(optional)] takeover: Option<Takeover>) -> impl IntoView {
    let base: &'static str = Box::leak(platform::base_path().into_boxed_str());
    let params = EmbedParams::parse(&platform::location_search());
    let embed = params.embed;
    let remember = params.memory;
    let remembered = platform::load_preference(LANG_KEY).and_then(|c| Lang::from_code(&c));
    let preferred = platform::preferred_languages();
    let lang = RwSignal::new(
        params
            .lang
            .or(remembered)
            .unwrap_or_else(|| Lang::negotiate(preferred.iter().map(String::as_str))),
    );
    let theme = RwSignal::new(params.theme.unwrap_or_else(|| {
        Theme::parse(&platform::load_preference(THEME_KEY).unwrap_or_default())
    }));
    // A pre-rendered page carries the files it was rendered from: the app
    // renders the same page from them at once, without reading them again.
    let cache = DataCache::new();
    for (url, body) in platform::carried_files() {
        cache.hold(&url, body.into());
    }
    provide_data_cache(cache);
    provide_takeover(takeover);
    provide_context(CodeFor(code_for));
    // A takeover builds the rest in later tasks, each yielding to the
    // browser: the catalog read, these providers, then the frame and the
    // page.
    later(move || {
        let catalog = use_catalog(base);
        provide_context(AppContext {
            base,
            lang,
            theme,
            catalog,
            embed,
        });
        app_parts(base, lang, theme, embed, remember)
    })
}

/// The app's providers, then (a step later in a takeover) the frame.
fn app_parts(
    base: &'static str,
    lang: RwSignal<Lang>,
    theme: RwSignal<Theme>,
    embed: bool,
    remember: bool,
) -> impl IntoView {
    later(move || {
        use_link_prefetch();
        provide_search_store();
        provide_search_draft();
        provide_term_tips();
        provide_shortcuts();
        let framed = embed || platform::frame::is_framed();
        // No worker in a frame: partitioned storage makes it useless there.
        provide_offline(!framed);
        // A portal's frame remembers nothing unless the portal asks.
        provide_memory(!framed || remember);
        effect(move || {
            if on_screen() {
                platform::set_root_attribute("lang", Some(lang.get().html_lang()));
                platform::set_root_attribute("data-theme", theme.get().code());
                platform::set_root_attribute("data-embed", embed.then_some(""));
            }
        });
        later(move || {
            provide_router(base, None);
            view! { <Frame/> }
        })
    })
}

/// Everything the reader sees, inside the router: the same components in the
/// browser and in the build's renderer (`render`), which writes each page's
/// HTML from them.
#[component]
pub fn Frame() -> impl IntoView {
    let app = use_app();
    let (embed, lang) = (app.embed, app.lang);
    // `#main` alone resolves against <base href> (the archive): the link
    // names this page, so it works before the app runs and without it.
    let pathname = use_location().pathname;
    let base = app.base;
    provide_context(Here(Memo::new(move |_| {
        Route::at_path(base, &pathname.get())
    })));
    // A link's navigation ends (the address changes, the window scrolls)
    // once the page it leads to is built (after the render, as effects run).
    let complete = use_complete_navigation();
    effect(move || {
        pathname.track();
        complete();
    });
    let skip_href = move || format!("{}#main", pathname.get());
    view! {
        <LangFromQuery/>
        <a class="skip" href=skip_href on:click=|e| {
            // `#main` resolves against <base href>: on any page but the
            // archive the router would follow it there. Focus instead.
            e.prevent_default();
            platform::focus_id("main");
        }>{dynamic(move || lang.get().t().skip_to_content.to_string())}</a>
        // A takeover builds each of these in a step of its own.
        {later(move || if embed {
            view! { <EmbedBar/><EmbedProtocol/> }.into_any()
        } else {
            view! { <SiteHeader/> }.into_any()
        })}
        <main id="main" tabindex="-1" aria-label=move || embed.then(|| lang.get().t().embed_region)>
            {later(|| view! { <UpdateNotice/><OfflineBanner/> })}
            {later(|| view! { <Pages/> })}
            // In the main landmark, with the text it explains.
            {later(|| view! { <TermTooltip/> })}
        </main>
        {(!embed).then(|| later(|| view! { <SiteFooter/> }))}
        {later(|| view! { <ShortcutKeys/> })}
    }
}

/// The page at the router's address, chosen by the app's own routes
/// (`route::Route`, pure and tested natively): a page stays while only its
/// route's parameters change, and every other page's view goes.
#[component]
fn Pages() -> impl IntoView {
    let here = use_here();
    let page = Memo::new(move |_| here.get().map(|route| route.page()));
    dynamic(move || match page.get() {
        Some(Page::Archive) => view! { <ArchivePage/> }.into_any(),
        Some(Page::Issue) => view! { <IssuePage/> }.into_any(),
        // Their code may arrive on demand (pages::on_demand).
        Some(Page::Tags) => view! { <OnDemand code=&TAGS/> }.into_any(),
        Some(Page::Tag) => view! { <OnDemand code=&TAG/> }.into_any(),
        Some(Page::Glossary) => view! { <OnDemand code=&GLOSSARY/> }.into_any(),
        Some(Page::Term) => view! { <OnDemand code=&TERM/> }.into_any(),
        Some(Page::Search) => view! { <OnDemand code=&SEARCH/> }.into_any(),
        None => view! { <NotFound/> }.into_any(),
    })
}
