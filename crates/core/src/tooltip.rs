//! Glossary tooltips without the browser: when one opens and closes (a
//! state machine fed by pointer, focus, touch and timer inputs) and where it
//! sits (placement inside the viewport). Pure; the component in
//! `components/term.rs` only feeds events in and applies what comes out.
//!
//! The rules are WCAG 2.2 SC 1.4.13 (content on hover or focus):
//! - dismissible: Escape closes it without moving focus;
//! - hoverable: the pointer can leave the term for the tooltip (a grace
//!   period covers the gap) and it stays while the pointer is on it;
//! - persistent: it stays until the pointer or focus leaves, or Escape.
//!
//! Only one tooltip is open at a time: the machine holds one `open` term.

use std::time::Duration;

/// How long the mouse rests on a term before its tooltip opens: long enough
/// that crossing a paragraph opens nothing, short enough to feel immediate.
pub const HOVER_INTENT: Duration = Duration::from_millis(200);
/// How long a tooltip opened by the mouse stays after the pointer leaves it,
/// so the pointer can travel from the term onto the tooltip.
pub const CLOSE_GRACE: Duration = Duration::from_millis(300);

/// Which term reference, among those on the page (the view numbers them).
pub type TermId = u32;

/// How the open tooltip was opened; each closes on its own terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The mouse rested on the term: closes when the mouse leaves term and tooltip.
    Hover,
    /// Keyboard focus: closes when focus leaves the term.
    Focus,
    /// A tap (touch or pen): closes on a tap elsewhere or on the term again.
    Tap,
}

/// What happened. `Focus` must not be fed for the focus a press gives a
/// link: the press is reported as `Tap` (touch) or not at all (mouse).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    MouseEnter(TermId),
    MouseLeave(TermId),
    MouseEnterTip,
    MouseLeaveTip,
    Focus(TermId),
    Blur(TermId),
    Tap(TermId),
    /// A press anywhere but on a term or the tooltip.
    PressOutside,
    Escape,
    /// The timer last asked for ran out.
    TimerDone,
    /// The page changed under the tooltip (navigation, previews turned off).
    Reset,
}

/// What the view must do with its one timer after an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Leave it as it is.
    Keep,
    /// Stop it.
    Cancel,
    /// Restart it with this duration; feed `TimerDone` when it runs out.
    Start(Duration),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waiting {
    Nothing,
    /// To open this term's tooltip on hover intent.
    Open(TermId),
    /// To close the hover tooltip after the grace period.
    Close,
}

/// The tooltips of one page.
#[derive(Debug, Clone)]
pub struct TipMachine {
    open: Option<(TermId, Cause)>,
    waiting: Waiting,
    mouse_on_term: Option<TermId>,
    mouse_on_tip: bool,
    focused: Option<TermId>,
}

impl Default for TipMachine {
    fn default() -> Self {
        TipMachine {
            open: None,
            waiting: Waiting::Nothing,
            mouse_on_term: None,
            mouse_on_tip: false,
            focused: None,
        }
    }
}

impl TipMachine {
    /// The term whose tooltip is shown.
    pub fn open(&self) -> Option<TermId> {
        self.open.map(|(id, _)| id)
    }

    /// How the shown tooltip was opened.
    pub fn cause(&self) -> Option<Cause> {
        self.open.map(|(_, cause)| cause)
    }

    /// Takes one input; returns what to do with the timer.
    pub fn step(&mut self, input: Input) -> Timer {
        match input {
            Input::MouseEnter(id) => {
                self.mouse_on_term = Some(id);
                if self.open() == Some(id) {
                    self.wait(Waiting::Nothing)
                } else {
                    self.wait(Waiting::Open(id))
                }
            }
            Input::MouseLeave(id) => {
                if self.mouse_on_term == Some(id) {
                    self.mouse_on_term = None;
                }
                self.after_mouse_left()
            }
            Input::MouseEnterTip => {
                // The pointer left every term on its way here.
                self.mouse_on_tip = true;
                self.mouse_on_term = None;
                self.wait(Waiting::Nothing)
            }
            Input::MouseLeaveTip => {
                self.mouse_on_tip = false;
                self.after_mouse_left()
            }
            Input::Focus(id) => {
                self.focused = Some(id);
                self.open = Some((id, Cause::Focus));
                self.wait(Waiting::Nothing)
            }
            Input::Blur(id) => {
                if self.focused == Some(id) {
                    self.focused = None;
                }
                match self.open {
                    // Focus moved into the tooltip (a press on its link): it
                    // stays while the mouse is on it.
                    Some((open, Cause::Focus)) if open == id && self.mouse_on_tip => {
                        self.open = Some((open, Cause::Hover));
                        Timer::Keep
                    }
                    Some((open, Cause::Focus)) if open == id => self.close(),
                    _ => Timer::Keep,
                }
            }
            Input::Tap(id) => {
                if self.open() == Some(id) {
                    self.close()
                } else {
                    self.open = Some((id, Cause::Tap));
                    self.wait(Waiting::Nothing)
                }
            }
            Input::PressOutside | Input::Escape => {
                if self.open.is_some() || self.waiting != Waiting::Nothing {
                    self.close()
                } else {
                    Timer::Keep
                }
            }
            Input::TimerDone => match std::mem::replace(&mut self.waiting, Waiting::Nothing) {
                Waiting::Open(id) if self.mouse_on_term == Some(id) => {
                    self.open = Some((id, Cause::Hover));
                    Timer::Keep
                }
                Waiting::Close if self.cause() == Some(Cause::Hover) => {
                    self.open = None;
                    Timer::Keep
                }
                _ => Timer::Keep,
            },
            Input::Reset => {
                *self = TipMachine::default();
                Timer::Cancel
            }
        }
    }

