//! yum/dnf `updateinfo.xml`: the update notices (advisories) of an RPM repository.
//!
//! Read as a stream with quick-xml — never a DOM — so a 100 MB file costs memory only for the
//! notices it yields. [`parse`] reads the events straight out of the bytes it is given (nothing
//! is copied but the values kept); [`read`] and [`NoticeReader`] stream through a buffer.
//! Plain, gzip, xz, bzip2 and zstd files are read alike (the format is recognised from the
//! data, as repositories ship `updateinfo.xml.gz`, `.xz`, `.bz2`, `.zst`).
//!
//! Every `<update>` becomes an [`UpdateNotice`] in file order (observed.md N5) with its
//! `type`, `status`, `<id>`, `<title>`, `<severity>`, the raw text of `<issued date>` and
//! `<updated date>` (observed.md D3: the evaluation parses them per OS family), the
//! references (`type` `cve`, `bugzilla`, `self` and others, with their ids) and the package
//! list: every `<package>` of every `<collection>`, with its module stream when the collection
//! has a `<module>`. Unknown elements and attributes are ignored.
//!
//! Decisions (the formats leave them open):
//! - a collection naming several modules (libdnf's test data has one) lists each of its
//!   packages once per module: the evaluation's rule "a notice package counts only when its
//!   module stream is enabled" (observed.md N4) then applies to each stream separately;
//! - a date that no known form reads (see [`parse_notice_date`]) is not fatal: the raw text is
//!   kept and a [`Warning`] names the notice, the field and the text;
//! - a package without an `epoch` attribute has no epoch (0); one without `name`, `version`,
//!   `release` or `arch`, and an `<update>` without `<id>`, are errors with their byte offset.
//!
//! ```
//! use patchcore_ingest::updateinfo;
//!
//! let xml = br#"<updates><update type="security" status="final">
//!   <id>ALAS2023-2023-001</id><issued date="2023-02-17 20:41"/><severity>Important</severity>
//!   <references><reference id="CVE-2022-24903" type="cve"/></references>
//!   <pkglist><collection short="al2023"><package name="rsyslog" epoch="0" version="8.2204.0"
//!     release="3.amzn2023.0.2" arch="x86_64"/></collection></pkglist>
//! </update></updates>"#;
//! let info = updateinfo::parse(xml, &updateinfo::Options::default()).unwrap();
//! let notice = &info.catalog.notices()[0];
//! assert_eq!(notice.severity.as_deref(), Some("Important"));
//! assert_eq!(notice.issued.as_deref(), Some("2023-02-17 20:41"));
//! assert_eq!(notice.packages[0].evr.to_string(), "0:8.2204.0-3.amzn2023.0.2");
//! assert!(info.warnings.is_empty());
//! ```

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use patchcore_rules::facts::{
    ModuleStream, NoticePackage, NoticeReference, ReferenceKind, Repository, RpmCatalog,
    RpmCatalogBuilder, UpdateNotice,
};

use crate::compress;
use crate::error::{Error, ErrorKind, Position, truncate};
use crate::xml::{Buffered, Source, Step, XmlLimits, XmlStream};

const FORMAT: &str = "updateinfo.xml";

/// How to read a repository metadata file (`updateinfo.xml`, `primary.xml`).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The repository the file comes from (`amzn2-core`, `baseos`): recorded on every notice of
    /// an updateinfo file, and as the repository offering every package of a primary file
    /// (without one, those are recorded under a repository with an empty id).
    pub repository: Option<String>,
    /// Largest decompressed input accepted, in bytes; `None` for
    /// [`compress::DEFAULT_LIMIT`].
    pub max_size: Option<u64>,
}

impl Options {
    /// Options naming the repository the file comes from.
    pub fn for_repository(repository: impl Into<String>) -> Self {
        Self {
            repository: Some(repository.into()),
            ..Self::default()
        }
    }
}

/// Something in the file that is kept but looks wrong (an unreadable date).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// Where it was found.
    pub position: Position,
    /// What is wrong, naming the notice and the offending text.
    pub message: String,
}

/// The notices of one updateinfo file, and the warnings found while reading it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Updateinfo {
    /// The notices, in file order (no offered packages: those come from `primary.xml`).
    pub catalog: RpmCatalog,
    /// Unreadable dates and the like; the notices are still there.
    pub warnings: Vec<Warning>,
}

