//! Saved snapshots: the JSON document `scan --format json` writes and `diff`, `report` and
//! `fleet` read (`patchcore::compliance::write_document` / `read_document`), and the CSV report
//! of one snapshot.

use std::path::Path;

use patchcore::compliance::{NodeReport, Snapshot, SummaryOptions, read_document, write_document};

use crate::failure::Failure;

/// The saved-snapshot JSON document of `snapshot`, its counts computed with `options`.
pub(crate) fn to_json(snapshot: &Snapshot, options: &SummaryOptions) -> String {
    write_document(snapshot, options)
}

/// The single-node CSV report in one file: summary part, blank line, detail part. No column
/// shows a `NotApplicable` count (compliance.md 5.1), so it takes no `SummaryOptions`.
pub(crate) fn to_csv(snapshot: &Snapshot) -> Result<String, Failure> {
    let mut out = Vec::new();
    NodeReport::new(snapshot)
        .write_single_file(&mut out)
        .map_err(|e| Failure::new(format!("cannot write the report: {e}")))?;
    String::from_utf8(out).map_err(|e| Failure::new(format!("report is not UTF-8: {e}")))
}

/// Reads a saved snapshot; errors name the file.
pub(crate) fn read(path: &Path) -> Result<Snapshot, Failure> {
    let file = std::fs::File::open(path)
        .map_err(|e| Failure::new(format!("{}: cannot read: {e}", path.display())))?;
    read_document(std::io::BufReader::new(file))
        .map_err(|e| Failure::new(e.to_string()).context(path.display()))
}

/// The `*.json` files of a directory, sorted by name.
pub(crate) fn json_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::new(format!("{}: cannot list: {e}", dir.display())))?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        })
        .collect();
    files.sort();
    Ok(files)
}
