//! Trait implementations every version type shares: serde as text (feature `serde`), and
//! `PartialOrd`/`PartialEq`/`Eq`/`Display` from `Ord` and the text.

/// Implements `Serialize` (the `Display` text) and `Deserialize` (parse) for version types:
/// `borrowed T` for `T<'a>` with `T::parse(&'a str)`, `owned T` for `T: FromStr`.
macro_rules! serde_as_str {
    (borrowed $($ty:ident),+) => {$(
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty<'de> {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <&'de str as serde::Deserialize<'de>>::deserialize(deserializer)?;
                $ty::parse(text).map_err(serde::de::Error::custom)
            }
        }
    )+};
    (owned $($ty:ty),+) => {$(
        #[cfg(feature = "serde")]
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize<'de>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    )+};
}

pub(crate) use serde_as_str;

/// Implements `PartialOrd`, `PartialEq` and `Eq` from the type's `Ord`, and `Display` as its
/// text (`as_str()`): a version's equality is its order's, never its spelling's.
macro_rules! order_and_text_traits {
    ($($ty:ty),+) => {$(
        impl PartialOrd for $ty {
            fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
                Some(Ord::cmp(self, other))
            }
        }

        impl PartialEq for $ty {
            fn eq(&self, other: &Self) -> bool {
                Ord::cmp(self, other).is_eq()
            }
        }

        impl Eq for $ty {}

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    )+};
}

pub(crate) use order_and_text_traits;
