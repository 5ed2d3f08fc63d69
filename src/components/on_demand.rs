//! A page whose code may arrive on demand (`state::Code`): the page once
//! its code is here, the loading line before, the typed error with Retry if
//! the code does not load.

use crate::components::{LoadErrorView, Loading};
use crate::state::{use_code, Code};
use leptos::prelude::*;

#[component]
pub fn OnDemand(code: &'static Code) -> impl IntoView {
    let (state, retry) = use_code(code);
    move || match state.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Ok(build)) => build(),
        Some(Err(error)) => view! { <LoadErrorView error on_retry=retry/> }.into_any(),
    }
}
