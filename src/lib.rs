//! Weekly: a static, offline-first reader for the Cloud Native Ecosystem
//! Weekly (云原生生态周报). The app: what runs in the browser and the page
//! renderer the build runs natively.
//!
//! The workspace runs one way: `weekly-core` (crates/core: the published
//! model, search, routes, strings, preferences, the portal protocol; pure,
//! no Leptos, no `web_sys`) ← `weekly-compiler` (crates/compiler: sources
//! → published files; native, no Leptos) ← this crate. `platform` is the
//! only module here that talks to `web_sys`; `app`, `pages` and
//! `components` wire signals to the pure code. The core's modules are
//! re-exported under their own names (`crate::model`, …) and the compiler
//! as `compile`, so paths read the same in every crate.

pub use weekly_core::{
    filter, i18n, keys, load, memory, model, offline, percent, portal, prefs, route, search,
    tooltip,
};

pub mod state;

#[cfg(not(target_arch = "wasm32"))]
pub use weekly_compiler as compile;
/// The build's page renderer: the app's components, rendered natively.
#[cfg(not(target_arch = "wasm32"))]
pub mod render;

pub mod app;
pub mod components;
pub mod pages;
pub mod platform;
pub mod start;

pub use app::App;
