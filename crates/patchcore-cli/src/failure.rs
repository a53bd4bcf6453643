//! The one way every subcommand reports an error: one line on stderr, `patchcore SUBCOMMAND:
//! what went wrong`, and exit status 2.

use std::fmt;
use std::process::ExitCode;

/// An error a subcommand cannot go on after: its message names what failed and which file.
#[derive(Debug)]
pub(crate) struct Failure(String);

impl Failure {
    /// A failure with `message` (lower case, naming the value and the file).
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The same failure, said to concern `what` (a file, a node directory).
    pub(crate) fn context(self, what: impl fmt::Display) -> Self {
        Self(format!("{what}: {}", self.0))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Always one line, however the underlying error was worded.
        let mut first = true;
        for line in self.0.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if !first {
                f.write_str("; ")?;
            }
            f.write_str(line)?;
            first = false;
        }
        Ok(())
    }
}

/// Converts any library error into a failure carrying its message (the libraries' messages
/// already name the value and the place).
macro_rules! failure_from {
    ($($error:ty),* $(,)?) => {
        $(impl From<$error> for Failure {
            fn from(error: $error) -> Self {
                Self(error.to_string())
            }
        })*
    };
}

failure_from!(
    patchcore::Error,
    patchcore::ingest::Error,
    patchcore::baseline::Error,
    patchcore::rules::Error,
    serde_json::Error,
);

/// Prints `patchcore COMMAND: message` as one line on stderr; returns exit status `code`.
pub(crate) fn report(command: &str, failure: &Failure, code: u8) -> ExitCode {
    crate::output::note(format_args!("patchcore {command}: {failure}"));
    ExitCode::from(code)
}

/// The exit status of a failed subcommand (2), after printing its one-line message.
pub(crate) fn exit(command: &str, failure: &Failure) -> ExitCode {
    report(command, failure, 2)
}

/// Runs a subcommand's `body` on its `args`, printing its failure (if any) the one shared way.
pub(crate) fn run<A>(
    command: &str,
    args: A,
    body: impl FnOnce(A) -> Result<ExitCode, Failure>,
) -> ExitCode {
    body(args).unwrap_or_else(|failure| exit(command, &failure))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_messages_print_as_one_line() {
        let failure = Failure::new("invalid baseline:\n  $.Name: missing\n  $.Rules: empty\n");
        assert_eq!(
            failure.to_string(),
            "invalid baseline:; $.Name: missing; $.Rules: empty"
        );
        assert_eq!(
            Failure::new("bad").context("node-a").to_string(),
            "node-a: bad"
        );
    }
}
