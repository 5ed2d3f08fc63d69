//! Pre-rendered pages: the build renders every route it can know to static
//! HTML with the app's own components (`app::Frame`), natively (Leptos
//! renders views to HTML on the native target, from the same code the
//! browser runs). Each page carries the published files it was rendered
//! from, so the app takes it over by rendering the same DOM from them: no
//! "Loading…", no layout shift, no second request. Native only.

mod head;
mod page;
mod site;

pub use page::{
    data_script, deferred_loader, escape_attr, escape_json_for_html, split_loader, Early, Head,
    Template, TemplateError,
};
pub use site::{prerender_site, Summary};

use crate::app::Frame;
use crate::components::{provide_offline, provide_term_tips};
use crate::i18n::Lang;
use crate::load::catalog_url;
use crate::model::Catalog;
use crate::pages::NotFound;
use crate::prefs::Theme;
use crate::state::{
    provide_data_cache, provide_router, provide_search_draft, provide_search_store, use_catalog,
    AppContext, DataCache, PageTitle,
};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use std::cell::RefCell;
use std::sync::Arc;

thread_local! {
    /// The catalog parsed, with the text it was parsed from.
    static CATALOG: RefCell<Option<(Arc<str>, Arc<Catalog>)>> = const { RefCell::new(None) };
}

/// The catalog `body` holds, parsed once for every page rendered from the
/// same text (the same `Arc`); `None` when it does not parse (the page
/// then reads the text and shows why, as the app does).
fn parsed_catalog(body: &Arc<str>) -> Option<Arc<Catalog>> {
    CATALOG.with_borrow_mut(|memo| {
        if let Some((text, catalog)) = memo {
            if Arc::ptr_eq(text, body) {
                return Some(catalog.clone());
            }
        }
        let catalog = Arc::new(crate::platform::parse::<Catalog>(body).ok()?);
        *memo = Some((body.clone(), catalog.clone()));
        Some(catalog)
    })
}

/// A route rendered: the body's HTML and the title the page set.
pub struct Rendered {
    pub title: String,
    pub body: String,
}

/// A published file a page is rendered from: its URL and its text, shared
/// by every page that reads it (the catalog is read by all of them).
pub type File = (String, Arc<str>);

/// Runs `render` with the app's context at `path` (under `base`, `""` or
/// `"/weekly"`), holding `files` (`(url, body)` of every published file the
/// page reads), in Chinese, the newsletter's language.
fn in_app<R>(
    base: &'static str,
    path: &str,
    files: &[File],
    render: impl FnOnce() -> R,
) -> (R, String) {
    // With the server's context, Leptos knows it renders HTML: no window,
    // no listeners, no effects.
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    owner.with(|| {
        provide_router(base, Some(&format!("{base}{path}")));
        let cache = DataCache::new();
        let catalog_at = catalog_url(base);
        for (url, body) in files {
            match (*url == catalog_at).then(|| parsed_catalog(body)).flatten() {
                Some(catalog) => cache.hold_parsed(url, catalog),
                None => cache.hold(url, body.clone()),
            }
        }
        provide_data_cache(cache);
        let catalog = use_catalog(base);
        provide_context(AppContext {
            base,
            lang: RwSignal::new(Lang::Zh),
            theme: RwSignal::new(Theme::default()),
            catalog,
            embed: false,
        });
        let title = RwSignal::new(String::new());
        provide_context(PageTitle(title));
        provide_search_store();
        provide_search_draft();
        provide_term_tips();
        provide_offline(false);
        let rendered = render();
        (rendered, title.get_untracked())
    })
}

/// The reader at `path` as the browser renders it.
pub fn render_route(base: &'static str, path: &str, files: &[File]) -> Rendered {
    let (body, title) = in_app(base, path, files, || view! { <Frame/> }.to_html());
    Rendered { title, body }
}

/// The not-found page's own text, without the app's frame: what
/// `404.html` shows without JavaScript.
pub fn render_not_found(base: &'static str, files: &[File]) -> String {
    in_app(base, "/", files, || view! { <NotFound/> }.to_html()).0
}
