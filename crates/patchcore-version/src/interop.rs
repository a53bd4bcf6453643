//! Conversions between [`EvrBuf`] and the `rpm-version` crate's `Evr` (feature `rpm-version`).
//!
//! `rpm-version` keeps epoch, version and release as three strings, the empty string meaning
//! "absent", and splits EVR text differently from librpm (at the first `-`). Converting our
//! value out keeps the parts as librpm split them; converting in rebuilds the text
//! `[epoch:]version[-release]` and refuses parts that librpm would split differently.

use crate::rpm::{Evr, EvrBuf};
use crate::{Error, ErrorKind, Scheme};

impl From<&EvrBuf> for rpm_version::Evr<'static> {
    /// The parts as librpm splits them; an empty epoch (`:1`) becomes `"0"`, an absent epoch
    /// or release the empty string (so `1.0` and `1.0-` both have release `""` there).
    fn from(evr: &EvrBuf) -> Self {
        let evr = evr.as_evr();
        rpm_version::Evr::new(
            evr.epoch().unwrap_or_default().to_owned(),
            evr.version().to_owned(),
            evr.release().unwrap_or_default().to_owned(),
        )
    }
}

impl TryFrom<&rpm_version::Evr<'_>> for EvrBuf {
    type Error = Error;

    /// Builds `[epoch:]version[-release]` (no epoch or release when empty).
    ///
    /// # Errors
    /// [`ErrorKind::Empty`] when every part is empty; [`ErrorKind::NotRepresentable`] when
    /// librpm would read the text back as other parts (an epoch that is not digits, a `-`
    /// in the release, or a version that reads as an epoch).
    fn try_from(evr: &rpm_version::Evr<'_>) -> Result<Self, Error> {
        let (epoch, version, release) = evr.values();
        let mut text = String::with_capacity(epoch.len() + version.len() + release.len() + 2);
        if !epoch.is_empty() {
            text.push_str(epoch);
            text.push(':');
        }
        text.push_str(version);
        if !release.is_empty() {
            text.push('-');
            text.push_str(release);
        }
        let parsed = Evr::parse(&text)?;
        let same = parsed.epoch().unwrap_or_default() == epoch
            && parsed.version() == version
            && parsed.release().unwrap_or_default() == release;
        if !same {
            return Err(Error::new(Scheme::Rpm, &text, ErrorKind::NotRepresentable));
        }
        Ok(parsed.to_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_the_parts() {
        let ours: EvrBuf = "1:2.0-3.el9".parse().unwrap();
        let theirs = rpm_version::Evr::from(&ours);
        assert_eq!(theirs.values(), ("1", "2.0", "3.el9"));
        assert_eq!(EvrBuf::try_from(&theirs).unwrap(), ours);
    }

    #[test]
    fn parts_librpm_would_split_differently_are_refused() {
        for (e, v, r) in [("x", "1.0", "1"), ("", "1.0", "2-3"), ("", "1:0", "1")] {
            let theirs = rpm_version::Evr::new(e, v, r);
            let err = EvrBuf::try_from(&theirs).unwrap_err();
            assert_eq!(
                err.kind(),
                &ErrorKind::NotRepresentable,
                "{e:?} {v:?} {r:?}"
            );
        }
    }
}