/// Reads an updateinfo file, plain or compressed.
///
/// # Errors
/// As [`NoticeReader::next_notice`]; also when the input is larger than the limit or its
/// compression is corrupt.
pub fn read(reader: impl Read, options: &Options) -> Result<Updateinfo, Error> {
    let limit = options.max_size.unwrap_or(compress::DEFAULT_LIMIT);
    let decoded = compress::decoder(reader, limit).map_err(|e| e.in_format(FORMAT))?;
    collect(
        Notices::new(Buffered(BufReader::with_capacity(64 << 10, decoded))),
        options,
    )
}

/// Reads updateinfo bytes, plain or compressed.
///
/// # Errors
/// As [`read`].
pub fn parse(bytes: &[u8], options: &Options) -> Result<Updateinfo, Error> {
    let limit = options.max_size.unwrap_or(compress::DEFAULT_LIMIT);
    let text = compress::decompress(bytes, limit).map_err(|e| e.in_format(FORMAT))?;
    // The events borrow the decompressed bytes: nothing is copied out of them but the values
    // kept.
    collect(Notices::new(&*text), options)
}

fn collect<R: Source>(mut reader: Notices<R>, options: &Options) -> Result<Updateinfo, Error> {
    let mut builder = RpmCatalogBuilder::default();
    let repository = options
        .repository
        .clone()
        .map(|id| builder.repository(Repository::new(id)));
    while let Some(mut notice) = reader.next_notice()? {
        notice.repository = repository;
        builder.notice(notice);
    }
    Ok(Updateinfo {
        catalog: builder.build(),
        warnings: reader.warnings,
    })
}

/// A pull reader of the notices of an (uncompressed) updateinfo stream, one `<update>` at a
/// time; it holds one notice in memory, whatever the file size.
pub struct NoticeReader<R> {
    notices: Notices<Buffered<R>>,
}

impl<R> std::fmt::Debug for NoticeReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NoticeReader")
            .field("warnings", &self.notices.warnings)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead> NoticeReader<R> {
    /// A reader of the uncompressed XML in `input` (wrap compressed input in
    /// [`compress::decoder`] first).
    pub fn new(input: R) -> Self {
        Self {
            notices: Notices::new(Buffered(input)),
        }
    }

    /// The warnings found so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.notices.warnings
    }

    /// The next notice, or `None` after the last one.
    ///
    /// # Errors
    /// Malformed XML, a root element other than `<updates>`, an `<update>` without `<id>`, a
    /// `<package>` without `name`, `version`, `release` or `arch`, an invalid version, or a
    /// limit exceeded (nesting, text size) — with the byte offset.
    pub fn next_notice(&mut self) -> Result<Option<UpdateNotice>, Error> {
        self.notices.next_notice()
    }
}

impl<R: BufRead> Iterator for NoticeReader<R> {
    type Item = Result<UpdateNotice, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_notice() {
            Ok(notice) => notice.map(Ok),
            Err(err) => {
                self.notices.done = true;
                Some(Err(err))
            }
        }
    }
}

/// The reader behind [`NoticeReader`] and [`parse`], over any XML [`Source`]: a buffered
/// stream, or the bytes of a whole file (then without copying the events).
struct Notices<R> {
    xml: XmlStream<R>,
    warnings: Vec<Warning>,
    /// Where each package's EVR text is assembled before it is parsed.
    scratch: String,
    started: bool,
    done: bool,
}

impl<R: Source> Notices<R> {
    fn new(input: R) -> Self {
        Self {
            xml: XmlStream::new(input, FORMAT, XmlLimits::default()),
            warnings: Vec::new(),
            scratch: String::with_capacity(64),
            started: false,
            done: false,
        }
    }

