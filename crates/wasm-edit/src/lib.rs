//! The split step's edits of wasm modules (scripts/split.mjs runs them
//! through the `weekly-wasm-edit` binary). Each edit reads the module with
//! wasmparser, copies every section it does not change byte for byte,
//! writes the sections it changes with wasm-encoder and validates the
//! module it wrote. A module of a shape an edit does not know stops the
//! build with what was found, never a guess.
//!
//! - [`drop_streams`]: the wasm-streams classes Leptos links and the reader
//!   never calls (their exports and the table entries of their closures).
//! - [`shorten_names`]: wasm-bindgen's long import and export names become
//!   short ones (the glue is then edited to match the renames it returns).
//! - [`carry`]: shared chunks travel inside a page's chunk as custom sections.

mod shorten;
mod streams;

pub use shorten::{short_name, shorten_names, Rename, RenameKind, SHORT_MODULE};
pub use streams::{drop_streams, Streams};

use std::collections::HashMap;
use std::fmt;
use wasm_encoder::{CustomSection, Module, RawSection};
use wasmparser::{Encoding, KnownCustom, Name, Parser, Payload, Validator, WasmFeatures};

/// Why an edit stopped: the module did not parse, the edit would write an
/// invalid module, or the module has a shape the edit does not know.
#[derive(Debug)]
pub enum Error {
    /// The input is not a module wasmparser reads.
    Parse(wasmparser::BinaryReaderError),
    /// The module an edit wrote does not validate (a bug in the edit).
    Invalid {
        edit: &'static str,
        error: wasmparser::BinaryReaderError,
    },
    /// What the module holds is not what the edit expects.
    Shape(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Parse(e) => write!(f, "the module does not parse: {e}"),
            Error::Invalid { edit, error } => write!(f, "{edit} wrote an invalid module: {error}"),
            Error::Shape(what) => f.write_str(what),
        }
    }
}

impl std::error::Error for Error {}

impl From<wasmparser::BinaryReaderError> for Error {
    fn from(e: wasmparser::BinaryReaderError) -> Self {
        Error::Parse(e)
    }
}

impl<E: fmt::Display> From<wasm_encoder::reencode::Error<E>> for Error {
    fn from(e: wasm_encoder::reencode::Error<E>) -> Self {
        Error::Shape(format!(
            "a part of the module wasm-encoder cannot write back: {e}"
        ))
    }
}

/// `wasm` with each section `edit` gives a new body for replaced by it, and
/// every other section copied as it was, in the same order.
pub(crate) fn rewrite(
    wasm: &[u8],
    mut edit: impl FnMut(&Payload<'_>) -> Result<Option<Vec<u8>>, Error>,
) -> Result<Vec<u8>, Error> {
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload?;
        if let Payload::Version { encoding, .. } = &payload {
            if *encoding != Encoding::Module {
                return Err(Error::Shape("a component, not a core wasm module".into()));
            }
            continue;
        }
        let Some((id, range)) = payload.as_section() else {
            continue;
        };
        match edit(&payload)? {
            Some(body) => module.section(&RawSection { id, data: &body }),
            None => module.section(&RawSection {
                id,
                data: bytes(wasm, range)?,
            }),
        };
    }
    Ok(module.finish())
}

/// A section's body, as wasm-encoder writes it (after the size it writes first).
pub(crate) fn encoded(section: &impl wasm_encoder::Encode) -> Vec<u8> {
    let mut bytes = Vec::new();
    section.encode(&mut bytes);
    let size = bytes
        .iter()
        .position(|b| b & 0x80 == 0)
        .map_or(bytes.len(), |last| last + 1);
    bytes.split_off(size)
}

/// The bytes of a section wasmparser found at `range` of `wasm`.
pub(crate) fn bytes(wasm: &[u8], range: std::ops::Range<u64>) -> Result<&[u8], Error> {
    usize::try_from(range.start)
        .ok()
        .zip(usize::try_from(range.end).ok())
        .and_then(|(start, end)| wasm.get(start..end))
        .ok_or_else(|| Error::Shape("a section outside the module".into()))
}

/// `wasm` if it validates (with the features the app's modules use and
/// any later standard ones), else which edit broke it.
pub(crate) fn validated(edit: &'static str, wasm: Vec<u8>) -> Result<Vec<u8>, Error> {
    Validator::new_with_features(WasmFeatures::all())
        .validate_all(&wasm)
        .map_err(|error| Error::Invalid { edit, error })?;
    Ok(wasm)
}

/// The function names of the module's name section, by function index
/// (empty when it has none).
pub fn function_names(wasm: &[u8]) -> Result<HashMap<u32, String>, Error> {
    let mut names = HashMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::CustomSection(section) = payload? else {
            continue;
        };
        let KnownCustom::Name(reader) = section.as_known() else {
            continue;
        };
        for name in reader {
            let Name::Function(map) = name? else { continue };
            for naming in map {
                let naming = naming?;
                names.insert(naming.index, naming.name.to_owned());
            }
        }
    }
    Ok(names)
}

/// `chunk` with each `(name, module)` appended as a custom section
/// `weekly:<name>`, which instantiation ignores and the split loader reads.
pub fn carry(chunk: &[u8], parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, Error> {
    let mut out = rewrite(chunk, |_| Ok(None))?;
    let mut module = Module::new();
    for (name, part) in parts {
        validated("carry (a shared chunk)", part.clone())?;
        module.section(&CustomSection {
            name: format!("weekly:{name}").into(),
            data: part.into(),
        });
    }
    // The sections after another module's 8-byte header.
    out.extend_from_slice(&module.finish()[8..]);
    validated("carry", out)
}

#[cfg(test)]
mod tests;
