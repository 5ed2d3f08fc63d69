//! Glossary terms in the text and the one tooltip that explains them.
//!
//! A term is a link to its glossary page, so it is focusable and useful
//! with tooltips off, without WebAssembly and in print. With tooltips on
//! (the default), hovering it with the mouse for `HOVER_INTENT`, focusing
//! it from the keyboard, or tapping it (touch, pen) opens the page's single
//! tooltip (`role="tooltip"`, named by the term's `aria-describedby` while
//! open); when and how it closes is `crate::tooltip::TipMachine`. A tap
//! opens the tooltip instead of following the link; the tooltip's own link
//! leads to the page. Keyboard readers reach the page through the term
//! itself (Enter), so the tooltip's link is left out of the tab order.
//!
//! The tooltip is absolutely positioned in document coordinates (it scrolls
//! with the text and never moves the layout), placed by
//! `platform::place_tooltip` in the animation frame after it renders, and
//! painted only once placed. It needs no browser feature beyond CSSOM
//! geometry: no popover, no anchor positioning.
//!
//! The tooltip's view and placement are code on demand (`TIP_CODE`), in
//! the glossary pages' chunk: a term is a link to its page, so the pointer
//! resting on it reads that chunk ahead anyway, and one request brings
//! both. It is read ahead when a term is hovered, focused or pressed, with
//! the glossary, so it is here before the hover intent ends. If it cannot
//! be loaded, the reason and Retry show in a box pinned to the bottom of
//! the window while the tooltip would be open (the tooltip cannot be
//! placed without its code), and every opening tries again; the term
//! itself stays a link to its page.

use crate::components::OnDemandPart;
use crate::load::data_url;
use crate::model::{Glossary, GlossaryEntry};
use crate::platform;
use crate::prefs::PREVIEWS_KEY;
use crate::route::Route;
use crate::state::on_demand;
use crate::state::use_location;
use crate::state::{dynamic, effect, use_app};
use crate::state::{use_data_cache, use_glossary};
use crate::tooltip::{Input, TermId, Timer, TipMachine};
use leptos::ev;
use leptos::html;
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;

on_demand!(TIP_CODE, tip_code, glossary, OpenTip);

/// The id of the tooltip element.
pub const TIP_ID: &str = "weekly-term-tip";
/// Selector of term references, for presses that land on one.
const TERM_SELECTOR: &str = "a.term";

/// A term reference on the page.
#[derive(Clone)]
struct Anchor {
    id: TermId,
    slug: String,
    node: NodeRef<html::A>,
}

/// The page's tooltips: the state machine, the open term and the timer.
#[derive(Clone, Copy)]
pub struct TermTips {
    /// Whether tooltips are on (the reader can turn them off).
    pub enabled: RwSignal<bool>,
    /// The term whose tooltip is shown.
    open: RwSignal<Option<TermId>>,
    machine: StoredValue<TipMachine, LocalStorage>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    anchors: StoredValue<Vec<Anchor>, LocalStorage>,
    next_id: StoredValue<TermId, LocalStorage>,
    /// Where the pointer opened the tooltip, for terms that wrap.
    pointer: StoredValue<Option<(f64, f64)>, LocalStorage>,
    /// A press on a term is under way, and whether by touch or pen.
    press: StoredValue<Option<bool>, LocalStorage>,
}

/// Provides the page's tooltips; preferences come from storage when allowed.
pub fn provide_term_tips() {
    let enabled = platform::load_preference(PREVIEWS_KEY).as_deref() != Some("off");
    provide_context(TermTips::new(enabled));
}

/// The page's tooltips; without a provider (component tests of rich text)
/// terms are plain links.
pub fn use_term_tips() -> Option<TermTips> {
    use_context::<TermTips>()
}

impl TermTips {
    fn new(enabled: bool) -> TermTips {
        TermTips {
            enabled: RwSignal::new(enabled),
            open: RwSignal::new(None),
            machine: StoredValue::new_local(TipMachine::default()),
            timer: StoredValue::new_local(None),
            anchors: StoredValue::new_local(Vec::new()),
            next_id: StoredValue::new_local(0),
            pointer: StoredValue::new_local(None),
            press: StoredValue::new_local(None),
        }
    }

    /// Turns tooltips on or off, remembered where storage allows.
    pub fn set_enabled(self, on: bool) {
        self.feed(Input::Reset);
        self.enabled.set(on);
        platform::save_preference(PREVIEWS_KEY, (!on).then_some("off"));
    }

