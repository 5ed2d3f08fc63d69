//! The pages whose code the release build splits off the first wasm (built
//! with `--cfg weekly_split`, see `scripts/split.sh`): search with its
//! engine, the tag pages and the glossary pages. A reader of issues never
//! fetches them; each chunk is fetched when its page is first shown or read
//! ahead on intent (`state::read_code_ahead`). Without the split they are
//! built in and render at once (the renderer, `trunk serve`, tests).

#[cfg(weekly_split)]
use crate::load::LoadError;
use crate::pages::{GlossaryPage, SearchPage, TagPage, TagsPage, TermPage};
use crate::route::Route;
#[cfg(weekly_split)]
use crate::state::Build;
use crate::state::Code;
use leptos::prelude::*;

/// `page!(CODE, fetch_fn, chunk, Page)`: `CODE` builds `Page`, whose code
/// goes into the wasm chunk `chunk` (pages naming the same chunk share it).
macro_rules! page {
    ($code:ident, $fetch:ident, $chunk:ident, $page:ident) => {
        #[cfg(weekly_split)]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        fn $fetch() -> Result<Build, LoadError> {
            Ok(|| view! { <$page/> }.into_any())
        }
        #[cfg(weekly_split)]
        pub static $code: Code = Code::on_demand(|| Box::pin($fetch()));
        #[cfg(not(weekly_split))]
        pub static $code: Code = Code::built_in(|| view! { <$page/> }.into_any());
    };
}

page!(SEARCH, search_code, search, SearchPage);
page!(TAGS, tags_code, tags, TagsPage);
page!(TAG, tag_code, tags, TagPage);
page!(GLOSSARY, glossary_code, glossary, GlossaryPage);
page!(TERM, term_code, glossary, TermPage);

/// The code a route needs beyond the first wasm.
pub fn code_for(route: &Route) -> Option<&'static Code> {
    match route {
        Route::Search(_) => Some(&SEARCH),
        Route::Tags => Some(&TAGS),
        Route::Tag(_) => Some(&TAG),
        Route::Glossary => Some(&GLOSSARY),
        Route::Term(_) => Some(&TERM),
        Route::Archive | Route::Issue(_) | Route::Item(..) => None,
    }
}
