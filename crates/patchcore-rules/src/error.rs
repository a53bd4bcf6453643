//! The error type of patchcore-rules.

use patchcore_baseline::OperatingSystem;

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The baseline is for another operating system than the node.
    #[error("baseline for {baseline} cannot evaluate node running {node}")]
    OperatingSystemMismatch {
        /// The baseline's OS.
        baseline: OperatingSystem,
        /// The node's OS.
        node: OperatingSystem,
    },
    /// The baseline's operating system is unknown, so its package family is.
    #[error("unknown operating system {0} in the baseline")]
    UnknownOperatingSystem(OperatingSystem),
    /// An installed package's version is of another scheme than the node's package manager.
    #[error("installed package {package} has version {version:?} of the wrong scheme for {os}")]
    VersionScheme {
        /// `name.arch` (truncated when huge).
        package: String,
        /// The version text (truncated when huge).
        version: String,
        /// The node's OS.
        os: OperatingSystem,
    },
}

/// An evaluation error: a [`ErrorKind`] (one lower-case line naming the offending value).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    kind: ErrorKind,
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self { kind }
    }
}

/// The first 64 characters of `text`, with `…` when cut (no 10 MB messages).
pub(crate) fn truncate(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_values_are_truncated_in_messages() {
        let huge = "x".repeat(10_000);
        let error: Error = ErrorKind::VersionScheme {
            package: truncate(&huge),
            version: "1".into(),
            os: OperatingSystem::Ubuntu,
        }
        .into();
        assert!(error.to_string().len() < 200);
        assert!(error.to_string().contains('…'));
    }
}
