//! Published files: the one way every page loads its data. A file is read
//! once and shared by every page (going back to a page, or following a
//! link the reader pointed at first, see `prefetch`, needs no new request).
//! A pre-rendered page carries the files it was rendered from; they are
//! held here before the app renders, so the app renders that page at once,
//! the same as the HTML it replaces, without asking the network again.
//! The build's renderer holds every file it renders the same way.
//! Failures are not kept, so Retry asks again.

use crate::load::LoadError;
use crate::model::DataError;
use crate::model::Decode;
use crate::platform::parse;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

/// Files kept, most recently used last: a reader's last few pages.
const KEEP: usize = 12;

/// A file read and parsed, as any type: one type for every kind of file
/// (and for a page's code, `state::code`), so the signals and futures that
/// hold one are compiled once.
pub(super) type Parsed = Result<Arc<dyn Any + Send + Sync>, LoadError>;
type Pending = Shared<LocalBoxFuture<'static, Parsed>>;

enum Held {
    /// A body carried by the page, parsed when a page first asks for it.
    Body(Arc<str>),
    /// Read ahead ([`DataCache::read_ahead`]): being fetched, or fetched
    /// (a `String`: the same future type as a parsed file's), and parsed
    /// when a page first asks for it.
    Text(Pending),
    /// Being read, or read.
    Read(Pending),
}

#[derive(Clone, Copy)]
pub struct DataCache {
    files: StoredValue<Vec<(String, Held)>, LocalStorage>,
}

pub fn provide_data_cache(cache: DataCache) {
    provide_context(cache);
}

pub fn use_data_cache() -> DataCache {
    use_context::<DataCache>().unwrap_or_default()
}

/// A file as a page shows it: `None` while it is read.
pub type Loaded<T> = Option<Result<Arc<T>, LoadError>>;

impl DataCache {
    pub fn new() -> DataCache {
        DataCache {
            files: StoredValue::new_local(Vec::new()),
        }
    }

    /// Holds a file's body (carried by a pre-rendered page, or given to the
    /// build's renderer) as if it had been read from `url`.
    pub fn hold(self, url: &str, body: Arc<str>) {
        self.files.update_value(|files| {
            files.retain(|(u, _)| u != url);
            files.push((url.to_string(), Held::Body(body)));
        });
    }

    /// Holds a file already parsed as if it had been read from `url`: the
    /// build's renderer parses the catalog once for all its pages, not once
    /// a page (at 10,000 issues that was 6.6 MB of JSON a page).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn hold_parsed<T: Send + Sync + 'static>(self, url: &str, value: Arc<T>) {
        let parsed: Arc<dyn Any + Send + Sync> = value;
        self.files.update_value(|files| {
            files.retain(|(u, _)| u != url);
            files.push((url.to_string(), Held::Read(settled(Ok(parsed)))));
        });
    }

    /// The file at `url` if it is here and read, without waiting (a page
    /// whose file is here renders it in the same frame); `parse` reads a
    /// body the page carried.
    fn peek(self, url: &str, parse: Parse) -> Option<Parsed> {
        self.files
            .try_update_value(|files| {
                let (_, held) = files.iter_mut().find(|(u, _)| u == url)?;
                let body = match held {
                    Held::Body(body) => Some(body.clone()),
                    Held::Text(text) => text
                        .peek()
                        .and_then(|t| Some(text_of(t.as_ref().ok()?)?.into())),
                    Held::Read(_) => None,
                };
                if let Some(body) = body {
                    *held = Held::Read(settled(parse(&body)));
                }
                match held {
                    Held::Read(pending) => pending.peek().cloned(),
                    Held::Body(_) | Held::Text(_) => None,
                }
            })
            .flatten()
    }

    /// The parsed file at `url`: from memory when it was read or is being
    /// read, else fetched (with the platform's timeout and retry).
    pub async fn get<T>(self, url: &str) -> Result<Arc<T>, LoadError>
    where
        T: Decode + Send + Sync + 'static,
    {
        downcast(self.load(url, parse_as::<T>).await?)
    }

    /// Starts reading `url` unless it is read or being read already; the
    /// page that shows it parses it (its code may not be here yet: the
    /// tag and glossary pages arrive on demand, with their file's reader).
    pub fn read_ahead(self, url: &str) {
        let text: Pending = {
            let url = url.to_string();
            async move {
                let body = crate::platform::fetch_text(&url).await?;
                Ok(Arc::new(body) as Arc<dyn Any + Send + Sync>)
            }
            .boxed_local()
            .shared()
        };
        let added = self.files.try_update_value(|files| {
            if files.iter().any(|(u, _)| u == url) {
                return false;
            }
            files.push((url.to_string(), Held::Text(text.clone())));
            if files.len() > KEEP {
                drop(files.remove(0));
            }
            true
        });
        if added != Some(true) {
            return;
        }
        let url = url.to_string();
        crate::platform::spawn(async move {
            // A failure is not kept: the page asks again.
            if text.clone().await.is_err() {
                self.files.try_update_value(|files| {
                    files.retain(|(u, held)| {
                        !(*u == url && matches!(held, Held::Text(t) if t.ptr_eq(&text)))
                    });
                });
            }
        });
    }

    // The fetching and caching are compiled once, not once per file type.
    async fn load(self, url: &str, parse: Parse) -> Parsed {
        let pending = self.pending(url, parse);
        let parsed = pending.clone().await;
        if parsed.is_err() {
            self.forget(url, &pending);
        }
        parsed
    }

    fn pending(self, url: &str, parse: Parse) -> Pending {
        let fetch = || {
            let url = url.to_string();
            async move { parse(&crate::platform::fetch_text(&url).await?) }
                .boxed_local()
                .shared()
        };
        self.files
            .try_update_value(|files| {
                let pending = match files.iter().position(|(u, _)| u == url) {
                    Some(i) => match files.remove(i).1 {
                        Held::Read(pending) => pending,
                        Held::Body(body) => settled(parse(&body)),
                        Held::Text(text) => async move {
                            let body = text.await?;
                            parse(text_of(&body).unwrap_or_default())
                        }
                        .boxed_local()
                        .shared(),
                    },
                    None => fetch(),
                };
                files.push((url.to_string(), Held::Read(pending.clone())));
                if files.len() > KEEP {
                    drop(files.remove(0));
                }
                pending
            })
            // The cache outlived its owner (never in the app): read uncached.
            .unwrap_or_else(fetch)
    }

    fn forget(self, url: &str, failed: &Pending) {
        self.files.try_update_value(|files| {
            files.retain(|(u, held)| {
                !(u == url && matches!(held, Held::Read(p) if p.ptr_eq(failed)))
            });
        });
    }
}

