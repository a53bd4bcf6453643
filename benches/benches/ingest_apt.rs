//! apt `Packages` parsing throughput: patchcore-ingest against `deb822-lossless`, the
//! maintained deb822 parser of the Debian Rust ecosystem, on the same bytes in the same run.
//!
//! Input: the largest `Packages` list in `/var/lib/apt/lists` (decompressed), else a seeded
//! synthetic one; cut at a stanza boundary to `INPUT_BYTES` so that the slow peer stays within
//! seconds. Measured:
//!
//! - `patchcore-stanzas`: the borrowing scan, every stanza's Package/Version/Architecture/
//!   Priority/Section/Phased-Update-Percentage as slices (the reader's hot loop);
//! - `patchcore-catalog`: the whole reader, `parse_packages` into an `AptCatalog` (versions
//!   parsed, strings owned, sorted and merged);
//! - `deb822-lossless`: parse the text and read Package, Version and Architecture of every
//!   paragraph.
//!
//! Run: `cargo bench -p patchcore-benches --bench ingest_apt`. The target is at least 500 MB/s
//! for `patchcore-catalog` (whole `Packages` files into the catalog) on one core; the table at
//! the end gives MB/s of each in wall time and in the thread's CPU time (see `support`), the
//! figure to compare when other work shares the machine.

use std::hint::black_box;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use patchcore_ingest::apt;
use patchcore_ingest::compress;
use patchcore_rules::facts::AptOrigin;

mod support;

/// Bytes of input measured (about 20,000 stanzas of a real list).
const INPUT_BYTES: usize = 24 << 20;

/// The largest `Packages` list of this machine, decompressed, or `None`.
fn real_list() -> Option<(String, Vec<u8>)> {
    let dir = Path::new("/var/lib/apt/lists");
    let mut best: Option<(u64, std::path::PathBuf)> = None;
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name().into_string().ok()?;
        if !matches!(apt::list_file(&name), apt::ListFile::Packages { .. }) {
            continue;
        }
        let size = entry.metadata().ok()?.len();
        if best.as_ref().is_none_or(|(s, _)| size > *s) {
            best = Some((size, entry.path()));
        }
    }
    let (_, path) = best?;
    let bytes = compress::read_decompressed(std::fs::File::open(&path).ok()?, 1 << 31).ok()?;
    Some((path.display().to_string(), bytes))
}

/// A seeded synthetic list shaped like Debian's (fields in Debian's order, multi-line
/// descriptions).
fn synthetic_list() -> Vec<u8> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut out = String::new();
    let mut i = 0_u64;
    while out.len() < INPUT_BYTES + (1 << 20) {
        let r = next();
        let arch = if r % 5 == 0 { "all" } else { "amd64" };
        out.push_str(&format!(
            "Package: lib-synthetic{i}\nVersion: {}:{}.{}.{}-{}+deb12u{}\nInstalled-Size: {}\nMaintainer: Synthetic Maintainers <pkg@example.org>\nArchitecture: {arch}\nDepends: libc6 (>= 2.34), zlib1g (>= 1:1.2.0)\nDescription: synthetic package number {i}\n This line continues the description of the package,\n as real descriptions do over several lines.\n .\n A second paragraph.\nHomepage: https://example.org/{i}\nDescription-md5: {:032x}\nTag: role::shared-lib\nSection: libs\nPriority: optional\nFilename: pool/main/l/lib-synthetic{i}/lib-synthetic{i}_{}_amd64.deb\nSize: {}\nMD5sum: {:032x}\nSHA256: {:064x}\n\n",
            r % 3,
            r % 17,
            (r >> 8) % 40,
            (r >> 16) % 9,
            (r >> 24) % 5,
            (r >> 32) % 12,
            (r >> 4) % 100_000,
            u128::from(next()),
            i,
            (r >> 12) % 10_000_000,
            u128::from(next()),
            u128::from(next()),
        ));
        i += 1;
    }
    out.into_bytes()
}

/// `bytes` cut to at most `INPUT_BYTES`, at the end of a stanza.
fn cut(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= INPUT_BYTES {
        return bytes;
    }
    let head = bytes.get(..INPUT_BYTES).unwrap_or(bytes);
    let end = head
        .windows(2)
        .rposition(|w| w == b"\n\n")
        .map_or(head.len(), |i| i + 2);
    head.get(..end).unwrap_or(head)
}

fn patchcore_stanzas(input: &[u8]) -> usize {
    let mut n = 0;
    // The input was checked to parse before measuring (`main`).
    for s in apt::stanzas(input).flatten() {
        n += s.package.len()
            + s.version.len()
            + s.architecture.len()
            + s.section.map_or(0, str::len);
    }
    n
}

fn patchcore_catalog(input: &[u8]) -> usize {
    apt::parse_packages(input, AptOrigin::default(), Some("amd64"))
        .map_or(0, |c| c.versions().len())
}

fn deb822_lossless(text: &str) -> usize {
    let Ok(doc) = deb822_lossless::Deb822::from_str(text) else {
        return 0;
    };
    let mut n = 0;
    for p in doc.paragraphs() {
        n += p.get("Package").map_or(0, |v| v.len())
            + p.get("Version").map_or(0, |v| v.len())
            + p.get("Architecture").map_or(0, |v| v.len());
    }
    n
}

fn main() {
    let (source, owned) = match real_list() {
        Some((path, bytes)) => (path, bytes),
        None => (
            "synthetic list (no /var/lib/apt/lists)".to_owned(),
            synthetic_list(),
        ),
    };
    let input = cut(&owned);
    let (Ok(text), Ok(catalog)) = (
        std::str::from_utf8(input),
        apt::parse_packages(input, AptOrigin::default(), Some("amd64")),
    ) else {
        eprintln!("{source}: not a readable Packages list");
        return;
    };
    println!(
        "input: {} bytes, {} versions, of {source}",
        input.len(),
        catalog.versions().len()
    );

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    {
        let mut group = c.benchmark_group("apt_packages");
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("patchcore-stanzas", |b| {
            b.iter(|| patchcore_stanzas(black_box(input)));
        });
        group.bench_function("patchcore-catalog", |b| {
            b.iter(|| patchcore_catalog(black_box(input)));
        });
        group.bench_function("deb822-lossless", |b| {
            b.iter(|| deb822_lossless(black_box(text)));
        });
        group.finish();
    }
    c.final_summary();

    let stanzas = support::megabytes_per_second(input.len(), 5, || patchcore_stanzas(input));
    let catalog = support::megabytes_per_second(input.len(), 3, || patchcore_catalog(input));
    let lossless = support::megabytes_per_second(input.len(), 2, || deb822_lossless(text));
    println!("\napt Packages throughput (best run, one core; wall time, then CPU time):");
    for (name, (wall, cpu)) in [
        ("patchcore-stanzas", stanzas),
        ("patchcore-catalog", catalog),
        ("deb822-lossless", lossless),
    ] {
        let cpu = match (cpu, lossless.1) {
            (Some(cpu), Some(peer)) => {
                format!("{cpu:8.1} MB/s ({:.1}x deb822-lossless)", cpu / peer)
            }
            _ => "(no cpu time)".to_owned(),
        };
        println!(
            "  {name:<18} {wall:8.1} MB/s ({:.1}x deb822-lossless) | cpu {cpu}",
            wall / lossless.0
        );
    }
}
