//! The CSV compliance reports of Patch Manager (compliance.md 5): the single-node report (a
//! summary part and a detail part) and the all-nodes report.
//!
//! The format is documented on [`NodeReport`]; the decisions on what the spec leaves open are
//! listed in [the crate documentation](crate).

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use patchcore_baseline::ComplianceLevel;
use serde::{Deserialize, Serialize};

use crate::snapshot::{PatchItem, Snapshot};
use crate::summary::{ComplianceStatus, SeveritySummary, SummaryOptions};

/// The summary columns (compliance.md 5.1), in order: the single-node summary part and the
/// all-nodes report.
pub const SUMMARY_COLUMNS: [&str; 17] = [
    "Index",
    "Instance ID",
    "Instance name",
    "Instance IP",
    "Platform name",
    "Platform version",
    "SSM Agent version",
    "Patch baseline",
    "Patch group",
    "Compliance status",
    "Compliance severity",
    "Noncompliant Critical severity patch count",
    "Noncompliant High severity patch count",
    "Noncompliant Medium severity patch count",
    "Noncompliant Low severity patch count",
    "Noncompliant Informational severity patch count",
    "Noncompliant Unspecified severity patch count",
];

/// The detail columns (compliance.md 5.1), in order: one row per patch.
pub const DETAIL_COLUMNS: [&str; 17] = [
    "Index",
    "Instance ID",
    "Instance name",
    "Patch name",
    "KB ID/Patch ID",
    "Patch state",
    "Last report time",
    "Compliance level",
    "Patch severity",
    "Patch classification",
    "CVE ID",
    "Patch baseline",
    "Logs URL",
    "Instance IP",
    "Platform name",
    "Platform version",
    "SSM Agent version",
];

/// A time as the reports write it: ISO 8601 UTC to the second, `2024-06-20T12:00:00Z` — the
/// agent's format too for the times of the `AWS:PatchSummary` inventory item and the compliance
/// items' details.
pub fn report_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One CSV record under construction, kept between records so that its buffer is reused.
#[derive(Debug, Default)]
struct Record {
    line: String,
    /// Whether the record has a field yet (an empty first field leaves `line` empty).
    started: bool,
}

impl Record {
    /// Appends a field, quoted when it holds a comma, a quote, CR or LF (RFC 4180, 2.6–2.7).
    fn field(&mut self, value: &str) -> &mut Self {
        self.separate();
        if value.contains([',', '"', '\r', '\n']) {
            self.line.push('"');
            for c in value.chars() {
                if c == '"' {
                    self.line.push('"');
                }
                self.line.push(c);
            }
            self.line.push('"');
        } else {
            self.line.push_str(value);
        }
        self
    }

    /// Appends a count or an index, written in place (digits never need quoting).
    fn number(&mut self, value: u64) -> &mut Self {
        use std::fmt::Write as _;
        self.separate();
        // Writing into a `String` cannot fail.
        let _ = write!(self.line, "{value}");
        self
    }

    /// Starts a new field: a comma unless it is the record's first.
    fn separate(&mut self) {
        if self.started {
            self.line.push(',');
        }
        self.started = true;
    }

    /// Appends the six per-level counts, critical first.
    fn levels(&mut self, counts: &SeveritySummary) -> &mut Self {
        self.number(counts.critical_count)
            .number(counts.high_count)
            .number(counts.medium_count)
            .number(counts.low_count)
            .number(counts.informational_count)
            .number(counts.unspecified_count)
    }

    /// Ends the record with CRLF, writes it, and empties the buffer for the next one.
    fn write_to(&mut self, out: &mut impl Write) -> io::Result<()> {
        self.line.push_str("\r\n");
        let result = out.write_all(self.line.as_bytes());
        self.line.clear();
        self.started = false;
        result
    }

    /// Writes a header record.
    fn header(&mut self, columns: &[&str], out: &mut impl Write) -> io::Result<()> {
        for column in columns {
            self.field(column);
        }
        self.write_to(out)
    }
}

/// The node-level fields of a summary row: what the all-nodes report needs of one node, so
/// that a caller can stream nodes without keeping their rows.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{Context, NodeSummary, Snapshot};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let snapshot = Snapshot::new(Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718"), OperatingSystem::AmazonLinux2, time);
/// let node = NodeSummary::new(&snapshot).with_instance_name("web-1");
/// assert_eq!(node.instance_name, "web-1");
/// assert_eq!(node.severity, None); // no rows: compliant
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct NodeSummary {
    /// `Instance ID`.
    pub node_id: String,
    /// `Instance name`: set by the caller (the EC2 `Name` tag); empty by default.
    pub instance_name: String,
    /// `Platform name` (os-release `NAME`).
    pub platform_name: String,
    /// `Platform version` (os-release `VERSION_ID`).
    pub platform_version: String,
    /// `Patch baseline`: the baseline id.
    pub baseline_id: String,
    /// `Patch group`.
    pub patch_group: String,
    /// `Compliance status`.
    pub status: ComplianceStatus,
    /// `Compliance severity`: the node's severity, `None` when compliant.
    pub severity: Option<ComplianceLevel>,
    /// The six `Noncompliant … severity patch count` columns.
    pub non_compliant_by_level: SeveritySummary,
}

