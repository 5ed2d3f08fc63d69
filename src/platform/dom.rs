//! Focus, keys, pointers, dialogs, files, the clipboard, and watching
//! elements come into view.

use super::*;

/// Scrolls to the element with `id` and marks it as the highlighted item.
pub fn highlight(id: &str) -> bool {
    let Some(doc) = document() else { return false };
    if let Ok(list) = doc.query_selector_all(".highlight") {
        for i in 0..list.length() {
            if let Some(el) = list
                .get(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("highlight");
            }
        }
    }
    match doc.get_element_by_id(id) {
        Some(el) => {
            let _ = el.class_list().add_1("highlight");
            el.scroll_into_view();
            true
        }
        None => false,
    }
}

/// Copies `text` to the clipboard; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(navigator) = crate::platform::window().map(|w| w.navigator()) else {
        return false;
    };
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .unwrap_or(JsValue::UNDEFINED);
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
        .unwrap_or(JsValue::UNDEFINED);
    let Some(write) = write.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(p) => JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// True when a key press comes from a text field, where shortcuts must not fire.
pub fn typing_in_field(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            tag == "input"
                || tag == "textarea"
                || tag == "select"
                || el.has_attribute("contenteditable")
        })
}

/// Whether a modal dialog is open over the page (its keys are its own).
/// Read from the page, not from app state: a dialog closed by Escape or
/// `close()` is closed at once, while its `close` event (which the app's
/// state follows) comes a task later, and a key pressed in between must
/// reach the page (a `/` right after Escape was lost in one run in four).
pub fn dialog_open() -> bool {
    document().is_some_and(|doc| doc.query_selector("dialog[open]").ok().flatten().is_some())
}

/// Moves keyboard focus `delta` places among the elements matching
/// `selector` (from outside them, down enters at the first). False when
/// there is nowhere to go.
pub fn move_focus(selector: &str, delta: i32) -> bool {
    let Some(doc) = document() else { return false };
    let Ok(list) = doc.query_selector_all(selector) else {
        return false;
    };
    let elements: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let active = doc.active_element();
    let current = elements.iter().position(|el| {
        active
            .as_ref()
            .is_some_and(|a| a == el.as_ref() as &web_sys::Element)
    });
    let next = match current {
        Some(i) => i as i32 + delta,
        None if delta > 0 => 0,
        None => return false,
    };
    match usize::try_from(next).ok().and_then(|i| elements.get(i)) {
        Some(el) => el.focus().is_ok(),
        None => false,
    }
}

/// The element matching `selector`, if any.
pub fn element(selector: &str) -> Option<web_sys::Element> {
    document()?.query_selector(selector).ok()?
}

/// The page's items (`article.item`, in page order): their ids, and their
/// top and bottom edges relative to the window.
pub fn item_rects() -> (Vec<String>, Vec<(f64, f64)>) {
    let Some(list) = document().and_then(|d| d.query_selector_all("article.item").ok()) else {
        return (Vec::new(), Vec::new());
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let rect = el.get_bounding_client_rect();
            (el.id(), (rect.top(), rect.bottom()))
        })
        .unzip()
}

/// Moves focus to the next (`delta` 1) or previous (-1) item of the page
/// (`keys::step`) and scrolls it to the top; false when there is none.
pub fn step_item(delta: i32) -> bool {
    let Some(doc) = document() else { return false };
    let Ok(list) = doc.query_selector_all("article.item") else {
        return false;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let active = doc.active_element();
    let current = items.iter().position(|item| {
        active
            .as_ref()
            .is_some_and(|a| (item.as_ref() as &web_sys::Node).contains(Some(a)))
    });
    let tops: Vec<f64> = items
        .iter()
        .map(|item| item.get_bounding_client_rect().top())
        .collect();
    let Some(item) = crate::keys::step(current, &tops, delta).and_then(|i| items.get(i)) else {
        return false;
    };
    // Focusable from script only: the item stays out of the Tab order.
    let _ = item.set_attribute("tabindex", "-1");
    item.scroll_into_view();
    item.focus().is_ok()
}

/// Offers `text` as a file named `name` to download (a JSON blob the
/// page makes; nothing is sent anywhere). False when the browser refuses.
pub fn download(name: &str, text: &str) -> bool {
    let Some(doc) = document() else { return false };
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let Some(link) = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return false;
    };
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the click; the blob can go after it.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(w) = window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 1_000);
    }
    true
}

/// The file chosen in the `<input type="file">` that sent `event`, with
/// its size in bytes; the input is cleared, so choosing the same file
/// again is a change too.
pub fn chosen_file(event: &web_sys::Event) -> Option<(web_sys::File, f64)> {
    let input = event
        .target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    let size = file.size();
    Some((file, size))
}

