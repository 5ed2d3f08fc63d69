//! The browser edge: the only module that touches `web_sys`. Every function
//! reports failure as a value; none panics, including inside sandboxed or
//! storage-partitioned iframes where storage access throws.

pub mod embed;
pub mod sw;

use crate::load::{check_status, LoadError};
#[cfg(target_arch = "wasm32")]
use crate::model::decode::Wrong;
use crate::model::Decode;
#[cfg(target_arch = "wasm32")]
use crate::model::{check_version, Json};
use crate::model::{nesting_depth, DataError, MAX_NESTING};
use crate::route::normalize_base;
use js_sys::Reflect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long a data request may take before it counts as timed out.
const TIMEOUT_MS: i32 = 10_000;
/// Set by the service worker on its answer for a file it can neither fetch
/// nor find stored (`public/sw.js`).
const OFFLINE_HEADER: &str = "x-weekly-offline";
/// The largest published file the reader accepts (the biggest real one, a
/// tag's older items on the 1,000-issue corpus, is about 350 KB): a larger
/// answer ends in the typed error instead of exhausting memory.
const MAX_BODY: usize = 16 * 1024 * 1024;

fn too_large() -> LoadError {
    LoadError::BadData(crate::model::DataError::NotJson("larger than 16 MB"))
}

/// Transient failures are retried this many times, after a short pause.
const RETRIES: u32 = 1;

/// The browser window; none when the build renders pages natively, so
/// everything here is inert there.
pub(crate) fn window() -> Option<web_sys::Window> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()
}

/// Whether this runs in the browser (not in the build's page renderer).
pub fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// Runs `task` on the page's event loop. The build's renderer runs no
/// tasks: it renders what the files it holds give at once.
pub fn spawn(task: impl std::future::Future<Output = ()> + 'static) {
    if in_browser() {
        leptos::task::spawn_local(task);
    }
}

fn document() -> Option<web_sys::Document> {
    crate::platform::window()?.document()
}

/// The base path from `<base href>` (written by Trunk's `--public-url`).
pub fn base_path() -> String {
    let href = document()
        .and_then(|d| d.query_selector("base[href]").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .unwrap_or_default();
    normalize_base(&href)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = crate::platform::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Fetches `url` and parses it as published JSON, with a timeout and one
/// retry for failures that may be transient (network, timeout, 5xx).
pub async fn fetch_json<T: Decode>(url: &str) -> Result<T, LoadError> {
    fetch_text(url).await.and_then(|body| parse(&body))
}

/// Parses a published file's body, checking its schema version. In the
/// browser the browser's own `JSON.parse` reads it and the model's decoders
/// (`model::decode`) read our types from the result: the wasm carries no
/// JSON parser and no serde deserializers (BENCHMARKS.md). Natively (the
/// build's renderer, tests) the same decoders read `serde_json`'s value.
pub fn parse<T: Decode>(body: &str) -> Result<T, LoadError> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = parse_js(body).map_err(LoadError::BadData)?;
        T::decode(&value).map_err(|e| LoadError::BadData(DataError::Field(e)))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::load::parse(body)
    }
}

#[cfg(target_arch = "wasm32")]
type JsonValue = JsValue;
#[cfg(not(target_arch = "wasm32"))]
type JsonValue = serde_json::Value;

/// Parses `body` as JSON of any kind (nesting bounded as for published
/// files): the browser's own parser in the wasm, `serde_json` natively.
fn parse_value(body: &str) -> Result<JsonValue, DataError> {
    if nesting_depth(body) > MAX_NESTING {
        return Err(DataError::NotJson("nested too deeply"));
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JSON::parse(body).map_err(|_| DataError::NotJson("not JSON"))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(body).map_err(|_| DataError::NotJson("not JSON"))
    }
}

/// Reads a reader's history (`memory`) from `text`, every field checked.
pub fn read_history(text: &str) -> Result<crate::memory::Memory, crate::memory::ImportError> {
    let value = parse_value(text).map_err(|_| crate::memory::ImportError::NotJson)?;
    // Natively the decoders read `&serde_json::Value`.
    #[cfg(not(target_arch = "wasm32"))]
    let value = &value;
    crate::memory::Memory::read_from(&value)
}

/// The non-generic half of [`parse`]: the nesting bound (the decoders
/// recurse, and a hostile file must not exhaust the wasm's stack), the
/// browser's parse and the schema version.
#[cfg(target_arch = "wasm32")]
fn parse_js(body: &str) -> Result<JsValue, DataError> {
    let value = parse_value(body)?;
    check_version(&value)?;
    Ok(value)
}

/// What the browser's `JSON.parse` made, as the decoders read it.
#[cfg(target_arch = "wasm32")]
impl Json for JsValue {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        js_sys::Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_null() && !v.is_undefined())
    }
    fn string(&self) -> Option<String> {
        self.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let array: &js_sys::Array = self.dyn_ref()?;
        // One element out of the array at a time (see `model::decode`).
        Some((0..array.length()).try_for_each(|i| read(array.get(i))))
    }
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        let keys = js_sys::Object::keys(self.unchecked_ref::<js_sys::Object>());
        Some((0..keys.length()).try_for_each(|i| {
            let key = keys.get(i);
            let value = js_sys::Reflect::get(self, &key).map_err(|_| Wrong(None))?;
            read(key.as_string().ok_or(Wrong(None))?, value)
        }))
    }
}

