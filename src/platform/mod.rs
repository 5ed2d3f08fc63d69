//! The browser edge: the only module that touches `web_sys`. Every function
//! reports failure as a value; none panics.

use crate::load::{classify, LoadError};
use crate::route::normalize_base;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The base path from `<base href>` (written by Trunk's `--public-url`).
pub fn base_path() -> String {
    let href = document()
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_default();
    normalize_base(&href)
}

/// Fetches `url` and parses it as published JSON.
pub async fn fetch_json<T: DeserializeOwned>(url: &str) -> Result<T, LoadError> {
    let window = web_sys::window().ok_or(LoadError::Network)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| LoadError::Network)?
        .dyn_into()
        .map_err(|_| LoadError::Network)?;
    let body = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .map_err(|_| LoadError::Network)?
            .as_string()
            .unwrap_or_default(),
        Err(_) => return Err(LoadError::Network),
    };
    classify(response.status(), &body)
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

pub fn set_html_lang(lang: &str) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang);
    }
}

/// The browser's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
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

/// Removes the static app shell once the app has rendered.
pub fn remove_shell() {
    if let Some(shell) = document().and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
}

/// Scrolls the element with `id` into view, if there is one.
pub fn scroll_to(id: &str) -> bool {
    match document().and_then(|d| d.get_element_by_id(id)) {
        Some(el) => {
            el.scroll_into_view();
            true
        }
        None => false,
    }
}
