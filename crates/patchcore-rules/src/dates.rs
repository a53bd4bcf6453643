//! Patch dates and the date tests of approval rules (evaluation.md section 3, observed.md D1–D3).

use chrono::{DateTime, Duration, NaiveDate, Utc};

/// How notice date text is read (observed.md D3; decision R3 in [`crate::decisions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateSyntax {
    /// yum: `YYYY-MM-DD[ HH[:MM[:SS]]]`, trailing text ignored.
    Yum,
    /// dnf and zypper: the yum rules, plus epoch seconds.
    YumOrEpochSeconds,
}

/// Reads a notice date as UTC; `None` when it does not parse (such a patch counts as
/// 1970-01-01, decision R4).
pub(crate) fn parse_notice_date(text: &str, syntax: DateSyntax) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if syntax == DateSyntax::YumOrEpochSeconds
        && !text.is_empty()
        && text.len() <= 12
        && text.bytes().all(|b| b.is_ascii_digit())
    {
        return text
            .parse::<i64>()
            .ok()
            .and_then(|s| DateTime::from_timestamp(s, 0));
    }
    let day = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    // After the date: optional " HH", ":MM", ":SS"; anything else ends the parse.
    let mut fields = [0_u32; 3];
    let mut rest = text.get(10..).unwrap_or_default().as_bytes();
    for (index, field) in fields.iter_mut().enumerate() {
        let separator = if index == 0 { b' ' } else { b':' };
        let Some((&[sep, a, b], tail)) = rest.split_first_chunk::<3>() else {
            break;
        };
        if sep != separator || !a.is_ascii_digit() || !b.is_ascii_digit() {
            break;
        }
        *field = u32::from(a - b'0') * 10 + u32::from(b - b'0');
        rest = tail;
    }
    let [h, m, s] = fields;
    day.and_hms_opt(h, m, s).map(|t| t.and_utc())
}

/// The date a patch without a date counts as: 1970-01-01T00:00:00Z (evaluation.md 3.4).
pub(crate) fn or_epoch(date: Option<DateTime<Utc>>) -> DateTime<Utc> {
    date.unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

/// `ApproveAfterDays`: the instant after which the patch is approved, `T_patch + days × 24 h`
/// (evaluation.md 3.2). The test is strict: approved ⇔ `now > boundary`.
pub(crate) fn after_days_boundary(patch: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    patch
        .checked_add_signed(Duration::days(i64::from(days)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// `ApproveUntilDate`: the cut-off, midnight UTC at the start of the next day (observed.md D1).
/// Approved ⇔ `T_patch < cut-off`.
pub(crate) fn until_date_cutoff(date: NaiveDate) -> DateTime<Utc> {
    date.succ_opt()
        .and_then(|next| next.and_hms_opt(0, 0, 0))
        .map_or(DateTime::<Utc>::MAX_UTC, |t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn yum_dates_accept_hours_minutes_seconds_and_ignore_trailing_text() {
        let y = DateSyntax::Yum;
        assert_eq!(
            parse_notice_date("2024-06-14", y),
            Some(at("2024-06-14T00:00:00Z"))
        );
        assert_eq!(
            parse_notice_date("2024-06-14 12", y),
            Some(at("2024-06-14T12:00:00Z"))
        );
        assert_eq!(
            parse_notice_date("2023-02-22 23:22", y),
            Some(at("2023-02-22T23:22:00Z"))
        );
        assert_eq!(
            parse_notice_date("2024-06-14 12:00:00 UTC", y),
            Some(at("2024-06-14T12:00:00Z"))
        );
    }

    #[test]
    fn iso_t_form_reads_as_midnight_because_only_the_date_parses() {
        assert_eq!(
            parse_notice_date("2024-06-14T13:00:00Z", DateSyntax::Yum),
            Some(at("2024-06-14T00:00:00Z"))
        );
    }

    #[test]
    fn epoch_seconds_only_on_dnf_and_zypper() {
        assert_eq!(parse_notice_date("1700000000", DateSyntax::Yum), None);
        assert_eq!(
            parse_notice_date("1700000000", DateSyntax::YumOrEpochSeconds),
            DateTime::from_timestamp(1_700_000_000, 0)
        );
    }

    #[test]
    fn garbage_dates_do_not_parse() {
        for text in [
            "",
            "yesterday",
            "2024-13-01",
            "2024-06-1",
            "९९९९-01-01",
            "2024-06-14 25:00",
        ] {
            assert_eq!(
                parse_notice_date(text, DateSyntax::YumOrEpochSeconds),
                None,
                "{text}"
            );
        }
    }

    proptest::proptest! {
        /// Any text, any syntax: a date or `None`, never a panic.
        #[test]
        fn arbitrary_date_text_never_panics(text in "\\PC{0,40}", digits in "[0-9 :-]{0,25}") {
            for syntax in [DateSyntax::Yum, DateSyntax::YumOrEpochSeconds] {
                let _ = parse_notice_date(&text, syntax);
                let _ = parse_notice_date(&digits, syntax);
            }
        }
    }

    #[test]
    fn until_date_includes_the_whole_day() {
        let cutoff = until_date_cutoff(NaiveDate::from_ymd_opt(2025, 11, 16).unwrap());
        assert_eq!(cutoff, at("2025-11-17T00:00:00Z"));
    }

    #[test]
    fn after_days_boundary_is_on_full_timestamps() {
        assert_eq!(
            after_days_boundary(at("2025-11-09T18:00:00Z"), 7),
            at("2025-11-16T18:00:00Z")
        );
    }
}