/// The text of `file`; `None` when it cannot be read as text.
pub async fn file_text(file: &web_sys::File) -> Option<String> {
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// Runs `then` `ms` milliseconds after the page's `load` event (counted
/// from now if it has passed).
pub fn after_load(ms: i32, then: impl FnOnce() + 'static) {
    let (Some(window), Some(doc)) = (window(), document()) else {
        return;
    };
    let run = Closure::once_into_js(then);
    let delayed = Closure::once_into_js({
        let window = window.clone();
        move || {
            let _ = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(run.unchecked_ref(), ms);
        }
    });
    if doc.ready_state() == "complete" {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(delayed.unchecked_ref(), 0);
    } else {
        let _ = window.add_event_listener_with_callback("load", delayed.unchecked_ref());
    }
}

/// Shows `dialog` as a modal dialog.
pub fn show_modal(dialog: &web_sys::HtmlDialogElement) {
    if !dialog.open() {
        let _ = dialog.show_modal();
    }
}

/// Closes `dialog` (its `close` event follows).
pub fn close_dialog(dialog: &web_sys::HtmlDialogElement) {
    dialog.close();
}

/// Focuses the element with `id`.
pub fn focus_id(id: &str) -> bool {
    document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// Calls back whenever an element comes within a margin of the viewport;
/// watching stops when this is dropped.
pub struct NearWatch {
    observer: web_sys::IntersectionObserver,
    target: web_sys::Element,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl NearWatch {
    /// Reports again whether the element is near (it may have stayed near
    /// while the page changed around it, which the observer does not report).
    pub fn recheck(&self) {
        self.observer.unobserve(&self.target);
        self.observer.observe(&self.target);
    }
}

impl Drop for NearWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Watches `target`; `near` runs each time it is within `margin` (CSS
/// margin syntax around the viewport), including at once if it already is.
/// None where the browser has no IntersectionObserver.
pub fn watch_near(
    target: &web_sys::Element,
    margin: &str,
    mut near: impl FnMut() + 'static,
) -> Option<NearWatch> {
    watch(target, margin, move |is_near| {
        if is_near {
            near();
        }
    })
}

/// Watches whether `target` is on screen (in a frame, on the portal's
/// screen too: the observer accounts for the top-level window): `seen`
/// runs with `true` when it comes on screen, `false` when it leaves,
/// including at once with where it is.
pub fn watch_visible(
    target: &web_sys::Element,
    seen: impl FnMut(bool) + 'static,
) -> Option<NearWatch> {
    watch(target, "0px", seen)
}

fn watch(
    target: &web_sys::Element,
    margin: &str,
    mut report: impl FnMut(bool) + 'static,
) -> Option<NearWatch> {
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            // The last entry is the newest state.
            if let Some(entry) = entries
                .iter()
                .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                .next_back()
            {
                report(entry.is_intersecting());
            }
        },
    );
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    let observer = web_sys::IntersectionObserver::new_with_options(
        callback.as_ref().unchecked_ref(),
        &options,
    )
    .ok()?;
    observer.observe(target);
    Some(NearWatch {
        observer,
        target: target.clone(),
        _callback: callback,
    })
}

/// The link an event happened in.
pub(crate) fn event_link(event: &web_sys::Event) -> Option<web_sys::Element> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()?
}

/// The `href` of the link an event happened in, as written in the page.
pub fn link_href(event: &web_sys::Event) -> Option<String> {
    event_link(event)?.get_attribute("href")
}

/// Whether `el` has keyboard focus.
pub fn has_focus(el: &web_sys::Element) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|active| &active == el)
}

/// Focuses the `n`th element (from 0) matching `selector`.
pub fn focus_nth(selector: &str, n: usize) -> bool {
    document()
        .and_then(|d| d.query_selector_all(selector).ok())
        .and_then(|list| list.get(u32::try_from(n).ok()?))
        .and_then(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.focus().is_ok())
}

/// The element an event's listener sits on.
pub fn listening_element(event: &web_sys::Event) -> Option<web_sys::Element> {
    event.current_target()?.dyn_into::<web_sys::Element>().ok()
}

/// Whether an event happened inside an element matching `selector`.
pub fn event_within(event: &web_sys::Event, selector: &str) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest(selector).ok().flatten())
        .is_some()
}

/// Where a pointer event happened, in viewport coordinates.
pub fn pointer_position(event: &web_sys::PointerEvent) -> (f64, f64) {
    (f64::from(event.client_x()), f64::from(event.client_y()))
}

/// True for a press by mouse; touch and pen press differently.
pub fn is_mouse(event: &web_sys::PointerEvent) -> bool {
    event.pointer_type() == "mouse"
}

/// Places the tooltip `tip` next to `anchor` (on the line box nearest
/// `pointer` when the anchor wraps), inside the viewport, in document
/// coordinates so it scrolls with the text. Marks it `data-placed` (the
/// stylesheet shows it only then, so it never paints unplaced) and
/// `data-side` (`above` or `below`).
pub fn place_tooltip(
    tip: &web_sys::HtmlElement,
    anchor: &web_sys::Element,
    pointer: Option<(f64, f64)>,
) {
    use crate::tooltip::{anchor_line, place, Rect};
    let Some(window) = crate::platform::window() else {
        return;
    };
    let rects = anchor.get_client_rects();
    let lines: Vec<Rect> = (0..rects.length())
        .filter_map(|i| rects.get(i))
        .map(|r| Rect {
            left: r.left(),
            top: r.top(),
            width: r.width(),
            height: r.height(),
        })
        .collect();
    let Some(line) = anchor_line(&lines, pointer) else {
        return;
    };
    let size = tip.get_bounding_client_rect();
    let root = document().and_then(|d| d.document_element());
    let viewport = root
        .map(|r| (f64::from(r.client_width()), f64::from(r.client_height())))
        .unwrap_or((0.0, 0.0));
    let at = place(line, (size.width(), size.height()), viewport);
    let scroll = (
        window.scroll_x().unwrap_or(0.0),
        window.scroll_y().unwrap_or(0.0),
    );
    let style = tip.style();
    // Through the CSSOM, which a strict style-src allows (a style attribute
    // it would not). Whole pixels: formatting floats would cost kilobytes.
    let px = |v: f64| format!("{}px", v.round() as i64);
    let _ = style.set_property("left", &px(at.left + scroll.0));
    let _ = style.set_property("top", &px(at.top + scroll.1));
    let _ = tip.set_attribute("data-side", if at.above { "above" } else { "below" });
    let _ = tip.set_attribute("data-placed", "");
}