    fn after_mouse_left(&mut self) -> Timer {
        let still_on_open = self.mouse_on_tip
            || (self.mouse_on_term.is_some() && self.mouse_on_term == self.open());
        match self.waiting {
            // Left before the intent ran out: open nothing.
            Waiting::Open(id) if self.mouse_on_term != Some(id) => {
                if self.cause() == Some(Cause::Hover) && !still_on_open {
                    self.wait(Waiting::Close)
                } else {
                    self.wait(Waiting::Nothing)
                }
            }
            _ if self.cause() == Some(Cause::Hover) && !still_on_open => self.wait(Waiting::Close),
            _ => Timer::Keep,
        }
    }

    fn wait(&mut self, waiting: Waiting) -> Timer {
        self.waiting = waiting;
        match waiting {
            Waiting::Nothing => Timer::Cancel,
            Waiting::Open(_) => Timer::Start(HOVER_INTENT),
            Waiting::Close => Timer::Start(CLOSE_GRACE),
        }
    }

    fn close(&mut self) -> Timer {
        self.open = None;
        self.wait(Waiting::Nothing)
    }
}

/// A rectangle in CSS pixels, relative to the viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.top + self.height
    }

    fn distance_to(&self, (x, y): (f64, f64)) -> f64 {
        let dx = (self.left - x).max(x - self.right()).max(0.0);
        let dy = (self.top - y).max(y - self.bottom()).max(0.0);
        dx * dx + dy * dy
    }
}

/// The line box of a term to attach the tooltip to: a term that wraps has
/// one box per line. The one nearest the pointer when there is one, so the
/// tooltip opens where the reader is looking; else the first.
pub fn anchor_line(lines: &[Rect], pointer: Option<(f64, f64)>) -> Option<Rect> {
    let lines = lines.iter().filter(|r| r.width > 0.0 || r.height > 0.0);
    match pointer {
        Some(p) => lines.min_by(|a, b| a.distance_to(p).total_cmp(&b.distance_to(p))),
        None => lines.into_iter().next(),
    }
    .copied()
}

/// Where the tooltip goes, relative to the viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub left: f64,
    pub top: f64,
    /// True when it sits above the term (there was no room below).
    pub above: bool,
}

/// Space kept between the tooltip and the viewport's edges, and the term.
pub const EDGE: f64 = 8.0;
pub const GAP: f64 = 6.0;

/// Places a tooltip of size `tip` (width, height) next to `anchor` inside a
/// viewport of `viewport` (width, height): below the term when it fits,
/// else above when that fits, else on the side with more room, moved just
/// enough to stay inside the viewport (then it covers part of the term:
/// the reader still sees all of the tooltip); centred on the term and
/// shifted sideways to stay `EDGE` inside the viewport. A tip wider or
/// taller than the viewport starts at its left or top edge.
pub fn place(anchor: Rect, tip: (f64, f64), viewport: (f64, f64)) -> Placement {
    let (tip_w, tip_h) = tip;
    let (view_w, view_h) = viewport;
    let room_below = view_h - anchor.bottom() - GAP - EDGE;
    let room_above = anchor.top - GAP - EDGE;
    let above = tip_h > room_below && (tip_h <= room_above || room_above > room_below);
    let top = if above {
        anchor.top - GAP - tip_h
    } else {
        anchor.bottom() + GAP
    };
    let top = top.min(view_h - EDGE - tip_h).max(EDGE);
    let centred = anchor.left + anchor.width / 2.0 - tip_w / 2.0;
    let left = centred
        .min(view_w - EDGE - tip_w)
        .max(EDGE.min(view_w - tip_w).max(0.0));
    Placement { left, top, above }
}

