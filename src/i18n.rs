//! The UI's words in 中文 and English. One struct per language: a missing
//! string is a compile error, so both languages are always complete. Pure.

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

pub const ZH: Strings = Strings {
    lang: Lang::Zh,
    skip_to_content: "跳到正文",
    nav_archive: "往期",
    switch_language: "English",
    archive_heading: "全部周报",
    latest_issue: "最新一期",
    read_issue: "阅读本期",
    not_in_archive: "本期未收录",
    draft: "草稿",
    not_in_archive_body: "这一期只知道标题，正文不在本站的存档中。",
    loading: "加载中…",
    retry: "重试",
    back_to_archive: "返回往期列表",
    not_found_heading: "找不到这个页面",
    not_found_body: "地址可能有误，或者页面已经移动。",
    error_heading: "内容没能加载",
    error_network: "网络连接失败，请检查网络后重试。",
    error_timeout: "服务器响应超时，请稍后重试。",
    error_missing: "服务器上没有这个文件：站点可能刚刚更新过。重新加载页面即可阅读新版本。",
    error_http: "服务器返回了错误。",
    error_bad_data: "收到的数据格式不对：站点可能刚刚更新过。重新加载页面即可阅读新版本。",
    glossary_heading: "名词解释",
    authors: "本周作者",
    editors: "责任编辑",
    earlier_issues: "前期周报回顾",
    contents: "目录",
    tags: "标签",
    colon: "：",
    filters: "筛选",
    filter_sections: "栏目",
    filter_projects: "项目",
    no_match: "没有符合筛选条件的条目。",
    clear_filters: "清除筛选",
    nav_tags: "标签",
    nav_glossary: "术语表",
    tags_heading: "全部标签",
    tag_heading: "标签",
    glossary_index: "术语表",
    term_used_in: "出现在",
    term_unused: "目前还没有哪一期用到这个术语。",
    search_heading: "搜索",
    search_label: "搜索周报",
    search_placeholder: "搜索：负载均衡、Istio、tag:envoy",
    search_loading: "正在加载搜索索引…",
    search_hint: "中文可搜任意两个字以上的片段，英文按整词或词首匹配；用 tag:istio 或 section:news 缩小范围。",
    search_no_results: "没有找到结果。",
    search_missing: "未包含：",
    search_suggestions: "试试这些标签和术语：",
    search_more: "显示更多结果",
    search_results: "搜索结果",
    search_remove_filter: "移除这个筛选",
    previous_issue: "上一期",
    next_issue: "下一期",
    copy_link: "复制链接",
    link_copied: "链接已复制",
    copy_failed: "无法复制，请手动复制地址",
    theme: "主题",
    theme_auto: "跟随系统",
    theme_light: "浅色",
    theme_dark: "深色",
    english_expansion: "英文全称",
    explanation_zh: "中文解释",
    explanation_en: "英文解释",
    issue_navigation: "期刊导航",
    shortcuts_hint: "快捷键：j / k 下一条 / 上一条，[ / ] 上一期 / 下一期，? 全部快捷键",
    shortcuts_title: "键盘快捷键",
    shortcuts_on: "启用键盘快捷键",
    key_next_item: "下一条",
    key_previous_item: "上一条",
    key_search: "跳到搜索框",
    key_help: "显示快捷键列表",
    key_close: "关闭本列表",
    close: "关闭",
    unread: "未读",
    your_reading: "阅读记录",
    mark_all_read: "全部标为已读",
    forget_history: "清除我的阅读记录",
    transfer_history: "导出或导入阅读记录…",
    export_history: "导出阅读记录",
    import_history: "导入阅读记录",
    reload_page: "重新加载页面",
    term_open_entry: "查看术语表词条",
    term_previews: "显示术语解释浮窗",
    open_in_weekly: "在新标签页中打开周报",
    embed_region: "云原生生态周报",
    error_code: "阅读器的这一部分没有加载成功：请检查网络后重试；如果站点刚刚更新过，重新加载页面即可。",
    error_offline: "此页面尚未保存，无法离线阅读。连接网络后重试，或在联网时使用页脚的「保存全部期刊以供离线阅读」。",
    offline_banner: "已离线：正在显示保存在本机的内容。",
    update_ready: "周报有新版本。",
    update_reload: "重新加载",
    update_later: "稍后",
    offline_save: "保存全部期刊以供离线阅读",
    offline_cancel: "取消",
    offline_cancelled: "已取消，已保存的文件仍可离线使用。",
    offline_progress_label: "离线下载进度",
};

