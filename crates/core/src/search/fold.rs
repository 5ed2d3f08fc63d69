//! Traditional and simplified Chinese meet in one index: a reader in Hong
//! Kong or Taiwan types 負載均衡 and finds 负载均衡. The compiler indexes
//! every item with each traditional (or Taiwan or Hong Kong variant)
//! character as its simplified one, from OpenCC's table
//! (crates/compiler/data/t2s.txt), so simplified text and traditional text
//! become the same terms; the browser folds a query the same way with the
//! part of the table the index can use (`search/fold.{hash}.json`: the
//! pairs whose simplified character the index holds, a few KB, read with
//! the first Chinese query). One character in, one out: offsets and
//! highlights are unchanged.

/// Pairs of characters, traditional → simplified, sorted by the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fold {
    pairs: Vec<(char, char)>,
}

impl Fold {
    /// From pairs written one after another (`負负載载…`, as published);
    /// a character without a partner at the end is ignored.
    pub fn parse(pairs: &str) -> Fold {
        let chars: Vec<char> = pairs.chars().collect();
        Fold::from_pairs(chars.chunks_exact(2).map(|p| (p[0], p[1])))
    }

    /// From pairs in any order; a character folding to itself is dropped,
    /// and of two pairs for one character the first stays.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (char, char)>) -> Fold {
        let mut pairs: Vec<(char, char)> = pairs.into_iter().filter(|(t, s)| t != s).collect();
        pairs.sort_by_key(|(t, _)| *t);
        pairs.dedup_by_key(|(t, _)| *t);
        Fold { pairs }
    }

    /// The pairs written one after another, as [`Fold::parse`] reads them.
    pub fn to_pairs(&self) -> String {
        self.pairs.iter().flat_map(|(t, s)| [*t, *s]).collect()
    }

    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `c` as the index holds it.
    pub fn char(&self, c: char) -> char {
        self.pairs
            .binary_search_by_key(&c, |(t, _)| *t)
            .map_or(c, |i| self.pairs[i].1)
    }

    /// `text` as the index holds it, character for character.
    pub fn text(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_owned();
        }
        text.chars().map(|c| self.char(c)).collect()
    }

    /// Only the pairs whose simplified character `keep` accepts (those the
    /// index holds: folding to anything else finds nothing anyway).
    pub fn only(&self, keep: impl Fn(char) -> bool) -> Fold {
        Fold {
            pairs: self
                .pairs
                .iter()
                .copied()
                .filter(|(_, s)| keep(*s))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_variant_characters_fold_and_everything_else_stays() {
        let fold = Fold::parse("負负載载雲云偽伪");
        assert_eq!(
            fold.text("負載均衡 雲原生 Envoy 1.0"),
            "负载均衡 云原生 Envoy 1.0"
        );
        assert_eq!(fold.text("负载均衡"), "负载均衡");
        assert_eq!(fold.char('偽'), '伪');
        assert_eq!(fold.char('x'), 'x');
    }

    #[test]
    fn pairs_read_back_as_written_in_any_order() {
        let fold = Fold::from_pairs([('雲', '云'), ('負', '负'), ('負', 'x'), ('a', 'a')]);
        assert_eq!(fold.len(), 2);
        assert_eq!(
            fold.char('負'),
            '负',
            "of two pairs for a character, the first"
        );
        assert_eq!(Fold::parse(&fold.to_pairs()), fold);
        // A lone character at the end is no pair.
        assert_eq!(Fold::parse("負负載"), Fold::parse("負负"));
        assert!(Fold::parse("").is_empty());
    }

    #[test]
    fn a_query_folds_its_chinese_and_keeps_what_was_typed_as_labels() {
        use crate::search::query::{parse_query, Part};
        let fold = Fold::parse("負负載载");
        let query = parse_query("負載 负载 Envoy 負").folded(&fold);
        assert_eq!(
            query.parts,
            [
                Part::Cjk(vec!['负', '载']),
                Part::Word("envoy".into()),
                Part::Cjk(vec!['负'])
            ]
        );
        // `負載 负载` is one part, as `负载 负载` is; the label is the first as typed.
        assert_eq!(query.labels, ["負載", "envoy", "負"]);
        assert_eq!(parse_query("负载 负载").folded(&fold), parse_query("负载"));
    }

    #[test]
    fn only_the_pairs_the_index_can_use_are_kept() {
        let fold = Fold::parse("負负載载雲云");
        let kept = fold.only(|s| "负载".contains(s));
        assert_eq!(kept.to_pairs(), "負负載载");
    }
}
