//! `patchcore scan`: evaluate a node against a baseline and report its compliance — a readable
//! summary, the saved-snapshot JSON document, or the CSV compliance report. Exit status 0 when
//! compliant, 1 when not, 2 on an error: it can gate a pipeline.

use std::fmt::Write as _;
use std::process::ExitCode;

use chrono::{DateTime, Duration, Utc};
use patchcore::baseline::PackageFamily;
use patchcore::compliance::{ComplianceStatus, Context, Snapshot, Summary};
use patchcore::rules::explain::{DateTest, Step};
use patchcore::rules::{Evaluator, PatchState, Scan};
use uuid::Uuid;

use crate::failure::{self, Failure};
use crate::input::{Inputs, Loaded};
use crate::output::{ReportFormat, Style, day, emit};
use crate::summary::SummaryArgs;

/// How far ahead the table's forecast line looks.
const FORECAST_DAYS: i64 = 30;

/// Scan a node (by default the machine this runs on) against a baseline.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "Exit status: 0 compliant, 1 non-compliant, 2 error.")]
pub(crate) struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Output: a readable summary with the non-compliant patches, the snapshot JSON
    /// document (`PatchState`, `Patches`, `Patchcore`), or the CSV compliance report.
    /// The CSV report shows no `NotApplicable` count, so `--not-applicable-limit` leaves it
    /// as it is.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    #[command(flatten)]
    summary: SummaryArgs,
}

/// Runs `patchcore scan`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("scan", args, |args| {
        let node = args.inputs.load()?;
        let evaluator = node.evaluator()?;
        let scan = evaluator.scan(&node.inventory, node.now)?;
        let snapshot = record(&node, &scan);
        let options = args.summary.options();
        let summary = snapshot.summary(&options);
        match args.format {
            ReportFormat::Table => emit(table(
                &node,
                &evaluator,
                &scan,
                &snapshot,
                &summary,
                Style::for_stdout(),
            )?)?,
            ReportFormat::Json => emit(crate::saved::to_json(&snapshot, &options))?,
            ReportFormat::Csv => emit(crate::saved::to_csv(&snapshot)?)?,
        }
        Ok(exit_status(&summary))
    })
}

/// 0 compliant, 1 non-compliant.
fn exit_status(summary: &Summary) -> ExitCode {
    match summary.status {
        ComplianceStatus::Compliant => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

/// The snapshot of a scan, with the deterministic defaults of issue 7: `BaselineId` the
/// baseline's id (the ARN of a predefined one) else its name, `SnapshotId` a UUID v5 of the
/// inputs unless given, operation start = end = the evaluation instant.
pub(crate) fn record(node: &Loaded, scan: &Scan<'_>) -> Snapshot {
    let mut context = Context::new(node.node_id.clone(), node.scanner.baseline_id());
    context.baseline_hash = node.scanner.baseline_hash().to_owned();
    context.patch_group.clone_from(&node.patch_group);
    context.operation_start_time = Some(node.now);
    context.operation_end_time = Some(node.now);
    let mut snapshot = Snapshot::from_scan(scan, &node.inventory, context);
    snapshot.snapshot_id = node
        .snapshot_id
        .clone()
        .unwrap_or_else(|| derived_snapshot_id(&snapshot));
    snapshot
}

/// The namespace of derived snapshot ids (a UUID v5 of the name `patchcore snapshot` in the
/// OID namespace), fixed so the same inputs give the same id on every machine.
fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_OID, b"patchcore snapshot")
}

/// A UUID v5 of what the snapshot was made from: node, patch group, baseline (by hash), the
/// instant, the node's identity, and every row (Id, Title, State) with the unlisted
/// `NotApplicable` count — the facts read as far as they decide the result. Decision: the
/// rows stand for the inventory and catalog, so that the id costs one pass over the rows
/// rather than a hash of every available version; two scans with the same id report the same.
fn derived_snapshot_id(snapshot: &Snapshot) -> String {
    let mut name = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        name,
        "{}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        snapshot.node_id,
        snapshot.patch_group,
        snapshot.baseline_id,
        snapshot.baseline_hash,
        snapshot.operation_start_time.to_rfc3339(),
        snapshot.operating_system.as_str(),
        snapshot.product,
    );
    for item in &snapshot.items {
        let _ = writeln!(name, "{}\t{}\t{}", item.id, item.title, item.state);
    }
    let _ = write!(name, "{}", snapshot.unlisted_not_applicable);
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// When the deciding rule of each `Missing` row approved its target: the oldest such instant.
fn oldest_approval(
    evaluator: &Evaluator<'_>,
    node: &Loaded,
    scan: &Scan<'_>,
) -> Result<Option<DateTime<Utc>>, Failure> {
    let mut oldest: Option<DateTime<Utc>> = None;
    for row in scan
        .rows()
        .iter()
        .filter(|r| r.state == PatchState::Missing)
    {
        let explanation = evaluator.explain(&node.inventory, &row.id().to_string(), node.now)?;
        let Some(candidate) = explanation.deciding_candidate() else {
            continue;
        };
        // The earliest instant any approving rule approved it from.
        let approved = candidate
            .steps
            .iter()
            .filter_map(|step| match step {
                Step::Rule {
                    approved: true,
                    date,
                    ..
                } => match date {
                    DateTest::AfterDays { approved_after, .. } => Some(*approved_after),
                    DateTest::UntilDate { patch_date, .. } => Some(*patch_date),
                    _ => None,
                },
                _ => None,
            })
            .min();
        if let Some(at) = approved {
            oldest = Some(oldest.map_or(at, |o| o.min(at)));
        }
    }
    Ok(oldest)
}

