//! How the reader starts in the browser: the route's code on demand is
//! fetched at once, and the app either replaces the loading shell or takes
//! a pre-rendered page over in small steps (`state::takeover`), each task
//! yielding to the browser, then swaps its copy in.

use crate::platform;
use crate::state::Takeover;
use leptos::prelude::*;

/// How long one step of a takeover builds before it yields to the browser.
/// A phone is about four times slower than the machines this was measured
/// on, so a task must stay well under 12 ms here to stay under 50 ms there;
/// a part often takes longer than predicted on its first run (the browser
/// compiles each wasm function on its first call), so a step starts no new
/// part after 3 ms (8 ms measured worse: BENCHMARKS.md, "Pre-rendered pages
/// taken over in steps").
const STEP_MS: f64 = 3.0;

/// How long the loading shell waits for the page's code before the app
/// shows its own loading line (and, should the code not come, its error).
const CODE_WAIT_MS: i32 = 3000;

/// Starts the reader: called by `main.rs`, which does nothing else.
pub fn run() {
    // Nothing more in the task that compiled and started the wasm: the
    // start below, and each of its steps, is a task of its own.
    wasm_bindgen_futures::spawn_local(async {
        platform::next_task().await;
        start();
    });
}

fn start() {
    // The code of this page, if it arrives on demand, is fetched now, while
    // the page paints and the app starts (`pages::on_demand`), before the
    // takeover needs it.
    let here = platform::location_path();
    let code = crate::route::Route::from_href(&platform::base_path(), &here)
        .and_then(|route| crate::pages::on_demand::code_for(&route));
    if let Some(code) = code {
        // Not through Leptos' executor: the app has not started it yet.
        wasm_bindgen_futures::spawn_local(async move {
            // In a task of its own: its first run compiles the loader's code.
            platform::next_task().await;
            let _ = code.load().await;
        });
    }
    // The page's own paint is presented (and measured: its largest content
    // is the page's) before the app takes over, in a task of its own.
    platform::after_page_paint(move || {
        // Before the router reads the address: a stray `%` becomes `%25`.
        platform::repair_location();
        platform::repair_links_on_click();
        if !platform::has_prerendered_page() {
            // The loading shell: the app shows as soon as it is built (and
            // the page's code is here, or has been on its way for a few
            // seconds: then the page shows its own loading line, its error
            // and Retry), and the shell goes in the same task, so nothing
            // flashes or shifts.
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(code) = code {
                    let loaded = Box::pin(async move {
                        let _ = code.load().await;
                    });
                    futures::future::select(loaded, Box::pin(platform::sleep(CODE_WAIT_MS))).await;
                }
                leptos::mount::mount_to_body(|| view! { <crate::App/> });
                platform::remove_shell();
            });
            return;
        }
        // A pre-rendered page stays on screen while the app builds its copy
        // out of sight: the providers, then the frame and the page's
        // outline, then its parts, a few per task; then the copy replaces
        // the page in one task. Each task yields to the browser.
        let takeover = Takeover::begin();
        platform::begin_takeover();
        wasm_bindgen_futures::spawn_local(async move {
            platform::next_task().await;
            leptos::mount::mount_to_body(move || view! { <crate::App takeover/> });
            loop {
                platform::next_task().await;
                if takeover.waiting() == 0 {
                    if takeover.loading() == 0 {
                        // The copy is built (only then: should the app fail
                        // before, the page stays whole). The page's far
                        // blocks are thinned out before the swap, a few per
                        // task.
                        if thin_out() {
                            continue;
                        }
                        break;
                    }
                    // A file the page did not carry is on its way.
                    platform::sleep(16).await;
                    continue;
                }
                let start = platform::now_ms();
                // Parts differ in cost (the frame, an item): the last one's
                // cost predicts the next, so a heavy part gets a task of its
                // own and light ones share one.
                let mut last = 0.0;
                while platform::now_ms() - start + last < STEP_MS && takeover.step() {
                    let began = platform::now_ms();
                    // The part builds when the reactive system runs.
                    leptos::task::tick().await;
                    last = platform::now_ms() - began;
                }
            }
            // Where the page's blocks stand, a task before the swap; then
            // the copy goes on screen, with what waited for that, in one.
            let below = platform::blocks_below_window();
            platform::next_task().await;
            takeover.finish();
            platform::swap_in_app(below);
            // The blocks the swap did not lay out, one per task.
            loop {
                platform::next_task().await;
                if !platform::lay_out_next_offscreen() {
                    break;
                }
            }
        });
    });
}

/// Thins out the pre-rendered page (`platform::thin_out_static_page`) for
/// one step's time: whether any block was thinned.
fn thin_out() -> bool {
    let start = platform::now_ms();
    let mut any = false;
    while platform::now_ms() - start < STEP_MS {
        if !platform::thin_out_static_page() {
            break;
        }
        any = true;
    }
    any
}
