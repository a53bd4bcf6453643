//! `patchcore diff`: what changed between two saved snapshots of one node — per patch the
//! state transition, every summary count that moved, and the status and severity.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::failure::{self, Failure};
use crate::output::{Format, emit, emit_json};
use crate::saved;
use crate::summary::SummaryArgs;

/// Compare two saved snapshots (`scan --format json`) of the same node. Exit status 0 when
/// nothing changed, 1 when something did, 2 on an error.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The earlier snapshot.
    old: PathBuf,
    /// The later snapshot.
    new: PathBuf,
    /// Output: one line per change, or the JSON form.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    summary: SummaryArgs,
}

/// Runs `patchcore diff`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("diff", args, |args| {
        let (old, new) = (saved::read(&args.old)?, saved::read(&args.new)?);
        let change = patchcore::compliance::diff_with(&old, &new, &args.summary.options())
            .map_err(|e| Failure::new(e.to_string()))?;
        match args.format {
            Format::Json => emit_json(&change)?,
            Format::Table if change.is_empty() => emit("no changes\n")?,
            Format::Table => emit(format!("{change}\n"))?,
        }
        Ok(if change.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        })
    })
}
