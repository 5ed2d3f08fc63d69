//! The service worker's precache list, generated from the staged build:
//! which files a first visit needs to run offline, each with its SHA-256 as
//! the revision the worker checks what it fetches against (a half-uploaded
//! deploy never installs), written into `sw.js` so that every deploy with
//! other bytes is a new worker. Pure: the command line reads and writes the
//! files.

use super::content_hash;
use serde::Serialize;

/// One precached file: its path under the site's base and its revision,
/// `sha256-<base64>` (the form of an `integrity` attribute).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrecacheFile {
    pub url: String,
    pub revision: String,
}

/// The list `sw.js` carries: its version changes with any file's revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Precache {
    pub version: String,
    pub files: Vec<PrecacheFile>,
}

/// The line of the template the build replaces.
const PLACEHOLDER: &str = "const PRECACHE = { version: 'dev', files: [] };";

/// Whether a staged file (path relative to the site, with `/`) belongs to
/// the app shell: the HTML shell (`shell.html`: the app without a page,
/// which renders any route; pre-rendered pages carry data of the deploy
/// they came from and are not kept), the loader, the JS glue and wasm with
/// the code on demand (search, tags and glossary chunks), the CSS, the
/// manifest, the icons, the catalog and the glossary (every page's terms
/// explain themselves, offline too). Everything else (issue files, search
/// shards, tag files) is cached when it is read; the
/// portal's snippet, the example page, the feed, `404.html` and the worker
/// itself are not part of the app, nor is the pre-rendered search page's
/// `search-ahead-<hash>.js` (the shell never loads it).
pub fn is_shell_file(path: &str) -> bool {
    let top_level = !path.contains('/');
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match path {
        "shell.html"
        | "manifest.webmanifest"
        | "favicon.svg"
        | "data/catalog.json"
        | "data/glossary.json" => true,
        "sw.js" | "sw-retire.js" | "embed.js" => false,
        _ if path.starts_with("search-ahead-") => false,
        _ if top_level && path.starts_with("icon-") && ext == "png" => true,
        _ => top_level && matches!(ext, "js" | "wasm" | "css"),
    }
}

/// The precache of a staged site, given every file with its bytes.
pub fn precache<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Precache {
    let mut files: Vec<PrecacheFile> = files
        .into_iter()
        .filter(|(path, _)| is_shell_file(path))
        .map(|(path, bytes)| PrecacheFile {
            url: path.to_string(),
            revision: revision(bytes),
        })
        .collect();
    files.sort_by(|a, b| a.url.cmp(&b.url));
    let all: String = files
        .iter()
        .map(|f| format!("{} {}\n", f.url, f.revision))
        .collect();
    Precache {
        version: content_hash(all.as_bytes()),
        files,
    }
}

/// A file's revision: its SHA-256 as `sha256-<base64>`, what the worker
/// computes of the bytes it fetched (and what `integrity` takes).
pub fn revision(bytes: &[u8]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// `sw.js` from its template with the precache written in.
pub fn render_service_worker(template: &str, precache: &Precache) -> Result<String, String> {
    if template.matches(PLACEHOLDER).count() != 1 {
        return Err(format!(
            "sw.js: the template must hold the line `{PLACEHOLDER}` exactly once"
        ));
    }
    let json = serde_json::to_string(precache).map_err(|e| e.to_string())?;
    Ok(template.replace(PLACEHOLDER, &format!("const PRECACHE = {json};")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAGED: &[&str] = &[
        "index.html",
        "shell.html",
        "404.html",
        "boot-0123456789abcdef.js",
        "issues/3/index.html",
        "tags/envoy/index.html",
        "sitemap.xml",
        "weekly-0123456789abcdef.js",
        "weekly-0123456789abcdef_bg.wasm",
        "weekly-split-0123456789abcdef.js",
        "split_search-0123456789abcdef.wasm",
        "chunk_4-0123456789abcdef.wasm",
        "style-0123456789abcdef.css",
        "manifest.webmanifest",
        "icon-192.png",
        "icon-512.png",
        "icon-maskable-512.png",
        "favicon.svg",
        "robots.txt",
        "feed.xml",
        "embed.js",
        "embed-example.html",
        "sw.js",
        "sw-retire.js",
        "data/catalog.json",
        "data/glossary.json",
        "data/issues/3.0123456789abcdef.json",
        "data/search/0.0123456789abcdef.json",
        "data/tags/istio.json",
        "search-ahead-0123456789abcdef.js",
    ];

    #[test]
    fn lists_exactly_the_app_shell() {
        let p = precache(STAGED.iter().map(|p| (*p, p.as_bytes())));
        let urls: Vec<&str> = p.files.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "boot-0123456789abcdef.js",
                "chunk_4-0123456789abcdef.wasm",
                "data/catalog.json",
                "data/glossary.json",
                "favicon.svg",
                "icon-192.png",
                "icon-512.png",
                "icon-maskable-512.png",
                "manifest.webmanifest",
                "shell.html",
                "split_search-0123456789abcdef.wasm",
                "style-0123456789abcdef.css",
                "weekly-0123456789abcdef.js",
                "weekly-0123456789abcdef_bg.wasm",
                "weekly-split-0123456789abcdef.js",
            ]
        );
    }

    #[test]
    fn any_changed_byte_is_a_new_version() {
        let a = precache([("shell.html", &b"a"[..]), ("x.js", b"1")]);
        let b = precache([("shell.html", &b"a"[..]), ("x.js", b"2")]);
        let c = precache([("x.js", &b"1"[..]), ("shell.html", b"a")]);
        assert_ne!(a.version, b.version);
        assert_eq!(a, c, "the order files are found in does not matter");
    }

    #[test]
    fn revisions_are_sha256_as_integrity_takes_them() {
        // `printf abc | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            revision(b"abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        let p = precache([("shell.html", &b"abc"[..])]);
        assert_eq!(p.files[0].revision, revision(b"abc"));
    }

    #[test]
    fn the_template_gets_the_list() {
        let p = precache([("shell.html", &b"a"[..])]);
        let sw = render_service_worker(&format!("x;\n{PLACEHOLDER}\ny;"), &p).unwrap();
        assert!(sw.contains(&format!(
            "const PRECACHE = {{\"version\":\"{}\",\"files\":[{{\"url\":\"shell.html\"",
            p.version
        )));
        assert!(render_service_worker("no placeholder", &p).is_err());
    }
}
