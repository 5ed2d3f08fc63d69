//! Parts of a page whose code arrives on demand in the release build
//! (`state::on_demand!`): the offline prompts, which show only once a
//! service worker controls the page ("save every issue") or has a new
//! version waiting ("reload"), so a first visit never fetches them; the
//! service worker precaches them with the rest. (The embedded view's code
//! stays in the first wasm: a portal's frame must load no more than the
//! full reader, issue 12, and a chunk of its own would add its bytes.)

use crate::components::{use_offline, OfflineDownload, OnDemandPart, UpdatePrompt};
use crate::state::{dynamic, on_demand};
use leptos::prelude::*;

on_demand!(SAVE_OFFLINE, save_offline_code, offline, OfflineDownload);
on_demand!(UPDATE_PROMPT, update_prompt_code, offline, UpdatePrompt);

/// "Save every issue", once a worker controls the page (before that nothing
/// it saves would be kept).
#[component]
pub fn SaveOffline() -> impl IntoView {
    let offline = use_offline();
    dynamic(move || {
        offline
            .is_some_and(|state| state.supported.get() && state.controlled.get())
            .then(|| view! { <OnDemandPart code=&SAVE_OFFLINE/> })
    })
}

/// "A new version is available", while one waits.
#[component]
pub fn UpdateNotice() -> impl IntoView {
    let offline = use_offline();
    dynamic(move || {
        offline
            .is_some_and(|state| state.update_ready.get())
            .then(|| view! { <OnDemandPart code=&UPDATE_PROMPT/> })
    })
}
