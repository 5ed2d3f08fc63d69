//! The search index in the browser. Nothing loads until the reader types
//! (or opens a `/search` URL): then only the shards each query needs, and
//! the issue files its results are shown from. Each file is fetched once;
//! a failed one is forgotten on retry.
//!
//! It is reactive rather than async: [`SearchStore::answer`] says what can
//! be shown now and starts whatever is missing; when a file arrives the
//! version signal changes and every answer that waited is asked again. With
//! its files loaded, a keystroke is answered synchronously.

use crate::load::{data_url, LoadError};
use crate::model::Decode;
use crate::model::{Catalog, DataError, Glossary, Issue, SearchFold, SearchRef};
use crate::platform;
use crate::platform::parse;
use crate::search::present::{present, IssueText, Presented};
use crate::search::wire::{index_of, least_recent, numbering, Corrupt, Shard, ShardId};
use crate::search::{Fold, Index, Query};
use crate::state::{use_data_cache, DataCache};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

enum Slot<T> {
    Loading,
    Ready(T),
    Failed(LoadError),
}

/// What a loaded shard added to the index.
struct Loaded {
    terms: Vec<String>,
    items: std::ops::Range<u32>,
    postings: usize,
}

/// What to do with a fetched body.
type OnBody = Box<dyn FnOnce(&mut Store, Result<String, LoadError>)>;

/// What stays in memory between queries: postings (eight bytes each) and
/// result text (bytes). Beyond these the least recently used shards and
/// issues are forgotten, so a long session stays within the memory budget.
const KEEP_POSTINGS: usize = 150_000;
const KEEP_TEXT_BYTES: usize = 1_500_000;

#[derive(Default)]
struct Store {
    index: Option<Index>,
    /// A loaded shard holds the terms it added to the index, the items of
    /// its segment, and how many postings it added.
    shards: HashMap<ShardId, Slot<Loaded>>,
    issues: HashMap<u32, Slot<Arc<IssueText>>>,
    glossary: Option<Slot<Arc<Glossary>>>,
    /// The fold of the index's file (by name: a redeploy may name another).
    fold: Option<(String, Slot<Arc<Fold>>)>,
    /// When each shard and issue was last needed, in answers.
    now: u64,
    shard_used: HashMap<ShardId, u64>,
    issue_used: HashMap<u32, u64>,
}

impl Store {
    /// Forgets the least recently used shards and issues over the budgets.
    fn evict(&mut self) {
        let used: Vec<(ShardId, u64, usize)> = self
            .shard_used
            .iter()
            .filter_map(|(n, at)| match self.shards.get(n) {
                Some(Slot::Ready(loaded)) => Some((*n, *at, loaded.postings)),
                _ => None,
            })
            .collect();
        for n in least_recent(&used, KEEP_POSTINGS, self.now) {
            self.shard_used.remove(&n);
            if let (Some(Slot::Ready(loaded)), Some(index)) =
                (self.shards.remove(&n), self.index.as_mut())
            {
                index.remove_shard(&loaded.terms, loaded.items);
            }
        }
        let used: Vec<(u32, u64, usize)> = self
            .issue_used
            .iter()
            .filter_map(|(v, at)| match self.issues.get(v) {
                Some(Slot::Ready(text)) => Some((*v, *at, text.size())),
                _ => None,
            })
            .collect();
        for v in least_recent(&used, KEEP_TEXT_BYTES, self.now) {
            self.issue_used.remove(&v);
            self.issues.remove(&v);
        }
    }
}

/// What a search can show now.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Nothing asked.
    Idle,
    /// Files are on their way.
    Loading,
    Failed(LoadError),
    Results {
        total: usize,
        shown: Vec<Presented>,
    },
}

#[derive(Clone, Copy)]
pub struct SearchStore {
    store: StoredValue<Store, LocalStorage>,
    version: RwSignal<u32>,
    /// Issue files and the glossary are the pages' files too: read once.
    files: DataCache,
}

