//! Decompression of the formats repositories and package managers store their files in.
//!
//! apt keeps lists plain, `.lz4` (Debian and Ubuntu's default), `.gz`, `.xz` or `.zst`;
//! dnf/yum metadata comes as `.gz`, `.xz`, `.bz2` or `.zst`. The format is recognised from the
//! data's magic bytes, never trusted from a file name. Every decoder is pure Rust (flate2 on
//! `miniz_oxide`, `lzma-rs`, `lz4_flex`, `ruzstd`, `bzip2` on `libbz2-rs-sys`): no C toolchain, no unsafe
//! code of ours, and every decompressed size is bounded by a limit against decompression bombs.
//!
//! Each format is a cargo feature named like the format (`gzip`, `xz`, `lz4`, `zstd`, `bzip2`;
//! `compression`, the default, is all five). Data in a format whose feature is off is refused
//! with an error naming the feature ([`Compression::is_supported`]); plain data always reads.
//!
//! ```
//! use patchcore_ingest::compress::{self, Compression};
//!
//! let plain = b"Package: bash\n";
//! assert_eq!(Compression::detect(plain), Compression::None);
//! let text = compress::decompress(plain, 1 << 20).unwrap();
//! assert_eq!(&*text, plain);
//! ```

use std::borrow::Cow;
use std::io::{self, Cursor, Read};

use crate::error::{Error, ErrorKind};

/// The default limit on decompressed sizes: 2 GiB, well above the largest real Packages or
/// primary.xml files (a few hundred MB), far below what exhausts memory by surprise.
pub const DEFAULT_LIMIT: u64 = 2 << 30;

const FORMAT: &str = "compressed input";

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), one or several members.
    Gzip,
    /// xz (`.xz`).
    Xz,
    /// LZ4 frame format (`.lz4`, apt's default).
    Lz4,
    /// Zstandard (`.zst`).
    Zstd,
    /// bzip2 (`.bz2`).
    Bzip2,
}

impl Compression {
    /// Recognises the format from the first bytes of the data (6 suffice); anything else is
    /// [`Compression::None`].
    pub fn detect(head: &[u8]) -> Self {
        match head {
            [0x1f, 0x8b, ..] => Self::Gzip,
            [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Self::Xz,
            [0x04, 0x22, 0x4d, 0x18, ..] => Self::Lz4,
            [0x28, 0xb5, 0x2f, 0xfd, ..] => Self::Zstd,
            [b'B', b'Z', b'h', b'1'..=b'9', ..] => Self::Bzip2,
            _ => Self::None,
        }
    }

    /// The format a file name's extension announces (`Packages.lz4` → `Lz4`); names without a
    /// known extension are [`Compression::None`]. Used to strip the extension from apt list
    /// names; the data itself is always recognised by [`Compression::detect`].
    pub fn from_file_name(name: &str) -> Self {
        match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("gz") => Self::Gzip,
            Some("xz") => Self::Xz,
            Some("lz4") => Self::Lz4,
            Some("zst") => Self::Zstd,
            Some("bz2") => Self::Bzip2,
            _ => Self::None,
        }
    }

    /// Whether this build decodes the format: plain data always; a compressed format when its
    /// cargo feature (named like [`Compression::name`]) is on.
    pub fn is_supported(self) -> bool {
        match self {
            Self::None => true,
            Self::Gzip => cfg!(feature = "gzip"),
            Self::Xz => cfg!(feature = "xz"),
            Self::Lz4 => cfg!(feature = "lz4"),
            Self::Zstd => cfg!(feature = "zstd"),
            Self::Bzip2 => cfg!(feature = "bzip2"),
        }
    }

    /// The format's name in messages, which is also the name of its cargo feature.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "plain",
            Self::Gzip => "gzip",
            Self::Xz => "xz",
            Self::Lz4 => "lz4",
            Self::Zstd => "zstd",
            Self::Bzip2 => "bzip2",
        }
    }
}

fn corrupt(codec: Compression, err: &dyn std::fmt::Display) -> Error {
    Error::new(
        FORMAT,
        ErrorKind::Decompress {
            codec: codec.name(),
            message: crate::error::truncate(&err.to_string()).into_owned(),
        },
    )
}

