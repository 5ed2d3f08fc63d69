//! The browser edge: the only module that touches `web_sys`. Every function
//! reports failure as a value; none panics, including inside sandboxed or
//! storage-partitioned iframes where storage access throws. Cut by
//! concern: requests (`fetch`), the takeover of a pre-rendered page
//! (`takeover`), the address and links (`location`), focus, keys, pointers,
//! dialogs and files (`dom`), frames (`embed`), the service worker (`sw`);
//! this file holds the window, storage and preferences.

pub mod frame;
pub mod sw;

mod dom;
mod fetch;
mod location;
mod takeover;

pub use dom::*;
pub use fetch::*;
pub use location::*;
pub use takeover::*;

// Shared with the submodules (each reads `use super::*`): the imports
// below and the helpers of this file (`window`, `document`, `storage`).
use crate::load::{check_status, LoadError};
#[cfg(target_arch = "wasm32")]
use crate::model::decode::Wrong;
use crate::model::Decode;
#[cfg(target_arch = "wasm32")]
use crate::model::{check_version, Json};
use crate::model::{nesting_depth, DataError, MAX_NESTING};
use crate::route::normalize_base;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The browser window; none when the build renders pages natively, so
/// everything here is inert there.
pub(crate) fn window() -> Option<web_sys::Window> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()
}

/// Whether this runs in the browser (not in the build's page renderer).
pub fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// Runs `task` on the page's event loop. The build's renderer runs no
/// tasks: it renders what the files it holds give at once.
pub fn spawn(task: impl std::future::Future<Output = ()> + 'static) {
    if in_browser() {
        leptos::task::spawn_local(task);
    }
}

fn document() -> Option<web_sys::Document> {
    crate::platform::window()?.document()
}

/// The base path from `<base href>` (written by Trunk's `--public-url`).
pub fn base_path() -> String {
    let href = document()
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_default();
    normalize_base(&href)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = crate::platform::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// Sets (or with `None` removes) an attribute of `<html>`.
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        // An unchanged value is left alone: a change restyles the page.
        if root.get_attribute(name).as_deref() == value {
            return;
        }
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// The browser's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(navigator) = crate::platform::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// Local storage, or `None` where it is missing or access throws.
fn storage() -> Option<web_sys::Storage> {
    crate::platform::window()?.local_storage().ok().flatten()
}

/// A remembered preference of this deployment (`prefs::storage_key`);
/// `None` when storage is unavailable. A choice made before keys carried
/// the base path (under the bare key) is read when there is none yet.
pub fn load_preference(key: &str) -> Option<String> {
    let storage = storage()?;
    let scoped = crate::prefs::storage_key(&base_path(), key);
    match storage.get_item(&scoped).ok().flatten() {
        Some(value) => Some(value),
        None => storage.get_item(key).ok().flatten(),
    }
}

/// Remembers a preference of this deployment when storage allows it;
/// silently does nothing otherwise (private mode, sandboxed iframe, quota).
pub fn save_preference(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let scoped = crate::prefs::storage_key(&base_path(), key);
        let _ = match value {
            Some(v) => s.set_item(&scoped, v),
            None => s.remove_item(&scoped).and_then(|()| s.remove_item(key)),
        };
    }
}

/// Whether the browser's storage can be used here (it throws in sandboxed
/// frames and some private modes).
pub fn storage_available() -> bool {
    storage().is_some()
}