    fn next_notice(&mut self) -> Result<Option<UpdateNotice>, Error> {
        if self.done {
            return Ok(None);
        }
        loop {
            match self.xml.next()? {
                Step::Eof => {
                    self.done = true;
                    if !self.started {
                        return Err(self.xml.error("no <updates> element"));
                    }
                    return Ok(None);
                }
                Step::Close => {}
                Step::Open if !self.started => {
                    if self.xml.name() != b"updates" {
                        let name = String::from_utf8_lossy(self.xml.name()).into_owned();
                        return Err(Error::new(
                            FORMAT,
                            ErrorKind::WrongKind {
                                expected: "an updateinfo document",
                                reason: format!(
                                    "the root element is <{}>, not <updates>",
                                    truncate(&name)
                                ),
                            },
                        )
                        .at(Position::Offset(self.xml.offset())));
                    }
                    self.started = true;
                }
                Step::Open if self.xml.depth() == 2 && self.xml.name() == b"update" => {
                    let start = self.xml.offset();
                    return self.update(start).map(Some);
                }
                Step::Open => self.xml.skip()?,
            }
        }
    }

    /// Reads one `<update>`, just opened at byte `start`.
    fn update(&mut self, start: u64) -> Result<UpdateNotice, Error> {
        let mut notice = UpdateNotice::new("", "");
        self.xml.attrs(|key, value| match key {
            b"type" => notice.notice_type = value.trim().to_owned(),
            b"status" => notice.status = non_empty(&value),
            _ => {}
        })?;
        let depth = self.xml.depth();
        loop {
            match self.xml.next()? {
                Step::Eof => return Err(self.xml.error("xml input ended inside an <update>")),
                Step::Close if self.xml.depth() < depth => break,
                Step::Close => {}
                Step::Open => match self.xml.name() {
                    b"id" => notice.id = self.xml.text()?.trim().to_owned(),
                    b"title" => notice.title = non_empty(self.xml.text()?),
                    b"severity" => notice.severity = non_empty(self.xml.text()?),
                    b"issued" => notice.issued = self.date()?,
                    b"updated" => notice.updated = self.date()?,
                    b"references" => self.references(&mut notice.references)?,
                    b"pkglist" => self.pkglist(&mut notice.packages)?,
                    _ => self.xml.skip()?,
                },
            }
        }
        if notice.id.is_empty() {
            return Err(Error::new(
                FORMAT,
                ErrorKind::MissingField {
                    field: "id",
                    context: format!("<update type=\"{}\">", truncate(&notice.notice_type)),
                },
            )
            .at(Position::Offset(start)));
        }
        for (field, text) in [("issued", &notice.issued), ("updated", &notice.updated)] {
            if let Some(text) = text {
                if parse_notice_date(text).is_none() {
                    self.warnings.push(Warning {
                        position: Position::Offset(start),
                        message: format!(
                            "notice {}: unreadable {field} date {:?} kept as text (the evaluation dates it 1970-01-01)",
                            truncate(&notice.id),
                            truncate(text)
                        ),
                    });
                }
            }
        }
        Ok(notice)
    }

    /// The `date` attribute of `<issued>`/`<updated>` (its text when there is no attribute).
    fn date(&mut self) -> Result<Option<String>, Error> {
        // The first `date` attribute counts, when it is not blank.
        let (mut seen, mut date) = (false, None);
        self.xml.attrs(|key, value| {
            if key == b"date" && !seen {
                seen = true;
                date = non_empty(&value);
            }
        })?;
        let text = self.xml.text()?;
        Ok(date.or_else(|| non_empty(text)))
    }

    fn references(&mut self, out: &mut Vec<NoticeReference>) -> Result<(), Error> {
        let depth = self.xml.depth();
        loop {
            match self.xml.next()? {
                Step::Eof => return Err(self.xml.error("xml input ended inside <references>")),
                Step::Close if self.xml.depth() < depth => return Ok(()),
                Step::Close => {}
                Step::Open if self.xml.name() == b"reference" => {
                    let (mut kind, mut id) = (None, None);
                    self.xml.attrs(|key, value| match key {
                        b"type" => kind = Some(value.trim().to_owned()),
                        b"id" => id = Some(value.trim().to_owned()),
                        _ => {}
                    })?;
                    self.xml.skip()?;
                    if let Some(id) = id.filter(|id| !id.is_empty()) {
                        let kind = match kind.as_deref().unwrap_or("") {
                            "cve" => ReferenceKind::Cve,
                            "bugzilla" => ReferenceKind::Bugzilla,
                            "self" => ReferenceKind::Advisory,
                            other => ReferenceKind::Other(other.to_owned()),
                        };
                        out.push(NoticeReference::new(kind, id));
                    }
                }
                Step::Open => self.xml.skip()?,
            }
        }
    }

