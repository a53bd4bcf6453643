//! When the answer will change: the dated list of future state changes implied by the facts
//! already known (issue 4 item 6).
//!
//! Only `ApproveAfterDays` waits depend on the clock (`ApproveUntilDate` does not), so the
//! changes happen at the boundaries `B = T_patch + days × 24 h` of candidates that a rule would
//! approve but for their date — of installed packages (their rows change) and of packages not
//! installed (the `NotApplicable` count changes). The test is strict: at `B` the old answer
//! holds; at any later instant the new one. Each boundary within the horizon is evaluated once,
//! as a whole Scan just after it, and the rows compared with the previous answer.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::error::Error;
use crate::evaluate::{Evaluator, Scan};
use crate::facts::Inventory;
use crate::state::PatchState;

/// One future change of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ForecastChange {
    /// The boundary: the old answer holds at this instant, the new one at any later instant.
    pub after: DateTime<Utc>,
    /// The row's Id (`name.arch`, `KB…`).
    pub id: String,
    /// The state before (`None`: not reported).
    pub from: Option<PatchState>,
    /// The state after (`None`: not reported).
    pub to: Option<PatchState>,
    /// The Title after the change.
    pub title: String,
}

/// A future change of the node's `NotApplicable` count: on Linux and macOS a package that is
/// not installed is counted, never listed, once some version of it is approved — so a
/// boundary can change the count without changing any row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NotApplicableChange {
    /// The boundary: the old count holds at this instant, the new one at any later instant.
    pub after: DateTime<Utc>,
    /// The count before ([`Scan::count`] of `NotApplicable`).
    pub from: usize,
    /// The count after.
    pub to: usize,
}

/// The forecast for one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Forecast {
    /// The evaluation instant the forecast starts from.
    pub now: DateTime<Utc>,
    /// The end of the horizon.
    pub until: DateTime<Utc>,
    /// Every change, by boundary then Id.
    pub changes: Vec<ForecastChange>,
    /// Every change of the `NotApplicable` count, by boundary (it includes packages that are
    /// counted but not listed, which `changes` cannot show).
    pub not_applicable_changes: Vec<NotApplicableChange>,
    /// Whether the node is compliant at `now`.
    pub compliant_now: bool,
    /// The first boundary after which the node is `NON_COMPLIANT` if nothing is installed
    /// (`None`: it is non-compliant already, or stays compliant within the horizon).
    pub non_compliant_after: Option<DateTime<Utc>>,
}

/// The smallest step after a boundary at which the new answer is evaluated.
const EPSILON: Duration = Duration::nanoseconds(1);

impl Evaluator<'_> {
    /// Every future change of `inventory`'s rows within `horizon` after `now`, and the first
    /// instant after which the node turns `NON_COMPLIANT`.
    ///
    /// # Errors
    /// As [`Evaluator::scan`].
    pub fn forecast(
        &self,
        inventory: &Inventory,
        now: DateTime<Utc>,
        horizon: Duration,
    ) -> Result<Forecast, Error> {
        let until = now
            .checked_add_signed(horizon)
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        let mut boundaries = self.boundaries(inventory, now)?;
        // A boundary at `now` itself still changes the answer just after `now`.
        boundaries.retain(|b| *b >= now && *b <= until);
        boundaries.sort_unstable();
        boundaries.dedup();
        let mut previous = self.scan(inventory, now)?;
        let compliant_now = previous.is_compliant();
        let mut forecast = Forecast {
            now,
            until,
            changes: Vec::new(),
            not_applicable_changes: Vec::new(),
            compliant_now,
            non_compliant_after: None,
        };
        let mut compliant = compliant_now;
        for boundary in boundaries {
            let next = self.scan(
                inventory,
                boundary.checked_add_signed(EPSILON).unwrap_or(boundary),
            )?;
            diff(&previous, &next, boundary, &mut forecast.changes);
            let from = previous.count(PatchState::NotApplicable);
            let to = next.count(PatchState::NotApplicable);
            if from != to {
                forecast.not_applicable_changes.push(NotApplicableChange {
                    after: boundary,
                    from,
                    to,
                });
            }
            if compliant && !next.is_compliant() {
                forecast.non_compliant_after = Some(boundary);
                compliant = false;
            }
            previous = next;
        }
        Ok(forecast)
    }
}

fn diff(old: &Scan<'_>, new: &Scan<'_>, at: DateTime<Utc>, out: &mut Vec<ForecastChange>) {
    let ids = |scan: &Scan<'_>| -> Vec<(String, PatchState, String)> {
        scan.rows()
            .iter()
            .map(|r| (r.id().to_string(), r.state, r.title().to_string()))
            .collect()
    };
    let (old, new) = (ids(old), ids(new));
    let mut keys: Vec<&String> = old.iter().chain(&new).map(|(id, _, _)| id).collect();
    keys.sort();
    keys.dedup();
    for id in keys {
        let before = old.iter().find(|(i, _, _)| i == id);
        let after = new.iter().find(|(i, _, _)| i == id);
        let changed = match (before, after) {
            (Some(a), Some(b)) => a.1 != b.1 || a.2 != b.2,
            (None, None) => false,
            _ => true,
        };
        if changed {
            out.push(ForecastChange {
                after: at,
                id: id.clone(),
                from: before.map(|b| b.1),
                to: after.map(|a| a.1),
                title: after.or(before).map(|r| r.2.clone()).unwrap_or_default(),
            });
        }
    }
}
