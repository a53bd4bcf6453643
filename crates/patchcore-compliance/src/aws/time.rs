//! Timestamps as the AWS shapes carry them: ISO 8601 strings as aws-cli prints them, or epoch
//! seconds as the API sends them on the wire (compliance.md 3: `1546992000.0`).

use std::fmt;

use chrono::{DateTime, Datelike, SecondsFormat, TimeZone, Utc};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How the AWS shapes write timestamps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeFormat {
    /// ISO 8601 in UTC as aws-cli prints it: `2024-06-20T12:00:00+00:00`, with the fraction of
    /// a second only when there is one (the default).
    #[default]
    Iso8601,
    /// Seconds since the Unix epoch as a JSON number, as the API sends them: `1718884800.0`.
    /// Exact to the microsecond.
    EpochSeconds,
}

/// A point in time and the form it is written in.
///
/// Reading accepts an ISO 8601 / RFC 3339 string with any UTC offset (converted to UTC), or
/// epoch seconds as an integer or a float, in the years 0 to 9999, and remembers which form it
/// read, so that writing gives the same form back.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_compliance::aws::{TimeFormat, Timestamp};
///
/// let read: Timestamp = serde_json::from_str("\"2021-05-03T11:00:56-07:00\"").unwrap();
/// assert_eq!(read.time(), Utc.with_ymd_and_hms(2021, 5, 3, 18, 0, 56).unwrap());
/// assert_eq!(serde_json::to_string(&read).unwrap(), "\"2021-05-03T18:00:56+00:00\"");
///
/// let epoch = Timestamp::new(read.time(), TimeFormat::EpochSeconds);
/// assert_eq!(serde_json::to_string(&epoch).unwrap(), "1620064856.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    time: DateTime<Utc>,
    format: TimeFormat,
}

impl Timestamp {
    /// `time`, to be written in `format`.
    pub fn new(time: DateTime<Utc>, format: TimeFormat) -> Self {
        Self { time, format }
    }

    /// The Unix epoch: what the API reports as the `InstalledTime` of a patch that is not
    /// installed.
    pub fn epoch(format: TimeFormat) -> Self {
        Self::new(DateTime::UNIX_EPOCH, format)
    }

    /// The point in time.
    pub fn time(&self) -> DateTime<Utc> {
        self.time
    }

    /// The form it is written in.
    pub fn format(&self) -> TimeFormat {
        self.format
    }

    /// The time, or `None` for the epoch (the API's "no time").
    pub fn non_epoch(&self) -> Option<DateTime<Utc>> {
        (self.time != DateTime::UNIX_EPOCH).then_some(self.time)
    }
}

/// ISO 8601 as aws-cli prints it (`+00:00`, fraction only when present).
pub(crate) fn iso(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// Times are read only in the years 0 to 9999, which ISO 8601 writes with four digits (and
/// RFC 3339 reads back).
fn in_range(time: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (0..=9999).contains(&time.year()).then_some(time)
}

/// Reads an ISO 8601 time: RFC 3339 with any offset, or without one (taken as UTC).
pub(crate) fn parse_iso(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|time| time.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|naive| naive.and_utc())
        })
        .and_then(in_range)
}

