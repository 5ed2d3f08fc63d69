//! `/issues/{volume}`: one whole issue.

use crate::components::{
    issue_toggles, shortcut, use_shortcuts, DraftMark, FilterBar, IssueMemory, ItemCard,
    LoadErrorView, Loading,
};
use crate::filter::Filter;
use crate::keys::Action;
use crate::load::{data_url, LoadError};
use crate::model::{Catalog, DataError, GlossaryEntry, Group, Issue, Section, Settings};
use crate::pages::{NotFound, NotInArchive};
use crate::percent::decode_component;
use crate::platform;
use crate::route::Route;
use crate::state::{dynamic, effect, later, on_screen, use_app, use_file, use_here, use_title};
use crate::state::{use_location, use_navigate, NavigateOptions};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn IssuePage() -> impl IntoView {
    let app = use_app();
    let here = use_here();
    let volume = Memo::new(move |_| match here.get() {
        Some(Route::Issue(volume) | Route::Item(volume, _)) => Some(volume),
        _ => None,
    });
    let search = use_location().search;
    let filter = Memo::new(move |_| Filter::parse(&search.get()));
    // The catalog names the volume's file.
    let issue = use_file::<Issue>(move || {
        let catalog = app.catalog.get()?.ok()?;
        let file = catalog.entry(volume.get()?)?.file.clone()?;
        Some(data_url(app.base, &file))
    });
    dynamic(move || {
        let catalog = match app.catalog.get() {
            None => return view! { <Loading/> }.into_any(),
            Some(Err(error)) => {
                return view! { <LoadErrorView error on_retry=move |_| app.catalog.retry()/> }
                    .into_any()
            }
            Some(Ok(catalog)) => catalog,
        };
        let Some(entry) = volume.get().and_then(|v| catalog.entry(v)) else {
            return view! { <NotFound/> }.into_any();
        };
        if entry.file.is_none() {
            let (volume, title) = (entry.volume, entry.title.clone());
            return view! { <NotInArchive volume title/> }.into_any();
        }
        match issue.get() {
            None => view! { <Loading/> }.into_any(),
            // A file holding another volume is as wrong as a file that is not JSON.
            Some(Ok(issue)) if issue.volume != entry.volume => {
                let error = LoadError::BadData(DataError::NotJson("the file of another volume"));
                // Only a reload helps (the error view offers it).
                view! { <LoadErrorView error on_retry=move |_| app.catalog.retry()/> }.into_any()
            }
            // A takeover builds the view in a step after the one that
            // read the file.
            Some(Ok(issue)) => later(move || view! { <IssueView catalog issue filter/> }),
            Some(Err(error)) => {
                view! { <LoadErrorView error on_retry=move |_| issue.retry()/> }.into_any()
            }
        }
    })
}