/// The error for data in a format this build does not decode.
fn unsupported(codec: Compression) -> Error {
    let name = codec.name();
    Error::new(
        FORMAT,
        ErrorKind::Other {
            message: format!(
                "the data is compressed with {name}, but patchcore-ingest was built without the `{name}` feature"
            ),
        },
    )
}

/// `Ok` when this build decodes `codec`, else the error naming its feature.
fn ensure_supported(codec: Compression) -> Result<(), Error> {
    if codec.is_supported() {
        Ok(())
    } else {
        Err(unsupported(codec))
    }
}

fn too_large(limit: u64) -> Error {
    Error::new(FORMAT, ErrorKind::TooLarge { limit })
}

/// Reads all of `reader`, at most `limit` bytes.
///
/// # Errors
/// [`ErrorKind::Io`] when reading fails, [`ErrorKind::TooLarge`] above the limit.
pub fn read_limited(reader: impl Read, limit: u64) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| Error::new(FORMAT, ErrorKind::Io(e)))?;
    if out.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(out)
}

/// Decompresses `data` in whatever format its magic bytes announce (plain data is returned as
/// it is), producing at most `limit` bytes.
///
/// # Errors
/// [`ErrorKind::Decompress`] for corrupt data, [`ErrorKind::TooLarge`] above the limit, and
/// an error naming the feature for a format this build does not decode.
pub fn decompress(data: &[u8], limit: u64) -> Result<Cow<'_, [u8]>, Error> {
    let codec = Compression::detect(data);
    if codec == Compression::None {
        if data.len() as u64 > limit {
            return Err(too_large(limit));
        }
        return Ok(Cow::Borrowed(data));
    }
    ensure_supported(codec)?;
    let mut out = Vec::new();
    let result = match codec {
        Compression::Xz => xz_decompress(data, &mut out, limit)?,
        _ => stream_decoder(codec, data).and_then(|d| {
            d.take(limit.saturating_add(1))
                .read_to_end(&mut out)
                .map(drop)
        }),
    };
    match result {
        Ok(()) if out.len() as u64 > limit => Err(too_large(limit)),
        Ok(()) => Ok(Cow::Owned(out)),
        Err(e) if e.kind() == io::ErrorKind::FileTooLarge => Err(too_large(limit)),
        Err(e) => Err(corrupt(codec, &e)),
    }
}

/// xz into `out`, at most `limit` bytes (the outer `Err`), or the decoder's own error.
#[cfg(feature = "xz")]
fn xz_decompress(data: &[u8], out: &mut Vec<u8>, limit: u64) -> Result<io::Result<()>, Error> {
    let mut writer = LimitedWriter {
        out,
        limit,
        exceeded: false,
    };
    let result = lzma_rs::xz_decompress(&mut io::BufReader::new(data), &mut writer);
    if writer.exceeded {
        return Err(too_large(limit));
    }
    Ok(result.map_err(|e| io::Error::other(e.to_string())))
}

/// Without the `xz` feature: refused (callers check [`Compression::is_supported`] first).
#[cfg(not(feature = "xz"))]
fn xz_decompress(_: &[u8], _: &mut Vec<u8>, _: u64) -> Result<io::Result<()>, Error> {
    Err(unsupported(Compression::Xz))
}

/// Reads all of `reader` (at most `limit` bytes) and decompresses it (at most `limit` bytes).
///
/// # Errors
/// As [`read_limited`] and [`decompress`].
pub fn read_decompressed(reader: impl Read, limit: u64) -> Result<Vec<u8>, Error> {
    let raw = read_limited(reader, limit)?;
    Ok(match decompress(&raw, limit)? {
        Cow::Borrowed(_) => raw,
        Cow::Owned(out) => out,
    })
}

