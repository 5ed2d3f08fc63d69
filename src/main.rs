//! Mounts the reader; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(weekly::App);
}
