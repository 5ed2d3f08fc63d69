//! Which sections and project groups of an issue are shown, as the query
//! string carries them. Pure.

use crate::percent::{encode_component, query_pairs};

/// Which sections and project groups of an issue are shown. Lives in the
/// query string (`?section=news&project=istio-envoy`), so Back, reload and
/// shared links keep it. Empty lists mean "everything".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub sections: Vec<String>,
    pub projects: Vec<String>,
}

impl Filter {
    /// Reads the filter from a query string (with or without `?`); repeated
    /// keys and comma-separated values both work. Unknown keys are ignored.
    pub fn parse(query: &str) -> Filter {
        let mut filter = Filter::default();
        for (key, value) in query_pairs(query) {
            let list = match key.as_str() {
                "section" => &mut filter.sections,
                "project" => &mut filter.projects,
                _ => continue,
            };
            list.extend(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(String::from),
            );
        }
        filter.normalize();
        filter
    }

    fn normalize(&mut self) {
        for list in [&mut self.sections, &mut self.projects] {
            list.sort();
            list.dedup();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.projects.is_empty()
    }

    /// Whether items of `section`, in the group of `project`, are shown.
    pub fn shows(&self, section: &str, project: Option<&str>) -> bool {
        (self.sections.is_empty() || self.sections.iter().any(|s| s == section))
            && (self.projects.is_empty()
                || project.is_some_and(|p| self.projects.iter().any(|x| x == p)))
    }

    pub fn toggle_section(&self, slug: &str) -> Filter {
        let mut next = self.clone();
        toggle(&mut next.sections, slug);
        next
    }

    pub fn toggle_project(&self, slug: &str) -> Filter {
        let mut next = self.clone();
        toggle(&mut next.projects, slug);
        next
    }

    /// The canonical query string, `""` when empty, else starting with `?`.
    pub fn to_query(&self) -> String {
        let pairs: Vec<String> = self
            .sections
            .iter()
            .map(|s| format!("section={}", encode_component(s)))
            .chain(
                self.projects
                    .iter()
                    .map(|p| format!("project={}", encode_component(p))),
            )
            .collect();
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

fn toggle(list: &mut Vec<String>, slug: &str) {
    if let Some(i) = list.iter().position(|s| s == slug) {
        list.remove(i);
    } else {
        list.push(slug.to_string());
        list.sort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_query() {
        let f =
            Filter::parse("?section=upstream&project=istio-envoy,knative&project=knative&lang=en");
        assert_eq!(f.sections, ["upstream"]);
        assert_eq!(f.projects, ["istio-envoy", "knative"]);
        assert_eq!(
            f.to_query(),
            "?section=upstream&project=istio-envoy&project=knative"
        );
        assert_eq!(Filter::parse(&f.to_query()), f);
        assert_eq!(Filter::default().to_query(), "");
    }

    #[test]
    fn toggling_and_matching() {
        let f = Filter::default().toggle_section("news");
        assert!(f.shows("news", None));
        assert!(!f.shows("reading", None));
        assert!(f.toggle_section("news").is_empty());
        let p = Filter::default().toggle_project("knative");
        assert!(p.shows("upstream", Some("knative")));
        assert!(!p.shows("upstream", Some("containerd")));
        assert!(!p.shows("news", None));
    }
}
