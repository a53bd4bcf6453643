//! The inputs scan, explain, forecast and plan share: the node's files (or the local machine),
//! the baseline, the evaluation instant and the snapshot context — one set of flags, one
//! loader.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, SubsecRound, Utc};
use patchcore::Scanner;
use patchcore::baseline::wire::{self, Document, Format};
use patchcore::baseline::{Baseline, OperatingSystem, PackageFamily, catalog};
use patchcore::ingest::node::NodeFiles;
use patchcore::ingest::{rpm_qa, rpm_text};
use patchcore::rules::Evaluator;
use patchcore::rules::facts::{Catalog, Inventory, RpmCatalog};

use crate::failure::Failure;

/// The node and baseline flags. Without any node flag, the machine patchcore runs on is read.
#[derive(Debug, Default, clap::Args)]
pub(crate) struct Inputs {
    /// A directory in the fleet layout (`os-release`, `status`, `lists/`, `rpm-qa.txt`,
    /// `primary.xml*`, `updateinfo.xml*`, `hotfix.txt`, `systeminfo.txt`, …); flags below add to it.
    #[arg(long, value_name = "DIR", help_heading = "Node")]
    node_dir: Option<PathBuf>,
    /// Scan the machine whose root file system is DIR (a mounted image, a container's root)
    /// instead of `/`: its standard paths, and `rpm --root DIR` on RPM systems.
    #[arg(
        long,
        value_name = "DIR",
        help_heading = "Node",
        conflicts_with = "node_dir"
    )]
    root: Option<PathBuf>,
    /// `/etc/os-release` of the node.
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    os_release: Option<PathBuf>,
    /// dpkg status file (`/var/lib/dpkg/status`).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    dpkg_status: Option<PathBuf>,
    /// apt lists directory (`/var/lib/apt/lists`).
    #[arg(long, value_name = "DIR", help_heading = "Node")]
    apt_lists: Option<PathBuf>,
    /// `rpm -qa` output (plain or `--queryformat '%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH}\n'`).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    rpm_qa: Option<PathBuf>,
    /// `updateinfo.xml` in any compression (repeatable).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    updateinfo: Vec<PathBuf>,
    /// What the repositories offer: `primary.xml` in any compression, or a repoquery / yum /
    /// dnf listing — detected (repeatable).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    available: Vec<PathBuf>,
    /// `Get-HotFix` output or a plain KB list (Windows).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    hotfix: Option<PathBuf>,
    /// `systeminfo` output (Windows).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    systeminfo: Option<PathBuf>,
    /// Microsoft CVRF security update document (repeatable).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    msrc: Vec<PathBuf>,
    /// `sw_vers` output (macOS).
    #[arg(long, value_name = "FILE", help_heading = "Node")]
    sw_vers: Option<PathBuf>,
    /// The baseline: a predefined name (AWS-UbuntuDefaultPatchBaseline) or a file (AWS JSON,
    /// a `BaselineOverride` array, a `CloudFormation` template in JSON or YAML). Default: the AWS
    /// default baseline of the node's operating system.
    #[arg(long, value_name = "NAME|FILE", help_heading = "Evaluation")]
    baseline: Option<String>,
    /// The evaluation instant, RFC 3339 (2024-06-20T12:00:00Z). Default: now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now, help_heading = "Evaluation")]
    now: Option<DateTime<Utc>>,
    /// The node id (`InstanceId`). Default: the host name for the local machine, else empty.
    #[arg(long, value_name = "ID", help_heading = "Evaluation")]
    node_id: Option<String>,
    /// The node's patch group.
    #[arg(long, value_name = "NAME", help_heading = "Evaluation")]
    patch_group: Option<String>,
    /// The snapshot id. Default: a UUID v5 derived from the inputs.
    #[arg(long, value_name = "UUID", help_heading = "Evaluation")]
    snapshot_id: Option<String>,
}

/// The default evaluation instant (no `--now`): the current time in whole seconds, so that
/// `OperationStartTime` reads like AWS's `2024-06-20T12:00:00Z`, without nanoseconds.
pub(crate) fn current_time() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now()).trunc_subsecs(0)
}

pub(crate) fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!("invalid time {text:?}: {e} (expected RFC 3339, 2024-06-20T12:00:00Z)")
        })
}

/// A node read and a baseline chosen: everything an evaluation needs.
#[derive(Debug)]
pub(crate) struct Loaded {
    /// What is installed, and who the node is.
    pub(crate) inventory: Inventory,
    /// What is available.
    pub(crate) catalog: Catalog,
    /// The baseline, compiled, with the `BaselineId` (its id — the ARN for a predefined one —
    /// else its name) and hash that snapshots record.
    pub(crate) scanner: Scanner,
    /// The baseline's name, else its id.
    pub(crate) baseline_name: String,
    /// The evaluation instant.
    pub(crate) now: DateTime<Utc>,
    /// `InstanceId`.
    pub(crate) node_id: String,
    /// The patch group.
    pub(crate) patch_group: String,
    /// `--snapshot-id`, when given.
    pub(crate) snapshot_id: Option<String>,
}

