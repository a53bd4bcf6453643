//! The `patchcore` command.
//!
//! Each subcommand lives in its own module with an `Args` struct (its clap arguments, whose doc
//! comment is the subcommand's help) and a `run(Args) -> ExitCode` function. Adding a subcommand
//! is its `mod` line and one line in the `subcommands!` list below. (The `mod` lines stay outside
//! the macro so that rustfmt, which does not look inside macro calls, formats the modules.)
//!
//! Exit codes, shared by every subcommand: 0 success, 1 an I/O failure, 2 a usage error or an
//! invalid input (clap itself exits 2 on usage errors).
//!
//! ```text
//! $ patchcore compare --scheme rpm 1:1.0~rc1-1 1:1.0-1
//! 1:1.0~rc1-1 < 1:1.0-1
//! ```

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod baseline;
mod compare;

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
