//! Each edit on modules built here with wasm-encoder in the shapes rustc,
//! lld and wasm-bindgen write: what it changes, what it keeps byte for
//! byte, and the shapes it refuses.
use super::*;
use streams::{is_streams_code, is_wbindgen_throw};
use wasm_encoder::{
    CodeSection, ConstExpr, ElementSection, Elements, EntityType, ExportKind, ExportSection,
    Function, FunctionSection, HeapType, ImportSection, IndirectNameMap, Instruction,
    MemorySection, MemoryType, NameMap, NameSection, RefType, TableSection, TableType, TypeSection,
    ValType,
};

const THROW: &str = "wasm_bindgen::__wbindgen_throw::h0123456789abcdef";
const STREAMS: &str =
    "wasm_streams::readable::into_underlying_source::IntoUnderlyingSource::pull::{{closure}}";
const APP: &str = "weekly::app::main";
const MANGLED: &str = "_ZN12wasm_streams6future17h0123456789abcdefE";

/// A module with one import from `./weekly_bg.js` and one from elsewhere,
/// four functions named THROW, STREAMS, APP, MANGLED, a table filled by a
/// segment of indices and one of expressions, and the exports wasm-bindgen
/// writes, wasm-streams' classes when `streams`; names when `named`.
fn module(streams: bool, named: bool, expressions: bool) -> Vec<u8> {
    let mut m = wasm_encoder::Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    types.ty().function([ValType::I32, ValType::I32], []);
    m.section(&types);
    let mut imports = ImportSection::new();
    imports.import(
        "./weekly_bg.js",
        "__wbg_log_0123456789abcdef",
        EntityType::Function(1),
    );
    imports.import(
        "./weekly_bg.js",
        "__wbindgen_init_externref_table",
        EntityType::Function(0),
    );
    imports.import(
        "__wasm_split",
        "__wasm_split_shared0",
        EntityType::Function(0),
    );
    m.section(&imports);
    // Functions 3..=6 (after three imports): THROW, STREAMS, APP, MANGLED.
    let mut functions = FunctionSection::new();
    for ty in [1, 0, 0, 0] {
        functions.function(ty);
    }
    m.section(&functions);
    let mut tables = TableSection::new();
    tables.table(TableType {
        element_type: RefType::FUNCREF,
        table64: false,
        minimum: 8,
        maximum: None,
        shared: false,
    });
    m.section(&tables);
    let mut memories = MemorySection::new();
    memories.memory(MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
        page_size_log2: None,
    });
    m.section(&memories);
    let mut exports = ExportSection::new();
    exports.export("memory", ExportKind::Memory, 0);
    exports.export("__indirect_function_table", ExportKind::Table, 0);
    exports.export("main", ExportKind::Func, 5);
    exports.export(
        "closure123_externref_shim_for_a_very_long_rust_path",
        ExportKind::Func,
        5,
    );
    if streams {
        exports.export("intounderlyingsource_pull", ExportKind::Func, 4);
        exports.export("__wbg_intounderlyingsink_free", ExportKind::Func, 4);
    }
    m.section(&exports);
    let mut elements = ElementSection::new();
    elements.active(
        None,
        &ConstExpr::i32_const(1),
        Elements::Functions([4, 5, 6].as_slice().into()),
    );
    if expressions {
        let items = [ConstExpr::ref_func(4), ConstExpr::ref_func(5)];
        elements.active(
            None,
            &ConstExpr::i32_const(4),
            Elements::Expressions(RefType::FUNCREF, items.as_slice().into()),
        );
    }
    m.section(&elements);
    let mut code = CodeSection::new();
    let mut throw = Function::new([]);
    throw
        .instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End);
    code.function(&throw);
    for _ in 0..3 {
        let mut body = Function::new([]);
        body.instruction(&Instruction::Call(1))
            .instruction(&Instruction::End);
        code.function(&body);
    }
    m.section(&code);
    if named {
        let mut names = NameMap::new();
        for (index, name) in [(3, THROW), (4, STREAMS), (5, APP), (6, MANGLED)] {
            names.append(index, name);
        }
        let mut section = NameSection::new();
        section.functions(&names);
        section.locals(&IndirectNameMap::new());
        m.section(&section);
    }
    let wasm = m.finish();
    validated("the test module", wasm).expect("the test module validates")
}

fn exports(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::ExportSection(reader) = payload.expect("parses") {
            names.extend(
                reader
                    .into_iter()
                    .map(|e| e.expect("export").name.to_owned()),
            );
        }
    }
    names
}

