//! Every point the specification leaves open ("unconfirmed", contradictory or silent) that the
//! evaluation had to decide, each decided here once and referenced from the code as
//! "decision R1" … "decision R23" (R for rules: observed.md has its own D rows about dates).
//!
//! | # | question (spec) | decision |
//! |---|---|---|
//! | R1 | dnf/zypper date source (evaluation.md 3.1, 9 q1; observed.md D2) | notice `updated`, else `issued` (the documented behaviour) |
//! | R2 | yum: package in no notice (observed.md D2) | dated by its build time when a repository offers it; else no date |
//! | R3 | dnf/zypper date syntax (observed.md D3) | the yum rules (`YYYY-MM-DD[ HH[:MM[:SS]]]`, trailing text ignored) plus epoch seconds |
//! | R4 | undated or unparseable dates (evaluation.md 3.4, 9 q2) | 1970-01-01T00:00:00Z: immediately old enough (as the agent and Windows do); no strict mode yet |
//! | R5 | yum or dnf on RHEL/CentOS/Oracle (products.md 3) | by the major version in the product string: below 8 → yum, else (and unknown) dnf |
//! | R6 | one KB listed for several products (Windows) | the entry for the node's product stands for the KB; else the first by product |
//! | R7 | "security-related" for `AvailableSecurityUpdate` (evaluation.md 4.5, 9 q4) | classification `SecurityUpdates`/`CriticalUpdates`, or an MSRC severity other than `Unspecified` |
//! | R8 | macOS "security" and dates (evaluation.md 2, 9 q11) | every macOS package passes the non-security gate; no dates (1970) |
//! | R9 | `AvailableSecurityUpdatesComplianceStatus` unset (compliance.md 1.2) | `COMPLIANT` |
//! | R10 | Install Override List vs `BLOCK` (evaluation.md 7.3, 9 q7) | the override list wins on every family (as on APT): no dependency blocking for override installs |
//! | R11 | Windows date for `ApproveAfterDays` (evaluation.md 9 q3) | `WindowsUpdate::release_date` (the ingest stores the latest revision's date there) |
//! | R12 | SUSE non-security gate (evaluation.md 1.3, 9 q6) | not applied: every zypper candidate passes, for rules and the approved list |
//! | R13 | the installed RPM version when no repository offers it (observed.md Y4) | still a candidate (it is on the node); only versions to install must be offered |
//! | R14 | dnf/zypper: which notice's Classification/Severity among several (observed.md N5) | the first in file order among the notices that approve the reported version |
//! | R15 | InstalledOther/InstalledRejected labels | those of the installed version's first notice in file order; empty without one |
//! | R16 | explicit + rule approval, DeploymentStatus (evaluation.md 4.5, 9 q5) | `EXPLICIT_APPROVED`; ApprovalDate = the patch date; the level is the highest of both |
//! | R17 | Windows: installed KB that the catalog lists as superseded | not in the patch list: `InstalledOther` |
//! | R18 | Windows applicability without WUA's set | the update's product is the node's product and it is not installed (superseded updates are already gone) |
//! | R19 | After Install (compliance.md 8 q8) | a planned update whose target was not reached is `Failed`; packages not planned keep their Scan state |
//! | R20 | APT `BLOCK` fallback (evaluation.md 5.2) | the next lower approved version whose dependencies are not rejected; RPM families do not fall back (5.1) |
//! | R21 | dnf/zypper: the reported severity of a notice without one (observed.md Y1 is yum's rule) | empty; only yum reports `None` |
//! | R22 | `BLOCK` through chains of dependency facts (evaluation.md 4.3 "packages that depend on them") | transitive: a rejected package anywhere down the chain blocks; each fact is followed once (cycles end the walk); the nearest rejected package is the one reported |
//! | R23 | macOS versions that are not valid dotted versions (evaluation.md 1.6 says nothing) | compared as text, so that the order stays total |
