//! Lists across issues: a tag's page and its older items, and the items
//! they list (also the glossary pages'), grouped and counted.

use super::{Counts, Decode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `tags/{tag}.json`: what a tag page shows first. The newest items with
/// the tag, and the section and project counts of all of them (the filter
/// toggles); the older items are in `rest`, so the first screen never waits
/// for a tag's whole history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct TagPage {
    pub schema_version: u32,
    pub tag: String,
    /// Items of every issue with the tag, by section slug.
    #[serde(default)]
    pub sections: Counts,
    /// Items of every issue with the tag, by project slug.
    #[serde(default)]
    pub projects: Counts,
    /// The newest items, newest issue first; whole issues only.
    pub items: Vec<ItemRef>,
    /// The file ([`TagRest`]) with the older items, if there are any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest: Option<String>,
}

/// `tags/{tag}.{hash}.json`: the older items of a tag, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct TagRest {
    pub schema_version: u32,
    pub tag: String,
    pub items: Vec<ItemRef>,
}

impl TagPage {
    /// Where a tag's page is published, under the data folder.
    pub fn file(tag: &str) -> String {
        format!("tags/{tag}.json")
    }
}

/// One issue's items in a list across issues.
pub type IssueItems = (u32, Arc<[ItemRef]>);

/// Groups a list of items, newest issue first, by issue.
pub fn group_by_issue<'a>(items: impl IntoIterator<Item = &'a ItemRef>) -> Vec<IssueItems> {
    let mut groups: Vec<(u32, Vec<ItemRef>)> = Vec::new();
    for item in items {
        match groups.last_mut() {
            Some((v, list)) if *v == item.volume => list.push(item.clone()),
            _ => groups.push((item.volume, vec![item.clone()])),
        }
    }
    groups
        .into_iter()
        .map(|(v, items)| (v, items.into()))
        .collect()
}

/// Counts items by section and by project.
pub fn count_sections_and_projects<'a>(
    items: impl IntoIterator<Item = &'a ItemRef>,
) -> (Counts, Counts) {
    let mut sections: BTreeMap<String, u32> = BTreeMap::new();
    let mut projects: BTreeMap<String, u32> = BTreeMap::new();
    for item in items {
        *sections.entry(item.section.clone()).or_default() += 1;
        if let Some(project) = &item.project {
            *projects.entry(project.clone()).or_default() += 1;
        }
    }
    (sections.into(), projects.into())
}

/// An item as listed outside its issue (tag pages, glossary pages).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Decode)]
pub struct ItemRef {
    pub volume: u32,
    pub id: String,
    pub label: String,
    pub section: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}
