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
mod tests;
