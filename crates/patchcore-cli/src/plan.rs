//! `patchcore plan`: what an Install operation would do — the target version of each package
//! or KB, what `BLOCK` prevents — and the states after it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use patchcore::ingest::override_list;
use patchcore::rules::facts::{InstalledPackage, PackageRef};
use patchcore::rules::install::{
    InstallPlan, InstallRun, OverrideList, PlanOutcome, RebootOption, apply_install_run,
};
use patchcore::rules::{PatchState, Scan};
use serde::Serialize;

use crate::failure::{self, Failure};
use crate::input::{Inputs, Loaded};
use crate::output::{Format, emit, emit_json};

/// Plan an Install operation: the exact target per package or KB, what is blocked, whether it
/// reboots, and the states after the run.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// An Install Override List (YAML `patches: [{id, title}]`): install what it names instead
    /// of what the baseline approves.
    #[arg(long, value_name = "FILE")]
    override_list: Option<PathBuf>,
    /// The run's reboot option.
    #[arg(long, value_enum, default_value_t = Reboot::RebootIfNeeded)]
    reboot_option: Reboot,
    #[command(flatten)]
    inputs: Inputs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

/// `--reboot-option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Reboot {
    /// Reboot when anything was installed or a reboot is pending.
    #[value(name = "RebootIfNeeded")]
    RebootIfNeeded,
    /// Never reboot: installed patches stay pending a reboot.
    #[value(name = "NoReboot")]
    NoReboot,
}

/// The plan and its consequences, as printed with `--format json`.
#[derive(Debug, Serialize)]
struct Outcome<'a> {
    plan: &'a InstallPlan,
    reboots: bool,
    /// Rows per state after the run (states with rows only).
    after: BTreeMap<PatchState, usize>,
}

/// Runs `patchcore plan`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("plan", args, |args| {
        let node = args.inputs.load()?;
        let evaluator = node.evaluator()?;
        let list = match &args.override_list {
            Some(path) => Some(read_override_list(path, &node)?),
            None => None,
        };
        let plan = evaluator.plan_install(&node.inventory, node.now, list.as_ref(), &[])?;
        let option = match args.reboot_option {
            Reboot::RebootIfNeeded => RebootOption::RebootIfNeeded,
            Reboot::NoReboot => RebootOption::NoReboot,
        };
        let reboots = plan.reboots(&node.inventory, option);
        let after_inventory = simulate(&node, &plan, option, reboots);
        let after = evaluator.after_install(&after_inventory, &plan, node.now)?;
        let counts = counts(&after);
        match args.format {
            Format::Json => {
                let outcome = Outcome {
                    plan: &plan,
                    reboots,
                    after: counts,
                };
                emit_json(&outcome)?;
            }
            Format::Table => emit(render(&node, &plan, reboots, &after, &counts))?,
        }
        Ok(ExitCode::SUCCESS)
    })
}

fn read_override_list(path: &PathBuf, node: &Loaded) -> Result<OverrideList, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::new(format!("{}: cannot read: {e}", path.display())))?;
    let list =
        override_list::parse(&bytes).map_err(|e| Failure::from(e).context(path.display()))?;
    let family = node.scanner.compiled().family().ok_or_else(|| {
        Failure::new(format!(
            "no package family for {}",
            node.scanner.compiled().operating_system().as_str()
        ))
    })?;
    Ok(list.compile(family))
}

/// The node as the run leaves it: every planned target installed, the run recorded.
fn simulate(
    node: &Loaded,
    plan: &InstallPlan,
    option: RebootOption,
    reboots: bool,
) -> patchcore::rules::facts::Inventory {
    let mut inventory = node.inventory.clone();
    let mut run = InstallRun::new(option, reboots, node.now);
    for update in plan
        .updates
        .iter()
        .filter(|u| u.outcome == PlanOutcome::Install)
    {
        if let Some(kb) = update.kb {
            run.installed_kbs.push(kb);
        }
        if let Some(to) = &update.to {
            inventory.extend_packages([InstalledPackage::new(
                update.name.clone(),
                update.arch.clone(),
                to.clone(),
            )]);
            run.installed.push(PackageRef::new(
                update.name.clone(),
                update.arch.clone(),
                to.clone(),
            ));
        }
    }
    inventory.extend_kbs(run.installed_kbs.iter().copied());
    apply_install_run(&mut inventory, &run);
    inventory
}

fn counts(scan: &Scan<'_>) -> BTreeMap<PatchState, usize> {
    PatchState::ALL
        .iter()
        .map(|&state| (state, scan.count(state)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

fn render(
    node: &Loaded,
    plan: &InstallPlan,
    reboots: bool,
    after: &Scan<'_>,
    counts: &BTreeMap<PatchState, usize>,
) -> String {
    let source = if plan.override_list {
        "the install override list".to_owned()
    } else {
        format!("baseline {}", node.baseline_name)
    };
    let mut out = format!(
        "Install plan at {} ({source}): {} update{}\n",
        node.now.format("%Y-%m-%dT%H:%M:%SZ"),
        plan.updates.len(),
        if plan.updates.len() == 1 { "" } else { "s" }
    );
    for update in &plan.updates {
        let id = match update.kb {
            Some(kb) => kb.to_string(),
            None => format!("{}.{}", update.name, update.arch),
        };
        let what = match (&update.outcome, &update.from, &update.to) {
            (PlanOutcome::Blocked { dependency }, _, _) => format!(
                "blocked: needs the rejected {}.{} {}",
                dependency.name, dependency.arch, dependency.version
            ),
            (_, Some(from), Some(to)) => format!("{from} -> {to}"),
            (_, None, Some(to)) => format!("install {to}"),
            _ => "install".to_owned(),
        };
        out.push_str(&format!("  {id:<44} {what}\n"));
    }
    out.push_str(if reboots {
        "the run reboots the node\n"
    } else {
        "the run does not reboot the node\n"
    });
    let counts: Vec<String> = counts.iter().map(|(s, n)| format!("{s} {n}")).collect();
    out.push_str(&format!(
        "after the run: {} ({})\n",
        if after.is_compliant() {
            "COMPLIANT"
        } else {
            "NON_COMPLIANT"
        },
        counts.join(", ")
    ));
    for row in after
        .rows()
        .iter()
        .filter(|r| after.is_row_non_compliant(r))
    {
        out.push_str(&format!("  {:<44} {}\n", row.id().to_string(), row.state));
    }
    out
}
