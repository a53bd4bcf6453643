//! Hostile input for the RPM-side, CVRF and override-list readers: arbitrary bytes (and
//! arbitrary values inside otherwise valid documents) never panic, never hang, and errors stay
//! one short line.

use patchcore_ingest::{cvrf, override_list, primary, rpm_qa, rpm_text, updateinfo, zypper};
use proptest::prelude::*;

/// Every reader on the same bytes; each result is either a value or a short error.
fn read_everything(bytes: &[u8]) {
    let short = |message: String| {
        assert!(
            message.len() < 600,
            "error message of {} bytes",
            message.len()
        );
    };
    if let Err(e) = rpm_qa::parse(bytes) {
        short(e.to_string());
    }
    if let Err(e) = rpm_text::parse(bytes) {
        short(e.to_string());
    }
    if let Err(e) = zypper::parse(bytes) {
        short(e.to_string());
    }
    if let Err(e) = updateinfo::parse(bytes, &updateinfo::Options::default()) {
        short(e.to_string());
    }
    if let Err(e) = primary::parse(bytes, &primary::Options::default()) {
        short(e.to_string());
    }
    if let Err(e) = cvrf::parse(bytes) {
        short(e.to_string());
    }
    if let Err(e) = override_list::parse(bytes) {
        short(e.to_string());
    }
}

/// Text that stays inside a quoted attribute or an element (no quotes, no markup, no `&`).
fn value() -> impl Strategy<Value = String> {
    "[ -!#-%'-;=?-~]{0,24}"
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        read_everything(&bytes);
    }

    #[test]
    fn arbitrary_text_lines_never_panic(lines in proptest::collection::vec("[ -~\t|\"]{0,80}", 0..20)) {
        read_everything(lines.join("\n").as_bytes());
    }

    #[test]
    fn arbitrary_values_in_an_updateinfo_never_panic(
        kind in value(), id in value(), date in value(), name in value(), epoch in value(),
        version in value(), release in value(), arch in value(), module in value(),
    ) {
        let xml = format!(
            r#"<updates><update type="{kind}"><id>{id}</id><issued date="{date}"/><pkglist><collection>
            <module name="{module}" stream="{module}"/><package name="{name}" epoch="{epoch}" version="{version}"
            release="{release}" arch="{arch}"/></collection></pkglist></update></updates>"#
        );
        if let Ok(info) = updateinfo::parse(xml.as_bytes(), &updateinfo::Options::default()) {
            // Whatever is accepted is kept as written (trimmed).
            let notice = &info.catalog.notices()[0];
            prop_assert_eq!(&notice.id, id.trim());
            prop_assert_eq!(notice.packages.len(), 1);
        }
    }

    #[test]
    fn arbitrary_values_in_a_primary_never_panic(name in value(), ver in value(), rel in value(), build in value()) {
        let xml = format!(
            r#"<metadata><package type="rpm"><name>{name}</name><arch>x86_64</arch>
            <version epoch="0" ver="{ver}" rel="{rel}"/><time build="{build}"/></package></metadata>"#
        );
        let _ = primary::parse(xml.as_bytes(), &primary::Options::default());
    }

    #[test]
    fn arbitrary_values_in_a_cvrf_never_panic(kb in value(), product in value(), severity in value(), date in value()) {
        let xml = format!(
            r#"<cvrfdoc><DocumentTracking><CurrentReleaseDate>{date}</CurrentReleaseDate></DocumentTracking>
            <ProductTree><FullProductName ProductID="1">{product}</FullProductName></ProductTree>
            <Vulnerability><Threats><Threat Type="Severity"><Description>{severity}</Description></Threat></Threats>
            <Remediations><Remediation Type="Vendor Fix"><Description>{kb}</Description><Supercedence>{kb}</Supercedence>
            <ProductID>1</ProductID></Remediation></Remediations></Vulnerability></cvrfdoc>"#
        );
        let _ = cvrf::parse(xml.as_bytes());
    }

    #[test]
    fn notice_dates_never_panic(text in "\\PC{0,30}") {
        let _ = updateinfo::parse_notice_date(&text);
    }
}

#[test]
fn deep_nesting_is_refused_quickly() {
    for root in ["updates", "metadata", "cvrfdoc"] {
        let xml = format!("<{root}>{}", "<a>".repeat(100_000));
        let started = std::time::Instant::now();
        read_everything(xml.as_bytes());
        assert!(started.elapsed().as_secs() < 10);
    }
}

#[test]
fn a_ten_megabyte_line_gives_a_short_error() {
    let huge = "x".repeat(10 << 20);
    let err = rpm_qa::parse(format!("{huge} 0 1\n").as_bytes()).unwrap_err();
    assert!(err.to_string().len() < 300, "{}", err.to_string().len());
    let err = updateinfo::parse(
        format!("<updates><update><id>{huge}").as_bytes(),
        &updateinfo::Options::default(),
    )
    .unwrap_err();
    assert!(err.to_string().len() < 300, "{}", err.to_string().len());
}

#[test]
fn invalid_utf8_is_an_error_not_a_panic() {
    let bytes = b"bash 0 1 1 x86_64\n\xff\xfe 0 1 1 x86_64\n";
    let err = rpm_qa::parse(bytes).unwrap_err();
    assert!(err.to_string().contains("line 2"), "{err}");
    assert!(
        updateinfo::parse(
            b"<updates><update type='\xff'><id>a</id></update></updates>",
            &updateinfo::Options::default()
        )
        .is_err()
    );
    assert!(override_list::parse(b"patches:\n  - id: \xff\n").is_err());
}
