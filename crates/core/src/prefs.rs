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

/// Where a preference is kept: its key followed by the deployment's base
/// path (`weekly.lang@/weekly/`), so two deployments on one origin (`/` and
/// `/weekly/`) never share what the reader chose in each.
pub fn storage_key(base: &str, key: &str) -> String {
    format!("{key}@{base}/")
}

/// Storage keys, namespaced so an embedding page's keys never clash.
pub const LANG_KEY: &str = "weekly.lang";
pub const THEME_KEY: &str = "weekly.theme";
/// `"off"` when the reader turned glossary tooltips off; absent means on.
pub const PREVIEWS_KEY: &str = "weekly.previews";
/// The reader's history (`memory`), as JSON.
pub const MEMORY_KEY: &str = "weekly.memory";
/// `"off"` when the reader turned keyboard shortcuts off; absent means on.
pub const SHORTCUTS_KEY: &str = "weekly.shortcuts";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_deployments_on_one_origin_keep_their_own_preferences() {
        assert_eq!(storage_key("", LANG_KEY), "weekly.lang@/");
        assert_eq!(storage_key("/weekly", LANG_KEY), "weekly.lang@/weekly/");
        assert_ne!(
            storage_key("", THEME_KEY),
            storage_key("/weekly", THEME_KEY)
        );
    }

    #[test]
    fn themes_cycle_and_parse() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse("<script>"), Theme::Auto);
        assert_eq!(Theme::Auto.next().next().next(), Theme::Auto);
        assert_eq!(Theme::Light.code(), Some("light"));
    }
}
