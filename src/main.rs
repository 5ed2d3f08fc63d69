//! Mounts the reader; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(weekly::App);
    // The page's static shell (a pre-rendered page, or the loading shell)
    // goes in the same task as the app's first render: no frame shows
    // both or neither, so nothing flashes or shifts.
    weekly::platform::remove_shell();
}
