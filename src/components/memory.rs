//! The reader's history in the browser (`memory`): kept in the browser's
//! storage under the deployment's base path (`weekly.memory@<base>/`), never
//! in a request, read again before every change (another tab may have made
//! one). Off in a portal's frame unless the portal asks (`memory=1`).
//!
//! What shows it: unread marks on the archive ([`UnreadMark`], in the first
//! wasm), and two parts whose code arrives on demand once the page has
//! loaded (`split_memory.wasm`; nothing a first paint needs): on the
//! archive the notice of what is new since the last visit and where to
//! continue, "Mark all as read", "Forget my reading history", export and
//! import ([`ArchiveMemory`]); on an issue the marking itself and the offer
//! to continue where the reader stopped ([`IssueMemory`]). Notices are
//! overlays, so nothing on a pre-rendered page moves when they appear.

use crate::components::OnDemandPart;
use crate::memory::{new_since, reading_at, ImportError, Memory, MAX_FILE};
use crate::model::{Catalog, Issue};
use crate::platform;
use crate::prefs::MEMORY_KEY;
use crate::route::Route;
use crate::state::{dynamic, effect, on_demand, use_app, use_location, Code};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

on_demand!(
    ARCHIVE_MEMORY,
    archive_memory_code,
    memory,
    ArchiveMemoryView
);
on_demand!(ISSUE_MEMORY, issue_memory_code, memory, IssueMemoryView);

/// How long after the page's load the parts' code is fetched: after what a
/// first visit needs.
const PARTS_AFTER_LOAD_MS: i32 = 1_000;

/// The name of an exported history.
const EXPORT_NAME: &str = "weekly-reading-history.json";

/// How long the last item must stay on screen for the issue to count as read.
const READ_AFTER_MS: u64 = 1_000;
/// How often at most a scroll is looked at.
const SCROLL_CHECK_MS: u64 = 250;

/// The history, and the newest issue of the visit before this one (known
/// once the catalog is read: `Some(None)` on the first visit ever).
#[derive(Clone, Copy)]
pub struct ReadingMemory {
    pub memory: RwSignal<Memory>,
    pub before: RwSignal<Option<Option<u32>>>,
    /// The archive's notice was closed in this visit.
    dismissed: RwSignal<bool>,
    /// The page has loaded: the parts may fetch their code.
    loaded: RwSignal<bool>,
}

/// Provides the reader's history when `on`; records this visit once the
/// catalog says which issue is the newest.
pub fn provide_memory(on: bool) {
    if !on {
        return;
    }
    let memory = ReadingMemory {
        memory: RwSignal::new(load()),
        before: RwSignal::new(None),
        dismissed: RwSignal::new(false),
        loaded: RwSignal::new(false),
    };
    provide_context(memory);
    platform::after_load(PARTS_AFTER_LOAD_MS, move || memory.loaded.set(true));
    let app = use_app();
    effect(move || {
        let Some(Ok(catalog)) = app.catalog.get() else {
            return;
        };
        let newest = catalog.issues.iter().find(|e| e.file.is_some());
        if let (Some(entry), None) = (newest, memory.before.get_untracked()) {
            let mut before = None;
            memory.update(|m| before = m.visit(entry.volume));
            memory.before.set(Some(before));
        }
    });
}

/// The reader's history; `None` where nothing is remembered (a portal's
/// frame without `memory=1`, the build's renderer, component tests).
pub fn use_memory() -> Option<ReadingMemory> {
    use_context()
}

fn load() -> Memory {
    platform::load_preference(MEMORY_KEY)
        .and_then(|text| platform::read_history(&text).ok())
        .unwrap_or_default()
}

impl ReadingMemory {
    /// Applies `change` to the stored history and keeps it (where storage
    /// allows; otherwise for this visit only).
    pub fn update(self, change: impl FnOnce(&mut Memory)) {
        // Without storage, this visit's own history; with it, what is
        // stored (another tab may have changed or forgotten it).
        let mut memory = if platform::storage_available() {
            load()
        } else {
            self.memory.get_untracked()
        };
        let before = memory.clone();
        change(&mut memory);
        if memory != before {
            platform::save_preference(MEMORY_KEY, Some(&memory.to_json()));
        }
        self.memory.set(memory);
    }

    /// Forgets everything, this visit's "new" notice included.
    pub fn forget(self) {
        platform::save_preference(MEMORY_KEY, None);
        self.memory.set(Memory::default());
        self.dismissed.set(true);
    }
}

/// "Unread" beside an archive entry: a dot that takes no room, with the
/// word for assistive technology.
#[component]
pub fn UnreadMark(volume: u32) -> impl IntoView {
    let app = use_app();
    use_memory().map(|memory| {
        dynamic(move || {
            (!memory.memory.with(|m| m.is_read(volume))).then(|| {
                view! { <span class="unread-mark"><span class="visually-hidden">{app.text(|t| t.unread)}</span></span> }
            })
        })
    })
}

