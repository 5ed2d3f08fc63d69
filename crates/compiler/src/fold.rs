//! The traditional → simplified table the search index is folded with
//! (weekly_core::search::fold says why): OpenCC's, in data/t2s.txt
//! (data/make-t2s.mjs writes it; Apache-2.0, data/OPENCC-LICENSE). Native
//! only: the browser gets the part of it the index can use.

use std::sync::OnceLock;
use weekly_core::search::Fold;

/// The whole table, read once.
pub fn table() -> &'static Fold {
    static TABLE: OnceLock<Fold> = OnceLock::new();
    TABLE.get_or_init(|| {
        Fold::from_pairs(
            include_str!("../data/t2s.txt")
                .lines()
                .filter(|line| !line.starts_with('#'))
                .filter_map(|line| {
                    let mut chars = line.chars();
                    Some((chars.next()?, chars.next()?))
                }),
        )
    })
}

/// `text` folded by [`table`], through a table indexed by character (a
/// build folds every character of the archive: a search per character
/// was 5 % of an incremental build).
pub fn text(text: &str) -> String {
    static DENSE: OnceLock<Vec<char>> = OnceLock::new();
    let dense = DENSE.get_or_init(|| {
        let pairs: Vec<char> = table().to_pairs().chars().collect();
        let end = pairs.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut dense: Vec<char> = (0..end)
            .map(|c| char::from_u32(c as u32).unwrap_or('\0'))
            .collect();
        for pair in pairs.chunks_exact(2) {
            dense[pair[0] as usize] = pair[1];
        }
        dense
    });
    text.chars()
        .map(|c| dense.get(c as usize).copied().unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_folds_what_hong_kong_and_taiwan_readers_type() {
        let fold = table();
        assert!(fold.len() > 3_000, "{}", fold.len());
        // Traditional, a Taiwan variant (偽 through 僞), and simplified text kept.
        assert_eq!(
            fold.text("負載均衡 雲原生 網絡 服務 偽造"),
            "负载均衡 云原生 网络 服务 伪造"
        );
        assert_eq!(fold.text("负载均衡 什么 吃"), "负载均衡 什么 吃");
    }

    #[test]
    fn the_quick_path_folds_as_the_table_does() {
        let all: String = ('\u{2e80}'..='\u{2ffff}').collect();
        assert_eq!(text(&all), table().text(&all));
        assert_eq!(text("負載 a\u{10ffff}"), "负载 a\u{10ffff}");
    }

    #[test]
    fn folding_twice_changes_nothing_more() {
        let fold = table();
        let chars: Vec<char> = fold.to_pairs().chars().collect();
        for pair in chars.chunks(2) {
            let (t, s) = (pair[0], pair[1]);
            assert_eq!(fold.char(s), s, "{t} → {s} → {}", fold.char(s));
        }
    }
}
