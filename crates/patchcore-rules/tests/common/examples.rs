//! The fixtures of compliance.md section 7 (examples A, D, E), shared by the tests.

use super::*;
use patchcore_baseline::CompiledBaseline;
use patchcore_rules::facts::{Catalog, Inventory, WindowsCatalog, WindowsUpdate};

/// Example A: rules R1, R2 and the approved list.
pub fn example_a_baseline() -> CompiledBaseline {
    let r1 = rule(
        &[
            ("PRODUCT", &["AmazonLinux2"]),
            ("CLASSIFICATION", &["Security"]),
            ("SEVERITY", &["Critical", "Important"]),
        ],
        r#""ApproveAfterDays":7"#,
        "CRITICAL",
        false,
    );
    let r2 = rule(
        &[
            ("PRODUCT", &["AmazonLinux2"]),
            ("CLASSIFICATION", &["Security"]),
            ("SEVERITY", &["Medium", "Low"]),
        ],
        r#""ApproveAfterDays":14"#,
        "MEDIUM",
        false,
    );
    baseline(&format!(
        r#"{{"OperatingSystem":"AMAZON_LINUX_2","ApprovalRules":{{"PatchRules":[{r1},{r2}]}},
        "ApprovedPatches":["amazon-ssm-agent"],"ApprovedPatchesComplianceLevel":"LOW",
        "ApprovedPatchesEnableNonSecurity":true,"RejectedPatchesAction":"ALLOW_AS_DEPENDENCY"}}"#
    ))
}

/// Example A: offered versions and notices.
pub fn example_a_catalog() -> Catalog {
    let x = "x86_64";
    let mut c = Rpm::new();
    c.offer("glibc", x, "2.26-64.amzn2.0.1")
        .offer("openssl", x, "1:1.0.2k-24.amzn2.0.7")
        .offer("openssl", x, "1:1.0.2k-24.amzn2.0.10")
        .offer("curl", x, "8.3.0-1.amzn2.0.4")
        .offer("curl", x, "8.3.0-1.amzn2.0.7")
        .offer("vim-enhanced", x, "2:9.0.2081-1.amzn2.0.1")
        .offer("vim-enhanced", x, "2:9.0.2153-1.amzn2.0.1")
        .offer("amazon-ssm-agent", x, "3.3.131.0-1.amzn2")
        .offer("amazon-ssm-agent", x, "3.3.380.0-1.amzn2")
        .offer("nano", x, "2.9.8-2.amzn2")
        .offer("nano", x, "2.9.8-3.amzn2")
        .offer("httpd", x, "2.4.59-1.amzn2")
        .notice(
            "ALAS2-2024-2350",
            "security",
            Some("important"),
            "2024-01-10",
            &[("curl", x, "8.3.0-1.amzn2.0.4")],
            &[],
        )
        .notice(
            "ALAS2-2024-2400",
            "security",
            Some("critical"),
            "2024-03-01",
            &[("glibc", x, "2.26-64.amzn2.0.1")],
            &[],
        )
        .notice(
            "ALAS2-2024-2480",
            "security",
            Some("medium"),
            "2024-05-01",
            &[("vim-enhanced", x, "2:9.0.2153-1.amzn2.0.1")],
            &["CVE-2024-0001"],
        )
        .notice(
            "ALAS2-2024-2490",
            "security",
            Some("important"),
            "2024-05-20",
            &[("httpd", x, "2.4.59-1.amzn2")],
            &[],
        )
        .notice(
            "ALAS2-2024-2501",
            "security",
            Some("important"),
            "2024-06-05",
            &[("openssl", x, "1:1.0.2k-24.amzn2.0.10")],
            &["CVE-2024-0002"],
        )
        .notice(
            "ALAS2-2024-2560",
            "security",
            Some("important"),
            "2024-06-17",
            &[("curl", x, "8.3.0-1.amzn2.0.7")],
            &[],
        );
    c.build()
}

/// Example A: the node.
pub fn example_a_node() -> Inventory {
    let x = "x86_64";
    al2_node(vec![
        rpm("glibc", x, "2.26-64.amzn2.0.1"),
        rpm("openssl", x, "1:1.0.2k-24.amzn2.0.7"),
        rpm("curl", x, "8.3.0-1.amzn2.0.4"),
        rpm("vim-enhanced", x, "2:9.0.2081-1.amzn2.0.1"),
        rpm("amazon-ssm-agent", x, "3.3.131.0-1.amzn2"),
        rpm("nano", x, "2.9.8-2.amzn2"),
        rpm("bash", x, "4.2.46-34.amzn2"),
        rpm("zlib", x, "1.2.7-19.amzn2.0.2"),
    ])
}

