//! SUSE `zypper` tables: `zypper list-updates` (`zypper lu`) and `zypper list-patches`
//! (`zypper lp`).
//!
//! Both print a `|`-separated table under a header line; the columns are found by their
//! header names (case-insensitive), so older and newer zypper versions, which add or reorder
//! columns, read alike. Lines before the header (`Refreshing service…`, `Loading repository
//! data…`), the `---+---` rule and lines without `|` are skipped; a row with fewer cells than
//! the header is an error naming its line. Output without any table (`No updates found.`) is
//! an empty listing; a table without a known header is an error.
//!
//! - `list-updates` (`S | Repository | Name | Current Version | Available Version | Arch`):
//!   each row is an offered package (name, arch, available version, repository) and an
//!   installed package (the current version).
//! - `list-patches` (`Repository | Name | Category | Severity | Interactive | Status | Summary`,
//!   optionally `Since` / `Created On`): each row is a zypper patch, an
//!   [`UpdateNotice`] whose type is the `Category`,
//!   with its severity, status, summary (as title), repository and date text (as `issued`).
//!   The table names no packages: the notice's package list stays empty.
//!
//! ```
//! use patchcore_ingest::zypper;
//!
//! let out = b"S | Repository | Name | Current Version | Available Version | Arch\n\
//! --+------------+------+-----------------+-------------------+-------\n\
//! v | SLES15-Updates | git-core | 2.43.0-150600.1.10 | 2.43.0-150600.3.3.1 | x86_64\n";
//! let listing = zypper::parse(out).unwrap();
//! assert_eq!(listing.catalog.offered("git-core", "x86_64")[0].evr.to_string(), "2.43.0-150600.3.3.1");
//! assert_eq!(listing.installed[0].version.to_string(), "2.43.0-150600.1.10");
//! ```

use std::io::Read;

use patchcore_rules::facts::{
    InstalledPackage, OfferedPackage, PackageVersion, Repository, RpmCatalog, RpmCatalogBuilder,
    UpdateNotice,
};

use crate::error::{Error, ErrorKind, Position};
use crate::rpm_qa::{lines, read_text};

const FORMAT: &str = "zypper table";

/// What a zypper table says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZypperListing {
    /// Offered packages (`list-updates`) and patches as notices (`list-patches`).
    pub catalog: RpmCatalog,
    /// The installed versions `list-updates` shows in its `Current Version` column.
    pub installed: Vec<InstalledPackage>,
}

/// Reads a `zypper lu` or `zypper lp` table (any compression).
///
/// # Errors
/// As [`parse`], and when reading fails.
pub fn read(reader: impl Read) -> Result<ZypperListing, Error> {
    parse(&read_text(reader, FORMAT)?)
}

/// Which columns the header has.
#[derive(Debug, Default)]
struct Columns {
    repository: Option<usize>,
    name: Option<usize>,
    current: Option<usize>,
    available: Option<usize>,
    arch: Option<usize>,
    category: Option<usize>,
    severity: Option<usize>,
    status: Option<usize>,
    summary: Option<usize>,
    date: Option<usize>,
    count: usize,
}

impl Columns {
    /// The columns of a header line, or `None` when the line is not a known header.
    fn from_header(cells: &[&str]) -> Option<Self> {
        let mut columns = Columns {
            count: cells.len(),
            ..Columns::default()
        };
        for (i, cell) in cells.iter().enumerate() {
            let slot = match cell.to_ascii_lowercase().as_str() {
                "repository" | "catalog" => &mut columns.repository,
                "name" => &mut columns.name,
                "current version" => &mut columns.current,
                "available version" => &mut columns.available,
                "arch" => &mut columns.arch,
                "category" => &mut columns.category,
                "severity" => &mut columns.severity,
                "status" => &mut columns.status,
                "summary" => &mut columns.summary,
                "since" | "created on" | "issued" => &mut columns.date,
                _ => continue,
            };
            *slot = Some(i);
        }
        let updates = columns.available.is_some() && columns.arch.is_some();
        let patches = columns.category.is_some();
        (columns.name.is_some() && (updates || patches)).then_some(columns)
    }
}

/// Splits a table row into trimmed cells.
fn cells(line: &str) -> Vec<&str> {
    line.split('|').map(str::trim).collect()
}

