//! The service worker from the page's side: registration (feature-detected,
//! never throwing: no service worker, a sandboxed or partitioned frame, a
//! failing registration all leave the reader working), the update waiting
//! for the reader's consent, the network state the worker reports, and the
//! storage estimate. What the worker does is `public/sw.js`.

use js_sys::{Object, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What the page hears from its worker.
pub struct WorkerEvents {
    /// A new version is installed and waiting.
    pub update_ready: Box<dyn Fn()>,
    /// The worker reached, or failed to reach, the network.
    pub network: Box<dyn Fn(bool)>,
}

/// The page's registration; `accept_update` activates a waiting version.
#[derive(Clone)]
pub struct Worker {
    registration: web_sys::ServiceWorkerRegistration,
    accepted: Rc<Cell<bool>>,
}

fn container() -> Option<web_sys::ServiceWorkerContainer> {
    let navigator = crate::platform::window()?.navigator();
    // Reading the property throws in an opaque-origin frame: ask through Reflect.
    let value = Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    value.dyn_into().ok()
}

/// Whether a worker controls this page (it can then store what it reads).
pub fn is_controlled() -> bool {
    container().and_then(|c| c.controller()).is_some()
}

/// Registers `url` for `scope` and reports what happens; `None` where the
/// browser has no service workers or refuses the registration.
pub async fn register(url: &str, scope: &str, events: WorkerEvents) -> Option<Worker> {
    let container = container()?;
    let accepted = Rc::new(Cell::new(false));
    let events = Rc::new(events);

    // Reload once, and only in the tab that accepted, when the new version takes over.
    let reload_once = {
        let accepted = accepted.clone();
        let reloaded = Cell::new(false);
        Closure::<dyn Fn()>::new(move || {
            if accepted.get() && !reloaded.replace(true) {
                if let Some(w) = crate::platform::window() {
                    let _ = w.location().reload();
                }
            }
        })
    };
    let _ = container
        .add_event_listener_with_callback("controllerchange", reload_once.as_ref().unchecked_ref());
    reload_once.forget();

    let on_message = {
        let events = events.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let kind = Reflect::get(&data, &JsValue::from_str("type")).ok();
            if kind.and_then(|k| k.as_string()).as_deref() == Some("weekly:network") {
                let online = Reflect::get(&data, &JsValue::from_str("online"))
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(true);
                (events.network)(online);
            }
        })
    };
    let _ =
        container.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
    // Messages sent before this listener existed wait in a queue until now.
    if let Ok(start) = Reflect::get(&container, &JsValue::from_str("startMessages")) {
        if let Some(start) = start.dyn_ref::<js_sys::Function>() {
            let _ = start.call0(&container);
        }
    }

    // This page runs the active version: older shells may be dropped, and
    // the worker says whether the network answered before we listened.
    if let Some(active) = container.controller() {
        let _ = active.post_message(&message("weekly:started"));
    }
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(scope);
    let registration: web_sys::ServiceWorkerRegistration =
        JsFuture::from(container.register_with_options(url, &options))
            .await
            .ok()?
            .dyn_into()
            .ok()?;

    // A version already waiting (installed while another tab was open).
    let waiting = || container.controller().is_some() && registration.waiting().is_some();
    if waiting() {
        (events.update_ready)();
    }
    let on_update_found = {
        let registration = registration.clone();
        let events = events.clone();
        Closure::<dyn Fn()>::new(move || {
            let Some(installing) = registration.installing() else {
                return;
            };
            let worker = installing.clone();
            let events = events.clone();
            let on_state = Closure::<dyn Fn()>::new(move || {
                let has_controller = is_controlled();
                if worker.state() == web_sys::ServiceWorkerState::Installed && has_controller {
                    (events.update_ready)();
                }
            });
            let _ = installing
                .add_event_listener_with_callback("statechange", on_state.as_ref().unchecked_ref());
            on_state.forget();
        })
    };
    let _ = registration
        .add_event_listener_with_callback("updatefound", on_update_found.as_ref().unchecked_ref());
    on_update_found.forget();

    Some(Worker {
        registration,
        accepted,
    })
}

fn message(kind: &str) -> JsValue {
    let m = Object::new();
    let _ = Reflect::set(&m, &JsValue::from_str("type"), &JsValue::from_str(kind));
    m.into()
}

impl Worker {
    /// Whether the worker stored `url` among this deployment's data (what
    /// the page read was kept for offline reading).
    pub async fn is_stored(&self, url: &str) -> bool {
        cache_holds(&crate::offline::data_cache(&self.registration.scope()), url).await
    }

    /// Tells the worker "save every issue" finished: data the current
    /// version no longer names can go.
    pub fn saved(&self) {
        if let Some(active) = self.registration.active() {
            let _ = active.post_message(&message("weekly:saved"));
        }
    }

    /// Activates the waiting version; the page reloads once it controls it.
    /// When another tab accepted first, nothing waits any more and the new
    /// version already controls this page: reload now.
    pub fn accept_update(&self) {
        match self.registration.waiting() {
            Some(waiting) => {
                self.accepted.set(true);
                let _ = waiting.post_message(&message("weekly:skip-waiting"));
            }
            None => {
                if let Some(w) = crate::platform::window() {
                    let _ = w.location().reload();
                }
            }
        }
    }
}

/// Asks the browser to keep this site's storage under pressure; false when refused.
pub async fn persist_storage() -> bool {
    let Some(storage) = storage_manager() else {
        return false;
    };
    match storage.persist() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
        Err(_) => false,
    }
}

/// The bytes this site stores, where the browser says.
pub async fn storage_usage() -> Option<u64> {
    let estimate = JsFuture::from(storage_manager()?.estimate().ok()?)
        .await
        .ok()?;
    let usage = Reflect::get(&estimate, &JsValue::from_str("usage"))
        .ok()?
        .as_f64()?;
    Some(usage as u64)
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = crate::platform::window()?.navigator();
    Reflect::get(&navigator, &JsValue::from_str("storage"))
        .ok()?
        .dyn_into()
        .ok()
}

/// Calls `on_change(online)` when the browser's connectivity changes.
pub fn watch_connectivity(on_change: impl Fn(bool) + 'static) {
    let Some(window) = crate::platform::window() else {
        return;
    };
    let on_change = Rc::new(on_change);
    for (event, online) in [("online", true), ("offline", false)] {
        let on_change = on_change.clone();
        let callback = Closure::<dyn Fn()>::new(move || on_change(online));
        let _ = window.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        callback.forget();
    }
}

/// `navigator.onLine`: false when the browser knows it is offline.
pub fn browser_online() -> bool {
    crate::platform::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `on_change` when another worker takes control of the page.
pub fn watch_controller(on_change: impl Fn() + 'static) {
    let Some(container) = container() else { return };
    let callback = Closure::<dyn Fn()>::new(on_change);
    let _ = container
        .add_event_listener_with_callback("controllerchange", callback.as_ref().unchecked_ref());
    callback.forget();
}

/// Whether `cache` (one of this deployment's: its name carries the scope,
/// `offline::data_cache`) holds `url`.
async fn cache_holds(cache: &str, url: &str) -> bool {
    let Some(caches) = crate::platform::window().and_then(|w| w.caches().ok()) else {
        return false;
    };
    let options = web_sys::CacheQueryOptions::new();
    options.set_cache_name(cache);
    match JsFuture::from(caches.match_with_str_and_options(url, &options)).await {
        Ok(found) => !found.is_undefined() && !found.is_null(),
        Err(_) => false,
    }
}