#[component]
fn IssueView(catalog: Arc<Catalog>, issue: Arc<Issue>, filter: Memo<Filter>) -> impl IntoView {
    let app = use_app();
    let settings = Arc::new(catalog.settings.clone());
    let title = issue.title.clone();
    use_title(move || title.clone());
    // Follow `#item-id` (on load and on in-page links) once the items exist.
    let hash = use_location().hash;
    effect(move || {
        let hash = hash.get();
        let id = decode_component(hash.trim_start_matches('#'));
        if !id.is_empty() && on_screen() {
            filter.track();
            platform::highlight(&id);
        }
    });
    let (older, newer) = catalog.neighbours(issue.volume);
    let older = older.map(|e| (e.volume, e.title.clone()));
    let newer = newer.map(|e| (e.volume, e.title.clone()));
    use_issue_shortcuts(older.as_ref().map(|e| e.0), newer.as_ref().map(|e| e.0));
    let volume = issue.volume;
    let minutes = catalog.entry(volume).map_or(0, |e| e.minutes);
    let path = Route::Issue(volume).href(app.base);
    let (toggle_sections, toggle_projects) = issue_toggles(&issue, &settings);
    let sections = {
        let issue = issue.clone();
        let settings = settings.clone();
        let path = path.clone();
        dynamic(move || {
            let filter = filter.get();
            let shown = filtered_sections(&issue, &filter);
            if shown.is_empty() {
                let clear = path.clone();
                return view! {
                    <div class="no-match" role="status">
                        <p>{app.text(|t| t.no_match)}</p>
                        <p><a href=clear>{app.text(|t| t.clear_filters)}</a></p>
                    </div>
                }
                .into_any();
            }
            shown
                .into_iter()
                .map(|section| view! { <SectionView section volume settings=settings.clone()/> })
                .map(IntoAny::into_any)
                .collect_view()
                .into_any()
        })
    };
    view! {
        <article class="issue" lang="zh-CN">
            <header class="issue-header">
                <p class="volume" lang=app.html_lang()>{dynamic(move || app.t().volume(volume))}</p>
                <h1>{issue.title.clone()}{issue.draft.then(DraftMark)}</h1>
                <p class="date">
                    {issue.date.clone().map(|d| {
                        let iso = d.clone();
                        view! { <time datetime=d>{dynamic(move || app.t().date(&iso))}</time> }
                    })}
                    // After a date, CSS puts " · " between them.
                    {(minutes > 0).then(|| {
                        view! { <span class="reading-time" lang=app.html_lang()>{dynamic(move || app.t().reading_time(minutes))}</span> }
                    })}
                </p>
                {issue.summary.clone().map(|s| view! { <p class="summary">{s}</p> })}
            </header>
            // A takeover builds the parts in steps of their own.
            {
                let (issue, settings) = (issue.clone(), settings.clone());
                later(move || view! { <Contents issue settings/> })
            }
            {later(move || view! { <FilterBar sections=toggle_sections projects=toggle_projects path=path filter/> })}
            {sections}
            // Where the items shown end: the reading history watches it
            // (`components::memory`).
            <div class="items-end"></div>
            {
                let (entries, issue) = (issue.glossary.clone(), issue.clone());
                later(move || view! { <GlossaryNote entries/><Credits issue/> })
            }
            {later(move || view! { <IssueNav older newer/> })}
            {
                let issue = issue.clone();
                later(move || view! { <IssueMemory issue/> })
            }
        </article>
    }
}

/// The sections, groups and items the filter lets through.
fn filtered_sections(issue: &Issue, filter: &Filter) -> Vec<Section> {
    issue
        .sections
        .iter()
        .filter_map(|section| {
            let groups: Vec<Group> = section
                .groups
                .iter()
                .filter(|g| {
                    !g.items.is_empty() && filter.shows(&section.slug, g.project.as_deref())
                })
                .cloned()
                .collect();
            (!groups.is_empty()).then(|| Section {
                groups,
                ..section.clone()
            })
        })
        .collect()
}

