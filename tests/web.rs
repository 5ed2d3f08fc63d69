//! Component tests in headless Chromium:
//! `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test unwraps what it checks

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use weekly::components::{LoadErrorView, Marked, RichText};
use weekly::load::LoadError;
use weekly::model::Inline;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = document();
    let el = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

#[wasm_bindgen_test]
fn rich_text_renders_typed_nodes_and_never_markup() {
    let el = container();
    let nodes = vec![
        Inline::text("<img src=x onerror=alert(1)> "),
        Inline::Strong {
            children: vec![Inline::text("bold")],
        },
        Inline::Code {
            text: "kubectl debug".into(),
        },
        Inline::Link {
            href: "javascript:alert(1)".into(),
            children: vec![Inline::text("hostile")],
        },
        Inline::Link {
            href: "https://example.com/".into(),
            children: vec![Inline::text("safe")],
        },
    ];
    leptos::mount::mount_to(el.clone(), move || view! { <RichText nodes/> }).forget();
    assert!(
        el.query_selector("img").unwrap().is_none(),
        "text became markup"
    );
    assert!(el
        .text_content()
        .unwrap()
        .contains("<img src=x onerror=alert(1)>"));
    assert_eq!(
        el.query_selector("strong")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "bold"
    );
    assert_eq!(
        el.query_selector("code")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "kubectl debug"
    );
    let links = el.query_selector_all("a").unwrap();
    assert_eq!(
        links.length(),
        1,
        "the javascript: link must render as text"
    );
    let link: web_sys::Element = links.get(0).unwrap().unchecked_into();
    assert_eq!(link.get_attribute("href").unwrap(), "https://example.com/");
    assert!(el.text_content().unwrap().contains("hostile"));
}

#[wasm_bindgen_test]
fn load_error_explains_and_retries() {
    let el = container();
    let retries = RwSignal::new(0);
    leptos::mount::mount_to(el.clone(), move || {
        view! { <LoadErrorView error=LoadError::Http(503) on_retry=move |_| retries.update(|n| *n += 1)/> }
    })
    .forget();
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert!(alert.text_content().unwrap().contains("503"));
    let button: web_sys::HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    button.click();
    assert_eq!(retries.get_untracked(), 2);
}

fn term(slug: &str, zh: &str, en: &str) -> weekly::model::Term {
    weekly::model::Term {
        slug: slug.into(),
        name: weekly::model::Bilingual {
            zh: zh.into(),
            en: en.into(),
        },
    }
}

#[wasm_bindgen_test]
async fn filter_bar_links_toggle_the_query_and_mark_the_active_ones() {
    use weekly::components::FilterBar;
    use weekly::filter::Filter;
    let el = container();
    let query = RwSignal::new("?section=news".to_string());
    leptos::mount::mount_to(el.clone(), move || {
        let filter = Memo::new(move |_| Filter::parse(&query.get()));
        let sections = vec![
            (term("news", "业界要闻", "Industry news"), 3),
            (term("upstream", "上游重要进展", "Upstream"), 10),
        ];
        let projects = vec![(term("knative", "Knative 项目", "Knative"), 2)];
        view! { <FilterBar sections projects path="/issues/3".to_string() filter/> }
    })
    .forget();
    let links = el.query_selector_all("a.chip").unwrap();
    assert_eq!(links.length(), 3);
    let link = |i: u32| -> web_sys::Element { links.get(i).unwrap().unchecked_into() };
    // The active section links to the filter without it; the others add themselves.
    assert_eq!(link(0).get_attribute("href").unwrap(), "/issues/3");
    assert_eq!(
        link(0).get_attribute("aria-current").as_deref(),
        Some("true")
    );
    assert!(link(0).text_content().unwrap().contains("业界要闻"));
    assert!(link(0).text_content().unwrap().contains('3'));
    assert_eq!(
        link(1).get_attribute("href").unwrap(),
        "/issues/3?section=news&section=upstream"
    );
    assert_eq!(link(1).get_attribute("aria-current"), None);
    assert_eq!(
        link(2).get_attribute("href").unwrap(),
        "/issues/3?section=news&project=knative"
    );
    query.set(String::new());
    leptos::task::tick().await;
    assert_eq!(link(0).get_attribute("aria-current"), None);
    assert_eq!(
        link(0).get_attribute("href").unwrap(),
        "/issues/3?section=news"
    );
}

