//! Mounts the reader (`weekly::start`); nothing else.

fn main() {
    weekly::start::run();
}