impl Loaded {
    /// The evaluator of this node's baseline over its catalog.
    pub(crate) fn evaluator(&self) -> Result<Evaluator<'_>, Failure> {
        Ok(Evaluator::new(self.scanner.compiled(), &self.catalog)?)
    }
}

impl Inputs {
    /// Inputs for one node directory of a fleet: its files, its name as node id, the
    /// fleet's baseline, instant and patch group.
    pub(crate) fn for_fleet_node(
        dir: &Path,
        node_id: String,
        baseline: Option<String>,
        now: DateTime<Utc>,
        patch_group: Option<String>,
    ) -> Self {
        Self {
            node_dir: Some(dir.to_path_buf()),
            node_id: Some(node_id),
            baseline,
            now: Some(now),
            patch_group,
            ..Self::default()
        }
    }

    /// The evaluation instant: `--now`, else the current time.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(current_time)
    }

    /// The node's files: `--node-dir` plus each file flag, or the local machine when none.
    fn node_files(&self) -> Result<(NodeFiles, bool), Failure> {
        let mut files = match &self.node_dir {
            Some(dir) => NodeFiles::from_dir(dir)?,
            None => NodeFiles::default(),
        };
        let set = |slot: &mut Option<PathBuf>, flag: &Option<PathBuf>| {
            if flag.is_some() {
                slot.clone_from(flag);
            }
        };
        set(&mut files.os_release, &self.os_release);
        set(&mut files.dpkg_status, &self.dpkg_status);
        set(&mut files.apt_lists, &self.apt_lists);
        set(&mut files.rpm_qa, &self.rpm_qa);
        set(&mut files.hotfix, &self.hotfix);
        set(&mut files.systeminfo, &self.systeminfo);
        set(&mut files.sw_vers, &self.sw_vers);
        files.updateinfo.extend(self.updateinfo.iter().cloned());
        files.available.extend(self.available.iter().cloned());
        files.msrc.extend(self.msrc.iter().cloned());
        if files.is_empty() && self.node_dir.is_none() {
            return Ok((local_machine(self.root())?, true));
        }
        Ok((files, false))
    }

    /// The root of the local machine: `--root`, else `/`.
    fn root(&self) -> &Path {
        self.root.as_deref().unwrap_or(Path::new("/"))
    }

    /// Reads the node and chooses the baseline.
    pub(crate) fn load(&self) -> Result<Loaded, Failure> {
        let (files, local) = self.node_files()?;
        let (mut inventory, mut catalog) = files.load()?;
        if local && is_rpm(&inventory.operating_system) {
            inventory.merge(local_rpm_packages(self.root())?);
            if files.available.is_empty() {
                catalog.rpm = catalog.rpm.merge(local_rpm_available(self.root())?);
            }
        }
        let baseline = self.choose_baseline(&inventory.operating_system)?;
        let scanner = Scanner::new(&baseline).map_err(|e| {
            Failure::from(e).context(format_args!("--baseline {}", self.shown_baseline()))
        })?;
        let baseline_name = baseline
            .name
            .unwrap_or_else(|| scanner.baseline_id().to_owned());
        let node_id = match (&self.node_id, local) {
            (Some(id), _) => id.clone(),
            (None, true) => host_name(self.root()),
            (None, false) => String::new(),
        };
        Ok(Loaded {
            inventory,
            catalog,
            scanner,
            baseline_name,
            now: self.now(),
            node_id,
            patch_group: self.patch_group.clone().unwrap_or_default(),
            snapshot_id: self.snapshot_id.clone(),
        })
    }

    /// How the baseline was given: the `--baseline` value, or `(default)`.
    fn shown_baseline(&self) -> &str {
        self.baseline.as_deref().unwrap_or("(default)")
    }

    /// `--baseline` (a file, else a predefined name), or the node's default.
    fn choose_baseline(&self, os: &OperatingSystem) -> Result<Baseline, Failure> {
        let Some(wanted) = &self.baseline else {
            return catalog::default_for(os).ok_or_else(|| {
                Failure::new(format!(
                    "no default baseline for operating system {}",
                    os.as_str()
                ))
            });
        };
        let path = Path::new(wanted);
        let baseline = if path.is_file() {
            baseline_from_file(path, os)?
        } else {
            catalog::by_name(wanted)
                .map_err(|e| Failure::new(format!("--baseline {wanted}: no such file, and {e}")))?
        };
        let baseline_os = baseline.operating_system();
        if baseline_os != *os {
            return Err(Failure::new(format!(
                "baseline {wanted} is for {}, the node runs {}",
                baseline_os.as_str(),
                os.as_str()
            )));
        }
        Ok(baseline)
    }
}

/// The largest baseline file read (AWS caps a `CloudFormation` template at 1 MB).
const MAX_BASELINE_BYTES: u64 = 16 << 20;

