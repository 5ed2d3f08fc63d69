//! Section and project toggles for an issue. Each toggle is a link to the
//! same issue with the filter changed, so the URL carries the state.

use crate::app::use_app;
use crate::model::{Issue, ItemRef, Settings, Term};
use crate::route::Filter;
use leptos::prelude::*;

/// Toggles: a section or project with the number of items it holds.
pub type Counted = Vec<(Term, usize)>;

/// The section and project toggles for items listed across issues, in the
/// settings' order.
pub fn item_toggles(items: &[ItemRef], settings: &Settings) -> (Counted, Counted) {
    let count = |terms: &[Term], key: &dyn Fn(&ItemRef) -> Option<String>| -> Counted {
        terms
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    items
                        .iter()
                        .filter(|i| key(i).as_deref() == Some(&t.slug))
                        .count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    };
    (
        count(&settings.sections, &|i| Some(i.section.clone())),
        count(&settings.projects, &|i| i.project.clone()),
    )
}

/// The section toggles and the project toggles of an issue, in order.
pub fn issue_toggles(issue: &Issue, settings: &Settings) -> (Counted, Counted) {
    let mut sections: Counted = Vec::new();
    let mut projects: Counted = Vec::new();
    for section in &issue.sections {
        let count = section.groups.iter().map(|g| g.items.len()).sum();
        if let Some(term) = settings.section(&section.slug) {
            sections.push((term.clone(), count));
        }
        for group in &section.groups {
            let Some(term) = group.project.as_deref().and_then(|p| settings.project(p)) else {
                continue;
            };
            match projects.iter_mut().find(|(t, _)| t.slug == term.slug) {
                Some((_, n)) => *n += group.items.len(),
                None => projects.push((term.clone(), group.items.len())),
            }
        }
    }
    (sections, projects)
}

#[component]
pub fn FilterBar(
    sections: Counted,
    projects: Counted,
    /// The page's path, without query.
    path: String,
    filter: Memo<Filter>,
) -> impl IntoView {
    let app = use_app();
    let chip = move |term: Term, count: usize, is_section: bool| {
        let path = path.clone();
        let slug = term.slug.clone();
        let active = {
            let slug = slug.clone();
            move || {
                let f = filter.get();
                let list = if is_section { &f.sections } else { &f.projects };
                list.contains(&slug)
            }
        };
        let href = move || {
            let f = filter.get();
            let next = if is_section {
                f.toggle_section(&slug)
            } else {
                f.toggle_project(&slug)
            };
            format!("{path}{}", next.to_query())
        };
        let name = move || app.pick(&term.name).to_string();
        view! {
            <li>
                <a class="chip" class:active=active.clone() href=href aria-current=move || active().then_some("true")>
                    {name}
                    " "
                    <span class="count">{count}</span>
                </a>
            </li>
        }
    };
    let has_projects = !projects.is_empty();
    let section_chips = sections
        .into_iter()
        .map(|(t, n)| chip(t, n, true))
        .collect_view();
    let project_chips = projects
        .into_iter()
        .map(|(t, n)| chip(t, n, false))
        .collect_view();
    view! {
        <nav class="filters" aria-label=move || app.t().filters>
            <div class="filter-row">
                <span class="filter-label" id="filter-sections">{move || app.t().filter_sections}</span>
                <ul aria-labelledby="filter-sections">{section_chips}</ul>
            </div>
            {has_projects.then(|| view! {
                <div class="filter-row">
                    <span class="filter-label" id="filter-projects">{move || app.t().filter_projects}</span>
                    <ul aria-labelledby="filter-projects">{project_chips}</ul>
                </div>
            })}
        </nav>
    }
}
