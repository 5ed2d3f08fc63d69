//! The HTML around a rendered page: Trunk's `index.html` is the template
//! (its hashed script, stylesheet and preload links stay as Trunk wrote
//! them); each page gets its own head (title, description, canonical URL,
//! link-preview tags) and body (the rendered app and the files it was
//! rendered from, as inert JSON). Pure string work, tested here.

pub use super::head::{Early, Head};

#[derive(Debug, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "index.html: {}", self.0)
    }
}

/// Splits the first inline module script (Trunk's loader) out of `html`:
/// the HTML before it, its code and the HTML after it. `None` when every
/// script already has a `src` (the loader was moved out before).
pub fn split_loader(html: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    while let Some(offset) = html[from..].find("<script") {
        let start = from + offset;
        let open_end = start + html[start..].find('>')?;
        let tag = &html[start..open_end];
        let close = open_end + html[open_end..].find("</script>")?;
        let is_module = tag.contains("type=module") || tag.contains("type=\"module\"");
        if is_module && !tag.contains("src=") {
            return Some((
                &html[..start],
                &html[open_end + 1..close],
                &html[close + "</script>".len()..],
            ));
        }
        from = close;
    }
    None
}

/// Trunk's loader with its static import of the app's code made a dynamic
/// one that waits, on a pre-rendered page, until the page has painted: the
/// page's own HTML and CSS get the network and the main thread first, the
/// code after. "Painted" is the browser's first contentful paint, checked
/// after each frame (a frame's callbacks can run long before its paint shows:
/// a Lighthouse run saw the load event at 0.18 s, the paint at 1.24 s, and
/// the code fetched between them), for at most 60 frames; an engine without
/// paint timing waits one frame. `None` when the loader is not in the form
/// Trunk 0.21 writes.
pub fn deferred_loader(loader: &str) -> Option<String> {
    const IMPORT: &str = "import init, * as bindings from '";
    let start = loader.find(IMPORT)?;
    let url_start = start + IMPORT.len();
    let url_end = url_start + loader[url_start..].find('\'')?;
    let end = url_end + loader[url_end..].find(';')? + 1;
    let url = &loader[url_start..url_end];
    Some(format!(
        "{}if (document.visibilityState === 'visible' && document.querySelector('#shell:not([aria-busy])')) {{\n  \
         const timed = (PerformanceObserver.supportedEntryTypes || []).includes('paint');\n  \
         await new Promise((painted) => {{\n    \
         const frame = (left) => requestAnimationFrame(() => setTimeout(() =>\n      \
         !timed || left === 0 || performance.getEntriesByName('first-contentful-paint').length ? painted() : frame(left - 1), 0));\n    \
         frame(60);\n  }});\n}}\n\
         const bindings = await import('{url}');\nconst init = bindings.default;{}",
        &loader[..start],
        &loader[end..]
    ))
}

/// Text for an attribute value in double quotes, or for element content.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON text that can sit inside `<script type="application/json">`: the
/// characters that could end the element or start markup are written as
/// JSON escapes (valid only inside strings, which is the only place JSON
/// has them), so content can never close the element; the value is the same.
pub fn escape_json_for_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// One carried file: inert data the app reads before it renders.
pub fn data_script(url: &str, body: &str) -> String {
    format!(
        "<script type=\"application/json\" data-file=\"{}\">{}</script>",
        escape_attr(url),
        escape_json_for_html(body)
    )
}

/// The Content-Security-Policy every page carries in a `<meta>`, for hosts
/// that send no headers (GitHub Pages): what the README asks hosts to send,
/// but `frame-ancestors`, which browsers ignore in a `<meta>` (a host that
/// wants to limit who frames the reader must send it as a header).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; \
    form-action 'self'";

/// `html` with the CSP `<meta>` first in its head (after the charset, which
/// must come first), unless it has one.
fn with_csp_meta(html: String) -> String {
    const MARK: &str = "http-equiv=\"Content-Security-Policy\"";
    if html.contains(MARK) {
        return html;
    }
    let meta = format!("<meta {MARK} content=\"{CSP}\">");
    let at = find_tag(&html, "<meta", |tag| tag.contains("charset"))
        .map(|(_, end)| end)
        .or_else(|| html.find("<head>").map(|i| i + "<head>".len()))
        .unwrap_or(0);
    let mut html = html;
    html.insert_str(at, &meta);
    html
}

/// Trunk's page with its loader in a file: the frame of every page.
#[derive(Debug, Clone)]
pub struct Template {
    html: String,
}

impl Template {
    pub fn new(html: String) -> Result<Template, TemplateError> {
        for part in ["<title>", "</title>", "<body>", "</body>"] {
            if !html.contains(part) {
                return Err(TemplateError(format!("no {part}")));
            }
        }
        if split_loader(&html).is_some() {
            return Err(TemplateError(
                "an inline module script is left (a strict Content-Security-Policy blocks it)"
                    .into(),
            ));
        }
        Ok(Template {
            html: with_csp_meta(html),
        })
    }

    pub fn html(&self) -> &str {
        &self.html
    }

