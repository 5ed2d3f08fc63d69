//! `/`: the latest issue's highlights and the archive, newest first.

use crate::components::{
    fixed_rows, with_catalog, ArchiveMemory, DraftMark, MoreRows, Rows, UnreadMark,
};
use crate::model::{Catalog, IssueEntry};
use crate::route::Route;
use crate::state::{dynamic, later, use_app, use_title};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn ArchivePage() -> impl IntoView {
    with_catalog(|catalog| view! { <Archive catalog/> })
}

#[component]
fn Archive(catalog: Arc<Catalog>) -> impl IntoView {
    let app = use_app();
    let doc_title = {
        let c = catalog.clone();
        move || match app.lang.get() {
            crate::i18n::Lang::Zh => c.settings.title.zh.clone(),
            crate::i18n::Lang::En => c.settings.title.en.clone(),
        }
    };
    use_title(doc_title);
    let latest = catalog.issues.iter().find(|e| e.file.is_some()).cloned();
    let entries = Arc::new(catalog.issues.clone());
    let total = entries.len();
    let rows = Rows::new(move || total);
    view! {
        {latest.map(|entry| view! { <LatestIssue entry/> })}
        <section class="archive" aria-labelledby="archive-heading">
            <h2 id="archive-heading">{app.text(|t| t.archive_heading)}</h2>
            <ol class="archive-list">
                {fixed_rows(rows, entries.len(), move |i| {
                    view! { <ArchiveEntry entry=entries[i].clone()/> }.into_any()
                })}
            </ol>
            <MoreRows rows row_links=".archive-entry a"/>
            <ArchiveMemory/>
        </section>
    }
}

#[component]
fn LatestIssue(entry: IssueEntry) -> impl IntoView {
    let app = use_app();
    let href = Route::Issue(entry.volume).href(app.base);
    view! {
        <section class="latest" aria-labelledby="latest-heading">
            <p class="eyebrow">{app.text(|t| t.latest_issue)}</p>
            <h1 id="latest-heading"><a href=href.clone()>{entry.title}</a>{entry.draft.then(DraftMark)}</h1>
            {entry.summary.map(|s| view! { <p class="summary">{s}</p> })}
            <ul class="highlights">
                {entry.highlights.into_iter().map(|h| view! { <li>{h}</li> }).map(IntoAny::into_any).collect_view()}
            </ul>
            <p><a class="button" href=href>{app.text(|t| t.read_issue)}</a></p>
        </section>
    }
}

#[component]
fn ArchiveEntry(entry: IssueEntry) -> impl IntoView {
    later(move || archive_entry(entry))
}

fn archive_entry(entry: IssueEntry) -> impl IntoView {
    let app = use_app();
    let href = Route::Issue(entry.volume).href(app.base);
    let available = entry.file.is_some();
    let count = entry.item_count;
    let minutes = entry.minutes;
    view! {
        <li class="archive-entry" class:unavailable=!available>
            <span class="volume">{dynamic(move || app.t().volume(entry.volume))}</span>
            <a href=href>{entry.title}</a>
            {entry.draft.then(DraftMark)}
            {available.then(|| view! { <UnreadMark volume=entry.volume/> })}
            <span class="meta">
                {entry.date.map(|d| {
                    let iso = d.clone();
                    view! { <time datetime=d>{dynamic(move || app.t().date(&iso))}</time>" · " }
                })}
                {dynamic(move || match (available, minutes) {
                    (false, _) => app.t().not_in_archive.to_string(),
                    (true, 0) => app.t().item_count(count),
                    (true, m) => format!("{} · {}", app.t().item_count(count), app.t().reading_time(m)),
                })}
            </span>
        </li>
    }
}
