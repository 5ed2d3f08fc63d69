//! The UI's words in 中文 and English. One struct per language: a missing
//! string is a compile error, so both languages are always complete. Pure.
//! The tables are in `tables.rs`; here the language, the struct every
//! table fills, and the phrases built from numbers.

mod tables;

pub use tables::{EN, ZH};

use crate::memory::ImportError;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The value for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code == "zh" || code.starts_with("zh-") {
            Some(Lang::Zh)
        } else if code == "en" || code.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first supported language of the browser's preference list,
    /// Chinese when none is supported (the content is Chinese).
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::from_code)
            .unwrap_or_default()
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    /// The name in this language.
    pub fn pick(self, name: &crate::model::Bilingual) -> &str {
        match self {
            Lang::Zh => &name.zh,
            Lang::En => &name.en,
        }
    }

    pub fn t(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Every fixed string of the UI.
pub struct Strings {
    pub lang: Lang,
    pub skip_to_content: &'static str,
    pub nav_archive: &'static str,
    pub switch_language: &'static str,
    pub archive_heading: &'static str,
    pub latest_issue: &'static str,
    pub read_issue: &'static str,
    pub not_in_archive: &'static str,
    /// Marks an unpublished issue in the editor's preview.
    pub draft: &'static str,
    pub not_in_archive_body: &'static str,
    pub loading: &'static str,
    pub retry: &'static str,
    pub back_to_archive: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_body: &'static str,
    pub error_heading: &'static str,
    pub error_network: &'static str,
    pub error_timeout: &'static str,
    pub error_missing: &'static str,
    pub error_http: &'static str,
    pub error_bad_data: &'static str,
    pub glossary_heading: &'static str,
    pub authors: &'static str,
    pub editors: &'static str,
    pub earlier_issues: &'static str,
    pub contents: &'static str,
    pub tags: &'static str,
    /// Between a label and its value.
    pub colon: &'static str,
    pub filters: &'static str,
    pub filter_sections: &'static str,
    pub filter_projects: &'static str,
    pub no_match: &'static str,
    pub clear_filters: &'static str,
    pub nav_tags: &'static str,
    pub nav_glossary: &'static str,
    pub tags_heading: &'static str,
    pub tag_heading: &'static str,
    pub glossary_index: &'static str,
    pub term_used_in: &'static str,
    pub term_unused: &'static str,
    pub search_heading: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub search_loading: &'static str,
    pub search_hint: &'static str,
    pub search_no_results: &'static str,
    /// Before the words a partial result lacks.
    pub search_missing: &'static str,
    pub search_suggestions: &'static str,
    pub search_more: &'static str,
    pub search_results: &'static str,
    pub search_remove_filter: &'static str,
    pub previous_issue: &'static str,
    pub next_issue: &'static str,
    pub copy_link: &'static str,
    pub link_copied: &'static str,
    pub copy_failed: &'static str,
    pub theme: &'static str,
    pub theme_auto: &'static str,
    pub theme_light: &'static str,
    pub theme_dark: &'static str,
    pub english_expansion: &'static str,
    pub explanation_zh: &'static str,
    pub explanation_en: &'static str,
    pub issue_navigation: &'static str,
    pub shortcuts_hint: &'static str,
    /// The keyboard shortcuts dialog (`?`): its title, what each key does,
    /// the switch that turns them off, and its close button.
    pub shortcuts_title: &'static str,
    pub shortcuts_on: &'static str,
    pub key_next_item: &'static str,
    pub key_previous_item: &'static str,
    pub key_search: &'static str,
    pub key_help: &'static str,
    pub key_close: &'static str,
    pub close: &'static str,
    /// The reader's history (`memory`): an unread issue, the notices'
    /// landmark, and the archive's two actions.
    pub unread: &'static str,
    pub your_reading: &'static str,
    pub mark_all_read: &'static str,
    pub forget_history: &'static str,
    /// Moving the history to another device: the archive's button that
    /// shows the two ways, and each.
    pub transfer_history: &'static str,
    pub export_history: &'static str,
    pub import_history: &'static str,
    /// Reloads the page: the way out of a redeploy under an open tab.
    pub reload_page: &'static str,
    /// The tooltip's link to the term's glossary page.
    pub term_open_entry: &'static str,
    /// The switch that turns term tooltips on and off.
    pub term_previews: &'static str,
    /// The embedded reader's link to the full reader, in a new tab.
    pub open_in_weekly: &'static str,
    /// The name of the embedded reader's main landmark (the portal has its own).
    pub embed_region: &'static str,
    /// An issue or file that is neither reachable nor stored offline.
    pub error_offline: &'static str,
    /// A part of the reader's code that arrives on demand did not load.
    pub error_code: &'static str,
    /// The banner while the network is gone.
    pub offline_banner: &'static str,
    /// A new deploy is waiting.
    pub update_ready: &'static str,
    /// Accepts the new version.
    pub update_reload: &'static str,
    /// Keeps the running version.
    pub update_later: &'static str,
    /// Starts downloading everything.
    pub offline_save: &'static str,
    /// Stops the download.
    pub offline_cancel: &'static str,
    /// After Cancel.
    pub offline_cancelled: &'static str,
    /// Name of the progress bar.
    pub offline_progress_label: &'static str,
}

impl Strings {
    /// "N items" with the plural rule of the language.
    pub fn item_count(&self, n: u32) -> String {
        if self.lang == Lang::Zh {
            format!("{n} 条")
        } else if n == 1 {
            "1 item".to_string()
        } else {
            format!("{n} items")
        }
    }

    /// "1 new issue since your last visit".
    pub fn new_since(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Zh, n) => format!("自上次访问以来有 {n} 期新周报"),
            (Lang::En, 1) => "1 new issue since your last visit".to_string(),
            (Lang::En, n) => format!("{n} new issues since your last visit"),
        }
    }

    /// The archive's way back into the issue left halfway.
    pub fn continue_volume(&self, volume: u32) -> String {
        match self.lang {
            Lang::Zh => format!("继续阅读第 {volume} 期"),
            Lang::En => format!("Continue reading Vol. {volume}"),
        }
    }

    /// An issue's offer to go back to where the reader stopped.
    pub fn continue_from(&self, title: &str) -> String {
        match self.lang {
            Lang::Zh => format!("从「{title}」继续阅读"),
            Lang::En => format!("Continue from “{title}”"),
        }
    }

    /// What an import did: how many issues the history now counts as read.
    pub fn imported(&self, read: usize) -> String {
        match (self.lang, read) {
            (Lang::Zh, n) => format!("已导入：共 {n} 期已读。"),
            (Lang::En, 1) => "Imported: 1 issue read.".to_string(),
            (Lang::En, n) => format!("Imported: {n} issues read."),
        }
    }

    /// Why an import was refused; nothing was changed.
    pub fn import_error(&self, error: ImportError) -> String {
        let zh = self.lang == Lang::Zh;
        let why = match error {
            ImportError::TooLarge if zh => "文件过大（超过 256 KB）".to_string(),
            ImportError::TooLarge => "The file is too large (over 256 KB)".to_string(),
            ImportError::NotJson if zh => "该文件不是 JSON".to_string(),
            ImportError::NotJson => "The file is not JSON".to_string(),
            ImportError::NotHistory if zh => "该文件不是 Weekly 的阅读记录".to_string(),
            ImportError::NotHistory => "The file is not a Weekly reading history".to_string(),
            ImportError::Newer(v) if zh => format!("该文件来自更新版本的 Weekly（格式 {v}）"),
            ImportError::Newer(v) => format!("The file comes from a newer Weekly (format {v})"),
            ImportError::Invalid(field) if zh => format!("该文件已损坏（字段 {field}）"),
            ImportError::Invalid(field) => format!("The file is damaged (field “{field}”)"),
        };
        if zh {
            format!("{why}，阅读记录未作任何更改。")
        } else {
            format!("{why}; nothing was changed.")
        }
    }

    /// How long an issue takes to read ([`crate::model::reading`]).
    pub fn reading_time(&self, minutes: u32) -> String {
        match self.lang {
            Lang::Zh => format!("约 {minutes} 分钟"),
            Lang::En => format!("{minutes} min read"),
        }
    }

    /// The button that shows more of a long list, with how many are left.
    pub fn show_more_issues(&self, left: usize) -> String {
        match (self.lang, left) {
            (Lang::Zh, n) => format!("显示更多（还有 {n} 期）"),
            (Lang::En, 1) => "Show more (1 issue left)".to_string(),
            (Lang::En, n) => format!("Show more ({n} issues left)"),
        }
    }

    /// "12 / 1,011 files".
    pub fn offline_progress(&self, done: usize, total: usize) -> String {
        match self.lang {
            Lang::Zh => format!("{done} / {total} 个文件"),
            Lang::En => format!("{done} / {total} files"),
        }
    }

    /// "Save every issue" ended with files it could not store.
    pub fn offline_incomplete(&self, saved: usize, total: usize) -> String {
        match self.lang {
            Lang::Zh => format!("已保存 {saved} / {total} 个文件；其余文件没能保存（网络中断或存储空间不足），请重试。"),
            Lang::En => format!(
                "Saved {saved} of {total} files; the rest could not be stored (no network or no space left). Try again."
            ),
        }
    }

    /// What "available offline" stored, and the space the site uses.
    pub fn offline_done(&self, files: usize, megabytes: Option<&str>) -> String {
        match (self.lang, megabytes) {
            (Lang::Zh, Some(mb)) => {
                format!("已保存 {files} 个文件，可离线阅读（本站共占用 {mb} MB）。")
            }
            (Lang::Zh, None) => format!("已保存 {files} 个文件，可离线阅读。"),
            (Lang::En, Some(mb)) => {
                format!("Saved {files} files for offline reading ({mb} MB used by this site).")
            }
            (Lang::En, None) => format!("Saved {files} files for offline reading."),
        }
    }

    /// "N issues" with the plural rule of the language.
    pub fn issue_count(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Zh, n) => format!("{n} 期"),
            (Lang::En, 1) => "1 issue".to_string(),
            (Lang::En, n) => format!("{n} issues"),
        }
    }

    /// An ISO date (`2019-05-06`) as readers of the language write it:
    /// "2019年5月6日" / "6 May 2019". Anything else is shown as written.
    pub fn date(&self, iso: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let parts: Vec<u32> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
        match (self.lang, parts.as_slice()) {
            (Lang::Zh, [y, m @ 1..=12, d @ 1..=31]) => format!("{y}年{m}月{d}日"),
            (Lang::En, [y, m @ 1..=12, d @ 1..=31]) => {
                format!("{d} {} {y}", MONTHS[*m as usize - 1])
            }
            _ => iso.to_string(),
        }
    }

    /// "12 results" / "共 12 条结果".
    pub fn result_count(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Zh, n) => format!("共 {n} 条结果"),
            (Lang::En, 1) => "1 result".to_string(),
            (Lang::En, n) => format!("{n} results"),
        }
    }

    /// When no item has every word of the query: "No item has every word;
    /// 3 have most of them" / "没有同时包含所有词的条目，以下 3 条包含其中大部分".
    pub fn partial_count(&self, n: usize) -> String {
        match (self.lang, n) {
            (Lang::Zh, n) => format!("没有同时包含所有词的条目，以下 {n} 条包含其中大部分"),
            (Lang::En, 1) => "No item has every word; 1 has most of them".to_string(),
            (Lang::En, n) => format!("No item has every word; {n} have most of them"),
        }
    }

    /// "Vol. N" / "第 N 期".
    pub fn volume(&self, n: u32) -> String {
        if self.lang == Lang::Zh {
            format!("第 {n} 期")
        } else {
            format!("Vol. {n}")
        }
    }
}

/// Said by a pre-rendered page read without JavaScript (in `<noscript>`),
/// whose language is the newsletter's: both languages at once.
pub const NEEDS_SCRIPT_SEARCH: &str =
    "搜索需要启用 JavaScript；可从往期、标签和术语表浏览。Search needs JavaScript; browse the archive, tags and glossary instead.";
pub const NEEDS_SCRIPT_FILTERS: &str =
    "筛选需要启用 JavaScript；下面是全部条目。Filters need JavaScript; every item is shown below.";

#[cfg(test)]
mod tests;
