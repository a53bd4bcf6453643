//! updateinfo.xml and primary.xml parsing throughput: patchcore's readers against quick-xml raw
//! event iteration over the same bytes (the floor: no reader built on quick-xml's buffered
//! reader can be faster), in the same run, with the ratios printed at the end.
//!
//! The inputs are generated in memory from a fixed seed: an updateinfo.xml of 20,000 notices
//! shaped like Amazon Linux and RHEL ones (references, descriptions, one to twelve packages,
//! some module collections), about 40 MB; a primary.xml of 30,000 packages shaped like a RHEL
//! `repodata/` one (checksums, descriptions, a `<format>` block of provides, requires and
//! files), about 50 MB.
//!
//! - `quick-xml-raw-events`: `Reader::read_event_into` over every event, nothing kept;
//! - `patchcore-notices`: [`updateinfo::NoticeReader`], the streaming reader (events copied
//!   through its buffer), every notice built and dropped;
//! - `patchcore-catalog`: [`updateinfo::parse`], the reader of a whole file (events borrowed
//!   from the bytes), notices collected into an indexed catalog and dropped;
//! - `patchcore-primary`: [`primary::parse`], offered packages collected into a catalog.
//!
//! The tables at the end give the best of 5 runs in wall time and in the thread's CPU time
//! (Linux `/proc/thread-self/schedstat`, which leaves out the time the thread waited for a
//! core): on a loaded machine the CPU-time column is the one to compare across runs.
//!
//! Run: `cargo bench -p patchcore-benches --bench ingest_rpm` (about a minute).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use patchcore_ingest::{primary, updateinfo};
use quick_xml::events::Event;

mod support;

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

/// A synthetic primary.xml of `packages` packages.
fn synthetic_primary(seed: u64, packages: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut rng = Rng(seed | 1);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata xmlns=\"http://linux.duke.edu/metadata/common\" \
         xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\" packages=\"{packages}\">\n"
    );
    for i in 0..packages {
        let name = format!("{}-part{i}", rng.pick(&NAMES));
        let arch = if rng.below(4) == 0 {
            "noarch"
        } else {
            "x86_64"
        };
        let (major, minor, release) = (1 + rng.below(9), rng.below(30), 1 + rng.below(200));
        let build = 1_600_000_000 + rng.below(100_000_000);
        let _ = write!(
            xml,
            "<package type=\"rpm\"><name>{name}</name><arch>{arch}</arch>\
             <version epoch=\"{}\" ver=\"{major}.{minor}\" rel=\"{release}.el9\"/>\
             <checksum type=\"sha256\" pkgid=\"YES\">{:016x}{:016x}{:016x}{:016x}</checksum>\
             <summary>The {name} package</summary><description>This package provides {name}, \
             a component built for the synthetic benchmark &amp; nothing else.</description>\
             <packager>Synthetic Build System &lt;build@example.org&gt;</packager>\
             <url>https://example.org/{name}</url><time file=\"{}\" build=\"{build}\"/>\
             <size package=\"{}\" installed=\"{}\" archive=\"{}\"/>\
             <location href=\"Packages/{name}-{major}.{minor}-{release}.el9.{arch}.rpm\"/>\
             <format><rpm:license>MIT</rpm:license><rpm:vendor>Example</rpm:vendor>\
             <rpm:group>Unspecified</rpm:group><rpm:buildhost>builder.example.org</rpm:buildhost>\
             <rpm:sourcerpm>{name}-{major}.{minor}-{release}.el9.src.rpm</rpm:sourcerpm>\
             <rpm:header-range start=\"4504\" end=\"{}\"/><rpm:provides>",
            rng.below(3),
            rng.next(),
            rng.next(),
            rng.next(),
            rng.next(),
            build + 100,
            rng.below(10_000_000),
            rng.below(40_000_000),
            rng.below(40_000_000),
            5000 + rng.below(100_000),
        );
        for p in 0..=rng.below(3) {
            let _ = write!(
                xml,
                "<rpm:entry name=\"{name}-cap{p}\" flags=\"EQ\" epoch=\"0\" ver=\"{major}.{minor}\" rel=\"{release}.el9\"/>"
            );
        }
        xml.push_str("</rpm:provides><rpm:requires>");
        for _ in 0..=rng.below(8) {
            let _ = write!(
                xml,
                "<rpm:entry name=\"lib{}.so.{}()(64bit)\"/>",
                rng.pick(&NAMES),
                rng.below(4)
            );
        }
        let _ = writeln!(
            xml,
            "</rpm:requires><file>/usr/bin/{name}</file><file>/usr/share/doc/{name}/README</file>\
             </format></package>"
        );
    }
    xml.push_str("</metadata>\n");
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

fn offered(bytes: &[u8]) -> usize {
    primary::parse(bytes, &primary::Options::default()).map_or(0, |c| c.packages().len())
}

/// A reader measured: its name and what it runs over the bytes.
type Reader<'a> = (&'a str, fn(&[u8]) -> usize);

/// Prints the best of 5 runs of each reader, the first being the floor.
fn ratio_table(title: &str, bytes: &[u8], readers: &[Reader<'_>]) {
    println!(
        "\n{title}, {:.1} MB (best of 5 runs; wall time, then CPU time):",
        bytes.len() as f64 / 1e6
    );
    let mut floor = None;
    for (name, f) in readers {
        let (wall, cpu) = support::megabytes_per_second(bytes.len(), 5, || f(black_box(bytes)));
        let (floor_wall, floor_cpu) = *floor.get_or_insert((wall, cpu));
        let cpu = match (cpu, floor_cpu) {
            (Some(cpu), Some(floor)) => format!("{cpu:>8.1} MB/s {:>5.2}x", floor / cpu),
            _ => "(no cpu time)".to_owned(),
        };
        println!(
            "  {name:<30} {wall:>8.1} MB/s {:>5.2}x the floor's time | cpu {cpu}",
            floor_wall / wall
        );
    }
}

fn main() {
    let bytes = synthetic_updateinfo(0x5eed, 20_000);
    let notices = catalog(&bytes);
    assert_eq!(notices, 20_000, "the synthetic file must parse completely");
    let repodata = synthetic_primary(0x5eed, 30_000);
    assert_eq!(
        offered(&repodata),
        30_000,
        "the synthetic primary.xml must parse completely"
    );

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
    let mut group = criterion.benchmark_group("primary");
    group.throughput(Throughput::Bytes(repodata.len() as u64));
    group.bench_function("quick-xml-raw-events", |b| {
        b.iter(|| raw_events(black_box(&repodata)));
    });
    group.bench_function("patchcore-primary", |b| {
        b.iter(|| offered(black_box(&repodata)));
    });
    group.finish();
    criterion.final_summary();

    let floor: Reader<'_> = ("quick-xml raw events (floor)", raw_events);
    ratio_table(
        &format!("updateinfo.xml, {notices} notices"),
        &bytes,
        &[
            floor,
            ("patchcore NoticeReader", notices_only),
            ("patchcore updateinfo::parse", catalog),
        ],
    );
    ratio_table(
        "primary.xml, 30000 packages",
        &repodata,
        &[floor, ("patchcore primary::parse", offered)],
    );
}
