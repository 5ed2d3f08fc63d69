//! Pieces shared by several pages.

mod catalog_gate;
mod chrome;
mod data_cache;
mod embed;
mod filters;
mod inline;
mod item;
mod item_list;
mod load_error;
mod offline;
mod prefetch;
mod progressive;
mod search_box;
mod search_store;
mod term;

pub use catalog_gate::with_catalog;
pub use chrome::{DraftMark, LangFromQuery, SiteFooter, SiteHeader};
pub use data_cache::{provide_data_cache, use_data_cache, use_glossary, DataCache};
pub use embed::{EmbedBar, EmbedProtocol};
pub use filters::{issue_toggles, tag_toggles, Counted, FilterBar};
pub use inline::{Marked, RichText};
pub use item::ItemCard;
pub use item_list::ItemList;
pub use load_error::LoadErrorView;
pub use offline::{
    provide_offline, use_offline, Download, OfflineBanner, OfflineDownload, OfflineState,
    UpdatePrompt,
};
pub use prefetch::use_link_prefetch;
pub use progressive::{MoreRows, Rows};
pub use search_box::{
    provide_search_draft, use_search_draft, SearchBox, SearchDraft, RESULT_LINKS, SEARCH_INPUT_ID,
};
pub use search_store::{provide_search_store, use_search_store, Answer, SearchStore};
pub use term::{
    provide_term_tips, use_term_tips, PreviewsSwitch, TermRef, TermTips, TermTooltip, TIP_ID,
};
