//! Weekly: a static, offline-first reader for the Cloud Native Ecosystem
//! Weekly (云原生生态周报).
//!
//! Pure modules (`model`, `compile`, `route`, `i18n`, `keys`, `memory`, `search`,
//! `tooltip`, `embed`) never touch the
//! browser and are tested natively; `platform` is the only module that talks
//! to `web_sys`; `app`, `pages` and `components` wire signals to the pure code.

pub mod embed;
pub mod i18n;
pub mod keys;
pub mod load;
pub mod memory;
pub mod model;
pub mod offline;
pub mod prefs;
pub mod route;
pub mod search;
pub mod state;
pub mod tooltip;

#[cfg(not(target_arch = "wasm32"))]
pub mod compile;
/// The build's page renderer: the app's components, rendered natively.
#[cfg(not(target_arch = "wasm32"))]
pub mod render;

pub mod app;
pub mod components;
pub mod pages;
pub mod platform;
pub mod start;

pub use app::App;
