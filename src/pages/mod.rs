//! One file per route.

mod archive;
mod glossary;
mod issue;
mod not_found;
pub mod on_demand;
mod search;
mod tags;

pub use archive::ArchivePage;
pub use glossary::{GlossaryPage, TermPage};
pub use issue::IssuePage;
pub use not_found::{NotFound, NotInArchive};
pub use search::SearchPage;
pub use tags::{TagPage, TagsPage};
