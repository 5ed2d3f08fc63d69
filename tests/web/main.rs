//! Component tests in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`. The shared
//! helpers are here, the tests by feature in the modules below.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use weekly::components::{LoadErrorView, Marked, RichText};
use weekly::load::LoadError;
use weekly::model::Inline;

wasm_bindgen_test_configure!(run_in_browser);

mod decode;
mod on_demand;
mod tooltip;
mod views;

fn container() -> web_sys::HtmlElement {
    let document = document();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn term(slug: &str, zh: &str, en: &str) -> weekly::model::Term {
    weekly::model::Term {
        slug: slug.into(),
        name: weekly::model::Bilingual {
            zh: zh.into(),
            en: en.into(),
        },
    }
}

/// Resolves after `ms` milliseconds (animation frames run meanwhile).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
