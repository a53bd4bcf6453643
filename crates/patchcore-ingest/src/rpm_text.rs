//! Text listings of available RPM updates: `repoquery`, `yum list updates`,
//! `yum check-update` and `dnf check-update`.
//!
//! Shapes read, line by line:
//!
//! - repoquery with a quoted queryformat, `"name" "epoch" "version" "release" "repo"` or
//!   `"name" "epoch" "version" "release" "arch" "repo"` (as vuls runs it);
//! - repoquery with an unquoted queryformat of six columns,
//!   `name epoch version release arch repo`;
//! - the `yum list updates` / `check-update` table, `name.arch  [epoch:]version-release  repo`,
//!   including the wrapped forms where a long `name.arch` (or `name.arch` and version) stands
//!   alone on its line and the other columns follow on indented lines.
//!
//! Everything else — `Loaded plugins:`, `Last metadata expiration check:`, `Updated Packages`,
//! security-plugin notes, blank lines — is skipped, and so is the `Obsoleting Packages` section
//! (it lists replacements, not updates). The quoted five-column shape names no architecture:
//! those packages get an empty `arch` (documented decision: the reader does not guess; callers
//! that know the node's architecture may fill it in).
//!
//! ```
//! use patchcore_ingest::rpm_text;
//!
//! let out = b"Updated Packages\nbind-libs.x86_64   32:9.8.2-0.37.rc1.45.amzn1   amzn-main\n";
//! let catalog = rpm_text::parse(out).unwrap();
//! let offered = catalog.offered("bind-libs", "x86_64");
//! assert_eq!(offered[0].evr.to_string(), "32:9.8.2-0.37.rc1.45.amzn1");
//! assert_eq!(catalog.repository(offered[0].repository).unwrap().id, "amzn-main");
//! ```

use std::io::Read;

use patchcore_rules::facts::{OfferedPackage, Repository, RpmCatalog, RpmCatalogBuilder};

use crate::error::{Error, Position};
use crate::rpm_qa::{epoch_column, lines, read_text, rpm_evr};

const FORMAT: &str = "rpm update listing";

/// Reads a repoquery / check-update listing (any compression).
///
/// # Errors
/// As [`parse`], and when reading fails.
pub fn read(reader: impl Read) -> Result<RpmCatalog, Error> {
    parse(&read_text(reader, FORMAT)?)
}

/// Parses a repoquery / check-update listing into a catalog of offered packages (no notices).
///
/// # Errors
/// A package line with an invalid epoch or version, a quoted line with the wrong number of
/// columns, or text that is not UTF-8 — with the line number and the offending text.
pub fn parse(text: &[u8]) -> Result<RpmCatalog, Error> {
    let mut builder = RpmCatalogBuilder::default();
    // A `name.arch` waiting for its version and repository on the next line.
    // A row yum or dnf wrapped: `name.arch` alone, or `name.arch evr`, waiting for the rest of
    // its columns on the next line(s).
    let mut pending: Vec<String> = Vec::new();
    let mut obsoleting = false;
    for line in lines(text, FORMAT) {
        let (number, line) = line?;
        let at = |e: Error| e.at(Position::Line(number));
        let trimmed = line.trim();
        if trimmed.starts_with('"') {
            let row = quoted(trimmed).map_err(at)?;
            offer(&mut builder, row).map_err(at)?;
            continue;
        }
        if trimmed.eq_ignore_ascii_case("Obsoleting Packages") {
            obsoleting = true;
            continue;
        }
        if trimmed.eq_ignore_ascii_case("Updated Packages") {
            obsoleting = false;
            continue;
        }
        if obsoleting {
            continue;
        }
        let mut columns: Vec<&str> = trimmed.split_ascii_whitespace().collect();
        let continued = !pending.is_empty() && line.starts_with(char::is_whitespace);
        if continued && pending.len() + columns.len() <= 3 {
            columns = pending.iter().map(String::as_str).chain(columns).collect();
        }
        match columns.as_slice() {
            [name, epoch, version, release, arch, repo] if is_epoch(epoch) => {
                let row = Row::from_columns([name, epoch, version, release, arch, repo]);
                offer(&mut builder, row).map_err(at)?;
            }
            [name_arch, evr, repo] => {
                if let Some(row) = table_row(name_arch, evr, repo) {
                    offer(&mut builder, row).map_err(at)?;
                }
            }
            [name_arch] | [name_arch, _]
                if looks_like_name_arch(name_arch) && !line.starts_with(char::is_whitespace) =>
            {
                let kept = columns.iter().map(|c| (*c).to_owned()).collect();
                pending = kept;
                continue;
            }
            [_, _] if continued => {
                // `name.arch` + `evr` gathered from two lines; the repository follows.
                let kept = columns.iter().map(|c| (*c).to_owned()).collect();
                pending = kept;
                continue;
            }
            _ => {}
        }
        pending.clear();
    }
    Ok(builder.build())
}

