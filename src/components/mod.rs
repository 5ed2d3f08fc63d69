//! Pieces shared by several pages.

mod chrome;
mod inline;
mod load_error;

pub use chrome::{LangFromQuery, SiteFooter, SiteHeader};
pub use inline::RichText;
pub use load_error::LoadErrorView;
