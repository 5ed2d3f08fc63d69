//! The address, the history and links: reading and repairing the address,
//! following in-app links, scrolling to a fragment.

use super::*;

/// The absolute URL of a path on this site.
pub fn absolute_url(path: &str) -> String {
    let origin = crate::platform::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
}

/// The path of the page's URL (`/issues/3/`).
pub fn location_path() -> String {
    crate::platform::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The page's address without its origin: `/path?query#fragment`.
pub fn location_href_path() -> String {
    let Some(location) = window().map(|w| w.location()) else {
        return "/".into();
    };
    format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default()
    )
}

/// `href` resolved against the page's address, without its origin, when
/// it is on this origin; `None` for another origin (or no window).
pub fn same_origin_href(href: &str) -> Option<String> {
    let location = window()?.location();
    let url = web_sys::Url::new_with_base(href, &location.href().ok()?).ok()?;
    (url.origin() == location.origin().ok()?)
        .then(|| format!("{}{}{}", url.pathname(), url.search(), url.hash()))
}

/// Loads `href` as a new document.
pub fn assign_location(href: &str) {
    if let Some(w) = window() {
        let _ = w.location().set_href(href);
    }
}

/// Shows `href` in the address bar: a new history entry, or in place of the
/// current one (`replace`); none when it is already there.
pub fn set_history(href: &str, replace: bool) {
    let Some(history) = window().and_then(|w| w.history().ok()) else {
        return;
    };
    if replace {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(href));
    } else if location_href_path() != href {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
    }
}

/// After a navigation: to the element the address's fragment names, or
/// else to the top when `to_top`.
pub fn scroll_to_fragment(to_top: bool) {
    let Some(w) = window() else { return };
    let hash = w.location().hash().unwrap_or_default();
    if let Some(id) = hash.strip_prefix('#').filter(|id| !id.is_empty()) {
        let id = crate::percent::decode_component(id);
        if let Some(el) = w.document().and_then(|d| d.get_element_by_id(&id)) {
            el.scroll_into_view();
            return;
        }
    }
    if to_top {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Follows a click on a link to this site under `base` inside the app
/// (`go(href, scroll, replace)`), as a browser would follow it otherwise:
/// not with a modifier key or another button, not a link with a target, a
/// download or `rel="external"`, not one to another origin or outside the
/// base path. `scroll` is false for a link marked `data-noscroll`;
/// `replace` is true for one marked with the `replace` property
/// (`platform::frame::replace_link_navigation`), which takes the current
/// history entry's place.
pub fn follow_links_under(base: &'static str, go: impl Fn(String, bool, bool) + 'static) {
    let Some(w) = window() else { return };
    let listener =
        Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            if ev.default_prevented()
                || ev.button() != 0
                || ev.meta_key()
                || ev.alt_key()
                || ev.ctrl_key()
                || ev.shift_key()
            {
                return;
            }
            let Some(link) =
                event_link(&ev).and_then(|el| el.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            let external = link
                .get_attribute("rel")
                .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
            if !link.target().is_empty() || link.has_attribute("download") || external {
                return;
            }
            let Some(href) = same_origin_href(&link.href()) else {
                return;
            };
            let inside = href
                .strip_prefix(base)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
            if !inside {
                return;
            }
            ev.prevent_default();
            let replace = js_sys::Reflect::get(&link, &JsValue::from_str("replace"))
                .ok()
                .and_then(|r| r.as_bool())
                .unwrap_or(false);
            go(href, !link.has_attribute("data-noscroll"), replace);
        });
    let _ = w.add_event_listener_with_callback("click", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Calls `moved` when Back or Forward changes the page's address.
pub fn on_history_move(moved: impl Fn() + 'static) {
    let Some(w) = window() else { return };
    let listener = Closure::<dyn FnMut()>::new(moved);
    let _ = w.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// The query string of the page's URL (`?…`, or empty).
pub fn location_search() -> String {
    crate::platform::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The page's origin; `None` where it is opaque (a sandboxed frame).
pub fn own_origin() -> Option<String> {
    let origin = crate::platform::window()?.location().origin().ok()?;
    (origin != "null").then_some(origin)
}

/// Whether the element a focus event reached shows focus as the keyboard
/// does (`:focus-visible`): false for the focus a mouse or touch press gives.
pub fn is_focus_visible(event: &web_sys::FocusEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.matches(":focus-visible").ok())
        .unwrap_or(true)
}

/// Rewrites the address bar (without a navigation) when its percent-encoding
/// would make the router's decoder throw (`/search?q=100%`): see
/// `percent::repair_percent_encoding`. Call before the router reads it.
pub fn repair_location() {
    if let Some(repaired) = crate::percent::repair_percent_encoding(&location_href_path()) {
        set_history(&repaired, true);
    }
}

/// Repairs the percent-encoding of every link as it is clicked, before the
/// router (which listens later, in the bubble phase) reads it. For the
/// page's life.
pub fn repair_links_on_click() {
    let Some(window) = crate::platform::window() else {
        return;
    };
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
        move |event: web_sys::Event| {
            if let Some(link) = event_link(&event) {
                let href = link.get_attribute("href").unwrap_or_default();
                if let Some(repaired) = crate::percent::repair_percent_encoding(&href) {
                    let _ = link.set_attribute("href", &repaired);
                }
            }
        },
    );
    let _ = window.add_event_listener_with_callback_and_bool(
        "click",
        callback.as_ref().unchecked_ref(),
        true,
    );
    callback.forget();
}

/// Reloads the page.
pub fn reload() {
    if let Some(w) = crate::platform::window() {
        let _ = w.location().reload();
    }
}
