//! Every AWS shape reader of patchcore-compliance on any bytes: reading never panics, errors
//! are one short line, and whatever reads is written as text that reads back and is written
//! again identically (the first write normalises times to UTC); the conversions to snapshot
//! rows and summaries never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use patchcore_compliance::aws::{
    self, ComplianceItem, DeployablePatchSnapshot, DescribeAvailablePatchesResponse,
    DescribeEffectivePatchesForPatchBaselineResponse, DescribeInstancePatchStatesResponse,
    DescribeInstancePatchesResponse, InstancePatchState, ListComplianceItemsResponse,
    ListComplianceSummariesResponse, ListResourceComplianceSummariesResponse, Patch,
    PatchComplianceData, PatchSummaryItem, PutComplianceItems, Shape, TimeFormat,
};
use patchcore_compliance::PatchGroupState;

/// Reads `data` as `T`; when it reads, checks that writing is stable and returns the value.
fn check<T: Shape>(data: &[u8]) -> Option<T> {
    match aws::read::<T>(data) {
        Ok(value) => {
            let first = aws::write(&value);
            let again: T = aws::read(&first)
                .unwrap_or_else(|error| panic!("{}: written text does not read back: {error}\n{first}", T::NAME));
            assert_eq!(aws::write(&again), first, "{}: writing is not stable", T::NAME);
            Some(value)
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "one-line error: {message}");
            assert!(message.len() < 2048, "short error: {} bytes", message.len());
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(state) = check::<InstancePatchState>(data) {
        let _ = state.summary();
    }
    if let Some(states) = check::<DescribeInstancePatchStatesResponse>(data) {
        for state in &states.instance_patch_states {
            let _ = state.summary();
        }
    }
    if let Some(row) = check::<PatchComplianceData>(data) {
        let item = row.to_item();
        let again = PatchComplianceData::from_item(&item, TimeFormat::EpochSeconds).to_item();
        assert_eq!(again, item, "row round trip");
    }
    if let Some(rows) = check::<DescribeInstancePatchesResponse>(data) {
        for row in &rows.patches {
            let _ = row.to_item();
        }
    }
    if let Some(item) = check::<PatchSummaryItem>(data) {
        let _ = item.content_hash_matches();
    }
    if let Some(request) = check::<PutComplianceItems>(data) {
        let _ = ComplianceItem::from_request(&request);
    }
    check::<ComplianceItem>(data);
    check::<ListComplianceItemsResponse>(data);
    check::<ListComplianceSummariesResponse>(data);
    check::<ListResourceComplianceSummariesResponse>(data);
    check::<Patch>(data);
    check::<DescribeAvailablePatchesResponse>(data);
    check::<DescribeEffectivePatchesForPatchBaselineResponse>(data);
    check::<PatchGroupState>(data);
    check::<DeployablePatchSnapshot>(data);
});