impl Default for DataCache {
    fn default() -> DataCache {
        DataCache::new()
    }
}

/// A future that has already produced `parsed`, so `peek` sees it.
fn settled(parsed: Parsed) -> Pending {
    let pending = futures::future::ready(parsed).boxed_local().shared();
    // Polling a ready future completes it: `Shared` then keeps the output.
    let _ = pending.clone().now_or_never();
    pending
}

type Parse = fn(&str) -> Parsed;

/// The body a read-ahead holds.
fn text_of(held: &Arc<dyn Any + Send + Sync>) -> Option<&str> {
    held.downcast_ref::<String>().map(String::as_str)
}

/// A parsed file as the type it was parsed as (a file is read as one type
/// only: its URL names its kind).
fn downcast<T: Send + Sync + 'static>(
    parsed: Arc<dyn Any + Send + Sync>,
) -> Result<Arc<T>, LoadError> {
    parsed
        .downcast::<T>()
        .map_err(|_| LoadError::BadData(DataError::NotJson("a file read as another kind of file")))
}

fn parse_as<T: Decode + Send + Sync + 'static>(body: &str) -> Parsed {
    parse::<T>(body).map(|t| Arc::new(t) as Arc<dyn Any + Send + Sync>)
}

/// A published file a page shows, by URL: loaded through the cache, ready
/// at once when the cache holds it, followed when the URL changes. Its
/// state is kept parsed but untyped, so the loading code and the signal's
/// are compiled once for every kind of file, not once per kind.
pub struct File<T: Send + Sync + 'static> {
    file: Untyped,
    kind: PhantomData<fn() -> T>,
}

impl<T: Send + Sync + 'static> Clone for File<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for File<T> {}

/// Loads the file at `url` (none while it gives `None`) for the page.
pub fn use_file<T>(url: impl Fn() -> Option<String> + Send + Sync + 'static) -> File<T>
where
    T: Decode + Send + Sync + 'static,
{
    let url = Memo::new(move |_| url());
    let file = Untyped {
        state: RwSignal::new(None),
        url,
        cache: use_data_cache(),
        takeover: use_context::<super::Takeover>(),
        parse: parse_as::<T>,
    };
    file.follow();
    File {
        file,
        kind: PhantomData,
    }
}

impl<T> File<T>
where
    T: Decode + Send + Sync + 'static,
{
    /// The file, an error, or `None` while it is read (tracked).
    pub fn get(&self) -> Loaded<T> {
        typed(self.file.state.get())
    }

    /// Reads the file (tracked).
    pub fn with<R>(&self, read: impl FnOnce(&Loaded<T>) -> R) -> R {
        read(&self.get())
    }

    pub fn track(&self) {
        self.file.state.track();
    }

    pub fn get_untracked(&self) -> Loaded<T> {
        typed(self.file.state.get_untracked())
    }

    /// Reads the file again after a failure.
    pub fn retry(&self) {
        self.file.load(self.file.url.get_untracked());
    }
}

fn typed<T: Send + Sync + 'static>(state: Option<Parsed>) -> Loaded<T> {
    state.map(|parsed| parsed.and_then(downcast::<T>))
}

/// What a [`File`] does, whatever kind of file it holds.
#[derive(Clone, Copy)]
struct Untyped {
    state: RwSignal<Option<Parsed>>,
    url: Memo<Option<String>>,
    cache: DataCache,
    takeover: Option<super::Takeover>,
    parse: Parse,
}

impl Untyped {
    /// Loads the file now and whenever its URL changes.
    fn follow(self) {
        self.load(self.url.get_untracked());
        Effect::watch(
            move || self.url.get(),
            move |url, _, _| self.load(url.clone()),
            false,
        );
    }

    fn load(self, url: Option<String>) {
        let Some(url) = url else {
            self.state.set(None);
            return;
        };
        if let Some(ready @ Ok(_)) = self.cache.peek(&url, self.parse) {
            self.state.set(Some(ready));
            return;
        }
        if !crate::platform::in_browser() {
            // The renderer was not given this file.
            self.state.set(Some(Err(LoadError::Missing)));
            return;
        }
        if self.state.get_untracked().is_some() {
            self.state.set(None);
        }
        let cache = self.cache;
        // A takeover waits for what its page did not carry.
        let takeover = self.takeover.filter(|t| t.begin_load());
        crate::platform::spawn(async move {
            let loaded = cache.load(&url, self.parse).await;
            // The page may have moved on to another file meanwhile.
            if self.url.try_get_untracked().flatten().as_deref() == Some(url.as_str()) {
                self.state.try_set(Some(loaded));
            }
            if let Some(takeover) = takeover {
                takeover.end_load();
            }
        });
    }
}
