//! Streaming helpers over quick-xml shared by the XML readers (updateinfo, primary, CVRF).
//!
//! The readers never build a DOM: they pull one element at a time from an [`XmlStream`],
//! read the attributes of the element just opened, and either read its text or skip it.
//! The stream enforces the limits against hostile input: a maximum nesting depth, a maximum
//! size of one token (tag or text run), and a maximum size of one text value.
//! Every error carries the byte offset where it happened.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::events::attributes::Attribute;

use crate::error::{Error, ErrorKind, Position, truncate};

mod attributes;
mod source;

use attributes::next_attribute;
pub(crate) use source::{Buffered, Source};

/// Limits applied by an [`XmlStream`]; the defaults fit every real repository file with a wide
/// margin (a 100 MB updateinfo.xml nests 6 deep and has texts of a few kilobytes).
#[derive(Debug, Clone, Copy)]
pub(crate) struct XmlLimits {
    /// Deepest element nesting accepted.
    pub(crate) max_depth: usize,
    /// Largest text value (element content) kept, in bytes.
    pub(crate) max_text: usize,
    /// Largest single token (one tag with its attributes, one text run), in bytes.
    pub(crate) max_token: usize,
}

impl Default for XmlLimits {
    fn default() -> Self {
        Self {
            max_depth: 64,
            max_text: 1 << 20,
            max_token: 16 << 20,
        }
    }
}

/// What [`XmlStream::next`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// An element was opened (also `<empty/>` elements, which are closed by the next call:
    /// [`XmlStream::text`] returns "" and [`XmlStream::skip`] does nothing for them).
    Open,
    /// An element was closed.
    Close,
    /// The input ended.
    Eof,
}

/// A pull reader of elements over a [`Source`].
pub(crate) struct XmlStream<R> {
    reader: quick_xml::Reader<R>,
    /// The whole input, when it stays readable: start tags are then read where they are.
    input: Option<R>,
    buf: Vec<u8>,
    /// Bytes of the last start tag (name and attributes), kept for [`Self::attrs`] when the
    /// input does not stay readable.
    tag: Vec<u8>,
    /// Where the last start tag begins and ends, in `input` or else in `tag`.
    tag_start: usize,
    tag_end: usize,
    /// Length of the element name at the start of the tag.
    name_len: usize,
    /// Whether the last opened element was `<empty/>` and has not been closed yet.
    empty: bool,
    /// Local name of the last opened or closed element.
    name: Vec<u8>,
    /// The buffer [`Self::text`] returns.
    text: String,
    depth: usize,
    limits: XmlLimits,
    /// The format named in errors (`updateinfo.xml`).
    format: &'static str,
}

/// The name without its namespace prefix (`vuln:CVE` → `CVE`).
fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => name.get(i + 1..).unwrap_or(name),
        None => name,
    }
}

impl<R: Source> XmlStream<R> {
    /// A stream over `input` with the given limits.
    pub(crate) fn new(input: R, format: &'static str, limits: XmlLimits) -> Self {
        let whole = input.whole();
        let mut reader = quick_xml::Reader::from_reader(input);
        reader.config_mut().check_end_names = true;
        Self {
            reader,
            input: whole,
            buf: Vec::with_capacity(4096),
            tag: Vec::with_capacity(4096),
            tag_start: 0,
            tag_end: 0,
            name_len: 0,
            empty: false,
            name: Vec::with_capacity(32),
            text: String::with_capacity(256),
            depth: 0,
            limits,
            format,
        }
    }

    /// Byte offset just after the last event read.
    pub(crate) fn offset(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// An error at the current position.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        self.error_at(self.offset(), message)
    }

    /// An error at byte `offset`.
    pub(crate) fn error_at(&self, offset: u64, message: impl Into<String>) -> Error {
        error_at(self.format, offset, message)
    }

    /// Local name (without namespace prefix) of the element last opened or closed.
    pub(crate) fn name(&self) -> &[u8] {
        &self.name
    }

    /// Current nesting depth: 1 inside the root element.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// The bytes of the last start tag.
    fn tag(&self) -> &[u8] {
        let range = self.tag_start..self.tag_end;
        match &self.input {
            Some(input) => input.bytes().get(range),
            None => self.tag.get(range),
        }
        .unwrap_or_default()
    }

