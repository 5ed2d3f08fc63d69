//! What the reader is typing into the search box, ahead of the URL: shared
//! by the box in the header and the search page.

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;

/// What the reader is typing, ahead of the URL.
#[derive(Clone, Copy)]
pub struct SearchDraft {
    pub text: RwSignal<String>,
    /// The last query the box wrote into the URL: the URL catching up
    /// with it must not overwrite newer typing.
    pub(crate) pushed: StoredValue<Option<String>>,
    pub(crate) timer: StoredValue<Option<TimeoutHandle>>,
}

pub fn provide_search_draft() {
    provide_context(SearchDraft {
        text: RwSignal::new(String::new()),
        pushed: StoredValue::new(None),
        timer: StoredValue::new(None),
    });
}

pub fn use_search_draft() -> SearchDraft {
    use_context::<SearchDraft>().unwrap_or_else(|| SearchDraft {
        text: RwSignal::new(String::new()),
        pushed: StoredValue::new(None),
        timer: StoredValue::new(None),
    })
}

impl SearchDraft {
    /// Takes the URL's query, unless it is the box's own echo.
    pub fn follow_url(&self, q: &str) {
        let echo = self.pushed.get_value().as_deref() == Some(q);
        self.pushed.set_value(None);
        if !echo && self.text.get_untracked() != q {
            self.text.set(q.to_string());
        }
    }
}
