//! The pages whose code the release build splits off the first wasm (built
//! with `--cfg weekly_split`, see `scripts/split.mjs`): search with its
//! engine, the tag pages and the glossary pages. A reader of issues never
//! fetches them; each chunk is fetched when its page is first shown or read
//! ahead on intent (`state::use_read_code_ahead`). Without the split they are
//! built in and render at once (the renderer, `trunk serve`, tests).

use crate::pages::{GlossaryPage, SearchPage, TagPage, TagsPage, TermPage};
use crate::route::Route;
use crate::state::{on_demand, Code};
use leptos::prelude::*;

on_demand!(SEARCH, search_code, search, SearchPage);
on_demand!(TAGS, tags_code, tags, TagsPage);
on_demand!(TAG, tag_code, tags, TagPage);
on_demand!(GLOSSARY, glossary_code, glossary, GlossaryPage);
on_demand!(TERM, term_code, glossary, TermPage);

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
