//! Reader preferences that are not in the URL: the colour theme, term
//! previews. Pure.

/// The colour theme: follow the system, or a fixed choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(code: &str) -> Theme {
        match code.trim() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    /// The value of `<html data-theme>`; `None` follows the system.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The next theme of the toggle: system → light → dark → system.
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }
}

/// Storage keys, namespaced so an embedding page's keys never clash.
pub const LANG_KEY: &str = "weekly.lang";
pub const THEME_KEY: &str = "weekly.theme";
/// `"off"` when the reader turned glossary tooltips off; absent means on.
pub const PREVIEWS_KEY: &str = "weekly.previews";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_cycle_and_parse() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse("<script>"), Theme::Auto);
        assert_eq!(Theme::Auto.next().next().next(), Theme::Auto);
        assert_eq!(Theme::Light.code(), Some("light"));
    }
}
