//! The order of EVR texts (`rpmverCmp`), parsed or not: the epochs, then the shortcuts of
//! [`super::scan`] from the first difference of the rest.
//!
//! Both forms compare the texts as they are when their epochs are written alike (the common
//! case, and always for same-package pairs): the resume point never backs over an epoch's
//! `:`, and an epoch has no `-`. Epochs written differently are compared as numbers, then
//! the versions from their starts.

use std::cmp::Ordering;

use super::evr::epoch_digits;
use super::scan::{
    DASH_UNKNOWN, Part, Side, contains_dash, decide_at_difference, digits_from, last_dash,
    resume_point, scan,
};
use crate::digits::cmp_numbers;
use crate::prefix::common_prefix;

/// The epoch order of two texts whose versions start at `va` and `vb`: the epochs as numbers
/// of any length (none and empty both mean 0).
#[inline]
fn cmp_epochs(a: &[u8], va: usize, b: &[u8], vb: usize) -> Ordering {
    cmp_numbers(epoch_digits(a, va), epoch_digits(b, vb))
}

/// `text` from `at` on.
#[inline]
fn from(text: &[u8], at: usize) -> &[u8] {
    text.get(at..).unwrap_or_default()
}

/// `rpmverCmp` on two parsed texts, given where their versions start and end (the last `-`,
/// or the length when there is no release).
#[inline]
pub(super) fn compare_parsed(
    a: &[u8],
    (va, da): (usize, usize),
    b: &[u8],
    (vb, db): (usize, usize),
) -> Ordering {
    let shared = common_prefix(a, b);
    if shared == a.len() && shared == b.len() {
        return Ordering::Equal;
    }
    if va == vb && shared >= va {
        // The same epoch text: compare the rest as is (the resume point never backs over the
        // epoch's `:`, and an epoch has no `-`).
        return versions_parsed(a, da, b, db, shared);
    }
    epochs_then_versions_parsed(a, va, da, b, vb, db)
}

/// Compares epochs written differently, then the versions starting at `va` and `vb`.
#[inline(never)]
fn epochs_then_versions_parsed(
    a: &[u8],
    va: usize,
    da: usize,
    b: &[u8],
    vb: usize,
    db: usize,
) -> Ordering {
    let order = cmp_epochs(a, va, b, vb);
    if order != Ordering::Equal {
        return order;
    }
    // Version ends relative to the version starts (no `-` is in an epoch).
    let (da, db) = (da.saturating_sub(va), db.saturating_sub(vb));
    let (a, b) = (from(a, va), from(b, vb));
    versions_parsed(a, da, b, db, common_prefix(a, b))
}

/// Compares `version[-release]` texts whose version ends (last `-` or length) are `da` and
/// `db`, and whose common prefix is `shared` bytes long.
#[inline(always)]
fn versions_parsed(a: &[u8], da: usize, b: &[u8], db: usize, shared: usize) -> Ordering {
    if shared == a.len() && shared == b.len() {
        return Ordering::Equal;
    }
    // A `-` is never in a run, so a last `-` before `shared` is also before the resume point.
    let at = resume_point(a, shared);
    let (from, part) = if da == db && da < at {
        // The same version on both sides: resume in the release.
        (at, Part::Release)
    } else if da < at || db < at {
        // A version ends before the resume point, the other one goes on: scan from there.
        (da.min(db), Part::Version)
    } else {
        (at, Part::Version)
    };
    if from == at {
        if let Some(order) = decide_at_difference::<false>(a, b, at, shared) {
            return order;
        }
    }
    let side = |text, last_dash| Side { text, last_dash };
    scan(side(a, da), from, side(b, db), from, part)
}

