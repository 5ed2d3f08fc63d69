//! `/search?q=…&tag=…&section=…`: results as the reader types, shown from
//! text ranges (never markup), with the tag and section as removable
//! filters, and suggestions when there is nothing to show.

use crate::components::{LoadErrorView, Marked, UnreadMark, RESULT_LINKS, SEARCH_INPUT_ID};
use crate::platform;
use crate::route::{Route, SearchParams};
use crate::search::present::Presented;
use crate::state::use_location;
use crate::state::{
    dynamic, effect, on_screen, use_app, use_search_draft, use_search_store, use_title, Answer,
};
use leptos::ev;
use leptos::prelude::*;

/// Results shown at first, and added by each "more".
const PAGE: usize = 10;

#[component]
pub fn SearchPage() -> impl IntoView {
    let app = use_app();
    let store = use_search_store();
    let draft = use_search_draft();
    let location = use_location();
    let url = Memo::new(move |_| SearchParams::parse(&location.search.get()));
    // Back, Forward and links set the box; the box's own writes do not.
    effect(move || draft.follow_url(&url.get().q));
    let params = Memo::new(move |_| SearchParams {
        q: draft.text.get(),
        ..url.get()
    });
    let limit = RwSignal::new(PAGE);
    effect(move || {
        params.track();
        limit.set(PAGE);
    });
    use_title(move || {
        let t = app.t();
        let q = params.with(|p| p.q.clone());
        if q.trim().is_empty() {
            t.search_heading.to_string()
        } else {
            format!("{q} · {}", t.search_heading)
        }
    });
    // Once the page is on screen (a takeover builds it out of sight).
    effect(move || {
        if on_screen() && url.get_untracked().q.is_empty() {
            platform::focus_id(SEARCH_INPUT_ID);
        }
    });

    let answer = Memo::new(move |_| {
        let params = params.get();
        if params.is_empty() {
            return Answer::Idle;
        }
        match app.catalog.get() {
            None => Answer::Loading,
            Some(Err(e)) => Answer::Failed(e),
            Some(Ok(catalog)) => store.answer(app.base, &catalog, &params.query(), limit.get()),
        }
    });
    // The last settled answer stays on screen while the next one loads.
    let shown = Memo::new(move |previous: Option<&Answer>| match answer.get() {
        Answer::Loading => previous.cloned().unwrap_or(Answer::Idle),
        settled => settled,
    });
    let loading = move || answer.with(|a| *a == Answer::Loading);

    let on_keydown = move |event: ev::KeyboardEvent| {
        let delta = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        if platform::move_focus(RESULT_LINKS, delta)
            || (delta < 0 && platform::focus_id(SEARCH_INPUT_ID))
        {
            event.prevent_default();
        }
    };

    view! {
        <h1>{app.text(|t| t.search_heading)}</h1>
        <ActiveFilters params=url/>
        <div class="search-status" role="status" aria-live="polite">
            {dynamic(move || {
                let t = app.t();
                if loading() {
                    // More results of a shown query need only their text.
                    let more = matches!(shown.get(), Answer::Results { .. });
                    return if more { t.loading } else { t.search_loading }.to_string();
                }
                match shown.get() {
                    Answer::Results { total: 0, .. } => t.search_no_results.to_string(),
                    Answer::Results { total, shown } if shown.first().is_some_and(|r| !r.missing.is_empty()) => {
                        t.partial_count(total)
                    }
                    Answer::Results { total, .. } => t.result_count(total),
                    _ => String::new(),
                }
            })}
        </div>
        {dynamic(move || match shown.get() {
            Answer::Idle if !loading() => view! {
                <p class="search-hint">{app.text(|t| t.search_hint)}</p>
                // A pre-rendered page read without scripts: say so, in both languages.
                <noscript><p class="notice">{crate::i18n::NEEDS_SCRIPT_SEARCH}</p></noscript>
                <Suggestions/>
            }.into_any(),
            Answer::Idle | Answer::Loading => ().into_any(),
            Answer::Failed(error) => {
                view! { <LoadErrorView error on_retry=move |_| store.retry()/> }.into_any()
            }
            Answer::Results { total: 0, .. } => view! { <Suggestions/> }.into_any(),
            Answer::Results { total, shown } => {
                let more = total > shown.len();
                view! {
                    <ol class="search-results" aria-label=app.text(|t| t.search_results) on:keydown=on_keydown>
                        {shown.into_iter().map(|r| view! { <SearchResult result=r/> }).map(IntoAny::into_any).collect_view()}
                    </ol>
                    {more.then(|| view! {
                        <button type="button" class="more" on:click=move |_| limit.update(|l| *l += PAGE)>
                            {app.text(|t| t.search_more)}
                        </button>
                    })}
                }.into_any()
            }
        })}
    }
}