/// The table's entries: function indices, `None` for a null.
fn table(wasm: &[u8]) -> Vec<Vec<Option<u32>>> {
    let mut segments = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        let wasmparser::Payload::ElementSection(reader) = payload.expect("parses") else {
            continue;
        };
        for element in reader {
            segments.push(match element.expect("element").items {
                wasmparser::ElementItems::Functions(f) => {
                    f.into_iter().map(|f| Some(f.expect("index"))).collect()
                }
                wasmparser::ElementItems::Expressions(_, e) => e
                    .into_iter()
                    .map(
                        |e| match e.expect("expr").get_operators_reader().read().expect("op") {
                            wasmparser::Operator::RefFunc { function_index } => {
                                Some(function_index)
                            }
                            _ => None,
                        },
                    )
                    .collect(),
            });
        }
    }
    segments
}

/// The bytes of every section with id `id`.
fn sections(wasm: &[u8], id: u8) -> Vec<Vec<u8>> {
    wasmparser::Parser::new(0)
        .parse_all(wasm)
        .filter_map(|p| p.expect("parses").as_section())
        .filter(|(section, _)| *section == id)
        .map(|(_, range)| bytes(wasm, range).expect("in the module").to_vec())
        .collect()
}

#[test]
fn rewriting_nothing_gives_the_same_bytes() {
    let wasm = module(true, true, true);
    assert_eq!(rewrite(&wasm, |_| Ok(None)).expect("rewrites"), wasm);
}

#[test]
fn the_streams_go_and_everything_else_stays() {
    let wasm = module(true, true, true);
    let (out, report) = drop_streams(&wasm).expect("drops");
    assert_eq!(
        report.exports,
        ["intounderlyingsource_pull", "__wbg_intounderlyingsink_free"]
    );
    assert_eq!(
        exports(&out),
        [
            "memory",
            "__indirect_function_table",
            "main",
            "closure123_externref_shim_for_a_very_long_rust_path"
        ]
    );
    // STREAMS (4) becomes THROW (3) among indices and null among expressions;
    // APP and the mangled name (a generic another crate instantiated) stay.
    assert_eq!(
        table(&out),
        [vec![Some(3), Some(5), Some(6)], vec![None, Some(5)]]
    );
    assert_eq!(report.nulled, 2);
    for id in [1, 2, 3, 10, 0] {
        assert_eq!(
            sections(&out, id),
            sections(&wasm, id),
            "section {id} changed"
        );
    }
}

#[test]
fn a_module_without_the_streams_comes_back_unchanged() {
    let wasm = module(false, true, true);
    let (out, report) = drop_streams(&wasm).expect("drops");
    assert_eq!(out, wasm);
    assert_eq!(report, Streams::default());
}

#[test]
fn without_names_the_closures_are_not_guessed() {
    let error = drop_streams(&module(true, false, false)).expect_err("refuses");
    assert!(error.to_string().contains("__wbindgen_throw"), "{error}");
}

#[test]
fn streams_with_no_table_entry_are_named() {
    // A module whose table holds no wasm-streams function: the exports
    // would go but their code would stay.
    let wasm = module(true, true, false);
    let stripped = {
        let mut elements = ElementSection::new();
        elements.active(
            None,
            &ConstExpr::i32_const(1),
            Elements::Functions([5].as_slice().into()),
        );
        rewrite(&wasm, |p| {
            Ok(matches!(p, wasmparser::Payload::ElementSection(_)).then(|| encoded(&elements)))
        })
        .expect("rewrites")
    };
    let error = drop_streams(&stripped).expect_err("refuses");
    assert!(
        error.to_string().contains("intounderlyingsource_pull"),
        "{error}"
    );
}

#[test]
fn a_passive_segment_stops_the_edit() {
    let wasm = module(true, true, false);
    let mut elements = ElementSection::new();
    elements.passive(Elements::Functions([4].as_slice().into()));
    let passive = rewrite(&wasm, |p| {
        Ok(matches!(p, wasmparser::Payload::ElementSection(_)).then(|| encoded(&elements)))
    })
    .expect("rewrites");
    let error = drop_streams(&passive).expect_err("refuses");
    assert!(error.to_string().contains("passive"), "{error}");
}

