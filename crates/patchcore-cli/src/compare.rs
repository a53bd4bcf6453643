//! `patchcore compare`: one pair from the arguments, or a stream of pairs from standard input.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use patchcore::version::{self, Scheme};

/// What `--batch` reads and writes; shown by `patchcore compare --help`.
const BATCH_HELP: &str = "\
Batch mode (--batch) reads lines `A<TAB>B` from standard input and writes exactly one line per
input line, in order: `-1` (A < B), `0` (A == B), `1` (A > B), or `E` when the line is not one
valid pair: either side is not a valid version of the scheme, the line has no tab or more than
one, or it is not UTF-8. It never stops early. One trailing `\\r` is stripped from each line
(CRLF input), and a last line without a newline still counts.

Exit status: 0 on success (in batch mode: whatever the verdicts), 2 on a usage error or an
invalid version given as an argument, 1 when reading or writing fails.

Versions that start with `-` go after `--`: patchcore compare --scheme rpm -- -1 1";

/// Compare two versions under a scheme, or many pairs read from standard input.
///
/// Prints `A < B`, `A == B` or `A > B` with the two versions as given.
#[derive(Debug, clap::Args)]
#[command(after_long_help = BATCH_HELP)]
pub(crate) struct Args {
    /// The version scheme.
    #[arg(long, value_parser = parse_scheme, long_help = scheme_help())]
    scheme: Scheme,
    /// Read `A<TAB>B` lines from standard input and write -1, 0, 1 or E per line.
    #[arg(long, conflicts_with_all = ["a", "b"])]
    batch: bool,
    /// The first version.
    #[arg(required_unless_present = "batch")]
    a: Option<OsString>,
    /// The second version.
    #[arg(required_unless_present = "batch")]
    b: Option<OsString>,
}

/// Runs `patchcore compare`.
pub(crate) fn run(args: Args) -> ExitCode {
    if args.batch {
        let stdin = io::stdin();
        let stdout = io::stdout();
        let input = BufReader::with_capacity(1 << 16, stdin.lock());
        let output = BufWriter::with_capacity(1 << 16, stdout.lock());
        return match run_batch(args.scheme, input, output) {
            Ok(()) => ExitCode::SUCCESS,
            // A closed reader (`| head`) is not a failure of ours.
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(err) => fail(1, &format!("i/o error in batch mode: {err}")),
        };
    }
    let (Some(a), Some(b)) = (args.a, args.b) else {
        // clap enforces both positionals unless --batch; this is only a defensive fallback.
        return fail(2, "two versions are required unless --batch is given");
    };
    match compare_args(args.scheme, &a, &b) {
        // `writeln!`, not `println!`, which panics when stdout is closed or full.
        Ok(line) => match writeln!(io::stdout(), "{line}") {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(err) => fail(1, &format!("cannot write the result: {err}")),
        },
        Err(message) => fail(2, &message),
    }
}

/// Reports `message` as one line on stderr and returns the exit code `code`.
fn fail(code: u8, message: &str) -> ExitCode {
    crate::failure::report(
        "compare",
        &crate::failure::Failure::new(one_line(message)),
        code,
    )
}

/// Compares two command-line arguments and renders `A < B`, or the error message.
fn compare_args(scheme: Scheme, a: &OsString, b: &OsString) -> Result<String, String> {
    let a = utf8_arg(scheme, a)?;
    let b = utf8_arg(scheme, b)?;
    let ordering = version::compare(scheme, a, b).map_err(|err| err.to_string())?;
    let symbol = match ordering {
        Ordering::Less => "<",
        Ordering::Equal => "==",
        Ordering::Greater => ">",
    };
    Ok(format!("{a} {symbol} {b}"))
}

/// Bytes that are not UTF-8 are invalid for every scheme.
fn utf8_arg(scheme: Scheme, arg: &OsString) -> Result<&str, String> {
    arg.to_str().ok_or_else(|| {
        let lossy = arg.to_string_lossy();
        format!(
            "invalid {scheme} version {:?}: not UTF-8",
            truncate(&lossy, 64)
        )
    })
}

/// The first `max` characters of `s`, with `…` when cut.
fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", s.get(..cut).unwrap_or(s)),
        None => s.to_owned(),
    }
}

