//! Custom agent: how a patching agent embeds patchcore for an Install operation.
//!
//! 1. plan the install with `patchcore::rules` (the exact target version of every package the
//!    baseline approves and the node lacks);
//! 2. apply it with the agent's own package-manager calls — simulated here, one of them fails;
//! 3. record the run in the node's install history and take the post-install snapshot
//!    (`Evaluator::after_install`: a target not reached is `Failed`; what was installed without
//!    a reboot is `InstalledPendingReboot`);
//! 4. print the `PutComplianceItems` request an agent uploads to Systems Manager.
//!
//! `cargo run --example custom_agent` (no network, no package manager is called).

use std::process::ExitCode;

use chrono::{DateTime, Duration, Utc};
use patchcore::compliance::aws::{self, PutComplianceItems, TimeFormat};
use patchcore::compliance::{Operation, RebootOption};
use patchcore::rules::facts::{InstalledPackage, PackageRef};
use patchcore::rules::install::{InstallPlan, InstallRun, PlanOutcome, apply_install_run};
use patchcore::{Context, Error, Inventory, Scanner, Snapshot};
use patchcore_examples::{sample, table};

fn main() -> ExitCode {
    patchcore_examples::exit_status("custom_agent", run())
}

fn run() -> Result<(), Error> {
    let node_id = "i-0123456789abcdef0";
    let inventory = sample::inventory()?;
    let catalog = sample::catalog()?;
    let scanner = Scanner::new(&sample::baseline()?)?;
    let started = sample::now();

    // 1. The plan: what an Install run applies now.
    let assessment = scanner.assess(&inventory, &catalog, started)?;
    let plan = assessment
        .evaluator()
        .plan_install(&inventory, started, None, &[])?;
    println!("plan ({} update(s)):", plan.updates.len());
    for update in &plan.updates {
        let from = update.from.as_ref().map(ToString::to_string);
        let to = update.to.as_ref().map(ToString::to_string);
        println!(
            "  {}.{}: {} -> {}{}",
            update.name,
            update.arch,
            from.as_deref().unwrap_or("-"),
            to.as_deref().unwrap_or("-"),
            match &update.outcome {
                PlanOutcome::Install => String::new(),
                PlanOutcome::Blocked { dependency } => format!(" (blocked by {})", dependency.name),
                _ => " (not installed)".to_owned(),
            }
        );
    }

    // 2. Apply it with our own package manager (simulated), without rebooting.
    let finished = started + Duration::minutes(4);
    let mut run = InstallRun::new(RebootOption::NoReboot, false, finished);
    let mut after = apply(&inventory, &plan, &mut run);
    apply_install_run(&mut after, &run);

    // 3. The post-install snapshot: Failed where the target was not reached.
    let snapshot = post_install_snapshot(
        &scanner, &catalog, &after, &plan, node_id, started, finished,
    )?;
    println!();
    print!("{}", table(&snapshot));

    // 4. What the agent uploads: PutComplianceItems for compliance type `Patch`.
    println!();
    print!(
        "{}",
        aws::write(&PutComplianceItems::new(&snapshot, TimeFormat::Iso8601))
    );
    Ok(())
}

/// The simulated package manager: `apt-get install --only-upgrade NAME=VERSION` per planned
/// update. curl's post-install script "fails", so curl stays at its old version. Returns the
/// node's packages after the run and records what was installed in `run`.
fn apply(inventory: &Inventory, plan: &InstallPlan, run: &mut InstallRun) -> Inventory {
    let mut packages: Vec<InstalledPackage> = inventory.packages().to_vec();
    for update in &plan.updates {
        let (PlanOutcome::Install, Some(target)) = (&update.outcome, &update.to) else {
            continue;
        };
        let command = format!(
            "apt-get install --only-upgrade {}:{}={target}",
            update.name, update.arch
        );
        if update.name == "curl" {
            println!(
                "  $ {command}\n    dpkg: error processing package curl (--configure): simulated failure"
            );
            continue;
        }
        println!("  $ {command}");
        for package in &mut packages {
            if package.name == update.name && package.arch == update.arch {
                package.version = target.clone();
            }
        }
        run.installed.push(PackageRef::new(
            update.name.clone(),
            update.arch.clone(),
            target.clone(),
        ));
    }
    let mut after = Inventory::new(
        inventory.operating_system.clone(),
        inventory.product.clone(),
    );
    after.platform_name.clone_from(&inventory.platform_name);
    after
        .platform_version
        .clone_from(&inventory.platform_version);
    after.native_arch.clone_from(&inventory.native_arch);
    after.install = inventory.install.clone();
    after.extend_packages(packages);
    after
}

/// The Install operation's snapshot of the node as it is after the run.
fn post_install_snapshot(
    scanner: &Scanner,
    catalog: &patchcore::Catalog,
    after: &Inventory,
    plan: &InstallPlan,
    node_id: &str,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
) -> Result<Snapshot, Error> {
    let assessment = scanner.assess(after, catalog, finished)?;
    let scan = assessment
        .evaluator()
        .after_install(after, plan, finished)?;
    let mut context = Context::new(node_id, scanner.baseline_id());
    context.baseline_hash = scanner.baseline_hash().to_owned();
    context.operation = Operation::Install;
    context.reboot_option = Some(RebootOption::NoReboot);
    context.operation_start_time = Some(started);
    context.operation_end_time = Some(finished);
    Ok(Snapshot::from_scan(&scan, after, context))
}
