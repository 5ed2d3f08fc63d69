//! Any bytes as an issue source: the compiler returns an issue or
//! diagnostics, and never panics, loops or overflows its stack.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use weekly_compiler::{compile_issue, parse_glossary, parse_settings};
use weekly_core::model::{GlossaryEntry, Settings};

fn config() -> &'static (Settings, Vec<GlossaryEntry>) {
    static CONFIG: OnceLock<(Settings, Vec<GlossaryEntry>)> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let settings = parse_settings("settings.toml", include_str!("../../issues/settings.toml"))
            .unwrap_or_default();
        let glossary =
            parse_glossary("glossary.toml", include_str!("../../issues/glossary.toml")).unwrap_or_default();
        (settings, glossary)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let (settings, glossary) = config();
    // With front matter, so the body parser is reached on most inputs.
    let source = format!("+++\nvolume = 1\ntitle = \"t\"\n+++\n# 业界要闻\n{body}");
    let _ = compile_issue("fuzz.md", &source, settings, glossary);
    let _ = compile_issue("fuzz.md", body, settings, glossary);
});