/// The body of `url` when the server answers with success; the fetching
/// half of [`fetch_json`], not generic so it is compiled once.
pub async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let mut attempt = 0;
    loop {
        let result = fetch_once(url)
            .await
            .and_then(|(status, body)| check_status(status).map(|()| body));
        match result {
            Err(e) if e.is_transient() && attempt < RETRIES => {
                attempt += 1;
                sleep(400).await;
            }
            other => return other,
        }
    }
}

/// One GET through `gloo-net` (the brief's HTTP client), aborted after
/// `TIMEOUT_MS`; unhashed files are revalidated (`cache: no-cache`), hashed
/// ones may come from the HTTP cache.
async fn fetch_once(url: &str) -> Result<(u16, String), LoadError> {
    let window = crate::platform::window().ok_or(LoadError::Network)?;
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    if let Some(c) = &controller {
        let abort = c.clone();
        let timer = wasm_bindgen::closure::Closure::once_into_js(move || abort.abort());
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            timer.unchecked_ref(),
            TIMEOUT_MS,
        );
    }
    let failed = || match &signal {
        Some(s) if s.aborted() => LoadError::Timeout,
        _ => LoadError::Network,
    };
    let cache = if crate::load::is_immutable(url) {
        web_sys::RequestCache::Default
    } else {
        web_sys::RequestCache::NoCache
    };
    let response = gloo_net::http::Request::get(url)
        .cache(cache)
        .abort_signal(signal.as_ref())
        .send()
        .await
        .map_err(|_| failed())?;
    let status = response.status();
    let headers = response.headers();
    if headers.has(OFFLINE_HEADER) {
        return Err(LoadError::Offline);
    }
    let declared = headers.get("content-length");
    if declared.is_some_and(|n| crate::load::declares_more_than(&n, MAX_BODY)) {
        return Err(too_large());
    }
    read_capped(response.body(), failed)
        .await
        .map(|body| (status, body))
}

/// A response's body, counted as it streams in and refused (the download
/// cancelled) once it passes `MAX_BODY` bytes: the bytes after the host's
/// compression is undone, so a small brotli bomb ends in the typed error
/// after 16 MB, never in a tab out of memory or a second download (the
/// error is not transient: it is not retried).
async fn read_capped(
    body: Option<web_sys::ReadableStream>,
    failed: impl Fn() -> LoadError,
) -> Result<String, LoadError> {
    let Some(stream) = body else {
        return Ok(String::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let step = JsFuture::from(reader.read()).await.map_err(|_| failed())?;
        let field = |name: &str| Reflect::get(&step, &JsValue::from_str(name)).ok();
        if field("done").and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Some(chunk) = field("value").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok())
        else {
            return Err(failed());
        };
        let length = chunk.length() as usize;
        if bytes.len() + length > MAX_BODY {
            let _ = reader.cancel();
            return Err(too_large());
        }
        let start = bytes.len();
        bytes.resize(start + length, 0);
        chunk.copy_to(&mut bytes[start..]);
    }
    // As `Response.text()` reads it: a byte-order mark dropped, malformed
    // UTF-8 replaced (then refused as "not JSON" by the parser).
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// Sets (or with `None` removes) an attribute of `<html>`.
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = document().and_then(|d| d.document_element()) {
        // An unchanged value is left alone: a change restyles the page.
        if root.get_attribute(name).as_deref() == value {
            return;
        }
        let _ = match value {
            Some(v) => root.set_attribute(name, v),
            None => root.remove_attribute(name),
        };
    }
}

/// The browser's preferred languages, most preferred first.
pub fn preferred_languages() -> Vec<String> {
    let Some(navigator) = crate::platform::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// Local storage, or `None` where it is missing or access throws.
fn storage() -> Option<web_sys::Storage> {
    crate::platform::window()?.local_storage().ok().flatten()
}

/// A remembered preference of this deployment (`prefs::storage_key`);
/// `None` when storage is unavailable. A choice made before keys carried
/// the base path (under the bare key) is read when there is none yet.
pub fn load_preference(key: &str) -> Option<String> {
    let storage = storage()?;
    let scoped = crate::prefs::storage_key(&base_path(), key);
    match storage.get_item(&scoped).ok().flatten() {
        Some(value) => Some(value),
        None => storage.get_item(key).ok().flatten(),
    }
}

/// Remembers a preference of this deployment when storage allows it;
/// silently does nothing otherwise (private mode, sandboxed iframe, quota).
pub fn save_preference(key: &str, value: Option<&str>) {
    if let Some(s) = storage() {
        let scoped = crate::prefs::storage_key(&base_path(), key);
        let _ = match value {
            Some(v) => s.set_item(&scoped, v),
            None => s.remove_item(&scoped).and_then(|()| s.remove_item(key)),
        };
    }
}

/// Removes the static app shell once the app has rendered.
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

/// The absolute URL of a path on this site.
pub fn absolute_url(path: &str) -> String {
    let origin = crate::platform::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{path}")
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

/// Whether the browser's storage can be used here (it throws in sandboxed
/// frames and some private modes).
pub fn storage_available() -> bool {
    storage().is_some()
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
        let id = crate::route::decode_component(id);
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
/// (`platform::embed::replace_link_navigation`), which takes the current
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
/// `route::repair_percent_encoding`. Call before the router reads it.
pub fn repair_location() {
    if let Some(repaired) = crate::route::repair_percent_encoding(&location_href_path()) {
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
                if let Some(repaired) = crate::route::repair_percent_encoding(&href) {
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
