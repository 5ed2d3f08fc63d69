//! One file per route.

mod archive;
mod issue;
mod not_found;

pub use archive::ArchivePage;
pub use issue::IssuePage;
pub use not_found::{NotFound, NotInArchive};
