//! A page whose code may arrive on demand (`state::Code`): the page once
//! its code is here, the loading line before, the typed error with Retry if
//! the code does not load. The page's file is read while its code arrives,
//! not after it (the page's code is what would read it).

use crate::components::{LoadErrorView, Loading};
use crate::state::{dynamic, use_app, use_code, use_here, use_read_data_ahead, Code};
use leptos::prelude::*;

#[component]
pub fn OnDemand(code: &'static Code) -> impl IntoView {
    if code.now().is_none() {
        // The router's route: the browser's address may not have changed
        // yet. Outside the app's frame (component tests) there is none.
        if let Some(route) = use_here().get_untracked() {
            use_read_data_ahead()(&route);
        }
    }
    let (state, retry) = use_code(code);
    dynamic(move || match state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(build)) => build(),
        Some(Err(error)) => view! { <LoadErrorView error on_retry=retry/> }.into_any(),
    })
}

/// A part of a page whose code may arrive on demand (`components::parts`):
/// nothing until its code is here (a takeover waits for it), then the
/// part; if the code does not load, the reason and Retry in one line (a
/// part is not the page: no heading of its own). A `quiet` part is an
/// extra the page reads fine without (the reading history): if its code
/// does not load (offline with no worker, as in a portal's frame), nothing
/// shows.
#[component]
pub fn OnDemandPart(code: &'static Code, #[prop(optional)] quiet: bool) -> impl IntoView {
    let app = use_app();
    let (state, retry) = use_code(code);
    dynamic(move || {
        match state.get() {
        None => ().into_any(),
        Some(Ok(build)) => build(),
        Some(Err(_)) if quiet => ().into_any(),
        Some(Err(error)) => view! {
            <p class="part-error" role="alert">
                {dynamic(move || error.message(app.t()))}
                " "
                <button type="button" on:click=move |_| retry.run(())>{app.text(|t| t.retry)}</button>
            </p>
        }
        .into_any(),
    }
    })
}