    fn pkglist(&mut self, out: &mut Vec<NoticePackage>) -> Result<(), Error> {
        let depth = self.xml.depth();
        let mut modules: Vec<ModuleStream> = Vec::new();
        let mut packages: Vec<NoticePackage> = Vec::new();
        loop {
            match self.xml.next()? {
                Step::Eof => return Err(self.xml.error("xml input ended inside <pkglist>")),
                Step::Close if self.xml.depth() < depth => return Ok(()),
                Step::Close => {
                    if self.xml.name() == b"collection" && self.xml.depth() == depth {
                        flush_collection(&mut modules, &mut packages, out);
                    }
                }
                Step::Open => match self.xml.name() {
                    b"collection" => {}
                    b"module" => {
                        let (mut name, mut stream) = (String::new(), String::new());
                        self.xml.attrs(|key, value| match key {
                            b"name" => name = value.trim().to_owned(),
                            b"stream" => stream = value.trim().to_owned(),
                            _ => {}
                        })?;
                        self.xml.skip()?;
                        if !name.is_empty() {
                            modules.push(ModuleStream::new(name, stream));
                        }
                    }
                    b"package" => {
                        let start = self.xml.offset();
                        let package = self.package().map_err(|e| {
                            if e.position() == Position::Input {
                                e.at(Position::Offset(start))
                            } else {
                                e
                            }
                        })?;
                        self.xml.skip()?;
                        packages.push(package);
                    }
                    _ => self.xml.skip()?,
                },
            }
        }
    }

    /// The attributes of a `<package>` just opened.
    fn package(&mut self) -> Result<NoticePackage, Error> {
        let mut fields: [Option<Cow<'_, str>>; 5] = Default::default();
        self.xml.attrs(|key, value| {
            let slot = match key {
                b"name" => 0,
                b"epoch" => 1,
                b"version" => 2,
                b"release" => 3,
                b"arch" => 4,
                _ => return,
            };
            if let Some(field) = fields.get_mut(slot) {
                *field = Some(value);
            }
        })?;
        let [name, epoch, version, release, arch] = fields;
        let (Some(n), Some(v), Some(r), Some(a)) = (&name, &version, &release, &arch) else {
            let field = match (&name, &version, &release) {
                (None, _, _) => "name",
                (_, None, _) => "version",
                (_, _, None) => "release",
                _ => "arch",
            };
            let context = format!(
                "<package name=\"{}\">",
                truncate(name.as_deref().unwrap_or(""))
            );
            return Err(Error::new(
                FORMAT,
                ErrorKind::MissingField { field, context },
            ));
        };
        let epoch = epoch.as_deref().map(str::trim).filter(|e| !e.is_empty());
        let evr = crate::rpm_qa::rpm_evr(&mut self.scratch, FORMAT, epoch, v.trim(), r.trim())?;
        Ok(NoticePackage::new(n.trim(), a.trim(), evr))
    }
}

/// Moves the packages of a finished collection to `out`, once per module of the collection
/// (once without module when it has none).
fn flush_collection(
    modules: &mut Vec<ModuleStream>,
    packages: &mut Vec<NoticePackage>,
    out: &mut Vec<NoticePackage>,
) {
    if modules.is_empty() {
        out.append(packages);
        return;
    }
    for package in packages.drain(..) {
        for module in modules.iter() {
            let mut entry = package.clone();
            entry.module = Some(module.clone());
            out.push(entry);
        }
    }
    modules.clear();
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Reads a notice date the way patchcore reads them on dnf and zypper (observed.md D3): UTC,
/// `YYYY-MM-DD` optionally followed by ` HH`, ` HH:MM` or ` HH:MM:SS` (anything after that is
/// ignored, so `2013-01-27 16:08:05 UTC` is 16:08:05), or a whole number of seconds since the
/// Unix epoch (`1555429284`). yum reads the same forms except epoch seconds.
///
/// `None` for anything else (`15mangled2`); the evaluation then dates the notice 1970-01-01.
///
/// ```
/// use patchcore_ingest::updateinfo::parse_notice_date;
///
/// assert_eq!(parse_notice_date("2023-02-22 23:22").unwrap().to_rfc3339(), "2023-02-22T23:22:00+00:00");
/// assert_eq!(parse_notice_date("1555429284").unwrap().to_rfc3339(), "2019-04-16T15:41:24+00:00");
/// assert_eq!(parse_notice_date("15mangled2"), None);
/// ```
pub fn parse_notice_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        return DateTime::from_timestamp(text.parse().ok()?, 0);
    }
    let date = ymd(text.get(..10)?)?;
    let rest = text.get(10..).unwrap_or("");
    let mut time = [0_u32; 3];
    if let Some(clock) = rest.strip_prefix(' ') {
        // Up to three two-digit fields separated by ':'; whatever follows is ignored.
        let mut chars = clock.as_bytes();
        for (i, slot) in time.iter_mut().enumerate() {
            if i > 0 {
                match chars.split_first() {
                    Some((b':', tail)) => chars = tail,
                    _ => break,
                }
            }
            match chars {
                [a, b, tail @ ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
                    *slot = u32::from(a - b'0') * 10 + u32::from(b - b'0');
                    chars = tail;
                }
                _ if i == 0 => break,
                _ => return None,
            }
        }
    }
    let [h, m, s] = time;
    Some(date.and_time(NaiveTime::from_hms_opt(h, m, s)?).and_utc())
}

