//! The router: the address the reader is at, as signals; links inside the
//! site followed without a reload; Back and Forward. Which page an address
//! shows is pure (`route::Route`), and so is the address itself
//! (`route::Address`); the browser's events and history are `platform`'s.
//! (leptos_router's `Router` did this before; its generic machinery cost
//! more of the first wasm than everything here: BENCHMARKS.md, "The app's
//! own routes and router".)

use crate::platform;
use crate::route::Address;
use leptos::prelude::*;

/// The address as the pages read it (tracked).
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, with the base path.
    pub pathname: Memo<String>,
    /// The query, without its `?`.
    pub search: Memo<String>,
    /// The fragment, with its `#`.
    pub hash: Memo<String>,
}

/// How a navigation ([`use_navigate`]) changes the address.
#[derive(Clone, Copy)]
pub struct NavigateOptions {
    /// Replaces the history entry instead of adding one.
    pub replace: bool,
    /// Scrolls to the top (or to the fragment's element) once the page is
    /// shown.
    pub scroll: bool,
}

impl Default for NavigateOptions {
    fn default() -> Self {
        NavigateOptions {
            replace: false,
            scroll: true,
        }
    }
}

/// A navigation to another path waits for its page to be built before
/// the address bar changes and the window scrolls
/// ([`use_complete_navigation`]).
#[derive(Clone)]
struct Pending {
    href: String,
    options: NavigateOptions,
}

#[derive(Clone, Copy)]
struct Router {
    address: RwSignal<Address>,
    pending: StoredValue<Option<Pending>>,
}

impl Router {
    fn go(self, href: &str, options: NavigateOptions) {
        let Some(next) = platform::same_origin_href(href) else {
            platform::assign_location(href);
            return;
        };
        let address = Address::parse(&next);
        let same_path = self.address.with_untracked(|a| a.path == address.path);
        let pending = Pending {
            href: next,
            options,
        };
        if same_path {
            // Ends at once, and in place of one to this path still waiting
            // for its page (its entry would come after this one's).
            self.pending.set_value(None);
            self.address.set(address);
            finish(&pending);
        } else {
            self.pending.set_value(Some(pending));
            self.address.set(address);
        }
    }
}

fn finish(pending: &Pending) {
    platform::set_history(&pending.href, pending.options.replace);
    platform::scroll_to_fragment(pending.options.scroll);
}

/// Starts the router at the window's address, following links under `base`
/// and the history's Back and Forward; in the build's renderer (no
/// window), at `at`.
pub fn provide_router(base: &'static str, at: Option<&str>) {
    let start = match at {
        Some(at) => Address::parse(at),
        None => Address::parse(&platform::location_href_path()),
    };
    let router = Router {
        address: RwSignal::new(start),
        pending: StoredValue::new(None),
    };
    provide_context(router);
    provide_context(Location {
        pathname: Memo::new(move |_| router.address.with(|a| a.path.clone())),
        search: Memo::new(move |_| router.address.with(|a| a.search.clone())),
        hash: Memo::new(move |_| router.address.with(|a| a.hash.clone())),
    });
    if at.is_none() {
        platform::follow_links_under(base, move |href, scroll, replace| {
            router.go(&href, NavigateOptions { replace, scroll });
        });
        platform::on_history_move(move || {
            // Back or Forward: the browser restores the scroll position.
            router.pending.set_value(None);
            router
                .address
                .set(Address::parse(&platform::location_href_path()));
        });
    }
}

/// Where the reader is (tracked). Outside a router (component tests), at
/// the site's root.
pub fn use_location() -> Location {
    use_context::<Location>().unwrap_or_else(|| Location {
        pathname: Memo::new(|_| "/".to_string()),
        search: Memo::new(|_| String::new()),
        hash: Memo::new(|_| String::new()),
    })
}

/// Goes to `href` inside the app (a URL of another origin is loaded).
pub fn use_navigate() -> impl Fn(&str, NavigateOptions) + Clone + 'static {
    let router = use_context::<Router>();
    move |href, options| match router {
        Some(router) => router.go(href, options),
        None => platform::assign_location(href),
    }
}

/// Ends a navigation to another path once its page is built: the address
/// bar changes and the window scrolls (`app::Frame` calls it after each
/// render of a new path, as effects run after the render).
pub fn use_complete_navigation() -> impl Fn() + Copy + 'static {
    let router = use_context::<Router>();
    move || {
        let Some(router) = router else { return };
        let pending = router.pending.try_update_value(Option::take).flatten();
        // Only where the reader still is: a later navigation has its own.
        let here = router.address.try_with_untracked(Clone::clone);
        if let Some(pending) = pending.filter(|p| here == Some(Address::parse(&p.href))) {
            finish(&pending);
        }
    }
}
