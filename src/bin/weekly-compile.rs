//! `weekly-compile`: compiles the sources in `issues/` into the published
//! data files. Run by the Trunk build; editors can run it alone to check
//! their Markdown: `cargo run --bin weekly-compile -- --check`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use weekly::compile::{compile_site, read_sources};

    const USAGE: &str = "usage: weekly-compile [--src DIR] [--out DIR] [--check]\n\
        \n  --src DIR   the sources (default: issues)\
        \n  --out DIR   where to write the site's data (default: dist)\
        \n  --check     validate only, write nothing";

    pub fn main() -> ExitCode {
        let mut src = PathBuf::from("issues");
        let mut out = Some(PathBuf::from("dist"));
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            match (arg.as_str(), args.next()) {
                ("--src", Some(v)) => src = v.into(),
                ("--out", Some(v)) => out = Some(v.into()),
                ("--check", None) => out = None,
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            }
        }
        match run(&src, out.as_deref()) {
            Ok(summary) => {
                eprintln!("{summary}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        }
    }

    fn run(src: &Path, out: Option<&Path>) -> Result<String, String> {
        let sources = read_sources(src)?;
        let site = compile_site(&sources).map_err(|errors| {
            let mut text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            text.push(format!("{} error(s); nothing was written", errors.len()));
            text.join("\n")
        })?;
        let Some(out) = out else {
            return Ok(format!(
                "{} issue source(s) are valid",
                sources.issues.len()
            ));
        };
        for (path, bytes) in &site {
            let target = out.join(path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
            }
            std::fs::write(&target, bytes)
                .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        }
        Ok(format!(
            "compiled {} issue(s) into {} file(s) under {}",
            sources.issues.len(),
            site.len(),
            out.display()
        ))
    }
}
