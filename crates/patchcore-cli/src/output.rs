//! What every subcommand's output shares: the format flag, colour only on a terminal, and the
//! words for times and states.

use std::io::{self, IsTerminal, Write};

use chrono::Duration;
use patchcore::rules::PatchState;
use serde::Serialize;

use crate::failure::Failure;

/// Writes `text` to stdout. A closed reader (`| head`) is not a failure of ours, and unlike
/// `print!` this never panics.
pub(crate) fn emit(text: impl AsRef<str>) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    written(
        out.write_all(text.as_ref().as_bytes())
            .and_then(|()| out.flush()),
    )
}

/// The outcome of writing to stdout: a closed reader (`| head`) is not a failure of ours.
pub(crate) fn written<T>(result: io::Result<T>) -> Result<(), Failure> {
    match result {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Failure::new(format!("cannot write the output: {e}")))
        }
        _ => Ok(()),
    }
}

/// Writes `value` to stdout as pretty JSON and a newline.
pub(crate) fn emit_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    emit(serde_json::to_string_pretty(value)? + "\n")
}

/// Writes one line to stdout, for output that goes on whatever happens: a write error (a
/// closed reader, a full disk) is not reported and never panics.
pub(crate) fn line(text: impl std::fmt::Display) {
    let _ = writeln!(io::stdout(), "{text}");
}

/// Writes one line to stderr; nothing is left to report to when stderr itself fails.
pub(crate) fn note(line: impl std::fmt::Display) {
    let _ = writeln!(io::stderr(), "{line}");
}

/// `--format` of the subcommands that print a readable text or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// Readable text.
    Table,
    /// JSON.
    Json,
}

/// `--format` of `scan`: also the CSV compliance report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ReportFormat {
    /// A readable summary and the non-compliant patches.
    Table,
    /// The saved-snapshot JSON document.
    Json,
    /// The single-node CSV compliance report (summary part, blank line, detail part).
    Csv,
}

/// ANSI colours, used only when stdout is a terminal (and `NO_COLOR` is unset).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    enabled: bool,
}

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is not set.
    pub(crate) fn for_stdout() -> Self {
        Self {
            enabled: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Red bold: non-compliant.
    pub(crate) fn bad(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    /// Green: compliant.
    pub(crate) fn good(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Bold: headings.
    pub(crate) fn strong(self, text: &str) -> String {
        self.paint("1", text)
    }
}

/// `in 3 days`, `1 day`, `5 hours`: a duration as people say it.
pub(crate) fn day(duration: Duration) -> String {
    let days = duration.num_days();
    if days >= 1 {
        format!("in {days} day{}", if days == 1 { "" } else { "s" })
    } else {
        let hours = duration.num_hours().max(0);
        format!("in {hours} hour{}", if hours == 1 { "" } else { "s" })
    }
}

/// A state, or `not reported`.
pub(crate) fn state_name(state: Option<PatchState>) -> &'static str {
    state.map_or("not reported", PatchState::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_days_then_hours() {
        assert_eq!(day(Duration::days(3)), "in 3 days");
        assert_eq!(day(Duration::days(1)), "in 1 day");
        assert_eq!(day(Duration::hours(5)), "in 5 hours");
    }

    #[test]
    fn colour_is_off_unless_enabled() {
        let off = Style { enabled: false };
        assert_eq!(off.bad("x"), "x");
        let on = Style { enabled: true };
        assert_eq!(on.bad("x"), "\x1b[1;31mx\x1b[0m");
    }
}
