//! The high-level entry point: a baseline compiled once ([`Scanner`]), applied to one node's
//! facts at one instant ([`Assessment`]) — the snapshot, and explain and forecast beside it.

use chrono::{DateTime, Duration, Utc};
use patchcore_baseline::{Baseline, CompiledBaseline};
use patchcore_compliance::{Context, Snapshot};
use patchcore_rules::facts::{Catalog, Inventory};
use patchcore_rules::{Evaluator, Explanation, Forecast};

use crate::Error;

/// A patch baseline compiled once, ready to assess any number of nodes (`Send + Sync`).
///
/// It remembers what every snapshot records about the baseline: its `BaselineId` (the
/// baseline's id — the ARN for an AWS-managed one — else its name) and its hash
/// ([`patchcore_compliance::baseline_hash`]), so a result names exactly the baseline it came
/// from.
///
/// ```
/// use patchcore::{Scanner, baseline::catalog};
///
/// let scanner = Scanner::new(&catalog::by_name("AWS-UbuntuDefaultPatchBaseline")?)?;
/// assert!(scanner.baseline_id().starts_with("arn:aws:ssm:"));
/// assert_eq!(scanner.baseline_hash().len(), 64);
/// # Ok::<(), patchcore::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scanner {
    compiled: CompiledBaseline,
    baseline_id: String,
    baseline_hash: String,
}

impl Scanner {
    /// Compiles `baseline` (patterns, filter sets, indexes).
    ///
    /// # Errors
    /// [`Error::Baseline`] when the baseline is invalid (the error carries the validation
    /// report: `patchcore_baseline::Error::report`).
    pub fn new(baseline: &Baseline) -> Result<Self, Error> {
        Ok(Self {
            compiled: baseline.compile()?,
            baseline_id: baseline
                .baseline_id
                .clone()
                .or_else(|| baseline.name.clone())
                .unwrap_or_default(),
            baseline_hash: patchcore_compliance::baseline_hash(baseline),
        })
    }

    /// The `BaselineId` snapshots record: the baseline's id, else its name, else empty.
    pub fn baseline_id(&self) -> &str {
        &self.baseline_id
    }

    /// The SHA-256 of the baseline ([`patchcore_compliance::baseline_hash`]).
    pub fn baseline_hash(&self) -> &str {
        &self.baseline_hash
    }

    /// The compiled baseline, for the lower-level API of [`crate::rules`].
    pub fn compiled(&self) -> &CompiledBaseline {
        &self.compiled
    }

    /// Assesses the node whose installed software is `inventory`, against what its
    /// repositories (or Microsoft's catalog) offer, `catalog`, at `now`. Nothing is evaluated
    /// yet: the returned value gives the snapshot, the explanation of any row and the
    /// forecast. For a fleet that shares one catalog, see `patchcore_rules::Evaluator::prepare`.
    ///
    /// # Errors
    /// [`Error::Rules`] when the baseline's operating system has no package family.
    pub fn assess<'a>(
        &'a self,
        inventory: &'a Inventory,
        catalog: &'a Catalog,
        now: DateTime<Utc>,
    ) -> Result<Assessment<'a>, Error> {
        let mut context = Context::new(String::new(), self.baseline_id.clone());
        context.baseline_hash.clone_from(&self.baseline_hash);
        Ok(Assessment {
            evaluator: Evaluator::new(&self.compiled, catalog)?,
            inventory,
            now,
            context,
        })
    }
}

/// One node assessed against one baseline at one instant: [`snapshot`](Self::snapshot) is the
/// compliance record, [`explain`](Self::explain) says why a row has its state, and
/// [`forecast`](Self::forecast) what changes in the days ahead. Made by [`Scanner::assess`].
#[derive(Debug)]
pub struct Assessment<'a> {
    evaluator: Evaluator<'a>,
    inventory: &'a Inventory,
    now: DateTime<Utc>,
    context: Context,
}

impl<'a> Assessment<'a> {
    /// The same assessment recorded in `context` (node id, patch group, snapshot id,
    /// operation…). An empty `baseline_id` or `baseline_hash` in `context` is filled from the
    /// [`Scanner`].
    ///
    /// ```
    /// # use patchcore::{Scanner, Inventory, Catalog, Context, baseline::catalog, OperatingSystem};
    /// # use chrono::{TimeZone, Utc};
    /// # let scanner = Scanner::new(&catalog::by_name("AWS-DebianDefaultPatchBaseline")?)?;
    /// # let inventory = Inventory::new(OperatingSystem::Debian, "Debian12");
    /// # let catalog = Catalog::default();
    /// # let now = Utc.with_ymd_and_hms(2026, 1, 5, 12, 0, 0).unwrap();
    /// let mut context = Context::new("i-0123456789abcdef0", "");
    /// context.patch_group = "web".into();
    /// let snapshot = scanner.assess(&inventory, &catalog, now)?.with_context(context).snapshot()?;
    /// assert_eq!(snapshot.node_id, "i-0123456789abcdef0");
    /// assert_eq!(snapshot.baseline_id, scanner.baseline_id());
    /// assert_eq!(snapshot.patch_group, "web");
    /// # Ok::<(), patchcore::Error>(())
    /// ```
    #[must_use]
    pub fn with_context(mut self, mut context: Context) -> Self {
        if context.baseline_id.is_empty() {
            context.baseline_id = std::mem::take(&mut self.context.baseline_id);
        }
        if context.baseline_hash.is_empty() {
            context.baseline_hash = std::mem::take(&mut self.context.baseline_hash);
        }
        self.context = context;
        self
    }

    /// The context snapshots are recorded in.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// The instant of the assessment.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The evaluator, for the lower-level API of [`crate::rules`]: install plans
    /// (`plan_install`, `after_install`), effective patches, scans at other instants.
    pub fn evaluator(&self) -> &Evaluator<'a> {
        &self.evaluator
    }

    /// The compliance snapshot of a Scan: every reported row with its state, from which
    /// [`Snapshot::summary`] counts the `InstancePatchState` numbers.
    ///
    /// # Errors
    /// [`Error::Rules`] when the node's operating system is not the baseline's, or an installed
    /// version is of the wrong scheme.
    pub fn snapshot(&self) -> Result<Snapshot, Error> {
        let scan = self.evaluator.scan(self.inventory, self.now)?;
        Ok(Snapshot::from_scan(
            &scan,
            self.inventory,
            self.context.clone(),
        ))
    }

    /// Why the package `name.arch` (`name` on macOS) or the update `KB…` has its state: every
    /// candidate version, every test and its outcome.
    ///
    /// # Errors
    /// As [`snapshot`](Self::snapshot).
    pub fn explain(&self, id: &str) -> Result<Explanation, Error> {
        Ok(self.evaluator.explain(self.inventory, id, self.now)?)
    }

    /// Every dated change of the rows within `days` days, and when the node turns
    /// `NON_COMPLIANT` if nothing is installed meanwhile.
    ///
    /// # Errors
    /// As [`snapshot`](Self::snapshot).
    pub fn forecast(&self, days: u32) -> Result<Forecast, Error> {
        let horizon = Duration::days(i64::from(days));
        Ok(self.evaluator.forecast(self.inventory, self.now, horizon)?)
    }
}