/// One offered package as the listing gives it.
#[derive(Clone, Copy)]
struct Row<'a> {
    name: &'a str,
    epoch: Option<&'a str>,
    version: &'a str,
    release: &'a str,
    arch: &'a str,
    repo: &'a str,
}

impl<'a> Row<'a> {
    /// The row of the columns name, epoch (`(none)` for none), version, release, arch, repo.
    fn from_columns([name, epoch, version, release, arch, repo]: [&'a str; 6]) -> Self {
        Self {
            name,
            epoch: epoch_column(epoch),
            version,
            release,
            arch,
            repo,
        }
    }
}

fn offer(builder: &mut RpmCatalogBuilder, row: Row<'_>) -> Result<(), Error> {
    let evr = rpm_evr(
        &mut String::new(),
        FORMAT,
        row.epoch,
        row.version,
        row.release,
    )?;
    let repo = builder.repository(Repository::new(row.repo));
    builder.offer(OfferedPackage::new(row.name, row.arch, evr, repo));
    Ok(())
}

fn is_epoch(text: &str) -> bool {
    text == "(none)" || (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
}

/// `name.arch` with a plausible architecture after the last dot.
fn looks_like_name_arch(text: &str) -> bool {
    text.rsplit_once('.').is_some_and(|(name, arch)| {
        !name.is_empty()
            && !arch.is_empty()
            && arch.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !text.ends_with(':')
    })
}

/// A `name.arch  [epoch:]version-release  repo` row; `None` for lines of another shape
/// (headers, plugin messages).
fn table_row<'a>(name_arch: &'a str, evr: &'a str, repo: &'a str) -> Option<Row<'a>> {
    if !looks_like_name_arch(name_arch) {
        return None;
    }
    let (name, arch) = name_arch.rsplit_once('.')?;
    let (ev, release) = evr.rsplit_once('-')?;
    let (epoch, version) = match ev.split_once(':') {
        Some((epoch, version)) => (Some(epoch), version),
        None => (None, ev),
    };
    if version.is_empty()
        || release.is_empty()
        || !version.starts_with(|c: char| c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some(Row {
        name,
        epoch,
        version,
        release,
        arch,
        repo,
    })
}

/// A line of double-quoted columns (`"bash" "0" "4.1.2" "33.el6_7.1" "updates"`).
fn quoted(line: &str) -> Result<Row<'_>, Error> {
    let mut columns = Vec::with_capacity(6);
    let mut rest = line;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let Some(inner) = rest.strip_prefix('"') else {
            return Err(Error::malformed(
                FORMAT,
                0,
                line,
                "expected double-quoted columns",
            ));
        };
        let Some((column, after)) = inner.split_once('"') else {
            return Err(Error::malformed(
                FORMAT,
                0,
                line,
                "unterminated double quote",
            ));
        };
        columns.push(column);
        rest = after;
    }
    let (name, epoch, version, release, arch, repo) = match columns.as_slice() {
        [name, epoch, version, release, repo] => (name, epoch, version, release, &"", repo),
        [name, epoch, version, release, arch, repo] => (name, epoch, version, release, arch, repo),
        _ => {
            return Err(Error::malformed(
                FORMAT,
                0,
                line,
                "expected \"name\" \"epoch\" \"version\" \"release\" [\"arch\"] \"repo\"",
            ));
        }
    };
    Ok(Row::from_columns([
        name, epoch, version, release, arch, repo,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evr(c: &RpmCatalog, name: &str, arch: &str) -> Vec<String> {
        c.offered(name, arch)
            .iter()
            .map(|p| p.evr.to_string())
            .collect()
    }

    #[test]
    fn yum_check_update_table_with_headers_and_wrapped_names() {
        let out = "Loaded plugins: priorities, update-motd\n\
                   \n\
                   kernel.x86_64                 4.14.123-86.109.amzn1      amzn-updates\n\
                   a-very-long-package-name-for-wrapping.noarch\n\
                   \x20                             2:1.0-1.amzn1              amzn-main\n\
                   Obsoleting Packages\n\
                   new.x86_64                    1.0-1                      amzn-main\n\
                   \x20   old.x86_64                0.9-1                      @amzn-main\n";
        let c = parse(out.as_bytes()).unwrap();
        assert_eq!(evr(&c, "kernel", "x86_64"), ["4.14.123-86.109.amzn1"]);
        assert_eq!(
            evr(&c, "a-very-long-package-name-for-wrapping", "noarch"),
            ["2:1.0-1.amzn1"]
        );
        assert!(
            c.offered("new", "x86_64").is_empty(),
            "obsoleting section is not updates"
        );
        assert_eq!(c.packages().len(), 2);
    }

    #[test]
    fn rows_wrapped_after_the_version_are_joined() {
        let out = "java-1.8.0-openjdk-headless.x86_64   1:1.8.0.382.b05-1.el9\n\
                   \x20                                         appstream\n\
                   bash.x86_64   5.1.8-9.el9   baseos\n";
        let c = parse(out.as_bytes()).unwrap();
        assert_eq!(
            evr(&c, "java-1.8.0-openjdk-headless", "x86_64"),
            ["1:1.8.0.382.b05-1.el9"]
        );
        assert_eq!(evr(&c, "bash", "x86_64"), ["5.1.8-9.el9"]);
        assert_eq!(c.repositories().len(), 2);
    }

    #[test]
    fn dnf_check_update_lines() {
        let out = "Last metadata expiration check: 0:01:02 ago on Mon 01 Jan 2024.\n\n\
                   openssl.x86_64   1:3.0.7-27.el9   baseos\n";
        let c = parse(out.as_bytes()).unwrap();
        assert_eq!(evr(&c, "openssl", "x86_64"), ["1:3.0.7-27.el9"]);
    }

    #[test]
    fn quoted_repoquery_with_and_without_arch() {
        let out = "\"bash\" \"0\" \"4.1.2\" \"33.el6_7.1\" \"updates\"\n\
                   \"zsh\" \"(none)\" \"5.0\" \"1\" \"x86_64\" \"base\"\n";
        let c = parse(out.as_bytes()).unwrap();
        assert_eq!(evr(&c, "bash", ""), ["0:4.1.2-33.el6_7.1"]);
        assert_eq!(evr(&c, "zsh", "x86_64"), ["5.0-1"]);
    }

    #[test]
    fn unquoted_six_column_repoquery() {
        let c = parse(b"bash 0 4.1.2 33.el6 x86_64 updates\n").unwrap();
        assert_eq!(evr(&c, "bash", "x86_64"), ["0:4.1.2-33.el6"]);
    }

    #[test]
    fn broken_quoted_lines_and_bad_epochs_are_errors_with_line_numbers() {
        let err = parse(b"\n\"bash\" \"0\" \"4.1.2\"\n").unwrap_err();
        assert_eq!(err.position(), Position::Line(2));
        let err = parse(b"\"bash\" \"x\" \"4.1.2\" \"1\" \"updates\"\n").unwrap_err();
        assert!(err.to_string().contains("invalid epoch \"x\""), "{err}");
        assert!(parse(b"\"unterminated\n").is_err());
    }
}
