//! Where an [`XmlStream`](super::XmlStream) reads from.
//!
//! quick-xml reads a byte slice without copying (its events borrow the slice) but must copy
//! each event of a stream into a buffer; the two need different calls. A whole file in memory
//! (the `parse` functions) is read as a slice, a decompressing stream (the `read` functions,
//! [`NoticeReader`](crate::updateinfo::NoticeReader)) through [`Buffered`].

use std::io::{BufRead, Read};

use quick_xml::events::Event;

/// What an [`XmlStream`] reads: a byte slice, whose events borrow it (nothing is copied), or
/// any buffered reader in [`Buffered`], whose events are copied into the stream's buffer.
pub(crate) trait Source: Sized {
    /// A copy of the input that stays readable while the stream reads it (a slice); `None`
    /// when the input is consumed as it is read.
    fn whole(&self) -> Option<Self>;

    /// The bytes of such a copy (empty for a consumed input).
    fn bytes(&self) -> &[u8];

    /// The next event of `reader`, borrowing `buf` or the input.
    fn read<'b>(
        reader: &mut quick_xml::Reader<Self>,
        buf: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b;
}

impl Source for &[u8] {
    fn whole(&self) -> Option<Self> {
        Some(self)
    }

    fn bytes(&self) -> &[u8] {
        self
    }

    fn read<'b>(
        reader: &mut quick_xml::Reader<Self>,
        _: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b,
    {
        reader.read_event()
    }
}

/// A buffered reader as a [`Source`]: for input that is decompressed or read as it streams.
#[derive(Debug)]
pub(crate) struct Buffered<R>(pub(crate) R);

impl<R: BufRead> Read for Buffered<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(out)
    }
}

impl<R: BufRead> BufRead for Buffered<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.0.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.0.consume(amount);
    }
}

impl<R: BufRead> Source for Buffered<R> {
    fn whole(&self) -> Option<Self> {
        None
    }

    fn bytes(&self) -> &[u8] {
        &[]
    }

    fn read<'b>(
        reader: &mut quick_xml::Reader<Self>,
        buf: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b,
    {
        reader.read_event_into(buf)
    }
}