#[component]
fn SearchResult(result: Presented) -> impl IntoView {
    let app = use_app();
    let href = Route::Item(result.volume, result.id.clone()).href(app.base);
    let section = result.section.clone();
    let section_name = move || match app.catalog.get() {
        Some(Ok(c)) => c
            .settings
            .section(&section)
            .map(|s| app.pick(&s.name).to_string())
            .unwrap_or_else(|| section.clone()),
        _ => section.clone(),
    };
    let volume = result.volume;
    view! {
        <li class="search-result">
            <a class="result-link" href=href>
                <span class="result-meta">
                    {dynamic(move || app.t().volume(volume))}" · "{section_name}
                </span>
                <span class="result-title"><Marked text=result.title ranges=result.title_ranges/></span>
            </a>
            <UnreadMark volume/>
            {(!result.snippet.is_empty()).then(|| view! {
                <p class="snippet"><Marked text=result.snippet ranges=result.snippet_ranges/></p>
            })}
            {(!result.missing.is_empty()).then(|| {
                let words = result.missing.join(" ");
                view! { <p class="missing">{app.text(|t| t.search_missing)}<s>{words}</s></p> }
            })}
        </li>
    }
}

/// The URL's tag and section, each with a link that removes it.
#[component]
fn ActiveFilters(params: Memo<SearchParams>) -> impl IntoView {
    let app = use_app();
    move || {
        let p = params.get();
        let catalog = match app.catalog.get() {
            Some(Ok(c)) => Some(c),
            _ => None,
        };
        let pick = move |n: &crate::model::Bilingual| app.pick(n).to_string();
        let settings = catalog.as_ref().map(|c| &c.settings);
        let mut chips = Vec::new();
        if let Some(tag) = &p.tag {
            let name = settings.and_then(|s| s.tag(tag)).map(|t| pick(&t.name));
            let without = SearchParams {
                tag: None,
                ..p.clone()
            };
            chips.push((
                app.t().tag_heading,
                name.unwrap_or_else(|| tag.clone()),
                without,
            ));
        }
        if let Some(section) = &p.section {
            let name = settings
                .and_then(|s| s.section(section))
                .map(|t| pick(&t.name));
            let without = SearchParams {
                section: None,
                ..p.clone()
            };
            chips.push((
                app.t().filter_sections,
                name.unwrap_or_else(|| section.clone()),
                without,
            ));
        }
        (!chips.is_empty()).then(|| {
            view! {
                <ul class="active-filters">
                    {chips.into_iter().map(|(kind, label, without)| view! {
                        <li>
                            <span class="chip active">{kind}{app.t().colon}{label}</span>
                            " "
                            <a href=Route::Search(without).href(app.base)>{app.t().search_remove_filter}</a>
                        </li>
                    }).map(IntoAny::into_any).collect_view()}
                </ul>
            }
        })
    }
}

/// Tags and glossary terms to try.
#[component]
fn Suggestions() -> impl IntoView {
    let app = use_app();
    let store = use_search_store();
    move || {
        let Some(Ok(catalog)) = app.catalog.get() else {
            return None;
        };
        let mut tags: Vec<(&str, u32)> =
            catalog.tag_counts.iter().filter(|(_, n)| *n > 0).collect();
        tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let tags: Vec<(String, String)> = tags
            .into_iter()
            .take(8)
            .map(|(slug, _)| {
                let name = catalog
                    .settings
                    .tag(slug)
                    .map(|t| app.pick(&t.name).to_string())
                    .unwrap_or_else(|| slug.to_string());
                (slug.to_string(), name)
            })
            .collect();
        let terms: Vec<String> = store
            .glossary(app.base)
            .map(|g| g.terms.iter().take(8).map(|t| t.term.clone()).collect())
            .unwrap_or_default();
        Some(view! {
            <section class="suggestions">
                <p>{app.text(|t| t.search_suggestions)}</p>
                <ul class="chips">
                    {tags.into_iter().map(|(slug, name)| {
                        let params = SearchParams { tag: Some(slug), ..SearchParams::default() };
                        view! { <li><a class="chip" href=Route::Search(params).href(app.base)>"#"{name}</a></li> }
                    }).map(IntoAny::into_any).collect_view()}
                    {terms.into_iter().map(|term| {
                        let href = Route::Search(SearchParams::text(&term)).href(app.base);
                        view! { <li><a class="chip" href=href>{term}</a></li> }
                    }).map(IntoAny::into_any).collect_view()}
                </ul>
            </section>
        })
    }
}
