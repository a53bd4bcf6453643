//! The 17 AWS-managed baselines as `get-patch-baseline` returned them in us-east-1 (December
//! 2025), transcribed value by value. Every one has empty approved/rejected lists, patch groups
//! and sources, `UNSPECIFIED` compliance levels, `ALLOW_AS_DEPENDENCY`, and equal created and
//! modified dates.
//!
//! `default_for_os` follows baseline spec section 7.3 (`AWS-DefaultPatchBaseline` is the Windows
//! default); the captured listing marks `AWS-WindowsPredefinedPatchBaseline-OS-Applications`
//! instead, a per-account registration.

use super::{Predefined, PredefinedRule};
use crate::enums::PatchFilterKey as Key;
use crate::os::OperatingSystem as Os;

/// The global filter of 16 of the 17: every product.
const ANY_PRODUCT: &[(Key, &[&str])] = &[(Key::Product, &["*"])];

/// Alma, Amazon Linux 1/2/2022/2023, Red Hat and Rocky: security updates rated Critical or
/// Important, and bug fixes, after 7 days.
const SECURITY_AND_BUGFIX_RULES: &[PredefinedRule] = &[
    PredefinedRule {
        filters: &[
            (Key::Classification, &["Security"]),
            (Key::Severity, &["Critical", "Important"]),
        ],
        approve_after_days: 7,
        enable_non_security: false,
    },
    PredefinedRule {
        filters: &[(Key::Classification, &["Bugfix"])],
        approve_after_days: 7,
        enable_non_security: false,
    },
];

/// Debian, Raspberry Pi OS and Ubuntu: every priority (the 7 days have no effect on APT).
const APT_RULES: &[PredefinedRule] = &[PredefinedRule {
    filters: &[(
        Key::Priority,
        &["Required", "Important", "Standard", "Optional", "Extra"],
    )],
    approve_after_days: 7,
    enable_non_security: false,
}];

