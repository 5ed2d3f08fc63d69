//! The UI's words in 中文 and English. One struct per language: a missing
//! string is a compile error, so both languages are always complete. Pure.

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
    pub list_separator: &'static str,
    pub filters: &'static str,
    pub filter_sections: &'static str,
    pub filter_projects: &'static str,
    pub no_match: &'static str,
    pub clear_filters: &'static str,
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
    not_in_archive_body: "这一期只知道标题,正文不在本站的存档中。",
    loading: "加载中…",
    retry: "重试",
    back_to_archive: "返回往期列表",
    not_found_heading: "找不到这个页面",
    not_found_body: "地址可能有误,或者页面已经移动。",
    error_heading: "内容没能加载",
    error_network: "网络连接失败,请检查网络后重试。",
    error_timeout: "服务器响应超时,请稍后重试。",
    error_missing: "服务器上没有这个文件。",
    error_http: "服务器返回了错误。",
    error_bad_data: "收到的数据格式不对,可能是站点正在更新。",
    glossary_heading: "名词解释",
    authors: "本周作者",
    editors: "责任编辑",
    earlier_issues: "前期周报回顾",
    contents: "目录",
    tags: "标签",
    list_separator: ",",
    filters: "筛选",
    filter_sections: "栏目",
    filter_projects: "项目",
    no_match: "没有符合筛选条件的条目。",
    clear_filters: "清除筛选",
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
    not_in_archive_body: "Only the title of this issue is known; its text is not in this archive.",
    loading: "Loading…",
    retry: "Retry",
    back_to_archive: "Back to the archive",
    not_found_heading: "Page not found",
    not_found_body: "The address may be mistyped, or the page has moved.",
    error_heading: "The content could not be loaded",
    error_network: "The network request failed. Check your connection and retry.",
    error_timeout: "The server took too long to answer. Please retry.",
    error_missing: "The file is not on the server.",
    error_http: "The server answered with an error.",
    error_bad_data: "The data received is not in the expected format; the site may be updating.",
    glossary_heading: "Glossary",
    authors: "Authors",
    editors: "Editor",
    earlier_issues: "Earlier issues",
    contents: "Contents",
    tags: "Tags",
    list_separator: ", ",
    filters: "Filter",
    filter_sections: "Sections",
    filter_projects: "Projects",
    no_match: "No items match these filters.",
    clear_filters: "Clear filters",
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

    /// "Vol. N" / "第 N 期".
    pub fn volume(&self, n: u32) -> String {
        if self.lang == Lang::Zh {
            format!("第 {n} 期")
        } else {
            format!("Vol. {n}")
        }
    }
}

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
    fn counts_and_volumes() {
        assert_eq!(EN.item_count(1), "1 item");
        assert_eq!(EN.item_count(2), "2 items");
        assert_eq!(ZH.item_count(2), "2 条");
        assert_eq!(EN.volume(3), "Vol. 3");
        assert_eq!(ZH.volume(3), "第 3 期");
    }
}
