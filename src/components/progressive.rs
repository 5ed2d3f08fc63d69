//! Long lists (an archive of a thousand issues, a tag across all of them)
//! render a screenful at once and grow as the reader scrolls towards their
//! end, or presses "Show more". The DOM holds only what the reader has come
//! near, so leaving the page or changing a filter never tears down a
//! thousand rows.

use crate::app::use_app;
use crate::platform;
use leptos::prelude::*;

/// Rows rendered at once: more than a screenful.
const FIRST: usize = 16;
/// Rows added each time the reader nears the end of what is shown.
const CHUNK: usize = 40;
/// How far below the viewport the end may be when the next rows are added.
const AHEAD: &str = "0px 0px 150% 0px";

/// How many of a list's rows are shown.
#[derive(Clone, Copy)]
pub struct Rows {
    shown: RwSignal<usize>,
    total: usize,
}

impl Rows {
    pub fn new(total: usize) -> Self {
        Rows {
            shown: RwSignal::new(FIRST.min(total)),
            total,
        }
    }

    /// The number of rows to render (tracked).
    pub fn shown(self) -> usize {
        self.shown.get()
    }

    fn remaining(self) -> usize {
        self.total - self.shown.get()
    }

    fn grow(self) {
        self.shown.try_update(|s| *s = (*s + CHUNK).min(self.total));
    }
}

/// Put after a progressive list: a "Show more" button that also presses
/// itself when the reader scrolls near it; hidden once every row is shown.
/// `row_links` selects one link per row: pressing the button moves focus to
/// the first new row, so a keyboard reader goes on reading there.
#[component]
pub fn MoreRows(rows: Rows, row_links: &'static str) -> impl IntoView {
    let app = use_app();
    let button = NodeRef::<leptos::html::Button>::new();
    let watch = StoredValue::new_local(None::<platform::NearWatch>);
    Effect::new(move |_| {
        if let Some(el) = button.get() {
            let near = move || {
                // Focus on the button (Tab scrolls it into view) is a
                // keyboard reader about to press it: leave it where it is.
                if !button
                    .get_untracked()
                    .is_some_and(|b| platform::has_focus(&b))
                {
                    rows.grow();
                }
            };
            watch.set_value(platform::watch_near(&el, AHEAD, near));
        }
    });
    let press = move |_| {
        let first_new = rows.shown.get_untracked();
        rows.grow();
        request_animation_frame(move || {
            platform::focus_nth(row_links, first_new);
        });
    };
    // After rows were added the button may still be near: look again once
    // they are laid out.
    Effect::new(move |_| {
        if rows.shown() < rows.total {
            request_animation_frame(move || {
                watch.try_with_value(|w| w.as_ref().map(platform::NearWatch::recheck));
            });
        }
    });
    view! {
        <button
            class="more-rows"
            type="button"
            node_ref=button
            hidden=move || rows.remaining() == 0
            on:click=press
        >
            {move || app.t().show_more_issues(rows.remaining())}
        </button>
    }
}
