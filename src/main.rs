//! Mounts the reader; everything else lives in the library.

fn main() {
    // The page's own paint is presented (and measured: its largest content
    // is the page's) before the app takes over, in a task of its own.
    weekly::platform::after_page_paint(|| {
        leptos::mount::mount_to_body(weekly::App);
        // The page's static shell (a pre-rendered page, or the loading
        // shell) goes in the same task as the app's first render: no frame
        // shows both or neither, so nothing flashes or shifts.
        weekly::platform::remove_shell();
    });
}
