//! A pre-rendered page taken over: the files it carries, waiting for its
//! paint, building the app's copy beside it and swapping it in.

use super::*;

/// The files a pre-rendered page carries for the app, as `(url, body)`:
/// `<script type="application/json" data-file="/data/…">` elements, inert
/// data the page was rendered from. Each is read once and removed.
pub fn carried_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let Some(list) = document().and_then(|d| {
        d.query_selector_all("script[type='application/json'][data-file]")
            .ok()
    }) else {
        return files;
    };
    for i in 0..list.length() {
        let Some(el) = list
            .get(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let (Some(url), Some(body)) = (el.get_attribute("data-file"), el.text_content()) {
            files.push((url, body));
        }
        el.remove();
    }
    files
}

/// Runs `then` in a task of its own after the browser has painted the next
/// frame (an animation frame, then a timeout): a pre-rendered page is
/// painted, and its paint measured, before the app replaces it.
pub fn after_next_paint(then: impl FnOnce() + 'static) {
    let Some(window) = window() else {
        return then();
    };
    let task = wasm_bindgen::closure::Closure::once_into_js(then);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(window) = crate::platform::window() {
            let _ = window.set_timeout_with_callback(task.unchecked_ref());
        }
    });
    if window
        .request_animation_frame(frame.unchecked_ref())
        .is_err()
    {
        // No frames (a hidden document may never paint): take over now.
        if let Ok(f) = frame.dyn_into::<js_sys::Function>() {
            let _ = f.call0(&wasm_bindgen::JsValue::NULL);
        }
    }
}

/// A callback that runs at most once, whichever event comes first.
type Once = std::rc::Rc<std::cell::Cell<Option<Box<dyn FnOnce()>>>>;

/// The longest the app waits for a pre-rendered page's paint to be measured.
const PAINT_WAIT_MS: i32 = 1000;

/// Runs `then` once a pre-rendered page's own paint has been presented and
/// measured (the browser's first largest-contentful-paint entry): a page
/// the app replaced before that would have its paint attributed to the
/// app's copy, as if the content had waited for the wasm. Without a
/// pre-rendered page, or in a browser that does not measure it, after the
/// next paint.
pub fn after_page_paint(then: impl FnOnce() + 'static) {
    let prerendered = document()
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
        && has_prerendered_page();
    let (Some(window), true) = (window(), prerendered && measures_largest_paint()) else {
        return after_next_paint(then);
    };
    let pending: Once = std::rc::Rc::new(std::cell::Cell::new(Some(Box::new(then))));
    let run = {
        let pending = pending.clone();
        move || {
            if let Some(then) = pending.take() {
                after_next_paint(then);
            }
        }
    };
    let on_entry = {
        let run = run.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(JsValue, web_sys::PerformanceObserver)>::new(
            move |_entries: JsValue, observer: web_sys::PerformanceObserver| {
                observer.disconnect();
                run();
            },
        )
        .into_js_value()
    };
    let options = web_sys::PerformanceObserverInit::new(&js_sys::Array::new());
    let _ = js_sys::Reflect::delete_property(&options, &"entryTypes".into());
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"largest-contentful-paint".into());
    let _ = js_sys::Reflect::set(&options, &"buffered".into(), &JsValue::TRUE);
    match web_sys::PerformanceObserver::new(on_entry.unchecked_ref()) {
        Ok(observer) => observer.observe(&options),
        Err(_) => return run(),
    }
    let timeout = wasm_bindgen::closure::Closure::once_into_js(run);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        timeout.unchecked_ref(),
        PAINT_WAIT_MS,
    );
}

/// Whether the browser reports largest-contentful-paint entries.
fn measures_largest_paint() -> bool {
    let Some(window) = window() else { return false };
    js_sys::Reflect::get(&window, &"PerformanceObserver".into())
        .and_then(|ctor| js_sys::Reflect::get(&ctor, &"supportedEntryTypes".into()))
        .ok()
        .and_then(|types| types.dyn_into::<js_sys::Array>().ok())
        .is_some_and(|types| types.includes(&"largest-contentful-paint".into(), 0))
}

