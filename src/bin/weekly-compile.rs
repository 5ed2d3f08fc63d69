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
    use weekly::compile::{
        compile_issue, compile_site_cached, generate_corpus, parse_glossary, parse_settings,
        read_sources, Diagnostic, Drafts,
    };

    const USAGE: &str = "usage: weekly-compile [--src DIR] [--out DIR] [--check] [--drafts] [--json] [--cache DIR] [--generate N]\n\
        \n       weekly-compile --prerender DIR\n\
        \n       weekly-compile --service-worker DIR\n\
        \n  --src DIR      the sources (default: issues)\
        \n  --out DIR      where to write the site's data (default: dist)\
        \n  --check        validate only, write nothing\
        \n  --drafts       include issues marked `draft = true` (the editor's preview);\
        \n                 release builds leave them out entirely\
        \n  --json         on errors, also print them to stdout as JSON (the preview's overlay)\
        \n  --cache DIR    keep the search index's segments in DIR and reuse those whose items\
        \n                 did not change (the same files, sooner)\
        \n  --generate N   write N synthetic issue sources (tests and benchmarks only) to --out\
        \n  --prerender DIR\
        \n                 write a static page for every route of the built site in DIR\
        \n                 (rendered by the app's components), shell.html, 404.html,\
        \n                 sitemap.xml (with `public_url` set), and move the loader into a file\
        \n  --service-worker DIR\
        \n                 write the precache list of the built site in DIR into DIR/sw.js";

    pub fn main() -> ExitCode {
        let mut src = PathBuf::from("issues");
        let mut out = Some(PathBuf::from("dist"));
        let mut generate = None;
        let mut service_worker = None;
        let mut prerender = None;
        let mut drafts = Drafts::Omit;
        let mut json = false;
        let mut cache = None;
        let mut args = std::env::args().skip(1).peekable();
        while let Some(arg) = args.next() {
            // Flags without a value.
            match arg.as_str() {
                "--drafts" => {
                    drafts = Drafts::Include;
                    continue;
                }
                "--json" => {
                    json = true;
                    continue;
                }
                "--check" => {
                    out = None;
                    continue;
                }
                _ => {}
            }
            match (arg.as_str(), args.next()) {
                ("--src", Some(v)) => src = v.into(),
                ("--out", Some(v)) => out = Some(v.into()),
                ("--cache", Some(v)) => cache = Some(PathBuf::from(v)),
                ("--service-worker", Some(v)) => service_worker = Some(PathBuf::from(v)),
                ("--prerender", Some(v)) => prerender = Some(PathBuf::from(v)),
                ("--generate", Some(n)) => match n.parse::<usize>() {
                    Ok(n) => generate = Some(n),
                    Err(_) => {
                        eprintln!("{USAGE}");
                        return ExitCode::from(2);
                    }
                },
                _ => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(2);
                }
            }
        }
        let result = match (generate, service_worker, prerender) {
            (_, _, Some(site)) => weekly::render::prerender_site(&site).map(|s| s.to_string()),
            (_, Some(site), None) => write_service_worker(&site),
            (Some(n), None, None) => out
                .as_deref()
                .ok_or_else(|| "--generate needs --out".to_string())
                .and_then(|out| generate_sources(&src, out, n)),
            (None, None, None) => run(&src, out.as_deref(), cache.as_deref(), drafts, json),
        };
        match result {
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

    /// Writes a synthetic corpus of `n` issues recombined from the real ones.
    fn generate_sources(src: &Path, out: &Path, n: usize) -> Result<String, String> {
        let sources = read_sources(src)?;
        let settings = parse_settings(&sources.settings.0, &sources.settings.1).map_err(report)?;
        let glossary = parse_glossary(&sources.glossary.0, &sources.glossary.1).map_err(report)?;
        let (file, text) = sources.issues.first().ok_or("no issue to recombine")?;
        let seed = compile_issue(file, text, &settings, &glossary).map_err(report)?;
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let write = |name: &str, text: &str| {
            std::fs::write(out.join(name), text)
                .map_err(|e| format!("{}: {e}", out.join(name).display()))
        };
        write("settings.toml", &sources.settings.1)?;
        write("glossary.toml", &sources.glossary.1)?;
        for (name, text) in generate_corpus(&seed, &settings, n) {
            write(&name, &text)?;
        }
        Ok(format!("wrote {n} synthetic issues to {}", out.display()))
    }

    /// Rewrites `site/sw.js` (copied from `public/sw.js`) with the precache
    /// list of the files the build staged in `site`.
    fn write_service_worker(site: &Path) -> Result<String, String> {
        let mut files = Vec::new();
        let mut sizes = Sizes::default();
        collect(site, site, &mut files, &mut sizes)?;
        let list = weekly::compile::precache(
            files
                .iter()
                .map(|(path, bytes)| (path.as_str(), bytes.as_slice())),
        );
        let sw = site.join("sw.js");
        let template =
            std::fs::read_to_string(&sw).map_err(|e| format!("{}: {e}", sw.display()))?;
        let rendered = weekly::compile::render_service_worker(&template, &list)?;
        std::fs::write(&sw, rendered).map_err(|e| format!("{}: {e}", sw.display()))?;
        // The last step of a build: what hosts will count.
        let (summary, warnings) = weekly::compile::host_report(
            sizes.count,
            sizes.largest.as_ref().map(|(p, b)| (p.as_str(), *b)),
        );
        for warning in &warnings {
            eprintln!("{warning}");
        }
        Ok(format!(
            "sw.js: version {}, {} precached file(s)\n{summary}",
            list.version,
            list.files.len()
        ))
    }

    /// How many files a site has and which is the largest.
    #[derive(Default)]
    struct Sizes {
        count: u64,
        largest: Option<(String, u64)>,
    }

    /// Every file under `dir`, as a path relative to `root` with `/`.
    fn collect(
        root: &Path,
        dir: &Path,
        out: &mut Vec<(String, Vec<u8>)>,
        sizes: &mut Sizes,
    ) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                collect(root, &path, out, sizes)?;
            } else if let Ok(rel) = path.strip_prefix(root) {
                let name = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let bytes = path.metadata().map(|m| m.len()).unwrap_or(0);
                sizes.count += 1;
                if sizes.largest.as_ref().is_none_or(|(_, b)| bytes > *b) {
                    sizes.largest = Some((name.clone(), bytes));
                }
                // Only the shell's files are read: the search index is thousands of files.
                if weekly::compile::is_shell_file(&name) {
                    let bytes =
                        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                    out.push((name, bytes));
                }
            }
        }
        Ok(())
    }

    fn report(errors: Vec<weekly::compile::Diagnostic>) -> String {
        errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The errors as JSON, one object per error with the fields of the
    /// terminal's text and the text itself.
    fn errors_json(errors: &[Diagnostic]) -> String {
        let list: Vec<serde_json::Value> = errors
            .iter()
            .map(|e| {
                serde_json::json!({
                    "file": e.file,
                    "line": e.line,
                    "column": e.column,
                    "message": e.message,
                    "help": e.help,
                    "text": e.to_string(),
                })
            })
            .collect();
        serde_json::json!({ "errors": list }).to_string()
    }

    fn run(
        src: &Path,
        out: Option<&Path>,
        cache: Option<&Path>,
        drafts: Drafts,
        json: bool,
    ) -> Result<String, String> {
        let sources = read_sources(src).inspect_err(|e| {
            if json {
                let whole = Diagnostic::new(&src.display().to_string(), (0, 0), e.clone());
                println!("{}", errors_json(&[whole]));
            }
        })?;
        // `--check` writes nothing, the cache included.
        let cache = cache.filter(|_| out.is_some());
        let (site, used) = compile_site_cached(&sources, drafts, cache).map_err(|errors| {
            if json {
                println!("{}", errors_json(&errors));
            }
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
        let reused = match cache {
            Some(_) => format!(
                " ({} of {} search segment(s) from the cache)",
                used.reused,
                used.reused + used.built
            ),
            None => String::new(),
        };
        Ok(format!(
            "compiled {} issue(s) into {} file(s) under {}{reused}",
            sources.issues.len(),
            site.len(),
            out.display()
        ))
    }
}