/// A streaming reader of the decompressed content of `reader`, for readers that must not hold
/// a whole file (XML repository metadata). The format is recognised from the first bytes. Reads
/// past `limit` decompressed bytes fail with an [`io::ErrorKind::FileTooLarge`] error. xz has no
/// streaming decoder in pure Rust: it is decompressed in memory (within the limit) first.
///
/// # Errors
/// [`ErrorKind::Io`] when the first bytes cannot be read; xz data that does not decompress; a
/// format this build does not decode (the error names the feature).
pub fn decoder<'a>(mut reader: impl Read + 'a, limit: u64) -> Result<Box<dyn Read + 'a>, Error> {
    let mut head = [0_u8; 6];
    let mut filled = 0;
    while filled < head.len() {
        let n = match reader.read(head.get_mut(filled..).unwrap_or_default()) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::new(FORMAT, ErrorKind::Io(e))),
        };
        if n == 0 {
            break;
        }
        filled += n;
    }
    let head = head.get(..filled).unwrap_or_default().to_vec();
    let codec = Compression::detect(&head);
    ensure_supported(codec)?;
    let whole = Cursor::new(head).chain(reader);
    let inner: Box<dyn Read + 'a> = match codec {
        Compression::None => Box::new(whole),
        Compression::Xz => {
            let raw = read_limited(whole, limit)?;
            Box::new(Cursor::new(decompress(&raw, limit)?.into_owned()))
        }
        _ => stream_decoder(codec, whole).map_err(|e| corrupt(codec, &e))?,
    };
    Ok(Box::new(LimitedReader {
        inner,
        left: limit,
        limit,
    }))
}

fn stream_decoder<'a>(
    codec: Compression,
    reader: impl Read + 'a,
) -> io::Result<Box<dyn Read + 'a>> {
    Ok(match codec {
        #[cfg(feature = "gzip")]
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        #[cfg(feature = "lz4")]
        Compression::Lz4 => Box::new(lz4_flex::frame::FrameDecoder::new(reader)),
        #[cfg(feature = "zstd")]
        Compression::Zstd => Box::new(
            ruzstd::decoding::StreamingDecoder::new(reader)
                .map_err(|e| io::Error::other(e.to_string()))?,
        ),
        #[cfg(feature = "bzip2")]
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(reader)),
        Compression::None | Compression::Xz => Box::new(reader),
        // A format whose feature is off: callers refuse it before (`ensure_supported`).
        #[allow(unreachable_patterns)]
        _ => {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                format!("{} support is not built in", codec.name()),
            ));
        }
    })
}

/// A writer that fails once more than `limit` bytes were written.
#[cfg(feature = "xz")]
struct LimitedWriter<'a> {
    out: &'a mut Vec<u8>,
    limit: u64,
    exceeded: bool,
}

#[cfg(feature = "xz")]
impl io::Write for LimitedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if (self.out.len() + buf.len()) as u64 > self.limit {
            self.exceeded = true;
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                "decompressed size above the limit",
            ));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A reader that fails (instead of silently stopping) past `limit` bytes.
struct LimitedReader<'a> {
    inner: Box<dyn Read + 'a>,
    left: u64,
    limit: u64,
}