/// The message with its control characters escaped (`\n` as `\\n`), so that an error about a
/// value holding a line break is still one line.
fn one_line(message: &str) -> String {
    let mut line = String::with_capacity(message.len());
    for c in message.chars() {
        if c.is_control() {
            line.extend(c.escape_default());
        } else {
            line.push(c);
        }
    }
    line
}

/// Streams `A<TAB>B` lines from `input` to one verdict line each on `output`.
///
/// One buffer is reused for every line, so the loop allocates only when a line is longer than
/// every line before it.
pub(crate) fn run_batch(
    scheme: Scheme,
    mut input: impl BufRead,
    mut output: impl Write,
) -> io::Result<()> {
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        output.write_all(verdict(scheme, &line))?;
    }
    output.flush()
}

/// The output line for one input line (with or without its line ending).
fn verdict(scheme: Scheme, line: &[u8]) -> &'static [u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut fields = line.split(|&byte| byte == b'\t');
    let (Some(a), Some(b), None) = (fields.next(), fields.next(), fields.next()) else {
        return b"E\n";
    };
    let (Ok(a), Ok(b)) = (std::str::from_utf8(a), std::str::from_utf8(b)) else {
        return b"E\n";
    };
    match version::compare(scheme, a, b) {
        Ok(Ordering::Less) => b"-1\n",
        Ok(Ordering::Equal) => b"0\n",
        Ok(Ordering::Greater) => b"1\n",
        Err(_) => b"E\n",
    }
}

/// clap value parser for `--scheme`, naming every valid scheme on failure.
fn parse_scheme(name: &str) -> Result<Scheme, String> {
    name.parse().map_err(|_| {
        format!(
            "unknown scheme {:?}; expected one of: {}",
            truncate(name, 64),
            scheme_names()
        )
    })
}

/// The names of every scheme, comma-separated.
fn scheme_names() -> String {
    Scheme::ALL
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The long help of `--scheme`: every scheme of `Scheme::ALL`, so that none is ever missing.
fn scheme_help() -> String {
    let mut help = String::from("The version scheme:");
    for scheme in Scheme::ALL {
        let what = match scheme {
            Scheme::Rpm => "RPM [epoch:]version[-release], as librpm 4.18 rpmverParse + rpmverCmp",
            Scheme::RpmVercmp => "one RPM version or release string, as librpm 4.18 rpmvercmp",
            Scheme::Deb => "Debian [epoch:]upstream[-revision], as dpkg 1.21",
            Scheme::Kb => "Windows KB ids: KB5031361, kb5031361 or 5031361",
            Scheme::WindowsBuild => "Windows OS builds: 10.0.17763.5122 or 17763.5122",
            Scheme::Dotted => "numeric dotted versions (macOS 14.2.1); a missing component is 0",
            Scheme::Semver => "semantic versions (semver.org)",
            _ => "",
        };
        help.push_str(&format!("\n  {:<14} {what}", scheme.to_string()));
    }
    help
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(scheme: Scheme, input: &[u8]) -> String {
        let mut output = Vec::new();
        run_batch(scheme, input, &mut output).unwrap();
        String::from_utf8(output).unwrap()
    }

    #[test]
    fn every_input_line_gets_exactly_one_output_line() {
        let out = batch(Scheme::Deb, b"1.0\t2.0\n\n\t\nno-tab\n2.0\t1.0\n1.0\t1.00");
        assert_eq!(out, "-1\nE\nE\nE\n1\n0\n");
    }

    #[test]
    fn a_line_with_two_tabs_is_not_a_pair() {
        assert_eq!(batch(Scheme::RpmVercmp, b"1\t2\t3\n"), "E\n");
    }

    #[test]
    fn one_trailing_carriage_return_is_stripped() {
        assert_eq!(batch(Scheme::Deb, b"1.0\t1.0\r\n1.0\t1.0\r"), "0\n0\n");
    }

    #[test]
    fn one_line_escapes_line_breaks_and_keeps_the_rest() {
        assert_eq!(one_line("bad \"a\nb\"\r: é"), "bad \"a\\nb\"\\r: é");
    }

    #[test]
    fn truncate_cuts_long_values_on_a_char_boundary() {
        assert_eq!(truncate("ééé", 2), "éé…");
        assert_eq!(truncate("ab", 2), "ab");
    }

    #[test]
    fn scheme_names_lists_every_scheme() {
        for scheme in Scheme::ALL {
            assert!(scheme_names().contains(&scheme.to_string()));
        }
    }
}
