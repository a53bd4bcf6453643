//! Validation: every hard error of baseline spec section 10 and every documented warning, each
//! with its JSON path, the offending value and what is allowed — all problems at once.
//!
//! ```
//! use patchcore_baseline::{Baseline, validate::{Code, DocumentKind, ValidateOptions}};
//!
//! let baseline: Baseline = serde_json::from_str(r#"{
//!   "Name": "prod", "OperatingSystem": "AMAZON_LINUX_2",
//!   "ApprovalRules": {"PatchRules": [{"PatchFilterGroup": {"PatchFilters": []},
//!                                     "ApproveAfterDays": 400}]}
//! }"#).unwrap();
//! let report = baseline.validate(DocumentKind::CreateInput);
//! assert!(report.has_errors());
//! let problem = &report.errors().next().unwrap();
//! assert_eq!(problem.path, "$.ApprovalRules.PatchRules[0].ApproveAfterDays");
//! assert_eq!(problem.message, "400 is outside the allowed range 0–360");
//!
//! // Warnings carry stable codes and can be suppressed one by one.
//! let options = ValidateOptions::new(DocumentKind::CreateInput).suppress(Code::ApproveAfterDaysOver100);
//! assert!(baseline.validate_with(&options).warnings().all(|w| w.code != Code::ApproveAfterDaysOver100));
//! ```

mod checks;
pub(crate) use checks::parse_until_date;
mod lists;
pub(crate) mod vocab;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Baseline;

/// The kind of document a baseline came from: what is required depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum DocumentKind {
    /// `GetPatchBaseline` (or `UpdatePatchBaseline`) output.
    GetOutput,
    /// `CreatePatchBaseline` input (`--cli-input-json`): `Name` required.
    CreateInput,
    /// `UpdatePatchBaseline` input: `BaselineId` required, `OperatingSystem` not allowed,
    /// `Name` required only with `Replace`.
    UpdateInput,
    /// One entry of a `BaselineOverride` array: no `Name`, `BaselineId` or `Description`.
    BaselineOverride,
    /// The `Properties` of an `AWS::SSM::PatchBaseline` CloudFormation resource.
    CloudFormation,
}

impl DocumentKind {
    /// Guesses the kind of a single JSON baseline: output-only members (`CreatedDate`,
    /// `ModifiedDate`, `PatchGroups`) mean `GetPatchBaseline` output; `Replace` means update
    /// input; a `BaselineId` means update input without `OperatingSystem` (which an update cannot
    /// carry) and output with it; anything else is create input.
    pub fn detect(baseline: &Baseline) -> Self {
        let output_only = baseline.created_date.is_some()
            || baseline.modified_date.is_some()
            || baseline.patch_groups.is_some();
        match (&baseline.baseline_id, &baseline.operating_system) {
            _ if output_only => Self::GetOutput,
            _ if baseline.replace.is_some() => Self::UpdateInput,
            (Some(_), None) => Self::UpdateInput,
            (Some(_), Some(_)) => Self::GetOutput,
            (None, _) => Self::CreateInput,
        }
    }

    /// A short name for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GetOutput => "get-patch-baseline output",
            Self::CreateInput => "create-patch-baseline input",
            Self::UpdateInput => "update-patch-baseline input",
            Self::BaselineOverride => "BaselineOverride entry",
            Self::CloudFormation => "CloudFormation AWS::SSM::PatchBaseline",
        }
    }
}

/// Whether a problem makes the baseline invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The service would reject the baseline.
    Error,
    /// Accepted by the service, but probably not what was meant.
    Warning,
}

macro_rules! codes {
    ($( $(#[$meta:meta])* $variant:ident = ($text:literal, $severity:ident) ),+ $(,)?) => {
        /// A stable problem code. Warnings can be suppressed by code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$meta])* $variant, )+
        }

        impl Code {
            /// Every code.
            pub const ALL: &'static [Code] = &[ $( Code::$variant ),+ ];

            /// The stable text of the code (`approve-after-days-range`).
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $text, )+ }
            }

            /// Whether the code is an error or a warning.
            pub fn severity(self) -> Severity {
                match self { $( Self::$variant => Severity::$severity, )+ }
            }
        }
    };
}

