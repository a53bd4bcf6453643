//! The facade's one error type: whichever crate failed, one value to propagate with `?`.

/// An error of any patchcore crate, so that code using several of them through the facade can
/// propagate every failure with `?`. The message is the underlying crate's one-line message.
///
/// ```
/// fn product() -> Result<String, patchcore::Error> {
///     let identity = patchcore::ingest::os_release::parse(b"ID=debian\nVERSION_ID=\"12\"\n")?;
///     Ok(identity.product)
/// }
/// assert_eq!(product().unwrap(), "Debian12");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A version that does not parse ([`crate::version`]).
    #[error(transparent)]
    Version(#[from] patchcore_version::Error),
    /// A baseline that cannot be read or compiled ([`crate::baseline`]).
    #[error(transparent)]
    Baseline(#[from] patchcore_baseline::Error),
    /// An evaluation that cannot run: the node's OS is not the baseline's ([`crate::rules`]).
    #[error(transparent)]
    Rules(#[from] patchcore_rules::Error),
    /// A file that cannot be read ([`crate::ingest`]).
    #[error(transparent)]
    Ingest(#[from] patchcore_ingest::Error),
    /// A compliance document that cannot be read ([`crate::compliance`]).
    #[error(transparent)]
    Compliance(#[from] patchcore_compliance::Error),
}
