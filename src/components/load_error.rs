//! A failed load, explained in the reader's language, with a retry button
//! (and a reload button when the page itself is out of date).

use crate::components::use_offline;
use crate::load::LoadError;
use crate::state::{dynamic, use_app};
use leptos::prelude::*;

#[component]
pub fn LoadErrorView(error: LoadError, #[prop(into)] on_retry: Callback<()>) -> impl IntoView {
    let app = use_app();
    let reload = error.needs_reload();
    // A waiting version is what the reader needs: reloading alone would
    // start the old one again.
    let offline = use_offline();
    let reload_page = move |_| match offline {
        Some(state) => state.reload_newest(),
        None => crate::platform::reload(),
    };
    view! {
        <section class="load-error" role="alert">
            <h1>{app.text(|t| t.error_heading)}</h1>
            <p>{dynamic(move || error.message(app.t()))}</p>
            <button type="button" on:click=move |_| on_retry.run(())>{app.text(|t| t.retry)}</button>
            {reload.then(|| view! {
                " "
                <button type="button" on:click=reload_page>{app.text(|t| t.reload_page)}</button>
            })}
        </section>
    }
}
