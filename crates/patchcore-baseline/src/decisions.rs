//! Choices taken where the specification (baseline spec, observed.md) is unconfirmed, silent or
//! contradictory. Each is the single place the choice is documented.
//!
//! | # | question | choice |
//! |---|---|---|
//! | 1 | Both `ApproveAfterDays` and `ApproveUntilDate` in one rule (§4, §11 q7) | error `approval-both` |
//! | 2 | APT rules with a delay (§4, §11 q1) | read and kept; warning `delay-ignored-on-apt`; compiled as [`crate::Approval::Immediately`] |
//! | 3 | Duplicate `Key` in one group (§2.4 recommends an error; §10 lists a warning) | warning `duplicate-key` (§10 is the checklist) |
//! | 4 | 2020-era keys and `SECURITY` in baselines (§3.2) | read; warning `key-not-for-os`; dropped by compile (not evaluated, F2) |
//! | 5 | `PATCH_ID` in Windows baselines (§3.2) | accepted without warning and evaluated |
//! | 6 | Keys for Rocky, Alma, Raspbian, AL2022 (§3.2) | those of their family |
//! | 7 | RHEL-family severity vocabulary (§11 q2) | `Medium` and `Moderate` both documented values |
//! | 8 | `PRODUCT` vocabulary | never warned about: the documented lists are years behind |
//! | 9 | Partial wildcards in filter values (§3.5) | literal; warning `filter-value-partial-wildcard` |
//! | 10 | Filter value case on RHEL/CentOS/Oracle (yum on 7, dnf on 8+: Y1 vs N1) | the dnf rule (ignore case) except Amazon Linux 1 and 2, which always use yum (Title-case rule); `PRODUCT` exact on RPM families; Windows and macOS ignore case (agent code not public) |
//! | 11 | Advisory id grammar (§5.1) | `[A-Z][A-Z0-9]*-\d{4}[-:]\d+`; CVE `CVE-\d{4}-\d+`; digits only = Bugzilla on yum/dnf, never a version (L1) |
//! | 12 | Id entries on yum/dnf | match ids only (not package strings); in a rejected list they match nothing (L4) |
//! | 13 | SUSE entries | package patterns tried against package forms, the `.rpm` file name, and patch (advisory) names, in both lists |
//! | 14 | Windows entries | `KB` + digits, bare digits (the same KB) and `MSnn-nnn`; anything else matches nothing, warning `entry-never-matches` |
//! | 15 | macOS entries | whole package name, ignoring ASCII case; `*` is literal (warning `wildcard-not-supported`) |
//! | 16 | Case folding in list matching (L2) | ASCII only: package names and versions are ASCII; `?` and `[...]` match one byte |
//! | 17 | Missing epoch in RPM forms (L1) | reads as `0` (as the agent prints it) |
//! | 18 | `EnableNonSecurity` on Windows/macOS | warning only when `true` (the predefined Windows baselines carry `false`) |
//! | 19 | CloudFormation intrinsics | value removed from the baseline, warning `not-resolvable-offline` with its path; problems under that path are not reported |
//! | 20 | Windows default baseline | `AWS-DefaultPatchBaseline` (§7.3), though the captured listing marks `-OS-Applications` |
//! | 21 | Kind of a single JSON baseline | output-only members → get output; `Replace` → update input; `BaselineId` → update input without `OperatingSystem`, get output with it; else create input ([`crate::validate::DocumentKind::detect`]) |
//! | 22 | Baselines with neither rules nor approved patches (the CFN provider's invalid sample) | warning `approves-nothing` |
//! | 23 | `AvailableSecurityUpdatesComplianceStatus` default (§9) | kept as `Option`; the evaluator decides |
//! | 24 | Tag / patch-group pattern `\p{L}\p{Z}\p{N}` | `char::is_alphabetic`, `char::is_numeric` and the Unicode space separators |
//! | 25 | `ModifiedDate` after [`crate::Baseline::apply_update`] | unchanged: patchcore reads no clock; the caller sets it |
