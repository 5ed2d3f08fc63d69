//! The reader inside a portal's iframe (`?embed=1`): a bar with a link to
//! the full reader, and the message protocol of `crate::portal` (height,
//! route, navigation from the parent); the height is posted in the frame of
//! the change (ResizeObserver, which reports at most once a frame). Navigation inside the frame replaces
//! the frame's history entry instead of pushing one, so the portal's Back
//! button is not flooded (an iframe's entries join the portal's history).

use crate::platform;
use crate::platform::frame;
use crate::portal::{is_allowed, reported_path, Inbound, NAVIGATE, RESIZE};
use crate::state::{effect, use_app};
use crate::state::{use_location, use_navigate, NavigateOptions};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The link to the full reader, opening the same route in a new tab.
#[component]
pub fn EmbedBar() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let full = move || {
        let path = reported_path(app.base, &location.pathname.get(), &location.search.get());
        platform::absolute_url(&format!("{}{}", app.base, path))
    };
    view! {
        <div class="embed-bar">
            <a href=full target="_blank" rel="noopener noreferrer">{app.text(|t| t.open_in_weekly)}</a>
        </div>
    }
}

/// Speaks the protocol with the parent: reports height and route, follows
/// the parent's navigation. Renders nothing.
#[component]
pub fn EmbedProtocol() -> impl IntoView {
    let app = use_app();
    let location = use_location();
    let navigate = use_navigate();
    // The deploy's allowlist, and the reader's own origin: a page of the
    // same origin can script the frame anyway (an opaque origin is never one).
    let own = platform::own_origin();
    let allowlist = Memo::new(move |_| {
        let mut list = match app.catalog.get() {
            Some(Ok(catalog)) => catalog.settings.embed_origins.clone(),
            _ => Vec::new(),
        };
        list.extend(own.clone());
        list
    });
    let parent = RwSignal::new(frame::framing_origin());
    // The origin messages go to: the parent's, once it is known to be allowed.
    let target = Memo::new(move |_| {
        parent
            .get()
            .filter(|origin| is_allowed(origin, &allowlist.get()))
    });
    let height = RwSignal::new(None::<f64>);
    let route = Memo::new(move |_| {
        reported_path(app.base, &location.pathname.get(), &location.search.get())
    });
    effect(move || {
        if let (Some(origin), Some(h)) = (target.get(), height.get()) {
            frame::post_to_parent(&origin, RESIZE, &[("height", JsValue::from(h))]);
        }
    });
    effect(move || {
        if let Some(origin) = target.get() {
            frame::post_to_parent(&origin, NAVIGATE, &[("path", JsValue::from(route.get()))]);
        }
    });
    let watch = frame::watch_height(move |h| {
        if height.try_get_untracked() != Some(Some(h)) {
            height.try_set(Some(h));
        }
    });
    let listener = frame::listen_messages(move |origin, from_parent, raw| {
        if !from_parent || !is_allowed(&origin, &allowlist.get_untracked()) {
            return;
        }
        if parent.get_untracked().as_deref() != Some(origin.as_str()) {
            parent.set(Some(origin));
        }
        match Inbound::parse(&raw) {
            Some(Inbound::Navigate(path)) if path != route.get_untracked() => {
                navigate(
                    &format!("{}{path}", app.base),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
            // A parent that starts listening late hears where we are.
            Some(Inbound::Hello) => {
                if let Some(origin) = target.get_untracked() {
                    if let Some(h) = height.get_untracked() {
                        frame::post_to_parent(&origin, RESIZE, &[("height", JsValue::from(h))]);
                    }
                    frame::post_to_parent(
                        &origin,
                        NAVIGATE,
                        &[("path", JsValue::from(route.get_untracked()))],
                    );
                }
            }
            _ => {}
        }
    });
    // Dropped with the component: listeners and observer stop.
    StoredValue::new_local((watch, listener, frame::replace_link_navigation()));
}