/// The catalog, sorted by name.
pub(super) const PREDEFINED: &[Predefined] = &[
    Predefined {
        name: "AWS-AlmaLinuxDefaultPatchBaseline",
        os: Os::AlmaLinux,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0cb0c4966f86b059b",
        description: "Default Patch Baseline for Alma Linux Provided by AWS.",
        created: "2023-03-14T17:08:36.790000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-AmazonLinux2022DefaultPatchBaseline",
        os: Os::AmazonLinux2022,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0028ca011460d5eaf",
        description: "Default Patch Baseline for Amazon Linux 2022 Provided by AWS.",
        created: "2022-08-09T17:18:10.147000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-AmazonLinux2023DefaultPatchBaseline",
        os: Os::AmazonLinux2023,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-05c9c9bf778d4c4d0",
        description: "Default Patch Baseline for Amazon Linux 2023 Provided by AWS.",
        created: "2023-03-14T17:08:36.790000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-AmazonLinux2DefaultPatchBaseline",
        os: Os::AmazonLinux2,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0be8c61cde3be63f3",
        description: "Default Patch Baseline for Amazon Linux 2 Provided by AWS.",
        created: "2018-06-21T09:27:05.252000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-AmazonLinuxDefaultPatchBaseline",
        os: Os::AmazonLinux,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0c10e657807c7a700",
        description: "Default Patch Baseline for Amazon Linux Provided by AWS.",
        created: "2018-05-01T17:13:20.068000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-CentOSDefaultPatchBaseline",
        os: Os::Centos,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-03e3f588eec25344c",
        description: "Default Patch Baseline for CentOS Provided by AWS.",
        created: "2018-03-29T17:38:12.515000+00:00",
        default_for_os: true,
        global_filters: &[],
        rules: &[PredefinedRule {
            filters: &[(Key::Product, &["*"])],
            approve_after_days: 7,
            enable_non_security: true,
        }],
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-DebianDefaultPatchBaseline",
        os: Os::Debian,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09a5f8eb62bde80b1",
        description: "Default Patch Baseline for Debian Provided by AWS.",
        created: "2020-05-05T16:20:30.388000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: APT_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-DefaultPatchBaseline",
        os: Os::Windows,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-09ca3fb51f0412ec3",
        description: "Default Patch Baseline Provided by AWS.",
        created: "2018-05-01T17:13:20.068000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: &[PredefinedRule {
            filters: &[
                (Key::Classification, &["CriticalUpdates", "SecurityUpdates"]),
                (Key::MsrcSeverity, &["Critical", "Important"]),
            ],
            approve_after_days: 7,
            enable_non_security: false,
        }],
        windows_security_status: true,
    },
    Predefined {
        name: "AWS-MacOSDefaultPatchBaseline",
        os: Os::MacOs,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0ee4f94581368c0d4",
        description: "Default Patch Baseline for MacOS Provided by AWS.",
        created: "2020-04-17T02:52:57.992000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: &[PredefinedRule {
            filters: &[(
                Key::Classification,
                &["softwareupdate", "installer", "brew", "brew_cask"],
            )],
            approve_after_days: 7,
            enable_non_security: false,
        }],
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-OracleLinuxDefaultPatchBaseline",
        os: Os::OracleLinux,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-06bff38e95fe85c02",
        description: "Default Patch Baseline for Oracle Linux Server Provided by AWS.",
        created: "2025-12-10T17:35:09.340000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: &[
            PredefinedRule {
                filters: &[
                    (Key::Classification, &["Security"]),
                    (Key::Severity, &["Critical", "Important", "Moderate"]),
                ],
                approve_after_days: 7,
                enable_non_security: false,
            },
            PredefinedRule {
                filters: &[(Key::Classification, &["Enhancement", "Bugfix"])],
                approve_after_days: 7,
                enable_non_security: false,
            },
        ],
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-RaspbianDefaultPatchBaseline",
        os: Os::Raspbian,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0ec16280999c5c75e",
        description: "Default Patch Baseline for Raspbian Provided by AWS.",
        created: "2021-07-21T19:19:22.080000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: APT_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-RedHatDefaultPatchBaseline",
        os: Os::RedhatEnterpriseLinux,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0cbb3a633de00f07c",
        description: "Default Patch Baseline for Redhat Enterprise Linux Provided by AWS.",
        created: "2018-05-01T17:13:20.068000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-RockyLinuxDefaultPatchBaseline",
        os: Os::RockyLinux,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-03ec98bc512aa3ac0",
        description: "Default Patch Baseline for Rocky Linux Provided by AWS.",
        created: "2022-03-14T20:17:22.806000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: SECURITY_AND_BUGFIX_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-SuseDefaultPatchBaseline",
        os: Os::Suse,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-07d8884178197b66b",
        description: "Default Patch Baseline for Suse Provided by AWS.",
        created: "2018-05-01T17:13:20.069000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: &[PredefinedRule {
            filters: &[
                (Key::Classification, &["Security"]),
                (Key::Severity, &["Critical", "Important"]),
            ],
            approve_after_days: 7,
            enable_non_security: false,
        }],
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-UbuntuDefaultPatchBaseline",
        os: Os::Ubuntu,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0c7e89f711c3095f4",
        description: "Default Patch Baseline for Ubuntu Provided by AWS.",
        created: "2018-05-01T17:13:20.068000+00:00",
        default_for_os: true,
        global_filters: ANY_PRODUCT,
        rules: APT_RULES,
        windows_security_status: false,
    },
    Predefined {
        name: "AWS-WindowsPredefinedPatchBaseline-OS-Applications",
        os: Os::Windows,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-0fafa8379afee7c83",
        description: "For the Windows Server operating system, approves all patches that are classified as CriticalUpdates or SecurityUpdates and that have an MSRC severity of Critical or Important. For Microsoft applications, approves all patches. Patches are auto-approved seven days after release.",
        created: "2019-05-07T18:32:23.887000+00:00",
        default_for_os: false,
        global_filters: ANY_PRODUCT,
        rules: &[
            PredefinedRule {
                filters: &[
                    (Key::PatchSet, &["OS"]),
                    (Key::Classification, &["CriticalUpdates", "SecurityUpdates"]),
                    (Key::MsrcSeverity, &["Critical", "Important"]),
                ],
                approve_after_days: 7,
                enable_non_security: false,
            },
            PredefinedRule {
                filters: &[(Key::PatchSet, &["APPLICATION"])],
                approve_after_days: 7,
                enable_non_security: false,
            },
        ],
        windows_security_status: true,
    },
    Predefined {
        name: "AWS-WindowsPredefinedPatchBaseline-OS",
        os: Os::Windows,
        baseline_id: "arn:aws:ssm:us-east-1:075727635805:patchbaseline/pb-096d816473f2bdb03",
        description: "Approves all Windows Server operating system patches that are classified as CriticalUpdates or SecurityUpdates and that have an MSRC severity of Critical or Important. Patches are auto-approved seven days after release.",
        created: "2019-05-07T18:32:23.887000+00:00",
        default_for_os: false,
        global_filters: ANY_PRODUCT,
        rules: &[PredefinedRule {
            filters: &[
                (Key::PatchSet, &["OS"]),
                (Key::Classification, &["CriticalUpdates", "SecurityUpdates"]),
                (Key::MsrcSeverity, &["Critical", "Important"]),
            ],
            approve_after_days: 7,
            enable_non_security: false,
        }],
        windows_security_status: true,
    },
];
