//! A page whose code may arrive on demand (`state::Code`): the page once
//! its code is here, the loading line before, the typed error with Retry if
//! the code does not load. The page's file is read while its code arrives,
//! not after it (the page's code is what would read it).

use crate::components::{LoadErrorView, Loading};
use crate::route::Route;
use crate::state::{use_app, use_code, use_read_data_ahead, Code};
use leptos::prelude::*;
use leptos_router::location::{BrowserUrl, LocationProvider};

#[component]
pub fn OnDemand(code: &'static Code) -> impl IntoView {
    if code.now().is_none() {
        // The router's address (with the base path): the browser's may not
        // have changed yet. Outside a router (component tests) there is none.
        let base = use_app().base;
        let path =
            use_context::<BrowserUrl>().map(|url| url.as_url().get_untracked().path().to_string());
        if let Some(route) = path.and_then(|path| Route::from_href(base, &path)) {
            use_read_data_ahead()(&route);
        }
    }
    let (state, retry) = use_code(code);
    move || match state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(build)) => build(),
        Some(Err(error)) => view! { <LoadErrorView error on_retry=retry/> }.into_any(),
    }
}