/// `rpmverCmp` on two texts not parsed before: the split is found on the way, only as far as
/// the comparison needs it.
// Inlined into `compare_evr`, and so into its caller: the call, and the saving and
// restoring of registers around it, cost about 5% of a comparison of two real EVRs.
#[inline]
pub(super) fn compare_unparsed(a: &[u8], b: &[u8]) -> Ordering {
    let shared = common_prefix(a, b);
    if shared == a.len() && shared == b.len() {
        return Ordering::Equal;
    }
    let head = a.get(..shared).unwrap_or_default();
    match head.iter().position(|c| !c.is_ascii_digit()) {
        // The same digits and the same byte after them on both sides: the same epoch text,
        // or none on either: compare the rest as is (the resume point never backs over the
        // epoch's `:`, and an epoch has no `-`).
        Some(_) => versions_unparsed(a, b, shared),
        None => {
            // The texts differ within or right after their leading digit runs (the same so
            // far): find where the runs end, which tells the epochs and often the order.
            let (end_a, end_b) = (
                shared + digits_from(a, shared),
                shared + digits_from(b, shared),
            );
            let (va, vb) = (after_colon(a, end_a), after_colon(b, end_b));
            if va != 0 || vb != 0 {
                return epochs_then_versions_unparsed(a, va, b, vb);
            }
            // No epochs. When only one version starts with a number and the other with a
            // letter, `~` or `^`, the number ranks higher.
            if (end_a == 0) != (end_b == 0) {
                let other = if end_a == 0 { a.first() } else { b.first() };
                if other.is_some_and(|&c| c.is_ascii_alphabetic() || c == b'~' || c == b'^') {
                    return end_a.cmp(&end_b);
                }
            }
            // Else both versions start with those runs. Without leading zeros, the
            // longer number is larger, else the first differing digit decides.
            let zero_led = |s: &[u8]| s.first().is_none_or(|&c| c == b'0');
            if end_a != end_b && end_a > 0 && end_b > 0 && !zero_led(a) && !zero_led(b) {
                return end_a.cmp(&end_b);
            }
            if end_a == end_b && end_a > shared && !zero_led(a) && !zero_led(b) {
                return a.get(shared).cmp(&b.get(shared));
            }
            versions_unparsed(a, b, shared)
        }
    }
}

/// [`last_dash`], with a plain loop for the few bytes most shared prefixes have.
#[inline]
fn last_dash_short(s: &[u8]) -> Option<usize> {
    if s.len() < 8 {
        s.iter().rposition(|&c| c == b'-')
    } else {
        last_dash(s)
    }
}

/// One past the `:` at `at`, or 0 when there is none: where the version starts, given that
/// the text's leading digits end at `at`.
#[inline]
fn after_colon(s: &[u8], at: usize) -> usize {
    if s.get(at) == Some(&b':') { at + 1 } else { 0 }
}

/// Compares epochs (one may be missing), then the versions starting at `va` and `vb`.
#[inline(never)]
fn epochs_then_versions_unparsed(a: &[u8], va: usize, b: &[u8], vb: usize) -> Ordering {
    let order = cmp_epochs(a, va, b, vb);
    if order != Ordering::Equal {
        return order;
    }
    let (a, b) = (from(a, va), from(b, vb));
    versions_unparsed(a, b, common_prefix(a, b))
}

/// Compares `version[-release]` texts whose common prefix is `shared` bytes long, finding
/// their version ends only as far as needed.
#[inline(always)]
fn versions_unparsed<'a>(a: &'a [u8], b: &'a [u8], shared: usize) -> Ordering {
    if shared == a.len() && shared == b.len() {
        return Ordering::Equal;
    }
    // The resume point is in the release when the last `-` before it is the last `-` of both
    // texts: when neither text has a `-` after the shared prefix (there is none between that
    // `-` and the prefix's end, as the resume point only backs over letters or digits).
    let at = resume_point(a, shared);
    if shared > 5 && !contains_dash(from(a, shared)) && !contains_dash(from(b, shared)) {
        // A long shared prefix (versions of one package) and no `-` after it: both texts
        // are in the same part at the resume point (the release if the prefix has a `-`,
        // else the version, which then ends at the end of both), so the difference decides
        // most pairs before the prefix is searched for its `-`.
        if let Some(order) = decide_at_difference::<true>(a, b, at, shared) {
            return order;
        }
        let part = match a.get(..at).and_then(last_dash_short) {
            Some(_) => Part::Release,
            None => Part::Version,
        };
        let side = |text: &'a [u8]| Side {
            text,
            last_dash: text.len(),
        };
        return scan(side(a), at, side(b), at, part);
    }
    let (from, part, dash_a, dash_b) = match a.get(..at).and_then(last_dash_short) {
        None => (at, Part::Version, DASH_UNKNOWN, DASH_UNKNOWN),
        Some(dash) => {
            let last_of = |s: &[u8]| {
                if contains_dash(from(s, shared)) {
                    DASH_UNKNOWN
                } else {
                    dash
                }
            };
            match (last_of(a), last_of(b)) {
                (x, y) if x == dash && y == dash => (at, Part::Release, x, y),
                // A version goes on past that `-`: scan from it, in the version.
                (x, y) => (dash, Part::Version, x, y),
            }
        }
    };
    if from == at {
        if let Some(order) = decide_at_difference::<true>(a, b, at, shared) {
            return order;
        }
    }
    let side = |text, last_dash| Side { text, last_dash };
    scan(side(a, dash_a), from, side(b, dash_b), from, part)
}
