//! Requests for published files (gloo-net: a timeout, one retry of what may
//! be transient, `no-cache` for unhashed files, the body read as it streams
//! with a 16 MB cap, typed errors) and parsing them with the browser's
//! `JSON.parse` and the model's decoders.

use super::*;

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
type JsonValue = Js;

/// A value the browser's `JSON.parse` made, as the decoders read it (a
/// local type: the `Json` trait and `JsValue` both live in other crates).
#[cfg(target_arch = "wasm32")]
pub struct Js(JsValue);

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
        js_sys::JSON::parse(body)
            .map(Js)
            .map_err(|_| DataError::NotJson("not JSON"))
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
fn parse_js(body: &str) -> Result<Js, DataError> {
    let value = parse_value(body)?;
    check_version(&value)?;
    Ok(value)
}

#[cfg(target_arch = "wasm32")]
impl Json for Js {
    fn get(&self, key: &str) -> Option<Self> {
        if !self.0.is_object() {
            return None;
        }
        js_sys::Reflect::get(&self.0, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_null() && !v.is_undefined())
            .map(Js)
    }
    fn string(&self) -> Option<String> {
        self.0.as_string()
    }
    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let array: &js_sys::Array = self.0.dyn_ref()?;
        // One element out of the array at a time (see `model::decode`).
        Some((0..array.length()).try_for_each(|i| read(Js(array.get(i)))))
    }
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        if !self.0.is_object() || js_sys::Array::is_array(&self.0) {
            return None;
        }
        let keys = js_sys::Object::keys(self.0.unchecked_ref::<js_sys::Object>());
        Some((0..keys.length()).try_for_each(|i| {
            let key = keys.get(i);
            let value = js_sys::Reflect::get(&self.0, &key).map_err(|_| Wrong(None))?;
            read(key.as_string().ok_or(Wrong(None))?, Js(value))
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