    fn feed(self, input: Input) {
        let Some(timer) = self.machine.try_update_value(|m| m.step(input)) else {
            return;
        };
        match timer {
            Timer::Keep => {}
            Timer::Cancel => self.clear_timer(),
            Timer::Start(wait) => {
                self.clear_timer();
                let handle = set_timeout_with_handle(move || self.feed(Input::TimerDone), wait);
                self.timer.try_set_value(handle.ok());
            }
        }
        let open = self.machine.try_with_value(TipMachine::open).flatten();
        if self.open.try_get_untracked() != Some(open) {
            self.open.try_set(open);
        }
    }

    fn clear_timer(self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn register(self, slug: String, node: NodeRef<html::A>) -> TermId {
        let id = self
            .next_id
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default();
        self.anchors
            .try_update_value(|a| a.push(Anchor { id, slug, node }));
        id
    }

    fn unregister(self, id: TermId) {
        if self.open.try_get_untracked().flatten() == Some(id) {
            self.feed(Input::Reset);
        }
        self.anchors.try_update_value(|a| a.retain(|x| x.id != id));
    }

    fn anchor(self, id: TermId) -> Option<Anchor> {
        self.anchors
            .try_with_value(|a| a.iter().find(|x| x.id == id).cloned())
            .flatten()
    }
}

/// A glossary term in rich text: a link to its page that opens its tooltip.
#[component]
pub fn TermRef(slug: String, children: Children) -> impl IntoView {
    let app = use_app();
    let href = Route::Term(slug.clone()).href(app.base);
    let Some(tips) = use_term_tips() else {
        return view! { <a class="term" href=href>{children()}</a> }.into_any();
    };
    let node = NodeRef::<html::A>::new();
    let id = tips.register(slug, node);
    on_cleanup(move || tips.unregister(id));
    let on = move || tips.enabled.get_untracked();
    let read_glossary = move || {
        TIP_CODE.read_ahead();
        use_data_cache().read_ahead(&data_url(app.base, Glossary::FILE));
    };
    let pointer_enter = move |e: ev::PointerEvent| {
        if on() && platform::is_mouse(&e) {
            read_glossary();
            tips.pointer.set_value(Some(platform::pointer_position(&e)));
            tips.feed(Input::MouseEnter(id));
        }
    };
    let pointer_leave = move |e: ev::PointerEvent| {
        if on() && platform::is_mouse(&e) {
            tips.feed(Input::MouseLeave(id));
        }
    };
    let pointer_down = move |e: ev::PointerEvent| {
        let touch = !platform::is_mouse(&e);
        tips.press.set_value(Some(touch));
        if on() && touch {
            read_glossary();
            tips.pointer.set_value(Some(platform::pointer_position(&e)));
        }
    };
    let pointer_cancel = move |_: ev::PointerEvent| tips.press.set_value(None);
    let click = move |e: ev::MouseEvent| {
        // A tap opens the tooltip; a mouse click and Enter (a click of
        // detail 0, whatever press came before) follow the link.
        let touched = tips.press.try_update_value(Option::take).flatten() == Some(true);
        if touched && e.detail() > 0 && on() {
            e.prevent_default();
            tips.feed(Input::Tap(id));
        }
    };
    let focus = move |e: ev::FocusEvent| {
        // Keyboard focus only: the focus a press gives does not show as
        // focus-visible (mouse and touch have their own ways in).
        if on() && platform::is_focus_visible(&e) {
            read_glossary();
            tips.pointer.set_value(None);
            tips.feed(Input::Focus(id));
        }
    };
    let blur = move |_: ev::FocusEvent| {
        if on() {
            tips.feed(Input::Blur(id));
        }
    };
    view! {
        <a
            class="term"
            href=href
            node_ref=node
            aria-describedby=move || (tips.open.get() == Some(id)).then_some(TIP_ID)
            on:pointerenter=pointer_enter
            on:pointerleave=pointer_leave
            on:pointerdown=pointer_down
            on:pointercancel=pointer_cancel
            on:click=click
            on:focus=focus
            on:blur=blur
        >
            {children()}
        </a>
    }
    .into_any()
}

/// The page's one tooltip, shown for the open term. Also closes it on
/// Escape, on a press elsewhere and when the page changes.
#[component]
pub fn TermTooltip() -> impl IntoView {
    let Some(tips) = use_term_tips() else {
        return ().into_any();
    };
    let location = use_location();
    let mut first = true;
    effect(move || {
        location.pathname.track();
        if !std::mem::take(&mut first) {
            tips.feed(Input::Reset);
        }
    });
    let handles = [
        // Escape also stops a tooltip about to open on hover.
        window_event_listener(ev::keydown, move |e| {
            if e.key() == "Escape" {
                tips.feed(Input::Escape);
            }
        }),
        window_event_listener(ev::pointerdown, move |e| {
            let inside = platform::event_within(&e, TERM_SELECTOR)
                || platform::event_within(&e, &format!("#{TIP_ID}"));
            if !inside && tips.open.get_untracked().is_some() {
                tips.feed(Input::PressOutside);
            }
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    let open = Memo::new(move |_| tips.open.get().is_some());
    // While its code loads the tooltip is not there yet (the hover intent
    // has usually covered the load). The pointer on the tooltip, or on the
    // failure's box with Retry, keeps it open: both are inside this
    // element, which gets their pointer enter and leave events.
    view! {
        {dynamic(move || open.get().then(|| view! {
            <div
                class="tip-code"
                on:pointerenter=move |e: ev::PointerEvent| {
                    if platform::is_mouse(&e) {
                        tips.feed(Input::MouseEnterTip);
                    }
                }
                on:pointerleave=move |e: ev::PointerEvent| {
                    if platform::is_mouse(&e) {
                        tips.feed(Input::MouseLeaveTip);
                    }
                }
            >
                <OnDemandPart code=&TIP_CODE/>
            </div>
        }.into_any()))}
    }
    .into_any()
}

/// The open term's tooltip: the part whose code arrives on demand.
#[component]
fn OpenTip() -> impl IntoView {
    let tips = use_term_tips();
    move || {
        let tips = tips?;
        let anchor = tips.open.get().and_then(|id| tips.anchor(id))?;
        Some(view! { <Tip tips anchor/> })
    }
}

/// The tooltip of one term: its name, expansion, both explanations and a
/// link to its page.
#[component]
fn Tip(tips: TermTips, anchor: Anchor) -> impl IntoView {
    let app = use_app();
    let glossary = use_glossary();
    let tip = NodeRef::<html::Div>::new();
    let slug = anchor.slug.clone();
    let entry = move || match glossary.get() {
        None => Err(app.t().loading),
        Some(Err(_)) => Err(app.t().error_heading),
        Some(Ok(g)) => g
            .terms
            .iter()
            .find(|e| e.slug() == slug)
            .cloned()
            .ok_or(app.t().not_found_heading),
    };
    // Placed after every change of content, before it paints.
    effect(move || {
        glossary.track();
        app.lang.track();
        // The tooltip may have closed before the frame: nothing is assumed alive.
        request_animation_frame(move || {
            let tip = tip.try_get_untracked().flatten();
            let term = anchor.node.try_get_untracked().flatten();
            if let (Some(tip), Some(term)) = (tip, term) {
                platform::place_tooltip(&tip, &term, tips.pointer.try_get_value().flatten());
            }
        });
    });
    let href = Route::Term(anchor.slug.clone()).href(app.base);
    view! {
        <div
            id=TIP_ID
            role="tooltip"
            class="term-tip"
            node_ref=tip
        >
            {dynamic(move || match entry() {
                Ok(entry) => view! { <TipBody entry/> }.into_any(),
                Err(message) => view! { <p class="tip-status">{message}</p> }.into_any(),
            })}
            <a class="tip-more" href=href tabindex="-1">{app.text(|t| t.term_open_entry)}</a>
        </div>
    }
}

#[component]
fn TipBody(entry: GlossaryEntry) -> impl IntoView {
    view! {
        <p class="tip-term">
            <strong>{entry.term.clone()}</strong>
            {entry.expansion.clone().map(|x| view! { " " <span class="expansion" lang="en">{x}</span> })}
        </p>
        <p class="tip-zh" lang="zh-CN">{entry.explanation.zh.clone()}</p>
        <p class="tip-en" lang="en">{entry.explanation.en.clone()}</p>
    }
}

/// Turns term tooltips on and off.
#[component]
pub fn PreviewsSwitch() -> impl IntoView {
    let app = use_app();
    let Some(tips) = use_term_tips() else {
        return ().into_any();
    };
    view! {
        <label class="previews-switch">
            <input
                type="checkbox"
                prop:checked=move || tips.enabled.get()
                on:change=move |e| tips.set_enabled(event_target_checked(&e))
            />
            " "
            {app.text(|t| t.term_previews)}
        </label>
    }
    .into_any()
}