    /// The base path from `<base href>`: `""` or `"/weekly"`.
    pub fn base(&self) -> String {
        let href = self.html.find("<base").and_then(|start| {
            let tag = &self.html[start..start + self.html[start..].find('>')?];
            let value = tag.split_once("href=")?.1;
            let value = value.trim_start_matches('"');
            Some(
                value
                    .split(['"', ' ', '>'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            )
        });
        crate::route::normalize_base(&href.unwrap_or_default())
    }

    /// The description the template gives the whole site.
    pub fn description(&self) -> Option<String> {
        let (start, end) = self.meta_description()?;
        let tag = &self.html[start..end];
        let value = tag.split_once("content=")?.1;
        let value = match value.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next()?,
            None => value.split([' ', '>']).next()?,
        };
        Some(
            value
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
    }

    fn meta_description(&self) -> Option<(usize, usize)> {
        find_tag(&self.html, "<meta", |tag| {
            tag.contains("name=description") || tag.contains("name=\"description\"")
        })
    }

    /// A pre-rendered page: `head` in place of the template's title and
    /// description, the rendered `body` in the shell the app replaces, and
    /// the carried files after it.
    pub fn page(&self, head: &Head, body: &str, files: &[super::File]) -> String {
        let mut html = self.html.clone();
        if let Some((start, end)) = self.meta_description() {
            html.replace_range(start..end, "");
        }
        // The app's code loads after the page has painted (`deferred_loader`):
        // nothing fetches it ahead of the page's own files.
        while let Some((start, end)) = find_tag(&html, "<link", |tag| {
            tag.contains("modulepreload") || tag.contains("application/wasm")
        }) {
            html.replace_range(start..end, "");
        }
        // The shell preloads the catalog; a page that carries it must not
        // ask for it again.
        while let Some((start, end)) = find_tag(&html, "<link", |tag| {
            tag.contains("preload") && files.iter().any(|(url, _)| carried(tag, url))
        }) {
            html.replace_range(start..end, "");
        }
        if let (Some(start), Some(end)) = (html.find("<title>"), html.find("</title>")) {
            html.replace_range(start..end + "</title>".len(), &head.to_html());
        }
        // The app builds its copy beside this page, hidden by this class
        // (style.css, `platform::begin_takeover`): written here, not set by
        // the app, as a class set on the root restyles every element of the
        // page on screen (341 elements, 5–7 ms on /issues/3/). Until the app
        // swaps its copy in, whatever else stands in <body> beside the page
        // is hidden: only the carried files' inert scripts, here.
        if let Some((_, end)) = find_tag(&html, "<html", |_| true) {
            html.insert_str(end - 1, " class=taking-over");
        }
        let mut inner = format!("<div id=\"shell\">{body}</div>");
        for (url, text) in files {
            inner.push_str(&data_script(url, text));
        }
        replace_body(&html, &inner)
    }

    /// The template's own shell, whose `<noscript>` says `text` (HTML)
    /// instead: `404.html` without JavaScript shows the not-found page; with
    /// it, the app renders whatever the address is.
    pub fn with_noscript(&self, text: &str) -> String {
        let html = &self.html;
        match (html.find("<noscript>"), html.find("</noscript>")) {
            (Some(start), Some(end)) if start < end => format!(
                "{}<noscript>{text}</noscript>{}",
                &html[..start],
                &html[end + "</noscript>".len()..]
            ),
            _ => html.clone(),
        }
    }
}

/// The first tag starting with `open` for which `matches` holds, as a range.
fn find_tag(html: &str, open: &str, matches: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(offset) = html[from..].find(open) {
        let start = from + offset;
        let end = start + html[start..].find('>')? + 1;
        if matches(&html[start..end]) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// Whether a `<link>` tag names the carried file at `url` (`/data/x.json`
/// or, relative to `<base>`, `data/x.json`).
fn carried(tag: &str, url: &str) -> bool {
    let Some(href) = tag
        .split_once("href=")
        .map(|(_, v)| v.trim_start_matches('"'))
    else {
        return false;
    };
    let href = href.split(['"', ' ', '>']).next().unwrap_or_default();
    !href.is_empty()
        && (href == url || url.ends_with(&format!("/{}", href.trim_start_matches('/'))))
}

fn replace_body(html: &str, inner: &str) -> String {
    match (html.find("<body>"), html.rfind("</body>")) {
        (Some(start), Some(end)) if start < end => format!(
            "{}<body>{inner}</body>{}",
            &html[..start],
            &html[end + "</body>".len()..]
        ),
        _ => html.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<!doctype html><html lang=zh-CN><meta charset=utf-8>\
        <meta content=\"云原生 &amp; Weekly\" name=description><title>Site</title><base href=/weekly/>\
        <link as=fetch crossorigin href=data/catalog.json rel=preload>\
        <script type=module>import init, * as bindings from '/weekly/app.js';\nawait init();</script>\
        <link href=/weekly/style.css rel=stylesheet><link href=/weekly/app.js rel=modulepreload>\
        <link as=fetch href=/weekly/app_bg.wasm rel=preload type=application/wasm></head><body><div aria-busy=true id=shell>\
        <main><p class=loading>加载中</p><noscript><p>needs JS</p></noscript></main></div></body></html>";

    fn template() -> Template {
        let (before, _, after) = split_loader(TRUNK).unwrap();
        Template::new(format!(
            "{before}<script type=module src=/weekly/boot.js></script>{after}"
        ))
        .unwrap()
    }

    #[test]
    fn the_loader_moves_out_and_a_template_with_one_is_refused() {
        let (before, js, after) = split_loader(TRUNK).unwrap();
        assert!(js.contains("await init()"));
        assert!(!before.contains("import") && !after.contains("import"));
        assert!(Template::new(TRUNK.to_string()).is_err());
        assert!(split_loader(template().html()).is_none());
        // Quoted attributes (an unminified build) too.
        let plain = "<script type=\"module\">go()</script><script src=x.js></script>";
        assert_eq!(split_loader(plain).unwrap().1, "go()");
    }

    #[test]
    fn the_loader_imports_the_code_after_the_page_has_painted() {
        let (_, js, _) = split_loader(TRUNK).unwrap();
        let deferred = deferred_loader(js).unwrap();
        assert!(!deferred.contains("import init"));
        assert!(deferred.contains("const bindings = await import('/weekly/app.js');"));
        let waits = deferred.find("requestAnimationFrame").unwrap();
        assert!(waits < deferred.find("await import(").unwrap());
        let paint = deferred.find("'first-contentful-paint'").unwrap();
        assert!(paint < deferred.find("await import(").unwrap());
        assert!(deferred.ends_with("await init();"));
        assert_eq!(deferred_loader("init();"), None);
    }

    #[test]
    fn every_page_carries_the_policy_once_right_after_the_charset() {
        let t = template();
        let head = Head {
            title: "t".into(),
            description: "d".into(),
            url: "/".into(),
            image: "/i.png".into(),
            site_name: "s".into(),
            kind: "website",
            early: Vec::new(),
        };
        let html = t.page(&head, "", &[]);
        let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">");
        assert!(
            html.contains(&format!("<meta charset=utf-8>{meta}")),
            "{html}"
        );
        assert!(!CSP.contains("frame-ancestors"), "ignored in a meta");
        let again = Template::new(t.html().to_string()).unwrap();
        assert_eq!(again.html().matches("Content-Security-Policy").count(), 1);
    }

    #[test]
    fn base_and_description_come_from_the_template() {
        let t = template();
        assert_eq!(t.base(), "/weekly");
        assert_eq!(t.description().as_deref(), Some("云原生 & Weekly"));
    }

    #[test]
    fn a_page_has_its_head_body_and_inert_files() {
        let head = Head {
            title: "第 3 期 <b>\"x\"".into(),
            description: "摘要 & more".into(),
            url: "https://weekly.example/issues/3/".into(),
            image: "https://weekly.example/icon-512.png".into(),
            site_name: "云原生生态周报".into(),
            kind: "article",
            early: Vec::new(),
        };
        let files = [(
            "/weekly/data/issues/3.json".to_string(),
            r#"{"title":"</script><script>alert(1)</script> & \u2028"}"#.into(),
        )];
        let html = template().page(&head, "<main>内容</main>", &files);
        assert!(
            html.contains("rel=preload"),
            "the catalog is not carried: keep its preload"
        );
        let catalog = [("/weekly/data/catalog.json".to_string(), "{}".into())];
        let carrying = template().page(&head, "", &catalog);
        assert!(
            !carrying.contains("rel=preload"),
            "the catalog is carried: no second request"
        );
        assert!(html.contains("<title>第 3 期 &lt;b&gt;&quot;x&quot;</title>"));
        assert_eq!(html.matches("name=\"description\"").count(), 1);
        assert!(!html.contains("name=description"));
        assert!(html
            .contains("<meta property=\"og:title\" content=\"第 3 期 &lt;b&gt;&quot;x&quot;\">"));
        assert!(html.contains("<link rel=\"canonical\" href=\"https://weekly.example/issues/3/\">"));
        assert!(html.contains("<div id=\"shell\"><main>内容</main></div>"));
        assert!(html.contains("<html lang=zh-CN class=taking-over>"));
        assert!(!html.contains("加载中"));
        // The content cannot close the element: one `</script>` per script.
        assert_eq!(
            html.matches("</script>").count(),
            html.matches("<script").count()
        );
        let data = html
            .split("data-file=\"/weekly/data/issues/3.json\">")
            .nth(1)
            .unwrap();
        let json = data.split("</script>").next().unwrap();
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(
            value["title"],
            "</script><script>alert(1)</script> & \u{2028}"
        );
    }

    #[test]
    fn not_found_text_goes_in_the_noscript() {
        let html = template().with_noscript("<h1>找不到</h1>");
        assert!(html.contains("<noscript><h1>找不到</h1></noscript>"));
        assert!(!html.contains("needs JS"));
        assert!(html.contains("加载中"));
    }
}
