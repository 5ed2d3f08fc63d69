//! `/glossary` and `/glossary/{term}`: every term; one term in both
//! languages with every issue that uses it.

use crate::components::{fixed_rows, with_catalog, with_file, MoreRows, Rows};
use crate::model::{Catalog, Glossary, GlossaryEntry};
use crate::pages::NotFound;
use crate::route::Route;
use crate::state::{use_app, use_glossary, use_here, use_title};
use leptos::prelude::*;
use std::sync::Arc;

/// Renders `render` with the glossary (read once: pages share it).
fn with_glossary<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<Glossary>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    with_file(use_glossary(), render)
}

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let app = use_app();
    use_title(move || app.t().glossary_index.to_string());
    view! {
        <h1>{app.text(|t| t.glossary_index)}</h1>
        {with_glossary(move |glossary| {
            view! {
                <dl class="glossary-index">
                    {glossary
                        .terms
                        .iter()
                        .map(|entry| {
                            let href = Route::Term(entry.slug()).href(app.base);
                            view! {
                                <dt><a href=href>{entry.term.clone()}</a>
                                    {entry.expansion.clone().map(|x| view! { " " <span class="expansion" lang="en">{x}</span> })}
                                </dt>
                                <dd lang="zh-CN">{entry.explanation.zh.clone()}</dd>
                            }
                        })
                        .map(IntoAny::into_any).collect_view()}
                </dl>
            }
        })}
    }
}

#[component]
pub fn TermPage() -> impl IntoView {
    let here = use_here();
    // Leaving for another page keeps the term: the page goes, never shows another.
    let slug = Memo::new(move |before: Option<&String>| match here.get() {
        Some(Route::Term(term)) => term,
        _ => before.cloned().unwrap_or_default(),
    });
    with_glossary(
        move |glossary| match glossary.terms.iter().find(|e| e.slug() == slug.get()) {
            Some(entry) => view! { <TermView entry=entry.clone()/> }.into_any(),
            None => view! { <NotFound/> }.into_any(),
        },
    )
}

#[component]
fn TermView(entry: GlossaryEntry) -> impl IntoView {
    let app = use_app();
    let title = entry.term.clone();
    use_title(move || format!("{title} · {}", app.t().glossary_index));
    let slug = entry.slug();
    view! {
        <article class="term-page">
            <p class="eyebrow"><a href=Route::Glossary.href(app.base)>{app.text(|t| t.glossary_index)}</a></p>
            <h1>{entry.term.clone()}</h1>
            <dl class="term-facts">
                {entry.expansion.clone().map(|x| view! {
                    <dt>{app.text(|t| t.english_expansion)}</dt>
                    <dd lang="en">{x}</dd>
                })}
                <dt>{app.text(|t| t.explanation_zh)}</dt>
                <dd lang="zh-CN">{entry.explanation.zh.clone()}</dd>
                <dt>{app.text(|t| t.explanation_en)}</dt>
                <dd lang="en">{entry.explanation.en.clone()}</dd>
            </dl>
            {(!entry.links.is_empty()).then(|| view! {
                <ul class="term-links">
                    {entry.links.iter().filter(|l| crate::model::is_allowed_href(l)).map(|l| {
                        // Embedded, a link off the site opens a new tab, as in content.
                        let new_tab = app.embed && crate::model::is_external_href(l);
                        view! {
                            <li><a href=l.clone() rel="noopener noreferrer" target=new_tab.then_some("_blank")>{l.clone()}</a></li>
                        }
                    }).map(IntoAny::into_any).collect_view()}
                </ul>
            })}
            <h2>{app.text(|t| t.term_used_in)}</h2>
            {with_catalog(move |catalog: Arc<Catalog>| {
                let using: Arc<Vec<(u32, String)>> = Arc::new(
                    catalog
                        .issues
                        .iter()
                        .filter(|e| e.terms.contains(&slug))
                        .map(|e| (e.volume, e.title.clone()))
                        .collect(),
                );
                if using.is_empty() {
                    view! { <p>{app.text(|t| t.term_unused)}</p> }.into_any()
                } else {
                    // A term may be used in every issue: a long list.
                    let total = using.len();
                    let rows = Rows::new(move || total);
                    view! {
                        <ul class="term-issues">
                            {fixed_rows(rows, using.len(), move |i| {
                                view! {
                                    <li><a href=Route::Issue(using[i].0).href(app.base)>{using[i].1.clone()}</a></li>
                                }
                                .into_any()
                            })}
                        </ul>
                        <MoreRows rows row_links=".term-issues a"/>
                    }
                    .into_any()
                }
            })}
        </article>
    }
}
