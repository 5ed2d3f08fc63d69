//! Pieces shared by several pages.

mod catalog_gate;
mod chrome;
mod embedded;
mod filters;
mod inline;
mod item;
mod item_list;
mod load_error;
mod memory;
mod offline;
mod on_demand;
mod parts;
mod progressive;
mod search_box;
mod shortcuts;
mod term;

pub use catalog_gate::{with_catalog, with_file, Loading};
pub use chrome::{DraftMark, LangFromQuery, SiteFooter, SiteHeader};
pub use embedded::{EmbedBar, EmbedProtocol};
pub use filters::{issue_toggles, tag_toggles, Counted, FilterBar};
pub use inline::{Marked, RichText};
pub use item::ItemCard;
pub use item_list::ItemList;
pub use load_error::LoadErrorView;
pub use memory::{
    provide_memory, use_memory, ArchiveMemory, IssueMemory, ReadingMemory, UnreadMark,
};
pub use offline::{
    provide_offline, use_offline, Download, OfflineBanner, OfflineDownload, OfflineState,
    UpdatePrompt,
};
pub use on_demand::{OnDemand, OnDemandPart};
pub use parts::{SaveOffline, UpdateNotice};
pub use progressive::{fixed_rows, MoreRows, Rows};
pub use search_box::{SearchBox, RESULT_LINKS, SEARCH_INPUT_ID};
pub use shortcuts::{
    provide_shortcuts, shortcut, use_shortcuts, ShortcutKeys, Shortcuts, ShortcutsButton,
};
pub use term::{
    provide_term_tips, use_term_tips, PreviewsSwitch, TermRef, TermTips, TermTooltip, TIP_ID,
};
