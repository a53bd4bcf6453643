//! Microsoft CVRF 1.2 security update documents (the MSRC monthly and out-of-band releases)
//! → Windows updates of the catalog.
//!
//! The document is read as a stream (quick-xml); what is kept is its product tree (product id
//! → name and product family), its release dates, and per vulnerability the CVE, the severity
//! threats per product and the remediations.
//!
//! # The mapping (decided here, and only here: the private function `to_updates`)
//!
//! CVRF has no update classification and no Patch Manager product string, so:
//!
//! - **which remediations are updates**: a remediation of type `Vendor Fix` whose description
//!   is a KB number (`4010250` or `KB4010250`). Mitigations, workarounds and vendor fixes that
//!   are not KBs (`Click to Run`, release notes) are skipped.
//! - **one update per KB and product**: all the remediations of one KB for CVRF products that
//!   map to the same Patch Manager product (x86, x64, Itanium and Server Core variants of one
//!   Windows version) make one [`WindowsUpdate`].
//! - **classification**: `SecurityUpdates`.
//! - **MSRC severity**: the highest severity (`Critical` > `Important` > `Moderate` > `Low`)
//!   among the severity threats of the CVEs the KB fixes for that product (a threat without
//!   product applies to every product); `Unspecified` when none is given.
//! - **product**: from the CVRF product name. For an application running on Windows
//!   (`Adobe Flash Player on Windows Server 2016`, `Microsoft Edge (EdgeHTML-based) on
//!   Windows 10 …`) the part after the last ` on ` is the product, as Windows Update files
//!   such updates under the operating system. The Windows name maps as a node's caption does
//!   ([`windows_product`](crate::windows::windows_product), products.md): `Windows Server
//!   <year>[ R2] …` → `WindowsServer<year>[R2]`, `Windows <n> …` → `Windows<n>` (`Windows7`,
//!   `Windows8.1`, `Windows10`). These are product family `Windows`, patch set `OS`; a Windows
//!   name of another shape (`Windows RT 8.1`, `Windows Vista Service Pack 2`: no Patch Manager
//!   product is known for them) keeps its CVRF name as product. Anything else is an application (patch set `APPLICATION`): Office
//!   programs with a year (`Microsoft Word 2016 (32-bit edition)`) → `Office <year>`, family
//!   `Office`; other names drop a leading `Microsoft ` and a trailing parenthesis
//!   (`Microsoft SharePoint Enterprise Server 2016` → `SharePoint Enterprise Server 2016`), with
//!   the CVRF product family (without `Microsoft `) as product family.
//! - **release date**: the document's current release date (the latest revision), else its
//!   initial release date; dates without a zone are UTC.
//! - **supersedence**: the KB numbers in the remediation's `Supercedence` field, unioned over
//!   the remediations merged into the update.
//! - **title**: CVRF has none: `<SubType> for <CVRF product name> (KB…)` of the first
//!   remediation merged (`Security Update for Adobe Flash Player on Windows Server 2016
//!   (KB4010250)`).
//! - **CVEs**: the vulnerabilities' `CVE` values (MSRC advisories such as `ADV170002` included).
//!
//! ```
//! use patchcore_ingest::cvrf;
//!
//! let xml = br#"<cvrf:cvrfdoc xmlns:cvrf="c" xmlns:prod="p" xmlns:vuln="v">
//!  <cvrf:DocumentTracking><cvrf:CurrentReleaseDate>2017-04-12T07:00:00Z</cvrf:CurrentReleaseDate></cvrf:DocumentTracking>
//!  <prod:ProductTree><prod:Branch Type="Product Family" Name="Windows">
//!   <prod:FullProductName ProductID="10816">Windows Server 2016</prod:FullProductName></prod:Branch></prod:ProductTree>
//!  <vuln:Vulnerability><vuln:CVE>CVE-2017-0001</vuln:CVE>
//!   <vuln:Threats><vuln:Threat Type="Severity"><vuln:Description>Important</vuln:Description><vuln:ProductID>10816</vuln:ProductID></vuln:Threat></vuln:Threats>
//!   <vuln:Remediations><vuln:Remediation Type="Vendor Fix"><vuln:Description>4010250</vuln:Description>
//!    <vuln:Supercedence>3214628</vuln:Supercedence><vuln:ProductID>10816</vuln:ProductID></vuln:Remediation></vuln:Remediations>
//!  </vuln:Vulnerability></cvrf:cvrfdoc>"#;
//! let catalog = cvrf::parse(xml).unwrap();
//! let update = &catalog.updates()[0];
//! assert_eq!(update.kb.to_string(), "KB4010250");
//! assert_eq!(update.product, "WindowsServer2016");
//! assert_eq!(update.msrc_severity, "Important");
//! assert_eq!(update.supersedes[0].to_string(), "KB3214628");
//! assert_eq!(update.release_date.unwrap().to_rfc3339(), "2017-04-12T07:00:00+00:00");
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufReader, Read};

