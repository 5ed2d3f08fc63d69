//! Taking over a pre-rendered page step by step, and pages and parts whose
//! code arrives on demand.

use super::*;

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
