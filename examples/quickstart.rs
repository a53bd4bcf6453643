//! Quickstart: one node, one baseline, one catalog → a compliance snapshot, printed as a table;
//! then why one package is missing, and what the next week brings.
//!
//! `cargo run --example quickstart` (no network: the node's files are embedded, see
//! `examples/data/ubuntu-jammy/`).

use std::process::ExitCode;

use patchcore::{Context, Error, Scanner};
use patchcore_examples::{sample, table};

fn main() -> ExitCode {
    patchcore_examples::exit_status("quickstart", run())
}

fn run() -> Result<(), Error> {
    // The node: its dpkg status and os-release; what its apt lists offer; the baseline.
    let inventory = sample::inventory()?;
    let catalog = sample::catalog()?;
    let baseline = sample::baseline()?;
    println!(
        "node: {} ({} packages installed); baseline: {}",
        inventory.product,
        inventory.packages().len(),
        patchcore::baseline::catalog::summary(&baseline),
    );

    // Compile the baseline once; assess the node at a fixed instant.
    let scanner = Scanner::new(&baseline)?;
    let assessment = scanner
        .assess(&inventory, &catalog, sample::now())?
        .with_context(Context::new("i-0123456789abcdef0", ""));
    let snapshot = assessment.snapshot()?;
    println!();
    print!("{}", table(&snapshot));

    // Why is openssl missing? Every candidate version, every test.
    println!();
    println!("{}", assessment.explain("openssl.amd64")?);

    // APT has no release dates, so nothing changes by waiting: the forecast is empty.
    let forecast = assessment.forecast(7)?;
    println!(
        "forecast over 7 days: {} change(s); compliant now: {}",
        forecast.changes.len(),
        forecast.compliant_now
    );
    Ok(())
}
