//! Splits text into search terms: Chinese (and other CJK) text into every
//! run of one to [`MAX_GRAM`] characters (overlapping n-grams), everything
//! else into lowercase words, stemmed ([`stem`]). Offsets are character offsets, so they always fall
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

/// The longest CJK n-gram indexed: single characters and pairs. A Chinese
/// query of one or two characters is one term (one shard); longer ones are
/// covered by pairs at fixed distances, checked by position, so matches
/// stay exact. Runs of up to four characters were indexed before issue 33:
/// one request for 负载均衡, but an index twice the size in twice the files
/// (BENCHMARKS "Search index: characters and pairs").
pub const MAX_GRAM: usize = 2;

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

/// The stem of a lowercase word, so that a word's common English forms meet
/// in one index term: plurals (`filters`, `policies`), `-ing`, `-ed`, `-er`
/// and `-tion` (`filtering`, `deprecated`, `deprecation`, `container`), with
/// a doubled final consonant undone (`debugging` → `debug`) and a final `e`
/// dropped (`deprecate`, `route`). A small rule set rather than a full
/// stemmer (Porter's or Snowball's), because it runs in the browser on every
/// query and every byte of wasm counts; both sides use it, so whatever it
/// makes of a word, the index and the query agree.
///
/// Only ASCII letters are touched; words with digits or other letters, and
/// words shorter than five letters, are their own stem. A stem keeps at
/// least the first three letters, so it stays in the word's shard
/// ([`crate::search::wire::key`]).
pub fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    const MIN: usize = 3;
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return std::borrow::Cow::Borrowed(word);
    }
    let mut w = word.to_string();
    // Plurals.
    if let Some(base) = w.strip_suffix("ies").filter(|b| b.len() >= MIN) {
        w = format!("{base}y");
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
        w.truncate(w.len() - 1);
    }
    // One derivational or inflectional ending.
    if let Some(base) = w.strip_suffix("tion").filter(|b| b.len() >= MIN) {
        w = format!("{base}t");
    } else if let Some(base) = w
        .strip_suffix("ing")
        .filter(|b| b.len() >= MIN && has_vowel(b))
    {
        w = base.to_string();
    } else if let Some(base) = w
        .strip_suffix("ed")
        .filter(|b| b.len() >= MIN && has_vowel(b))
    {
        w = base.to_string();
    }
    if let Some(base) = w
        .strip_suffix("er")
        .filter(|b| b.len() >= MIN && has_vowel(b))
    {
        w = base.to_string();
    }
    // `debugg` → `debug`, `plann` → `plan` (not `ll`, `ss`, `zz`: `install`).
    let b = w.as_bytes();
    if b.len() > MIN && b[b.len() - 1] == b[b.len() - 2] && !b"aeiouylsz".contains(&b[b.len() - 1])
    {
        w.truncate(w.len() - 1);
    }
    if w.len() > MIN && w.ends_with('e') {
        w.truncate(w.len() - 1);
    }
    std::borrow::Cow::Owned(w)
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
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
            let word: String = chars[start..i]
                .iter()
                .flat_map(|c| c.to_lowercase())
                .collect();
            tokens.push(Token {
                term: stem(&word).into_owned(),
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
    fn chinese_becomes_every_character_and_every_pair() {
        assert_eq!(
            terms("负载均衡器"),
            ["负", "负载", "载", "载均", "均", "均衡", "衡", "衡器", "器"]
        );
    }

    #[test]
    fn words_are_lowercased_and_split_on_punctuation() {
        assert_eq!(
            terms("Envoy正通过ORCA, UDPA!"),
            ["envoy", "正", "正通", "通", "通过", "过", "orca", "udpa"]
        );
        assert_eq!(terms("v1beta1 1.15"), ["v1beta1", "1", "15"]);
        assert_eq!(terms("ＡＢＣ１２"), ["abc12"]);
    }

    #[test]
    fn english_forms_meet_in_one_stem() {
        for forms in [
            &["filter", "filters", "filtering", "filtered"][..],
            &["debug", "debugging", "debugged"],
            &["container", "containers"],
            &["deprecate", "deprecated", "deprecates", "deprecation"],
            &["route", "routes", "routing", "router"],
            &["policy", "policies"],
            &["process", "processes", "processing"],
            &["pipeline", "pipelines"],
            &["update", "updates", "updated", "updating"],
        ] {
            let stems: Vec<String> = forms.iter().map(|w| stem(w).into_owned()).collect();
            assert!(
                stems.iter().all(|s| *s == stems[0]),
                "{forms:?} → {stems:?}"
            );
        }
        // Left alone: short words, words with digits or other letters, and
        // endings that are not suffixes here.
        for word in [
            "user",
            "envoy",
            "v1beta1",
            "k8s",
            "status",
            "redis",
            "install",
            "containerd",
        ] {
            assert_eq!(stem(word), word);
        }
        assert_eq!(terms("Filtering Containers"), ["filt", "contain"]);
    }

    // proptest is a native dev-dependency.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// A stem keeps the word's first three letters, so it stays in the
        /// word's shard, and is never longer than the word.
        #[test]
        fn a_stem_keeps_its_shard_key(word in "[a-z]{1,14}") {
            let stemmed = stem(&word);
            proptest::prop_assert!(stemmed.len() <= word.len());
            let key = |w: &str| w.chars().take(3).collect::<String>();
            proptest::prop_assert_eq!(key(&stemmed), key(&word));
        }
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