codes! {
    /// Rule 1: `Name` missing where required.
    NameRequired = ("name-required", Error),
    /// Rule 1: `Name` not 3–128 of `[a-zA-Z0-9_\-.]`.
    NameInvalid = ("name-invalid", Error),
    /// Rule 2: `BaselineId` not 20–128 of `[a-zA-Z0-9_\-:/]`.
    BaselineIdInvalid = ("baseline-id-invalid", Error),
    /// Rule 2 (update): `BaselineId` missing from update input.
    BaselineIdRequired = ("baseline-id-required", Error),
    /// Rule 3: unknown `OperatingSystem`.
    OperatingSystemUnknown = ("operating-system-unknown", Error),
    /// Rule 3: `OperatingSystem` in update input (it is immutable).
    OperatingSystemImmutable = ("operating-system-immutable", Error),
    /// Rule 4: `Description` not 1–1024 characters.
    DescriptionLength = ("description-length", Error),
    /// Rule 5: `PatchFilters` missing from a filter group.
    FiltersMissing = ("filters-missing", Error),
    /// Rule 5: more than 4 filters in a group.
    TooManyFilters = ("too-many-filters", Error),
    /// Rule 6: filter `Key` missing or unknown.
    FilterKeyInvalid = ("filter-key-invalid", Error),
    /// Rule 6: filter `Values` missing or not 1–20 entries.
    FilterValuesCount = ("filter-values-count", Error),
    /// Rule 6: a filter value not 1–64 characters.
    FilterValueLength = ("filter-value-length", Error),
    /// Rule 7: `ApprovalRules` without `PatchRules`.
    RulesMissing = ("rules-missing", Error),
    /// Rule 7: more than 10 rules.
    TooManyRules = ("too-many-rules", Error),
    /// Rule 8: a rule without `PatchFilterGroup`.
    RuleFilterGroupMissing = ("rule-filter-group-missing", Error),
    /// Rule 8: `ApproveAfterDays` outside 0–360.
    ApproveAfterDaysRange = ("approve-after-days-range", Error),
    /// Rule 8: `ApproveUntilDate` not a `YYYY-MM-DD` calendar date.
    ApproveUntilDateInvalid = ("approve-until-date-invalid", Error),
    /// Rule 8: neither `ApproveAfterDays` nor `ApproveUntilDate` (outside APT).
    ApprovalMissing = ("approval-missing", Error),
    /// Rule 8: both `ApproveAfterDays` and `ApproveUntilDate`.
    ApprovalBoth = ("approval-both", Error),
    /// Rule 9: unknown compliance level.
    ComplianceLevelUnknown = ("compliance-level-unknown", Error),
    /// Rule 10: more than 50 list entries.
    ListTooLong = ("list-too-long", Error),
    /// Rule 10: a list entry not 1–100 characters.
    ListEntryLength = ("list-entry-length", Error),
    /// Rule 11: unknown `RejectedPatchesAction`.
    RejectedActionUnknown = ("rejected-action-unknown", Error),
    /// Rule 12: more than 20 sources.
    TooManySources = ("too-many-sources", Error),
    /// Rule 12: a source `Name` missing or not 3–50 of `[a-zA-Z0-9_\-.]`.
    SourceNameInvalid = ("source-name-invalid", Error),
    /// Rule 12: source `Products` missing or not 1–20 entries of 1–128 characters.
    SourceProductsInvalid = ("source-products-invalid", Error),
    /// Rule 12: source `Configuration` missing or not 1–1024 characters.
    SourceConfigurationInvalid = ("source-configuration-invalid", Error),
    /// Rule 13: unknown `AvailableSecurityUpdatesComplianceStatus`.
    SecurityStatusUnknown = ("security-status-unknown", Error),
    /// Rule 14: `ClientToken` not 1–64 characters.
    ClientTokenLength = ("client-token-length", Error),
    /// Rule 14: more than 1000 tags, or a tag key/value of the wrong length or characters.
    TagInvalid = ("tag-invalid", Error),
    /// Rule 15: a patch group not 1–256 of the patch-group characters.
    PatchGroupInvalid = ("patch-group-invalid", Error),

    /// A filter key not documented for the baseline's OS (ignored by the agent, F2).
    KeyNotForOs = ("key-not-for-os", Warning),
    /// A filter value not in the documented list for the OS and key.
    ValueNotDocumented = ("value-not-documented", Warning),
    /// A CLASSIFICATION/SEVERITY value not in Title case on a yum OS: it never matches (Y1).
    ValueCaseNeverMatches = ("value-case-never-matches", Warning),
    /// A `*` inside a filter value with other text: only a lone `*` is a wildcard there.
    FilterValuePartialWildcard = ("filter-value-partial-wildcard", Warning),
    /// The same `Key` twice in one filter group.
    DuplicateKey = ("duplicate-key", Warning),
    /// `EnableNonSecurity` / `ApprovedPatchesEnableNonSecurity` true on Windows or macOS.
    NonSecurityNotLinux = ("non-security-not-linux", Warning),
    /// `Sources` on Windows or macOS.
    SourcesNotLinux = ("sources-not-linux", Warning),
    /// `AvailableSecurityUpdatesComplianceStatus` on a non-Windows baseline.
    SecurityStatusNotWindows = ("security-status-not-windows", Warning),
    /// A list entry that is no documented form for the OS, or can never match.
    EntryNeverMatches = ("entry-never-matches", Warning),
    /// A list entry using more than the documented single `*` (several `*`, `?` or `[...]`).
    UndocumentedWildcard = ("undocumented-wildcard", Warning),
    /// A wildcard in a macOS or Windows list, where none is supported.
    WildcardNotSupported = ("wildcard-not-supported", Warning),
    /// A CVE, advisory or Bugzilla id in a rejected list: it rejects nothing (L4).
    IdInRejectedList = ("id-in-rejected-list", Warning),
    /// The same entry in the approved and rejected lists (rejection wins).
    ApprovedAndRejected = ("approved-and-rejected", Warning),
    /// `ApproveAfterDays`/`ApproveUntilDate` on Debian, Ubuntu or Raspberry Pi OS: ignored.
    DelayIgnoredOnApt = ("delay-ignored-on-apt", Warning),
    /// `ApproveAfterDays` above the console's recommended 100.
    ApproveAfterDaysOver100 = ("approve-after-days-over-100", Warning),
    /// Two sources with the same `Name`.
    DuplicateSourceName = ("duplicate-source-name", Warning),
    /// One product in two sources.
    ProductInTwoSources = ("product-in-two-sources", Warning),
    /// Neither approval rules nor approved patches: the baseline approves nothing.
    ApprovesNothing = ("approves-nothing", Warning),
    /// A member that this kind of document does not carry (ignored by the service).
    MemberIgnored = ("member-ignored", Warning),
    /// A CloudFormation value given by an intrinsic function (`!Ref`, `!Join`, …).
    NotResolvableOffline = ("not-resolvable-offline", Warning),
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Code {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|code| code.as_str() == s)
            .ok_or_else(|| {
                crate::ErrorKind::Shape {
                    path: "code".to_owned(),
                    message: format!("unknown problem code {}", crate::error::quote(s)),
                }
                .into()
            })
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem: where, what, and how bad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// The stable code.
    pub code: Code,
    /// Error or warning (from the code).
    pub severity: Severity,
    /// JSON path of the offending member (`$.ApprovalRules.PatchRules[2].ApproveAfterDays`).
    pub path: String,
    /// What is wrong and what is allowed, naming the offending value (truncated when huge).
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} [{}]",
            self.path, self.severity, self.message, self.code
        )
    }
}

