//! The root: shared context, router and page frame.

use crate::components::{LangFromQuery, SiteFooter, SiteHeader};
use crate::i18n::{Lang, Strings};
use crate::load::{catalog_url, LoadError};
use crate::model::Catalog;
use crate::pages::{ArchivePage, IssuePage, NotFound};
use crate::platform;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

pub type CatalogResource = LocalResource<Result<Arc<Catalog>, LoadError>>;

/// What every page needs: where the site lives, the UI language and the catalog.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// The base path without a trailing slash: `""` or `"/weekly"`.
    pub base: &'static str,
    pub lang: RwSignal<Lang>,
    pub catalog: CatalogResource,
}

impl AppContext {
    /// The UI strings of the current language (tracked).
    pub fn t(&self) -> &'static Strings {
        self.lang.get().t()
    }
}

pub fn use_app() -> AppContext {
    // Every page is rendered inside `App`, which provides the context.
    use_context::<AppContext>().unwrap_or_else(|| AppContext {
        base: "",
        lang: RwSignal::new(Lang::default()),
        catalog: LocalResource::new(|| async { Err(LoadError::Network) }),
    })
}

#[component]
pub fn App() -> impl IntoView {
    let base: &'static str = Box::leak(platform::base_path().into_boxed_str());
    let preferred = platform::preferred_languages();
    let lang = RwSignal::new(Lang::negotiate(preferred.iter().map(String::as_str)));
    let catalog = LocalResource::new(move || async move {
        platform::fetch_json::<Catalog>(&catalog_url(base))
            .await
            .map(Arc::new)
    });
    provide_context(AppContext {
        base,
        lang,
        catalog,
    });
    Effect::new(move |_| platform::set_html_lang(lang.get().html_lang()));
    Effect::new(|_| platform::remove_shell());

    view! {
        <Router base=base>
            <LangFromQuery/>
            <a class="skip" href="#main">{move || lang.get().t().skip_to_content}</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=ArchivePage/>
                    <Route path=path!("/issues/:volume") view=IssuePage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
