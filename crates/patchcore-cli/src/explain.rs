//! `patchcore explain`: why one package or update got its state — every candidate version,
//! every list entry, filter, date test and gate tested, and the outcome.

use std::process::ExitCode;

use patchcore::rules::Explanation;

use crate::failure::{self, Failure};
use crate::input::{Inputs, Loaded};
use crate::output::{Format, emit, emit_json};

/// Explain the decision for one package (`name.arch`, or a bare name) or update (`KB…`).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// `name.arch` (`openssl.amd64`), a bare package name (every installed architecture), a
    /// macOS package name, or a Windows `KB…`.
    id: String,
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// Runs `patchcore explain`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("explain", args, |args| {
        let node = args.inputs.load()?;
        let explanations = explain(&node, &args.id)?;
        match args.format {
            Format::Json => emit_json(&explanations)?,
            Format::Table => {
                for explanation in &explanations {
                    emit(format!("{explanation}\n"))?;
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// The explanation of `id`; a bare name is explained for each installed architecture (or the
/// node's native one when it is not installed).
fn explain(node: &Loaded, id: &str) -> Result<Vec<Explanation>, Failure> {
    let evaluator = node.evaluator()?;
    let first = evaluator.explain(&node.inventory, id, node.now)?;
    let known = first.state.is_some() || !first.candidates.is_empty();
    if known || id.contains('.') {
        return Ok(vec![first]);
    }
    let mut arches: Vec<&str> = node
        .inventory
        .installed_named(id)
        .iter()
        .map(|p| p.arch.as_str())
        .collect();
    arches.dedup();
    if arches.is_empty() {
        arches.extend(node.inventory.native_arch.as_deref());
    }
    if arches.is_empty() {
        return Ok(vec![first]);
    }
    arches
        .into_iter()
        .map(|arch| Ok(evaluator.explain(&node.inventory, &format!("{id}.{arch}"), node.now)?))
        .collect()
}