impl Read for LimitedReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "decompressed input is larger than the limit of {} bytes",
                    self.limit
                ),
            )
        })?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const TEXT: &[u8] = b"Package: bash\nVersion: 5.2.15-2+b7\n\nPackage: zsh\nVersion: 5.9-4+b2\n";

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn lz4(data: &[u8]) -> Vec<u8> {
        let mut e = lz4_flex::frame::FrameEncoder::new(Vec::new());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn xz(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        lzma_rs::xz_compress(&mut io::BufReader::new(data), &mut out).unwrap();
        out
    }

    fn bzip2(data: &[u8]) -> Vec<u8> {
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// An uncompressed zstd frame (raw blocks), written by hand from RFC 8878 section 3.1.1:
    /// magic, frame header with single-segment flag and 1-byte content size, one last raw block.
    fn zstd_raw(data: &[u8]) -> Vec<u8> {
        let len = u8::try_from(data.len()).unwrap();
        let mut out = vec![0x28, 0xb5, 0x2f, 0xfd, 0x20, len];
        let header = (u32::from(len) << 3) | 1; // last block, type raw
        out.extend_from_slice(&header.to_le_bytes()[..3]);
        out.extend_from_slice(data);
        out
    }

    fn every_format(data: &[u8]) -> [(&'static str, Vec<u8>); 5] {
        [
            ("gzip", gzip(data)),
            ("lz4", lz4(data)),
            ("xz", xz(data)),
            ("bzip2", bzip2(data)),
            ("zstd", zstd_raw(data)),
        ]
    }

    #[test]
    fn every_format_apt_and_dnf_store_decompresses_to_the_original() {
        for (name, packed) in every_format(TEXT) {
            assert_eq!(Compression::detect(&packed).name(), name);
            if !Compression::detect(&packed).is_supported() {
                continue; // see formats_built_without_their_feature_are_refused_naming_it
            }
            assert_eq!(&*decompress(&packed, 1 << 20).unwrap(), TEXT, "{name}");
            let mut streamed = Vec::new();
            decoder(&packed[..], 1 << 20)
                .unwrap()
                .read_to_end(&mut streamed)
                .unwrap();
            assert_eq!(streamed, TEXT, "{name} streamed");
        }
    }

    #[test]
    fn decompressed_size_is_limited_against_bombs() {
        let bomb = vec![b'a'; 1 << 20];
        for packed in [gzip(&bomb), lz4(&bomb), xz(&bomb), bzip2(&bomb)] {
            if !Compression::detect(&packed).is_supported() {
                continue;
            }
            let err = decompress(&packed, 1000).unwrap_err();
            assert!(
                matches!(err.kind(), ErrorKind::TooLarge { limit: 1000 }),
                "{err}"
            );
            let mut sink = Vec::new();
            let streamed = decoder(&packed[..], 1000).and_then(|mut d| {
                d.read_to_end(&mut sink)
                    .map_err(|e| Error::new(FORMAT, ErrorKind::Io(e)))
            });
            assert!(streamed.is_err());
        }
    }

    #[test]
    fn formats_built_without_their_feature_are_refused_naming_it() {
        let features = [
            ("gzip", cfg!(feature = "gzip")),
            ("lz4", cfg!(feature = "lz4")),
            ("xz", cfg!(feature = "xz")),
            ("bzip2", cfg!(feature = "bzip2")),
            ("zstd", cfg!(feature = "zstd")),
        ];
        for ((name, packed), (feature, on)) in every_format(TEXT).into_iter().zip(features) {
            assert_eq!(name, feature);
            assert_eq!(Compression::detect(&packed).is_supported(), on, "{name}");
            if on {
                continue;
            }
            let expected = format!(
                "compressed with {name}, but patchcore-ingest was built without the `{name}` feature"
            );
            let err = decompress(&packed, 1 << 20).unwrap_err();
            assert!(err.to_string().contains(&expected), "{err}");
            let Err(err) = decoder(&packed[..], 1 << 20) else {
                panic!("{name}: decoder accepted a format that is not built in")
            };
            assert!(err.to_string().contains(&expected), "{err}");
            assert!(!err.to_string().contains('\n'));
        }
        assert!(Compression::None.is_supported());
    }

    #[test]
    #[cfg(feature = "gzip")]
    fn corrupt_data_is_an_error_naming_the_codec() {
        let mut packed = gzip(TEXT);
        let len = packed.len();
        packed[len / 2] ^= 0xff;
        packed.truncate(len - 4);
        let err = decompress(&packed, 1 << 20).unwrap_err();
        assert!(err.to_string().contains("gzip"), "{err}");
    }

    #[test]
    fn file_name_extensions_are_recognised() {
        assert_eq!(
            Compression::from_file_name("x_Packages.lz4"),
            Compression::Lz4
        );
        assert_eq!(
            Compression::from_file_name("updateinfo.xml.zst"),
            Compression::Zstd
        );
        assert_eq!(Compression::from_file_name("x_Packages"), Compression::None);
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..512), codec in 0_usize..5) {
            let magic: [&[u8]; 5] = [&[0x1f, 0x8b], &[0xfd, b'7', b'z', b'X', b'Z', 0], &[4, 0x22, 0x4d, 0x18], &[0x28, 0xb5, 0x2f, 0xfd], b"BZh9"];
            let mut input = magic[codec].to_vec();
            input.extend(data);
            let _ = decompress(&input, 1 << 16);
        }
    }
}