    /// Refuses a token (the last event's bytes, `len` of them) above the limit.
    fn check_token(&self, len: usize) -> Result<(), Error> {
        if len > self.limits.max_token {
            return Err(self.error(format!(
                "xml token of {} bytes is larger than the limit of {} bytes",
                len, self.limits.max_token
            )));
        }
        Ok(())
    }

    /// The next element boundary, skipping text, comments, declarations and processing
    /// instructions. An `<empty/>` element gives `Open` now and `Close` on the next call.
    pub(crate) fn next(&mut self) -> Result<Step, Error> {
        if self.empty {
            self.empty = false;
            self.depth = self.depth.saturating_sub(1);
            return Ok(Step::Close);
        }
        loop {
            let (event, len) = read_event(&mut self.reader, &mut self.buf, self.format)?;
            let (start, empty) = match event {
                Event::Start(start) => (start, false),
                Event::Empty(start) => (start, true),
                Event::End(end) => {
                    self.name.clear();
                    self.name.extend_from_slice(local(end.name().as_ref()));
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(Step::Close);
                }
                Event::Eof => return Ok(Step::Eof),
                _ => {
                    self.check_token(len)?;
                    continue;
                }
            };
            self.name_len = start.name().as_ref().len();
            self.name.clear();
            self.name.extend_from_slice(local(start.name().as_ref()));
            // The tag's bytes lie in the input (a slice) or in the read buffer (after its
            // `<`): remember where, and keep a buffer by swapping it instead of copying.
            let (address, len) = (start.as_ptr() as usize, start.len());
            let kept = match &self.input {
                Some(input) => input.bytes(),
                None => {
                    std::mem::swap(&mut self.tag, &mut self.buf);
                    self.tag.as_slice()
                }
            };
            self.tag_start = address.wrapping_sub(kept.as_ptr() as usize);
            self.tag_end = self.tag_start.saturating_add(len);
            if self.tag_end > kept.len() {
                return Err(self.error("xml tag outside the read buffer"));
            }
            // The tag's size counted from its `<` (which precedes it in a buffer, at 0).
            let span = if self.input.is_some() {
                len.saturating_add(1)
            } else {
                self.tag_end
            };
            self.empty = empty;
            self.depth += 1;
            if span > self.limits.max_token {
                return Err(self.error(format!(
                    "xml tag of {} bytes is larger than the limit of {} bytes",
                    span, self.limits.max_token
                )));
            }
            if self.depth > self.limits.max_depth {
                return Err(self.error(format!(
                    "xml nesting deeper than the limit of {} elements",
                    self.limits.max_depth
                )));
            }
            return Ok(Step::Open);
        }
    }

