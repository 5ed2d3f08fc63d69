//! Long lists (an archive of a thousand issues, a tag across all of them)
//! render a screenful at once and grow as the reader scrolls towards their
//! end, or presses "Show more". The DOM holds only what the reader has come
//! near, so leaving the page or changing a filter never tears down a
//! thousand rows.

use crate::platform;
use crate::state::{dynamic, effect, on_screen, use_app};
use leptos::prelude::*;

/// Rows rendered at once: more than a screenful.
const FIRST: usize = 16;
/// Rows added each time the reader nears the end of what is shown.
const CHUNK: usize = 20;
/// How far below the viewport the end may be when the next rows are added.
const AHEAD: &str = "0px 0px 150% 0px";

/// How many of a list's rows are shown. The list may grow while shown (a
/// tag page's older items arrive): the rows already there stay.
#[derive(Clone, Copy)]
pub struct Rows {
    limit: RwSignal<usize>,
    total: Memo<usize>,
}

impl Rows {
    /// Rows of a list whose length `total` gives (tracked).
    pub fn new(total: impl Fn() -> usize + Send + Sync + 'static) -> Self {
        Rows {
            limit: RwSignal::new(FIRST),
            total: Memo::new(move |_| total()),
        }
    }

    /// The number of rows to render (tracked).
    pub fn shown(self) -> usize {
        self.limit.get().min(self.total.get())
    }

    fn remaining(self) -> usize {
        self.total.get() - self.shown()
    }

    fn grow(self) {
        let shown = self.shown_untracked();
        self.limit.try_set(shown + CHUNK);
    }

    fn shown_untracked(self) -> usize {
        self.limit.get_untracked().min(self.total.get_untracked())
    }
}

/// The rows of a list of `total` rows that never changes (the archive),
/// as many as `rows` shows: in slots of [`FIRST`], then [`CHUNK`] rows,
/// each built once, the first time it is shown, and never rebuilt (a slot
/// follows a memo of whether it is shown, not the count). Rows go straight
/// into the list's element, as a keyed list's would; it costs no keyed
/// diffing, which lists whose rows change (a tag's items) keep with `For`.
pub fn fixed_rows<F>(rows: Rows, total: usize, row: F) -> impl IntoView
where
    F: Fn(usize) -> AnyView + Clone + Send + Sync + 'static,
{
    let mut slots = Vec::new();
    let mut start = 0;
    while start < total {
        let end = if start == 0 { FIRST } else { start + CHUNK }.min(total);
        let shown = Memo::new(move |_| rows.shown() > start);
        let row = row.clone();
        slots.push(dynamic(move || {
            shown
                .get()
                .then(|| (start..end).map(&row).collect_view().into_any())
        }));
        start = end;
    }
    slots
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
    effect(move || {
        // Not while a takeover builds the copy out of sight: laid out
        // hidden, it is "near" the window, and would grow for nothing.
        if let (Some(el), true) = (button.get(), on_screen()) {
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
        let first_new = rows.shown_untracked();
        rows.grow();
        request_animation_frame(move || {
            platform::focus_nth(row_links, first_new);
        });
    };
    // After rows were added the button may still be near: look again once
    // they are laid out.
    effect(move || {
        if rows.remaining() > 0 {
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
            {dynamic(move || app.t().show_more_issues(rows.remaining()))}
        </button>
    }
}
