//! `patchcore fleet`: many nodes at once — scan every node directory under a directory, or
//! aggregate the saved snapshots in it — in parallel over the cores, and print the fleet
//! summary: compliance per patch group and the patches missing on the most nodes.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use patchcore::compliance::{Fleet, FleetReport, Snapshot};
use rayon::prelude::*;

use crate::failure::{self, Failure};
use crate::input::Inputs;
use crate::output::{Format, Style, emit, emit_json, note};
use crate::summary::SummaryArgs;
use crate::{saved, scan};

const HELP: &str = "\
Each sub-directory of DIR is a node, named by the directory; its files are recognised by name:
  os-release            /etc/os-release
  status, status.d/     dpkg status (Debian, Ubuntu)
  lists/                apt lists directory
  rpm-qa.txt            rpm -qa output
  primary.xml*          repository metadata (any compression); available* : primary.xml or a
                        repoquery / yum / dnf listing
  updateinfo.xml*       update notices (any compression)
  hotfix.txt            Get-HotFix output or a KB list (Windows)
  systeminfo.txt        systeminfo output (Windows)
  msrc*.xml, cvrf*.xml  Microsoft CVRF documents
  sw_vers.txt, MANAGER-installed.txt, MANAGER-available.txt   macOS (MANAGER: brew, brew_cask,
                        installer, softwareupdate)
  patch-group           the node's patch group (one line; else --patch-group)
Every *.json file in DIR is a saved snapshot (scan --format json), aggregated as it is.

Exit status: 0 every node compliant, 1 some node non-compliant, 2 some node or file could not
be read (each such node is one line on stderr; the others are still aggregated).";

/// Scan every node directory under DIR (or aggregate the saved snapshots in it) and print the
/// fleet summary.
#[derive(Debug, clap::Args)]
#[command(after_long_help = HELP)]
pub(crate) struct Args {
    /// The fleet directory.
    dir: PathBuf,
    /// The baseline for every scanned node (default: the AWS default of each node's OS).
    #[arg(long, value_name = "NAME|FILE")]
    baseline: Option<String>,
    /// The evaluation instant of every scanned node, RFC 3339. Default: now.
    #[arg(long, value_name = "RFC3339", value_parser = crate::input::parse_now)]
    now: Option<DateTime<Utc>>,
    /// The patch group of nodes without a `patch-group` file.
    #[arg(long, value_name = "NAME")]
    patch_group: Option<String>,
    /// Write each scanned node's snapshot document to DIR/NODE.json.
    #[arg(long, value_name = "DIR")]
    save: Option<PathBuf>,
    /// How many of the most-missing patches to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output: the readable summary or the JSON aggregate.
    /// With `--not-applicable-limit`, the JSON aggregate's `InstancesWithNotApplicablePatches`
    /// and `InstancesWithUnreportedNotApplicablePatches` count nodes by the limited counts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    summary: SummaryArgs,
}

/// What one node or snapshot file gave.
enum Source {
    Node(PathBuf),
    Saved(PathBuf),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Self::Node(p) | Self::Saved(p) => p,
        }
    }
}

/// Runs `patchcore fleet`.
pub(crate) fn run(args: Args) -> ExitCode {
    failure::run("fleet", args, |args| {
        let now = args.now.unwrap_or_else(crate::input::current_time);
        if let Some(save) = &args.save {
            std::fs::create_dir_all(save)
                .map_err(|e| Failure::new(format!("{}: cannot create: {e}", save.display())))?;
        }
        if ["os-release", "systeminfo.txt", "sw_vers.txt"]
            .iter()
            .any(|name| args.dir.join(name).is_file())
        {
            return Err(Failure::new(format!(
                "{} is one node's directory, not a fleet of them: use patchcore scan --node-dir",
                args.dir.display()
            )));
        }
        let sources = sources(&args.dir)?;
        if sources.is_empty() {
            return Err(Failure::new(format!(
                "{}: no node directory and no saved snapshot (*.json) in it",
                args.dir.display()
            )));
        }
        let progress = Progress::new(sources.len());
        let errors = Mutex::new(Vec::new());
        let options = args.summary.options();
        let fleet = sources
            .par_iter()
            .fold(
                || Fleet::new(options),
                |mut fleet, source| {
                    match snapshot_of(source, &args, now) {
                        Ok(snapshot) => fleet.add(&snapshot),
                        Err(failure) => {
                            let failure = failure.context(source.path().display());
                            if let Ok(mut errors) = errors.lock() {
                                errors.push(failure.to_string());
                            }
                        }
                    }
                    progress.step();
                    fleet
                },
            )
            .reduce(|| Fleet::new(options), Fleet::merged);
        progress.finish();
        let report = fleet.report(args.top);
        match args.format {
            Format::Json => emit_json(&report)?,
            Format::Table => emit(render(&report, Style::for_stdout()))?,
        }
        let mut errors = errors.into_inner().unwrap_or_default();
        errors.sort();
        for error in &errors {
            note(format_args!("patchcore fleet: {error}"));
        }
        Ok(if !errors.is_empty() {
            ExitCode::from(2)
        } else if report.non_compliant_nodes > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        })
    })
}