use chrono::{DateTime, NaiveDateTime, Utc};
use patchcore_rules::facts::{WindowsCatalog, WindowsUpdate};
use patchcore_version::windows::KbId;

use crate::compress;
use crate::error::{Error, ErrorKind, Position, truncate};
use crate::xml::{Buffered, Source, Step, XmlLimits, XmlStream};

const FORMAT: &str = "cvrf document";

/// Largest document accepted: 256 MiB (a monthly release is a few MB).
const MAX_SIZE: u64 = 256 << 20;

/// Reads a CVRF document (plain or compressed) into the Windows updates it describes.
///
/// # Errors
/// As [`parse`]; also when reading fails.
pub fn read(reader: impl Read) -> Result<WindowsCatalog, Error> {
    let decoded = compress::decoder(reader, MAX_SIZE).map_err(|e| e.in_format(FORMAT))?;
    Ok(WindowsCatalog::new(to_updates(&Document::read(Buffered(
        BufReader::new(decoded),
    ))?)))
}

/// Parses CVRF bytes (plain or compressed) into the Windows updates they describe.
///
/// # Errors
/// Malformed XML, a root element other than `<cvrfdoc>`, a limit exceeded, or an unreadable
/// release date — with the byte offset.
pub fn parse(bytes: &[u8]) -> Result<WindowsCatalog, Error> {
    let text = compress::decompress(bytes, MAX_SIZE).map_err(|e| e.in_format(FORMAT))?;
    Ok(WindowsCatalog::new(to_updates(&Document::read(&*text)?)))
}

/// A product of the product tree.
#[derive(Debug, Clone, Default)]
struct Product {
    name: String,
    family: Option<String>,
}

/// One remediation of a vulnerability.
#[derive(Debug, Clone, Default)]
struct Remediation {
    kind: String,
    description: String,
    supersedence: String,
    sub_type: String,
    products: Vec<String>,
}

/// One vulnerability: its CVE, severities per product and remediations.
#[derive(Debug, Clone, Default)]
struct Vulnerability {
    cve: String,
    /// (product id or `None` for every product, severity).
    severities: Vec<(Option<String>, String)>,
    remediations: Vec<Remediation>,
}

/// What the mapping needs from a document.
#[derive(Debug, Clone, Default)]
struct Document {
    release_date: Option<DateTime<Utc>>,
    products: HashMap<String, Product>,
    vulnerabilities: Vec<Vulnerability>,
}

impl Document {
    fn read(input: impl Source) -> Result<Self, Error> {
        let mut xml = XmlStream::new(input, FORMAT, XmlLimits::default());
        let mut doc = Document::default();
        let (mut current, mut initial) = (None, None);
        match xml.next()? {
            Step::Open if xml.name() == b"cvrfdoc" => {}
            Step::Open => {
                let name = String::from_utf8_lossy(xml.name()).into_owned();
                return Err(Error::new(
                    FORMAT,
                    ErrorKind::WrongKind {
                        expected: "a cvrf document",
                        reason: format!("the root element is <{}>, not <cvrfdoc>", truncate(&name)),
                    },
                )
                .at(Position::Offset(xml.offset())));
            }
            _ => return Err(xml.error("no <cvrfdoc> element")),
        }
        loop {
            match xml.next()? {
                Step::Eof => break,
                Step::Close => {}
                Step::Open => match xml.name() {
                    b"DocumentTracking" | b"Identification" => {}
                    b"CurrentReleaseDate" => current = Some((xml.text()?.to_owned(), xml.offset())),
                    b"InitialReleaseDate" => initial = Some((xml.text()?.to_owned(), xml.offset())),
                    b"ProductTree" => doc.product_tree(&mut xml)?,
                    b"Vulnerability" => doc.vulnerabilities.push(vulnerability(&mut xml)?),
                    _ => xml.skip()?,
                },
            }
        }
        if let Some((text, offset)) = current.or(initial) {
            let date = parse_date(&text).ok_or_else(|| {
                Error::invalid(
                    FORMAT,
                    "release date",
                    &text,
                    "expected YYYY-MM-DDTHH:MM:SS[Z]",
                )
                .at(Position::Offset(offset))
            })?;
            doc.release_date = Some(date);
        }
        Ok(doc)
    }

