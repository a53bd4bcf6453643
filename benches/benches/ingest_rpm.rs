//! updateinfo.xml parsing throughput: patchcore's reader against quick-xml raw event
//! iteration over the same bytes (the floor: no reader built on quick-xml can be faster), in the
//! same run, with the ratio printed at the end.
//!
//! The input is a synthetic updateinfo.xml generated in memory from a fixed seed: 20,000
//! notices shaped like Amazon Linux and RHEL ones (references, descriptions, one to twelve
//! packages, some module collections), about 40 MB.
//!
//! - `quick-xml-raw-events`: `Reader::read_event_into` over every event, nothing kept;
//! - `patchcore-notices`: [`updateinfo::NoticeReader`], every notice built and dropped;
//! - `patchcore-catalog`: [`updateinfo::parse`], notices collected into an indexed catalog.
//!
//! Run: `cargo bench -p patchcore-benches --bench ingest_rpm` (under a minute).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use patchcore_ingest::updateinfo;
use quick_xml::events::Event;

/// A small deterministic generator (xorshift64*), so every run parses the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One of `items`, chosen uniformly.
    fn pick(&mut self, items: &[&'static str]) -> &'static str {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(i).copied().unwrap_or_default()
    }
}

const NAMES: [&str; 12] = [
    "kernel",
    "openssl",
    "glibc",
    "bash",
    "curl",
    "systemd",
    "python3",
    "vim-minimal",
    "rsyslog",
    "nginx",
    "sudo",
    "libxml2",
];
const SEVERITIES: [&str; 5] = ["critical", "important", "medium", "low", "none"];
const TYPES: [&str; 3] = ["security", "bugfix", "enhancement"];

/// A synthetic updateinfo.xml of `notices` notices.
fn synthetic_updateinfo(seed: u64, notices: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut rng = Rng(seed | 1);
    let mut xml = String::from("<?xml version=\"1.0\" ?>\n<updates>");
    for i in 0..notices {
        let kind = rng.pick(&TYPES);
        let severity = rng.pick(&SEVERITIES);
        let (year, month, day) = (2018 + rng.below(7), 1 + rng.below(12), 1 + rng.below(28));
        let _ = write!(
            xml,
            "<update author=\"linux-security@example.com\" from=\"linux-security@example.com\" status=\"final\" \
             type=\"{kind}\" version=\"1.4\"><id>ALAS2-{year}-{i}</id><title>Amazon Linux 2 - ALAS2-{year}-{i}: \
             {severity} priority package update</title><issued date=\"{year}-{month:02}-{day:02} 12:{:02}\" />\
             <updated date=\"{year}-{month:02}-{day:02} 18:{:02}\" /><severity>{severity}</severity>\
             <description>Package updates are available that fix the following vulnerabilities: CVE-{year}-{}: \
             a flaw was found that allows an attacker to do things &amp; cause a denial of service.</description>\
             <references>",
            rng.below(60),
            rng.below(60),
            rng.below(99_999)
        );
        for _ in 0..=rng.below(4) {
            let cve = rng.below(99_999);
            let _ = write!(
                xml,
                "<reference href=\"https://cve.example.org/CVE-{year}-{cve}\" id=\"CVE-{year}-{cve}\" title=\"\" type=\"cve\" />"
            );
        }
        xml.push_str("</references><pkglist><collection short=\"amazon-linux-2\"><name>Amazon Linux 2</name>");
        if rng.below(10) == 0 {
            let _ = write!(
                xml,
                "<module name=\"{}\" stream=\"{}\" version=\"1\" context=\"abc\" arch=\"x86_64\"/>",
                rng.pick(&NAMES),
                1 + rng.below(3)
            );
        }
        let name = rng.pick(&NAMES);
        let (major, minor, release) = (1 + rng.below(9), rng.below(30), 1 + rng.below(200));
        for sub in 0..=rng.below(12) {
            let _ = write!(
                xml,
                "<package arch=\"x86_64\" epoch=\"{}\" name=\"{name}-sub{sub}\" release=\"{release}.amzn2.0.{}\" \
                 version=\"{major}.{minor}.{}\"><filename>Packages/{name}-sub{sub}-{major}.{minor}-{release}.amzn2.x86_64.rpm</filename></package>",
                rng.below(3),
                rng.below(5),
                rng.below(20)
            );
        }
        xml.push_str("</collection></pkglist></update>");
    }
    xml.push_str("</updates>\n");
    xml.into_bytes()
}

/// quick-xml raw event iteration over `bytes`: the number of events.
fn raw_events(bytes: &[u8]) -> usize {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::with_capacity(4096);
    let mut events = 0;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return events,
            Ok(event) => {
                black_box(&event);
                events += 1;
            }
        }
    }
}

fn notices_only(bytes: &[u8]) -> usize {
    let mut packages = 0;
    for notice in updateinfo::NoticeReader::new(bytes) {
        packages += black_box(notice.map(|n| n.packages.len()).unwrap_or(0));
    }
    packages
}

fn catalog(bytes: &[u8]) -> usize {
    let info = updateinfo::parse(bytes, &updateinfo::Options::default()).unwrap_or_default();
    info.catalog.notices().len()
}

/// Best of `runs` wall times of `f`, in MB/s.
fn megabytes_per_second(bytes: &[u8], runs: usize, f: fn(&[u8]) -> usize) -> f64 {
    let best = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f(black_box(bytes)));
            start.elapsed()
        })
        .min()
        .unwrap_or(Duration::MAX);
    bytes.len() as f64 / 1e6 / best.as_secs_f64()
}

fn main() {
    let bytes = synthetic_updateinfo(0x5eed, 20_000);
    let notices = catalog(&bytes);
    assert_eq!(notices, 20_000, "the synthetic file must parse completely");

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let mut group = criterion.benchmark_group("updateinfo");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("quick-xml-raw-events", |b| {
        b.iter(|| raw_events(black_box(&bytes)));
    });
    group.bench_function("patchcore-notices", |b| {
        b.iter(|| notices_only(black_box(&bytes)));
    });
    group.bench_function("patchcore-catalog", |b| {
        b.iter(|| catalog(black_box(&bytes)));
    });
    group.finish();
    criterion.final_summary();

    // The ratio table, from a few extra runs of each (best of 5).
    println!(
        "\nupdateinfo.xml, {:.1} MB, {notices} notices (best of 5 runs):",
        bytes.len() as f64 / 1e6
    );
    let mut floor = None;
    for (name, f) in [
        (
            "quick-xml raw events (floor)",
            raw_events as fn(&[u8]) -> usize,
        ),
        ("patchcore NoticeReader", notices_only),
        ("patchcore updateinfo::parse", catalog),
    ] {
        let speed = megabytes_per_second(&bytes, 5, f);
        let floor = *floor.get_or_insert(speed);
        println!(
            "  {name:<30} {speed:>8.1} MB/s   {:>5.2}x the floor's time",
            floor / speed
        );
    }
}
