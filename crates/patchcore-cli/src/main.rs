//! The `patchcore` command.
//!
//! Each subcommand lives in its own module with an `Args` struct (its clap arguments, whose doc
//! comment is the subcommand's help) and a `run(Args) -> ExitCode` function. Adding a subcommand
//! is its `mod` line and one line in the `subcommands!` list below. (The `mod` lines stay outside
//! the macro so that rustfmt, which does not look inside macro calls, formats the modules.)
//!
//! Shared by the subcommands: `input` (the node and baseline flags of scan, explain, forecast
//! and plan, and their one loader), `failure` (the one way an error is reported: one line on
//! stderr, exit status 2), `output` (format flag, colour only on a terminal), `saved` (the
//! saved-snapshot document that diff, report and fleet read), `summary` (`--not-applicable-limit`,
//! the one flag of scan, diff and fleet that sets how their summaries are computed).
//!
//! Exit codes: 2 is always an error (an unreadable or invalid input, a usage error — clap exits
//! 2 too). Otherwise 0, except where a subcommand's answer is a verdict: `scan` and `fleet` exit
//! 1 when non-compliant, `diff` when the snapshots differ, `baseline validate` when a baseline
//! has errors.
//!
//! ```text
//! $ patchcore compare --scheme rpm 1:1.0~rc1-1 1:1.0-1
//! 1:1.0~rc1-1 < 1:1.0-1
//! $ patchcore scan --baseline AWS-DebianDefaultPatchBaseline
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod baseline;
mod compare;
mod diff;
mod explain;
mod failure;
mod fleet;
mod forecast;
mod input;
mod output;
mod plan;
mod report;
mod saved;
mod scan;
mod summary;

/// Declares the clap enum that selects a subcommand module, and the dispatch to its `run`.
macro_rules! subcommands {
    ($($module:ident => $variant:ident),* $(,)?) => {
        #[derive(Debug, Subcommand)]
        enum Command {
            $($variant($module::Args),)*
        }

        impl Command {
            fn run(self) -> ExitCode {
                match self {
                    $(Self::$variant(args) => $module::run(args),)*
                }
            }
        }
    };
}

subcommands! {
    compare => Compare,
    baseline => Baseline,
    explain => Explain,
    forecast => Forecast,
    plan => Plan,
    scan => Scan,
    diff => Diff,
    report => Report,
    fleet => Fleet,
}

/// patchcore: exact version comparison and AWS Patch Manager baseline evaluation, offline.
#[derive(Debug, Parser)]
#[command(name = "patchcore", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    Cli::parse().command.run()
}