impl NodeSummary {
    /// The summary fields of `snapshot`, with no instance name. The `NotApplicable` reporting
    /// limit does not matter here: no column shows those counts.
    pub fn new(snapshot: &Snapshot) -> Self {
        let summary = snapshot.summary(&SummaryOptions::default());
        Self {
            node_id: snapshot.node_id.clone(),
            instance_name: String::new(),
            platform_name: snapshot.platform_name.clone(),
            platform_version: snapshot.platform_version.clone(),
            baseline_id: snapshot.baseline_id.clone(),
            patch_group: snapshot.patch_group.clone(),
            status: summary.status,
            severity: summary.non_compliant_severity,
            non_compliant_by_level: summary.non_compliant_by_level,
        }
    }

    /// The same, with `Instance name` set.
    pub fn with_instance_name(mut self, name: impl Into<String>) -> Self {
        self.instance_name = name.into();
        self
    }

    fn write_row(&self, index: u64, record: &mut Record, out: &mut impl Write) -> io::Result<()> {
        record
            .number(index)
            .field(&self.node_id)
            .field(&self.instance_name)
            .field("") // Instance IP
            .field(&self.platform_name)
            .field(&self.platform_version)
            .field("") // SSM Agent version
            .field(&self.baseline_id)
            .field(&self.patch_group)
            .field(self.status.as_str())
            .field(self.severity.as_ref().map_or("", ComplianceLevel::as_str))
            .levels(&self.non_compliant_by_level)
            .write_to(out)
    }
}

impl From<&Snapshot> for NodeSummary {
    fn from(snapshot: &Snapshot) -> Self {
        Self::new(snapshot)
    }
}

impl From<Snapshot> for NodeSummary {
    fn from(snapshot: Snapshot) -> Self {
        Self::new(&snapshot)
    }
}

/// The single-node report of one snapshot (compliance.md 5.1): a summary part and a detail
/// part, written to two files ([`write_summary`](Self::write_summary),
/// [`write_detail`](Self::write_detail)) or to one ([`write_single_file`](Self::write_single_file):
/// summary, a blank line, detail).
///
/// Format: the columns of spec 5.1 and 5.2 in their order, headers spelled exactly as there;
/// RFC 4180 quoting (a field holding `,`, `"`, CR or LF is quoted, its quotes doubled), CRLF
/// line ends, UTF-8 without a byte-order mark, times in ISO 8601 UTC to the second
/// (`2024-06-20T12:00:00Z`). The writers stream: each record is written as soon as it is built,
/// and the all-nodes report takes its nodes one at a time from an iterator.
///
/// `Instance name` is what the caller sets ([`NodeReport::with_instance_name`],
/// [`NodeSummary::instance_name`]), empty by default. The decisions on the points spec 5 leaves
/// open (the empty columns, the status and severity strings, which rows the detail lists) are
/// listed with every other decision of the crate in [the crate documentation](crate).
///
/// Writers return [`std::io::Error`]: the sink is the only thing that can fail. They write one
/// `write_all` per record; wrap a file in a [`std::io::BufWriter`] all the same.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{Context, NodeReport, PatchItem, PatchState, Snapshot};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let context = Context::new("i-0123456789abcdef0", "pb-0a1b2c3d4e5f60718");
/// let mut snapshot = Snapshot::new(context, OperatingSystem::AmazonLinux2, time);
/// snapshot.items.push(PatchItem::new("nano.x86_64", "nano.x86_64:2.9.8-2.amzn2", PatchState::InstalledOther));
///
/// let mut detail = Vec::new();
/// NodeReport::new(&snapshot).with_instance_name("web-1").write_detail(&mut detail)?;
/// let detail = String::from_utf8(detail).unwrap();
/// let row = detail.lines().nth(1).unwrap();
/// assert_eq!(
///     row,
///     "1,i-0123456789abcdef0,web-1,nano.x86_64:2.9.8-2.amzn2,nano.x86_64,InstalledOther,\
///      2024-06-20T12:00:00Z,UNSPECIFIED,,,,pb-0a1b2c3d4e5f60718,,,,,"
/// );
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct NodeReport<'a> {
    snapshot: &'a Snapshot,
    instance_name: &'a str,
}

impl<'a> NodeReport<'a> {
    /// The report of `snapshot`, with an empty `Instance name`.
    pub fn new(snapshot: &'a Snapshot) -> Self {
        Self {
            snapshot,
            instance_name: "",
        }
    }

    /// The same, with `Instance name` set (the EC2 `Name` tag, which a snapshot does not know).
    pub fn with_instance_name(self, instance_name: &'a str) -> Self {
        Self {
            instance_name,
            ..self
        }
    }