/// `YYYY-MM-DD` as chrono's `%Y-%m-%d` reads it. The form every repository writes is read
/// directly (chrono's format parser costs more than the rest of a notice); anything else goes
/// through chrono, so the accepted forms are chrono's.
fn ymd(text: &str) -> Option<NaiveDate> {
    let digits = |part: &[u8]| {
        part.iter().try_fold(0_u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    match text.as_bytes() {
        [y @ .., b'-', m1, m2, b'-', d1, d2] if y.len() == 4 => {
            let (Some(year), Some(month), Some(day)) =
                (digits(y), digits(&[*m1, *m2]), digits(&[*d1, *d2]))
            else {
                return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            };
            NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
        }
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(xml: &str) -> Result<Updateinfo, Error> {
        parse(xml.as_bytes(), &Options::default())
    }

    #[test]
    fn notice_dates_in_every_form_seen() {
        let at = |s: &str| parse_notice_date(s).map(|d| d.to_rfc3339());
        assert_eq!(
            at("2012-01-27 16:08:06").as_deref(),
            Some("2012-01-27T16:08:06+00:00")
        );
        assert_eq!(
            at("2018-01-11 21:05").as_deref(),
            Some("2018-01-11T21:05:00+00:00")
        );
        assert_eq!(
            at("2013-01-27 16:08:05 UTC").as_deref(),
            Some("2013-01-27T16:08:05+00:00")
        );
        assert_eq!(
            at("2024-06-14 12").as_deref(),
            Some("2024-06-14T12:00:00+00:00")
        );
        assert_eq!(
            at("2024-06-14").as_deref(),
            Some("2024-06-14T00:00:00+00:00")
        );
        // Only the first ten characters of an ISO form read (observed.md D3).
        assert_eq!(
            at("2024-06-14T13:00:00Z").as_deref(),
            Some("2024-06-14T00:00:00+00:00")
        );
        assert_eq!(
            at("1555429284").as_deref(),
            Some("2019-04-16T15:41:24+00:00")
        );
        assert_eq!(at("15mangled2"), None);
        assert_eq!(at("2024-13-01"), None);
        assert_eq!(at("2024-06-14 25:00"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn unreadable_dates_are_warnings_not_errors() {
        let info = read_str(r#"<updates><update type="bugfix"><id>X-1</id><issued date="15mangled2"/></update></updates>"#).unwrap();
        assert_eq!(
            info.catalog.notices()[0].issued.as_deref(),
            Some("15mangled2")
        );
        assert_eq!(info.warnings.len(), 1);
        assert!(
            info.warnings[0].message.contains("X-1"),
            "{}",
            info.warnings[0].message
        );
        assert!(info.warnings[0].message.contains("15mangled2"));
    }

    #[test]
    fn module_collections_tag_each_package_once_per_module() {
        let xml = r#"<updates><update type="enhancement"><id>M-1</id><pkglist>
            <collection><module name="perl-DBI" stream="master"/><module name="non" stream="existing"/>
              <package name="a" version="1" release="2" arch="x86_64"/></collection>
            <collection><package name="b" version="1" release="2" epoch="3" arch="noarch"/></collection>
            </pkglist></update></updates>"#;
        let info = read_str(xml).unwrap();
        let p = &info.catalog.notices()[0].packages;
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].module, Some(ModuleStream::new("perl-DBI", "master")));
        assert_eq!(p[1].module, Some(ModuleStream::new("non", "existing")));
        assert_eq!(p[2].module, None);
        assert_eq!(p[2].evr.to_string(), "3:1-2");
        assert_eq!(p[0].evr.to_string(), "1-2");
    }

    #[test]
    fn references_keep_their_kind() {
        let xml = r#"<updates><update type="security"><id>R-1</id><references>
            <reference id="CVE-1" type="cve"/><reference id="42" type="bugzilla"/>
            <reference id="R-1" type="self"/><reference id="X" type="other"/><reference type="cve"/>
            </references></update></updates>"#;
        let info = read_str(xml).unwrap();
        let kinds: Vec<_> = info.catalog.notices()[0]
            .references
            .iter()
            .map(|r| r.kind.clone())
            .collect();
        assert_eq!(
            kinds,
            [
                ReferenceKind::Cve,
                ReferenceKind::Bugzilla,
                ReferenceKind::Advisory,
                ReferenceKind::Other("other".into())
            ]
        );
    }

    #[test]
    fn notices_keep_file_order_and_the_repository() {
        let xml = "<updates><update type='a'><id>B</id></update><update type='b'><id>A</id></update></updates>";
        let info = parse(xml.as_bytes(), &Options::for_repository("baseos")).unwrap();
        let ids: Vec<_> = info
            .catalog
            .notices()
            .iter()
            .map(|n| (n.id.as_str(), n.order))
            .collect();
        assert_eq!(ids, [("B", 0), ("A", 1)]);
        let repo = info.catalog.notices()[0].repository.unwrap();
        assert_eq!(info.catalog.repository(repo).unwrap().id, "baseos");
    }

    #[test]
    fn missing_required_fields_are_errors_with_offsets() {
        let err =
            read_str("<updates><update type='x'><title>t</title></update></updates>").unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingField { field: "id", .. }),
            "{err}"
        );
        assert!(matches!(err.position(), Position::Offset(_)));
        let err = read_str("<updates><update><id>a</id><pkglist><collection><package name='p' version='1' release='1'/></collection></pkglist></update></updates>").unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::MissingField { field: "arch", .. }),
            "{err}"
        );
    }

    #[test]
    fn other_documents_are_refused() {
        let err = read_str("<metadata/>").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::WrongKind { .. }), "{err}");
        assert!(read_str("").is_err());
        assert!(read_str("<updates><update><id>a</id>").is_err());
    }

    #[test]
    fn empty_updates_is_an_empty_catalog() {
        assert!(read_str("<updates/>").unwrap().catalog.notices().is_empty());
        assert!(
            read_str("<?xml version='1.0'?>\n<updates>\n</updates>\n")
                .unwrap()
                .catalog
                .notices()
                .is_empty()
        );
    }

    proptest::proptest! {
        /// The fast path for `YYYY-MM-DD` reads exactly what chrono's `%Y-%m-%d` reads.
        #[test]
        fn dates_read_as_chrono_reads_them(text in "[0-9+ -]{10}|[0-9]{4}-[0-9]{2}-[0-9]{2}") {
            proptest::prop_assert_eq!(
                ymd(&text),
                NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()
            );
        }

        /// A whole file read from its bytes (events borrowed) and the same file streamed give
        /// the same notices, warnings and errors.
        #[test]
        fn bytes_and_streams_read_alike(
            body in "(<update type='security'>|</update>|<id>A-1</id>|<issued date='2024-01-0[1-9] 1[0-9]'/>|<updated date='x'/>|<severity>Low</severity>|<references><reference type='cve' id='CVE-1'/></references>|<pkglist><collection><package name='p' version='1' release='2' arch='x86_64'/></collection></pkglist>|<title>t &amp; u</title>|<)*",
        ) {
            let xml = format!("<updates>{body}</updates>");
            let options = Options::for_repository("r");
            let from_bytes = parse(xml.as_bytes(), &options).map_err(|e| e.to_string());
            let streamed = read(xml.as_bytes(), &options).map_err(|e| e.to_string());
            proptest::prop_assert_eq!(from_bytes, streamed);
        }
    }
}