/// The archive's part of the history (see the module's docs).
#[component]
pub fn ArchiveMemory() -> impl IntoView {
    memory_part(&ARCHIVE_MEMORY)
}

/// The issue's part of the history (see the module's docs).
#[component]
pub fn IssueMemory(issue: Arc<Issue>) -> impl IntoView {
    provide_context(ShownIssue(issue));
    memory_part(&ISSUE_MEMORY)
}

/// The issue on screen, for its part.
#[derive(Clone)]
struct ShownIssue(Arc<Issue>);

fn memory_part(code: &'static Code) -> impl IntoView {
    let memory = use_memory();
    dynamic(move || {
        memory
            .is_some_and(|m| m.loaded.get())
            .then(|| view! { <OnDemandPart code quiet=true/> })
    })
}

#[component]
fn ArchiveMemoryView() -> impl IntoView {
    let app = use_app();
    let catalog = match app.catalog.get_untracked() {
        Some(Ok(catalog)) => catalog,
        _ => return ().into_any(),
    };
    view! {
        <ArchiveNotice catalog=catalog.clone()/>
        <MemoryActions catalog/>
    }
    .into_any()
}

#[component]
fn IssueMemoryView() -> impl IntoView {
    let issue = use_context::<ShownIssue>().map(|ShownIssue(issue)| issue);
    issue.and_then(|issue| use_memory().and_then(|memory| issue_reading(memory, &issue)))
}

/// What is new since the last visit and the issue to continue, over the
/// archive's bottom edge until closed.
#[component]
fn ArchiveNotice(catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    use_memory().map(|memory| {
        dynamic(move || {
            let before = memory.before.get()?;
            if memory.dismissed.get() {
                return None;
            }
            let in_archive = |v: u32| catalog.entry(v).is_some_and(|e| e.file.is_some());
            let volumes = catalog.issues.iter().filter(|e| e.file.is_some()).map(|e| e.volume);
            let new = new_since(before, volumes);
            let resume = memory.memory.with(|m| {
                m.continue_reading(in_archive)
                    .and_then(|v| m.place(v).map(|item| (v, item.to_string())))
            });
            if new.is_empty() && resume.is_none() {
                return None;
            }
            let count = new.len();
            let new = new.first().map(|&oldest| {
                view! { <p><a href=Route::Issue(oldest).href(app.base)>{dynamic(move || app.t().new_since(count))}</a></p> }
            });
            let resume = resume.map(|(volume, item)| {
                let href = format!("{}#{item}", Route::Issue(volume).href(app.base));
                view! { <p><a href=href>{dynamic(move || app.t().continue_volume(volume))}</a></p> }
            });
            Some(view! {
                <aside class="memory-notice" aria-label=app.text(|t| t.your_reading)>
                    {new}
                    {resume}
                    <button type="button" class="close" aria-label=app.text(|t| t.close) on:click=move |_| {
                        memory.dismissed.set(true);
                        platform::focus_id("main");
                    }>"×"</button>
                </aside>
            })
        })
    })
}

/// "Mark all as read" and "Forget my reading history", under the archive.
#[component]
fn MemoryActions(catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    use_memory().map(|memory| {
        let volumes: Vec<u32> = catalog
            .issues
            .iter()
            .filter(|e| e.file.is_some())
            .map(|e| e.volume)
            .collect();
        // Export and import are rare: their code arrives when asked for.
        let transfer = RwSignal::new(false);
        view! {
            <p class="memory-actions">
                <button type="button" on:click=move |_| memory.update(|m| m.mark_all_read(volumes.iter().copied()))>
                    {app.text(|t| t.mark_all_read)}
                </button>
                <button type="button" on:click=move |_| memory.forget()>
                    {app.text(|t| t.forget_history)}
                </button>
                <button type="button" aria-expanded=move || transfer.get().to_string() on:click=move |_| transfer.update(|open| *open = !*open)>
                    {app.text(|t| t.transfer_history)}
                </button>
            </p>
            {dynamic(move || transfer.get().then(|| view! { <MemoryTransfer/> }))}
        }
    })
}