    /// Calls `f` with the local name and the unescaped value of each attribute of the element
    /// just opened.
    pub(crate) fn attrs<'s>(&'s self, mut f: impl FnMut(&[u8], Cow<'s, str>)) -> Result<(), Error> {
        // The tag is validated as UTF-8 once; values are then sliced out of it, not re-validated.
        let tag =
            std::str::from_utf8(self.tag()).map_err(|_| utf8_error(self.format, self.offset()))?;
        let mut pos = self.name_len;
        // Duplicate attributes are not checked for (the first one read wins in `attr`).
        while let Some(attr) = next_attribute(tag.as_bytes(), &mut pos) {
            let (key, value) = attr.map_err(|err| {
                self.error(format!(
                    "malformed xml attribute: {}",
                    truncate(&err.to_string())
                ))
            })?;
            let key_bytes = tag.as_bytes().get(key).unwrap_or_default();
            // Most values have nothing to unescape or normalize: borrow them as they are.
            let raw = tag.as_bytes().get(value.clone()).unwrap_or_default();
            if !raw
                .iter()
                .any(|b| matches!(b, b'&' | b'\t' | b'\r' | b'\n'))
            {
                if let Some(value) = tag.get(value) {
                    f(local(key_bytes), Cow::Borrowed(value));
                    continue;
                }
            }
            let attr = Attribute::from((key_bytes, raw));
            let value = attr
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| {
                    self.error(format!(
                        "invalid attribute value {:?}: {}",
                        truncate(&String::from_utf8_lossy(raw)),
                        truncate(&err.to_string())
                    ))
                })?;
            f(local(key_bytes), value);
        }
        Ok(())
    }

    /// The value of one attribute of the element just opened.
    pub(crate) fn attr(&self, key: &[u8]) -> Result<Option<String>, Error> {
        let mut found = None;
        self.attrs(|k, v| {
            if k == key && found.is_none() {
                found = Some(v.into_owned());
            }
        })?;
        Ok(found)
    }

    /// The whole text content of the element just opened (text of nested elements included),
    /// consuming the element up to its end tag. Entities and character references are resolved.
    /// The text lives in a buffer of the stream, reused by the next call: callers copy what
    /// they keep (usually trimmed), so each value costs one allocation.
    pub(crate) fn text(&mut self) -> Result<&str, Error> {
        let mut out = std::mem::take(&mut self.text);
        out.clear();
        let result = self.text_into(&mut out);
        self.text = out;
        result.map(|()| self.text.as_str())
    }

    fn text_into(&mut self, out: &mut String) -> Result<(), Error> {
        if self.empty {
            self.empty = false;
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        let target = self.depth.saturating_sub(1);
        loop {
            let (event, len) = read_event(&mut self.reader, &mut self.buf, self.format)?;
            match event {
                Event::Text(text) => {
                    let offset = self.reader.buffer_position();
                    let text = text
                        .xml10_content()
                        .map_err(|_| utf8_error(self.format, offset))?;
                    out.push_str(&text);
                }
                Event::CData(text) => {
                    let offset = self.reader.buffer_position();
                    let text = text.decode().map_err(|_| utf8_error(self.format, offset))?;
                    out.push_str(&text);
                }
                Event::GeneralRef(reference) => {
                    let offset = self.reader.buffer_position();
                    resolve(&reference, out)
                        .map_err(|message| error_at(self.format, offset, message))?;
                }
                Event::Start(_) => {
                    self.depth += 1;
                    if self.depth > self.limits.max_depth {
                        return Err(self.error(format!(
                            "xml nesting deeper than the limit of {} elements",
                            self.limits.max_depth
                        )));
                    }
                }
                Event::End(end) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == target {
                        self.name.clear();
                        self.name.extend_from_slice(local(end.name().as_ref()));
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.error("xml input ended inside an element")),
                _ => {}
            }
            self.check_token(len)?;
            if out.len() > self.limits.max_text {
                return Err(self.error(format!(
                    "xml text of more than {} bytes in element {:?}",
                    self.limits.max_text,
                    truncate(&String::from_utf8_lossy(&self.name))
                )));
            }
        }
    }

    /// Skips the rest of the element just opened, up to and including its end tag.
    pub(crate) fn skip(&mut self) -> Result<(), Error> {
        if self.empty {
            self.empty = false;
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        // Depth relative to the element being skipped; nothing is copied out of the buffer.
        let mut depth = 1_usize;
        loop {
            let (event, len) = read_event(&mut self.reader, &mut self.buf, self.format)?;
            match event {
                Event::Start(_) => {
                    depth += 1;
                    if self.depth + depth > self.limits.max_depth + 1 {
                        return Err(self.error(format!(
                            "xml nesting deeper than the limit of {} elements",
                            self.limits.max_depth
                        )));
                    }
                }
                Event::End(end) => {
                    depth -= 1;
                    if depth == 0 {
                        self.name.clear();
                        self.name.extend_from_slice(local(end.name().as_ref()));
                        self.depth = self.depth.saturating_sub(1);
                        return Ok(());
                    }
                }
                Event::Eof => return Err(self.error("xml input ended inside an element")),
                _ => {}
            }
            self.check_token(len)?;
        }
    }
}

/// The next event of `reader`, read into the cleared `buf` or borrowed from the input, and its
/// size as a token: the bytes the buffered reader holds for it, which are the bytes the event
/// spans in the input. A syntax error names its offset.
fn read_event<'b, R: Source + 'b>(
    reader: &mut quick_xml::Reader<R>,
    buf: &'b mut Vec<u8>,
    format: &'static str,
) -> Result<(Event<'b>, usize), Error> {
    buf.clear();
    let start = reader.buffer_position();
    let event = R::read(reader, buf);
    let len = usize::try_from(reader.buffer_position().saturating_sub(start)).unwrap_or(usize::MAX);
    event.map(|event| (event, len)).map_err(|err| {
        let offset = match reader.error_position() {
            0 => reader.buffer_position(),
            at => at,
        };
        error_at(
            format,
            offset,
            format!("malformed xml: {}", truncate(&err.to_string())),
        )
    })
}

/// An error of `format` at byte `offset`.
fn error_at(format: &'static str, offset: u64, message: impl Into<String>) -> Error {
    Error::new(
        format,
        ErrorKind::Other {
            message: message.into(),
        },
    )
    .at(Position::Offset(offset))
}

fn utf8_error(format: &'static str, offset: u64) -> Error {
    error_at(format, offset, "invalid utf-8 in xml text")
}

/// Appends what `&name;` or `&#n;` stands for; the predefined entities only (documents with
/// their own DTD entities are not repository metadata).
fn resolve(reference: &quick_xml::events::BytesRef<'_>, out: &mut String) -> Result<(), String> {
    let raw = || truncate(&String::from_utf8_lossy(reference)).into_owned();
    if reference.is_char_ref() {
        return match reference.resolve_char_ref() {
            Ok(Some(c)) => {
                out.push(c);
                Ok(())
            }
            _ => Err(format!("invalid character reference \"&{};\"", raw())),
        };
    }
    match std::str::from_utf8(reference)
        .ok()
        .and_then(resolve_predefined_entity)
    {
        Some(text) => {
            out.push_str(text);
            Ok(())
        }
        None => Err(format!("unknown xml entity \"&{};\"", raw())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(text: &str) -> XmlStream<&[u8]> {
        XmlStream::new(text.as_bytes(), "test xml", XmlLimits::default())
    }

    #[test]
    fn elements_attributes_and_text_are_read_in_order() {
        let mut s = stream(r#"<?xml version="1.0"?><a x="1&amp;2"><b>t&lt;x&#65;</b><c/></a>"#);
        assert_eq!(s.next().unwrap(), Step::Open);
        assert_eq!(s.name(), b"a");
        assert_eq!(s.attr(b"x").unwrap().as_deref(), Some("1&2"));
        assert_eq!(s.next().unwrap(), Step::Open);
        assert_eq!(s.text().unwrap(), "t<xA");
        assert_eq!(s.next().unwrap(), Step::Open);
        assert_eq!(s.name(), b"c");
        assert_eq!(s.text().unwrap(), "");
        assert_eq!(s.next().unwrap(), Step::Close);
        assert_eq!(s.name(), b"a");
        assert_eq!(s.next().unwrap(), Step::Eof);
    }

    #[test]
    fn namespace_prefixes_are_dropped_from_names() {
        let mut s = stream(r#"<cvrf:doc vuln:Type="x"><vuln:CVE>CVE-1</vuln:CVE></cvrf:doc>"#);
        s.next().unwrap();
        assert_eq!(s.name(), b"doc");
        assert_eq!(s.attr(b"Type").unwrap().as_deref(), Some("x"));
        s.next().unwrap();
        assert_eq!(s.name(), b"CVE");
        assert_eq!(s.text().unwrap(), "CVE-1");
    }

    #[test]
    fn skip_consumes_nested_elements() {
        let mut s = stream("<a><b><c>x</c><d/></b><e/></a>");
        s.next().unwrap();
        s.next().unwrap();
        s.skip().unwrap();
        assert_eq!(s.next().unwrap(), Step::Open);
        assert_eq!(s.name(), b"e");
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error() {
        let deep = "<a>".repeat(100);
        let mut s = stream(&deep);
        let err = loop {
            match s.next() {
                Ok(Step::Eof) => panic!("no error"),
                Ok(_) => {}
                Err(err) => break err,
            }
        };
        assert!(err.to_string().contains("nesting deeper"), "{err}");
    }

    #[test]
    fn unknown_entities_and_mismatched_tags_are_errors_with_offsets() {
        let mut s = stream("<a>&bogus;</a>");
        s.next().unwrap();
        let err = s.text().unwrap_err();
        assert!(err.to_string().contains("&bogus;"), "{err}");
        let mut s = stream("<a><b></a>");
        s.next().unwrap();
        s.next().unwrap();
        let err = s.next().unwrap_err();
        assert!(err.to_string().starts_with("test xml, byte "), "{err}");
        assert!(err.to_string().contains("malformed xml"), "{err}");
        assert!(matches!(err.position(), Position::Offset(n) if n > 0));
    }

    #[test]
    fn errors_about_huge_attribute_values_stay_short() {
        // Found by the ingest_updateinfo fuzz target: the escape error quoted a whole entity.
        let xml = format!("<a x=\"&{};\"/>", "y".repeat(5000));
        let mut s = stream(&xml);
        s.next().unwrap();
        let err = s.attr(b"x").unwrap_err();
        assert!(err.to_string().len() < 300, "{}", err.to_string().len());
    }

    /// What a stream reports, driven the same way whatever its source: at each opened element
    /// read its attributes, then alternately its text, a skip, or nothing.
    fn transcript<R: Source>(mut s: XmlStream<R>) -> Vec<String> {
        let mut out = Vec::new();
        for turn in 0_usize.. {
            let step = match s.next() {
                Ok(step) => step,
                Err(err) => {
                    out.push(format!("error {err}"));
                    break;
                }
            };
            out.push(format!(
                "{step:?} {:?} {}",
                String::from_utf8_lossy(s.name()),
                s.depth()
            ));
            if step == Step::Eof {
                break;
            }
            if step != Step::Open {
                continue;
            }
            let mut attrs = Vec::new();
            let result = s.attrs(|k, v| attrs.push(format!("{}={v}", String::from_utf8_lossy(k))));
            out.push(format!(
                "attrs {attrs:?} {:?}",
                result.map_err(|e| e.to_string())
            ));
            let result = match turn % 3 {
                0 => s.text().map(str::to_owned),
                1 => s.skip().map(|()| "skipped".to_owned()),
                _ => Ok(String::new()),
            };
            out.push(format!("{:?}", result.map_err(|e| e.to_string())));
        }
        out
    }

    /// XML-ish text for the property tests: elements, attributes with entities, comments,
    /// CDATA, processing instructions, text, and stray `<`.
    const FRAGMENTS: &str = "(<a( k=\"[v&;amp ]{0,6}\")?>|</a>|<b/>|<c x='1'>|</c>|[tx &;lgt]{0,8}|<!--z-->|<!\\[CDATA\\[q\\]\\]>|<\\?p i\\?>|<)*";

    fn limits() -> XmlLimits {
        XmlLimits {
            max_depth: 4,
            max_text: 12,
            max_token: 12,
        }
    }

    #[test]
    fn a_slice_reads_as_a_buffered_stream_does() {
        let xml = r#"<?xml version="1.0"?><a x="1&amp;2" y='z'><b>t&lt;x</b><!-- c --><c/><d k="v"><e/>tail</d></a>"#;
        let limits = XmlLimits::default();
        let slice = transcript(XmlStream::new(xml.as_bytes(), "t", limits));
        let buffered = transcript(XmlStream::new(Buffered(xml.as_bytes()), "t", limits));
        assert_eq!(slice, buffered);
        assert!(slice.iter().any(|line| line.contains("x=1&2")), "{slice:?}");
    }

    proptest::proptest! {
        /// Reading the bytes of a whole file (events borrowed) and reading a stream through a
        /// small buffer give the same elements, attributes, texts and errors.
        #[test]
        fn slices_and_buffered_streams_agree(
            xml in FRAGMENTS,
        ) {
            let slice = transcript(XmlStream::new(xml.as_bytes(), "t", limits()));
            let buffered = transcript(XmlStream::new(
                Buffered(std::io::BufReader::with_capacity(3, xml.as_bytes())),
                "t",
                limits(),
            ));
            proptest::prop_assert_eq!(slice, buffered);
        }
    }

    proptest::proptest! {
        /// The bytes an event spans in the input are the bytes quick-xml's buffered reader
        /// holds for it (what the token limit counted before slices were read directly).
        #[test]
        fn spanned_bytes_are_the_buffered_bytes(
            xml in FRAGMENTS,
        ) {
            let input = std::io::BufReader::with_capacity(3, xml.as_bytes());
            let mut reader = quick_xml::Reader::from_reader(input);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                let start = reader.buffer_position();
                let done = matches!(reader.read_event_into(&mut buf), Ok(Event::Eof) | Err(_));
                let spanned = usize::try_from(reader.buffer_position() - start).unwrap();
                proptest::prop_assert_eq!(spanned, buf.len());
                if done {
                    break;
                }
            }
        }
    }

    #[test]
    fn text_longer_than_the_limit_is_an_error() {
        let limits = XmlLimits {
            max_text: 10,
            ..XmlLimits::default()
        };
        let mut s = XmlStream::new("<a>0123456789abc</a>".as_bytes(), "test xml", limits);
        s.next().unwrap();
        assert!(
            s.text()
                .unwrap_err()
                .to_string()
                .contains("more than 10 bytes")
        );
    }
}
