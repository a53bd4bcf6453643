//! The summary flag of the subcommands whose output shows a node's counts (`scan`, `diff`,
//! `fleet`): `--not-applicable-limit`, parsed here once and turned into the
//! [`SummaryOptions`] every summary, saved document and fleet aggregate of the run is computed
//! with.

use patchcore::compliance::SummaryOptions;

/// How the `InstancePatchState` counts are computed.
#[derive(Debug, Default, Clone, Copy, clap::Args)]
pub(crate) struct SummaryArgs {
    /// Report at most N `NotApplicable` patches per node in `NotApplicableCount`; the rest
    /// count in `UnreportedNotApplicableCount` (AWS truncates the per-node report at a limit it
    /// does not publish). Default: unlimited, so `UnreportedNotApplicableCount` is 0.
    #[arg(long, value_name = "N")]
    not_applicable_limit: Option<u64>,
}

impl SummaryArgs {
    /// The options the flag asks for: the default (unlimited) without it.
    pub(crate) fn options(self) -> SummaryOptions {
        self.not_applicable_limit.map_or_else(
            SummaryOptions::default,
            SummaryOptions::with_not_applicable_limit,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_the_flag_the_summary_is_unlimited() {
        assert_eq!(SummaryArgs::default().options(), SummaryOptions::default());
        assert_eq!(SummaryArgs::default().options().not_applicable_limit, None);
    }

    #[test]
    fn the_flag_sets_the_not_applicable_limit() {
        let args = SummaryArgs {
            not_applicable_limit: Some(2),
        };
        assert_eq!(args.options().not_applicable_limit, Some(2));
    }
}
