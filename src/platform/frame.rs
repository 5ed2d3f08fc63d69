//! The browser side of embedding: is the reader framed, who framed it, the
//! messages to and from `window.parent`, and the content's height. The
//! rules (which origins, which messages) are `crate::portal`; nothing here
//! decides, and nothing throws.

use crate::portal::RawMessage;
use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// True when the page runs inside a frame.
pub fn is_framed() -> bool {
    let Some(window) = crate::platform::window() else {
        return false;
    };
    match window.parent() {
        Ok(Some(parent)) => !Object::is(&parent, &window),
        _ => false,
    }
}

/// The origin of the page that framed this one, as far as the browser
/// says: `location.ancestorOrigins` (Chromium, WebKit), else the referrer
/// of the first load (which a `no-referrer` policy removes).
pub fn framing_origin() -> Option<String> {
    let window = crate::platform::window()?;
    let location = window.location();
    let from_ancestors = Reflect::get(&location, &JsValue::from_str("ancestorOrigins"))
        .ok()
        .and_then(|list| list.dyn_into::<web_sys::DomStringList>().ok())
        .and_then(|list| list.item(0));
    from_ancestors.or_else(|| {
        let referrer = window.document()?.referrer();
        let url = web_sys::Url::new(&referrer).ok()?;
        Some(url.origin())
    })
}

/// Posts `{type, v: 1, ...fields}` to the parent, addressed to `origin` only.
pub fn post_to_parent(origin: &str, kind: &str, fields: &[(&str, JsValue)]) {
    let Some(window) = crate::platform::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &kind.into());
    let _ = Reflect::set(
        &message,
        &"v".into(),
        &JsValue::from(crate::portal::PROTOCOL_VERSION),
    );
    for (key, value) in fields {
        let _ = Reflect::set(&message, &(*key).into(), value);
    }
    let _ = parent.post_message(&message, origin);
}

/// Listens for messages; `on_message(origin, from_parent, fields)` runs for
/// each. Stops when the returned value is dropped.
pub struct MessageListener {
    callback: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for MessageListener {
    fn drop(&mut self) {
        if let Some(window) = crate::platform::window() {
            let _ = window.remove_event_listener_with_callback(
                "message",
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}

pub fn listen_messages(
    mut on_message: impl FnMut(String, bool, RawMessage) + 'static,
) -> Option<MessageListener> {
    let window = crate::platform::window()?;
    let callback =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let from_parent = match (
                event.source(),
                crate::platform::window().and_then(|w| w.parent().ok().flatten()),
            ) {
                (Some(source), Some(parent)) => Object::is(&source, &parent),
                _ => false,
            };
            on_message(event.origin(), from_parent, read_message(&event.data()));
        });
    window
        .add_event_listener_with_callback("message", callback.as_ref().unchecked_ref())
        .ok()?;
    Some(MessageListener { callback })
}

/// The string and number fields of a message, whatever its shape.
fn read_message(data: &JsValue) -> RawMessage {
    if !data.is_object() {
        return RawMessage::default();
    }
    let field = |name: &str| Reflect::get(data, &JsValue::from_str(name)).ok();
    RawMessage {
        kind: field("type").and_then(|v| v.as_string()),
        version: field("v").and_then(|v| v.as_f64()),
        path: field("path").and_then(|v| v.as_string()),
    }
}

/// Calls `on_height` with the document's height whenever it changes.
/// ResizeObserver reports at most once a frame, after layout, so the height
/// leaves in the frame of the change. Stops when the returned value is dropped.
pub struct HeightWatch {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

pub fn watch_height(on_height: impl Fn(f64) + 'static) -> Option<HeightWatch> {
    let root = crate::platform::window()?.document()?.document_element()?;
    let measured = root.clone();
    let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
        on_height(measured.get_bounding_client_rect().height().ceil());
    });
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(&root);
    Some(HeightWatch {
        observer,
        _callback: callback,
    })
}
/// Makes every link the router follows replace the current history entry
/// instead of pushing one: before the router sees a click (this listens in
/// the capture phase), the link gets the `replace` property the router
/// reads. Stops when the returned value is dropped.
pub struct ReplaceLinks {
    callback: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for ReplaceLinks {
    fn drop(&mut self) {
        if let Some(window) = crate::platform::window() {
            let _ = window.remove_event_listener_with_callback_and_bool(
                "click",
                self.callback.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}

pub fn replace_link_navigation() -> Option<ReplaceLinks> {
    let window = crate::platform::window()?;
    let callback = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        if let Some(link) = crate::platform::event_link(&event) {
            let _ = Reflect::set(&link, &JsValue::from_str("replace"), &JsValue::TRUE);
        }
    });
    window
        .add_event_listener_with_callback_and_bool("click", callback.as_ref().unchecked_ref(), true)
        .ok()?;
    Some(ReplaceLinks { callback })
}
