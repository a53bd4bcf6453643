//! What the ingest benchmarks share: timing a run in wall time and in CPU time.
//!
//! On a loaded machine wall time counts the time a thread waited for a core; the thread's CPU
//! time (Linux `/proc/thread-self/schedstat`) does not, so it is the figure to compare across
//! runs made under different loads.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// CPU time this thread has run, when Linux says (`/proc/thread-self/schedstat`, nanoseconds).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        stat.split_whitespace().next()?.parse().ok()?,
    ))
}

/// Best of `runs` times of `f` over `bytes` bytes, in MB/s: wall time, and CPU time where it
/// can be read.
pub(crate) fn megabytes_per_second(
    bytes: usize,
    runs: usize,
    mut f: impl FnMut() -> usize,
) -> (f64, Option<f64>) {
    let (mut wall, mut cpu) = (Duration::MAX, None::<Duration>);
    for _ in 0..runs {
        let (start, cpu_start) = (Instant::now(), thread_cpu_time());
        black_box(f());
        wall = wall.min(start.elapsed());
        if let (Some(before), Some(after)) = (cpu_start, thread_cpu_time()) {
            let spent = after.saturating_sub(before);
            cpu = Some(cpu.map_or(spent, |best| best.min(spent)));
        }
    }
    let speed = |time: Duration| bytes as f64 / 1e6 / time.as_secs_f64();
    (speed(wall), cpu.map(speed))
}
