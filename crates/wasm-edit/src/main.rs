//! The split step's wasm edits, for scripts/split.mjs. Each edits its file
//! in place and prints what it did as JSON:
//!   weekly-wasm-edit drop-streams WASM          → {"exports": [...], "nulled": N}
//!   weekly-wasm-edit shorten WASM GLUE_MODULE   → {"module": "w", "renames": [{"from", "to", "kind": "import" | "export"}]}
//!   weekly-wasm-edit carry CHUNK NAME=WASM ...  → {"carried": [NAME, ...]}
use serde_json::{json, Value};
use std::process::ExitCode;
use weekly_wasm_edit::{carry, drop_streams, shorten_names, Error, RenameKind, SHORT_MODULE};

fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{path}: {e}"))
}

fn edit(
    path: &str,
    f: impl FnOnce(&[u8]) -> Result<(Vec<u8>, Value), Error>,
) -> Result<Value, String> {
    let (out, report) = f(&read(path)?).map_err(|e| format!("{path}: {e}"))?;
    write(path, &out)?;
    Ok(report)
}

fn run(args: &[String]) -> Result<Value, String> {
    match args {
        [command, wasm] if command == "drop-streams" => edit(wasm, |bytes| {
            let (out, streams) = drop_streams(bytes)?;
            Ok((out, json!({ "exports": streams.exports, "nulled": streams.nulled })))
        }),
        [command, wasm, glue_module] if command == "shorten" => edit(wasm, |bytes| {
            let (out, renames) = shorten_names(bytes, glue_module)?;
            let renames: Vec<Value> = renames
                .into_iter()
                .map(|r| {
                    let kind = match r.kind {
                        RenameKind::Import => "import",
                        RenameKind::Export => "export",
                    };
                    json!({ "from": r.from, "to": r.to, "kind": kind })
                })
                .collect();
            Ok((out, json!({ "module": SHORT_MODULE, "renames": renames })))
        }),
        [command, chunk, parts @ ..] if command == "carry" && !parts.is_empty() => {
            let mut carried = Vec::new();
            for part in parts {
                let (name, path) = part.split_once('=').ok_or_else(|| format!("{part}: not NAME=WASM"))?;
                carried.push((name.to_owned(), read(path)?));
            }
            edit(chunk, |bytes| {
                let names: Vec<&str> = carried.iter().map(|(name, _)| name.as_str()).collect();
                Ok((carry(bytes, &carried)?, json!({ "carried": names })))
            })
        }
        _ => Err("usage: weekly-wasm-edit drop-streams WASM | shorten WASM GLUE_MODULE | carry CHUNK NAME=WASM ...".into()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("weekly-wasm-edit: {message}");
            ExitCode::FAILURE
        }
    }
}
