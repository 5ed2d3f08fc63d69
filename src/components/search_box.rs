//! The search box in the header. `/` focuses it; typing shows results at
//! once (the draft), loading only the index shards the query needs, and writes
//! the query into the URL once typing pauses, so the results are shareable
//! and Back returns to them without one history entry per keystroke.

use crate::platform;
use crate::route::{Route, SearchParams};
use crate::state::{use_app, use_read_code_ahead, use_search_draft};
use crate::state::{use_location, use_navigate, NavigateOptions};
use leptos::ev;
use leptos::prelude::*;
use std::time::Duration;

/// Id of the header's search field.
pub const SEARCH_INPUT_ID: &str = "search-input";

/// Selector of the result links arrow keys move between.
pub const RESULT_LINKS: &str = ".search-results a.result-link";

/// How long typing must pause before the URL follows.
const URL_DELAY: Duration = Duration::from_millis(300);

#[component]
pub fn SearchBox() -> impl IntoView {
    let app = use_app();
    let draft = use_search_draft();
    let location = use_location();
    let navigate = use_navigate();
    let read_code_ahead = use_read_code_ahead();
    let on_search_page = move || {
        location
            .pathname
            .get_untracked()
            .trim_end_matches('/')
            .ends_with("/search")
    };

    // The URL is written with the tag and section it already has.
    let go = move |q: String, replace: bool| {
        let mut params = SearchParams::parse(&location.search.get_untracked());
        if !on_search_page() {
            params = SearchParams::default();
        }
        params.q = q.clone();
        draft.pushed.set_value(Some(q));
        navigate(
            &Route::Search(params).href(app.base),
            NavigateOptions {
                replace,
                scroll: !replace,
            },
        );
    };
    let go_later = go.clone();
    let schedule = move |q: String| {
        if let Some(timer) = draft.timer.get_value() {
            timer.clear();
        }
        let go = go_later.clone();
        // The reader may follow a result or a link before typing pauses:
        // the URL then belongs to that page, not to the query.
        let here = move || {
            (
                location.pathname.get_untracked(),
                location.search.get_untracked(),
            )
        };
        let scheduled_at = here();
        let handle = set_timeout_with_handle(
            move || {
                if here() == scheduled_at {
                    go(q, true);
                }
            },
            URL_DELAY,
        )
        .ok();
        draft.timer.set_value(handle);
    };
    let go_now = go.clone();
    let on_input = move |event: ev::Event| {
        let q = event_target_value(&event);
        draft.text.set(q.clone());
        if on_search_page() {
            schedule(q);
        } else {
            go_now(q, false);
        }
    };
    let on_submit = move |event: ev::SubmitEvent| {
        event.prevent_default();
        if let Some(timer) = draft.timer.get_value() {
            timer.clear();
        }
        go(draft.text.get_untracked(), on_search_page());
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        if event.key() == "ArrowDown" && platform::move_focus(RESULT_LINKS, 1) {
            event.prevent_default();
        }
    };
    view! {
        <form
            class="search-box"
            role="search"
            action=Route::Search(SearchParams::default()).href(app.base)
            on:submit=on_submit
        >
            <label class="visually-hidden" for=SEARCH_INPUT_ID>{app.text(|t| t.search_label)}</label>
            <input
                id=SEARCH_INPUT_ID
                type="search"
                name="q"
                autocomplete="off"
                enterkeyhint="search"
                aria-keyshortcuts="/"
                maxlength="200"
                placeholder=app.text(|t| t.search_placeholder)
                prop:value=move || draft.text.get()
                on:input=on_input
                on:keydown=on_keydown
                // Search's code arrives on demand: fetch it on intent.
                on:focus=move |_| read_code_ahead(&Route::Search(SearchParams::default()))
            />
        </form>
    }
}
