//! The CSV compliance reports (compliance.md 5): columns, quoting, line ends, both file modes.
// Test helpers outside #[test] functions: a panic there is a failed test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod support;

use patchcore_baseline::ComplianceLevel;
use patchcore_compliance::{
    DETAIL_COLUMNS, NodeReport, NodeSummary, PatchState, SUMMARY_COLUMNS, Snapshot,
    write_all_nodes_report,
};
use proptest::prelude::*;
use support::examples::example_a;
use support::{at, node_with, row, snapshot};

/// compliance.md 5.1, summary columns 1–17, as written there.
const SPEC_SUMMARY_HEADER: &str = "Index,Instance ID,Instance name,Instance IP,Platform name,\
Platform version,SSM Agent version,Patch baseline,Patch group,Compliance status,\
Compliance severity,Noncompliant Critical severity patch count,\
Noncompliant High severity patch count,Noncompliant Medium severity patch count,\
Noncompliant Low severity patch count,Noncompliant Informational severity patch count,\
Noncompliant Unspecified severity patch count\r\n";

/// compliance.md 5.1, detail columns 1–17, as written there.
const SPEC_DETAIL_HEADER: &str = "Index,Instance ID,Instance name,Patch name,KB ID/Patch ID,\
Patch state,Last report time,Compliance level,Patch severity,Patch classification,CVE ID,\
Patch baseline,Logs URL,Instance IP,Platform name,Platform version,SSM Agent version\r\n";