#[wasm_bindgen_test]
fn item_card_renders_title_body_tags_and_anchor() {
    use std::sync::Arc;
    use weekly::components::ItemCard;
    use weekly::model::{Item, Settings};
    let el = container();
    let settings = Arc::new(Settings {
        tags: vec![
            term("envoy", "Envoy", "Envoy"),
            term("security", "安全", "Security"),
        ],
        ..Settings::default()
    });
    let item = Item {
        id: "envoy-orca".into(),
        title: vec![Inline::text("Envoy正通过ORCA改善负载均衡的精准度。")],
        body: vec![vec![Inline::text("第一段")], vec![Inline::text("第二段")]],
        tags: vec!["envoy".into(), "security".into()],
    };
    leptos::mount::mount_to(
        el.clone(),
        move || view! { <ItemCard item nested=true volume=3 settings/> },
    )
    .forget();
    let article = el
        .query_selector("article#envoy-orca")
        .unwrap()
        .expect("the item is its own anchor");
    assert_eq!(
        article
            .query_selector("h4")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "Envoy正通过ORCA改善负载均衡的精准度。"
    );
    assert_eq!(article.query_selector_all("p").unwrap().length(), 2);
    let tags = article.query_selector_all(".tag a").unwrap();
    assert_eq!(tags.length(), 2);
    let second: web_sys::Element = tags.get(1).unwrap().unchecked_into();
    assert_eq!(second.get_attribute("href").unwrap(), "/tags/security/");
    assert_eq!(second.text_content().unwrap(), "安全");
    assert!(article
        .query_selector("button.copy-link")
        .unwrap()
        .is_some());
}