    fn product_tree<R: Source>(&mut self, xml: &mut XmlStream<R>) -> Result<(), Error> {
        let depth = xml.depth();
        // The product family of each open <Branch> (None for vendor and other branches).
        let mut families: Vec<Option<String>> = Vec::new();
        loop {
            match xml.next()? {
                Step::Eof => return Err(xml.error("xml input ended inside <ProductTree>")),
                Step::Close if xml.depth() < depth => return Ok(()),
                Step::Close => {
                    if xml.name() == b"Branch" {
                        families.pop();
                    }
                }
                Step::Open => match xml.name() {
                    b"Branch" => {
                        let (mut kind, mut name) = (String::new(), String::new());
                        xml.attrs(|key, value| match key {
                            b"Type" => kind = value.into_owned(),
                            b"Name" => name = value.into_owned(),
                            _ => {}
                        })?;
                        families.push((kind == "Product Family").then_some(name));
                    }
                    b"FullProductName" => {
                        let id = xml.attr(b"ProductID")?.unwrap_or_default();
                        let name = xml.text()?.trim().to_owned();
                        let family = families.iter().rev().find_map(Clone::clone);
                        let entry = self.products.entry(id).or_default();
                        entry.name = name;
                        if family.is_some() {
                            entry.family = family;
                        }
                    }
                    _ => xml.skip()?,
                },
            }
        }
    }
}

fn vulnerability<R: Source>(xml: &mut XmlStream<R>) -> Result<Vulnerability, Error> {
    let mut vuln = Vulnerability::default();
    let depth = xml.depth();
    loop {
        match xml.next()? {
            Step::Eof => return Err(xml.error("xml input ended inside <Vulnerability>")),
            Step::Close if xml.depth() < depth => return Ok(vuln),
            Step::Close => {}
            Step::Open => match xml.name() {
                b"CVE" => vuln.cve = xml.text()?.trim().to_owned(),
                b"Threats" | b"Remediations" => {}
                b"Threat" => {
                    let kind = xml.attr(b"Type")?.unwrap_or_default();
                    let (description, products) = children(xml)?;
                    if kind == "Severity" && !description.is_empty() {
                        if products.is_empty() {
                            vuln.severities.push((None, description.clone()));
                        }
                        for product in products {
                            vuln.severities.push((Some(product), description.clone()));
                        }
                    }
                }
                b"Remediation" => {
                    let kind = xml.attr(b"Type")?.unwrap_or_default();
                    let mut remediation = Remediation {
                        kind,
                        ..Remediation::default()
                    };
                    let inner = xml.depth();
                    loop {
                        match xml.next()? {
                            Step::Eof => {
                                return Err(xml.error("xml input ended inside <Remediation>"));
                            }
                            Step::Close if xml.depth() < inner => break,
                            Step::Close => {}
                            Step::Open => match xml.name() {
                                b"Description" => {
                                    remediation.description = xml.text()?.trim().to_owned();
                                }
                                b"Supercedence" => {
                                    remediation.supersedence = xml.text()?.to_owned();
                                }
                                b"SubType" => remediation.sub_type = xml.text()?.trim().to_owned(),
                                b"ProductID" => {
                                    remediation.products.push(xml.text()?.trim().to_owned());
                                }
                                _ => xml.skip()?,
                            },
                        }
                    }
                    vuln.remediations.push(remediation);
                }
                _ => xml.skip()?,
            },
        }
    }
}

