//! The JSON `weekly-wasm-edit` prints: what scripts/split.mjs reads.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use serde_json::{json, Value};
use std::process::Command;
use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Instruction, Module, TypeSection,
};

/// A module that imports `log` from the glue and exports `main`.
fn module() -> Vec<u8> {
    let mut m = Module::new();
    let mut types = TypeSection::new();
    types.ty().function([], []);
    m.section(&types);
    let mut imports = ImportSection::new();
    imports.import(
        "./weekly_bg.js",
        "__wbg_log_0123456789abcdef",
        EntityType::Function(0),
    );
    m.section(&imports);
    let mut functions = FunctionSection::new();
    functions.function(0);
    m.section(&functions);
    let mut exports = ExportSection::new();
    exports.export("main", ExportKind::Func, 1);
    m.section(&exports);
    let mut code = CodeSection::new();
    let mut body = Function::new([]);
    body.instruction(&Instruction::Call(0))
        .instruction(&Instruction::End);
    code.function(&body);
    m.section(&code);
    m.finish()
}

fn run(args: &[&str]) -> (bool, Value, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_weekly-wasm-edit"))
        .args(args)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (
        out.status.success(),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn each_command_prints_what_the_split_step_reads() {
    let dir = std::env::temp_dir().join(format!("weekly-wasm-edit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wasm = dir.join("m.wasm");
    let path = wasm.to_str().unwrap();
    std::fs::write(&wasm, module()).unwrap();

    let (ok, report, _) = run(&["drop-streams", path]);
    assert!(ok);
    assert_eq!(report, json!({ "exports": [], "nulled": 0 }));

    let (ok, report, _) = run(&["shorten", path, "./weekly_bg.js"]);
    assert!(ok);
    assert_eq!(
        report,
        json!({ "module": "w", "renames": [
            { "from": "__wbg_log_0123456789abcdef", "to": "a", "kind": "import" },
            { "from": "main", "to": "b", "kind": "export" },
        ] })
    );

    let part = dir.join("part.wasm");
    std::fs::write(&part, module()).unwrap();
    let (ok, report, _) = run(&[
        "carry",
        path,
        &format!("chunk_7={}", part.to_str().unwrap()),
    ]);
    assert!(ok);
    assert_eq!(report, json!({ "carried": ["chunk_7"] }));

    // A failure says which file and why, and exits non-zero.
    std::fs::write(&wasm, b"not wasm").unwrap();
    let (ok, _, message) = run(&["shorten", path, "./weekly_bg.js"]);
    assert!(!ok);
    assert!(
        message.contains("m.wasm") && message.contains("does not parse"),
        "{message}"
    );
    let (ok, _, message) = run(&["rename"]);
    assert!(!ok && message.contains("usage"), "{message}");
    std::fs::remove_dir_all(&dir).unwrap();
}
