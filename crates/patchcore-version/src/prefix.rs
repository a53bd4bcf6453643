//! The common prefix of two byte strings, a word at a time: where two versions of one
//! package (`2.36-9+deb12u4`, `2.36-9+deb12u7`) first differ, which is where their
//! comparison starts.

/// Length of the longest common prefix of `a` and `b`, a word at a time: 8-byte words, the
/// last one overlapping the one before it (its bytes before the first difference are equal,
/// so the first differing byte of the overlap is the answer); 4-byte words the same way for
/// shorter strings, and bytes below that.
#[inline]
pub(crate) fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let len = a.len().min(b.len());
    if len >= 8 {
        let mut same = 0;
        while same + 8 < len {
            let diff = word8(a, same) ^ word8(b, same);
            if diff != 0 {
                return same + first_set_byte(diff);
            }
            same += 8;
        }
        let last = len - 8;
        let diff = word8(a, last) ^ word8(b, last);
        return if diff == 0 {
            len
        } else {
            last + first_set_byte(diff)
        };
    }
    if len >= 4 {
        let diff = word4(a, 0) ^ word4(b, 0);
        if diff != 0 {
            return first_set_byte(u64::from(diff));
        }
        let last = len - 4;
        let diff = word4(a, last) ^ word4(b, last);
        return if diff == 0 {
            len
        } else {
            last + first_set_byte(u64::from(diff))
        };
    }
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// The index of the lowest non-zero byte of a little-endian word (not 0).
#[inline]
fn first_set_byte(diff: u64) -> usize {
    (diff.trailing_zeros() / 8) as usize
}

/// The 8 bytes of `s` from `at` as a little-endian number; 0 past the end.
#[inline]
fn word8(s: &[u8], at: usize) -> u64 {
    s.get(at..)
        .and_then(<[u8]>::first_chunk::<8>)
        .map_or(0, |bytes| u64::from_le_bytes(*bytes))
}

/// The 4 bytes of `s` from `at` as a little-endian number; 0 past the end.
#[inline]
fn word4(s: &[u8], at: usize) -> u32 {
    s.get(at..)
        .and_then(<[u8]>::first_chunk::<4>)
        .map_or(0, |bytes| u32::from_le_bytes(*bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_prefix_spans_words() {
        assert_eq!(
            common_prefix(b"0123456789abcdefX", b"0123456789abcdefY"),
            16
        );
        assert_eq!(common_prefix(b"0123456X", b"0123456Y"), 7);
        assert_eq!(common_prefix(b"abc", b"abcd"), 3);
        assert_eq!(common_prefix(b"", b"a"), 0);
    }

    #[test]
    fn common_prefix_finds_the_first_difference_at_every_position() {
        for len in 0..20 {
            let a = vec![b'x'; len];
            assert_eq!(common_prefix(&a, &a), len);
            for at in 0..len {
                let mut b = a.clone();
                b[at] = b'y';
                assert_eq!(common_prefix(&a, &b), at, "{len} {at}");
                assert_eq!(common_prefix(&a[..at], &b), at);
            }
        }
    }
}
