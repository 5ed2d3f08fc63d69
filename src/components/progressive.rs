//! Long lists (an archive of a thousand issues, a tag across all of them)
//! render their first rows in the first frame and the rest a chunk per
//! animation frame, so a route change never blocks for the whole list.

use leptos::prelude::*;

/// Rows rendered in the first frame: more than a screenful.
const FIRST: usize = 16;
/// Rows added per following frame.
const CHUNK: usize = 120;

/// How many of `total` rows to render now; grows each frame until all are.
pub fn use_progressive_limit(total: usize) -> ReadSignal<usize> {
    let (limit, set_limit) = signal(FIRST.min(total));
    Effect::new(move |_| {
        if limit.get() < total {
            request_animation_frame(move || {
                // The list may be gone by the next frame: then nothing to do.
                set_limit.try_update(|l| *l = (*l + CHUNK).min(total));
            });
        }
    });
    limit
}