#[test]
fn names_are_told_apart_as_both_manglings_demangle_them() {
    assert!(is_wbindgen_throw(THROW));
    assert!(is_wbindgen_throw("wasm_bindgen[1a2b3c]::__wbindgen_throw"));
    assert!(is_wbindgen_throw("wasm_bindgen::__wbindgen_throw"));
    assert!(!is_wbindgen_throw("wasm_bindgen::__wbindgen_throw::h0123"));
    assert!(!is_wbindgen_throw("wasm_bindgen[xyz]::__wbindgen_throw"));
    assert!(!is_wbindgen_throw("my_wasm_bindgen::__wbindgen_throw"));
    assert!(is_streams_code(STREAMS));
    assert!(is_streams_code(
        "<wasm_streams[5f3e]::readable::IntoUnderlyingSink as Drop>::drop"
    ));
    assert!(!is_streams_code(MANGLED));
    assert!(!is_streams_code("_RNvCs1_12wasm_streams4pull"));
    assert!(!is_streams_code("my_wasm_streams::pull"));
    assert!(!is_streams_code("wasm_streams_ext::pull"));
}

#[test]
fn short_names_count_like_identifiers() {
    let names: Vec<String> = [0, 1, 25, 26, 51, 52, 53, 52 + 52 * 64]
        .into_iter()
        .map(short_name)
        .collect();
    assert_eq!(names, ["a", "b", "z", "A", "Z", "ab", "bb", "abb"]);
    let many: std::collections::HashSet<String> = (0..20_000).map(short_name).collect();
    assert_eq!(many.len(), 20_000, "two numbers share a name");
}

#[test]
fn glue_imports_and_exports_get_short_names_and_the_loader_s_keep_theirs() {
    let wasm = module(false, true, true);
    let (out, renames) = shorten_names(&wasm, "./weekly_bg.js").expect("shortens");
    let pairs: Vec<(&str, &str, RenameKind)> = renames
        .iter()
        .map(|r| (r.from.as_str(), r.to.as_str(), r.kind))
        .collect();
    assert_eq!(
        pairs,
        [
            ("__wbg_log_0123456789abcdef", "a", RenameKind::Import),
            ("__wbindgen_init_externref_table", "b", RenameKind::Import),
            ("main", "c", RenameKind::Export),
            (
                "closure123_externref_shim_for_a_very_long_rust_path",
                "d",
                RenameKind::Export
            ),
        ]
    );
    assert_eq!(
        exports(&out),
        ["memory", "__indirect_function_table", "c", "d"]
    );
    let mut imports = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&out) {
        if let wasmparser::Payload::ImportSection(reader) = payload.expect("parses") {
            for import in reader.into_imports() {
                let import = import.expect("import");
                imports.push(format!("{} {}", import.module, import.name));
            }
        }
    }
    assert_eq!(imports, ["w a", "w b", "__wasm_split __wasm_split_shared0"]);
    for id in [1, 3, 9, 10, 0] {
        assert_eq!(
            sections(&out, id),
            sections(&wasm, id),
            "section {id} changed"
        );
    }
}

#[test]
fn a_module_not_of_this_glue_is_refused() {
    let error = shorten_names(&module(false, true, true), "./other_bg.js").expect_err("refuses");
    assert!(error.to_string().contains("./other_bg.js"), "{error}");
}

#[test]
fn shared_chunks_ride_as_custom_sections() {
    let page = module(false, false, false);
    let shared = module(false, true, false);
    let out = carry(&page, &[("chunk_7".into(), shared.clone())]).expect("carries");
    assert_eq!(&out[..page.len()], page.as_slice());
    let mut carried = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(&out) {
        if let wasmparser::Payload::CustomSection(section) = payload.expect("parses") {
            carried.push((section.name().to_owned(), section.data().to_vec()));
        }
    }
    assert_eq!(carried, [("weekly:chunk_7".to_owned(), shared)]);
    let error = carry(&page, &[("chunk_8".into(), b"\0asm".to_vec())]).expect_err("refuses");
    assert!(error.to_string().contains("carry"), "{error}");
}

#[test]
fn a_component_or_garbage_is_refused() {
    assert!(matches!(drop_streams(b"not wasm"), Err(Error::Parse(_))));
    // A component's preamble: version 0x0d, layer 1.
    let component = b"\0asm\x0d\x00\x01\x00";
    assert!(matches!(
        rewrite(component, |_| Ok(None)),
        Err(Error::Shape(_))
    ));
}

#[test]
fn heap_type_null_is_written_as_the_linker_writes_it() {
    // `ref.null func` as lld writes it: 0xd0 0x70 0x0b.
    let mut bytes = Vec::new();
    wasm_encoder::Encode::encode(&ConstExpr::ref_null(HeapType::FUNC), &mut bytes);
    assert_eq!(bytes, [0xd0, 0x70, 0x0b]);
}
