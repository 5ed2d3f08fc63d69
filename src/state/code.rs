//! Code on demand: a page whose code the release build splits off the
//! first wasm into a chunk of its own (`pages::on_demand` names them). The
//! chunk is fetched the first time the page is shown, or earlier when the
//! reader shows intent (`read_ahead`: the pointer resting on a link, focus
//! in the search box), and a failed fetch is a typed error with Retry,
//! never an abort. Builds without the split (the renderer, `trunk serve`,
//! the component tests) have the page built in: it renders at once.

use crate::load::LoadError;
use crate::route::Route;
use leptos::prelude::*;
use std::any::Any;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

/// Builds a page's view; the function lives in the chunk once it is here.
pub type Build = fn() -> AnyView;
/// Fetches the chunk and gives its [`Build`].
pub type Fetch = fn() -> Pin<Box<dyn Future<Output = Result<Build, LoadError>>>>;

/// One page's code.
pub struct Code {
    built_in: Option<Build>,
    fetch: Option<Fetch>,
    ready: OnceLock<Build>,
}

impl Code {
    /// A page in the first wasm.
    pub const fn built_in(build: Build) -> Code {
        Code {
            built_in: Some(build),
            fetch: None,
            ready: OnceLock::new(),
        }
    }

    /// A page in a chunk of its own.
    pub const fn on_demand(fetch: Fetch) -> Code {
        Code {
            built_in: None,
            fetch: Some(fetch),
            ready: OnceLock::new(),
        }
    }

    /// The page's builder if its code is here.
    pub fn now(&'static self) -> Option<Build> {
        self.built_in.or_else(|| self.ready.get().copied())
    }

    /// Fetches the code (once: concurrent and later calls share the load;
    /// a failed load is tried again by the next call).
    pub async fn load(&'static self) -> Result<Build, LoadError> {
        if let Some(build) = self.now() {
            return Ok(build);
        }
        let fetch = self.fetch.ok_or(LoadError::Code)?;
        let build = fetch().await?;
        Ok(*self.ready.get_or_init(|| build))
    }

    /// Starts fetching the code the reader is likely to need next.
    pub fn read_ahead(&'static self) {
        if self.now().is_none() {
            crate::platform::spawn(async move {
                let _ = self.load().await;
            });
        }
    }
}

/// A chunk that did not load (the split loader's error, a type of this
/// crate so it can convert from it); becomes `LoadError::Code` where the
/// code is asked for.
#[cfg(weekly_split)]
pub struct ChunkMissing;

#[cfg(weekly_split)]
impl From<wasm_split_helpers::SplitLoaderError> for ChunkMissing {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> ChunkMissing {
        ChunkMissing
    }
}

/// `on_demand!(CODE, fetch_fn, chunk, View)`: `CODE` builds the component
/// `View`, whose code goes into the wasm chunk `chunk` in a split build
/// (codes naming the same chunk share it) and is built in otherwise. The
/// caller has `leptos::prelude::*` in scope.
macro_rules! on_demand {
    ($code:ident, $fetch:ident, $chunk:ident, $view:ident) => {
        #[cfg(weekly_split)]
        #[wasm_split_helpers::wasm_split($chunk, fallible)]
        fn $fetch() -> Result<$crate::state::Build, $crate::state::ChunkMissing> {
            Ok(|| view! { <$view/> }.into_any())
        }
        #[cfg(weekly_split)]
        pub static $code: $crate::state::Code = $crate::state::Code::on_demand(|| {
            Box::pin(async { $fetch().await.map_err(|_| $crate::load::LoadError::Code) })
        });
        #[cfg(not(weekly_split))]
        pub static $code: $crate::state::Code =
            $crate::state::Code::built_in(|| view! { <$view/> }.into_any());
    };
}
pub(crate) use on_demand;

/// Which code a route needs, provided by the app (the pages are above this
/// module): for reading ahead on intent.
#[derive(Clone, Copy)]
pub struct CodeFor(pub fn(&Route) -> Option<&'static Code>);

/// A function that fetches the code of the page at a route ahead of time,
/// if it has any (called from event handlers and timers, which have no
/// context of their own).
pub fn use_read_code_ahead() -> impl Fn(&Route) + Copy + Send + Sync + 'static {
    let code_for = use_context::<CodeFor>();
    move |route| {
        if let Some(code) = code_for.and_then(|CodeFor(of)| of(route)) {
            code.read_ahead();
        }
    }
}

/// The state of a page's code (see [`use_code`]), kept as the published
/// files' state is (`files::Parsed`): one signal type for both.
#[derive(Clone, Copy)]
pub struct CodeState(RwSignal<Option<super::files::Parsed>>);

impl CodeState {
    /// `None` until the chunk arrives, then the builder or the error (tracked).
    pub fn get(self) -> Option<Result<Build, LoadError>> {
        self.0.get().map(|loaded| {
            loaded.and_then(|build| {
                build
                    .downcast_ref::<Build>()
                    .copied()
                    .ok_or(LoadError::Code)
            })
        })
    }

    fn is_ready(self) -> bool {
        self.0.get_untracked().is_some_and(|s| s.is_ok())
    }

    fn set(self, state: Option<Result<Build, LoadError>>) {
        self.0
            .try_set(state.map(|s| s.map(|build| Arc::new(build) as Arc<dyn Any + Send + Sync>)));
    }
}

/// The state of a page's code for its view: ready at once when the code is
/// here; otherwise `None` until the chunk arrives, then the builder or the
/// error. A takeover waits for the chunk, so the pre-rendered page stays on
/// screen meanwhile. `retry` fetches again after a failure.
pub fn use_code(code: &'static Code) -> (CodeState, Callback<()>) {
    let state = CodeState(RwSignal::new(None));
    state.set(code.now().map(Ok));
    let takeover = use_context::<super::Takeover>();
    let fetch = move || {
        if state.is_ready() {
            return;
        }
        state.set(None);
        let takeover = takeover.filter(|t| t.begin_load());
        crate::platform::spawn(async move {
            state.set(Some(code.load().await));
            if let Some(takeover) = takeover {
                takeover.end_load();
            }
        });
    };
    if state.0.get_untracked().is_none() {
        fetch();
    }
    (state, Callback::new(move |()| fetch()))
}
