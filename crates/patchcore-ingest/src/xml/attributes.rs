//! The attributes of a start tag.

use std::ops::Range;

use quick_xml::events::attributes::AttrError;

/// Where an attribute's key and value are in its tag.
pub(super) type AttrSpan = (Range<usize>, Range<usize>);

/// The next attribute of `tag` from byte `*pos` on, as byte ranges of its key and value: the
/// XML-mode syntax of quick-xml's attribute iterator (`key = "value"` or `'value'`, XML
/// whitespace around `=`), with the same errors at the same positions. Written out because
/// that iterator, byte by byte through iterator adapters, cost more than reading the events.
pub(super) fn next_attribute(tag: &[u8], pos: &mut usize) -> Option<Result<AttrSpan, AttrError>> {
    let is_space = |b: &u8| matches!(b, b' ' | b'\r' | b'\n' | b'\t');
    let from = |i: usize| tag.get(i..).unwrap_or_default();
    let skip_space = |i: usize| from(i).iter().position(|b| !is_space(b)).map(|n| i + n);
    let key_start = skip_space(*pos)?;
    // The iterator is done after this attribute unless it ends with its closing quote.
    *pos = tag.len();
    // The key's first byte is taken whatever it is (even `=`), as quick-xml does.
    let Some(n) = from(key_start + 1)
        .iter()
        .position(|b| *b == b'=' || is_space(b))
    else {
        return Some(Err(AttrError::ExpectedEq(tag.len())));
    };
    let key_end = key_start + 1 + n;
    let eq = if tag.get(key_end) == Some(&b'=') {
        key_end
    } else {
        match skip_space(key_end) {
            Some(i) if tag.get(i) == Some(&b'=') => i,
            Some(i) => return Some(Err(AttrError::ExpectedEq(i))),
            None => return Some(Err(AttrError::ExpectedEq(tag.len()))),
        }
    };
    let Some(open) = skip_space(eq + 1) else {
        return Some(Err(AttrError::ExpectedValue(tag.len())));
    };
    let Some(&quote @ (b'"' | b'\'')) = tag.get(open) else {
        return Some(Err(AttrError::UnquotedValue(open)));
    };
    let Some(n) = memchr::memchr(quote, from(open + 1)) else {
        return Some(Err(AttrError::ExpectedQuote(tag.len(), quote)));
    };
    let value_end = open + 1 + n;
    *pos = value_end + 1;
    Some(Ok((key_start..key_end, open + 1..value_end)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Attributes read from a tag (key and value bytes), up to the first error.
    type Scanned = Vec<Result<(Vec<u8>, Vec<u8>), AttrError>>;

    /// quick-xml's own attribute iterator (XML mode, no duplicate check), up to its first error.
    fn quick_xml_attributes(tag: &str, name_len: usize) -> Scanned {
        let mut out = Vec::new();
        for attr in quick_xml::events::attributes::Attributes::new(tag, name_len).with_checks(false)
        {
            let stop = attr.is_err();
            out.push(attr.map(|a| (a.key.as_ref().to_vec(), a.value.to_vec())));
            if stop {
                break;
            }
        }
        out
    }

    fn our_attributes(tag: &str, name_len: usize) -> Scanned {
        let (bytes, mut pos, mut out) = (tag.as_bytes(), name_len, Vec::new());
        while let Some(attr) = next_attribute(bytes, &mut pos) {
            let stop = attr.is_err();
            out.push(attr.map(|(k, v)| (bytes[k].to_vec(), bytes[v].to_vec())));
            if stop {
                break;
            }
        }
        out
    }

    #[test]
    fn attributes_read_as_quick_xml_reads_them() {
        for tag in [
            r#"package name="bash" epoch='0' version = "5.1" rel="1.el9""#,
            "a =\"x\"",
            "a k",
            "a k  ",
            "a k=",
            "a k= v",
            "a k=\"open",
            "a k='v'x='w'",
            "a ",
            "a",
        ] {
            assert_eq!(
                our_attributes(tag, 1),
                quick_xml_attributes(tag, 1),
                "{tag:?}"
            );
        }
    }

    proptest::proptest! {
        /// The attribute scanner gives what quick-xml's iterator gives, errors included.
        #[test]
        fn attribute_scanner_agrees_with_quick_xml(tag in "a[ a=\"'\t\nb:&]{0,24}") {
            proptest::prop_assert_eq!(our_attributes(&tag, 1), quick_xml_attributes(&tag, 1));
        }
    }
}
