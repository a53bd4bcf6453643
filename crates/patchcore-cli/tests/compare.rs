//! `patchcore compare`, run as a real process: output forms, exit codes, and batch mode's
//! one-line-per-input-line contract on awkward input.

// Helpers below unwrap like the tests do: clippy counts only `#[test]` fns and `cfg(test)` items
// as test code, so the whole file is marked.
#![cfg(test)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn patchcore(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_patchcore"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn patchcore");
    // Feed stdin from a thread: the child's output may fill the pipe before it has read all.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let feeder = std::thread::spawn(move || pipe.write_all(&input));
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    out
}

fn compare(scheme: &str, a: &str, b: &str) -> Output {
    patchcore(&["compare", "--scheme", scheme, "--", a, b], b"")
}

fn batch(scheme: &str, input: &[u8]) -> (String, i32) {
    let out = patchcore(&["compare", "--scheme", scheme, "--batch"], input);
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

fn stdout(out: &Output) -> &str {
    std::str::from_utf8(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> &str {
    std::str::from_utf8(&out.stderr).unwrap()
}

#[test]
fn less_prints_both_versions_with_a_less_than_sign() {
    // rpm: `~` sorts before the end of the string (spec versions.md, RPM).
    let out = compare("rpm", "1:1.0~rc1-1", "1:1.0-1");
    assert_eq!(stdout(&out), "1:1.0~rc1-1 < 1:1.0-1\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn equal_prints_double_equals_with_the_original_texts() {
    // dpkg: `1.0` and `1.00` are equal, and the output keeps what the user typed.
    let out = compare("deb", "1.0", "1.00");
    assert_eq!(stdout(&out), "1.0 == 1.00\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn greater_prints_a_greater_than_sign() {
    let out = compare("dotted", "14.10", "14.9.9");
    assert_eq!(stdout(&out), "14.10 > 14.9.9\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn every_scheme_name_is_accepted() {
    let cases = [
        ("rpm", "1.0-1", "1.0-2", "<"),
        ("rpm-vercmp", "1.0^git1", "1.0.1", "<"),
        ("deb", "1:0.9", "2.0", ">"),
        ("kb", "KB5031361", "5031361", "=="),
        ("windows-build", "10.0.17763.5122", "17763.5122", "=="),
        ("dotted", "14.2", "14.2.0", "=="),
        ("semver", "1.0.0-alpha", "1.0.0", "<"),
    ];
    for (scheme, a, b, symbol) in cases {
        let out = compare(scheme, a, b);
        assert_eq!(
            stdout(&out),
            format!("{a} {symbol} {b}\n"),
            "scheme {scheme}"
        );
        assert_eq!(out.status.code(), Some(0), "scheme {scheme}");
    }
}

#[test]
fn an_invalid_version_is_one_line_on_stderr_naming_it_and_exit_2() {
    let out = compare("deb", "1.0", "a:1.0");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("a:1.0"), "{err}");
}

#[test]
fn an_invalid_version_with_a_line_break_is_still_one_line() {
    let out = compare("kb", "KB1\nKB2", "KB1");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("KB1\\nKB2"), "{err}");
}

#[test]
fn an_invalid_dotted_component_is_an_error() {
    let out = compare("dotted", "1..2", "1.2");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1..2"));
}

#[test]
fn a_huge_invalid_version_gives_a_short_message() {
    // Just under Linux's 128 KiB limit on one argument.
    let huge = "x".repeat(100_000);
    let out = compare("kb", &huge, "KB1");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stderr.len() < 1_000,
        "{} bytes of stderr",
        out.stderr.len()
    );
}

#[test]
fn an_unknown_scheme_is_a_usage_error_listing_the_schemes() {
    let out = compare("zip", "1", "2");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("zip") && err.contains("rpm-vercmp"), "{err}");
}

#[test]
fn a_missing_version_is_a_usage_error() {
    let out = patchcore(&["compare", "--scheme", "deb", "1.0"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn versions_and_batch_together_are_a_usage_error() {
    let out = patchcore(&["compare", "--scheme", "deb", "--batch", "1", "2"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_subcommand_is_a_usage_error() {
    assert_eq!(patchcore(&[], b"").status.code(), Some(2));
}

#[cfg(unix)]
#[test]
fn a_non_utf8_argument_is_an_invalid_version() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let out = Command::new(env!("CARGO_BIN_EXE_patchcore"))
        .args(["compare", "--scheme", "rpm-vercmp", "--"])
        .arg(OsStr::from_bytes(b"1.\xff"))
        .arg("1.0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("not UTF-8") && err.lines().count() == 1,
        "{err}"
    );
}

/// Runs patchcore with stdout on `/dev/full`, where every write fails with "no space left".
#[cfg(target_os = "linux")]
fn patchcore_to_full_disk(args: &[&str], stdin: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_patchcore"))
        .args(args)
        .stdin(stdin)
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_failing_stdout_is_exit_1_with_a_message_not_a_panic() {
    let out = patchcore_to_full_disk(&["compare", "--scheme", "deb", "1", "2"], Stdio::null());
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("patchcore compare: ") && !err.contains("panicked"),
        "{err}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_failing_stdout_in_batch_mode_is_exit_1_with_a_message_not_a_panic() {
    let input = std::env::temp_dir().join(format!("patchcore-cli-{}.tsv", std::process::id()));
    std::fs::write(&input, "1\t2\n").unwrap();
    let stdin = Stdio::from(std::fs::File::open(&input).unwrap());
    let out = patchcore_to_full_disk(&["compare", "--scheme", "deb", "--batch"], stdin);
    std::fs::remove_file(&input).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("i/o error") && !err.contains("panicked"),
        "{err}"
    );
}

#[test]
fn batch_writes_minus_one_zero_one() {
    assert_eq!(
        batch("deb", b"1.0\t2.0\n1.0\t1.0\n2.0\t1.0\n"),
        ("-1\n0\n1\n".into(), 0)
    );
}

#[test]
fn batch_marks_an_invalid_side_with_e_and_goes_on() {
    let input = b"1.0\t2.0\na:1\t1.0\n1.0\t1.0-\n3.0\t2.0\n";
    assert_eq!(batch("deb", input), ("-1\nE\nE\n1\n".into(), 0));
}

#[test]
fn batch_marks_an_empty_line_with_e() {
    assert_eq!(batch("deb", b"\n1.0\t1.0\n\n"), ("E\n0\nE\n".into(), 0));
}

#[test]
fn batch_marks_a_line_without_a_tab_with_e() {
    assert_eq!(
        batch("rpm", b"1.0 2.0\n1.0-1\t1.0-1\n"),
        ("E\n0\n".into(), 0)
    );
}

#[test]
fn batch_marks_a_non_utf8_line_with_e() {
    assert_eq!(
        batch("rpm-vercmp", b"1.\xff\t1.0\n1.0\t1.\xfe\n1.0\t1.0\n"),
        ("E\nE\n0\n".into(), 0)
    );
}

#[test]
fn batch_counts_a_last_line_without_newline() {
    assert_eq!(batch("kb", b"KB1\tKB2\nKB3\tkb3"), ("-1\n0\n".into(), 0));
}

#[test]
fn batch_strips_one_carriage_return_of_crlf_lines() {
    assert_eq!(
        batch("deb", b"1.0\t2.0\r\n2.0\t2.0\r\n"),
        ("-1\n0\n".into(), 0)
    );
}

#[test]
fn batch_strips_only_one_carriage_return() {
    // `KB2\r` is not a KB id: only the one `\r` of the line ending is stripped.
    assert_eq!(batch("kb", b"KB1\tKB2\r\r\n"), ("E\n".into(), 0));
}

#[test]
fn batch_on_empty_input_writes_nothing() {
    assert_eq!(batch("deb", b""), (String::new(), 0));
}

#[test]
fn batch_streams_many_lines_in_order() {
    let mut input = Vec::new();
    let mut expected = String::new();
    for i in 0..20_000u32 {
        input.extend_from_slice(format!("{i}.0\t{}.0\n", 10_000).as_bytes());
        expected.push_str(match i.cmp(&10_000) {
            std::cmp::Ordering::Less => "-1\n",
            std::cmp::Ordering::Equal => "0\n",
            std::cmp::Ordering::Greater => "1\n",
        });
    }
    assert_eq!(batch("dotted", &input), (expected, 0));
}

#[test]
fn help_documents_the_batch_format_and_crlf() {
    let out = patchcore(&["compare", "--help"], b"");
    let help = stdout(&out);
    assert!(help.contains("A<TAB>B") && help.contains("\\r"), "{help}");
    assert_eq!(out.status.code(), Some(0));
}
