//! `patchcore report`: the CSV compliance reports (compliance.md section 5) from saved
//! snapshots — one node's report (summary and detail, in one file or two), or the all-nodes
//! summary.
//!
//! No `--not-applicable-limit` here (scan, diff and fleet have it): no column of these reports
//! shows a `NotApplicable` count (compliance.md 5.1, 5.2), so the limit could change nothing.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use patchcore::compliance::{NodeReport, NodeSummary, write_all_nodes_report};

use crate::failure::{self, Failure};
use crate::output::written;
use crate::saved;

/// Write CSV compliance reports from saved snapshots (`scan --format json`). One snapshot: its
/// single-node report (summary part, blank line, detail part) on stdout, or in two files with
/// `--summary`/`--detail`. Several snapshots, a directory of them, or `--all-nodes`: the
/// all-nodes summary report, one row per node.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Saved snapshots, or directories whose `*.json` files are.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Write the all-nodes report even for one snapshot.
    #[arg(long)]
    all_nodes: bool,
    /// Single-node two-file mode: write the summary part here.
    #[arg(long, value_name = "FILE", requires = "detail")]
    summary: Option<PathBuf>,
    /// Single-node two-file mode: write the detail part here.
    #[arg(long, value_name = "FILE", requires = "summary")]
    detail: Option<PathBuf>,
    /// The `Instance name` column of a single-node report (the EC2 `Name` tag, which a
    /// snapshot does not know).
    #[arg(long, value_name = "NAME", default_value = "")]
    instance_name: String,
}

/// Runs `patchcore report`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("report", args, |args| {
        let mut files = Vec::new();
        for input in &args.inputs {
            if input.is_dir() {
                files.extend(saved::json_files(input)?);
            } else {
                files.push(input.clone());
            }
        }
        let stdout = std::io::stdout();
        match files.as_slice() {
            [one] if !args.all_nodes => {
                let snapshot = saved::read(one)?;
                let report = NodeReport::new(&snapshot).with_instance_name(&args.instance_name);
                match (&args.summary, &args.detail) {
                    (Some(summary), Some(detail)) => {
                        write_file(summary, |out| report.write_summary(out))?;
                        write_file(detail, |out| report.write_detail(out))?;
                    }
                    _ => written(report.write_single_file(stdout.lock()))?,
                }
            }
            _ => {
                if args.summary.is_some() {
                    return Err(Failure::new(
                        "--summary and --detail write one node's report: give one snapshot",
                    ));
                }
                // One snapshot in memory at a time: each is read, summarised, dropped.
                let mut rows = Vec::with_capacity(files.len());
                for file in &files {
                    let snapshot = saved::read(file)?;
                    rows.push(NodeSummary::new(&snapshot));
                }
                written(write_all_nodes_report(BufWriter::new(stdout.lock()), rows))?;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn write_file(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::new(format!("{}: cannot write: {e}", path.display()));
    let mut out = BufWriter::new(File::create(path).map_err(fail)?);
    write(&mut out).map_err(fail)?;
    out.flush().map_err(fail)
}
