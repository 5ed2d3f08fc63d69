//! Section and project toggles for an issue. Each toggle is a link to the
//! same issue with the filter changed, so the URL carries the state.

use crate::filter::Filter;
use crate::model::{Counts, Issue, Settings, TagPage, Term};
use crate::state::{dynamic, use_app};
use leptos::prelude::*;

/// Toggles: a section or project with the number of items it holds.
pub type Counted = Vec<(Term, usize)>;

/// The section and project toggles of a tag page, in the settings' order,
/// counting the tag's items in every issue (also those not loaded yet).
pub fn tag_toggles(page: &TagPage, settings: &Settings) -> (Counted, Counted) {
    let counted = |terms: &[Term], counts: &Counts| -> Counted {
        terms
            .iter()
            .filter_map(|t| Some((t.clone(), counts.get(&t.slug)? as usize)))
            .collect()
    };
    (
        counted(&settings.sections, &page.sections),
        counted(&settings.projects, &page.projects),
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
        let name = dynamic(move || app.pick(&term.name).to_string());
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
        .map(IntoAny::into_any)
        .collect_view();
    let project_chips = projects
        .into_iter()
        .map(|(t, n)| chip(t, n, false))
        .map(IntoAny::into_any)
        .collect_view();
    view! {
        <nav class="filters" aria-label=app.text(|t| t.filters)>
            <div class="filter-row">
                <span class="filter-label" id="filter-sections">{app.text(|t| t.filter_sections)}</span>
                <ul aria-labelledby="filter-sections">{section_chips}</ul>
            </div>
            {has_projects.then(|| view! {
                <div class="filter-row">
                    <span class="filter-label" id="filter-projects">{app.text(|t| t.filter_projects)}</span>
                    <ul aria-labelledby="filter-projects">{project_chips}</ul>
                </div>
            })}
            // A pre-rendered page read without scripts: say so, in both languages.
            <noscript><p class="notice">{crate::i18n::NEEDS_SCRIPT_FILTERS}</p></noscript>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{count_sections_and_projects, Bilingual, ItemRef};

    fn term(slug: &str) -> Term {
        Term {
            slug: slug.into(),
            name: Bilingual {
                zh: slug.into(),
                en: slug.into(),
            },
        }
    }

    fn item(section: &str, project: Option<&str>) -> ItemRef {
        ItemRef {
            volume: 1,
            id: "x".into(),
            label: "x".into(),
            section: section.into(),
            project: project.map(Into::into),
        }
    }

    #[test]
    fn tag_toggles_count_every_item_in_the_settings_order() {
        let settings = Settings {
            sections: vec![term("news"), term("upstream"), term("reading")],
            projects: vec![term("knative"), term("istio")],
            ..Settings::default()
        };
        let items = [
            item("reading", None),
            item("upstream", Some("istio")),
            item("upstream", Some("istio")),
            item("news", None),
            item("upstream", Some("knative")),
        ];
        let page = |items: &[ItemRef]| {
            let (sections, projects) = count_sections_and_projects(items);
            TagPage {
                schema_version: 1,
                tag: "t".into(),
                sections,
                projects,
                items: Vec::new(),
                rest: None,
            }
        };
        let (sections, projects) = tag_toggles(&page(&items), &settings);
        let slugs = |c: &Counted| {
            c.iter()
                .map(|(t, n)| (t.slug.clone(), *n))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            slugs(&sections),
            [
                ("news".into(), 1),
                ("upstream".into(), 3),
                ("reading".into(), 1)
            ]
        );
        assert_eq!(
            slugs(&projects),
            [("knative".into(), 1), ("istio".into(), 2)]
        );
        // Terms no item uses get no toggle.
        let (sections, projects) = tag_toggles(&page(&items[..1]), &settings);
        assert_eq!(slugs(&sections), [("reading".into(), 1)]);
        assert!(projects.is_empty());
    }
}
