//! Any bytes as published JSON, the way the app reads it: a typed result,
//! never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use weekly_core::load::classify;
use weekly_core::model::{Catalog, Glossary, Issue};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = classify::<Catalog>(200, &text);
    let _ = classify::<Issue>(200, &text);
    let _ = classify::<Glossary>(200, &text);
});
