//! Reading published data from a parsed JSON value, without serde's
//! deserializers.
//!
//! In the browser the value is what the browser's own `JSON.parse` made
//! (`platform::parse`); natively (the build's renderer, tests) it is a
//! `serde_json::Value`. Both reach the types through the same [`Decode`]
//! impls, so the app and the pre-rendered pages read a file the same way.
//! Serde's derived deserializers stay for the compiler (it writes these
//! files); in the wasm they cost 10 KB brotli for nine types, with float
//! formatting for error messages and a generic visitor per type
//! (BENCHMARKS.md, "Hand-written decoders instead of serde in the browser").
//! Each struct's reader is generated from its own definition by
//! `#[derive(Decode)]` (crates/derive), which reads the same `#[serde]`
//! attributes serde's derive does and refuses those it would read
//! differently: a field added, renamed or given a default changes both
//! readers at once. The few readers written by hand (an inline node, tag
//! counts, a history file's checks) are held to serde's by the tests on the
//! files the compiler writes.
//!
//! Reading tolerates what serde's derive did (unknown fields are ignored,
//! a field with a default may be missing, and so may an optional one) and
//! one thing more: `null` counts as absent for every field with a default
//! (serde refused it for lists, numbers and flags). A value of the wrong
//! kind is a typed error that names the field. Arrays and objects are read
//! one element at a time, so a hostile 16 MB file of tiny elements never
//! holds more than one of them outside the parsed value (each `JsValue` is
//! a slot in wasm-bindgen's table, which the engines cap at 10 million).

use super::{Counts, Inline};

/// `#[derive(Decode)]` (crates/derive): a struct's reader generated from
/// the definition serde's derive reads, so the two cannot drift apart.
pub use weekly_derive::Decode;

/// A parsed JSON value, as the decoders read it.
pub trait Json: Sized {
    /// The value of `key` when this is an object that has it, not `null`.
    fn get(&self, key: &str) -> Option<Self>;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// Hands each element to `read`, in order, when this is an array
    /// (`None` otherwise); stops at the first error.
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>>;
    /// Hands each key and value to `read` when this is an object and not
    /// an array (`None` otherwise); stops at the first error.
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>>;
}

/// What did not fit: the innermost field whose value was missing or of the
/// wrong kind (`None` at the top, before any field was read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrong(pub Option<&'static str>);

impl std::fmt::Display for Wrong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(field) => write!(f, "`{field}` is missing or of the wrong kind"),
            None => f.write_str("not an object of the expected kind"),
        }
    }
}

/// A type read from a parsed JSON value.
pub trait Decode: Sized {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong>;
}

/// The required field `key`.
pub fn field<T: Decode, J: Json>(json: &J, key: &'static str) -> Result<T, Wrong> {
    let value = json.get(key).ok_or(Wrong(Some(key)))?;
    named(T::decode(&value), key)
}

/// The field `key`, or the type's default when it is missing.
pub fn or_default<T: Decode + Default, J: Json>(json: &J, key: &'static str) -> Result<T, Wrong> {
    match json.get(key) {
        Some(value) => named(T::decode(&value), key),
        None => Ok(T::default()),
    }
}

/// An error from inside a field keeps the innermost name.
fn named<T>(result: Result<T, Wrong>, key: &'static str) -> Result<T, Wrong> {
    result.map_err(|Wrong(inner)| Wrong(inner.or(Some(key))))
}

impl Decode for String {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.string().ok_or(Wrong(None))
    }
}

impl Decode for u32 {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.number()
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            .map(|n| n as u32)
            .ok_or(Wrong(None))
    }
}

impl Decode for bool {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        json.boolean().ok_or(Wrong(None))
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        T::decode(json).map(Some)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        let mut out = Vec::new();
        json.each_element(&mut |element| {
            out.push(T::decode(&element)?);
            Ok(())
        })
        .ok_or(Wrong(None))??;
        Ok(out)
    }
}

impl Decode for Counts {
    fn decode<J: Json>(json: &J) -> Result<Self, Wrong> {
        let mut out = Vec::new();
        json.each_entry(&mut |key, value| {
            out.push((key, u32::decode(&value)?));
            Ok(())
        })
        .ok_or(Wrong(None))??;
        Ok(Counts::from_entries(out))
    }
}

/// A node of a known kind becomes that kind; one of a kind this reader
/// does not know keeps its text, or its children's (see [`Inline`]).
impl Decode for Inline {
    fn decode<J: Json>(j: &J) -> Result<Self, Wrong> {
        let kind: String = field(j, "kind")?;
        let text: Option<String> = or_default(j, "text")?;
        let children: Vec<Inline> = or_default(j, "children")?;
        let href: Option<String> = or_default(j, "href")?;
        let term: Option<String> = or_default(j, "term")?;
        Ok(super::inline::from_parts(&kind, text, children, href, term))
    }
}

/// `serde_json`'s value, for the build's renderer and the tests: read in
/// place, never copied.
#[cfg(not(target_arch = "wasm32"))]
impl<'a> Json for &'a serde_json::Value {
    fn get(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).filter(|v| !v.is_null())
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn each_element(
        &self,
        read: &mut dyn FnMut(Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let elements: &'a [serde_json::Value] = self.as_array()?;
        Some(elements.iter().try_for_each(read))
    }
    fn each_entry(
        &self,
        read: &mut dyn FnMut(String, Self) -> Result<(), Wrong>,
    ) -> Option<Result<(), Wrong>> {
        let entries: &'a serde_json::Map<String, serde_json::Value> = self.as_object()?;
        Some(entries.iter().try_for_each(|(k, v)| read(k.clone(), v)))
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