fn summary_of(report: NodeReport<'_>) -> String {
    let mut out = Vec::new();
    report.write_summary(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn detail_of(report: NodeReport<'_>) -> String {
    let mut out = Vec::new();
    report.write_detail(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// An RFC 4180 reader written for these tests: records of fields, each record ended by CRLF.
/// Panics on a bare LF or CR outside quotes, so that it also checks the line ends.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(
                    chars.next(),
                    Some('\n'),
                    "CR not followed by LF in {text:?}"
                );
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => panic!("bare LF outside quotes in {text:?}"),
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && record.is_empty() && field.is_empty(),
        "unterminated {text:?}"
    );
    records
}

#[test]
fn column_constants_are_the_spec_5_1_lists() {
    assert_eq!(SUMMARY_COLUMNS.join(",") + "\r\n", SPEC_SUMMARY_HEADER);
    assert_eq!(DETAIL_COLUMNS.join(",") + "\r\n", SPEC_DETAIL_HEADER);
}

#[test]
fn summary_part_starts_with_the_spec_5_1_summary_header() {
    let snapshot = example_a();
    assert!(summary_of(NodeReport::new(&snapshot)).starts_with(SPEC_SUMMARY_HEADER));
}

#[test]
fn detail_part_starts_with_the_spec_5_1_detail_header() {
    let snapshot = example_a();
    assert!(detail_of(NodeReport::new(&snapshot)).starts_with(SPEC_DETAIL_HEADER));
}

#[test]
fn all_nodes_report_has_the_summary_columns_of_spec_5_2() {
    let mut out = Vec::new();
    write_all_nodes_report(&mut out, [example_a()]).unwrap();
    assert!(
        String::from_utf8(out)
            .unwrap()
            .starts_with(SPEC_SUMMARY_HEADER)
    );
}

#[test]
fn worked_example_a_summary_row_counts_non_compliant_patches_by_level() {
    // compliance.md 7, example A: "CSV noncompliant counts: Critical 1, High 0, Medium 1,
    // Low 1, Informational 0, Unspecified 0"; node NON_COMPLIANT, severity CRITICAL.
    let snapshot = example_a();
    let text = summary_of(NodeReport::new(&snapshot));
    let row = text.strip_prefix(SPEC_SUMMARY_HEADER).unwrap();
    assert_eq!(
        row,
        "1,i-0123456789abcdef0,,,Amazon Linux,2,,pb-0a1b2c3d4e5f60718,,NON_COMPLIANT,CRITICAL,\
         1,0,1,1,0,0\r\n"
    );
}

#[test]
fn detail_lists_every_listed_row_compliant_ones_too_indexed_from_one() {
    // Example A lists 400 rows (compliance.md 7): 2 Installed, 3 Missing, 395 InstalledOther;
    // the NotApplicable httpd is only counted, so it has no row.
    let snapshot = example_a();
    let records = read_csv(&detail_of(NodeReport::new(&snapshot)));
    assert_eq!(records.len(), 1 + 400);
    for (n, record) in records.iter().skip(1).enumerate() {
        assert_eq!(record.len(), 17);
        assert_eq!(record[0], (n + 1).to_string());
    }
    let states: Vec<&str> = records.iter().skip(1).map(|r| r[5].as_str()).collect();
    assert_eq!(
        states.iter().filter(|s| **s == "InstalledOther").count(),
        395
    );
    assert_eq!(states.iter().filter(|s| **s == "Missing").count(), 3);
    assert_eq!(states.iter().filter(|s| **s == "Installed").count(), 2);
}

#[test]
fn detail_row_fields_follow_the_spec_mapping() {
    // Last report time = operation end; Compliance level = the row's level; Patch severity =
    // vendor severity; Patch baseline = baseline id; Logs URL, Instance IP, SSM Agent version
    // empty; platform from the snapshot.
    let mut snapshot = snapshot("i-0123456789abcdef0", "web", at(12, 0, 0));
    snapshot.operation_end_time = at(12, 4, 10);
    let mut item = row(
        "openssl.x86_64",
        "openssl.x86_64:1:1.0.2k-24.amzn2.0.10",
        PatchState::Missing,
        ComplianceLevel::Critical,
        "Security",
    );
    item.severity = "Important".to_owned();
    snapshot.items.push(item);
    let text = detail_of(NodeReport::new(&snapshot).with_instance_name("web-1"));
    assert_eq!(
        text.strip_prefix(SPEC_DETAIL_HEADER).unwrap(),
        "1,i-0123456789abcdef0,web-1,openssl.x86_64:1:1.0.2k-24.amzn2.0.10,openssl.x86_64,\
         Missing,2024-06-20T12:04:10Z,CRITICAL,Important,Security,,pb-0a1b2c3d4e5f60718,,,\
         Amazon Linux,2,\r\n"
    );
}

#[test]
fn titles_with_commas_quotes_and_newlines_are_quoted_rfc_4180() {
    let mut snapshot = snapshot("i-0123456789abcdef0", "", at(12, 0, 0));
    snapshot.items = vec![
        row(
            "KB1",
            "Update, part 1",
            PatchState::Installed,
            ComplianceLevel::Low,
            "",
        ),
        row(
            "KB2",
            "The \"big\" update",
            PatchState::Installed,
            ComplianceLevel::Low,
            "",
        ),
        row(
            "KB3",
            "two\r\nlines\nhere",
            PatchState::Installed,
            ComplianceLevel::Low,
            "",
        ),
    ];
    let text = detail_of(NodeReport::new(&snapshot));
    let titles: Vec<&str> = text
        .split("\r\n")
        .filter_map(|line| line.split_once(",i-0123456789abcdef0,,"))
        .map(|(_, rest)| rest)
        .collect();
    assert!(titles[0].starts_with("\"Update, part 1\",KB1,"));
    assert!(titles[1].starts_with("\"The \"\"big\"\" update\",KB2,"));
    // The record of KB3 spans lines inside its quotes; the reader sees one record per row.
    assert!(text.contains(",\"two\r\nlines\nhere\",KB3,"));
    let records = read_csv(&text);
    assert_eq!(records.len(), 4);
    assert_eq!(records[3][3], "two\r\nlines\nhere");
}

#[test]
fn several_cve_ids_share_one_cell_joined_with_commas() {
    let mut snapshot = snapshot("i-0123456789abcdef0", "", at(12, 0, 0));
    let mut item = row(
        "curl.x86_64",
        "curl.x86_64:8.3.0-1",
        PatchState::Missing,
        ComplianceLevel::High,
        "Security",
    );
    item.cve_ids = vec!["CVE-2024-2004".to_owned(), "CVE-2024-2398".to_owned()];
    snapshot.items.push(item);
    let text = detail_of(NodeReport::new(&snapshot));
    assert!(
        text.contains(",Security,\"CVE-2024-2004,CVE-2024-2398\",pb-"),
        "{text}"
    );
    assert_eq!(read_csv(&text)[1][10], "CVE-2024-2004,CVE-2024-2398");
}

#[test]
fn single_file_mode_is_summary_blank_line_detail() {
    let snapshot = example_a();
    let report = NodeReport::new(&snapshot).with_instance_name("web-1");
    let mut single = Vec::new();
    report.write_single_file(&mut single).unwrap();
    let single = String::from_utf8(single).unwrap();
    assert_eq!(
        single,
        format!("{}\r\n{}", summary_of(report), detail_of(report))
    );
    let (summary, detail) = single.split_once("\r\n\r\n").unwrap();
    assert_eq!(summary.lines().count(), 2);
    assert!(detail.starts_with(SPEC_DETAIL_HEADER));
}

#[test]
fn instance_name_is_empty_unless_the_caller_sets_it() {
    let snapshot = example_a();
    let unnamed = read_csv(&summary_of(NodeReport::new(&snapshot)));
    let named = read_csv(&summary_of(
        NodeReport::new(&snapshot).with_instance_name("a, b"),
    ));
    assert_eq!(unnamed[1][2], "");
    assert_eq!(named[1][2], "a, b");
}

#[test]
fn compliant_node_has_an_empty_compliance_severity() {
    let snapshot = node_with(
        "db",
        vec![row(
            "bash.x86_64",
            "bash.x86_64:5.2-1",
            PatchState::Installed,
            ComplianceLevel::High,
            "Security",
        )],
    );
    let records = read_csv(&summary_of(NodeReport::new(&snapshot)));
    assert_eq!(
        &records[1][8..17],
        ["db", "COMPLIANT", "", "0", "0", "0", "0", "0", "0"]
    );
}

#[test]
fn all_nodes_report_streams_one_row_per_node_indexed_from_one() {
    let nodes = (0..5).map(|n| {
        let mut node = example_a();
        node.node_id = format!("i-{n:017x}");
        node
    });
    let mut out = Vec::new();
    let rows = write_all_nodes_report(
        &mut out,
        nodes
            .enumerate()
            .map(|(n, node)| NodeSummary::new(&node).with_instance_name(format!("n{n}"))),
    )
    .unwrap();
    assert_eq!(rows, 5);
    let records = read_csv(&String::from_utf8(out).unwrap());
    assert_eq!(records.len(), 6);
    for (n, record) in records.iter().skip(1).enumerate() {
        assert_eq!(record[0], (n + 1).to_string());
        assert_eq!(record[1], format!("i-{n:017x}"));
        assert_eq!(record[2], format!("n{n}"));
        assert_eq!(&record[11..17], ["1", "0", "1", "1", "0", "0"]);
    }
}

#[test]
fn reports_are_utf8_without_a_byte_order_mark() {
    let snapshot = node_with(
        "",
        vec![row(
            "KB5039227",
            "Mise à jour cumulative – 2024-06",
            PatchState::Missing,
            ComplianceLevel::Critical,
            "",
        )],
    );
    let mut out = Vec::new();
    NodeReport::new(&snapshot)
        .write_single_file(&mut out)
        .unwrap();
    assert!(out.starts_with(b"Index,"));
    assert!(
        String::from_utf8(out)
            .unwrap()
            .contains(",Mise à jour cumulative – 2024-06,KB5039227,")
    );
}

proptest! {
    #[test]
    fn any_field_text_reads_back_unchanged(
        title in any::<String>(),
        classification in "[,\"\r\n a-z]{0,12}",
        name in any::<String>(),
    ) {
        let mut snapshot = snapshot("i-0123456789abcdef0", "", at(12, 0, 0));
        snapshot.items.push(row("id", &title, PatchState::Installed, ComplianceLevel::Low, &classification));
        let mut out = Vec::new();
        NodeReport::new(&snapshot).with_instance_name(&name).write_single_file(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let records = read_csv(&text);
        prop_assert_eq!(records.len(), 5); // summary header + row, blank line, detail header + row
        prop_assert_eq!(&records[2], &vec![String::new()]);
        prop_assert_eq!(&records[4][2], &name);
        prop_assert_eq!(&records[4][3], &title);
        prop_assert_eq!(&records[4][9], &classification);
    }
}

#[test]
fn an_empty_snapshot_writes_headers_and_a_compliant_summary() {
    let snapshot: Snapshot = snapshot("i-0123456789abcdef0", "", at(12, 0, 0));
    assert_eq!(detail_of(NodeReport::new(&snapshot)), SPEC_DETAIL_HEADER);
    let records = read_csv(&summary_of(NodeReport::new(&snapshot)));
    assert_eq!(records[1][9], "COMPLIANT");
}