/// The baseline of a file: the one baseline, or the one for `os` in an override array or a
/// stack template.
fn baseline_from_file(path: &Path, os: &OperatingSystem) -> Result<Baseline, Failure> {
    let shown = path.display();
    let cannot_read = |e: std::io::Error| Failure::new(format!("{shown}: cannot read: {e}"));
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|file| file.take(MAX_BASELINE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_BASELINE_BYTES {
        return Err(Failure::new(format!(
            "{shown}: larger than {MAX_BASELINE_BYTES} bytes: not a baseline document"
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| Failure::new(format!("{shown}: not UTF-8 text")))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let document = Format::detect(&name, &text)
        .and_then(|format| wire::read(&text, format))
        .map_err(|e| Failure::from(e).context(&shown))?;
    let candidates: Vec<Baseline> = match document {
        Document::Baseline(baseline) => return Ok(*baseline),
        Document::Override(list) => list,
        Document::CloudFormation(template) => {
            template.resources.into_iter().map(|r| r.baseline).collect()
        }
        Document::Listing(identities) => {
            return Err(Failure::new(format!(
                "{shown}: not a baseline: a describe-patch-baselines listing of {} baseline identities",
                identities.len()
            )));
        }
        _ => return Err(Failure::new(format!("{shown}: not a baseline document"))),
    };
    candidates
        .into_iter()
        .find(|b| b.operating_system() == *os)
        .ok_or_else(|| {
            Failure::new(format!(
                "{shown}: no baseline for operating system {}",
                os.as_str()
            ))
        })
}

fn is_rpm(os: &OperatingSystem) -> bool {
    matches!(
        os.family(),
        Some(PackageFamily::YumDnf | PackageFamily::Zypper)
    )
}

/// The machine patchcore runs on, or why it cannot be scanned.
fn local_machine(root: &Path) -> Result<NodeFiles, Failure> {
    let files = NodeFiles::under_root(root);
    if files.os_release.is_none() {
        return Err(Failure::new(format!(
            "unsupported machine: {} not found (patchcore scans the Linux machine it runs on; \
             give the node's files with --os-release, --systeminfo, --node-dir …)",
            root.join("etc/os-release").display()
        )));
    }
    Ok(files)
}

/// Runs `program args…` and gives its standard output, or a failure naming the command.
fn run_tool(program: &str, args: &[&str]) -> Result<Vec<u8>, Failure> {
    let shown = format!("{program} {}", args.first().copied().unwrap_or_default());
    let output = Command::new(program)
        .args(args)
        .env("LC_ALL", "C")
        .output()
        .map_err(|e| Failure::new(format!("cannot run {shown}: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Failure::new(format!(
            "{shown} failed ({}): {}",
            output.status,
            patchcore::ingest::truncate(stderr.trim())
        )));
    }
    Ok(output.stdout)
}

/// The installed packages of this RPM machine: `rpm -qa` with a query format the reader knows.
fn local_rpm_packages(root: &Path) -> Result<Inventory, Failure> {
    let root = root.to_string_lossy();
    let output = run_tool(
        "rpm",
        &[
            "-qa",
            "--root",
            &root,
            "--queryformat",
            "%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH} %{INSTALLTIME}\\n",
        ],
    )?;
    rpm_qa::parse(&output).map_err(|e| Failure::from(e).context("rpm -qa output"))
}

/// What the repositories of this RPM machine offer when no `primary.xml` is cached (yum on
/// Amazon Linux 2 caches `primary.sqlite`, which patchcore does not read): the read-only
/// `repoquery` of dnf or yum-utils, from the cache only (`-C`, no network).
fn local_rpm_available(root: &Path) -> Result<RpmCatalog, Failure> {
    const FORMAT: &str = "%{name} %{epoch} %{version} %{release} %{arch} %{repoid}\\n";
    let root = root.to_string_lossy();
    let query = ["-C", "-q", "--installroot", &root, "--queryformat", FORMAT];
    let output = run_tool("dnf", &[&["repoquery"][..], &query].concat())
        .or_else(|_| run_tool("repoquery", &[&["-a"][..], &query].concat()))
        .map_err(|e| {
            e.context("no primary.xml in /var/cache/dnf or /var/cache/yum, and repoquery")
        })?;
    rpm_text::parse(&output).map_err(|e| Failure::from(e).context("repoquery output"))
}

/// The host name (`/proc/sys/kernel/hostname`, else `/etc/hostname`; below another root only
/// the latter), empty when unknown.
fn host_name(root: &Path) -> String {
    let kernel = (root == Path::new("/")).then_some(Path::new("/proc/sys/kernel/hostname"));
    kernel
        .into_iter()
        .chain([root.join("etc/hostname").as_path()])
        .find_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let name = text.trim();
            (!name.is_empty()).then(|| name.to_owned())
        })
        .unwrap_or_default()
}