impl SearchStore {
    fn new() -> SearchStore {
        SearchStore {
            store: StoredValue::new_local(Store::default()),
            version: RwSignal::new(0),
            files: use_data_cache(),
        }
    }
}

/// Where the app's one search store will live: created by the first
/// search (in the search page's code, which arrives on demand), under the
/// app's owner so it outlives the page and keeps what it loaded. Before
/// that the first wasm holds only this slot, not the store's code. The
/// owner is held weakly: it holds this context (the build's renderer drops
/// an owner per page).
#[derive(Clone)]
struct SearchRoot {
    owner: WeakOwner,
    store: StoredValue<Option<SearchStore>>,
}

pub fn provide_search_store() {
    let Some(owner) = Owner::current() else {
        return;
    };
    provide_context(SearchRoot {
        owner: owner.downgrade(),
        store: StoredValue::new(None),
    });
}

pub fn use_search_store() -> SearchStore {
    let Some(root) = use_context::<SearchRoot>() else {
        return SearchStore::new();
    };
    if let Some(store) = root.store.get_value() {
        return store;
    }
    let Some(owner) = root.owner.upgrade() else {
        return SearchStore::new();
    };
    let store = owner.with(SearchStore::new);
    root.store.set_value(Some(store));
    store
}

fn corrupt(e: Corrupt) -> LoadError {
    LoadError::BadData(DataError::NotJson(e.0))
}

/// What a slot holds for a caller: `Ok(None)` while loading.
fn state<T: Clone>(slot: Option<&Slot<T>>) -> Result<Option<T>, LoadError> {
    match slot {
        Some(Slot::Ready(value)) => Ok(Some(value.clone())),
        Some(Slot::Failed(e)) => Err(*e),
        Some(Slot::Loading) | None => Ok(None),
    }
}

/// Whether a slot is loaded, without copying what it holds.
fn ready<T>(slot: Option<&Slot<T>>) -> Result<bool, LoadError> {
    match slot {
        Some(Slot::Ready(_)) => Ok(true),
        Some(Slot::Failed(e)) => Err(*e),
        Some(Slot::Loading) | None => Ok(false),
    }
}

