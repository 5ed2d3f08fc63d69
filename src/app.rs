//! The root: shared context, router and page frame.

use crate::components::{
    provide_data_cache, provide_offline, provide_search_draft, provide_search_store,
    provide_term_tips, use_link_prefetch, EmbedBar, EmbedProtocol, LangFromQuery, OfflineBanner,
    SiteFooter, SiteHeader, TermTooltip, UpdatePrompt,
};
use crate::embed::EmbedParams;
use crate::i18n::{Lang, Strings};
use crate::load::{catalog_url, LoadError};
use crate::model::Catalog;
use crate::pages::{
    ArchivePage, GlossaryPage, IssuePage, NotFound, SearchPage, TagPage, TagsPage, TermPage,
};
use crate::platform;
use crate::prefs::{Theme, LANG_KEY, THEME_KEY};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

pub type CatalogResource = LocalResource<Result<Arc<Catalog>, LoadError>>;

/// What every page needs: where the site lives, the reader's preferences
/// and the catalog.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// The base path without a trailing slash: `""` or `"/weekly"`.
    pub base: &'static str,
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub catalog: CatalogResource,
    /// Framed by a portal with `?embed=1` on the first load: the compact
    /// view without the site's chrome, for the life of the page.
    pub embed: bool,
}

impl AppContext {
    /// The UI strings of the current language (tracked).
    pub fn t(&self) -> &'static Strings {
        self.lang.get().t()
    }

    /// Picks the name in the UI language (tracked).
    pub fn pick<'a>(&self, name: &'a crate::model::Bilingual) -> &'a str {
        self.lang.get().pick(name)
    }

    /// Changes the UI language and remembers it where storage allows.
    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        platform::save_preference(LANG_KEY, Some(lang.code()));
    }
}

pub fn use_app() -> AppContext {
    // Every page is rendered inside `App`, which provides the context; the
    // fallback keeps components usable on their own (component tests).
    use_context::<AppContext>().unwrap_or_else(|| AppContext {
        base: "",
        lang: RwSignal::new(Lang::default()),
        theme: RwSignal::new(Theme::default()),
        catalog: LocalResource::new(|| async { Err(LoadError::Network) }),
        embed: false,
    })
}

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
