//! Pieces shared by several pages.

mod chrome;
mod filters;
mod inline;
mod load_error;

pub use chrome::{LangFromQuery, SiteFooter, SiteHeader};
pub use filters::FilterBar;
pub use inline::RichText;
pub use load_error::LoadErrorView;