    /// Writes the summary part: the header and one row.
    ///
    /// # Errors
    /// When writing to `out` fails.
    pub fn write_summary<W: Write>(&self, mut out: W) -> io::Result<()> {
        let mut record = Record::default();
        record.header(&SUMMARY_COLUMNS, &mut out)?;
        NodeSummary::new(self.snapshot)
            .with_instance_name(self.instance_name)
            .write_row(1, &mut record, &mut out)
    }

    /// Writes the detail part: the header and one row per listed patch, compliant or not, in
    /// the snapshot's order (by `KBId`, then `Title`).
    ///
    /// # Errors
    /// When writing to `out` fails.
    pub fn write_detail<W: Write>(&self, mut out: W) -> io::Result<()> {
        let snapshot = self.snapshot;
        let last_report_time = report_time(snapshot.operation_end_time);
        let mut record = Record::default();
        let mut cves = String::new();
        record.header(&DETAIL_COLUMNS, &mut out)?;
        for (index, item) in (1..).zip(&snapshot.items) {
            join_cves(item, &mut cves);
            record
                .number(index)
                .field(&snapshot.node_id)
                .field(self.instance_name)
                .field(&item.title)
                .field(&item.id)
                .field(item.state.as_str())
                .field(&last_report_time)
                .field(item.compliance_level.as_str())
                .field(&item.severity)
                .field(&item.classification)
                .field(&cves)
                .field(&snapshot.baseline_id)
                .field("") // Logs URL
                .field("") // Instance IP
                .field(&snapshot.platform_name)
                .field(&snapshot.platform_version)
                .field("") // SSM Agent version
                .write_to(&mut out)?;
        }
        Ok(())
    }

    /// Writes both parts to one file: the summary part, a blank line, the detail part.
    ///
    /// # Errors
    /// When writing to `out` fails.
    pub fn write_single_file<W: Write>(&self, mut out: W) -> io::Result<()> {
        self.write_summary(&mut out)?;
        out.write_all(b"\r\n")?;
        self.write_detail(&mut out)
    }
}

/// The CVE cell of a row: its ids joined with `,`.
fn join_cves(item: &PatchItem, cell: &mut String) {
    cell.clear();
    for (n, cve) in item.cve_ids.iter().enumerate() {
        if n > 0 {
            cell.push(',');
        }
        cell.push_str(cve);
    }
}

/// Writes the all-nodes report (compliance.md 5.2): the summary header, then one row per node,
/// `Index` counting from 1, taking the nodes one at a time — snapshots (`&Snapshot` or
/// `Snapshot`) or [`NodeSummary`] values. Returns the number of rows written.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use patchcore_baseline::OperatingSystem;
/// use patchcore_compliance::{Context, Snapshot, write_all_nodes_report};
///
/// let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
/// let nodes = ["i-0123456789abcdef0", "i-0123456789abcdef1"]
///     .map(|id| Snapshot::new(Context::new(id, "pb-0a1b2c3d4e5f60718"), OperatingSystem::AmazonLinux2, time));
/// let mut out = Vec::new();
/// assert_eq!(write_all_nodes_report(&mut out, &nodes)?, 2);
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("Index,Instance ID,Instance name,"));
/// assert_eq!(text.lines().count(), 3);
/// # Ok::<(), std::io::Error>(())
/// ```
///
/// # Errors
/// When writing to `out` fails.
pub fn write_all_nodes_report<W, I>(mut out: W, nodes: I) -> io::Result<u64>
where
    W: Write,
    I: IntoIterator,
    I::Item: Into<NodeSummary>,
{
    let mut record = Record::default();
    record.header(&SUMMARY_COLUMNS, &mut out)?;
    let mut rows = 0;
    for node in nodes {
        rows += 1;
        node.into().write_row(rows, &mut record, &mut out)?;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(value: &str) -> String {
        let mut record = Record::default();
        record.field(value);
        record.line
    }

    #[test]
    fn rfc4180_quotes_only_fields_with_separators_quotes_or_line_breaks() {
        assert_eq!(quoted("plain text"), "plain text");
        assert_eq!(quoted("a,b"), "\"a,b\"");
        assert_eq!(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quoted("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(quoted("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(quoted(""), "");
    }

    #[test]
    fn an_empty_first_field_keeps_its_column() {
        let mut record = Record::default();
        record.field("").field("b").number(7);
        assert_eq!(record.line, ",b,7");
        let mut out = Vec::new();
        record.write_to(&mut out).unwrap();
        record.field("c");
        assert_eq!(
            record.line, "c",
            "a written record starts the next one afresh"
        );
    }

    #[test]
    fn report_times_are_iso_8601_utc_to_the_second() {
        use chrono::TimeZone;
        let time = Utc.with_ymd_and_hms(2024, 6, 20, 12, 0, 0).unwrap();
        let time = time + chrono::Duration::milliseconds(789);
        assert_eq!(report_time(time), "2024-06-20T12:00:00Z");
    }
}