#[wasm_bindgen_test]
fn search_highlights_are_marks_around_text_never_markup() {
    let el = container();
    let text = "负载均衡 <img src=x onerror=alert(1)> Envoy".to_string();
    // Ranges in characters; the last runs past the end and is clipped.
    let ranges = vec![(0, 4), (5, 9), (34, 99)];
    leptos::mount::mount_to(el.clone(), move || view! { <Marked text ranges/> }).forget();
    assert!(el.query_selector("img").unwrap().is_none());
    let marks = el.query_selector_all("mark").unwrap();
    let texts: Vec<String> = (0..marks.length())
        .map(|i| marks.get(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(texts, ["负载均衡", "<img", "Envoy"]);
    assert_eq!(
        el.text_content().unwrap(),
        "负载均衡 <img src=x onerror=alert(1)> Envoy"
    );
}

/// Resolves after `ms` milliseconds (animation frames run meanwhile).
async fn pause(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_long_list_shows_more_on_request_moves_focus_and_keeps_its_rows_as_it_grows() {
    use weekly::components::{MoreRows, Rows};
    let el = container();
    // Far below the viewport: only the button adds rows here, not scrolling.
    el.style().set_property("margin-top", "20000px").unwrap();
    let total = RwSignal::new(30_usize);
    leptos::mount::mount_to(el.clone(), move || {
        let rows = Rows::new(move || total.get());
        view! {
            <ul>
                <For each=move || 0..rows.shown() key=|i| *i let:i>
                    <li class="long-row"><a href=format!("#row-{i}")>{i}</a></li>
                </For>
            </ul>
            <MoreRows rows row_links=".long-row a"/>
        }
    })
    .forget();
    let count = || el.query_selector_all(".long-row").unwrap().length();
    let button: web_sys::HtmlElement = el
        .query_selector("button.more-rows")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(count(), 16);
    assert_eq!(button.text_content().unwrap(), "显示更多（还有 14 期）");
    assert!(!button.hidden());
    button.click();
    pause(50).await;
    assert_eq!(count(), 30);
    assert!(button.hidden(), "nothing left to show");
    let focused = document().active_element().unwrap();
    assert_eq!(focused.get_attribute("href").as_deref(), Some("#row-16"));
    // More rows arrive (a tag's older items): the rows shown stay the same
    // elements, the rest of the chunk asked for fills in, and the button
    // comes back.
    el.query_selector(".long-row")
        .unwrap()
        .unwrap()
        .set_attribute("data-seen", "")
        .unwrap();
    total.set(75);
    leptos::task::tick().await;
    assert_eq!(count(), 36);
    assert!(!button.hidden());
    assert_eq!(button.text_content().unwrap(), "显示更多（还有 39 期）");
    button.click();
    pause(50).await;
    // At least the chunk asked for: focus on the new rows brings the end
    // near, and that adds more by itself.
    assert!(count() >= 56, "{}", count());
    assert_eq!(el.query_selector_all("[data-seen]").unwrap().length(), 1);
}

#[component]
fn TooltipHarness(nodes: Vec<Inline>) -> impl IntoView {
    weekly::components::provide_term_tips();
    view! {
        <p><RichText nodes/></p>
        <weekly::components::TermTooltip/>
    }
}

fn term_ref(slug: &str, text: &str) -> Inline {
    Inline::Term {
        term: slug.into(),
        children: vec![Inline::text(text)],
    }
}

fn escape() {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    document()
        .active_element()
        .unwrap()
        .dispatch_event(&event)
        .unwrap();
}

#[wasm_bindgen_test]
async fn a_term_is_a_link_that_opens_one_described_tooltip_on_focus_and_escape_closes_it() {
    use weekly::components::TIP_ID;
    let el = container();
    let nodes = vec![
        term_ref("kep", "KEP"),
        Inline::text(" 与 "),
        term_ref("cel", "CEL"),
    ];
    leptos::mount::mount_to(el.clone(), move || {
        weekly::state::provide_router("", None);
        view! { <TooltipHarness nodes/> }
    })
    .forget();
    let terms = el.query_selector_all("a.term").unwrap();
    assert_eq!(terms.length(), 2);
    let kep: web_sys::HtmlElement = terms.get(0).unwrap().unchecked_into();
    let cel: web_sys::HtmlElement = terms.get(1).unwrap().unchecked_into();
    assert_eq!(kep.get_attribute("href").as_deref(), Some("/glossary/kep/"));
    let tips = || {
        document()
            .query_selector_all("[role=tooltip]")
            .unwrap()
            .length()
    };
    assert_eq!(tips(), 0);
    assert_eq!(kep.get_attribute("aria-describedby"), None);

    kep.focus().unwrap();
    pause(20).await;
    assert_eq!(tips(), 1, "focus opens the tooltip at once");
    let tip = document().get_element_by_id(TIP_ID).expect("the tooltip");
    assert_eq!(tip.get_attribute("role").as_deref(), Some("tooltip"));
    assert_eq!(
        kep.get_attribute("aria-describedby").as_deref(),
        Some(TIP_ID)
    );
    let more = tip
        .query_selector("a")
        .unwrap()
        .expect("a link to the term page");
    assert_eq!(
        more.get_attribute("href").as_deref(),
        Some("/glossary/kep/")
    );
    assert_eq!(more.get_attribute("tabindex").as_deref(), Some("-1"));

    // Tab to the next term: one tooltip, now describing it.
    cel.focus().unwrap();
    pause(20).await;
    assert_eq!(tips(), 1);
    assert_eq!(kep.get_attribute("aria-describedby"), None);
    assert_eq!(
        cel.get_attribute("aria-describedby").as_deref(),
        Some(TIP_ID)
    );
    let more = document()
        .get_element_by_id(TIP_ID)
        .unwrap()
        .query_selector("a")
        .unwrap()
        .unwrap();
    assert_eq!(
        more.get_attribute("href").as_deref(),
        Some("/glossary/cel/")
    );

    escape();
    pause(20).await;
    assert_eq!(tips(), 0, "Escape closes it");
    assert_eq!(cel.get_attribute("aria-describedby"), None);
    let focused = document().active_element().unwrap();
    assert_eq!(
        focused,
        cel.clone().unchecked_into::<web_sys::Element>(),
        "Escape kept focus"
    );

    cel.blur().unwrap();
    pause(20).await;
    assert_eq!(tips(), 0);
}

#[wasm_bindgen_test]
fn without_tooltips_a_term_is_a_plain_link_to_its_page() {
    let el = container();
    let nodes = vec![term_ref("cgroups", "Cgroups")];
    leptos::mount::mount_to(el.clone(), move || view! { <RichText nodes/> }).forget();
    let link = el.query_selector("a.term").unwrap().expect("a link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/glossary/cgroups/")
    );
    assert_eq!(link.text_content().as_deref(), Some("Cgroups"));
}

/// A takeover builds the parts marked `later` one step at a time, in
/// document order, each in its place; `finish` builds what still waits;
/// without a takeover a part renders at once.
#[wasm_bindgen_test]
async fn a_takeover_builds_later_parts_step_by_step_in_place() {
    use weekly::state::{later, provide_takeover, Takeover};
    let el = container();
    let takeover = Takeover::begin();
    leptos::mount::mount_to(el.clone(), move || {
        provide_takeover(Some(takeover));
        view! {
            <p id="first">"outline"</p>
            {later(|| view! {
                <p id="a">"a"</p>
                // A part inside a part waits behind the parts already waiting.
                {later(|| view! { <p id="a-inner">"a-inner"</p> })}
            })}
            {later(|| view! { <p id="b">"b"</p> })}
            {later(|| view! { <p id="c">"c"</p> })}
            <p id="last">"end"</p>
        }
    })
    .forget();
    let ids = |el: &web_sys::HtmlElement| {
        let list = el.query_selector_all("p").unwrap();
        (0..list.length())
            .map(|i| {
                list.get(i)
                    .unwrap()
                    .unchecked_into::<web_sys::Element>()
                    .id()
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(ids(&el), "first last", "a part rendered before its step");
    assert_eq!(takeover.waiting(), 3);
    assert!(takeover.step());
    leptos::task::tick().await;
    assert_eq!(ids(&el), "first a last");
    assert_eq!(takeover.waiting(), 3, "the inner part waits behind b and c");
    assert!(takeover.step());
    leptos::task::tick().await;
    assert_eq!(ids(&el), "first a b last");
    takeover.finish();
    leptos::task::tick().await;
    assert_eq!(ids(&el), "first a a-inner b c last");
    assert!(!takeover.step(), "nothing waits after finish");
    // After the takeover a part renders at once.
    let after = container();
    leptos::mount::mount_to(after.clone(), move || {
        provide_takeover(Some(takeover));
        view! { {later(|| view! { <p id="now">"now"</p> })} }
    })
    .forget();
    assert_eq!(ids(&after), "now");
}

/// Fails the first time, then gives a page (a chunk that did not load, then did).
static FETCHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static FLAKY_PAGE: weekly::state::Code = weekly::state::Code::on_demand(|| {
    Box::pin(async {
        if FETCHES.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Err(LoadError::Code)
        } else {
            Ok((|| view! { <h1>"On demand"</h1> }.into_any()) as weekly::state::Build)
        }
    })
});

#[wasm_bindgen_test]
async fn a_page_on_demand_shows_retry_when_its_code_fails_and_renders_after() {
    use weekly::components::OnDemand;
    let el = container();
    leptos::mount::mount_to(el.clone(), || view! { <OnDemand code=&FLAKY_PAGE/> }).forget();
    // The fetch is under way: the loading line, never a blank.
    assert!(el.query_selector(".loading").unwrap().is_some());
    pause(0).await;
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("the failed load is an alert");
    // The default UI language is the newsletter's.
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("阅读器的这一部分没有加载成功"),
        "{}",
        alert.text_content().unwrap()
    );
    assert!(
        el.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            != "On demand"
    );
    let retry: web_sys::HtmlElement = el
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    pause(0).await;
    assert!(el.query_selector("[role=alert]").unwrap().is_none());
    assert_eq!(
        el.query_selector("h1")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "On demand"
    );
    assert_eq!(FETCHES.load(std::sync::atomic::Ordering::SeqCst), 2);
    // Once here, the page renders at once wherever it is shown again.
    let again = container();
    leptos::mount::mount_to(again.clone(), || view! { <OnDemand code=&FLAKY_PAGE/> }).forget();
    assert!(again.query_selector("h1").unwrap().is_some());
    assert_eq!(FETCHES.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// Fails the first time, then gives a part (an offline prompt's chunk).
static PART_FETCHES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static FLAKY_PART: weekly::state::Code = weekly::state::Code::on_demand(|| {
    Box::pin(async {
        if PART_FETCHES.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            Err(LoadError::Code)
        } else {
            Ok((|| view! { <button>"Save"</button> }.into_any()) as weekly::state::Build)
        }
    })
});

#[wasm_bindgen_test]
async fn a_part_on_demand_is_blank_while_its_code_comes_and_says_so_with_retry_if_it_fails() {
    use weekly::components::OnDemandPart;
    let el = container();
    leptos::mount::mount_to(el.clone(), || view! { <OnDemandPart code=&FLAKY_PART/> }).forget();
    // A part is not the page: no loading line in its place.
    assert_eq!(el.text_content().unwrap(), "");
    pause(0).await;
    let alert = el
        .query_selector("[role=alert]")
        .unwrap()
        .expect("the failed load is an alert");
    assert!(
        alert
            .text_content()
            .unwrap()
            .contains("阅读器的这一部分没有加载成功"),
        "{}",
        alert.text_content().unwrap()
    );
    // No heading: the part sits in the page's footer or main landmark.
    assert!(el.query_selector("h1").unwrap().is_none());
    let retry: web_sys::HtmlElement = alert
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    pause(0).await;
    assert!(el.query_selector("[role=alert]").unwrap().is_none());
    assert_eq!(el.text_content().unwrap(), "Save");
    assert_eq!(PART_FETCHES.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// The browser's parser (`JSON.parse` and the model's decoders over its
/// result) reads published files exactly as the build's serde_json does,
/// and refuses what serde_json refuses with typed errors, without a trap.
#[wasm_bindgen_test]
fn published_files_parse_in_the_browser_as_serde_json_reads_them() {
    use weekly::model::{DataError, Issue};
    use weekly::platform::parse;
    let raw = include_str!("fixtures/vol3.json");
    let expected: Issue = serde_json::from_str(raw).unwrap();
    assert_eq!(parse::<Issue>(raw).unwrap(), expected);
    // Compact, so that the cases below can edit it.
    let text =
        &serde_json::to_string(&serde_json::from_str::<serde_json::Value>(raw).unwrap()).unwrap();
    assert_eq!(parse::<Issue>(text).unwrap(), expected);
    for needle in [r#""schema_version":1"#, r#""volume":3"#, r#""children":["#] {
        assert!(text.contains(needle), "{needle}");
    }
    // Unknown fields are tolerated, as the schema promises.
    let extra = text.replacen('{', r#"{"future":{"a":[1,2]},"#, 1);
    assert_eq!(parse::<Issue>(&extra).unwrap(), expected);

    let bad_data = |text: &str| {
        matches!(
            parse::<Issue>(text),
            Err(LoadError::BadData(
                DataError::NotJson(_) | DataError::Field(_)
            ))
        )
    };
    assert!(bad_data("<!doctype html><html></html>"));
    assert!(bad_data("[1,2]"));
    assert!(bad_data("null"));
    assert!(bad_data(r#"{"schema_version":"1"}"#));
    assert!(bad_data(r#"{"schema_version":1}"#), "fields missing");
    assert!(bad_data(&text.replacen(
        r#""volume":3"#,
        r#""volume":"3""#,
        1
    )));
    assert_eq!(
        parse::<Issue>(&text.replacen(r#""volume":3"#, r#""volume":3.5"#, 1)),
        Err(LoadError::BadData(DataError::Field(
            weekly::model::decode::Wrong(Some("volume"))
        )))
    );
    assert_eq!(
        parse::<Issue>(&text.replacen("\"schema_version\":1", "\"schema_version\":99", 1)),
        Err(LoadError::BadData(DataError::UnsupportedVersion(99)))
    );
    // A catalog with every field, its tag counts an object of numbers.
    let catalog = r#"{"schema_version":1,"settings":{"title":{"zh":"周报","en":"Weekly"},
        "publisher":{"zh":"甲","en":"A"},"sections":[{"slug":"news","name":{"zh":"新闻","en":"News"}}],
        "projects":[],"tags":[{"slug":"envoy","name":{"zh":"Envoy","en":"Envoy"}}],
        "embed_origins":["https://portal.example"],"public_url":"https://weekly.example/"},
        "issues":[{"volume":3,"title":"第 3 期","date":"2019-05-06","file":"issues/3.a.json",
        "highlights":["h"],"item_count":12,"terms":["kep"],"draft":true},{"volume":2,"title":"t"}],
        "tag_counts":{"envoy":4,"k8s":0},"search":{"shards":7,"hash":"abc"}}"#;
    let expected: weekly::model::Catalog = serde_json::from_str(catalog).unwrap();
    assert_eq!(parse::<weekly::model::Catalog>(catalog).unwrap(), expected);
    assert_eq!(expected.tag_counts.get("envoy"), Some(4));
    assert!(matches!(
        parse::<weekly::model::Catalog>(&catalog.replace(r#""envoy":4"#, r#""envoy":"4""#)),
        Err(LoadError::BadData(DataError::Field(_)))
    ));
    // Nested past the bound, inside the data's own recursive type and far
    // past it: a typed error, not an exhausted stack.
    let nested = |depth: usize| {
        let open = r#"{"kind":"strong","children":["#.repeat(depth);
        let close = "]}".repeat(depth);
        text.replacen(
            r#""children":["#,
            &format!(r#""children":[{open}{{"kind":"text","text":"x"}}{close},"#),
            1,
        )
    };
    assert!(bad_data(&nested(200)));
    assert!(bad_data(&nested(100_000)));
    assert!(bad_data(&"[".repeat(1_000_000)));
}
