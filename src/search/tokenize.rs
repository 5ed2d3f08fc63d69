//! Splits text into search terms: Chinese (and other CJK) text into every
//! run of one to [`MAX_GRAM`] characters (overlapping n-grams), everything
//! else into lowercase words. Offsets are character offsets, so they always fall
//! on character boundaries whatever the input.

use crate::model::is_cjk;

/// One term of a text, with its span in characters `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
    /// What the term is; positions for adjacency checks are `start`.
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A lowercase word of letters and digits.
    Word,
    /// One to [`MAX_GRAM`] adjacent CJK characters.
    Gram,
}

/// The longest CJK n-gram indexed. A Chinese query of up to this many
/// characters is one term (one shard); longer ones are covered by several.
/// Four fits the most common Chinese words (负载均衡, 服务网格); indexing
/// them costs disk, not bytes per query: their postings are short.
pub const MAX_GRAM: usize = 4;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Full-width ASCII (`Ａ`, `１`, `！`) as its ASCII twin, so `ＡＢＣ` and
/// `abc` are the same word; every other character as it is. One character
/// in, one out: offsets are unchanged.
pub fn fold_width(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn is_cjk_char(c: char) -> bool {
    is_cjk(c) && c.is_alphanumeric()
}

/// Maximal runs of CJK characters (`true`) or of word characters (`false`)
/// as `(is_cjk, start, end)` in characters; everything else separates them.
pub fn runs(chars: &[char]) -> Vec<(bool, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let cjk = is_cjk_char(chars[i]);
        if !cjk && !is_word_char(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let same = |c: char| if cjk { is_cjk_char(c) } else { is_word_char(c) };
        while i < chars.len() && same(chars[i]) {
            i += 1;
        }
        out.push((cjk, start, i));
    }
    out
}

/// Every term of `text`, in order of position.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().map(fold_width).collect();
    let mut tokens = Vec::new();
    for (cjk, start, i) in runs(&chars) {
        if cjk {
            for k in start..i {
                for end in k + 1..=(k + MAX_GRAM).min(i) {
                    tokens.push(Token {
                        term: chars[k..end].iter().collect(),
                        start: k,
                        end,
                        kind: Kind::Gram,
                    });
                }
            }
        } else {
            let term: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            tokens.push(Token {
                term,
                start,
                end: i,
                kind: Kind::Word,
            });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn chinese_becomes_every_run_of_one_to_four_characters() {
        assert_eq!(
            terms("负载均衡器"),
            [
                "负",
                "负载",
                "负载均",
                "负载均衡",
                "载",
                "载均",
                "载均衡",
                "载均衡器",
                "均",
                "均衡",
                "均衡器",
                "衡",
                "衡器",
                "器"
            ]
        );
    }

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(
            terms("Envoy正通过ORCA, UDPA!"),
            [
                "envoy",
                "正",
                "正通",
                "正通过",
                "通",
                "通过",
                "过",
                "orca",
                "udpa"
            ]
        );
        assert_eq!(terms("v1beta1 1.15"), ["v1beta1", "1", "15"]);
        assert_eq!(terms("ＡＢＣ１２"), ["abc12"]);
    }

    #[test]
    fn offsets_are_characters() {
        let t = tokenize("Docker Hub遭入侵");
        let hub = t.iter().find(|t| t.term == "hub").unwrap();
        assert_eq!((hub.start, hub.end), (7, 10));
        let bigram = t.iter().find(|t| t.term == "遭入").unwrap();
        assert_eq!((bigram.start, bigram.end), (10, 12));
    }
}
