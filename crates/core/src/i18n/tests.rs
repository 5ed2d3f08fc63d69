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