pub fn remove_shell() {
    if let Some(shell) = document().and_then(|d| d.get_element_by_id("shell")) {
        shell.remove();
    }
}

/// Whether the document holds a pre-rendered page (not the loading shell).
pub fn has_prerendered_page() -> bool {
    document()
        .and_then(|d| d.query_selector("#shell:not([aria-busy])").ok().flatten())
        .is_some()
}

/// The class on `<html>` that keeps the app's copy out of sight (and out of
/// layout) while it is built beside the pre-rendered page (style.css). The
/// page comes with it (`render::page`): setting it would restyle the whole
/// page on screen.
const TAKING_OVER: &str = "taking-over";

/// Hides what the app builds until [`swap_in_app`]. Meanwhile a link on
/// the page is followed by the browser: the app's router, already listening,
/// would navigate its copy out of sight and leave the page as it is.
pub fn begin_takeover() {
    let Some(doc) = document() else { return };
    if let Some(root) = doc.document_element() {
        if !root.class_list().contains(TAKING_OVER) {
            let _ = root.class_list().add_1(TAKING_OVER);
        }
    }
    if let Some(shell) = doc.get_element_by_id("shell") {
        let keep = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
            |event: web_sys::Event| event.stop_propagation(),
        );
        let _ = shell.add_event_listener_with_callback("click", keep.as_ref().unchecked_ref());
        // Goes with the page at the swap.
        keep.forget();
    }
}

thread_local! {
    /// The pre-rendered page's blocks still to thin out, bottom first.
    static FAR_BLOCKS: std::cell::RefCell<Option<Vec<web_sys::Element>>> =
        const { std::cell::RefCell::new(None) };
}

/// Blocks of the pre-rendered page that contain no other block.
const LEAF_BLOCKS: &str = "#shell main .item, #shell main .archive-entry";

/// Before the swap, one block per call: a block of the pre-rendered page
/// that stands more than a screen below the window becomes an empty block
/// of the same size (a shallow copy without its id). The swap then removes
/// far fewer layout objects in its one task (under Lighthouse's tracing
/// each costs a recorded stack), nothing on or near the screen changes,
/// and the blocks keep their order ([`swap_in_app`] pairs the page's blocks
/// with the copy's by position). A reader who scrolls more than a screen
/// before the swap sees those blocks empty until it. False when none is left.
pub fn thin_out_static_page() -> bool {
    let next = FAR_BLOCKS.with_borrow_mut(|far| far.get_or_insert_with(far_blocks).pop());
    let Some(block) = next else { return false };
    let rect = block.get_bounding_client_rect();
    let screen = window()
        .and_then(|w| w.inner_height().ok()?.as_f64())
        .unwrap_or(0.0);
    if rect.top() <= 2.0 * screen {
        // The reader scrolled towards it: the rest stays as it is.
        FAR_BLOCKS.with_borrow_mut(|far| far.replace(Vec::new()));
        return false;
    }
    let height = rect.height();
    let Ok(empty) = block.clone_node_with_deep(false) else {
        return true;
    };
    let Ok(empty) = empty.dyn_into::<web_sys::HtmlElement>() else {
        return true;
    };
    let _ = empty.remove_attribute("id");
    let _ = empty.set_attribute("aria-hidden", "true");
    let style = empty.style();
    let _ = style.set_property("box-sizing", "border-box");
    let _ = style.set_property("height", &format!("{}px", height.round() as i64));
    let _ = block.replace_with_with_node_1(&empty);
    true
}