/// Epoch seconds (possibly fractional) as a time; `None` when not finite or out of range.
fn from_epoch_f64(seconds: f64) -> Option<DateTime<Utc>> {
    if !seconds.is_finite() || seconds.abs() > 1e15 {
        return None;
    }
    let whole = seconds.floor();
    // In range by the check above; the fraction is in [0, 1). A float of today's epoch
    // seconds holds about 7 exact decimals: the fraction is kept to the microsecond, so that
    // a time written as epoch seconds reads back equal when it has no finer digits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (secs, micros) = (whole as i64, ((seconds - whole) * 1e6).round() as u32);
    let (secs, micros) = if micros >= 1_000_000 {
        (secs.checked_add(1)?, 0)
    } else {
        (secs, micros)
    };
    Utc.timestamp_opt(secs, micros * 1000)
        .single()
        .and_then(in_range)
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.format {
            TimeFormat::Iso8601 => serializer.serialize_str(&iso(self.time)),
            TimeFormat::EpochSeconds => {
                // Exact to the microsecond for dates until about the year 2200.
                #[allow(clippy::cast_precision_loss)]
                let seconds = self.time.timestamp() as f64
                    + f64::from(self.time.timestamp_subsec_nanos()) / 1e9;
                serializer.serialize_f64(seconds)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 time string or epoch seconds")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        parse_iso(text)
            .map(|time| Timestamp::new(time, TimeFormat::Iso8601))
            .ok_or_else(|| {
                E::custom(format!(
                    "invalid ISO 8601 time {}",
                    crate::error::quote(text)
                ))
            })
    }

    fn visit_i64<E: de::Error>(self, seconds: i64) -> Result<Timestamp, E> {
        Utc.timestamp_opt(seconds, 0)
            .single()
            .and_then(in_range)
            .map(|time| Timestamp::new(time, TimeFormat::EpochSeconds))
            .ok_or_else(|| E::custom(format!("epoch seconds {seconds} out of range")))
    }

    fn visit_u64<E: de::Error>(self, seconds: u64) -> Result<Timestamp, E> {
        i64::try_from(seconds).map_or_else(
            |_| Err(E::custom(format!("epoch seconds {seconds} out of range"))),
            |seconds| self.visit_i64(seconds),
        )
    }

    fn visit_f64<E: de::Error>(self, seconds: f64) -> Result<Timestamp, E> {
        from_epoch_f64(seconds)
            .map(|time| Timestamp::new(time, TimeFormat::EpochSeconds))
            .ok_or_else(|| E::custom(format!("epoch seconds {seconds} out of range")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Timestamp, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn aws_cli_iso_strings_with_offsets_and_fractions_read_as_utc() {
        let time = read("\"2021-08-04T11:03:50.590000-07:00\"").unwrap();
        assert_eq!(iso(time.time()), "2021-08-04T18:03:50.590+00:00");
        assert_eq!(time.format(), TimeFormat::Iso8601);
        assert_eq!(
            read("\"2019-01-09T00:00:00+00:00\"").unwrap().time(),
            Utc.with_ymd_and_hms(2019, 1, 9, 0, 0, 0).unwrap()
        );
    }

    #[test]
    fn epoch_seconds_read_as_integer_or_float() {
        let float = read("1546992000.0").unwrap();
        let integer = read("1546992000").unwrap();
        assert_eq!(float.time(), integer.time());
        assert_eq!(float.format(), TimeFormat::EpochSeconds);
        assert_eq!(iso(float.time()), "2019-01-09T00:00:00+00:00");
        assert_eq!(
            read("1550408470.25")
                .unwrap()
                .time()
                .timestamp_subsec_millis(),
            250
        );
    }

    #[test]
    fn epoch_zero_is_no_time() {
        assert_eq!(read("0.0").unwrap().non_epoch(), None);
        assert_eq!(
            read("\"1970-01-01T00:00:00+00:00\"").unwrap().non_epoch(),
            None
        );
    }

    #[test]
    fn impossible_times_are_errors_that_name_the_value() {
        let error = read("\"2021-08-046T11:03:50.590000-07:00\"").unwrap_err();
        assert!(error.to_string().contains("2021-08-046T11"), "{error}");
        assert!(read("1e300").is_err());
        assert!(read("-1e300").is_err());
        assert!(read("18446744073709551615").is_err());
        assert!(read("253402300800").is_err(), "year 10000");
        assert!(read("253402300799.5").is_ok());
        assert!(read("\"+12345-01-01T00:00:00\"").is_err());
        assert!(read("true").is_err());
    }

    #[test]
    fn epoch_output_is_a_float_like_the_api() {
        let time = Timestamp::new(
            Utc.with_ymd_and_hms(2019, 1, 9, 0, 0, 0).unwrap(),
            TimeFormat::EpochSeconds,
        );
        assert_eq!(serde_json::to_string(&time).unwrap(), "1546992000.0");
    }
}
