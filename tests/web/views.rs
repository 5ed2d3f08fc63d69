//! The reader's views: rich text, load errors, the filter bar, item cards,
//! search highlights, long lists.

use super::*;

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