/// The `Description` text and the `ProductID`s of the element just opened (a `Threat`).
fn children<R: Source>(xml: &mut XmlStream<R>) -> Result<(String, Vec<String>), Error> {
    let (mut description, mut products) = (String::new(), Vec::new());
    let depth = xml.depth();
    loop {
        match xml.next()? {
            Step::Eof => return Err(xml.error("xml input ended inside <Threat>")),
            Step::Close if xml.depth() < depth => return Ok((description, products)),
            Step::Close => {}
            Step::Open => match xml.name() {
                b"Description" => description = xml.text()?.trim().to_owned(),
                b"ProductID" => products.push(xml.text()?.trim().to_owned()),
                _ => xml.skip()?,
            },
        }
    }
}

/// `2017-04-12T07:00:00Z`, `2017-05-08T07:00:00` (UTC), with or without fractions or offset.
fn parse_date(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(date) = DateTime::parse_from_rfc3339(text) {
        return Some(date.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|d| d.and_utc())
}

/// MSRC severities from lowest to highest; unknown texts rank below all.
fn severity_rank(severity: &str) -> u8 {
    match severity.to_ascii_lowercase().as_str() {
        "low" => 1,
        "moderate" => 2,
        "important" => 3,
        "critical" => 4,
        _ => 0,
    }
}

/// A KB number as CVRF writes it in a remediation (`4010250`, `KB4010250`); `None` for prose.
fn kb_number(text: &str) -> Option<KbId> {
    let digits = text.trim();
    let digits = digits
        .strip_prefix("KB")
        .or_else(|| digits.strip_prefix("kb"))
        .unwrap_or(digits);
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The Patch Manager product, product family and patch set for a CVRF product.
fn product_of(product: &Product) -> (String, String, &'static str) {
    let name = product.name.trim();
    let os = name.rsplit_once(" on ").map_or(name, |(_, os)| os.trim());
    if os.starts_with("Windows") {
        let mapped = match crate::windows::windows_product(os) {
            product if product.is_empty() => os.to_owned(),
            product => product,
        };
        return (mapped, "Windows".to_owned(), "OS");
    }
    let family = product.family.as_deref().unwrap_or("").trim();
    let family = family.strip_prefix("Microsoft ").unwrap_or(family);
    let bare = name.strip_prefix("Microsoft ").unwrap_or(name);
    let bare = match bare.rsplit_once(" (") {
        Some((head, tail)) if tail.ends_with(')') => head.trim(),
        _ => bare,
    };
    if family.eq_ignore_ascii_case("office") {
        const PROGRAMS: [&str; 10] = [
            "Office",
            "Word",
            "Excel",
            "PowerPoint",
            "Outlook",
            "Access",
            "Publisher",
            "OneNote",
            "Visio",
            "Project",
        ];
        let mut words = bare.split_whitespace();
        if let (Some(program), Some(year)) = (words.next(), words.next()) {
            if PROGRAMS.contains(&program)
                && year.len() == 4
                && year.bytes().all(|b| b.is_ascii_digit())
            {
                return (format!("Office {year}"), "Office".to_owned(), "APPLICATION");
            }
        }
    }
    (bare.to_owned(), family.to_owned(), "APPLICATION")
}

/// What is gathered for one (KB, product) before it becomes a [`WindowsUpdate`].
#[derive(Debug, Default)]
struct Gathered {
    severity: (u8, String),
    family: String,
    patch_set: &'static str,
    title: String,
    cves: BTreeSet<String>,
    supersedes: BTreeSet<KbId>,
}

/// The mapping of a CVRF document to Windows updates (the rules are in the module docs).
fn to_updates(doc: &Document) -> Vec<WindowsUpdate> {
    let mut gathered: BTreeMap<(KbId, String), Gathered> = BTreeMap::new();
    for vuln in &doc.vulnerabilities {
        for remediation in &vuln.remediations {
            if !remediation.kind.eq_ignore_ascii_case("Vendor Fix") {
                continue;
            }
            let Some(kb) = kb_number(&remediation.description) else {
                continue;
            };
            for id in &remediation.products {
                let Some(product) = doc.products.get(id) else {
                    continue;
                };
                let (name, family, patch_set) = product_of(product);
                let entry = gathered.entry((kb, name)).or_insert_with(|| Gathered {
                    family,
                    patch_set,
                    title: format!(
                        "{} for {} ({kb})",
                        if remediation.sub_type.is_empty() {
                            "Update"
                        } else {
                            &remediation.sub_type
                        },
                        product.name
                    ),
                    ..Gathered::default()
                });
                let severity = vuln
                    .severities
                    .iter()
                    .filter(|(product, _)| product.as_ref().is_none_or(|p| p == id))
                    .map(|(_, s)| (severity_rank(s), s.clone()))
                    .max_by_key(|(rank, _)| *rank);
                if let Some(severity) = severity {
                    if severity.0 > entry.severity.0 {
                        entry.severity = severity;
                    }
                }
                if !vuln.cve.is_empty() {
                    entry.cves.insert(vuln.cve.clone());
                }
                entry.supersedes.extend(
                    remediation
                        .supersedence
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .filter_map(kb_number)
                        .filter(|old| *old != kb),
                );
            }
        }
    }
    gathered
        .into_iter()
        .map(|((kb, product), g)| {
            let mut update = WindowsUpdate::new(kb, product);
            update.title = g.title;
            update.classification = "SecurityUpdates".to_owned();
            update.msrc_severity = if g.severity.0 == 0 {
                "Unspecified".to_owned()
            } else {
                g.severity.1
            };
            update.product_family = g.family;
            update.patch_set = g.patch_set.to_owned();
            update.release_date = doc.release_date;
            update.cves = g.cves.into_iter().collect();
            update.supersedes = g.supersedes.into_iter().collect();
            update
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(name: &str, family: &str) -> (String, String, &'static str) {
        product_of(&Product {
            name: name.into(),
            family: Some(family.into()),
        })
    }

    #[test]
    fn cvrf_product_names_map_to_patch_manager_products() {
        let os = |p: &str| (p.to_owned(), "Windows".to_owned(), "OS");
        assert_eq!(
            product("Windows Server 2016", "Windows"),
            os("WindowsServer2016")
        );
        assert_eq!(
            product(
                "Windows Server 2008 R2 for x64-based Systems Service Pack 1 (Server Core installation)",
                "ESU"
            ),
            os("WindowsServer2008R2")
        );
        assert_eq!(
            product("Windows 7 for 32-bit Systems Service Pack 1", "ESU"),
            os("Windows7")
        );
        assert_eq!(
            product(
                "Adobe Flash Player on Windows 8.1 for x64-based systems",
                "Other"
            ),
            os("Windows8.1")
        );
        assert_eq!(
            product(
                "Microsoft Edge (EdgeHTML-based) on Windows 10 Version 1607 for 32-bit Systems",
                "Browser"
            ),
            os("Windows10")
        );
        assert_eq!(
            product("Windows Vista x64 Edition Service Pack 2", "Windows"),
            os("Windows Vista x64 Edition Service Pack 2")
        );
        assert_eq!(
            product("Adobe Flash Player on Windows RT 8.1", "Other"),
            os("Windows RT 8.1")
        );
        assert_eq!(
            product("Microsoft Word 2016 (64-bit edition)", "Microsoft Office"),
            ("Office 2016".to_owned(), "Office".to_owned(), "APPLICATION")
        );
        assert_eq!(
            product(
                "Microsoft SharePoint Enterprise Server 2016",
                "Microsoft Office"
            ),
            (
                "SharePoint Enterprise Server 2016".to_owned(),
                "Office".to_owned(),
                "APPLICATION"
            )
        );
    }

    #[test]
    fn kb_numbers_are_read_bare_or_prefixed_and_prose_is_not_a_kb() {
        assert_eq!(kb_number("3214628").unwrap().to_string(), "KB3214628");
        assert_eq!(kb_number(" KB4010250 ").unwrap().to_string(), "KB4010250");
        assert_eq!(kb_number("<p>The following mitigating factors</p>"), None);
        assert_eq!(kb_number("Click to Run"), None);
        assert_eq!(kb_number(""), None);
    }

    #[test]
    fn release_dates_with_and_without_zone_are_utc() {
        assert_eq!(
            parse_date("2017-04-12T07:00:00Z").unwrap().to_rfc3339(),
            "2017-04-12T07:00:00+00:00"
        );
        assert_eq!(
            parse_date("2017-05-08T07:00:00").unwrap().to_rfc3339(),
            "2017-05-08T07:00:00+00:00"
        );
        assert_eq!(parse_date("May 8"), None);
    }

    const DOC: &str = r#"<cvrfdoc>
      <DocumentTracking><InitialReleaseDate>2017-01-10T08:00:00Z</InitialReleaseDate></DocumentTracking>
      <ProductTree><Branch Type="Vendor" Name="Microsoft"><Branch Type="Product Family" Name="ESU">
        <FullProductName ProductID="1">Windows 7 for 32-bit Systems Service Pack 1</FullProductName>
        <FullProductName ProductID="2">Windows 7 for x64-based Systems Service Pack 1</FullProductName>
      </Branch></Branch><FullProductName ProductID="1">Windows 7 for 32-bit Systems Service Pack 1</FullProductName></ProductTree>
      <Vulnerability><CVE>CVE-A</CVE><Threats>
        <Threat Type="Severity"><Description>Moderate</Description><ProductID>1</ProductID></Threat>
        <Threat Type="Severity"><Description>Important</Description><ProductID>2</ProductID></Threat></Threats>
        <Remediations>
          <Remediation Type="Vendor Fix"><Description>111111</Description><Supercedence>100000; 100001</Supercedence><ProductID>1</ProductID><SubType>Monthly Rollup</SubType></Remediation>
          <Remediation Type="Vendor Fix"><Description>111111</Description><ProductID>2</ProductID></Remediation>
          <Remediation Type="Workaround"><Description>222222</Description><ProductID>1</ProductID></Remediation>
        </Remediations></Vulnerability>
      <Vulnerability><CVE>CVE-B</CVE><Threats><Threat Type="Severity"><Description>Critical</Description></Threat></Threats>
        <Remediations><Remediation Type="Vendor Fix"><Description>111111</Description><Supercedence>100002</Supercedence><ProductID>1</ProductID></Remediation></Remediations>
      </Vulnerability></cvrfdoc>"#;

    #[test]
    fn one_update_per_kb_and_product_with_the_highest_severity_and_every_superseded_kb() {
        let catalog = parse(DOC.as_bytes()).unwrap();
        let updates = catalog.updates();
        assert_eq!(
            updates.len(),
            1,
            "both Windows 7 variants are one product; workarounds are skipped"
        );
        let u = &updates[0];
        assert_eq!(u.product, "Windows7");
        assert_eq!(
            u.msrc_severity, "Critical",
            "CVE-B's product-less threat applies to every product"
        );
        assert_eq!(u.cves, ["CVE-A", "CVE-B"]);
        let old: Vec<String> = u.supersedes.iter().map(ToString::to_string).collect();
        assert_eq!(old, ["KB100000", "KB100001", "KB100002"]);
        assert_eq!(
            u.title,
            "Monthly Rollup for Windows 7 for 32-bit Systems Service Pack 1 (KB111111)"
        );
        assert_eq!(
            u.release_date.unwrap().to_rfc3339(),
            "2017-01-10T08:00:00+00:00"
        );
        assert_eq!(u.classification, "SecurityUpdates");
        assert!(catalog.is_superseded(&"KB100001".parse().unwrap()));
    }

    #[test]
    fn other_documents_and_bad_dates_are_errors() {
        assert!(matches!(
            parse(b"<updates/>").unwrap_err().kind(),
            ErrorKind::WrongKind { .. }
        ));
        assert!(parse(b"").is_err());
        let err = parse(b"<cvrfdoc><DocumentTracking><CurrentReleaseDate>soon</CurrentReleaseDate></DocumentTracking></cvrfdoc>")
            .unwrap_err();
        assert!(
            err.to_string().contains("invalid release date \"soon\""),
            "{err}"
        );
    }
}
