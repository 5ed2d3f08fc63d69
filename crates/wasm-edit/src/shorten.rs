//! wasm-bindgen names each import the glue gives the wasm
//! `__wbg_<name>_<16 hex digits>` (from the module `./<out-name>_bg.js`),
//! and each closure adapter it exports after its Rust path (up to 400
//! characters): the names travel twice, in the wasm and in the glue, and
//! their hashes do not compress. [`shorten_names`] renames them in the wasm
//! and returns the renames, which scripts/split.mjs applies to the glue.
//! BENCHMARKS "Decisions": names off the first load; drop it when
//! wasm-bindgen writes short names itself.

use crate::{encoded, rewrite, validated, Error};
use wasm_encoder::reencode::{Reencode, RoundtripReencoder};
use wasm_encoder::{ExportSection, ImportSection};
use wasmparser::Payload;

/// Whether a name is an import's or an export's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameKind {
    Import,
    Export,
}

/// One name [`shorten_names`] changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub from: String,
    pub to: String,
    pub kind: RenameKind,
}

/// The module every shortened import comes from (the glue's import key).
pub const SHORT_MODULE: &str = "w";

/// `a`, `b`, … `Z`, `ab`, …: the n-th short name (a JS identifier).
pub fn short_name(mut n: usize) -> String {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$";
    let mut name = String::from(char::from(FIRST[n % FIRST.len()]));
    n /= FIRST.len();
    while n > 0 {
        name.push(char::from(REST[n % REST.len()]));
        n /= REST.len();
    }
    name
}

/// Exports the split loader or a page reads by name: kept.
fn keeps_name(name: &str) -> bool {
    name == "memory"
        || name.starts_with("__indirect_function_table")
        || name.starts_with("__wasm_split")
}

/// `wasm` with every import from `glue_module` moved to [`SHORT_MODULE`]
/// under a short name and every export but those the loader reads renamed
/// short, with the renames in the order made (imports, then exports).
/// A module importing nothing from `glue_module` stops the build: the glue
/// was not wasm-bindgen's of this module.
pub fn shorten_names(wasm: &[u8], glue_module: &str) -> Result<(Vec<u8>, Vec<Rename>), Error> {
    let mut renames = Vec::new();
    let mut count = 0;
    let out = rewrite(wasm, |payload| match payload {
        Payload::ImportSection(reader) => {
            let mut section = ImportSection::new();
            for import in reader.clone().into_imports() {
                let import = import?;
                let ty = RoundtripReencoder.entity_type(import.ty)?;
                if import.module == glue_module {
                    let to = short_name(count);
                    count += 1;
                    section.import(SHORT_MODULE, &to, ty);
                    renames.push(Rename {
                        from: import.name.to_owned(),
                        to,
                        kind: RenameKind::Import,
                    });
                } else {
                    section.import(import.module, import.name, ty);
                }
            }
            Ok(Some(encoded(&section)))
        }
        Payload::ExportSection(reader) => {
            let mut section = ExportSection::new();
            for export in reader.clone() {
                let export = export?;
                let kind = RoundtripReencoder.export_kind(export.kind)?;
                if keeps_name(export.name) {
                    section.export(export.name, kind, export.index);
                } else {
                    let to = short_name(count);
                    count += 1;
                    section.export(&to, kind, export.index);
                    renames.push(Rename {
                        from: export.name.to_owned(),
                        to,
                        kind: RenameKind::Export,
                    });
                }
            }
            Ok(Some(encoded(&section)))
        }
        _ => Ok(None),
    })?;
    if !renames.iter().any(|r| r.kind == RenameKind::Import) {
        return Err(Error::Shape(format!(
            "the module imports nothing from {glue_module}"
        )));
    }
    Ok((validated("shorten_names", out)?, renames))
}
