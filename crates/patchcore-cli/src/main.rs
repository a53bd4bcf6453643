//! The `patchcore` command (work in progress).

fn main() {}
