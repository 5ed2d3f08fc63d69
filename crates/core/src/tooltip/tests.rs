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
