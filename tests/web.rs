//! Component tests in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use weekly::components::{LoadErrorView, RichText};
use weekly::load::LoadError;
use weekly::model::Inline;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

#[wasm_bindgen_test]
fn rich_text_renders_typed_nodes_and_never_markup() {
    let el = container();
    let nodes = vec![
        Inline::text("<img src=x onerror=alert(1)> "),
        Inline::Strong {
            children: vec![Inline::text("bold")],
        },
        Inline::Code {
            text: "kubectl debug".into(),
        },
        Inline::Link {
            href: "javascript:alert(1)".into(),
            children: vec![Inline::text("hostile")],
        },
        Inline::Link {
            href: "https://example.com/".into(),
            children: vec![Inline::text("safe")],
        },
    ];
    leptos::mount::mount_to(el.clone(), move || view! { <RichText nodes/> }).forget();
    assert!(
        el.query_selector("img").unwrap().is_none(),
        "text became markup"
    );
    assert!(el
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    assert_eq!(
        el.query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "bold"
    );
    assert_eq!(
        el.query_selector("code")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "kubectl debug"
    );
    let links = el.query_selector_all("a").unwrap();
    assert_eq!(
        links.length(),
        1,
        "the javascript: link must render as text"
    );
    let link: web_sys::Element = links.get(0).unwrap().unchecked_into();
    assert_eq!(link.get_attribute("href").unwrap(), "https://example.com/");
    assert!(el.text_content().unwrap().contains("hostile"));
}

#[wasm_bindgen_test]
fn load_error_explains_and_retries() {
    let el = container();
    let retries = RwSignal::new(0);
    leptos::mount::mount_to(el.clone(), move || {
        view! { <LoadErrorView error=LoadError::Http(503) on_retry=move |_| retries.update(|n| *n += 1)/> }
    })
    .forget();
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(alert.text_content().unwrap().contains("503"));
    let button: web_sys::HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    button.click();
    assert_eq!(retries.get_untracked(), 2);
}
