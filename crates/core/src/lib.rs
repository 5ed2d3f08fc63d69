//! Weekly's pure core: what the compiler publishes and the app reads
//! (`model`), full-text search (`search`), routes (`route`), issue filters (`filter`), percent-encoding and query
//! strings (`percent`), the interface
//! strings (`i18n`), reading memory (`memory`), shortcuts (`keys`), offline
//! file lists (`offline`), preferences (`prefs`), the portal protocol
//! (`portal`), data addresses and load errors (`load`) and tooltip placement
//! (`tooltip`). Nothing here touches the browser or Leptos: it builds and
//! is tested natively on its own (`cargo test -p weekly-core`), and the
//! browser build uses the same code.

pub mod filter;
pub mod i18n;
pub mod keys;
pub mod load;
pub mod memory;
pub mod model;
pub mod offline;
pub mod percent;
pub mod portal;
pub mod prefs;
pub mod route;
pub mod search;
pub mod tooltip;