/// Parses a `zypper lu` or `zypper lp` table.
///
/// # Errors
/// No header line, a row with fewer cells than the header, an invalid version, or text that
/// is not UTF-8 — with the line number and the offending text.
pub fn parse(text: &[u8]) -> Result<ZypperListing, Error> {
    let mut builder = RpmCatalogBuilder::default();
    let mut installed = Vec::new();
    let mut columns: Option<Columns> = None;
    let mut table_lines = 0_u64;
    for line in lines(text, FORMAT) {
        let (number, line) = line?;
        if !line.contains('|') {
            continue;
        }
        table_lines += 1;
        let row = cells(line);
        let Some(cols) = &columns else {
            columns = Columns::from_header(&row);
            continue;
        };
        if row
            .iter()
            .all(|c| c.bytes().all(|b| b == b'-' || b == b'+'))
        {
            continue;
        }
        if row.len() < cols.count {
            return Err(Error::malformed(
                FORMAT,
                number,
                line,
                "fewer cells than the header",
            ));
        }
        let at = |e: Error| e.at(Position::Line(number));
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).copied().unwrap_or("");
        let name = cell(cols.name);
        let repo = builder.repository(Repository::new(cell(cols.repository)));
        if cols.available.is_some() {
            let arch = cell(cols.arch);
            let available = evr(cell(cols.available)).map_err(at)?;
            builder.offer(OfferedPackage::new(name, arch, available, repo));
            let current = cell(cols.current);
            if !current.is_empty() {
                let version = evr(current).map_err(at)?;
                installed.push(InstalledPackage::new(
                    name,
                    arch,
                    PackageVersion::Rpm(version),
                ));
            }
        } else {
            let mut notice = UpdateNotice::new(name, cell(cols.category));
            let known = |text: &str| {
                (!text.is_empty() && text != "-" && text != "---").then(|| text.to_owned())
            };
            notice.severity = known(cell(cols.severity));
            notice.status = known(cell(cols.status));
            notice.issued = known(cell(cols.date));
            // The summary is the last column and may itself contain `|`.
            notice.title = cols
                .summary
                .and_then(|i| known(&row.get(i..).unwrap_or_default().join(" | ")));
            notice.repository = Some(repo);
            builder.notice(notice);
        }
    }
    if columns.is_none() && table_lines > 0 {
        return Err(Error::new(
            FORMAT,
            ErrorKind::WrongKind {
                expected: "a zypper list-updates or list-patches table",
                reason: "no header line with `Name` and `Available Version`/`Arch` or `Category` columns".into(),
            },
        ));
    }
    Ok(ZypperListing {
        catalog: builder.build(),
        installed,
    })
}

fn evr(text: &str) -> Result<patchcore_version::rpm::EvrBuf, Error> {
    match PackageVersion::rpm(text) {
        Ok(PackageVersion::Rpm(evr)) => Ok(evr),
        Ok(_) => Err(Error::invalid(
            FORMAT,
            "version",
            text,
            "not an rpm version",
        )),
        Err(e) => Err(Error::invalid(FORMAT, "version", text, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_updates_rows_give_offered_and_installed_versions() {
        let out = "Loading repository data...\n\
                   S | Repository | Name | Current Version | Available Version | Arch\n\
                   --+------------+------+-----------------+-------------------+-----\n\
                   v | SLES12-SP2-Updates | SUSEConnect | 0.3.0-19.8.1 | 0.3.1-19.11.2 | x86_64\n\
                   v | Clone of SLES11-SP3-Updates for x86_64 | ConsoleKit | 0.2.10-64.65.1 | 0.2.10-64.69.1 | x86_64\n";
        let l = parse(out.as_bytes()).unwrap();
        assert_eq!(l.catalog.packages().len(), 2);
        let p = &l.catalog.offered("ConsoleKit", "x86_64")[0];
        assert_eq!(p.evr.to_string(), "0.2.10-64.69.1");
        assert_eq!(
            l.catalog.repository(p.repository).unwrap().id,
            "Clone of SLES11-SP3-Updates for x86_64"
        );
        assert_eq!(l.installed.len(), 2);
    }

    #[test]
    fn list_patches_rows_are_notices_with_category_severity_and_status() {
        let out = "Repository | Name | Category | Severity | Interactive | Status | Since | Summary\n\
                   -----------+------+----------+----------+-------------+--------+-------+--------\n\
                   SLES12-SP5-Updates | SUSE-SLE-SERVER-12-SP5-2021-1234 | security | important | --- | needed | 2021-04-20 | Security update for a | b\n";
        let l = parse(out.as_bytes()).unwrap();
        let n = &l.catalog.notices()[0];
        assert_eq!(n.id, "SUSE-SLE-SERVER-12-SP5-2021-1234");
        assert_eq!(n.notice_type, "security");
        assert_eq!(n.severity.as_deref(), Some("important"));
        assert_eq!(n.status.as_deref(), Some("needed"));
        assert_eq!(n.issued.as_deref(), Some("2021-04-20"));
        assert_eq!(n.title.as_deref(), Some("Security update for a | b"));
        assert!(n.packages.is_empty());
    }

    #[test]
    fn short_rows_and_missing_headers_are_errors() {
        let out =
            "S | Repository | Name | Current Version | Available Version | Arch\nv | repo | name\n";
        let err = parse(out.as_bytes()).unwrap_err();
        assert_eq!(err.position(), Position::Line(2));
        let err = parse(b"A | B\n1 | 2\n").unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::WrongKind { .. }));
    }

    #[test]
    fn output_without_a_table_is_an_empty_listing() {
        let l = parse(b"Loading repository data...\nNo updates found.\n").unwrap();
        assert!(l.catalog.packages().is_empty() && l.installed.is_empty());
    }
}
