//! What the views share, below all of them: the app's context (base path,
//! language, theme, catalog, embed mode). App, pages and components read it
//! through [`use_app`]; nothing here imports a view.

use crate::i18n::{Lang, Strings};
use crate::load::LoadError;
use crate::model::Catalog;
use crate::platform;
use crate::prefs::{Theme, LANG_KEY};
use leptos::prelude::*;
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