pub const EN: Strings = Strings {
    lang: Lang::En,
    skip_to_content: "Skip to content",
    nav_archive: "Archive",
    switch_language: "中文",
    archive_heading: "All issues",
    latest_issue: "Latest issue",
    read_issue: "Read this issue",
    not_in_archive: "Not in this archive",
    draft: "Draft",
    not_in_archive_body: "Only the title of this issue is known; its text is not in this archive.",
    loading: "Loading…",
    retry: "Retry",
    back_to_archive: "Back to the archive",
    not_found_heading: "Page not found",
    not_found_body: "The address may be mistyped, or the page has moved.",
    error_heading: "The content could not be loaded",
    error_network: "The network request failed. Check your connection and retry.",
    error_timeout: "The server took too long to answer. Please retry.",
    error_missing: "The file is not on the server: the site may have just been updated. Reload the page to read the new version.",
    error_http: "The server answered with an error.",
    error_bad_data: "The data received is not in the expected format: the site may have just been updated. Reload the page to read the new version.",
    glossary_heading: "Glossary",
    authors: "Authors",
    editors: "Editor",
    earlier_issues: "Earlier issues",
    contents: "Contents",
    tags: "Tags",
    colon: ": ",
    filters: "Filter",
    filter_sections: "Sections",
    filter_projects: "Projects",
    no_match: "No items match these filters.",
    clear_filters: "Clear filters",
    nav_tags: "Tags",
    nav_glossary: "Glossary",
    tags_heading: "All tags",
    tag_heading: "Tag",
    glossary_index: "Glossary",
    term_used_in: "Used in",
    term_unused: "No issue uses this term yet.",
    search_heading: "Search",
    search_label: "Search the weekly",
    search_placeholder: "Search: 负载均衡, Istio, tag:envoy",
    search_loading: "Loading the search index…",
    search_hint: "Chinese matches any run of two or more characters; English matches words and their beginnings. Narrow with tag:istio or section:news.",
    search_no_results: "No results.",
    search_missing: "Missing: ",
    search_suggestions: "Try one of these tags or terms:",
    search_more: "Show more results",
    search_results: "Search results",
    search_remove_filter: "Remove this filter",
    previous_issue: "Previous issue",
    next_issue: "Next issue",
    copy_link: "Copy link",
    link_copied: "Link copied",
    copy_failed: "Could not copy; copy the address instead",
    theme: "Theme",
    theme_auto: "System",
    theme_light: "Light",
    theme_dark: "Dark",
    english_expansion: "English name",
    explanation_zh: "In Chinese",
    explanation_en: "In English",
    issue_navigation: "Issue navigation",
    shortcuts_hint: "Shortcuts: j / k next / previous item, [ / ] previous / next issue, ? all shortcuts",
    shortcuts_title: "Keyboard shortcuts",
    shortcuts_on: "Use keyboard shortcuts",
    key_next_item: "Next item",
    key_previous_item: "Previous item",
    key_search: "Go to the search box",
    key_help: "Show the shortcuts",
    key_close: "Close this list",
    close: "Close",
    unread: "Unread",
    your_reading: "Your reading",
    mark_all_read: "Mark all as read",
    forget_history: "Forget my reading history",
    transfer_history: "Export or import your reading history…",
    export_history: "Export reading history",
    import_history: "Import reading history",
    reload_page: "Reload the page",
    term_open_entry: "Open the glossary entry",
    term_previews: "Explain terms in a tooltip",
    open_in_weekly: "Open in Weekly (new tab)",
    embed_region: "Cloud Native Ecosystem Weekly",
    error_code: "This part of the reader did not load. Check the connection and try again; if the site was just updated, reload the page.",
    error_offline: "This page is not saved for offline reading. Connect and try again, or use “Save every issue for offline reading” in the footer while online.",
    offline_banner: "Offline: showing what is saved on this device.",
    update_ready: "A new version of Weekly is available.",
    update_reload: "Reload",
    update_later: "Later",
    offline_save: "Save every issue for offline reading",
    offline_cancel: "Cancel",
    offline_cancelled: "Cancelled; the files saved so far stay available offline.",
    offline_progress_label: "Offline download progress",
};

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
mod tests {
    use super::*;

