//! Leptos links `server_fn` with its browser client, and with it
//! wasm-streams, whose `#[wasm_bindgen]` classes (IntoUnderlyingSink,
//! IntoUnderlyingSource, IntoUnderlyingByteSource) are exports of every
//! Leptos wasm: roots the optimiser must keep, with the code behind them.
//! The reader calls no server function, so nothing reaches them: their
//! exports go (the glue's classes go in scripts/split.mjs), and wasm-opt
//! then drops the code. The closures those classes' methods hand to JS sit
//! in the function table, which the split exports, so the optimiser keeps
//! every entry: their entries go too (found by name: wasm-streams' own
//! functions, which only those classes call through the table).
//! BENCHMARKS "Decisions": about 2.3 KB brotli of the first wasm; drop this
//! edit when Leptos stops linking wasm-streams into client builds.

use crate::{encoded, function_names, rewrite, validated, Error};
use std::borrow::Cow;
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ConstExpr, ElementSection, Elements, ExportSection, HeapType, RefType};
use wasmparser::{ElementItems, ElementKind, Operator, Payload};

/// What [`drop_streams`] removed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Streams {
    /// The exports dropped (the classes' methods and constructors).
    pub exports: Vec<String>,
    /// Table entries of wasm-streams' functions made a throwing stub or null.
    pub nulled: usize,
}

/// An export of one of wasm-streams' classes, as wasm-bindgen names them
/// (`intounderlyingsink_write`, `__wbg_intounderlyingsource_free`).
pub fn is_streams_export(name: &str) -> bool {
    let name = name.strip_prefix("__wbg_").unwrap_or(name);
    [
        "intounderlyingbytesource_",
        "intounderlyingsink_",
        "intounderlyingsource_",
    ]
    .iter()
    .any(|class| name.starts_with(class))
}

/// `[0-9a-f]+` in brackets (v0 mangling's crate disambiguator), if `s`
/// starts with one: the rest.
fn skip_disambiguator(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(']')?;
    let hex = &inner[..end];
    (!hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| &inner[end + 1..])
}

/// wasm-bindgen's `__wbindgen_throw`, as v0 mangling demangles it on the
/// nightly build (`wasm_bindgen[1a2b]::__wbindgen_throw`) or as legacy
/// mangling does on stable (`wasm_bindgen::__wbindgen_throw::h0123…`).
pub fn is_wbindgen_throw(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("wasm_bindgen") else {
        return false;
    };
    let rest = skip_disambiguator(rest).unwrap_or(rest);
    let Some(rest) = rest.strip_prefix("::__wbindgen_throw") else {
        return false;
    };
    match rest.strip_prefix("::h") {
        None => rest.is_empty(),
        Some(hash) => hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
    }
}

/// A function of wasm-streams' or of a generic instantiated with its types,
/// by its demangled name. A name left mangled (`_R…`, `_ZN…`) is never
/// picked: a mangled name also shows the crate that instantiated a generic
/// (`JsFuture::from`'s closures end in `wasm_streams` there), and those are
/// called.
pub fn is_streams_code(name: &str) -> bool {
    if name.starts_with("_R") || name.starts_with("_ZN") {
        return false;
    }
    name.match_indices("wasm_streams").any(|(at, _)| {
        let before = name[..at].chars().next_back();
        let word_start = !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let rest = &name[at + "wasm_streams".len()..];
        let rest = skip_disambiguator(rest).unwrap_or(rest);
        word_start && rest.starts_with("::")
    })
}

/// `wasm` without wasm-streams' exports and with the table entries of its
/// functions replaced: in a segment of function indices by `stub`
/// (`__wbindgen_throw`: a call through the entry would fail loudly, and a
/// signature mismatch traps first), so the segment keeps its compact form;
/// in a segment of expressions by `ref.null func`. A module without the
/// exports comes back unchanged. One with them but without function names
/// (then the closures cannot be told apart: a guess could drop one that is
/// called) or without any such entry stops the build, as does an element
/// segment of another kind than the linker writes.
pub fn drop_streams(wasm: &[u8]) -> Result<(Vec<u8>, Streams), Error> {
    let names = function_names(wasm)?;
    let mut report = Streams::default();
    let mut exports_seen = false;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(reader) = payload? {
            for export in reader {
                exports_seen |= is_streams_export(export?.name);
            }
        }
    }
    if !exports_seen {
        return Ok((wasm.to_vec(), report));
    }
    // The first in the module if there are several (the same every build).
    let stub = names
        .iter()
        .filter(|(_, name)| is_wbindgen_throw(name))
        .map(|(index, _)| *index)
        .min();
    let Some(stub) = stub else {
        return Err(Error::Shape(format!(
            "the module exports wasm-streams' classes but names no __wbindgen_throw to stand in for their table entries ({} function names)",
            names.len()
        )));
    };
    let dead = |f: u32| names.get(&f).is_some_and(|name| is_streams_code(name));
    let out = rewrite(wasm, |payload| match payload {
        Payload::ExportSection(reader) => {
            let mut section = ExportSection::new();
            for export in reader.clone() {
                let export = export?;
                if is_streams_export(export.name) {
                    report.exports.push(export.name.to_owned());
                } else {
                    section.export(
                        export.name,
                        RoundtripReencoder.export_kind(export.kind)?,
                        export.index,
                    );
                }
            }
            Ok(Some(encoded(&section)))
        }
        Payload::ElementSection(reader) => {
            let mut section = ElementSection::new();
            for element in reader.clone() {
                let element = element?;
                let ElementKind::Active {
                    table_index: None,
                    offset_expr,
                } = element.kind
                else {
                    return Err(Error::Shape(
                        "an element segment of a kind the linker does not write (passive, declared or for another table)".into(),
                    ));
                };
                let offset = RoundtripReencoder.const_expr(offset_expr)?;
                match element.items {
                    ElementItems::Functions(items) => {
                        let mut functions = Vec::new();
                        for f in items {
                            let f = f?;
                            if dead(f) {
                                report.nulled += 1;
                                functions.push(stub);
                            } else {
                                functions.push(f);
                            }
                        }
                        section.active(None, &offset, Elements::Functions(Cow::Owned(functions)));
                    }
                    ElementItems::Expressions(ty, items) => {
                        if ty != wasmparser::RefType::FUNCREF {
                            return Err(Error::Shape(format!(
                                "an element segment of {ty:?}, not funcref"
                            )));
                        }
                        let mut expressions = Vec::new();
                        for expression in items {
                            let expression = expression?;
                            let mut ops = expression.get_operators_reader();
                            let first = ops.read()?;
                            let only = matches!(ops.read()?, Operator::End) && ops.eof();
                            match first {
                                Operator::RefFunc { function_index }
                                    if only && dead(function_index) =>
                                {
                                    report.nulled += 1;
                                    expressions.push(ConstExpr::ref_null(HeapType::FUNC));
                                }
                                _ => expressions.push(RoundtripReencoder.const_expr(expression)?),
                            }
                        }
                        section.active(
                            None,
                            &offset,
                            Elements::Expressions(RefType::FUNCREF, Cow::Owned(expressions)),
                        );
                    }
                }
            }
            Ok(Some(encoded(&section)))
        }
        _ => Ok(None),
    })?;
    if report.nulled == 0 {
        return Err(Error::Shape(format!(
            "the module exports wasm-streams' classes ({}) but its table holds none of wasm-streams' functions by name: this step would keep their code",
            report.exports.join(", ")
        )));
    }
    Ok((validated("drop_streams", out)?, report))
}
