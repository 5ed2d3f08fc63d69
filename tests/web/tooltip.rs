//! Glossary terms and their tooltips.

use super::*;

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
