//! Published files the reader has read or is reading, shared by every page.
//! Going back to a page, or following a link the reader pointed at first
//! (see `prefetch`), needs no new request: a page whose file is here renders
//! in the frame of the click. Failures are not kept, so Retry asks again.

use crate::load::{parse, LoadError};
use crate::model::DataError;
use crate::platform;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use serde::de::DeserializeOwned;
use std::any::Any;
use std::sync::Arc;

/// Files kept, most recently used last: a reader's last few pages.
const KEEP: usize = 12;

type Parsed = Result<Arc<dyn Any + Send + Sync>, LoadError>;
type Pending = Shared<LocalBoxFuture<'static, Parsed>>;

#[derive(Clone, Copy)]
pub struct DataCache {
    files: StoredValue<Vec<(String, Pending)>, LocalStorage>,
}

pub fn provide_data_cache() {
    provide_context(DataCache::new());
}

pub fn use_data_cache() -> DataCache {
    use_context::<DataCache>().unwrap_or_else(DataCache::new)
}

impl DataCache {
    fn new() -> DataCache {
        DataCache {
            files: StoredValue::new_local(Vec::new()),
        }
    }

    /// The parsed file at `url`: from memory when it was read or is being
    /// read, else fetched (with the platform's timeout and retry).
    pub async fn get<T>(self, url: &str) -> Result<Arc<T>, LoadError>
    where
        T: DeserializeOwned + Send + Sync + 'static,
    {
        self.load(url, parse_as::<T>)
            .await?
            .downcast::<T>()
            .map_err(|_| {
                LoadError::BadData(DataError::NotJson(format!(
                    "{url} was read as another kind of file"
                )))
            })
    }

    /// Starts reading `url` unless it is read or being read already.
    pub fn prefetch<T>(self, url: &str)
    where
        T: DeserializeOwned + Send + Sync + 'static,
    {
        let url = url.to_string();
        let parse: Parse = parse_as::<T>;
        leptos::task::spawn_local(async move {
            let _ = self.load(&url, parse).await;
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
            async move { parse(&platform::fetch_text(&url).await?) }
                .boxed_local()
                .shared()
        };
        self.files
            .try_update_value(|files| {
                let pending = match files.iter().position(|(u, _)| u == url) {
                    Some(i) => files.remove(i).1,
                    None => fetch(),
                };
                files.push((url.to_string(), pending.clone()));
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
            files.retain(|(u, p)| !(u == url && p.ptr_eq(failed)));
        });
    }
}

type Parse = fn(&str) -> Parsed;

/// The glossary, read once through the cache and shared by the glossary
/// pages and the term tooltips.
pub fn use_glossary() -> LocalResource<Result<Arc<crate::model::Glossary>, LoadError>> {
    let app = crate::state::use_app();
    let cache = use_data_cache();
    LocalResource::new(move || async move {
        cache
            .get::<crate::model::Glossary>(&crate::load::data_url(
                app.base,
                crate::model::Glossary::FILE,
            ))
            .await
    })
}

fn parse_as<T: DeserializeOwned + Send + Sync + 'static>(body: &str) -> Parsed {
    parse::<T>(body).map(|t| Arc::new(t) as Arc<dyn Any + Send + Sync>)
}
