//! Helpers shared by the command's integration tests: run `patchcore`, find the fixtures.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run printed and its exit status.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `patchcore` with `args`, colour off.
pub(crate) fn patchcore<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    patchcore_with_path(args, None)
}

/// Runs `patchcore` with `args` and, when given, `PATH` set to `path` alone.
pub(crate) fn patchcore_with_path<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    path: Option<&Path>,
) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_patchcore"));
    command.args(args).env("NO_COLOR", "1");
    if let Some(path) = path {
        command.env("PATH", path);
    }
    let output = command.output().expect("spawn patchcore");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A fixture of `tests/fixtures`.
pub(crate) fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// A fresh scratch directory below cargo's test scratch space.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a fixture directory (recursively) to `to`.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The instant every fixture scan is evaluated at.
pub(crate) const NOW: &str = "2024-06-20T12:00:00Z";

/// The error contract: exit status 2 and exactly one line on stderr, nothing on stdout.
pub(crate) fn assert_one_line_error(run: &Run) {
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "{run:?}");
    assert!(run.stderr.starts_with("patchcore "), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

/// Asserts that `run` printed `text` on stdout (showing all it printed when not).
#[track_caller]
pub(crate) fn says(run: &Run, text: &str) {
    assert!(
        run.stdout.contains(text),
        "{text:?} not in:\n{}",
        run.stdout
    );
}

/// `patchcore COMMAND [ARG] --node-dir DIR --now NOW EXTRA…`.
pub(crate) fn on_node(command: &[&str], node_dir: &str, extra: &[&str]) -> Run {
    let mut args: Vec<&str> = command.to_vec();
    args.extend(["--node-dir", node_dir, "--now", NOW]);
    args.extend(extra);
    patchcore(&args)
}

/// The table row of `id` (`  ID  STATE  LEVEL  VERSION …`), if printed.
pub(crate) fn row<'r>(run: &'r Run, id: &str) -> Option<&'r str> {
    run.stdout
        .lines()
        .find(|line| line.split_whitespace().next() == Some(id))
}

/// Asserts that the table lists `id` in `state` naming `version`.
#[track_caller]
pub(crate) fn says_row(run: &Run, id: &str, state: &str, version: &str) {
    let line = row(run, id).unwrap_or_else(|| panic!("no row {id} in:\n{}", run.stdout));
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words.get(1), Some(&state), "{line}");
    assert!(words.contains(&version), "{version} not in {line}");
}