/// The node directories and saved snapshots of the fleet directory, sorted by name.
fn sources(dir: &Path) -> Result<Vec<Source>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::new(format!("{}: cannot list: {e}", dir.display())))?;
    let mut sources: Vec<Source> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter_map(|path| {
            if path.is_dir() {
                Some(Source::Node(path))
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                Some(Source::Saved(path))
            } else {
                None
            }
        })
        .collect();
    sources.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(sources)
}

/// Scans a node directory (its name is the node id) or reads a saved snapshot.
fn snapshot_of(source: &Source, args: &Args, now: DateTime<Utc>) -> Result<Snapshot, Failure> {
    let dir = match source {
        Source::Saved(path) => return saved::read(path),
        Source::Node(dir) => dir,
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let patch_group = std::fs::read_to_string(dir.join("patch-group"))
        .ok()
        .map(|text| text.trim().to_owned())
        .or_else(|| args.patch_group.clone());
    let inputs = Inputs::for_fleet_node(dir, name.clone(), args.baseline.clone(), now, patch_group);
    let node = inputs.load()?;
    let evaluator = node.evaluator()?;
    let scan = evaluator.scan(&node.inventory, node.now)?;
    let snapshot = scan::record(&node, &scan);
    if let Some(save) = &args.save {
        let path = save.join(format!("{name}.json"));
        std::fs::write(&path, saved::to_json(&snapshot, &args.summary.options()))
            .map_err(|e| Failure::new(format!("{}: cannot write: {e}", path.display())))?;
    }
    Ok(snapshot)
}

/// `[n/N] nodes` on stderr, only when stderr is a terminal.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        Self {
            total,
            done: AtomicUsize::new(0),
            shown: std::io::stderr().is_terminal(),
        }
    }

    fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown {
            let _ = write!(std::io::stderr(), "\r[{done}/{}] nodes", self.total);
        }
    }

    fn finish(&self) {
        if self.shown {
            note("");
        }
    }
}

/// The readable fleet summary.
fn render(report: &FleetReport, style: Style) -> String {
    let mut out = format!(
        "{} nodes: {} compliant, {}\n",
        report.nodes,
        style.good(&report.compliant_nodes.to_string()),
        style.bad(&format!("{} non-compliant", report.non_compliant_nodes)),
    );
    out.push_str(&style.strong("\nPer patch group:\n"));
    out.push_str(&format!(
        "  {:<24} {:>6} {:>8} {:>7} {:>8} {:>9} {:>6}\n",
        "patch group", "nodes", "missing", "failed", "critical", "security", "other"
    ));
    for (group, state) in &report.patch_groups {
        let name = if group.is_empty() { "(none)" } else { group };
        out.push_str(&format!(
            "  {name:<24} {:>6} {:>8} {:>7} {:>8} {:>9} {:>6}\n",
            state.instances,
            state.instances_with_missing_patches,
            state.instances_with_failed_patches,
            state.instances_with_critical_non_compliant_patches,
            state.instances_with_security_non_compliant_patches,
            state.instances_with_other_non_compliant_patches,
        ));
    }
    out.push_str("  (node counts: nodes with at least one such patch)\n");
    if !report.top_missing.is_empty() {
        out.push_str(&style.strong("\nPatches missing on the most nodes:\n"));
        for missing in &report.top_missing {
            out.push_str(&format!("  {:>6}  {}\n", missing.nodes, missing.id));
        }
    }
    if !report.non_compliant_node_ids.is_empty() {
        out.push_str(&format!(
            "\nNon-compliant nodes: {}\n",
            report.non_compliant_node_ids.join(", ")
        ));
    }
    out
}