    #[test]
    fn negotiation() {
        assert_eq!(Lang::negotiate(["fr-FR", "en-US", "zh-CN"]), Lang::En);
        assert_eq!(Lang::negotiate(["zh-TW"]), Lang::Zh);
        assert_eq!(Lang::negotiate(["de"]), Lang::Zh);
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("english"), None);
    }

    #[test]
    fn both_languages_fill_every_string() {
        // The struct makes every field mandatory; this checks none is blank
        // and that the two tables differ where they should.
        let fields = |t: &Strings| {
            [
                t.skip_to_content,
                t.nav_archive,
                t.switch_language,
                t.archive_heading,
                t.latest_issue,
                t.read_issue,
                t.not_in_archive,
                t.not_in_archive_body,
                t.loading,
                t.retry,
                t.back_to_archive,
                t.not_found_heading,
                t.not_found_body,
                t.error_heading,
                t.error_network,
                t.error_timeout,
                t.error_missing,
                t.error_http,
                t.error_bad_data,
                t.glossary_heading,
                t.authors,
                t.editors,
                t.earlier_issues,
                t.contents,
                t.tags,
                t.filters,
                t.filter_sections,
                t.filter_projects,
                t.no_match,
                t.clear_filters,
                t.nav_tags,
                t.nav_glossary,
                t.tags_heading,
                t.tag_heading,
                t.glossary_index,
                t.term_used_in,
                t.term_unused,
                t.search_heading,
                t.search_label,
                t.search_placeholder,
                t.search_loading,
                t.search_hint,
                t.search_no_results,
                t.search_missing,
                t.search_suggestions,
                t.search_more,
                t.search_results,
                t.search_remove_filter,
                t.previous_issue,
                t.next_issue,
                t.copy_link,
                t.link_copied,
                t.copy_failed,
                t.theme,
                t.theme_auto,
                t.theme_light,
                t.theme_dark,
                t.english_expansion,
                t.explanation_zh,
                t.explanation_en,
                t.issue_navigation,
                t.shortcuts_hint,
                t.shortcuts_title,
                t.shortcuts_on,
                t.key_next_item,
                t.key_previous_item,
                t.key_search,
                t.key_help,
                t.key_close,
                t.close,
                t.unread,
                t.your_reading,
                t.mark_all_read,
                t.forget_history,
                t.transfer_history,
                t.export_history,
                t.import_history,
                t.reload_page,
                t.term_open_entry,
                t.term_previews,
                t.open_in_weekly,
                t.embed_region,
                t.error_offline,
                t.error_code,
                t.offline_banner,
                t.update_ready,
                t.update_reload,
                t.update_later,
                t.offline_save,
                t.offline_cancel,
                t.offline_cancelled,
                t.offline_progress_label,
            ]
        };
        for (zh, en) in fields(&ZH).iter().zip(fields(&EN)) {
            assert!(!zh.trim().is_empty() && !en.trim().is_empty());
        }
        let differing = fields(&ZH)
            .iter()
            .zip(fields(&EN))
            .filter(|(z, e)| z != &e)
            .count();
        assert_eq!(
            differing,
            fields(&ZH).len(),
            "a string was left untranslated"
        );
        assert_eq!(EN.issue_count(1), "1 issue");
        assert_eq!(EN.issue_count(3), "3 issues");
    }

    #[test]
    fn counts_and_volumes() {
        assert_eq!(EN.item_count(1), "1 item");
        assert_eq!(EN.item_count(2), "2 items");
        assert_eq!(EN.result_count(1), "1 result");
        assert_eq!(EN.result_count(0), "0 results");
        assert_eq!(ZH.result_count(3), "共 3 条结果");
        assert_eq!(ZH.item_count(2), "2 条");
        assert_eq!(ZH.reading_time(6), "约 6 分钟");
        assert_eq!(EN.reading_time(1), "1 min read");
        assert_eq!(ZH.new_since(1), "自上次访问以来有 1 期新周报");
        assert_eq!(EN.new_since(1), "1 new issue since your last visit");
        assert_eq!(EN.new_since(2), "2 new issues since your last visit");
        assert_eq!(EN.continue_volume(4), "Continue reading Vol. 4");
        assert_eq!(EN.imported(1), "Imported: 1 issue read.");
        assert_eq!(
            EN.import_error(ImportError::Invalid("read")),
            "The file is damaged (field “read”); nothing was changed."
        );
        assert_eq!(
            ZH.import_error(ImportError::NotHistory),
            "该文件不是 Weekly 的阅读记录，阅读记录未作任何更改。"
        );
        assert_eq!(ZH.continue_from("标题"), "从「标题」继续阅读");
        assert_eq!(EN.volume(3), "Vol. 3");
        assert_eq!(ZH.date("2019-05-06"), "2019年5月6日");
        assert_eq!(EN.date("2019-05-06"), "6 May 2019");
        assert_eq!(EN.date("2019-13-06"), "2019-13-06");
        assert_eq!(ZH.volume(3), "第 3 期");
        assert_eq!(EN.show_more_issues(1), "Show more (1 issue left)");
        assert_eq!(EN.show_more_issues(914), "Show more (914 issues left)");
        assert_eq!(ZH.show_more_issues(914), "显示更多（还有 914 期）");
    }
}
