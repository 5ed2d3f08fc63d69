//! Reading offline, in the page: the service worker's registration, the
//! "new version" prompt, the offline banner and the "save every issue"
//! action. Framed pages (embedding) register no worker: partitioned storage
//! makes it useless there.

use crate::load::data_url;
use crate::offline::{megabytes, offline_files};
use crate::platform;
use crate::platform::sw::{self, Worker, WorkerEvents};
use crate::state::{dynamic, use_app};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

/// Files read at once while saving everything.
const PARALLEL: usize = 4;

/// Where "save every issue" stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Download {
    Idle,
    Running {
        done: usize,
        total: usize,
    },
    Finished {
        saved: usize,
        failed: usize,
        megabytes: Option<String>,
    },
    Cancelled,
}

#[derive(Clone, Copy)]
pub struct OfflineState {
    /// A worker is registered: offline reading is possible.
    pub supported: RwSignal<bool>,
    /// A worker controls this page, so what it reads is stored.
    pub controlled: RwSignal<bool>,
    pub update_ready: RwSignal<bool>,
    pub network_down: RwSignal<bool>,
    pub download: RwSignal<Download>,
    worker: StoredValue<Option<Worker>, LocalStorage>,
    cancel: StoredValue<Rc<Cell<bool>>, LocalStorage>,
}

pub fn use_offline() -> Option<OfflineState> {
    use_context::<OfflineState>()
}

impl OfflineState {
    /// Reloads into the newest version: one that waits is activated first
    /// (reloading alone would start the old version again).
    pub fn reload_newest(&self) {
        match self.worker.get_value() {
            Some(worker) => worker.accept_update(),
            None => platform::reload(),
        }
    }
}

/// Registers the service worker (unless `register` is false) and provides
/// the offline state.
pub fn provide_offline(register: bool) {
    let app = use_app();
    let state = OfflineState {
        supported: RwSignal::new(false),
        controlled: RwSignal::new(sw::is_controlled()),
        update_ready: RwSignal::new(false),
        network_down: RwSignal::new(!sw::browser_online()),
        download: RwSignal::new(Download::Idle),
        worker: StoredValue::new_local(None),
        cancel: StoredValue::new_local(Rc::new(Cell::new(false))),
    };
    provide_context(state);
    if !register {
        return;
    }
    sw::watch_connectivity(move |online| {
        state.network_down.try_set(!online);
    });
    sw::watch_controller(move || {
        state.controlled.try_set(sw::is_controlled());
    });
    crate::platform::spawn(async move {
        let events = WorkerEvents {
            update_ready: Box::new(move || {
                state.update_ready.try_set(true);
            }),
            network: Box::new(move |online| {
                state.network_down.try_set(!online);
            }),
        };
        let url = format!("{}/sw.js", app.base);
        let scope = format!("{}/", app.base);
        if let Some(worker) = sw::register(&url, &scope, events).await {
            state.worker.try_set_value(Some(worker));
            state.supported.try_set(true);
        }
    });
}

/// Says when the network is gone and what is shown comes from this device.
#[component]
pub fn OfflineBanner() -> impl IntoView {
    let app = use_app();
    let Some(state) = use_offline() else {
        return ().into_any();
    };
    view! {
        <div class="offline-banner" role="status">
            {dynamic(move || state.network_down.get().then(|| view! { <p>{app.t().offline_banner}</p> }.into_any()))}
        </div>
    }
    .into_any()
}

/// "A new version is available — Reload / Later".
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let app = use_app();
    let Some(state) = use_offline() else {
        return ().into_any();
    };
    let accept = move |_| state.reload_newest();
    // Shown while a new version waits (`components::parts::UpdateNotice`).
    view! {
        <div class="update-prompt" role="status">
            <span>{app.text(|t| t.update_ready)}</span>
            " "
            <button type="button" on:click=accept>{app.text(|t| t.update_reload)}</button>
            " "
            <button type="button" on:click=move |_| state.update_ready.set(false)>
                {app.text(|t| t.update_later)}
            </button>
        </div>
    }
    .into_any()
}

/// Saves every issue, the glossary, the tags' first screens and the search
/// index for offline reading, with progress and a way to cancel.
#[component]
pub fn OfflineDownload() -> impl IntoView {
    let app = use_app();
    let Some(state) = use_offline() else {
        return ().into_any();
    };
    let start = move |_| {
        let Some(Ok(catalog)) = app.catalog.get_untracked() else {
            return;
        };
        let files = offline_files(&catalog);
        let total = files.len();
        let cancel = Rc::new(Cell::new(false));
        state.cancel.set_value(cancel.clone());
        state.download.set(Download::Running { done: 0, total });
        let worker = state.worker.get_value();
        crate::platform::spawn(async move {
            sw::persist_storage().await;
            let queue = Rc::new(RefCell::new(files.into_iter().collect::<VecDeque<_>>()));
            let done = Rc::new(Cell::new(0usize));
            let failed = Rc::new(Cell::new(0usize));
            let workers = (0..PARALLEL).map(|_| {
                let (queue, done, failed, cancel, worker) = (
                    queue.clone(),
                    done.clone(),
                    failed.clone(),
                    cancel.clone(),
                    worker.clone(),
                );
                async move {
                    loop {
                        let next = queue.borrow_mut().pop_front();
                        let Some(file) = next else { break };
                        if cancel.get() {
                            break;
                        }
                        // Read through the worker, which stores what it serves;
                        // counted as saved only once it is in its cache (a full
                        // disk makes the worker serve without storing).
                        let url = data_url(app.base, &file);
                        let saved = platform::fetch_text(&url).await.is_ok()
                            && match &worker {
                                Some(w) => w.is_stored(&url).await,
                                None => false,
                            };
                        if !saved {
                            failed.set(failed.get() + 1);
                        }
                        done.set(done.get() + 1);
                        state.download.try_set(Download::Running {
                            done: done.get(),
                            total,
                        });
                    }
                }
            });
            futures::future::join_all(workers).await;
            let result = if cancel.get() {
                Download::Cancelled
            } else {
                if let Some(w) = &worker {
                    w.saved();
                }
                Download::Finished {
                    saved: total - failed.get(),
                    failed: failed.get(),
                    megabytes: sw::storage_usage().await.map(megabytes),
                }
            };
            state.download.try_set(result);
        });
    };
    let cancel = move |_| state.cancel.with_value(|c| c.set(true));
    // Shown once a worker controls the page (`components::parts::SaveOffline`).
    view! {
        <div class="offline-download">
            {dynamic(move || match state.download.get() {
                Download::Running { done, total } => view! {
                    <progress
                        max=total.to_string()
                        value=done.to_string()
                        aria-label=app.text(|t| t.offline_progress_label)
                    ></progress>
                    " "
                    <span role="status">{app.t().offline_progress(done, total)}</span>
                    " "
                    <button type="button" on:click=cancel>{app.t().offline_cancel}</button>
                }
                .into_any(),
                other => {
                    let status = match other {
                        Download::Finished { saved, failed: 0, megabytes } => {
                            app.t().offline_done(saved, megabytes.as_deref())
                        }
                        Download::Finished { saved, failed, .. } => {
                            app.t().offline_incomplete(saved, saved + failed)
                        }
                        Download::Cancelled => app.t().offline_cancelled.to_string(),
                        _ => String::new(),
                    };
                    view! {
                        <button type="button" on:click=start>{app.t().offline_save}</button>
                        " "
                        <span role="status">{status}</span>
                    }
                    .into_any()
                }
            })}
        </div>
    }
    .into_any()
}