/// What a row's Title adds to its Id: the version of a package (`name.arch:version`,
/// `name.version`), the whole title of a Windows update.
fn version_of<'t>(id: &str, title: &'t str) -> &'t str {
    title
        .strip_prefix(id)
        .and_then(|rest| rest.strip_prefix([':', '.']))
        .unwrap_or(title)
}

/// The readable summary: baseline, status, severity, counts, the oldest approved missing
/// patch, the forecast, then the non-compliant rows.
fn table(
    node: &Loaded,
    evaluator: &Evaluator<'_>,
    scan: &Scan<'_>,
    snapshot: &Snapshot,
    summary: &Summary,
    style: Style,
) -> Result<String, Failure> {
    let mut out = String::new();
    let compliant = summary.status == ComplianceStatus::Compliant;
    let status = if compliant {
        style.good("COMPLIANT")
    } else {
        style.bad("NON_COMPLIANT")
    };
    let node_name = if snapshot.node_id.is_empty() {
        "node".to_owned()
    } else {
        snapshot.node_id.clone()
    };
    let platform = if snapshot.platform_name.is_empty() {
        snapshot.product.clone()
    } else {
        format!("{}, {}", snapshot.product, snapshot.platform_name)
    };
    let _ = writeln!(
        out,
        "{} ({platform}) is {status} with {}",
        style.strong(&node_name),
        node.baseline_name
    );
    let _ = writeln!(
        out,
        "  baseline   {}\n  scanned at {}\n  snapshot   {}",
        snapshot.baseline_id,
        node.now.format("%Y-%m-%dT%H:%M:%SZ"),
        snapshot.snapshot_id
    );
    if let Some(severity) = &summary.non_compliant_severity {
        let _ = writeln!(out, "  severity   {severity}");
    }
    // NotApplicable: the reported count, then what `--not-applicable-limit` left unreported.
    let counts: Vec<String> = PatchState::ALL
        .iter()
        .map(|&state| match state {
            PatchState::NotApplicable => (state.as_str(), summary.not_applicable_count),
            _ => (state.as_str(), summary.count(state)),
        })
        .chain([(
            "UnreportedNotApplicable",
            summary.unreported_not_applicable_count,
        )])
        .filter(|(_, n)| *n > 0)
        .map(|(state, n)| format!("{state} {n}"))
        .collect();
    let _ = writeln!(
        out,
        "  counts     {}",
        if counts.is_empty() {
            "nothing reported".to_owned()
        } else {
            counts.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "  non-compliant: critical {}, security {}, other {}",
        summary.critical_non_compliant_count,
        summary.security_non_compliant_count,
        summary.other_non_compliant_count
    );
    // APT baselines ignore dates (evaluation.md 3.4): no approval instant to report, nothing
    // that matures later — and no need for the explanations and forecast scans.
    let dated = node.scanner.compiled().family() != Some(PackageFamily::Apt);
    if dated && summary.missing_count > 0 {
        if let Some(approved) = oldest_approval(evaluator, node, scan)? {
            let days = (node.now - approved).num_days();
            let _ = writeln!(
                out,
                "  the oldest approved missing patch was approved {days} day{} ago",
                if days == 1 { "" } else { "s" }
            );
        }
    }
    let forecast = if dated {
        Some(evaluator.forecast(&node.inventory, node.now, Duration::days(FORECAST_DAYS))?)
    } else {
        None
    };
    let newly_required: Vec<_> = forecast
        .iter()
        .flat_map(|f| &f.changes)
        .filter(|c| {
            c.to.is_some_and(PatchState::is_non_compliant)
                && !c.from.is_some_and(PatchState::is_non_compliant)
        })
        .collect();
    if let Some(first) = newly_required.first() {
        let at_first = newly_required
            .iter()
            .filter(|c| c.after == first.after)
            .count();
        let _ = writeln!(
            out,
            "  forecast   {} {at_first} more become{} required ({} within {FORECAST_DAYS} days)",
            day(first.after - node.now),
            if at_first == 1 { "s" } else { "" },
            newly_required.len()
        );
    } else {
        let _ = writeln!(
            out,
            "  forecast   no more patches become required within {FORECAST_DAYS} days"
        );
    }
    let rows: Vec<_> = snapshot
        .items
        .iter()
        .filter(|item| snapshot.is_non_compliant(item))
        .collect();
    if !rows.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            style.strong(&format!("Non-compliant patches ({}):", rows.len()))
        );
        let width = rows
            .iter()
            .map(|r| r.id.chars().count())
            .max()
            .unwrap_or(0)
            .min(48);
        for item in rows {
            let detail: Vec<&str> = [item.classification.as_str(), item.severity.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let _ = writeln!(
                out,
                "  {:<width$}  {:<23}  {:<11}  {}{}",
                item.id,
                item.state.as_str(),
                item.compliance_level.as_str(),
                version_of(&item.id, &item.title),
                if detail.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", detail.join(", "))
                }
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_shows_the_version_its_title_adds_to_its_id() {
        assert_eq!(
            version_of("openssl.amd64", "openssl.amd64:3.0.17-1~deb12u2"),
            "3.0.17-1~deb12u2"
        );
        assert_eq!(version_of("jq", "jq.1.7.1"), "1.7.1");
        assert_eq!(
            version_of("KB5039227", "2024-06 Cumulative Update (KB5039227)"),
            "2024-06 Cumulative Update (KB5039227)"
        );
    }
}
