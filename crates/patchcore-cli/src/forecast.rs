//! `patchcore forecast`: the dated future changes of a node's states — approvals that mature
//! with `ApproveAfterDays` — and the instant the node turns non-compliant.

use std::process::ExitCode;

use chrono::Duration;
use patchcore::rules::Forecast;

use crate::failure;
use crate::input::Inputs;
use crate::output::{Format, day, emit, emit_json, state_name};

/// Show what changes in the next days if nothing is installed: each row whose state changes,
/// when, and when the node turns non-compliant.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The horizon, in days after `--now`.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(0..=36_500))]
    days: u32,
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Runs `patchcore forecast`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("forecast", args, |args| {
        let node = args.inputs.load()?;
        let evaluator = node.evaluator()?;
        let forecast = evaluator.forecast(
            &node.inventory,
            node.now,
            Duration::days(i64::from(args.days)),
        )?;
        match args.format {
            Format::Json => emit_json(&forecast)?,
            Format::Table => emit(render(&forecast, &node.baseline_name))?,
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The readable forecast: the state now, one line per change, the turning point.
pub(crate) fn render(forecast: &Forecast, baseline: &str) -> String {
    let mut out = format!(
        "{baseline}: {} at {}; forecast until {}\n",
        if forecast.compliant_now {
            "COMPLIANT"
        } else {
            "NON_COMPLIANT"
        },
        forecast.now.format("%Y-%m-%dT%H:%M:%SZ"),
        forecast.until.format("%Y-%m-%dT%H:%M:%SZ"),
    );
    if forecast.changes.is_empty() {
        out.push_str("no state changes within the horizon\n");
    }
    for change in &forecast.changes {
        out.push_str(&format!(
            "after {}  {:<40} {} -> {}  {}\n",
            change.after.format("%Y-%m-%dT%H:%M:%SZ"),
            change.id,
            state_name(change.from),
            state_name(change.to),
            change.title,
        ));
    }
    if let Some(after) = forecast.non_compliant_after {
        out.push_str(&format!(
            "turns NON_COMPLIANT after {} ({})\n",
            after.format("%Y-%m-%dT%H:%M:%SZ"),
            day(after - forecast.now)
        ));
    }
    out
}