/// Example D: baseline, catalog and node.
pub fn example_d() -> (CompiledBaseline, Catalog, Inventory) {
    let b = baseline(&format!(
        r#"{{"OperatingSystem":"WINDOWS","ApprovalRules":{{"PatchRules":[{}]}},
        "ApprovedPatches":["KB890830"],"ApprovedPatchesComplianceLevel":"LOW",
        "AvailableSecurityUpdatesComplianceStatus":"NON_COMPLIANT"}}"#,
        rule(
            &[
                ("PRODUCT", &["WindowsServer2022"]),
                ("CLASSIFICATION", &["CriticalUpdates", "SecurityUpdates"]),
                ("MSRC_SEVERITY", &["Critical", "Important"])
            ],
            r#""ApproveAfterDays":7"#,
            "CRITICAL",
            false
        )
    ));
    let update = |kb: &str, class: &str, msrc: &str, date: &str| {
        let mut u = WindowsUpdate::new(kb.parse().unwrap(), "WindowsServer2022");
        u.classification = class.into();
        u.msrc_severity = msrc.into();
        u.release_date = Some(at(date));
        u.title = format!("update {kb}");
        u
    };
    let mut cu = update(
        "KB5039227",
        "SecurityUpdates",
        "Critical",
        "2024-06-11T17:00:00Z",
    );
    cu.supersedes.push("KB5037782".parse().unwrap());
    let may = update(
        "KB5037782",
        "SecurityUpdates",
        "Critical",
        "2024-05-14T17:00:00Z",
    );
    let winre = update(
        "KB5034439",
        "SecurityUpdates",
        "Important",
        "2024-01-09T00:00:00Z",
    );
    let msrt = update(
        "KB890830",
        "UpdateRollups",
        "Unspecified",
        "2024-06-11T00:00:00Z",
    );
    let net = update(
        "KB5039343",
        "SecurityUpdates",
        "Important",
        "2024-06-17T17:00:00Z",
    );
    let iis = update(
        "KB5099001",
        "SecurityUpdates",
        "Important",
        "2024-05-14T00:00:00Z",
    );
    let other = update(
        "KB5031993",
        "Updates",
        "Unspecified",
        "2023-11-14T00:00:00Z",
    );
    let mut c = Catalog::default();
    c.windows = WindowsCatalog::new([cu, may, winre, msrt, net, iis, other]);
    let mut node = inventory(OperatingSystem::Windows, "WindowsServer2022", vec![]);
    node.extend_kbs(["KB5034439".parse().unwrap(), "KB5031993".parse().unwrap()]);
    // Windows Update's applicable set: IIS is absent, so its update does not apply.
    node.applicable_kbs = Some(
        ["KB5039227", "KB890830", "KB5039343"]
            .iter()
            .map(|k| k.parse().unwrap())
            .collect(),
    );
    (b, c, node)
}

/// Example E under `action`.
pub fn example_e(action: &str) -> (CompiledBaseline, Catalog, Inventory) {
    let b = baseline(&format!(
        r#"{{"OperatingSystem":"AMAZON_LINUX_2023","ApprovalRules":{{"PatchRules":[{}]}},
        "RejectedPatches":["sudo","libxml2-2.10.4-1.amzn2023.0.6.x86_64"],"RejectedPatchesAction":"{action}"}}"#,
        now_rule(
            &[
                ("CLASSIFICATION", &["Security"]),
                ("SEVERITY", &["Critical", "Important"])
            ],
            "HIGH",
            false
        )
    ));
    let x = "x86_64";
    let mut c = Rpm::new();
    c.offer("sudo", x, "1.9.15-1.p5.amzn2023.0.1")
        .offer("sudo", x, "1.9.15-1.p5.amzn2023.0.2")
        .offer("python3-lxml", x, "4.9.2-3")
        .offer("python3-lxml", x, "4.9.2-4")
        .offer("libxml2", x, "2.10.4-1.amzn2023.0.5")
        .offer("libxml2", x, "2.10.4-1.amzn2023.0.6")
        .notice(
            "ALAS2023-2024-600",
            "security",
            Some("Important"),
            "2024-06-01",
            &[("sudo", x, "1.9.15-1.p5.amzn2023.0.2")],
            &[],
        )
        .notice(
            "ALAS2023-2024-610",
            "security",
            Some("Important"),
            "2024-06-02",
            &[("python3-lxml", x, "4.9.2-4")],
            &[],
        );
    let node = al2023_node(vec![
        rpm("sudo", x, "1.9.15-1.p5.amzn2023.0.1"),
        rpm("python3-lxml", x, "4.9.2-3"),
        rpm("libxml2", x, "2.10.4-1.amzn2023.0.5"),
    ]);
    (b, c.build(), node)
}
