//! `CreatedDate` / `ModifiedDate`: read as epoch seconds (integer or fractional) or RFC 3339,
//! written as epoch seconds, the AWS JSON 1.1 form (baseline spec section 2.1).

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time with microsecond precision, as a count of microseconds since the Unix epoch.
///
/// Both forms the AWS CLI prints read to the same value, and a timestamp written as epoch
/// seconds reads back equal (microseconds survive the `f64` round trip for every date within
/// ±2^52 µs, i.e. until the year 2112).
///
/// ```
/// use patchcore_baseline::Timestamp;
/// let v1: Timestamp = serde_json::from_str("1522345092.515").unwrap();
/// let v2: Timestamp = serde_json::from_str("\"2018-03-29T17:38:12.515000+00:00\"").unwrap();
/// assert_eq!(v1, v2);
/// assert_eq!(serde_json::to_string(&v1).unwrap(), "1522345092.515");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    micros: i64,
}

impl Timestamp {
    /// The timestamp `micros` microseconds after 1970-01-01T00:00:00Z.
    pub fn from_micros(micros: i64) -> Self {
        Self { micros }
    }

    /// Microseconds since 1970-01-01T00:00:00Z.
    pub fn as_micros(self) -> i64 {
        self.micros
    }

    /// Epoch seconds as a JSON-ready float.
    #[allow(clippy::cast_precision_loss)] // documented: exact for dates before 2112
    pub fn as_epoch_seconds(self) -> f64 {
        self.micros as f64 / 1e6
    }

    /// Reads epoch seconds; `None` when not finite or out of the `i64` microsecond range.
    #[allow(clippy::cast_possible_truncation)] // range checked just before
    pub fn from_epoch_seconds(seconds: f64) -> Option<Self> {
        let micros = (seconds * 1e6).round();
        (micros.is_finite() && micros.abs() < 9.0e18).then(|| Self::from_micros(micros as i64))
    }

    /// Reads an RFC 3339 date-time such as `2018-03-29T17:38:12.515000+00:00`.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let parsed = chrono::DateTime::parse_from_rfc3339(text).ok()?;
        Some(Self::from_micros(parsed.timestamp_micros()))
    }
}

impl fmt::Display for Timestamp {
    /// RFC 3339 in UTC with microseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match chrono::DateTime::from_timestamp_micros(self.micros) {
            Some(utc) => write!(f, "{}", utc.format("%Y-%m-%dT%H:%M:%S%.6fZ")),
            None => write!(f, "{}µs", self.micros),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_epoch_seconds())
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("epoch seconds or an RFC 3339 date-time")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        v.checked_mul(1_000_000)
            .map(Timestamp::from_micros)
            .ok_or_else(|| E::custom(format!("epoch seconds {v} out of range")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .map_err(|_| E::custom(format!("epoch seconds {v} out of range")))
            .and_then(|v| self.visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Timestamp, E> {
        Timestamp::from_epoch_seconds(v)
            .ok_or_else(|| E::custom(format!("epoch seconds {v} out of range")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
        Timestamp::parse_rfc3339(v).ok_or_else(|| {
            E::custom(format!(
                "{} is not an RFC 3339 date-time",
                crate::error::quote(v)
            ))
        })
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_and_fractional_epoch_seconds_are_accepted() {
        let int: Timestamp = serde_json::from_str("1590519815").unwrap();
        assert_eq!(int.as_micros(), 1_590_519_815_000_000);
        let frac: Timestamp = serde_json::from_str("1550244180.465").unwrap();
        assert_eq!(frac.as_micros(), 1_550_244_180_465_000);
    }

    #[test]
    fn rfc3339_with_offset_is_converted_to_utc() {
        let a = Timestamp::parse_rfc3339("2021-08-04T11:03:50.590000-07:00").unwrap();
        let b = Timestamp::parse_rfc3339("2021-08-04T18:03:50.59Z").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn written_epoch_seconds_read_back_equal() {
        for micros in [0, 1, 1_550_244_180_465_000, 1_522_345_092_515_123, -5] {
            let t = Timestamp::from_micros(micros);
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(
                serde_json::from_str::<Timestamp>(&json).unwrap(),
                t,
                "{json}"
            );
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(serde_json::from_str::<Timestamp>("\"yesterday\"").is_err());
        assert!(serde_json::from_str::<Timestamp>("1e300").is_err());
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
    }
}
