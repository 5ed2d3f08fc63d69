//! Pieces shared by several pages.

mod catalog_gate;
mod chrome;
mod filters;
mod inline;
mod item;
mod item_list;
mod load_error;
mod progressive;
mod search_box;
mod search_store;

pub use catalog_gate::with_catalog;
pub use chrome::{LangFromQuery, SiteFooter, SiteHeader};
pub use filters::{issue_toggles, item_toggles, Counted, FilterBar};
pub use inline::{Marked, RichText};
pub use item::ItemCard;
pub use item_list::ItemList;
pub use load_error::LoadErrorView;
pub use progressive::use_progressive_limit;
pub use search_box::{
    provide_search_draft, use_search_draft, SearchBox, SearchDraft, RESULT_LINKS, SEARCH_INPUT_ID,
};
pub use search_store::{provide_search_store, use_search_store, Answer, SearchStore};