// proptest is a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(inputs: &[Input]) -> TipMachine {
        let mut m = TipMachine::default();
        for &i in inputs {
            m.step(i);
        }
        m
    }

    use Input::*;

    #[test]
    fn hover_opens_only_after_intent() {
        let mut m = TipMachine::default();
        assert_eq!(m.step(MouseEnter(1)), Timer::Start(HOVER_INTENT));
        assert_eq!(m.open(), None);
        m.step(TimerDone);
        assert_eq!(m.open(), Some(1));
        assert_eq!(m.cause(), Some(Cause::Hover));
    }

    #[test]
    fn crossing_a_term_opens_nothing() {
        let m = run(&[MouseEnter(1), MouseLeave(1), TimerDone]);
        assert_eq!(m.open(), None);
    }

    #[test]
    fn hoverable_the_pointer_travels_onto_the_tooltip() {
        let mut m = run(&[MouseEnter(1), TimerDone]);
        assert_eq!(m.step(MouseLeave(1)), Timer::Start(CLOSE_GRACE));
        assert_eq!(m.step(MouseEnterTip), Timer::Cancel);
        assert_eq!(m.open(), Some(1));
        // Stays while the pointer is on it, however long.
        m.step(TimerDone);
        assert_eq!(m.open(), Some(1));
        assert_eq!(m.step(MouseLeaveTip), Timer::Start(CLOSE_GRACE));
        m.step(TimerDone);
        assert_eq!(m.open(), None);
    }

    #[test]
    fn back_on_the_term_within_grace_keeps_it() {
        let m = run(&[
            MouseEnter(1),
            TimerDone,
            MouseLeave(1),
            MouseEnter(1),
            TimerDone,
        ]);
        assert_eq!(m.open(), Some(1));
    }

    #[test]
    fn moving_to_another_term_switches_after_intent() {
        let mut m = run(&[MouseEnter(1), TimerDone, MouseLeave(1), MouseEnter(2)]);
        assert_eq!(m.open(), Some(1), "the first stays until the second opens");
        m.step(TimerDone);
        assert_eq!(m.open(), Some(2));
    }

    #[test]
    fn dismissible_escape_closes_whatever_opened_it() {
        for opened in [&[MouseEnter(1), TimerDone][..], &[Focus(1)], &[Tap(1)]] {
            let mut m = run(opened);
            assert_eq!(m.open(), Some(1));
            m.step(Escape);
            assert_eq!(m.open(), None);
            m.step(TimerDone);
            assert_eq!(m.open(), None, "nothing reopens it");
        }
    }

    #[test]
    fn escape_during_intent_opens_nothing() {
        let m = run(&[MouseEnter(1), Escape, TimerDone]);
        assert_eq!(m.open(), None);
    }

    #[test]
    fn persistent_focus_keeps_it_until_blur() {
        let mut m = run(&[Focus(3)]);
        assert_eq!(m.open(), Some(3));
        m.step(MouseEnter(4));
        m.step(MouseLeave(4));
        m.step(TimerDone);
        assert_eq!(m.open(), Some(3), "the mouse passing by does not close it");
        m.step(Blur(3));
        assert_eq!(m.open(), None);
    }

    #[test]
    fn tab_moves_from_term_to_term() {
        let m = run(&[Focus(1), Blur(1), Focus(2)]);
        assert_eq!(m.open(), Some(2));
    }

    #[test]
    fn a_press_on_the_tooltip_link_does_not_close_it_first() {
        let m = run(&[Focus(1), MouseEnterTip, Blur(1)]);
        assert_eq!(m.open(), Some(1));
        assert_eq!(m.cause(), Some(Cause::Hover));
    }

    #[test]
    fn taps_toggle_switch_and_close_outside() {
        let mut m = run(&[Tap(1)]);
        assert_eq!(m.open(), Some(1));
        m.step(Tap(2));
        assert_eq!(m.open(), Some(2), "a tap on another term switches");
        m.step(Tap(2));
        assert_eq!(m.open(), None, "a tap on the same term closes");
        m.step(Tap(1));
        m.step(PressOutside);
        assert_eq!(m.open(), None);
    }

    #[test]
    fn reset_forgets_everything() {
        let mut m = run(&[MouseEnter(1), TimerDone]);
        assert_eq!(m.step(Reset), Timer::Cancel);
        assert_eq!(m.open(), None);
        m.step(TimerDone);
        assert_eq!(m.open(), None);
    }

    fn input() -> impl Strategy<Value = Input> {
        let id = 0u32..3;
        prop_oneof![
            id.clone().prop_map(MouseEnter),
            id.clone().prop_map(MouseLeave),
            Just(MouseEnterTip),
            Just(MouseLeaveTip),
            id.clone().prop_map(Focus),
            id.clone().prop_map(Blur),
            id.prop_map(Tap),
            Just(PressOutside),
            Just(Escape),
            Just(TimerDone),
        ]
    }

    proptest! {
        #[test]
        fn escape_always_leaves_nothing_open(inputs in prop::collection::vec(input(), 0..40)) {
            let mut m = run(&inputs);
            m.step(Escape);
            prop_assert_eq!(m.open(), None);
            m.step(TimerDone);
            prop_assert_eq!(m.open(), None);
        }

        #[test]
        fn a_hover_tooltip_never_closes_under_the_pointer(
            before in prop::collection::vec(input(), 0..40),
            // What can still happen with the pointer resting on the tooltip:
            // timers, focus leaving terms, late leave events.
            after in prop::collection::vec(
                prop_oneof![
                    Just(TimerDone),
                    (0u32..3).prop_map(Blur),
                    (0u32..3).prop_map(MouseLeave),
                ],
                0..20,
            ),
        ) {
            let mut m = run(&before);
            if m.cause() == Some(Cause::Hover) {
                let open = m.open();
                m.step(MouseEnterTip);
                for input in after {
                    m.step(input);
                    prop_assert_eq!(m.open(), open);
                }
            }
        }

        #[test]
        fn placement_stays_inside_the_viewport(
            left in -50.0f64..1400.0, top in -50.0f64..900.0,
            w in 1.0f64..300.0, h in 1.0f64..60.0,
            tip_w in 50.0f64..400.0, tip_h in 20.0f64..300.0,
            view_w in 320.0f64..1400.0, view_h in 400.0f64..900.0,
        ) {
            let anchor = Rect { left, top, width: w, height: h };
            let p = place(anchor, (tip_w, tip_h), (view_w, view_h));
            if tip_w + 2.0 * EDGE <= view_w {
                prop_assert!(p.left >= EDGE - 1e-9, "left {}", p.left);
                prop_assert!(p.left + tip_w <= view_w - EDGE + 1e-9, "right {}", p.left + tip_w);
            } else {
                prop_assert!(p.left >= 0.0);
            }
            // Inside the viewport, top to bottom, whenever it can be.
            if tip_h + 2.0 * EDGE <= view_h {
                prop_assert!(p.top >= EDGE - 1e-9, "top {}", p.top);
                prop_assert!(p.top + tip_h <= view_h - EDGE + 1e-9, "bottom {}", p.top + tip_h);
            }
            // Never over the term itself when either side has room.
            let fits_below = tip_h <= view_h - anchor.bottom() - GAP - EDGE;
            let fits_above = tip_h <= anchor.top - GAP - EDGE;
            if fits_below || fits_above {
                if p.above {
                    prop_assert!(p.top + tip_h <= anchor.top + 1e-9);
                } else {
                    prop_assert!(p.top >= anchor.bottom() - 1e-9);
                }
            }
        }
    }

    #[test]
    fn flips_above_near_the_bottom_and_shifts_at_the_edges() {
        let view = (320.0, 600.0);
        let near_bottom = Rect {
            left: 10.0,
            top: 570.0,
            width: 40.0,
            height: 20.0,
        };
        let p = place(near_bottom, (280.0, 150.0), view);
        assert!(p.above);
        assert_eq!(p.top, 570.0 - GAP - 150.0);
        assert_eq!(p.left, EDGE, "shifted right to the left edge");
        let right_edge = Rect {
            left: 290.0,
            top: 100.0,
            width: 25.0,
            height: 20.0,
        };
        let p = place(right_edge, (280.0, 150.0), view);
        assert!(!p.above);
        assert_eq!(p.left, 320.0 - EDGE - 280.0);
        assert_eq!(p.top, 120.0 + GAP);
    }

    #[test]
    fn with_no_room_on_either_side_it_stays_inside_the_viewport() {
        // A 320 × 640 phone, a term in the middle, a tooltip taller than
        // the room above (296) and below (297) it.
        let term = Rect {
            left: 100.0,
            top: 310.0,
            width: 40.0,
            height: 19.0,
        };
        let p = place(term, (304.0, 317.0), (320.0, 640.0));
        assert!(!p.above, "the side with more room");
        assert_eq!(p.top, 640.0 - EDGE - 317.0);
    }

    #[test]
    fn a_wrapped_term_anchors_on_the_line_under_the_pointer() {
        let first = Rect {
            left: 250.0,
            top: 100.0,
            width: 60.0,
            height: 20.0,
        };
        let second = Rect {
            left: 10.0,
            top: 124.0,
            width: 40.0,
            height: 20.0,
        };
        let lines = [first, second];
        assert_eq!(anchor_line(&lines, Some((20.0, 130.0))), Some(second));
        assert_eq!(anchor_line(&lines, Some((300.0, 110.0))), Some(first));
        assert_eq!(anchor_line(&lines, None), Some(first));
        assert_eq!(anchor_line(&[], None), None);
    }
}
