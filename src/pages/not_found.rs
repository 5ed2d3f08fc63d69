//! The not-found page, and the page for issues known only by their title.

use crate::route::Route;
use crate::state::{dynamic, use_app};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let app = use_app();
    crate::state::use_title(move || app.t().not_found_heading.to_string());
    view! {
        <section class="notice">
            <h1>{app.text(|t| t.not_found_heading)}</h1>
            <p>{app.text(|t| t.not_found_body)}</p>
            <p><a href=Route::Archive.href(app.base)>{app.text(|t| t.back_to_archive)}</a></p>
        </section>
    }
}

/// An issue the archive lists by title only.
#[component]
pub fn NotInArchive(volume: u32, title: String) -> impl IntoView {
    let app = use_app();
    let page_title = title.clone();
    crate::state::use_title(move || page_title.clone());
    view! {
        <section class="notice not-in-archive">
            <p class="volume">{dynamic(move || app.t().volume(volume))}</p>
            <h1>{title}</h1>
            <p><strong>{app.text(|t| t.not_in_archive)}</strong>" · "{app.text(|t| t.not_in_archive_body)}</p>
            <p><a href=Route::Archive.href(app.base)>{app.text(|t| t.back_to_archive)}</a></p>
        </section>
    }
}
