//! What the views share, below all of them: the app's context (base path,
//! language, theme, catalog, embed mode), the published files and how pages
//! load them, the search index, the search box's draft and reading ahead.
//! App, pages and components read it; nothing here imports a view
//! (app → pages → components → state → model, platform, pure modules).

mod code;
mod draft;
mod files;
mod prefetch;
mod router;
mod search;
mod takeover;

pub(crate) use code::on_demand;
#[cfg(weekly_split)]
pub use code::ChunkMissing;
pub use code::{use_code, use_read_code_ahead, Build, Code, CodeFor, CodeState, Fetch};
pub use draft::{provide_search_draft, use_search_draft, SearchDraft};
pub use files::{provide_data_cache, use_data_cache, use_file, DataCache, File, Loaded};
pub use prefetch::{use_link_prefetch, use_read_data_ahead};
pub use router::{
    provide_router, use_complete_navigation, use_location, use_navigate, Location, NavigateOptions,
};
pub use search::{provide_search_store, use_search_store, Answer, SearchStore};
pub use takeover::{later, on_screen, provide_takeover, Takeover};

use crate::i18n::{Lang, Strings};
use crate::load::{catalog_url, data_url};
use crate::model::{Catalog, Glossary};
use crate::platform;
use crate::prefs::{Theme, LANG_KEY};
use crate::route::Route;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

pub type CatalogFile = File<Catalog>;

/// What every page needs: where the site lives, the reader's preferences
/// and the catalog.
#[derive(Clone, Copy)]
pub struct AppContext {
    /// The base path without a trailing slash: `""` or `"/weekly"`.
    pub base: &'static str,
    pub lang: RwSignal<Lang>,
    pub theme: RwSignal<Theme>,
    pub catalog: CatalogFile,
    /// Framed by a portal with `?embed=1` on the first load: the compact
    /// view without the site's chrome, for the life of the page.
    pub embed: bool,
}

impl AppContext {
    /// The UI strings of the current language (tracked).
    pub fn t(&self) -> &'static Strings {
        self.lang.get().t()
    }

    /// A UI string that follows the language, for a view: `app.text(|t|
    /// t.retry)`. Every call gives the same closure type, so the framework's
    /// reactive text and attribute code is compiled once for all of them
    /// instead of once per string (BENCHMARKS.md, "One closure type per kind").
    pub fn text(
        &self,
        pick: fn(&'static Strings) -> &'static str,
    ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let lang = self.lang;
        move || pick(lang.get().t())
    }

    /// The UI language as an HTML `lang` attribute, for a view (one
    /// closure type for every such attribute, like [`Self::text`]).
    pub fn html_lang(&self) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let lang = self.lang;
        move || lang.get().html_lang()
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
        catalog: use_file(|| None),
        embed: false,
    })
}

/// The route the router is at (tracked): the frame provides it, the pages
/// read their parameters from it. `None` is the not-found page.
#[derive(Clone, Copy)]
pub struct Here(pub Memo<Option<Route>>);

/// The route the router is at; outside the app's frame (component tests)
/// there is none.
pub fn use_here() -> Memo<Option<Route>> {
    use_context::<Here>().map_or_else(|| Memo::new(|_| None), |Here(here)| here)
}

/// The catalog of the site under `base`: every page needs it.
pub fn use_catalog(base: &'static str) -> CatalogFile {
    use_file(move || Some(catalog_url(base)))
}

/// The glossary, read once through the cache and shared by the glossary
/// pages and the term tooltips.
pub fn use_glossary() -> File<Glossary> {
    let base = use_app().base;
    use_file(move || Some(data_url(base, Glossary::FILE)))
}

/// The page's title as the pages set it: the browser shows it; the build's
/// renderer reads it to write the page's `<title>`.
#[derive(Clone, Copy)]
pub struct PageTitle(pub RwSignal<String>);

/// Sets the document's title to `title` while the page lives (tracked).
pub fn use_title(title: impl Fn() -> String + Send + Sync + 'static) {
    let title = Memo::new(move |_| title());
    if let Some(PageTitle(page)) = use_context::<PageTitle>() {
        page.set(title.get_untracked());
    }
    effect(move || platform::set_title(&title.get()));
}

/// Runs `run` once the view is built, and again whenever what it read
/// changes (Leptos' `Effect::new`). Every effect goes through this one
/// closure type, so Leptos' effect task (an async loop, its future and its
/// drop code) is compiled once instead of once per effect: each effect
/// costs only its own body (BENCHMARKS.md, "One closure type per kind").
pub fn effect(run: impl FnMut() + 'static) {
    boxed_effect(Box::new(run));
}

fn boxed_effect(mut run: Box<dyn FnMut()>) {
    Effect::new(move |_| run());
}

/// A reactive part of a view, `{dynamic(move || …)}`: rendered as Leptos
/// renders any closure, rebuilt when what it read changes. The closure is
/// kept behind the one shared type Leptos has for reactive functions, so
/// the framework's code that builds, rebuilds and erases a reactive child
/// is compiled once per output type (`AnyView`, `String`) instead of once
/// per closure (BENCHMARKS.md, "One closure type per kind").
pub fn dynamic<T: 'static>(part: impl FnMut() -> T + Send + 'static) -> Dynamic<T> {
    Arc::new(Mutex::new(part))
}

/// See [`dynamic`].
pub type Dynamic<T> = Arc<Mutex<dyn FnMut() -> T + Send>>;
