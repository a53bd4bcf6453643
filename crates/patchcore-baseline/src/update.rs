//! `UpdatePatchBaseline` semantics (baseline spec section 2.6): an update request is a
//! [`Baseline`] whose present members replace the stored ones; with `Replace: true`, the members
//! it leaves out are reset.

use crate::model::Baseline;

/// Copies each updatable member from `update` into `target`: when present, or — with `replace` —
/// always (so an absent member resets the stored one).
macro_rules! apply_members {
    ($target:ident, $update:ident, $replace:ident, [$($member:ident),+ $(,)?]) => {
        $(
            if $replace || $update.$member.is_some() {
                $target.$member = $update.$member.clone();
            }
        )+
    };
}

impl Baseline {
    /// The baseline after applying the `UpdatePatchBaseline` request `update` to this stored
    /// baseline. Without `Replace` (or with `Replace: false`) members left out of the request are
    /// unchanged and every member sent replaces the stored one wholesale (lists are not merged);
    /// with `Replace: true` every updatable member left out is reset to absent. `BaselineId`,
    /// `OperatingSystem`, `Tags`, `PatchGroups` and the dates are never changed by an update (the
    /// service sets `ModifiedDate` to its clock; patchcore reads no clock, so the caller does).
    ///
    /// ```
    /// use patchcore_baseline::Baseline;
    ///
    /// let stored: Baseline = serde_json::from_str(
    ///     r#"{"Name": "web", "Description": "old", "ApprovedPatches": ["bash"]}"#).unwrap();
    /// let patch: Baseline = serde_json::from_str(r#"{"Description": "new"}"#).unwrap();
    /// let updated = stored.apply_update(&patch);
    /// assert_eq!(updated.description.as_deref(), Some("new"));
    /// assert_eq!(updated.approved(), ["bash"]);
    ///
    /// let replace: Baseline = serde_json::from_str(r#"{"Name": "web2", "Replace": true}"#).unwrap();
    /// let replaced = stored.apply_update(&replace);
    /// assert_eq!(replaced.name.as_deref(), Some("web2"));
    /// assert_eq!(replaced.description, None);
    /// assert_eq!(replaced.approved_patches, None);
    /// ```
    #[must_use]
    pub fn apply_update(&self, update: &Baseline) -> Baseline {
        let replace = update.replace == Some(true);
        let mut result = self.clone();
        apply_members!(
            result,
            update,
            replace,
            [
                name,
                description,
                global_filters,
                approval_rules,
                approved_patches,
                approved_patches_compliance_level,
                approved_patches_enable_non_security,
                rejected_patches,
                rejected_patches_action,
                sources,
                available_security_updates_compliance_status,
            ]
        );
        result.replace = None;
        result.client_token = None;
        result
    }
}

#[cfg(test)]
mod tests {
    use crate::os::OperatingSystem;

    use super::*;

    fn baseline(json: &str) -> Baseline {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn an_update_never_changes_the_operating_system_id_tags_or_patch_groups() {
        let stored = baseline(
            r#"{"BaselineId": "pb-0123456789abcdef0", "Name": "web", "OperatingSystem": "UBUNTU", "PatchGroups": ["a"], "Tags": [{"Key": "k", "Value": "v"}]}"#,
        );
        let update = baseline(
            r#"{"BaselineId": "pb-0000000000000000f", "OperatingSystem": "WINDOWS", "PatchGroups": [], "Tags": [], "Replace": true, "Name": "web"}"#,
        );
        let updated = stored.apply_update(&update);
        assert_eq!(updated.operating_system, Some(OperatingSystem::Ubuntu));
        assert_eq!(updated.baseline_id.as_deref(), Some("pb-0123456789abcdef0"));
        assert_eq!(updated.patch_groups, Some(vec!["a".to_owned()]));
        assert_eq!(updated.tags, stored.tags);
    }

    #[test]
    fn a_sent_list_replaces_the_stored_one_wholesale() {
        let stored = baseline(r#"{"Name": "web", "RejectedPatches": ["a", "b"]}"#);
        let updated = stored.apply_update(&baseline(r#"{"RejectedPatches": ["c"]}"#));
        assert_eq!(updated.rejected(), ["c"]);
        let emptied = stored.apply_update(&baseline(r#"{"RejectedPatches": []}"#));
        assert_eq!(emptied.rejected_patches, Some(vec![]));
    }

    #[test]
    fn replace_false_behaves_like_no_replace() {
        let stored = baseline(r#"{"Name": "web", "Description": "keep"}"#);
        let updated = stored.apply_update(&baseline(r#"{"Replace": false}"#));
        assert_eq!(updated, stored);
    }
}