/// Export to a file and import from one: an import that fails changes
/// nothing and says why; one that works adds to what this device has.
#[component]
fn MemoryTransfer() -> impl IntoView {
    let app = use_app();
    let memory = use_memory();
    let status = RwSignal::new(None::<Result<usize, ImportError>>);
    let export = move |_| {
        if let Some(memory) = memory {
            platform::download(EXPORT_NAME, &memory.memory.with_untracked(Memory::to_json));
        }
    };
    let import = move |event: leptos::ev::Event| {
        let (Some(memory), Some((file, size))) = (memory, platform::chosen_file(&event)) else {
            return;
        };
        platform::spawn(async move {
            let read = if size > MAX_FILE as f64 {
                Err(ImportError::TooLarge)
            } else {
                match platform::file_text(&file).await {
                    Some(text) => platform::read_history(&text),
                    None => Err(ImportError::NotJson),
                }
            };
            // Only issues this archive lists, and a last visit no later than
            // its newest: a file cannot hide what is new or push real marks out.
            let listed: Vec<u32> = match app.catalog.get_untracked() {
                Some(Ok(catalog)) => catalog.issues.iter().map(|e| e.volume).collect(),
                _ => Vec::new(),
            };
            let done = read.map(|mut other| {
                other.keep_only(&listed);
                let mut count = 0;
                memory.update(|m| {
                    m.merge(other);
                    count = m.read.len();
                });
                count
            });
            status.set(Some(done));
        });
    };
    view! {
        <div class="memory-transfer">
            <button type="button" on:click=export>{app.text(|t| t.export_history)}</button>
            <label class="button">
                {app.text(|t| t.import_history)}
                <input class="visually-hidden" type="file" accept=".json,application/json" on:change=import/>
            </label>
            <p role="status">
                {dynamic(move || match status.get() {
                    None => String::new(),
                    Some(Ok(read)) => app.t().imported(read),
                    Some(Err(error)) => app.t().import_error(error),
                })}
            </p>
        </div>
    }
}

/// On an issue: marks it read once the end of its items as shown (filters
/// included) has been on screen for a second, remembers the item at the
/// top of the window as the place to continue from as the reader scrolls,
/// and offers the place remembered from before (never jumping to it),
/// unless the address names an item. Nothing runs once the reader has left
/// the issue (timers check that this view still lives).
fn issue_reading(memory: ReadingMemory, issue: &Issue) -> Option<impl IntoView> {
    let app = use_app();
    let volume = issue.volume;
    let hash = use_location().hash.get_untracked();
    let offered = memory
        .memory
        .with_untracked(|m| m.place(volume).map(str::to_string))
        .filter(|_| hash.trim_start_matches('#').is_empty())
        .and_then(|id| {
            let item = issue.items().find(|i| i.id == id)?;
            Some((id, item.label()))
        });
    let offer = RwSignal::new(offered.is_some());
    // Disposed with this view: `try_get_value` is `None` once the reader
    // has left the issue.
    let pending = StoredValue::new(false);
    let end_seen = StoredValue::new(false);
    let live = move || pending.try_get_value().is_some();
    let check = move |scrolled: bool| {
        pending.try_set_value(false);
        if !live() || memory.memory.with_untracked(|m| m.is_read(volume)) {
            return;
        }
        let (ids, rects) = platform::item_rects();
        // Where the reader is; the top of the issue forgets the place once
        // the reader moves there (not on opening it: the place is offered).
        match reading_at(&rects).filter(|&i| i > 0) {
            Some(i)
                if memory
                    .memory
                    .with_untracked(|m| m.place(volume) != Some(ids[i].as_str())) =>
            {
                memory.update(|m| m.set_place(volume, &ids[i]));
            }
            Some(_) => {}
            None if scrolled && memory.memory.with_untracked(|m| m.place(volume).is_some()) => {
                memory.update(|m| m.forget_place(volume))
            }
            None => {}
        }
    };
    let schedule = move |scrolled: bool| {
        if pending.try_get_value() == Some(false) {
            pending.set_value(true);
            set_timeout(
                move || check(scrolled),
                Duration::from_millis(SCROLL_CHECK_MS),
            );
        }
    };
    // The reader may have moved before this code arrived: look once.
    schedule(false);
    let handle = window_event_listener(leptos::ev::scroll, move |_| schedule(true));
    // Read: the end of the items on screen (the portal's screen too, in a
    // frame) for a second.
    // Watched once this view is in the page (on a link from another issue
    // it is built before that issue's view goes).
    let watch = StoredValue::new_local(None::<platform::NearWatch>);
    let on_end = move |seen: bool| {
        end_seen.try_set_value(seen);
        if seen {
            set_timeout(
                move || {
                    if live() && end_seen.try_get_value() == Some(true) {
                        memory.update(|m| {
                            m.mark_read(volume);
                        });
                    }
                },
                Duration::from_millis(READ_AFTER_MS),
            );
        }
    };
    set_timeout(
        move || {
            if live() {
                let found = platform::element(".issue .items-end")
                    .and_then(|end| platform::watch_visible(&end, on_end));
                watch.try_set_value(found);
            }
        },
        Duration::ZERO,
    );
    on_cleanup(move || {
        handle.remove();
        watch.try_update_value(|w| w.take());
    });
    let (id, label) = offered?;
    let href = format!("{}#{id}", Route::Issue(volume).href(app.base));
    let close = move || {
        offer.set(false);
        platform::focus_id("main");
    };
    Some(dynamic(move || {
        let label = label.clone();
        offer.get().then(|| {
            view! {
                <aside class="memory-notice" aria-label=app.text(|t| t.your_reading)>
                    <p><a href=href.clone() on:click=move |_| offer.set(false)>{dynamic(move || app.t().continue_from(&label))}</a></p>
                    <button type="button" class="close" aria-label=app.text(|t| t.close) on:click=move |_| close()>"×"</button>
                </aside>
            }
        })
    }))
}
