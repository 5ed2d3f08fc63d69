//! `#[derive(Decode)]`: the reader the browser uses for a published type,
//! generated from the same definition serde's derive reads, so the two
//! readers cannot drift apart (issue 31: one definition per published type).
//!
//! Each field is read by its name. A field serde may find missing may be
//! missing here too (`or_default`): `#[serde(default)]` on the field or on
//! the type, or an `Option`. Every other field must be there (`field`).
//! What serde would read differently from that — `rename`, `alias`,
//! `flatten`, `skip`, `with`, `deserialize_with`, `default = "…"`,
//! `transparent`, `tag`, `rename_all`, … — is refused at compile time with
//! the attribute's name, rather than read another way. Serialization-only
//! attributes (`skip_serializing_if`, `skip_serializing`) are read past.
//!
//! The generated code names `crate::model::decode`: the published types
//! live in `weekly-core`, beside it. Why the browser does not run serde's
//! own deserializers: `crates/core/src/model/decode/`.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Attribute, Data, DeriveInput, Fields, LitStr, Token, Type};

#[proc_macro_derive(Decode, attributes(serde))]
pub fn derive_decode(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "#[derive(Decode)] reads types without generics",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Decode)] reads structs; write `impl Decode` for other types",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new_spanned(
            name,
            "#[derive(Decode)] reads structs with named fields",
        ));
    };
    let all_default = serde_default(&input.attrs)?;
    let mut reads = Vec::new();
    for f in &fields.named {
        let Some(ident) = &f.ident else { continue };
        let key = LitStr::new(&ident.to_string(), ident.span());
        let how = if all_default || serde_default(&f.attrs)? || is_option(&f.ty) {
            quote!(or_default)
        } else {
            quote!(field)
        };
        reads.push(quote! { #ident: crate::model::decode::#how(j, #key)? });
    }
    Ok(quote! {
        impl crate::model::decode::Decode for #name {
            fn decode<J: crate::model::decode::Json>(
                j: &J,
            ) -> ::core::result::Result<Self, crate::model::decode::Wrong> {
                ::core::result::Result::Ok(#name { #(#reads,)* })
            }
        }
    })
}

/// Whether `#[serde(…)]` among `attrs` says `default`; an error for any
/// serde attribute that would make serde read the field or type otherwise.
fn serde_default(attrs: &[Attribute]) -> syn::Result<bool> {
    let mut default = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let name = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match name.as_str() {
                "default" if !meta.input.peek(Token![=]) => default = true,
                "skip_serializing_if" => {
                    meta.value()?.parse::<LitStr>()?;
                }
                "skip_serializing" => {}
                _ => {
                    return Err(meta.error(format!(
                        "serde({name}) changes how serde reads this, and #[derive(Decode)] does not follow it: write `impl Decode` by hand, tested against serde"
                    )))
                }
            }
            Ok(())
        })?;
    }
    Ok(default)
}

/// `Option<…>` (serde reads a missing one as `None`).
fn is_option(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn default_of(attrs: Vec<Attribute>) -> Result<bool, String> {
        serde_default(&attrs).map_err(|e| e.to_string())
    }

    #[test]
    fn a_default_makes_a_field_optional_and_serialization_attributes_are_read_past() {
        assert_eq!(default_of(vec![parse_quote!(#[serde(default)])]), Ok(true));
        assert_eq!(
            default_of(vec![
                parse_quote!(#[serde(default, skip_serializing_if = "Option::is_none")])
            ]),
            Ok(true)
        );
        assert_eq!(
            default_of(vec![
                parse_quote!(#[serde(skip_serializing_if = "Vec::is_empty")])
            ]),
            Ok(false)
        );
        assert_eq!(default_of(vec![parse_quote!(#[doc = "x"])]), Ok(false));
        assert!(is_option(&parse_quote!(Option<String>)));
        assert!(is_option(&parse_quote!(std::option::Option<u32>)));
        assert!(!is_option(&parse_quote!(Vec<Option<u32>>)));
    }

    #[test]
    fn what_serde_would_read_otherwise_is_refused_by_name() {
        for attr in [
            parse_quote!(#[serde(rename = "x")]),
            parse_quote!(#[serde(default = "defaults::zero")]),
            parse_quote!(#[serde(flatten)]),
            parse_quote!(#[serde(alias = "y")]),
            parse_quote!(#[serde(deserialize_with = "f")]),
        ] {
            let error = default_of(vec![attr]).unwrap_err();
            assert!(error.contains("does not follow it"), "{error}");
        }
    }

    #[test]
    fn a_struct_reads_each_field_by_its_name() {
        let input: DeriveInput = parse_quote! {
            struct Entry {
                volume: u32,
                date: Option<String>,
                #[serde(default)]
                tags: Vec<String>,
            }
        };
        let code = expand(&input).unwrap().to_string().replace(' ', "");
        assert!(
            code.contains("volume:crate::model::decode::field(j,\"volume\")?"),
            "{code}"
        );
        assert!(
            code.contains("date:crate::model::decode::or_default(j,\"date\")?"),
            "{code}"
        );
        assert!(
            code.contains("tags:crate::model::decode::or_default(j,\"tags\")?"),
            "{code}"
        );
        let generic: DeriveInput = parse_quote!(
            struct G<T> {
                t: T,
            }
        );
        assert!(expand(&generic).is_err());
        let tuple: DeriveInput = parse_quote!(
            struct T(u32);
        );
        assert!(expand(&tuple).is_err());
    }
}