impl SearchStore {
    /// Fetches `file` and hands the parsed result to `done`, then wakes the
    /// answers.
    fn fetch<T: Decode + 'static>(
        &self,
        base: &str,
        file: &str,
        done: impl FnOnce(&mut Store, Result<T, LoadError>) + 'static,
    ) {
        self.fetch_text(
            data_url(base, file),
            Box::new(move |store, body| done(store, body.and_then(|b| parse(&b)))),
        );
    }

    /// Reads a file the pages also show (an issue, the glossary) through
    /// the shared cache, hands it to `done`, then wakes the answers.
    fn read<T: Decode + Send + Sync + 'static>(
        &self,
        base: &str,
        file: &str,
        done: impl FnOnce(&mut Store, Result<Arc<T>, LoadError>) + 'static,
    ) {
        let this = *self;
        let url = data_url(base, file);
        crate::platform::spawn(async move {
            let result = this.files.get::<T>(&url).await;
            this.store.update_value(|store| done(store, result));
            this.version.update(|v| *v += 1);
        });
    }

    /// The one async part of the search's own files (the shards).
    fn fetch_text(&self, url: String, done: OnBody) {
        let this = *self;
        crate::platform::spawn(async move {
            let result = platform::fetch_text(&url).await;
            this.store.update_value(|store| done(store, result));
            this.version.update(|v| *v += 1);
        });
    }

    /// Where the index is, with its item numbering set up from the catalog.
    fn index_ref(&self, catalog: &Catalog) -> Result<SearchRef, LoadError> {
        let search = catalog.search_index.clone().ok_or(LoadError::Missing)?;
        search.check().map_err(corrupt)?;
        if self.store.with_value(|s| s.index.is_none()) {
            let index = index_of(&numbering(catalog)).map_err(corrupt)?;
            if index.docs.len() as u64 != search.items() {
                return Err(corrupt(Corrupt(
                    "the index and the catalog number items differently",
                )));
            }
            self.store.update_value(|s| s.index = Some(index));
        }
        Ok(search)
    }

    /// How the index folds Chinese (traditional as simplified): `Ok(None)`
    /// while its file loads (started here); an empty fold when the index
    /// names none.
    fn fold(&self, base: &str, search: &SearchRef) -> Result<Option<Arc<Fold>>, LoadError> {
        let Some(file) = search.fold_file() else {
            return Ok(Some(Arc::new(Fold::default())));
        };
        if self
            .store
            .with_value(|s| s.fold.as_ref().is_none_or(|(name, _)| *name != file))
        {
            self.store
                .update_value(|s| s.fold = Some((file.clone(), Slot::Loading)));
            let name = file.clone();
            self.fetch(
                base,
                &file,
                move |store, f: Result<SearchFold, LoadError>| {
                    // A late answer for a file the catalog no longer names is dropped.
                    if store.fold.as_ref().is_some_and(|(asked, _)| *asked != name) {
                        return;
                    }
                    let slot = match f {
                        Ok(f) => Slot::Ready(Arc::new(Fold::parse(&f.pairs))),
                        Err(e) => Slot::Failed(e),
                    };
                    store.fold = Some((name, slot));
                },
            );
        }
        self.store
            .with_value(|s| state(s.fold.as_ref().map(|(_, slot)| slot)))
    }

    /// The glossary, for suggestions (tracked).
    pub fn glossary(&self, base: &str) -> Option<Arc<Glossary>> {
        self.version.track();
        if self.store.with_value(|s| s.glossary.is_none()) {
            self.store
                .update_value(|s| s.glossary = Some(Slot::Loading));
            self.read(
                base,
                Glossary::FILE,
                |store, g: Result<Arc<Glossary>, LoadError>| {
                    store.glossary = Some(match g {
                        Ok(g) => Slot::Ready(g),
                        Err(e) => Slot::Failed(e),
                    });
                },
            );
        }
        self.store
            .with_value(|s| state(s.glossary.as_ref()).ok().flatten())
    }

    /// What `query` shows now, its first `limit` results presented; starts
    /// loading whatever that needs (tracked: asks again when files arrive).
    /// Chinese runs are first matched as they stand; only when that does
    /// not fill the page (or leaves a part unmatched) are the shards of
    /// their words fetched, as word-by-word matches always rank below.
    pub fn answer(&self, base: &str, catalog: &Catalog, query: &Query, limit: usize) -> Answer {
        if !query.has_words() {
            return self.answer_for(base, catalog, query, limit);
        }
        match self.answer_for(base, catalog, &query.phrases(), limit) {
            Answer::Results { total, shown }
                if total >= limit && shown.iter().all(|r| r.missing.is_empty()) =>
            {
                Answer::Results { total, shown }
            }
            Answer::Results { .. } => self.answer_for(base, catalog, query, limit),
            other => other,
        }
    }

    fn answer_for(&self, base: &str, catalog: &Catalog, query: &Query, limit: usize) -> Answer {
        self.version.track();
        let search = match self.index_ref(catalog) {
            Ok(search) => search,
            Err(e) => return Answer::Failed(e),
        };
        // Chinese runs as the index holds them. While the fold's file comes,
        // the shards of the runs as typed come too: for simplified text
        // (most queries) they are the same files.
        let mut waiting = false;
        let folded;
        let query = if query.has_cjk() {
            match self.fold(base, &search) {
                Ok(Some(fold)) => {
                    folded = query.folded(&fold);
                    &folded
                }
                Ok(None) => {
                    waiting = true;
                    query
                }
                // Without its fold (offline with the shards saved before it
                // existed, a deploy half uploaded) a query is read as typed:
                // simplified text is still found. Retry asks for it again.
                Err(_) => query,
            }
        } else {
            query
        };
        let now = self.store.try_update_value(|s| {
            s.now += 1;
            s.now
        });
        let now = now.unwrap_or_default();
        for n in search.shards_for(query) {
            self.store.update_value(|s| {
                s.shard_used.insert(n, now);
            });
            match self.store.with_value(|s| ready(s.shards.get(&n))) {
                Err(e) => return Answer::Failed(e),
                Ok(true) => {}
                Ok(false) => {
                    waiting = true;
                    if self.store.with_value(|s| s.shards.contains_key(&n)) {
                        continue;
                    }
                    self.store.update_value(|s| {
                        s.shards.insert(n, Slot::Loading);
                    });
                    let items = search.ranges().swap_remove(n.segment);
                    self.fetch(
                        base,
                        &search.shard_file(n),
                        move |store, shard: Result<Shard, LoadError>| {
                            let added = shard.and_then(|shard| {
                                let postings = match store.index.as_mut() {
                                    Some(index) => {
                                        index.add_shard(&shard, items.clone()).map_err(corrupt)?
                                    }
                                    None => 0,
                                };
                                Ok(Loaded {
                                    terms: shard.terms,
                                    items,
                                    postings,
                                })
                            });
                            store.shards.insert(
                                n,
                                match added {
                                    Ok(loaded) => Slot::Ready(loaded),
                                    Err(e) => Slot::Failed(e),
                                },
                            );
                        },
                    );
                }
            }
        }
        if waiting {
            return Answer::Loading;
        }
        let (total, hits) = self.store.with_value(|s| {
            s.index
                .as_ref()
                .map(|index| {
                    let (total, hits) = index.search_top(query, limit);
                    let hits: Vec<_> = hits
                        .into_iter()
                        .map(|hit| {
                            let doc = index.docs[hit.doc];
                            (hit, doc)
                        })
                        .collect();
                    (total, hits)
                })
                .unwrap_or_default()
        });
        let mut issues: HashMap<u32, Arc<IssueText>> = HashMap::new();
        for (_, doc) in &hits {
            if issues.contains_key(&doc.volume) {
                continue;
            }
            self.store.update_value(|s| {
                s.issue_used.insert(doc.volume, now);
            });
            match self.issue(base, catalog, doc.volume) {
                Ok(Some(issue)) => {
                    issues.insert(doc.volume, issue);
                }
                Ok(None) => waiting = true,
                Err(e) => return Answer::Failed(e),
            }
        }
        if waiting {
            return Answer::Loading;
        }
        let shown = hits
            .iter()
            .filter_map(|(hit, doc)| present(hit, *doc, issues.get(&doc.volume)?))
            .collect();
        self.store.update_value(Store::evict);
        Answer::Results { total, shown }
    }

    /// The issue file of `volume`, started if needed.
    fn issue(
        &self,
        base: &str,
        catalog: &Catalog,
        volume: u32,
    ) -> Result<Option<Arc<IssueText>>, LoadError> {
        let current = self.store.with_value(|s| state(s.issues.get(&volume)));
        if !self.store.with_value(|s| s.issues.contains_key(&volume)) {
            let file = catalog
                .entry(volume)
                .and_then(|e| e.file.clone())
                .ok_or(LoadError::Missing)?;
            self.store.update_value(|s| {
                s.issues.insert(volume, Slot::Loading);
            });
            self.read(
                base,
                &file,
                move |store, issue: Result<Arc<Issue>, LoadError>| {
                    let slot = match issue {
                        Ok(issue) => Slot::Ready(Arc::new(IssueText::of(&issue))),
                        Err(e) => Slot::Failed(e),
                    };
                    store.issues.insert(volume, slot);
                },
            );
        }
        current
    }

    /// Forgets every failed fetch and asks again.
    pub fn retry(&self) {
        self.store.update_value(|s| {
            if matches!(s.fold, Some((_, Slot::Failed(_)))) {
                s.fold = None;
            }
            s.shards.retain(|_, slot| !matches!(slot, Slot::Failed(_)));
            s.issues.retain(|_, slot| !matches!(slot, Slot::Failed(_)));
        });
        self.version.update(|v| *v += 1);
    }
}
