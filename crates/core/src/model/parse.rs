//! Reading a published file: refused before parsing when it nests too
//! deep, refused after when its schema is newer than this reader, and the
//! typed error either way. Pure.

#[cfg(not(target_arch = "wasm32"))]
use super::decode::Decode;
use super::decode::{self, Json};
use super::SCHEMA_VERSION;

/// Why published data could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataError {
    /// The bytes are not the JSON we expect (for example an HTML page):
    /// what was wrong. (The reader is shown the kind of error, not this.)
    NotJson(&'static str),
    /// A field missing or of the wrong kind.
    Field(decode::Wrong),
    /// The file is JSON of a newer, incompatible layout.
    UnsupportedVersion(u32),
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::NotJson(why) => write!(f, "not the expected JSON: {why}"),
            DataError::Field(wrong) => write!(f, "not the expected JSON: {wrong}"),
            DataError::UnsupportedVersion(v) => write!(f, "unsupported schema_version {v}"),
        }
    }
}

/// How deeply a published file may nest arrays and objects (serde_json's
/// own limit): deeper input is refused before a parser recurses into it.
pub const MAX_NESTING: usize = 128;

/// The deepest nesting of arrays and objects in JSON `text` (brackets
/// inside strings do not count). Linear and allocation-free: it runs before
/// any parser, on input of any size.
pub fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Parses a published file, checking its schema version.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse_published<T: Decode>(text: &str) -> Result<T, DataError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| DataError::NotJson("not JSON"))?;
    check_version(&&value)?;
    T::decode(&&value).map_err(DataError::Field)
}

/// The file's `schema_version`, refused when it is newer than this reader.
pub fn check_version<J: Json>(value: &J) -> Result<u32, DataError> {
    let version = value
        .get("schema_version")
        .and_then(|v| v.number())
        .filter(|v| v.fract() == 0.0 && *v >= 0.0)
        .ok_or(DataError::NotJson("no schema_version"))?;
    if version > f64::from(SCHEMA_VERSION) {
        return Err(DataError::UnsupportedVersion(
            version.min(f64::from(u32::MAX)) as u32,
        ));
    }
    Ok(version as u32)
}
