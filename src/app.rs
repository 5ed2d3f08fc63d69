//! The root: providers, router and page frame.

use crate::components::{
    provide_data_cache, provide_offline, provide_search_draft, provide_search_store,
    provide_term_tips, use_link_prefetch, EmbedBar, EmbedProtocol, LangFromQuery, OfflineBanner,
    SiteFooter, SiteHeader, TermTooltip, UpdatePrompt,
};
use crate::embed::EmbedParams;
use crate::i18n::Lang;
use crate::load::catalog_url;
use crate::model::Catalog;
use crate::pages::{
    ArchivePage, GlossaryPage, IssuePage, NotFound, SearchPage, TagPage, TagsPage, TermPage,
};
use crate::platform;
use crate::prefs::{Theme, LANG_KEY, THEME_KEY};
use crate::state::AppContext;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    let base: &'static str = Box::leak(platform::base_path().into_boxed_str());
    // Before the router reads the address: it cannot decode a stray `%`.
    platform::repair_location();
    platform::repair_links_on_click();
    let params = EmbedParams::parse(&platform::location_search());
    let embed = params.embed;
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
    let catalog = LocalResource::new(move || async move {
        platform::fetch_json::<Catalog>(&catalog_url(base))
            .await
            .map(Arc::new)
    });
    provide_context(AppContext {
        base,
        lang,
        theme,
        catalog,
        embed,
    });
    provide_data_cache();
    use_link_prefetch();
    provide_search_store();
    provide_search_draft();
    provide_term_tips();
    // No worker in a frame: partitioned storage makes it useless there.
    provide_offline(!embed && !platform::embed::is_framed());
    Effect::new(move |_| platform::set_root_attribute("lang", Some(lang.get().html_lang())));
    Effect::new(move |_| platform::set_root_attribute("data-theme", theme.get().code()));
    platform::set_root_attribute("data-embed", embed.then_some(""));
    Effect::new(|_| platform::remove_shell());

    view! {
        <Router base=base>
            <LangFromQuery/>
            <a class="skip" href="#main" on:click=|e| {
                // `#main` resolves against <base href>: on any page but the
                // archive the router would follow it there. Focus instead.
                e.prevent_default();
                platform::focus_id("main");
            }>{move || lang.get().t().skip_to_content}</a>
            {if embed {
                view! { <EmbedBar/><EmbedProtocol/> }.into_any()
            } else {
                view! { <SiteHeader/> }.into_any()
            }}
            <main id="main" tabindex="-1" aria-label=move || embed.then(|| lang.get().t().embed_region)>
                <UpdatePrompt/>
                <OfflineBanner/>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=ArchivePage/>
                    <Route path=path!("/issues/:volume") view=IssuePage/>
                    <Route path=path!("/tags") view=TagsPage/>
                    <Route path=path!("/tags/:tag") view=TagPage/>
                    <Route path=path!("/glossary") view=GlossaryPage/>
                    <Route path=path!("/glossary/:term") view=TermPage/>
                    <Route path=path!("/search") view=SearchPage/>
                </Routes>
                // In the main landmark, with the text it explains.
                <TermTooltip/>
            </main>
            {(!embed).then(|| view! { <SiteFooter/> })}
        </Router>
    }
}
