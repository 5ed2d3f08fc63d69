//! What the compiler's test files share: the real sources in `issues/`,
//! their site, a published file read both ways, a build's errors.
#![allow(dead_code)] // each test file uses its part

use std::path::Path;
use weekly_compiler::{compile_site, read_sources, Site, Sources};
use weekly_core::model::parse_published;

pub fn sources() -> Sources {
    read_sources(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .join("issues")
            .as_path(),
    )
    .unwrap()
}

pub fn site() -> Site {
    compile_site(&sources()).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// A published file, read as the app reads it (the model's decoders) and
/// held to serde's derived reader of the same types: the two agree on
/// every file the compiler writes.
pub fn published<T>(site: &Site, prefix: &str) -> T
where
    T: weekly_core::model::Decode + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let (_, bytes) = site
        .iter()
        .find(|(path, _)| path.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}*"));
    let text = std::str::from_utf8(bytes).unwrap();
    let decoded: T = parse_published(text).unwrap();
    let derived: T = serde_json::from_str(text).unwrap();
    assert_eq!(
        decoded, derived,
        "{prefix}: the decoders and serde disagree"
    );
    decoded
}

/// Every error of a build that must fail, one per line.
pub fn error_text(src: &Sources) -> String {
    match compile_site(src) {
        Ok(_) => panic!("the build was expected to fail"),
        Err(errors) => errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

pub fn compile_one(issue_md: &str) -> Vec<String> {
    let mut src = sources();
    src.issues = vec![("issues/bad.md".into(), issue_md.into())];
    match compile_site(&src) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
    }
}

/// The real settings and glossary with `count` generated issues.
pub fn generated(count: usize) -> Sources {
    let src = sources();
    let settings = weekly_compiler::parse_settings(&src.settings.0, &src.settings.1).unwrap();
    let glossary = weekly_compiler::parse_glossary(&src.glossary.0, &src.glossary.1).unwrap();
    let seed =
        weekly_compiler::compile_issue(&src.issues[0].0, &src.issues[0].1, &settings, &glossary)
            .unwrap();
    Sources {
        issues: weekly_compiler::generate_corpus(&seed, &settings, count),
        ..src
    }
}
