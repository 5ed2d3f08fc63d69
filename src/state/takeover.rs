//! Taking over a pre-rendered page in steps. The page stays on screen, whole
//! and readable, while the app builds its own copy out of sight: first the
//! frame and each page's outline, then the parts marked with [`later`], a few
//! per task, yielding to the browser between tasks, so no task blocks input
//! for long. When every part is built the app's copy replaces the page in one
//! task (`start.rs`). Without a page to take over (the loading shell, a
//! navigation inside the app, the build's renderer, component tests) nothing
//! waits: [`later`] renders at once.

use leptos::prelude::*;
use std::collections::VecDeque;

/// The parts still waiting, in document order (the order they were built).
#[derive(Default)]
struct Waiting {
    active: bool,
    parts: VecDeque<RwSignal<bool>>,
    /// Files the page did not carry, being read for the app's copy.
    loads: usize,
}

/// The takeover under way: `start.rs` makes it, hands it to the app and
/// reveals the waiting parts step by step.
#[derive(Clone, Copy)]
pub struct Takeover {
    waiting: StoredValue<Waiting>,
    done: RwSignal<bool>,
}

impl Takeover {
    /// A takeover that has begun: parts built from now on wait.
    pub fn begin() -> Self {
        Takeover {
            waiting: StoredValue::new(Waiting {
                active: true,
                ..Waiting::default()
            }),
            done: RwSignal::new(false),
        }
    }

    /// Builds the next waiting part (the build runs in the same task, when
    /// the current one yields to the reactive system). False when none waits.
    pub fn step(self) -> bool {
        let next = self
            .waiting
            .try_update_value(|w| w.parts.pop_front())
            .flatten();
        match next {
            Some(shown) => {
                shown.try_set(true);
                true
            }
            None => false,
        }
    }

    /// Parts still waiting.
    pub fn waiting(self) -> usize {
        self.waiting.try_with_value(|w| w.parts.len()).unwrap_or(0)
    }

    /// Files being read for the app's copy: the page it replaces did not
    /// carry them (a large catalog). The copy waits for them, so it never
    /// shows "Loading…" in place of the page.
    pub fn loading(self) -> usize {
        self.waiting.try_with_value(|w| w.loads).unwrap_or(0)
    }

    /// A file starts being read: true when the takeover waits for it.
    pub(super) fn begin_load(self) -> bool {
        self.waiting
            .try_update_value(|w| {
                w.loads += usize::from(w.active);
                w.active
            })
            .unwrap_or(false)
    }

    /// A file [`begin_load`](Self::begin_load) counted has been read.
    pub(super) fn end_load(self) {
        self.waiting
            .try_update_value(|w| w.loads = w.loads.saturating_sub(1));
    }

    /// Ends the takeover: whatever still waits is built now, and parts
    /// built from now on render at once.
    pub fn finish(self) {
        let rest = self
            .waiting
            .try_update_value(|w| {
                w.active = false;
                std::mem::take(&mut w.parts)
            })
            .unwrap_or_default();
        for shown in rest {
            shown.try_set(true);
        }
        self.done.try_set(true);
    }

    fn wait(self, shown: RwSignal<bool>) -> bool {
        self.waiting
            .try_update_value(|w| {
                if w.active {
                    w.parts.push_back(shown);
                }
                w.active
            })
            .unwrap_or(false)
    }
}

/// Provided by `App` while it takes a page over.
pub fn provide_takeover(takeover: Option<Takeover>) {
    if let Some(takeover) = takeover {
        provide_context(takeover);
    }
}

/// Whether the app's copy is what the reader sees (tracked): false while a
/// takeover builds it out of sight. What changes the whole document (the
/// root's language and theme) or needs the copy on screen (scrolling to an
/// item) waits for it, so the page on screen is not restyled under the
/// reader and the change lands in the same task as the swap.
pub fn on_screen() -> bool {
    use_context::<Takeover>().is_none_or(|t| t.done.get())
}

/// Renders `part` now, or in a later step while the app takes over a
/// pre-rendered page. The part is built once; its place in the DOM is kept.
pub fn later<V>(part: impl FnOnce() -> V + Send + Sync + 'static) -> AnyView
where
    V: IntoView + 'static,
{
    let shown = RwSignal::new(false);
    match use_context::<Takeover>() {
        Some(takeover) if takeover.wait(shown) => {
            deferred(shown, Box::new(move || part().into_any()))
        }
        _ => part().into_any(),
    }
}

/// One body for every waiting part (less code than one per kind of part).
fn deferred(shown: RwSignal<bool>, build: Box<dyn FnOnce() -> AnyView + Send + Sync>) -> AnyView {
    let build = StoredValue::new(Some(build));
    (move || {
        shown
            .get()
            .then(|| build.try_update_value(Option::take).flatten())
            .flatten()
            // Built once: what it reads must not rebuild (and so remove)
            // it; a part that follows a signal does so in its own closure.
            .map(untrack)
    })
    .into_any()
}