/// Every problem found in one baseline, errors and warnings, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    problems: Vec<Problem>,
}

impl Report {
    /// All problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Whether a problem with `code` was found.
    pub fn has(&self, code: Code) -> bool {
        self.problems.iter().any(|p| p.code == code)
    }

    /// One line: counts and the first error.
    pub fn summary(&self) -> String {
        let errors = self.errors().count();
        let warnings = self.problems.len() - errors;
        match self.errors().next() {
            Some(first) => format!(
                "{errors} error(s), {warnings} warning(s); first: {}: {}",
                first.path, first.message
            ),
            None => format!("no errors, {warnings} warning(s)"),
        }
    }

    /// Adds the problems of `other`.
    pub fn extend(&mut self, other: Report) {
        self.problems.extend(other.problems);
    }

    pub(crate) fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub(crate) fn retain(&mut self, keep: impl FnMut(&Problem) -> bool) {
        self.problems.retain(keep);
    }
}

/// How to validate: the document kind, a path prefix, and the warning codes to suppress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateOptions {
    kind: DocumentKind,
    root: String,
    suppressed: Vec<Code>,
}

impl ValidateOptions {
    /// Options for a document of `kind`, with paths starting at `$`.
    pub fn new(kind: DocumentKind) -> Self {
        Self {
            kind,
            root: "$".to_owned(),
            suppressed: Vec::new(),
        }
    }

    /// Paths start at `root` instead of `$` (e.g. `$[1]` for an override entry).
    #[must_use]
    pub fn at(mut self, root: impl Into<String>) -> Self {
        self.root = root.into();
        self
    }

    /// Suppresses the warning `code` (errors cannot be suppressed).
    #[must_use]
    pub fn suppress(mut self, code: Code) -> Self {
        if code.severity() == Severity::Warning {
            self.suppressed.push(code);
        }
        self
    }

    /// The document kind.
    pub fn kind(&self) -> DocumentKind {
        self.kind
    }
}

/// Collects problems during one validation run.
pub(crate) struct Collector<'o> {
    options: &'o ValidateOptions,
    report: Report,
}

impl<'o> Collector<'o> {
    pub(crate) fn new(options: &'o ValidateOptions) -> Self {
        Self {
            options,
            report: Report::default(),
        }
    }

    /// Records a problem at `path` (relative to the root, starting with `.` or `[`, or empty).
    pub(crate) fn add(&mut self, code: Code, path: &str, message: String) {
        if self.options.suppressed.contains(&code) {
            return;
        }
        self.report.push(Problem {
            code,
            severity: code.severity(),
            path: format!("{}{path}", self.options.root),
            message,
        });
    }

    pub(crate) fn kind(&self) -> DocumentKind {
        self.options.kind
    }

    pub(crate) fn finish(self) -> Report {
        self.report
    }
}

/// Validates `baseline` with `options`.
pub fn validate(baseline: &Baseline, options: &ValidateOptions) -> Report {
    let mut collector = Collector::new(options);
    checks::check_baseline(baseline, &mut collector);
    lists::check_lists(baseline, &mut collector);
    collector.finish()
}

impl Baseline {
    /// Validates the baseline as a document of `kind`, reporting every problem.
    pub fn validate(&self, kind: DocumentKind) -> Report {
        validate(self, &ValidateOptions::new(kind))
    }

    /// Validates the baseline with `options` (kind, path prefix, suppressed warnings).
    pub fn validate_with(&self, options: &ValidateOptions) -> Report {
        validate(self, options)
    }
}
