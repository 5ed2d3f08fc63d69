//! How long an issue takes to read, computed by the compiler from its text
//! and published in the catalog ([`super::IssueEntry::minutes`]). Pure.
//!
//! Rates are those of the International Reading Speed Texts (IReST:
//! Trauzettel-Klosinski, Dietz et al., "Standardized Assessment of Reading
//! Performance: The New International Reading Speed Texts IReST",
//! Investigative Ophthalmology & Visual Science 53(9), 2012), silent
//! reading by adults of the same texts in 17 languages: Chinese 255
//! characters a minute, English 228 words a minute. The newsletter mixes
//! both (Chinese prose with English names), so each part of the text is
//! timed at its own rate and the times are added.

use super::{is_cjk, Issue};

/// Chinese characters read silently per minute (IReST).
pub const CHINESE_CHARS_PER_MINUTE: u32 = 255;
/// English words read silently per minute (IReST).
pub const ENGLISH_WORDS_PER_MINUTE: u32 = 228;

/// What a text holds to read: Chinese (or other CJK) characters, not
/// counting punctuation, and words of other scripts (runs of letters and
/// digits).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Length {
    pub chars: u32,
    pub words: u32,
}

impl Length {
    pub fn of(text: &str) -> Length {
        let mut length = Length::default();
        let mut in_word = false;
        for c in text.chars() {
            if is_cjk(c) {
                in_word = false;
                if c.is_alphanumeric() {
                    length.chars += 1;
                }
            } else if c.is_alphanumeric() {
                if !in_word {
                    length.words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
        length
    }

    fn add(self, other: Length) -> Length {
        Length {
            chars: self.chars + other.chars,
            words: self.words + other.words,
        }
    }

    /// Whole minutes to read it, rounded to the nearest, at least one.
    pub fn minutes(self) -> u32 {
        // chars / 255 + words / 228, over one denominator.
        let per = u64::from(CHINESE_CHARS_PER_MINUTE) * u64::from(ENGLISH_WORDS_PER_MINUTE);
        let work = u64::from(self.chars) * u64::from(ENGLISH_WORDS_PER_MINUTE)
            + u64::from(self.words) * u64::from(CHINESE_CHARS_PER_MINUTE);
        ((work + per / 2) / per).clamp(1, u64::from(u32::MAX)) as u32
    }
}

/// Minutes to read `issue` as the reader sees it: its title, summary, and
/// every item's title and body.
pub fn minutes(issue: &Issue) -> u32 {
    let mut length = Length::of(&issue.title);
    if let Some(summary) = &issue.summary {
        length = length.add(Length::of(summary));
    }
    for item in issue.items() {
        length = length
            .add(Length::of(&super::plain_text(&item.title)))
            .add(Length::of(&item.plain_body()));
    }
    length.minutes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_characters_and_other_text_words() {
        assert_eq!(
            Length::of("Istio 1.24 发布了，支持 Ambient 模式。"),
            Length { chars: 7, words: 4 }
        );
        // Punctuation, spaces and symbols are not read.
        assert_eq!(Length::of("，。「」 — ... !?"), Length::default());
        assert_eq!(Length::of("k8s-operator"), Length { chars: 0, words: 2 });
    }

    #[test]
    fn minutes_follow_the_cited_rates() {
        // 255 characters take a minute; so do 228 words.
        let chars = |n| Length { chars: n, words: 0 };
        let words = |n| Length { chars: 0, words: n };
        assert_eq!(chars(255).minutes(), 1);
        assert_eq!(chars(6 * 255).minutes(), 6);
        assert_eq!(words(228 * 3).minutes(), 3);
        // Mixed text adds the two times: 1.5 + 1.5 minutes.
        assert_eq!(
            Length {
                chars: 255 * 3 / 2,
                words: 228 * 3 / 2
            }
            .minutes(),
            3
        );
        // Rounded to the nearest minute, never zero.
        assert_eq!(chars(255 * 5 + 127).minutes(), 5);
        assert_eq!(chars(255 * 5 + 128).minutes(), 6);
        assert_eq!(Length::default().minutes(), 1);
        // No overflow on absurd lengths.
        let huge = Length {
            chars: u32::MAX,
            words: u32::MAX,
        };
        assert!(huge.minutes() > u32::MAX / 255 + u32::MAX / 228 - 2);
    }
}