/// The leaf blocks more than a screen below the window, top to bottom.
fn far_blocks() -> Vec<web_sys::Element> {
    let Some(screen) = window().and_then(|w| w.inner_height().ok()?.as_f64()) else {
        return Vec::new();
    };
    let Some(list) = document().and_then(|d| d.query_selector_all(LEAF_BLOCKS).ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.get(i)?.dyn_into::<web_sys::Element>().ok())
        .filter(|el| el.get_bounding_client_rect().top() > 2.0 * screen)
        .collect()
}

/// Blocks of a page whose layout the browser may skip while they are off
/// screen (style.css `.offscreen`).
const BLOCKS: &str = "main .section, main .item, main .archive-entry, main .item-group";

/// Which of the pre-rendered page's blocks stand wholly below the window, in
/// document order: measured in the task before [`swap_in_app`] (reading
/// positions lays the page out, which would lengthen the swap's one task).
pub fn blocks_below_window() -> BelowWindow {
    BelowWindow {
        scroll_y: scroll_y(),
        blocks: measure_blocks_below_window(),
    }
}

/// Where the page's blocks stood, and the scroll position they were measured at.
pub struct BelowWindow {
    scroll_y: f64,
    blocks: Vec<bool>,
}

fn scroll_y() -> f64 {
    window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0)
}

fn measure_blocks_below_window() -> Vec<bool> {
    let Some(doc) = document() else {
        return Vec::new();
    };
    doc.get_element_by_id("shell")
        .and_then(|shell| {
            let bottom = window()?.inner_height().ok()?.as_f64()?;
            let list = shell.query_selector_all(BLOCKS).ok()?;
            Some(
                (0..list.length())
                    .map(|i| {
                        list.get(i)
                            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                            .is_some_and(|el| el.get_bounding_client_rect().top() > bottom)
                    })
                    .collect::<Vec<bool>>(),
            )
        })
        .unwrap_or_default()
}

/// In one task: the pre-rendered page goes and the app's copy shows. The
/// app's blocks that stood wholly below the window on the page it replaces
/// (`below`, from [`blocks_below_window`]) are left out of this layout
/// (`content-visibility`, laid out one per task afterwards by
/// [`lay_out_next_offscreen`]): nothing above or on screen changes size, so
/// nothing the reader sees moves, and the swap does not lay out the whole
/// page at once.
pub fn swap_in_app(measured: BelowWindow) {
    let Some(doc) = document() else { return };
    // The reader scrolled since: measure again.
    let below = if measured.scroll_y == scroll_y() {
        measured.blocks
    } else {
        measure_blocks_below_window()
    };
    remove_shell();
    if let Ok(list) = doc.query_selector_all(BLOCKS) {
        for (i, below) in below.into_iter().enumerate() {
            let el = list
                .get(i as u32)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok());
            if let (Some(el), true) = (el, below) {
                let _ = el.class_list().add_1("offscreen");
            }
        }
    }
    if let Some(root) = doc.document_element() {
        let _ = root.class_list().remove_1(TAKING_OVER);
    }
}

/// Lays out the first block the swap left out of layout (the next below
/// the window), in this task: false when none is left. Once all are laid
/// out, nothing changes size when the reader scrolls to them.
pub fn lay_out_next_offscreen() -> bool {
    let Some(el) = document().and_then(|d| d.query_selector(".offscreen").ok().flatten()) else {
        return false;
    };
    let _ = el.class_list().remove_1("offscreen");
    // Lays it out now, in a task of its own, not all together in a frame.
    let _ = el.get_bounding_client_rect();
    true
}

/// Resolves in a new task, after the browser has had the chance to handle
/// input and paint (a message to itself: no timer clamping).
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        // The handler holds the channel until the message arrives.
        let keep = channel.clone();
        let handler = wasm_bindgen::closure::Closure::once_into_js(move || {
            keep.port1().set_onmessage(None);
            let _ = resolve.call0(&JsValue::NULL);
        });
        channel.port1().set_onmessage(Some(handler.unchecked_ref()));
        let _ = channel.port2().post_message(&JsValue::NULL);
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds since the page started (0 where there is no clock).
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