/// `j` and `k` go to the next and previous item, `[` and `]` to the
/// previous and next issue.
fn use_issue_shortcuts(older: Option<u32>, newer: Option<u32>) {
    let app = use_app();
    let navigate = use_navigate();
    let keys = use_shortcuts();
    let go = move |volume: u32| {
        navigate(
            &Route::Issue(volume).href(app.base),
            NavigateOptions::default(),
        );
        true
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let done = match shortcut(keys, &ev) {
            Some(Action::NextItem) => platform::step_item(1),
            Some(Action::PreviousItem) => platform::step_item(-1),
            Some(Action::OlderIssue) => older.is_some_and(&go),
            Some(Action::NewerIssue) => newer.is_some_and(&go),
            _ => false,
        };
        if done {
            ev.prevent_default();
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
fn IssueNav(older: Option<(u32, String)>, newer: Option<(u32, String)>) -> impl IntoView {
    let app = use_app();
    let link = move |entry: Option<(u32, String)>,
                     rel: &'static str,
                     label: fn(&crate::i18n::Strings) -> &'static str| {
        entry.map(|(volume, title)| {
            view! {
                <a class=format!("issue-nav-{rel}") rel=rel href=Route::Issue(volume).href(app.base)>
                    <span class="label">{app.text(label)}</span>
                    <span class="title">{title}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="issue-nav" aria-label=app.text(|t| t.issue_navigation)>
            {link(older, "prev", |t| t.previous_issue)}
            {link(newer, "next", |t| t.next_issue)}
            <p class="hint">{app.text(|t| t.shortcuts_hint)}</p>
        </nav>
    }
}

#[component]
fn Contents(issue: Arc<Issue>, settings: Arc<Settings>) -> impl IntoView {
    let app = use_app();
    // Full paths: a bare `#fragment` would resolve against <base href>.
    let path = Route::Issue(issue.volume).href(app.base);
    view! {
        <nav class="toc" aria-labelledby="toc-heading" lang=app.html_lang()>
            <h2 id="toc-heading">{app.text(|t| t.contents)}</h2>
            <ol>
                {issue
                    .sections
                    .iter()
                    .map(|s| {
                        let href = format!("{path}#section-{}", s.slug);
                        let name = settings.section(&s.slug).map(|t| t.name.clone());
                        let title = s.title.clone();
                        let label = dynamic(move || name.as_ref().map_or(title.clone(), |n| app.pick(n).to_string()));
                        view! { <li><a href=href>{label}</a></li> }
                    })
                    .map(IntoAny::into_any).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn SectionView(section: Section, volume: u32, settings: Arc<Settings>) -> impl IntoView {
    let app = use_app();
    let id = format!("section-{}", section.slug);
    let heading_id = format!("{id}-heading");
    let labelled_by = heading_id.clone();
    let name = settings.section(&section.slug).map(|t| t.name.clone());
    let title = section.title.clone();
    let heading = dynamic(move || {
        name.as_ref()
            .map_or(title.clone(), |n| app.pick(n).to_string())
    });
    view! {
        <section class="section" id=id aria-labelledby=labelled_by>
            <h2 id=heading_id lang=app.html_lang()>{heading}</h2>
            {section
                .groups
                .into_iter()
                .map(|group| view! { <GroupView group volume settings=settings.clone()/> })
                .map(IntoAny::into_any).collect_view()}
        </section>
    }
}

#[component]
fn GroupView(group: Group, volume: u32, settings: Arc<Settings>) -> impl IntoView {
    let app = use_app();
    let nested = group.title.is_some();
    let name = group
        .project
        .as_deref()
        .and_then(|p| settings.project(p))
        .map(|t| t.name.clone());
    let title = group.title.clone().map(|t| {
        let heading = dynamic(move || name.as_ref().map_or(t.clone(), |n| app.pick(n).to_string()));
        view! { <h3 class="group-title" lang=app.html_lang()>{heading}</h3> }
    });
    view! {
        <div class="group" data-project=group.project.clone().unwrap_or_default()>
            {title}
            {group
                .items
                .into_iter()
                .map(|item| view! { <ItemCard item nested volume settings=settings.clone()/> })
                .map(IntoAny::into_any).collect_view()}
        </div>
    }
}

#[component]
fn GlossaryNote(entries: Vec<GlossaryEntry>) -> impl IntoView {
    let app = use_app();
    (!entries.is_empty()).then(|| {
        view! {
            <aside class="glossary-note" aria-labelledby="glossary-note-heading">
                <h2 id="glossary-note-heading">{app.text(|t| t.glossary_heading)}</h2>
                <dl>
                    {entries
                        .into_iter()
                        .map(|e| {
                            view! {
                                <dt>{e.term.clone()}</dt>
                                <dd>
                                    {e.expansion.clone().map(|x| view! { <span lang="en">{x}</span>" — " })}
                                    {e.explanation.zh.clone()}
                                </dd>
                                <dd class="en" lang="en">{e.explanation.en.clone()}</dd>
                            }
                        })
                        .map(IntoAny::into_any).collect_view()}
                </dl>
            </aside>
        }
    })
}

#[component]
fn Credits(issue: Arc<Issue>) -> impl IntoView {
    let app = use_app();
    let people = |list: &[String]| list.join(",");
    let authors = people(&issue.authors);
    let editors = people(&issue.editors);
    view! {
        <footer class="credits">
            {issue.publisher.clone().map(|p| view! { <p>{p}</p> })}
            {(!authors.is_empty()).then(|| view! { <p><span class="label">{app.text(|t| t.authors)}</span>":"{authors}</p> })}
            {(!editors.is_empty()).then(|| view! { <p><span class="label">{app.text(|t| t.editors)}</span>":"{editors}</p> })}
            {(!issue.earlier.is_empty()).then(|| {
                view! {
                    <nav class="earlier" aria-labelledby="earlier-heading">
                        <h2 id="earlier-heading">{app.text(|t| t.earlier_issues)}</h2>
                        <ul>
                            {issue.earlier.iter().map(|r| {
                                view! { <li><a href=Route::Issue(r.volume).href(app.base)>{r.title.clone()}</a></li> }
                            }).map(IntoAny::into_any).collect_view()}
                        </ul>
                    </nav>
                }
            })}
        </footer>
    }
}
